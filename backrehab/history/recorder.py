"""Recording a session as it happens, and the pain check-ins around it.

`SessionRecorder` is a runner listener. It writes the session row the moment
the session starts — as "interrupted", with every exercise "not reached" — and
updates it as holds and exercises finish, so a process that is killed outright
still leaves an honest record of what was done. The runner's own end (done,
`q`, Ctrl-C, SIGTERM, SIGHUP) then writes the final status and results.

Recording never stops a session: the first failed write is reported once and
the session goes on unrecorded. A lock held by another process is different:
nothing is wrong with the file, so a write that meets one is left for the end,
and the end writes the whole session, trying again (and saying so) until it is
written or the person gives up by quitting a second time.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from contextlib import nullcontext
from datetime import datetime
from pathlib import Path
from typing import Any

from backrehab.catalogue.model import Exercise
from backrehab.history.records import ResultRecord
from backrehab.history.store import History, HistoryError
from backrehab.plan import Plan, StepKind
from backrehab.printable import shown
from backrehab.session.clock import local_now
from backrehab.session.events import (
    Event,
    ExerciseFinished,
    ExerciseResult,
    ExerciseStarted,
    HoldCount,
    PainMoment,
    SessionFinished,
    SessionStarted,
    StepFinished,
    Summary,
)
from backrehab.session.outcomes import Outcome, Status
from backrehab.wording import HISTORY_FREE_AGAIN, PAIN_QUESTION, history_busy_text

Wall = Callable[[], datetime]
Ask = Callable[[str], str]
Say = Callable[[str], None]
#: Waits up to that many seconds before the next try at the final write; True when the person gave up.
RetryWait = Callable[[float], bool]
#: Asks the pain question with one key, before or after the session (`session.checkin`): 0–10, or None.
AskByKey = Callable[[PainMoment], int | None]

PAIN_ANSWER = re.compile(r"[0-9]{1,2}")
#: What an exercise in progress is recorded as, until it finishes.
IN_PROGRESS = (Outcome.UNFINISHED, "session interrupted")
#: Outcomes of an exercise not begun: a session of only these has no "after" to ask about.
NOT_BEGUN = (Outcome.NOT_REACHED, Outcome.SKIPPED, Outcome.DECLINED)
#: How long a write during the session waits for another process's lock before it is left for the end,
#: in milliseconds: longer would stop the countdown on screen.
DURING_PATIENCE_MS = 1000
#: How long each try at the final write waits for the lock, in milliseconds, so giving up is heard soon.
END_PATIENCE_MS = 250
#: Seconds between tries at the final write, while a key or Ctrl-C can give up.
RETRY_SECONDS = 0.75


def busy_retrying(give_up: str) -> str:
    """Said once while the final write waits for another process's lock."""
    return history_busy_text(give_up)


def ask_pain(ask: Ask, say: Say) -> int | None:
    """Ask for pain from 0 to 10 until the answer is one; Enter or end of input skips (None).

    Ctrl-C is left to the caller: before a session it means "do not start".
    """
    while True:
        try:
            answer = ask(PAIN_QUESTION).strip()
        except EOFError:
            say("")
            return None
        if not answer:
            return None
        if PAIN_ANSWER.fullmatch(answer) and int(answer) <= 10:
            return int(answer)
        say(f"'{shown(answer)}' is not a whole number from 0 to 10: type one, or press Enter to skip.")


def result_record(result: ExerciseResult, position: int) -> ResultRecord:
    return ResultRecord(
        exercise_id=result.exercise.id,
        position=position,
        outcome=result.outcome,
        reason=result.reason,
        hold_seconds=result.hold_seconds,
        holds_planned=result.holds_planned,
        holds_done=result.holds_done,
        by_side=dict(result.by_side),
    )


