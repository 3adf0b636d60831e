"""Named routines from the config file, checked against the catalogue and turned into plan options.

The config file is read without the catalogue (it may name a custom one), so a
routine's ids can only be checked here, once both are loaded. Problems carry
the config file's line and column, like every other input problem.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from backrehab.catalogue.model import Catalogue, Exercise, unknown_exercise_message
from backrehab.catalogue.yamlcheck import InputError, Problem
from backrehab.plan import Plan, PlanOptions, make_plan
from backrehab.printable import shown
from backrehab.settings.configfile import Config, Routine
from backrehab.wording import clock_text, minutes_text, plural, reps_text


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
    import difflib  # not at the top: only to suggest a name for a mistake

    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = f" Did you mean '{close[0]}'?" if close else ""
    return f"No routine '{name}'.{hint} Known: {', '.join(known)}."


@dataclass(frozen=True)
class RoutineSummary:
    """A routine and its plan, as `routines` shows it."""

    routine: ResolvedRoutine
    plan: Plan
    #: What the plan was made with: the options in effect, the routine's own reps and holds applied.
    options: PlanOptions

    def reps(self, exercise: Exercise) -> int:
        return self.options.reps.get(exercise.id, exercise.reps)

    def hold(self, exercise: Exercise) -> int:
        return self.options.holds.get(exercise.id, exercise.hold_seconds)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.routine.name,
            "total_seconds": self.plan.total_seconds,
            "exercises": [
                {
                    "id": e.id,
                    "name": e.name,
                    "reps": self.reps(e),
                    "per_side": e.per_side,
                    "side_label": e.side_label,
                    "hold_seconds": self.hold(e),
                    "seconds": self.plan.seconds_for(e.id),
                }
                for e in self.plan.exercises
            ],
        }

    def lines(self) -> list[str]:
        """A heading with the total time, then one aligned line per exercise: id, reps × hold, time."""
        total = self.plan.total_seconds
        lines = [
            f"{self.routine.name}: {plural(len(self.plan.exercises), 'exercise')}, {clock_text(total)} "
            f"({minutes_text(total)})"
        ]
        cells = [
            (e.id, f"{reps_text(e, self.reps(e))} × {self.hold(e)} s", clock_text(self.plan.seconds_for(e.id)))
            for e in self.plan.exercises
        ]
        widths = [max(len(cell[i]) for cell in cells) for i in range(3)]
        for number, (ex_id, hold, spent) in enumerate(cells, start=1):
            lines.append(f"  {number:>2}. {ex_id:<{widths[0]}}  {hold:<{widths[1]}}  {spent:>{widths[2]}}")
        return [shown(line) for line in lines]


def summarise(routine: ResolvedRoutine, catalogue: Catalogue, options: PlanOptions) -> RoutineSummary:
    """The routine planned with `options` (the options in effect: rest, lead-in, current holds)."""
    applied = routine.apply(options)
    return RoutineSummary(routine, make_plan(catalogue, applied), applied)
