"""Named routines from the config file, checked against the catalogue and turned into plan options.

The config file is read without the catalogue (it may name a custom one), so a
routine's ids can only be checked here, once both are loaded. Problems carry
the config file's line and column, like every other input problem.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .catalogue import Catalogue
from .config import Config, Routine
from .plan import PlanOptions, make_plan
from .yamlcheck import InputError, Problem


class RoutineError(InputError):
    """Every problem found in the routines of a config file."""


@dataclass(frozen=True)
class ResolvedRoutine:
    """A routine whose entries all name exercises of the catalogue, with its own reps and holds."""

    name: str
    ids: tuple[str, ...]
    reps: Mapping[str, int] = field(default_factory=dict)
    holds: Mapping[str, int] = field(default_factory=dict)

    def apply(self, options: PlanOptions) -> PlanOptions:
        """`options` doing this routine: its exercises in its order, with its reps and holds."""
        return replace(
            options,
            routine=self.ids,
            reps={**options.reps, **self.reps},
            holds={**options.holds, **self.holds},
        )


def config_label(config: Config) -> str:
    return str(config.path) if config.path else "<config>"


def routine_problems(routine: Routine, catalogue: Catalogue, label: str) -> tuple[ResolvedRoutine, list[Problem]]:
    """The routine with ids resolved (an entry may give an exercise's name), and what is wrong with it."""
    from .params import unknown_exercise_message

    problems: list[Problem] = []
    ids: list[str] = []
    first_line: dict[str, int | None] = {}
    reps: dict[str, int] = {}
    holds: dict[str, int] = {}
    for index, entry in enumerate(routine.entries, start=1):
        where = f"routines.{routine.name}[{index}]"
        exercise = catalogue.find(entry.id)
        if exercise is None:
            problems.append(
                Problem(label, entry.line, entry.column, unknown_exercise_message(catalogue, entry.id), where)
            )
            continue
        if exercise.id in first_line:
            line = first_line[exercise.id]
            on_line = f" (first on line {line})" if line is not None else ""
            problems.append(
                Problem(label, entry.line, entry.column, f"'{exercise.id}' is listed twice{on_line}", where)
            )
            continue
        first_line[exercise.id] = entry.line
        ids.append(exercise.id)
        if entry.reps is not None:
            reps[exercise.id] = entry.reps
        if entry.hold_seconds is not None:
            holds[exercise.id] = entry.hold_seconds
    return ResolvedRoutine(routine.name, tuple(ids), reps, holds), problems


def resolve_routine(config: Config, name: str, catalogue: Catalogue) -> ResolvedRoutine:
    """The named routine, ready to plan; raises `RoutineError` listing every bad entry."""
    resolved, problems = routine_problems(config.routines[name], catalogue, config_label(config))
    if problems:
        raise RoutineError(problems)
    return resolved


def resolve_all(config: Config, catalogue: Catalogue) -> list[ResolvedRoutine]:
    """Every routine of the config file, in the file's order; raises `RoutineError` listing every bad entry."""
    out: list[ResolvedRoutine] = []
    problems: list[Problem] = []
    for routine in config.routines.values():
        resolved, found = routine_problems(routine, catalogue, config_label(config))
        out.append(resolved)
        problems += found
    if problems:
        raise RoutineError(problems)
    return out


def unknown_routine_message(config: Config, name: str) -> str:
    """ "No routine 'x'." with the nearest name and the known ones, or how to add one."""
    known = list(config.routines)
    if not known:
        return f"No routine '{name}': the config file {config_label(config)} has no routines."
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = f" Did you mean '{close[0]}'?" if close else ""
    return f"No routine '{name}'.{hint} Known: {', '.join(known)}."


def routine_rows(routine: ResolvedRoutine, catalogue: Catalogue, options: PlanOptions) -> dict[str, Any]:
    """A routine as `routines` shows it: each exercise with its reps, hold and time, and the total."""
    plan = make_plan(catalogue, routine.apply(options))
    exercises = []
    for exercise in plan.exercises:
        exercises.append(
            {
                "id": exercise.id,
                "name": exercise.name,
                "reps": routine.reps.get(exercise.id, exercise.reps),
                "per_side": exercise.per_side,
                "side_label": exercise.side_label,
                "hold_seconds": routine.holds.get(exercise.id, exercise.hold_seconds),
                "seconds": plan.seconds_for(exercise.id),
            }
        )
    return {"name": routine.name, "total_seconds": plan.total_seconds, "exercises": exercises}


def routine_lines(row: dict[str, Any]) -> list[str]:
    """`routines` as text: a heading per routine, then one line per exercise."""
    from .display import clock_text, minutes_text, plural

    exercises = row["exercises"]
    lines = [
        f"{row['name']}: {plural(len(exercises), 'exercise')}, {clock_text(row['total_seconds'])} "
        f"({minutes_text(row['total_seconds'])})"
    ]
    cells = []
    for e in exercises:
        reps = f"{e['reps']} each {e['side_label'] or 'side'}" if e["per_side"] else str(e["reps"])
        cells.append((e["id"], f"{reps} × {e['hold_seconds']} s", clock_text(e["seconds"])))
    id_width = max(len(c[0]) for c in cells)
    hold_width = max(len(c[1]) for c in cells)
    time_width = max(len(c[2]) for c in cells)
    for number, (ex_id, hold, spent) in enumerate(cells, start=1):
        lines.append(f"  {number:>2}. {ex_id:<{id_width}}  {hold:<{hold_width}}  {spent:>{time_width}}")
    return lines