class SessionRecorder:
    """Writes one session to the history as its events arrive; asks for pain before and after."""

    def __init__(
        self,
        history: History,
        *,
        options: Mapping[str, Any],
        warn: Say,
        checkin: bool = False,
        ask: Ask = input,
        say: Say = print,
        wall: Wall | None = None,
        resume_id: int | None = None,
        ask_before: bool = True,
        demo: bool = False,
    ) -> None:
        self.history = history
        self.options = dict(options)
        self.warn = warn
        self.checkin = checkin
        self.ask = ask
        self.say = say
        self.wall = wall or local_now
        self.session_id = resume_id
        self.ask_before = ask_before
        self.demo = demo
        self.pain_before: int | None = None
        self.failed = False
        #: A write met another process's lock: the writes during the session stop, and the end writes it all.
        self.behind = False
        self.plan: Plan | None = None
        self.started_at: datetime | None = None
        self.positions: dict[str, int] = {}
        self.retry_wait: RetryWait | None = None
        #: Ctrl-C answered the question after the session: it skips it, and the exit status tells of it.
        self.question_interrupted = False
        self.give_up = "Ctrl-C"

    def retry_with(self, wait: RetryWait, *, give_up: str) -> None:
        """Let the final write wait for a lock and try again, `wait` between tries, until it returns True.

        `give_up` says how, in the words shown on screen ("q again").
        """
        self.retry_wait = wait
        self.give_up = give_up

    # -- check-ins -------------------------------------------------------------

    def before(self, by_key: AskByKey | None = None) -> bool:
        """The check-in before the session; False when the person pressed Ctrl-C (do not start).

        `by_key`, when given, asks it with one key on the session's screen instead of a line of input.
        """
        if not (self.checkin and self.ask_before):
            return True
        if by_key is not None:
            self.pain_before = by_key(PainMoment.BEFORE)  # Ctrl-C there ends the session, which never began
        else:
            try:
                self.pain_before = ask_pain(self.ask, self.say)
            except KeyboardInterrupt:
                self.say("")
                return False
        if self.pain_before is not None and self.session_id is not None:
            self.write(lambda: self.history.set_pain(self.session_id or 0, before=self.pain_before))
        return True

    def asks_after(self, summary: Summary | None) -> bool:
        """Whether pain is asked after this session: not when no exercise was begun (`q` on the opening, say),
        for there is no "after" to tell of, nor when the process is ending (None: a signal came)."""
        return (
            self.checkin
            and self.session_id is not None
            and summary is not None
            and summary.status is not Status.INTERRUPTED
            and any(result.outcome not in NOT_BEGUN for result in summary.results)
        )

    def after(self, summary: Summary | None, *, ask: Ask | None = None, by_key: AskByKey | None = None) -> None:
        """The check-in after a session that ended normally or with `q` (see `asks_after`); then close the file.

        `ask` stands in for the recorder's own way of asking, for this question; `by_key` asks it with one key.
        """
        try:
            if self.asks_after(summary):
                try:
                    pain = by_key(PainMoment.AFTER) if by_key is not None else ask_pain(ask or self.ask, self.say)
                except KeyboardInterrupt:
                    self.say("")
                    self.question_interrupted = True
                    pain = None
                if pain is not None and self.session_id is not None:
                    session_id = self.session_id
                    self.write(lambda: self.history.set_pain(session_id, after=pain))
        finally:
            self.history.close()

    # -- the listener ----------------------------------------------------------

    def handle(self, event: Event) -> None:
        match event:
            case SessionStarted(plan=plan):
                self.plan = plan
                self.positions = {e.id: n for n, e in enumerate(plan.exercises, start=1)}
                self.started_at = self.wall()
                self.during(lambda: self.started(plan))
            case ExerciseStarted(exercise=exercise):
                self.during(lambda: self.save(exercise, *IN_PROGRESS, HoldCount()))
            case StepFinished(step=step, holds=holds) if step.kind is StepKind.HOLD:
                self.during(lambda: self.save(step.exercise, *IN_PROGRESS, holds))
            case ExerciseFinished(exercise=exercise, outcome=outcome, reason=reason, holds=holds):
                self.during(lambda: self.save(exercise, outcome, reason, holds))
            case SessionFinished(summary=summary):
                self.at_end(summary)

    def write(self, action: Callable[[], object]) -> None:
        if self.failed:
            return
        try:
            action()
        except HistoryError as error:
            self.failed = True
            self.warn(f"{error} The rest of this session is not recorded.")

    def during(self, action: Callable[[], object]) -> None:
        """A write while the session runs; one that meets another's lock leaves this and the rest for the end."""
        if self.failed or self.behind:
            return
        try:
            with self.history.patience(DURING_PATIENCE_MS):
                action()
        except HistoryError as error:
            if not error.busy:
                self.failed = True
                self.warn(f"{error} The rest of this session is not recorded.")
                return
            self.behind = True
            self.warn(f"{error.path}: another backrehab is writing to it; this session is written when it ends.")

    def at_end(self, summary: Summary) -> None:
        """Write the session's end, and all of it if a lock kept the writes during it out; while another
        process holds the lock, try again until written or `retry_wait` says the person gave up."""
        if self.failed:
            return
        told = False
        while True:
            try:
                with self.history.patience(END_PATIENCE_MS) if self.retry_wait else nullcontext():
                    if self.session_id is None and self.plan is not None:
                        self.started(self.plan)
                    self.finished(summary)
            except HistoryError as error:
                if error.busy and self.retry_wait is not None:
                    if not told:
                        self.warn(busy_retrying(self.give_up))
                        told = True
                    if not self.retry_wait(RETRY_SECONDS):
                        continue
                    error_text = f"{error.path}: it stayed locked until you gave up."
                else:
                    error_text = str(error)
                self.failed = True
                self.warn(f"{error_text} The end of this session is not recorded.")
                return
            self.behind = False
            if told:
                self.warn(HISTORY_FREE_AGAIN)
            return

    def started(self, plan: Plan) -> None:
        at = self.started_at or self.wall()
        if self.session_id is not None:
            self.history.continue_session(self.session_id, at=at)
            return
        rows = [self.row(e, Outcome.NOT_REACHED, None, HoldCount()) for e in plan.exercises]
        start = len(rows) + 1
        rows += [
            ResultRecord(
                s.exercise.id, start + n, Outcome.SKIPPED, s.exercise.hold_seconds, reason=s.reason, planned=False
            )
            for n, s in enumerate(plan.left_out)
        ]
        self.session_id = self.history.begin_session(
            started_at=at, options=self.options, pain_before=self.pain_before, results=rows, demo=self.demo
        )

    def row(self, exercise: Exercise, outcome: Outcome, reason: str | None, holds: HoldCount) -> ResultRecord:
        """The exercise's row as the runner's counts stand; the holds planned come from the plan."""
        planned = self.plan.holds_planned(exercise) if self.plan else 0
        return ResultRecord(
            exercise_id=exercise.id,
            position=self.positions.get(exercise.id, 0),
            outcome=outcome,
            reason=reason,
            hold_seconds=self.plan.hold_seconds(exercise) if self.plan else exercise.hold_seconds,
            holds_planned=planned,
            holds_done=holds.done,
            by_side=dict(holds.by_side),
        )

    def save(self, exercise: Exercise, outcome: Outcome, reason: str | None, holds: HoldCount) -> None:
        if self.session_id is not None:
            row = self.row(exercise, outcome, reason, holds)
            self.history.save_results(self.session_id, [row], at=self.wall())

    def finished(self, summary: Summary) -> None:
        if self.session_id is None:
            return
        self.history.finish_session(
            self.session_id,
            status=summary.status,
            active_seconds=summary.active_seconds,
            results=[result_record(r, self.positions.get(r.exercise.id, 0)) for r in summary.results],
            at=self.wall(),
        )


def open_recorder(
    path: Path, *, warn: Say, cache_folder: Path | None = None, **settings: Any
) -> SessionRecorder | None:
    """A recorder on the history file, or None (after one warning) when the file cannot be used.

    With `cache_folder`, a file as it was when last known good skips the whole-file checks (`History.create`).
    """
    try:
        history = History.create(path, cache_folder=cache_folder)
    except HistoryError as error:
        warn(f"{error} This session will not be recorded (--no-history runs without recording).")
        return None
    return SessionRecorder(history, warn=warn, **settings)
