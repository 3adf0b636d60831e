"""Checking a catalogue's YAML: every problem at once, located by file, line and column (see `yamlcheck`).

A person editing their own catalogue sees every mistake in one go.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from backrehab.catalogue.model import Catalogue, CatalogueError, Caution, Exercise, HoldSource, Posture, Source
from backrehab.catalogue.yamlcheck import MAX_REPS, Problem, clip, compose
from backrehab.figures.check import FigureChecks


def parse_catalogue(text: str, *, label: str = "<catalogue>", path: Path | None = None) -> Catalogue:
    """Validate catalogue text; `label` names the file in problem messages."""
    root, problems = compose(text, label)
    if root is None:
        raise CatalogueError(problems or [Problem(label, None, None, "the catalogue is empty")])
    checker = _CatalogueChecker(label)
    catalogue = checker.catalogue(root, path)
    problems += checker.problems
    if problems or catalogue is None:
        raise CatalogueError(problems)
    return catalogue


# The keys of a catalogue and of an exercise; `required` keys must be present.
TOP_KEYS = {"source", "advice", "pain_advice", "exercises"}
EXERCISE_KEYS = {
    "id",
    "name",
    "posture",
    "position",
    "steps",
    "hold_seconds",
    "hold_source",
    "build_up_to_seconds",
    "reps",
    "per_side",
    "side_label",
    "breathing_reminder",
    "progression",
    "cautions",
    "notes",
    "figure",
}
EXERCISE_REQUIRED = ("id", "name", "posture", "position", "steps", "hold_seconds", "reps")
CAUTION_KEYS = {"text", "confirm"}
SOURCE_KEYS = {"title", "publisher"}


class _CatalogueChecker(FigureChecks):
    """Builds a `Catalogue` from the node tree, collecting every problem."""

    def catalogue(self, root: Any, path: Path | None) -> Catalogue | None:
        self.scan_tags(root)
        top = self.mapping(root, None, TOP_KEYS)
        if top is None:
            return None
        if "exercises" not in top:
            self.fail(root, None, "missing key 'exercises' (the list of exercises)")
            return None
        advice = self.texts(top["advice"][1], "advice") if "advice" in top else ()
        pain = self.text(top["pain_advice"][1], "pain_advice", optional=True) if "pain_advice" in top else None
        source = self.source(top["source"][1]) if "source" in top else None
        items = self.sequence(top["exercises"][1], "exercises")
        if items is None:
            return None
        if not items:
            self.fail(top["exercises"][1], "exercises", "must list at least one exercise")
        exercises: list[Exercise] = []
        seen: dict[str, int] = {}
        for index, item in enumerate(items):
            exercise = self.exercise(item, index, seen)
            if exercise is not None:
                exercises.append(exercise)
        return Catalogue(
            exercises=tuple(exercises),
            advice=advice or (),
            pain_advice=pain,
            source=source,
            path=path,
        )

    def source(self, node: Any) -> Source | None:
        entries = self.mapping(node, "source", SOURCE_KEYS)
        if entries is None:
            return None
        if set(entries) != SOURCE_KEYS:
            missing = ", ".join(sorted(SOURCE_KEYS - set(entries)))
            self.fail(node, "source", f"missing key(s): {missing}")
            return None
        title = self.text(entries["title"][1], "source.title")
        publisher = self.text(entries["publisher"][1], "source.publisher")
        return Source(title, publisher) if title and publisher else None

    def exercise(self, node: Any, index: int, seen: dict[str, int]) -> Exercise | None:
        where = f"exercises[{index + 1}]"
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == "id" and isinstance(value_node, yaml.ScalarNode) and value_node.value:
                    where = str(value_node.value)
                    break
        entries = self.mapping(node, where, EXERCISE_KEYS)
        if entries is None:
            return None
        before = len(self.problems)
        for key in EXERCISE_REQUIRED:
            if key not in entries:
                self.fail(node, where, f"missing key '{key}'")

        def get(key: str, parse: Callable[[Any, str], Any], default: Any = None) -> Any:
            if key not in entries:
                return default
            return parse(entries[key][1], f"{where}.{key}")

        ex_id = get("id", self.text)
        if ex_id is not None:
            if not _is_slug(ex_id):
                self.fail(
                    entries["id"][1], f"{where}.id", f"must be lowercase words joined by '-', got '{clip(ex_id)}'"
                )
            elif ex_id in seen:
                self.fail(entries["id"][1], f"{where}.id", f"duplicate id '{ex_id}' (first on line {seen[ex_id]})")
            else:
                seen[ex_id] = entries["id"][1].start_mark.line + 1
        hold = get("hold_seconds", self.positive_int)
        build_up = get("build_up_to_seconds", lambda n, w: self.positive_int(n, w, optional=True))
        if hold is not None and build_up is not None and build_up < hold:
            self.fail(
                entries["build_up_to_seconds"][1],
                f"{where}.build_up_to_seconds",
                f"must not be below hold_seconds ({hold}), got {build_up}",
            )
        per_side = get("per_side", self.boolean, False)
        side_label = get("side_label", lambda n, w: self.text(n, w, optional=True))
        if per_side and side_label is None and "side_label" not in entries:
            side_label = "side"
        values = {
            "id": ex_id,
            "name": get("name", self.text),
            "posture": get("posture", lambda n, w: self.choice(n, w, Posture)),
            "position": get("position", self.text),
            "steps": get("steps", self.texts),
            "hold_seconds": hold,
            "hold_source": get("hold_source", lambda n, w: self.choice(n, w, HoldSource), HoldSource.SOURCE),
            "build_up_to_seconds": build_up,
            "reps": get("reps", lambda n, w: self.positive_int(n, w, maximum=MAX_REPS, limit="a generous session")),
            "per_side": per_side,
            "side_label": side_label if per_side else None,
            "breathing_reminder": get("breathing_reminder", self.boolean, False),
            "progression": get("progression", lambda n, w: self.text(n, w, optional=True)),
            "cautions": get("cautions", self.cautions, ()),
            "notes": get("notes", self.texts, ()),
        }
        posture = values["posture"].value if values["posture"] else None
        values["figure"] = get("figure", lambda n, w: self.figure(n, w, posture))
        if values["steps"] == ():
            self.fail(entries["steps"][1], f"{where}.steps", "must list at least one step")
        if len(self.problems) > before:
            return None
        return Exercise(**values)

    def cautions(self, node: Any, where: str) -> tuple[Caution, ...] | None:
        items = self.sequence(node, where)
        if items is None:
            return None
        out: list[Caution] = []
        for i, item in enumerate(items):
            at = f"{where}[{i + 1}]"
            entries = self.mapping(item, at, CAUTION_KEYS)
            if entries is None:
                continue
            if "text" not in entries:
                self.fail(item, at, "missing key 'text'")
                continue
            text = self.text(entries["text"][1], f"{at}.text")
            confirm = self.boolean(entries["confirm"][1], f"{at}.confirm") if "confirm" in entries else False
            if text is not None and confirm is not None:
                out.append(Caution(text=text, confirm=confirm))
        return tuple(out)


def _is_slug(value: str) -> bool:
    parts = value.split("-")
    return all(p and p.isascii() and p.isalnum() and p == p.lower() for p in parts)
