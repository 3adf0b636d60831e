"""`session --resume`: today's last session, if it did not complete, continued where it stopped.

The options a session ran with are stored with it (as JSON), so the resumed
part is planned with the same ones — the same exercises, rests and holds —
and recorded into the same session row.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from backrehab.history.records import SessionRecord
from backrehab.plan import Order, Plan, PlanOptions
from backrehab.printable import shown
from backrehab.session.outcomes import Outcome, Status

if TYPE_CHECKING:  # pragma: no cover
    from backrehab.history.stats import LocalDate

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


#: The most a stored option may be: the limits the command line and the config file set.
MAX_SECONDS = 3600.0
MAX_HOLD_SECONDS = 24 * 3600
MAX_REPS = 1000


class StoredOptionsError(Exception):
    """The options stored with a session are not ones backrehab would run with: one line per problem."""

    def __init__(self, session_id: int, problems: Sequence[str]) -> None:
        super().__init__(f"session {session_id}: " + "; ".join(problems))
        self.session_id = session_id
        self.problems = tuple(problems)


def options_from_json(data: Mapping[str, Any], *, session_id: int = 0) -> PlanOptions:
    """The plan options a session was recorded with; a missing one is the default.

    The values are checked against the limits the command line and the config file set
    (they may come from a damaged or hand-edited file): anything out of them is a
    `StoredOptionsError`, never a session with an endless rest or a hold of 1e20 seconds.
    """
    default = PlanOptions()
    problems: list[str] = []

    def number(key: str, fallback: float) -> float:
        if key not in data:
            return fallback
        value = data[key]
        if (
            isinstance(value, (int, float))
            and not isinstance(value, bool)
            and 0 <= value <= MAX_SECONDS  # before isfinite: a whole number of 400 digits is no float
            and math.isfinite(value)
        ):
            return float(value)
        problems.append(f"{key}: must be a number of seconds from 0 to {MAX_SECONDS:g}, got {json.dumps(value)}")
        return fallback

    def ids(key: str) -> tuple[str, ...]:
        value = data.get(key, [])
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(value)
        problems.append(f"{key}: must be a list of exercise ids, got {json.dumps(value)}")
        return ()

    def counts(key: str, maximum: int) -> dict[str, int]:
        value = data.get(key, {})
        if not isinstance(value, dict):
            problems.append(f"{key}: must map exercise ids to whole numbers, got {json.dumps(value)}")
            return {}
        out = {}
        for k, v in value.items():
            if isinstance(v, int) and not isinstance(v, bool) and 0 < v <= maximum:
                out[k] = v
            else:
                problems.append(
                    f"{key}.{shown(str(k))}: must be a whole number from 1 to {maximum}, got {json.dumps(v)}"
                )
        return out

    order = data.get("order", default.order.value)
    if order not in {o.value for o in Order}:
        problems.append(f"order: must be one of {', '.join(o.value for o in Order)}, got {json.dumps(order)}")
        order = default.order.value
    options = PlanOptions(
        only=ids("only"),
        skip=ids("skip"),
        rest=number("rest", default.rest),
        lead_in=number("lead_in", default.lead_in),
        switch=number("switch", default.switch),
        order=Order(order),
        holds=counts("holds", MAX_HOLD_SECONDS),
        reps=counts("reps", MAX_REPS),
        routine=ids("routine"),
    )
    if problems:
        raise StoredOptionsError(session_id, problems)
    return options


class NothingToResume(Exception):
    """Why there is nothing to resume, in one line."""


def resumable(
    sessions: Sequence[SessionRecord], today: date, local_date: LocalDate, *, demo: bool = False
) -> SessionRecord:
    """Today's last session of the same kind (a demo resumes a demo, a real one a real one), unless it completed.

    Sessions logged afterwards (`backrehab log`) were never run here: there is nothing of theirs to continue.
    """
    todays = [s for s in sessions if local_date(s.started_at) == today and s.demo == demo and not s.logged]
    if not todays:
        kind = "demo session (run at a --speed other than 1)" if demo else "session"
        raise NothingToResume(f"Nothing to resume: no {kind} was recorded today.")
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
