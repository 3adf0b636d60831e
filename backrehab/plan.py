"""The session plan: a pure function from a catalogue and options to timed steps.

Everything a session will do is decided here, before any clock runs, so that
`--plan` can print it, the runner can walk it and tests can check it without
waiting for anything.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from backrehab.catalogue.model import Catalogue, Caution, Exercise
from backrehab.settings.defaults import DEFAULT_LEAD_IN, DEFAULT_REST, DEFAULT_SWITCH, Order

__all__ = ["DEFAULT_LEAD_IN", "DEFAULT_REST", "DEFAULT_SWITCH", "Order", "Plan", "PlanOptions", "Step", "make_plan"]


class StepKind(enum.Enum):
    CAUTION = "caution"
    LEAD_IN = "lead_in"
    HOLD = "hold"
    REST = "rest"
    SWITCH = "switch"


class Side(enum.Enum):
    LEFT = "left"
    RIGHT = "right"

    @property
    def other(self) -> Side:
        return Side.RIGHT if self is Side.LEFT else Side.LEFT


@dataclass(frozen=True)
class PlanOptions:
    """What shapes a plan besides the catalogue: which exercises, their holds and reps, and the pauses between."""

    only: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()
    rest: float = DEFAULT_REST
    lead_in: float = DEFAULT_LEAD_IN
    switch: float = DEFAULT_SWITCH
    order: Order = Order.SOURCE
    #: Hold seconds to use instead of the catalogue's, by exercise id.
    holds: Mapping[str, int] = field(default_factory=dict)
    #: Reps to use instead of the catalogue's, by exercise id.
    reps: Mapping[str, int] = field(default_factory=dict)
    #: A routine's exercise ids in the routine's order; empty means the whole catalogue in its own order.
    #: `only` and `skip` then narrow it further.
    routine: tuple[str, ...] = ()


@dataclass(frozen=True)
class Step:
    """One timed stretch of a session: a lead-in, a hold, a rest or a side change, for one exercise."""

    kind: StepKind
    exercise: Exercise
    seconds: float
    #: 1-based position of the exercise in the session.
    number: int
    rep: int | None = None
    reps: int | None = None
    side: Side | None = None
    caution: Caution | None = None

    @property
    def side_text(self) -> str | None:
        """ "left knee", "right side"…, or None for an exercise done on both sides at once."""
        if self.side is None:
            return None
        return f"{self.side.value} {self.exercise.side_label or 'side'}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "exercise": self.exercise.id,
            "number": self.number,
            "rep": self.rep,
            "reps": self.reps,
            "side": self.side.value if self.side else None,
            "seconds": _number(self.seconds),
            **({"caution": self.caution.text} if self.caution else {}),
        }


@dataclass(frozen=True)
class Skipped:
    """An exercise of the catalogue left out of the plan, and why."""

    exercise: Exercise
    reason: str


@dataclass(frozen=True)
class Plan:
    """A whole session worked out before it starts: every step in order, and what was left out."""

    steps: tuple[Step, ...]
    exercises: tuple[Exercise, ...]
    left_out: tuple[Skipped, ...] = ()

    @property
    def total_seconds(self) -> float:
        return sum(step.seconds for step in self.steps)

    def offsets(self) -> tuple[float, ...]:
        """Each step's start, in plan seconds from the session's start."""
        out: list[float] = []
        total = 0.0
        for step in self.steps:
            out.append(total)
            total += step.seconds
        return tuple(out)

    def seconds_for(self, exercise_id: str) -> float:
        return sum(s.seconds for s in self.steps if s.exercise.id == exercise_id)

    def holds_planned(self, exercise: Exercise) -> int:
        return sum(s.exercise.id == exercise.id and s.kind is StepKind.HOLD for s in self.steps)

    def hold_seconds(self, exercise: Exercise) -> int:
        """The hold this plan gives `exercise` (its current hold, or a routine's), else the catalogue's."""
        first = next((s for s in self.steps if s.exercise.id == exercise.id and s.kind is StepKind.HOLD), None)
        return int(first.seconds) if first else exercise.hold_seconds

    def to_dict(self) -> dict[str, Any]:
        return {
            "total_seconds": _number(self.total_seconds),
            "exercises": [e.id for e in self.exercises],
            "left_out": [{"exercise": s.exercise.id, "reason": s.reason} for s in self.left_out],
            "steps": [step.to_dict() for step in self.steps],
        }


def select(catalogue: Catalogue, options: PlanOptions) -> tuple[list[Exercise], list[Skipped]]:
    """The exercises a session will do, in order, and those of the catalogue (or routine) left out."""
    reasons: dict[str, str] = {}
    for exercise in catalogue.exercises:
        if options.routine and exercise.id not in options.routine:
            continue  # not part of the routine at all, rather than left out of it
        if options.only and exercise.id not in options.only:
            reasons[exercise.id] = "not in --only"
        elif exercise.id in options.skip:
            reasons[exercise.id] = "in --skip"
    if options.routine:
        by_id = {e.id: e for e in catalogue.exercises}
        candidates = [by_id[i] for i in dict.fromkeys(options.routine) if i in by_id]
    else:
        candidates = list(catalogue.exercises)
    chosen = [e for e in candidates if e.id not in reasons]
    left_out = [Skipped(e, reasons[e.id]) for e in catalogue.exercises if e.id in reasons]
    if options.order is Order.POSITION:
        chosen.sort(key=lambda e: e.posture.rank)  # stable: source (or routine) order within a group
    return chosen, left_out


def make_plan(catalogue: Catalogue, options: PlanOptions | None = None) -> Plan:
    options = options or PlanOptions()
    exercises, left_out = select(catalogue, options)
    steps: list[Step] = []
    for number, exercise in enumerate(exercises, start=1):
        steps.extend(exercise_steps(exercise, options, number))
    return Plan(steps=tuple(steps), exercises=tuple(exercises), left_out=tuple(left_out))


def exercise_steps(exercise: Exercise, options: PlanOptions, number: int = 1) -> list[Step]:
    """Cautions to confirm, the lead-in, then every hold with a rest or side change between."""
    hold = options.holds.get(exercise.id, exercise.hold_seconds)
    reps = options.reps.get(exercise.id, exercise.reps)
    steps = [
        Step(StepKind.CAUTION, exercise, 0.0, number, caution=caution)
        for caution in exercise.cautions
        if caution.confirm
    ]
    steps.append(Step(StepKind.LEAD_IN, exercise, options.lead_in, number))
    sides: Sequence[Side | None] = (Side.LEFT, Side.RIGHT) if exercise.per_side else (None,)
    holds = [(rep, side) for rep in range(1, reps + 1) for side in sides]
    for i, (rep, side) in enumerate(holds):
        if i:
            previous_side = holds[i - 1][1]
            if side is not None and side != previous_side:
                steps.append(
                    Step(StepKind.SWITCH, exercise, max(options.switch, options.rest), number, rep, reps, side)
                )
            else:
                steps.append(Step(StepKind.REST, exercise, options.rest, number, rep, reps, side))
        steps.append(Step(StepKind.HOLD, exercise, float(hold), number, rep, reps, side))
    return [s for s in steps if s.seconds > 0 or s.kind in (StepKind.CAUTION, StepKind.HOLD)]


def estimated_seconds(exercise: Exercise, options: PlanOptions | None = None) -> float:
    """How long one exercise takes in a session with these options."""
    return sum(step.seconds for step in exercise_steps(exercise, options or PlanOptions()))


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value
