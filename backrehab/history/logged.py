"""Sessions done away from the terminal — from the audio file or the printed handout — entered afterwards.

A logged session is recorded as completed, with every exercise of its plan done, and marked
`logged`. It counts for the streak, the calendar and the pain trend like any completed session.
Nothing timed it, so it has no end and no active time, and its results count no holds: progression
(`progression.py`) grows holds only from holds a session counted.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from backrehab.history.records import ResultRecord
from backrehab.history.store import History
from backrehab.plan import Plan
from backrehab.session.outcomes import Outcome

#: No session can be logged before this day: backrehab did not exist, and a year typed wrong is likelier.
EARLIEST = date(2000, 1, 1)


def logged_results(plan: Plan) -> list[ResultRecord]:
    """Every exercise of the plan done, at its planned hold, no holds counted; those left out after them."""
    results = [
        ResultRecord(
            exercise_id=exercise.id,
            position=position,
            outcome=Outcome.DONE,
            hold_seconds=plan.hold_seconds(exercise),
            holds_planned=plan.holds_planned(exercise),
        )
        for position, exercise in enumerate(plan.exercises, start=1)
    ]
    start = len(results) + 1
    results += [
        ResultRecord(
            skipped.exercise.id,
            start + n,
            Outcome.SKIPPED,
            skipped.exercise.hold_seconds,
            reason=skipped.reason,
            planned=False,
        )
        for n, skipped in enumerate(plan.left_out)
    ]
    return results


def log_session(
    *,
    history_path: Path,
    plan: Plan,
    options: Mapping[str, Any],
    at: datetime,
    pain_before: int | None = None,
    pain_after: int | None = None,
    cache_folder: Path | None = None,
) -> int:
    """Record the plan as a session done at `at` and entered afterwards; return its id.

    `options` are the plan's options as a session stores them (`resume.options_to_json`). A history
    that cannot be written is a `HistoryError`, as for a session, and nothing is recorded. With
    `cache_folder`, a file as it was when last known good skips the whole-file checks (`History.create`).
    """
    with History.create(history_path, cache_folder=cache_folder) as history:
        return history.log_session(
            started_at=at,
            options=dict(options),
            pain_before=pain_before,
            pain_after=pain_after,
            results=logged_results(plan),
        )
