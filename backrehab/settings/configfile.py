"""The user's config file: session defaults and named routines, validated like the catalogue.

The file is optional. Every setting left out falls back to the built-in default,
and options given on the command line win over the file.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from backrehab.catalogue.yamlcheck import (
    MAX_REPS,
    InputError,
    NodeChecker,
    Problem,
    compose,
    read_text,
    unreadable,
)
from backrehab.settings.defaults import DisplayMode
from backrehab.userdirs import ENV_CONFIG, config_path


@dataclass(frozen=True)
class RoutineEntry:
    """One exercise of a routine, optionally with its own reps or hold."""

    id: str
    reps: int | None = None
    hold_seconds: int | None = None
    #: Where the entry stands in the config file, for "did you mean" messages.
    line: int | None = None
    column: int | None = None


@dataclass(frozen=True)
class Routine:
    """A named list of exercises from the config file, each with its own reps or hold if given."""

    name: str
    entries: tuple[RoutineEntry, ...]


@dataclass(frozen=True)
class Config:
    """Settings from the file; None means "not set here"."""

    voice: bool | None = None
    voice_name: str | None = None
    sound: bool | None = None
    display: DisplayMode | None = None
    rest: float | None = None
    lead_in: float | None = None
    countdown: int | None = None
    #: Sessions a week the person and their physiotherapist agreed on: what `report` measures adherence against.
    weekly_goal: int | None = None
    keep_screen_on: bool | None = None
    routines: Mapping[str, Routine] = field(default_factory=dict)
    path: Path | None = None


class ConfigError(InputError):
    """Every problem found in the config file."""


#: Every key of the config file, with what it means (shown by `config show` and docs/settings.md).
SETTINGS = {
    "voice": "speak the session aloud (true/false)",
    "voice_name": "the speech engine's voice, e.g. en-gb",
    "sound": "sound cues at the start and end of holds (true/false)",
    "display": "big, compact or plain",
    "rest": "seconds of rest between reps",
    "lead_in": "seconds to get into position before an exercise",
    "countdown": "how many of a hold's last seconds are spoken (0 to 10)",
    "weekly_goal": "sessions a week to aim for, shown against each week in `report` (1 to 50)",
    "keep_screen_on": "keep the screen from blanking while a session runs (true/false)",
    "routines": "named lists of exercise ids",
}
MAX_SECONDS = 3600.0
#: Seven days of seven sessions, and a little more: any goal beyond is a typo.
MAX_WEEKLY_GOAL = 50


def load_config(path: Path | None = None) -> Config:
    """Read the config file; a bad one is a `ConfigError`.

    The usual file may be missing (an empty config); a file named with --config or
    BACKREHAB_CONFIG must exist, since a typo in its name would otherwise pass unseen.
    """
    named = path is not None or bool(os.environ.get(ENV_CONFIG))
    path = path or config_path()
    try:
        exists = path.exists()
    except OSError as error:  # a folder this user cannot enter (made by another user, or chmod 000)
        raise ConfigError([unreadable(error, str(path), "config")]) from None
    if not exists:
        if named:
            raise ConfigError([Problem(str(path), None, None, "no such config file")])
        return Config(path=path)
    text, problems = read_text(path, str(path), "config")
    if text is None:
        raise ConfigError(problems)
    return parse_config(text, label=str(path), path=path)


def parse_config(text: str, *, label: str = "<config>", path: Path | None = None) -> Config:
    root, problems = compose(text, label)
    if root is None and not problems:
        return Config(path=path)  # an empty file sets nothing
    if root is None:
        raise ConfigError(problems)
    checker = _ConfigChecker(label)
    config = checker.config(root, path)
    if checker.problems or config is None:
        raise ConfigError(checker.problems)
    return config


class _ConfigChecker(NodeChecker):
    def config(self, root: Any, path: Path | None) -> Config | None:
        self.scan_tags(root)
        entries = self.mapping(root, None, set(SETTINGS))
        if entries is None:
            return None
        values: dict[str, Any] = {}
        checks: dict[str, Callable[[Any, str], Any]] = {
            "voice": self.boolean,
            "sound": self.boolean,
            "voice_name": self.text,
            "display": lambda n, w: self.choice(n, w, DisplayMode),
            "rest": lambda n, w: self.number(n, w, maximum=MAX_SECONDS),
            "lead_in": lambda n, w: self.number(n, w, maximum=MAX_SECONDS),
            "countdown": lambda n, w: self.whole(n, w, low=0, high=10),
            "weekly_goal": lambda n, w: self.whole(n, w, low=1, high=MAX_WEEKLY_GOAL),
            "keep_screen_on": self.boolean,
            "routines": self.routines,
        }
        before = len(self.problems)
        for key, (_, node) in entries.items():
            values[key] = checks[key](node, key)
        if len(self.problems) > before:
            return None
        return Config(path=path, **values)

    def routines(self, node: Any, where: str) -> dict[str, Routine] | None:
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, where, "must map routine names to lists of exercise ids")
            return None
        out: dict[str, Routine] = {}
        lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            name = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(name, str) or not name.strip():
                self.fail(key_node, where, "routine names must be plain words")
                continue
            if not self.plain(key_node, where, what="a routine name "):
                continue
            at = f"{where}.{name}"
            if name in lines:
                self.fail(key_node, at, f"routine given twice (first on line {lines[name]})")
                continue
            lines[name] = key_node.start_mark.line + 1
            items = self.sequence(value_node, at)
            if items is None:
                continue
            if not items:
                self.fail(value_node, at, "must list at least one exercise")
                continue
            entries = [self.routine_entry(item, f"{at}[{i + 1}]") for i, item in enumerate(items)]
            if all(e is not None for e in entries):
                out[name] = Routine(name, tuple(e for e in entries if e is not None))
        return out

    def routine_entry(self, node: Any, where: str) -> RoutineEntry | None:
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        if isinstance(node, yaml.ScalarNode):
            ex_id = self.text(node, where)
            return RoutineEntry(ex_id, line=line, column=column) if ex_id else None
        entries = self.mapping(node, where, {"id", "reps", "hold_seconds"})
        if entries is None:
            return None
        if "id" not in entries:
            self.fail(node, where, "missing key 'id'")
            return None
        ex_id = self.text(entries["id"][1], f"{where}.id")
        reps = (
            self.positive_int(entries["reps"][1], f"{where}.reps", maximum=MAX_REPS, limit="a generous session")
            if "reps" in entries
            else None
        )
        hold = (
            self.positive_int(entries["hold_seconds"][1], f"{where}.hold_seconds")
            if "hold_seconds" in entries
            else None
        )
        if ex_id is None:
            return None
        return RoutineEntry(ex_id, reps=reps, hold_seconds=hold, line=line, column=column)


def describe(config: Config) -> list[tuple[str, str]]:
    """The settings the file sets, as (key, value) text pairs."""
    out: list[tuple[str, str]] = []
    for key in SETTINGS:
        value = getattr(config, key)
        if key == "routines":
            for name, routine in config.routines.items():
                out.append((f"routines.{name}", ", ".join(e.id for e in routine.entries)))
        elif value is not None:
            out.append((key, value.value if isinstance(value, enum.Enum) else _text(value)))
    return out


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


__all__ = ["Config", "ConfigError", "DisplayMode", "Problem", "Routine", "RoutineEntry", "config_path", "load_config"]
