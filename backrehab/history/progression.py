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

Walking every attempt ever made costs what the history's age does (about 8,000 rows after ten
years), so the walk starts from a `Checkpoint` when there is one: every exercise's progress as it
stood after some session, kept between runs (`CachedCheckpoints`, in the derived-data cache). A
checkpoint covers only *settled* sessions, started `SETTLED_DAYS` days ago or more: a session's rows
change while it runs, when it is resumed (on its own day) and at its pain check-ins, never later.
Before one is used, the history is asked whether it still holds the session it ends at, started
at the same moment, and as many sessions up to it; a reset is read afresh each time, and an exercise
reset since a checkpoint walks from its reset instead. Anything else (a checkpoint missing, stale or
of another catalogue) means the whole walk, as without one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from backrehab.cache import CHECKPOINTS, LATEST_CHECKPOINT, MISSING, store, stored
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


def hold_progress(
    exercise: Exercise, attempts: Iterable[Attempt], rule: ProgressionRule = RULE, start: HoldProgress | None = None
) -> HoldProgress:
    """Walk the attempts, oldest first, applying the rule: from the catalogue's hold, or from `start`."""
    progress = HoldProgress(exercise, exercise.hold_seconds)
    if not progress.builds_up:
        return progress
    if start is not None:
        progress = start
    for attempt in attempts:
        progress = next_progress(progress, attempt, rule)
    return progress


def next_progress(progress: HoldProgress, attempt: Attempt, rule: ProgressionRule = RULE) -> HoldProgress:
    """The progress after one more attempt."""
    current, counted = progress.current, progress.counted
    reason = hold_reason(attempt)
    if reason is None and attempt.hold_seconds < current:
        return progress  # done at a shorter hold than the current one (set by hand): neither counts nor breaks
    if reason is not None:
        return HoldProgress(progress.exercise, current, 0, reason)
    counted += 1
    if counted >= rule.sessions_per_step and current < progress.target:
        current, counted = min(progress.target, current + rule.step_seconds), 0
    return HoldProgress(progress.exercise, current, counted, None)


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


# -- walking the history, from a checkpoint -------------------------------------------

#: A checkpoint covers only sessions started at least this many days ago (see the module's docstring).
SETTLED_DAYS = 3
#: Besides the latest checkpoint, one a week (on Sundays) is kept for this many weeks: where the walk to
#: a report's first day starts.
CHECKPOINT_WEEKS = 60


@dataclass(frozen=True)
class ExerciseState:
    """One exercise's progress in a checkpoint, walked from the sessions after `since` (its latest reset)."""

    exercise_id: str
    since: int
    current: int
    counted: int
    held_because: str | None


@dataclass(frozen=True)
class Checkpoint:
    """Progression as it stood after session `session` and every session before it.

    Each of those sessions started, by the date it was stored with, on `day` or earlier (an ISO date),
    so its local day is at most the day after: the checkpoint serves walks that run to that day or
    later. `started_at` (session `session`'s, as stored) and `sessions` (how many there are up to it)
    are what the history must still say for the checkpoint to be believed.
    """

    session: int
    started_at: str
    sessions: int
    day: str
    states: tuple[ExerciseState, ...]

    @property
    def serves_from(self) -> date:
        """The first local day a walk may end on and start here."""
        return date.fromisoformat(self.day) + timedelta(days=1)

    def state(self, exercise_id: str) -> ExerciseState | None:
        return next((s for s in self.states if s.exercise_id == exercise_id), None)


class Checkpoints(Protocol):
    """Where checkpoints are kept between runs, and the day it is (settled sessions are counted from it)."""

    today: date

    def load(self) -> tuple[Checkpoint, ...]: ...

    def latest(self) -> Checkpoint | None:
        """The checkpoint of the latest session among `load`'s, which may be read alone."""
        ...

    def save(self, checkpoints: tuple[Checkpoint, ...]) -> None: ...


class CachedCheckpoints:
    """Checkpoints in the derived-data cache, for one history file and one catalogue's holds: all of them in one
    entry, and the latest again in one of its own. After ten years the weekly ones are about 34 KB of JSON
    (2 ms to read back); a walk to today, as every start makes, needs only the latest."""

    def __init__(self, folder: Path | None, database: Path, holds: str, *, today: date) -> None:
        self.folder = folder
        self.inputs = (str(database), holds)
        self.today = today

    def load(self) -> tuple[Checkpoint, ...]:
        found = stored(self.folder, CHECKPOINTS, self.inputs, kinds=(Checkpoint, ExerciseState))
        if found is MISSING or not isinstance(found, tuple) or not all(isinstance(c, Checkpoint) for c in found):
            return ()
        return found

    def latest(self) -> Checkpoint | None:
        found = stored(self.folder, LATEST_CHECKPOINT, self.inputs, kinds=(Checkpoint, ExerciseState))
        if isinstance(found, Checkpoint):
            return found
        return max(self.load(), key=lambda c: c.session, default=None)  # kept by an older release: all at once

    def save(self, checkpoints: tuple[Checkpoint, ...]) -> None:
        store(self.folder, CHECKPOINTS, self.inputs, checkpoints)
        store(self.folder, LATEST_CHECKPOINT, self.inputs, max(checkpoints, key=lambda c: c.session, default=None))


