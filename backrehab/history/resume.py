"""`session --resume`: today's last session, if it did not complete, continued where it stopped.

The options a session ran with are stored with it (as JSON), so the resumed
part is planned with the same ones — the same exercises, rests and holds —
and recorded into the same session row.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from ..outcomes import Outcome, Status
from ..plan import Order, Plan, PlanOptions
from .records import SessionRecord
from .stats import LocalDate

#: Outcomes that leave an exercise still to do when the session is resumed.
NOT_FINISHED = (Outcome.UNFINISHED, Outcome.NOT_REACHED)


def options_to_json(options: PlanOptions, *, speed: float) -> dict[str, Any]:
    return {
        "only": list(options.only),
        "skip": list(options.skip),
        "rest": options.rest,
        "lead_in": options.lead_in,
        "switch": options.switch,
        "order": options.order.value,
        "holds": dict(options.holds),
        "reps": dict(options.reps),
        "routine": list(options.routine),
        "speed": speed,
    }


def options_from_json(data: Mapping[str, Any]) -> PlanOptions:
    """The plan options a session was recorded with; anything missing or odd falls back to the default."""
    default = PlanOptions()

    def number(key: str, fallback: float) -> float:
        value = data.get(key)
        return (
            float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0 else fallback
        )

    def ids(key: str) -> tuple[str, ...]:
        value = data.get(key)
        return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()

    def counts(key: str) -> dict[str, int]:
        value = data.get(key)
        if not isinstance(value, dict):
            return {}
        return {k: v for k, v in value.items() if isinstance(v, int) and not isinstance(v, bool) and v > 0}

    order = data.get("order")
    return PlanOptions(
        only=ids("only"),
        skip=ids("skip"),
        rest=number("rest", default.rest),
        lead_in=number("lead_in", default.lead_in),
        switch=number("switch", default.switch),
        order=Order(order) if order in {o.value for o in Order} else default.order,
        holds=counts("holds"),
        reps=counts("reps"),
        routine=ids("routine"),
    )


class NothingToResume(Exception):
    """Why there is nothing to resume, in one line."""


def resumable(sessions: Sequence[SessionRecord], today: date, local_date: LocalDate) -> SessionRecord:
    """Today's last session, unless it completed."""
    todays = [s for s in sessions if local_date(s.started_at) == today]
    if not todays:
        raise NothingToResume("Nothing to resume: no session was recorded today.")
    if todays[-1].status is Status.COMPLETED:
        raise NothingToResume("Nothing to resume: today's last session was completed.")
    return todays[-1]


def remaining_plan(plan: Plan, record: SessionRecord) -> Plan:
    """The plan from the first exercise the session had not finished, renumbered from 1."""
    first = next(
        (
            i
            for i, exercise in enumerate(plan.exercises)
            if (result := record.result(exercise.id)) is None or result.outcome in NOT_FINISHED
        ),
        None,
    )
    if first is None:
        raise NothingToResume("Nothing to resume: every exercise of today's last session was finished.")
    exercises = plan.exercises[first:]
    numbers = {e.id: n for n, e in enumerate(exercises, start=1)}
    steps = tuple(
        dataclasses.replace(step, number=numbers[step.exercise.id])
        for step in plan.steps
        if step.exercise.id in numbers
    )
    return Plan(steps=steps, exercises=exercises, left_out=())
