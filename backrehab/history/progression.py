"""Gradual progression: each exercise's current hold, worked out from past sessions.

The leaflet says "start slowly and build up gradually" and, for some exercises,
"build up to 10 seconds". The rule is stated once, in `ProgressionRule`, and
everything else asks `hold_progress`:

- an exercise with `build_up_to_seconds` starts at its `hold_seconds`;
- it goes up by `step_seconds` after `sessions_per_step` sessions in a row in
  which it was done in full (every hold, not skipped) at its current hold,
  never past `build_up_to_seconds`;
- a session where it was skipped, declined, stopped for pain or left
  unfinished, or where pain after the session was higher than before, counts
  nothing and starts the count again, so progression holds where it is;
- sessions that did not include it (left out by --only/--skip, or ended before
  reaching it) neither count nor break the run;
- holds grow only from holds the person really did: a session logged afterwards
  (`backrehab log`) says the exercises were done, not at which hold nor whether
  in full, so it neither counts nor breaks the run, except that more pain after
  it than before starts the count again, as after any session.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from backrehab.catalogue.model import Exercise
from backrehab.history.records import ProgressReset, SessionRecord
from backrehab.session.outcomes import Outcome

if TYPE_CHECKING:  # pragma: no cover
    from backrehab.history.stats import LocalDate
    from backrehab.history.store import History


@dataclass(frozen=True)
class ProgressionRule:
    #: Sessions in a row, each with the exercise done in full, that earn the next step.
    sessions_per_step: int = 3
    #: How many seconds longer the hold becomes at each step.
    step_seconds: int = 1


RULE = ProgressionRule()


@dataclass(frozen=True)
class HoldProgress:
    exercise: Exercise
    current: int
    #: Sessions counted towards the next step.
    counted: int = 0
    #: Why the last session that included the exercise did not count, if it did not.
    held_because: str | None = None

    @property
    def start(self) -> int:
        return self.exercise.hold_seconds

    @property
    def target(self) -> int:
        return max(self.exercise.build_up_to_seconds or 0, self.start)

    @property
    def builds_up(self) -> bool:
        return self.target > self.start

    @property
    def at_target(self) -> bool:
        return self.current >= self.target


@dataclass(frozen=True)
class Attempt:
    """How one session went for one exercise."""

    outcome: Outcome
    hold_seconds: int
    pain_rose: bool = False


def hold_progress(exercise: Exercise, attempts: Iterable[Attempt], rule: ProgressionRule = RULE) -> HoldProgress:
    """Walk the attempts, oldest first, applying the rule."""
    progress = HoldProgress(exercise, exercise.hold_seconds)
    if not progress.builds_up:
        return progress
    current, counted, held = progress.current, 0, None
    for attempt in attempts:
        reason = hold_reason(attempt)
        if reason is None and attempt.hold_seconds < current:
            continue  # done at a shorter hold than the current one (set by hand): neither counts nor breaks
        if reason is not None:
            counted, held = 0, reason
            continue
        counted, held = counted + 1, None
        if counted >= rule.sessions_per_step and current < progress.target:
            current, counted = min(progress.target, current + rule.step_seconds), 0
    return HoldProgress(exercise, current, counted, held)


def hold_reason(attempt: Attempt) -> str | None:
    """Why the attempt holds progression, or None when it counts."""
    if attempt.outcome is Outcome.STOPPED_PAIN:
        return "stopped for pain"
    if attempt.outcome is not Outcome.DONE:
        return f"not done in full ({attempt.outcome.value})"
    if attempt.pain_rose:
        return "more pain after the session than before"
    return None


def attempts_for(exercise_id: str, sessions: Sequence[SessionRecord], since_session: int = 0) -> list[Attempt]:
    """The sessions after `since_session` that included the exercise, as attempts, oldest first."""
    attempts = []
    for session in sessions:
        if session.id <= since_session or session.demo or (session.logged and not session.pain_rose):
            continue
        result = session.result(exercise_id)
        if result is None or not result.planned or result.outcome is Outcome.NOT_REACHED:
            continue
        attempts.append(Attempt(result.outcome, result.hold_seconds, session.pain_rose))
    return attempts


def progress_for(
    exercises: Iterable[Exercise],
    sessions: Sequence[SessionRecord],
    resets: Sequence[ProgressReset] = (),
    rule: ProgressionRule = RULE,
) -> dict[str, HoldProgress]:
    """Every exercise's progress, counting only sessions after its latest reset."""
    out = {}
    for exercise in exercises:
        since = max(
            (r.after_session for r in resets if r.exercise_id in (None, exercise.id)),
            default=0,
        )
        out[exercise.id] = hold_progress(exercise, attempts_for(exercise.id, sessions, since), rule)
    return out


def current_holds(progress: dict[str, HoldProgress]) -> dict[str, int]:
    """The `PlanOptions.holds` map: only holds that have moved from the catalogue's."""
    return {exercise_id: p.current for exercise_id, p in progress.items() if p.current != p.start}


def progress_from_history(
    exercises: Iterable[Exercise],
    history: History,
    *,
    last_day: date | None = None,
    local_date: LocalDate | None = None,
    rule: ProgressionRule = RULE,
) -> dict[str, HoldProgress]:
    """Every exercise's progress from the history's attempts (up to `last_day`, a local day, if given).

    Only exercises whose hold can move are read, and of them only the rows progression walks
    (`History.attempts`): no session's options, and no other exercise's results. Resets made after
    `last_day` do not apply to it.
    """
    exercises = list(exercises)
    moving = [e for e in exercises if HoldProgress(e, e.hold_seconds).builds_up]
    before = (last_day + timedelta(days=2)).isoformat() if last_day is not None else None
    rows = history.attempts([e.id for e in moving], before=before)
    resets = history.resets(until=last_day, local_date=local_date)
    by_exercise: dict[str, list[tuple[int, Attempt]]] = {}
    near = (last_day - timedelta(days=1)).isoformat() if last_day is not None else None
    for exercise_id, session_id, started_at, outcome, hold, rose in rows:
        if last_day is not None and near is not None and started_at[:10] >= near:
            day = local_date(datetime.fromisoformat(started_at)) if local_date else date.fromisoformat(started_at[:10])
            if day > last_day:
                continue
        by_exercise.setdefault(exercise_id, []).append((session_id, Attempt(outcome, hold, rose)))
    out = {}
    for exercise in exercises:
        since = max((r.after_session for r in resets if r.exercise_id in (None, exercise.id)), default=0)
        attempts = (a for session_id, a in by_exercise.get(exercise.id, []) if session_id > since)
        out[exercise.id] = hold_progress(exercise, attempts, rule)
    return out