def progress_from_history(
    exercises: Iterable[Exercise],
    history: History,
    *,
    last_day: date | None = None,
    local_date: LocalDate | None = None,
    rule: ProgressionRule = RULE,
    checkpoints: Checkpoints | None = None,
) -> dict[str, HoldProgress]:
    """Every exercise's progress from the history's attempts (up to `last_day`, a local day, if given).

    Only exercises whose hold can move are read, and of them only the rows progression walks
    (`History.attempts`): no session's options, and no other exercise's results. Resets made after
    `last_day` do not apply to it. With `checkpoints`, the walk starts from the latest one that
    serves `last_day` and still holds, and leaves new ones behind for the next run.
    """
    exercises = list(exercises)
    moving = [e for e in exercises if HoldProgress(e, e.hold_seconds).builds_up]
    resets = history.resets(until=last_day, local_date=local_date)
    since = {e.id: max((r.after_session for r in resets if r.exercise_id in (None, e.id)), default=0) for e in moving}
    # A walk to today starts from the latest checkpoint: the others are read only to keep them when saving.
    latest = checkpoints.latest() if checkpoints is not None and last_day is None else None
    known: Sequence[Checkpoint] | None = None  # None: not read yet (only the latest was)
    if latest is None:
        known = checkpoints.load() if checkpoints is not None else ()
    start = latest if latest is not None else _start(known or (), last_day)
    if start is not None and not history.checkpoint_holds(start.session, start.started_at, start.sessions):
        start, known = None, ()  # the history no longer holds what they were taken of
    begin: dict[str, HoldProgress] = {}
    after: dict[str, int] = {}
    for exercise in moving:
        state = start.state(exercise.id) if start is not None else None
        if start is not None and state is not None and state.since == since[exercise.id]:
            begin[exercise.id] = HoldProgress(exercise, state.current, state.counted, state.held_because)
            after[exercise.id] = max(start.session, since[exercise.id])
        else:  # from its latest reset: one made since the checkpoint means a short walk, else the whole one
            after[exercise.id] = since[exercise.id]
    marks = _marks(checkpoints, history, start, last_day) if checkpoints is not None else []
    before = (last_day + timedelta(days=2)).isoformat() if last_day is not None else None
    rows = history.attempts([e.id for e in moving], before=before, after=min(after.values(), default=0))
    by_exercise: dict[str, list[tuple[int, Attempt]]] = {}
    near = (last_day - timedelta(days=1)).isoformat() if last_day is not None else None
    for exercise_id, session_id, started_at, outcome, hold, rose in rows:
        if session_id <= after[exercise_id]:
            continue
        if last_day is not None and near is not None and started_at[:10] >= near:
            day = local_date(datetime.fromisoformat(started_at)) if local_date else date.fromisoformat(started_at[:10])
            if day > last_day:
                continue
        by_exercise.setdefault(exercise_id, []).append((session_id, Attempt(outcome, hold, rose)))
    out = {}
    taken: list[list[ExerciseState]] = [[] for _ in marks]
    for exercise in exercises:
        progress = begin.get(exercise.id) or HoldProgress(exercise, exercise.hold_seconds)
        if exercise.id not in since:  # its hold cannot move
            out[exercise.id] = progress
            continue
        pending = 0  # the next mark to take: each holds the progress after every attempt up to its session
        for session_id, attempt in by_exercise.get(exercise.id, []):
            while pending < len(marks) and marks[pending].session < session_id:
                taken[pending].append(_state(progress, since[exercise.id]))
                pending += 1
            progress = next_progress(progress, attempt, rule)
        for n in range(pending, len(marks)):
            taken[n].append(_state(progress, since[exercise.id]))
        out[exercise.id] = progress
    if checkpoints is not None and marks:
        made = tuple(
            Checkpoint(m.session, m.started_at, m.sessions, m.day, tuple(states))
            for m, states in zip(marks, taken, strict=True)
        )
        checkpoints.save(_kept(checkpoints.load() if known is None else known, made))
    return out


def _state(progress: HoldProgress, since: int) -> ExerciseState:
    return ExerciseState(progress.exercise.id, since, progress.current, progress.counted, progress.held_because)


def _start(known: Sequence[Checkpoint], last_day: date | None) -> Checkpoint | None:
    """The latest checkpoint that serves a walk to `last_day` (None: to now)."""
    serving = [c for c in known if last_day is None or c.serves_from <= last_day]
    return max(serving, key=lambda c: c.session, default=None)


def _marks(
    checkpoints: Checkpoints, history: History, start: Checkpoint | None, last_day: date | None
) -> list[Checkpoint]:
    """Where this walk takes new checkpoints (with no states yet), oldest first: the last settled day,
    and the Sundays since the checkpoint it starts from, of the last `CHECKPOINT_WEEKS` weeks."""
    settled = checkpoints.today - timedelta(days=SETTLED_DAYS)
    days = [settled - timedelta(days=n) for n in range(7 * CHECKPOINT_WEEKS)]
    days = [d for d in days if d == settled or d.weekday() == 6]
    if start is not None:
        days = [d for d in days if d > date.fromisoformat(start.day)]
    if last_day is not None:
        days = [d for d in days if d + timedelta(days=1) <= last_day]
    if not days:
        return []
    marks = history.checkpoint_marks(sorted(days))
    return [
        Checkpoint(session, started_at, sessions, day.isoformat(), ())
        for day, (session, started_at, sessions) in marks.items()
        if start is None or session > start.session
    ]


def _kept(known: Sequence[Checkpoint], made: Sequence[Checkpoint]) -> tuple[Checkpoint, ...]:
    """The checkpoints worth keeping: the latest, and one a week for `CHECKPOINT_WEEKS` weeks before it."""
    by_day = {c.day: c for c in known}
    by_day.update({c.day: c for c in made})
    ordered = sorted(by_day.values(), key=lambda c: c.day)
    latest = ordered[-1]
    weekly = [c for c in ordered[:-1] if date.fromisoformat(c.day).weekday() == 6][-CHECKPOINT_WEEKS:]
    return (*weekly, latest)
