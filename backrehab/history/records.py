"""What the history holds, as plain values: sessions, their exercise results and progress resets.

Kept apart from `store.py` (which reads and writes them in SQLite) so the
pure parts — progression, streaks, reports — can be tested on hand-made
records without a database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from backrehab.session.outcomes import Outcome, Status


@dataclass(frozen=True)
class ResultRecord:
    """One exercise of one session: what happened to it, and how much of it was done."""

    exercise_id: str
    #: Order within the session; exercises left out come after those planned.
    position: int
    outcome: Outcome
    hold_seconds: int
    holds_planned: int = 0
    holds_done: int = 0
    #: Holds done per side ("left", "right") or under "both".
    by_side: Mapping[str, int] = field(default_factory=dict)
    reason: str | None = None
    #: False for an exercise left out by --only or --skip: never attempted.
    planned: bool = True

    @property
    def side_counts(self) -> tuple[int, int, int]:
        """Holds done on the left, on the right and with both sides: the database's and the CSV's columns."""
        return self.by_side.get("left", 0), self.by_side.get("right", 0), self.by_side.get("both", 0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "exercise": self.exercise_id,
            "position": self.position,
            "planned": self.planned,
            "outcome": self.outcome.value,
            "reason": self.reason,
            "hold_seconds": self.hold_seconds,
            "holds_planned": self.holds_planned,
            "holds_done": self.holds_done,
            "by_side": dict(self.by_side),
        }


@dataclass(frozen=True)
class SessionRecord:
    id: int
    #: When the session started, with the local UTC offset of that moment.
    started_at: datetime
    #: When something was last recorded: the end, or the last step before the process died.
    ended_at: datetime | None
    status: Status
    options: Mapping[str, Any] = field(default_factory=dict)
    pain_before: int | None = None
    pain_after: int | None = None
    #: Seconds of exercise, pauses left out; None when the process died before the end.
    active_seconds: float | None = None
    results: tuple[ResultRecord, ...] = ()
    #: Run at a --speed other than 1: kept, shown by `history --all`, never counted.
    demo: bool = False
    #: Entered afterwards (`backrehab log`) rather than timed by a session: counted, but never grows a hold.
    logged: bool = False

    @property
    def duration_seconds(self) -> float | None:
        if self.active_seconds is not None:
            return self.active_seconds
        if self.ended_at is None:
            return None
        return max(0.0, (self.ended_at - self.started_at).total_seconds())

    @property
    def pain_rose(self) -> bool:
        """More pain after than before: the signal that holds progression."""
        return self.pain_before is not None and self.pain_after is not None and self.pain_after > self.pain_before

    @property
    def counts(self) -> bool:
        """Completed with at least one exercise done, and not a demo: what streaks and the calendar count."""
        return self.status is Status.COMPLETED and self.done > 0 and not self.demo

    @property
    def done(self) -> int:
        return sum(r.outcome is Outcome.DONE for r in self.results)

    @property
    def not_done(self) -> int:
        """Planned exercises not done: skipped, declined, stopped, unfinished or not reached."""
        return sum(r.planned and r.outcome is not Outcome.DONE for r in self.results)

    def result(self, exercise_id: str) -> ResultRecord | None:
        return next((r for r in self.results if r.exercise_id == exercise_id), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "started_at": self.started_at.isoformat(),
            "ended_at": self.ended_at.isoformat() if self.ended_at else None,
            "status": self.status.value,
            "demo": self.demo,
            "logged": self.logged,
            "duration_seconds": self.duration_seconds,
            "pain_before": self.pain_before,
            "pain_after": self.pain_after,
            "options": dict(self.options),
            "results": [r.to_dict() for r in self.results],
        }


@dataclass(frozen=True)
class ProgressReset:
    """`progress --reset`: sessions up to `after_session` no longer count for the exercise (None: all)."""

    exercise_id: str | None
    after_session: int


@dataclass(frozen=True)
class Attendance:
    """A session as the calendar sees it: its local day, whether it counts (completed: an exercise was done),
    and whether it was logged afterwards rather than timed. Demos have none."""

    day: date
    counts: bool
    logged: bool = False
