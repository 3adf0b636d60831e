"""Walks a plan against a clock, reacts to key commands and emits events.

Every deadline is computed from one anchor — the real time that stands for
plan second 0 — so lateness never accumulates: a step that starts late still
ends on time. Pausing, waiting for an answer, skipping or restarting move the
anchor once; nothing else does. The runner knows nothing about terminals,
speech or databases: displays, cues and history listen to its events.
"""

from __future__ import annotations

import math
import signal
from collections.abc import Callable, Sequence

from backrehab.catalogue.model import Exercise
from backrehab.plan import Plan, Step, StepKind
from backrehab.session.clock import Clock
from backrehab.session.events import (
    Answer,
    Breathe,
    CautionAnswered,
    CautionShown,
    Confirm,
    Event,
    ExerciseFinished,
    ExerciseResult,
    ExerciseStarted,
    HelpRequested,
    HoldCount,
    Interrupted,
    Listener,
    OpeningShown,
    PainStopShown,
    Paused,
    Resumed,
    SessionFinished,
    SessionStarted,
    SpokenWaits,
    StepFinished,
    StepStarted,
    Summary,
    Tick,
)
from backrehab.session.keys import Command, Keys, NoKeys
from backrehab.session.outcomes import Outcome, Status


class QuitSession(Exception):
    """Raised by a question's answer (`q` at a caution) to end the session early, as `q` does mid-hold."""


class _Jump(Exception):
    """Internal: leave the current step for another step index."""

    def __init__(self, target: int) -> None:
        self.target = target


def run_session(
    *,
    plan: Plan,
    clock: Clock,
    listeners: Sequence[Listener],
    confirm: Confirm,
    keys: Keys | None = None,
    speed: float = 1.0,
    opening_seconds: float = 0.0,
    waits: SpokenWaits | None = None,
    on_end: Callable[[], None] | None = None,
    screen_kept_on: bool = False,
) -> Summary:
    """Run every step of `plan`, telling `listeners` what happens; return what was done.

    Ctrl-C (KeyboardInterrupt) and `Interrupted` end the session at once with
    status INTERRUPTED; `q` ends it with ENDED_EARLY; walked to the end with no
    exercise done, it is NOTHING_DONE. Either way the summary covers what was
    done up to then. The opening stays up for `opening_seconds` (plan seconds)
    or until a key; with no keys it does not wait. `on_end` is called the moment
    the walk is over, however it ends, before the summary: where a signal handler
    learns that from then on it must not cut the ending short.

    `waits`, when given, are how long the words said in each wait last: every wait (the
    opening, a caution, a stop for pain) lasts at least that long, so nothing is ever heard
    on top of them. What is said, and when, the voice works out from the plan and the events.
    """
    opening = opening_seconds if keys is not None else 0.0
    run = _Run(plan, clock, listeners, confirm, keys or NoKeys(), speed, opening, on_end, waits)
    run.screen_kept_on = screen_kept_on
    return run.run()


class _Run:
    def __init__(
        self,
        plan: Plan,
        clock: Clock,
        listeners: Sequence[Listener],
        confirm: Confirm,
        keys: Keys,
        speed: float,
        opening_seconds: float = 0.0,
        on_end: Callable[[], None] | None = None,
        waits: SpokenWaits | None = None,
    ) -> None:
        if not (math.isfinite(speed) and speed > 0):
            raise ValueError(f"speed must be a positive number, got {speed}")
        self.plan = plan
        self.clock = clock
        self.listeners = listeners
        self.confirm = confirm
        self.keys = keys
        self.speed = speed
        self.on_end = on_end
        self.offsets = plan.offsets()
        self.anchor = 0.0
        self.started = 0.0
        self.waited = 0.0
        self.outcomes: dict[str, tuple[Outcome, str | None]] = {}
        self.holds: dict[str, HoldCount] = {}
        #: The exercise number last announced; cleared by a restart so it is announced again.
        self.announced: int | None = None
        self.signum: int | None = None
        #: Plan seconds the opening waits for a key; 0 when it does not wait.
        self.opening_seconds = opening_seconds
        self.walking = False
        self.waits = waits or SpokenWaits()
        #: Told on the opening: the screen is kept from blanking.
        self.screen_kept_on = False

    # -- plumbing -------------------------------------------------------------

    def emit(self, event: Event) -> None:
        for listener in self.listeners:
            listener.handle(event)

    def at(self, plan_seconds: float) -> float:
        """The real time of a moment given in plan seconds."""
        return self.anchor + plan_seconds / self.speed

    def reanchor(self, plan_seconds: float) -> None:
        """Make `plan_seconds` be now: after a pause, an answer, a skip or a restart."""
        self.anchor = self.clock.now() - plan_seconds / self.speed

    def wait_until(self, deadline: float, index: int) -> None:
        """Sleep until `deadline`, acting on any key typed meanwhile."""
        while True:
            command = self.keys.wait(self.clock, deadline)
            if command is None:
                return
            self.command(command, index)
            if self.clock.now() >= deadline:
                return

    def command(self, command: Command, index: int) -> None:
        step = self.plan.steps[index]
        if command is Command.HELP:
            self.emit(HelpRequested())
        elif command is Command.PAUSE:
            self.pause(step, index)
        elif command is Command.SUSPENDED:  # stopped (Ctrl-Z) and back: paused since it stopped
            self.pause(step, index, since=getattr(self.keys, "suspended_since", None))
        elif command is Command.QUIT:
            raise QuitSession()
        elif command is Command.NEXT:
            self.finish_exercise(step.exercise, Outcome.SKIPPED, "n key")
            raise _Jump(self.next_exercise_index(index))
        elif command is Command.RESTART:
            self.holds.pop(step.exercise.id, None)
            self.announced = None
            raise _Jump(self.first_index_of(step.number, skip_cautions=True))
        elif command is Command.PAIN:
            stopped_at = self.clock.now()
            self.finish_exercise(step.exercise, Outcome.STOPPED_PAIN, "p key")
            target = self.next_exercise_index(index)
            following = self.plan.steps[target] if target < len(self.plan.steps) else None
            self.emit(
                PainStopShown(
                    step.exercise,
                    following.exercise if following else None,
                    following.number if following else None,
                )
            )
            self.wait_for_any_key(None)
            self.let_speech_finish(stopped_at, self.waits.pain.get(step.exercise.id, 0.0))
            raise _Jump(target)

    def wait_for_any_key(self, seconds: float | None) -> None:
        """Wait for a key (`q` quits) or `seconds` of plan time; the time spent moves every later deadline.

        `?` shows the keys and waits on for another key, however long reading them takes.
        """
        started = self.clock.now()
        deadline = None if seconds is None else started + seconds / self.speed
        try:
            command = self.keys.wait(self.clock, deadline)
            while command in (Command.HELP, Command.SUSPENDED):  # back from Ctrl-Z: it waits on, for a key
                if command is Command.HELP:
                    self.emit(HelpRequested())
                command = self.keys.wait(self.clock, None)
        finally:  # Ctrl-C while it waits: the wait is still not active time
            self.waited += self.clock.now() - started
        if command is Command.QUIT:
            raise QuitSession()

    def plan_now(self) -> float:
        """The plan second it is now."""
        return (self.clock.now() - self.anchor) * self.speed

    def pause(self, step: Step, index: int, *, since: float | None = None) -> None:
        """Wait, paused, for the pause key (or another command); the time paused, from `since` if given, is
        not active time."""
        paused_at = self.clock.now() if since is None else min(since, self.clock.now())
        self.emit(Paused(step, self.plan_now()))
        while True:
            command = self.keys.wait(self.clock, None)
            if command is Command.PAUSE:
                break
            if command is Command.HELP:
                self.emit(HelpRequested())
            elif command is Command.SUSPENDED:  # stopped and back while paused: still paused, shown afresh
                self.emit(Paused(step))
            elif command not in (None, Command.YES, Command.OTHER):
                self.resume(step, paused_at)
                self.command(command, index)
                return
        self.resume(step, paused_at)

    def resume(self, step: Step, paused_at: float) -> None:
        gap = self.clock.now() - paused_at
        self.anchor += gap
        self.waited += gap
        self.emit(Resumed(step, self.plan_now()))

    def let_speech_finish(self, since: float, seconds: float) -> None:
        """Make a wait that began at `since` last at least `seconds`: what is said in it is heard whole.

        `q` still quits; the time spent here is not active time.
        """
        began = self.clock.now()
        try:
            while self.clock.now() < since + seconds:
                if self.keys.wait(self.clock, since + seconds) is Command.QUIT:
                    raise QuitSession()
        finally:
            self.waited += self.clock.now() - began

    def first_index_of(self, number: int, *, skip_cautions: bool = False) -> int:
        for i, step in enumerate(self.plan.steps):
            if step.number == number and not (skip_cautions and step.kind is StepKind.CAUTION):
                return i
        return len(self.plan.steps)

    def next_exercise_index(self, index: int) -> int:
        number = self.plan.steps[index].number
        return next(
            (i for i in range(index, len(self.plan.steps)) if self.plan.steps[i].number != number),
            len(self.plan.steps),
        )

    def finish_exercise(self, exercise: Exercise, outcome: Outcome, reason: str | None = None) -> None:
        if exercise.id in self.outcomes:
            return
        self.outcomes[exercise.id] = (outcome, reason)
        self.emit(ExerciseFinished(exercise, outcome, reason, self.hold_count(exercise)))

    def hold_count(self, exercise: Exercise) -> HoldCount:
        return self.holds.get(exercise.id, HoldCount())

    # -- the walk -------------------------------------------------------------

    def run(self) -> Summary:
        steps = self.plan.steps
        self.started = self.clock.now()
        self.anchor = self.started
        status = Status.COMPLETED
        index = 0
        try:
            try:
                self.emit(SessionStarted(self.plan))
                self.opening()
                self.walking = True  # past the opening: an ending from now on cuts an exercise short
                while index < len(steps):
                    try:
                        index = self.run_step(index)
                    except _Jump as jump:
                        index = jump.target
                        if index < len(steps):
                            self.reanchor(self.offsets[index])
            finally:  # inside the outer try: an interruption that beats it is still caught below
                if self.on_end is not None:
                    self.on_end()
        except QuitSession:
            status = Status.ENDED_EARLY
        except KeyboardInterrupt:
            status, self.signum = Status.INTERRUPTED, signal.SIGINT
        except Interrupted as interruption:
            status, self.signum = Status.INTERRUPTED, interruption.signum
        if status is not Status.COMPLETED and index < len(steps) and self.walking:
            self.outcomes.setdefault(steps[index].exercise.id, (Outcome.UNFINISHED, f"session {status.value}"))
        if status is Status.COMPLETED and not any(o is Outcome.DONE for o, _ in self.outcomes.values()):
            status = Status.NOTHING_DONE
        summary = self.summary(status)
        self.emit(SessionFinished(summary))
        return summary

    def run_step(self, index: int) -> int:
        """Run one step; return the index of the next one."""
        steps = self.plan.steps
        step = steps[index]
        exercise = step.exercise
        if self.announced != step.number:
            self.announced = step.number
            self.emit(ExerciseStarted(exercise, step.number, len(self.plan.exercises)))
        if step.kind is StepKind.CAUTION:
            return self.caution(index)
        start = self.offsets[index]
        end = start + step.seconds
        self.emit(StepStarted(step, self.plan.total_seconds - start, index))
        whole = math.ceil(step.seconds)
        moments: list[tuple[float, Event]] = []
        for k in range(1, whole):
            left = whole - k
            moments.append((start + step.seconds - left, Tick(step, left, self.plan.total_seconds - (end - left))))
        if step.kind is StepKind.HOLD:
            moments.append((start + step.seconds / 2, Breathe(step)))
        moments.sort(key=lambda m: m[0])
        for moment, event in moments:
            deadline = self.at(moment)
            if self.clock.now() > deadline and isinstance(event, Tick):
                continue  # running behind (very high speed): drop stale ticks, never the deadline
            self.wait_until(deadline, index)
            self.emit(event)
        self.wait_until(self.at(end), index)
        if step.kind is StepKind.HOLD:
            self.holds[exercise.id] = self.hold_count(exercise).add(step)
        self.emit(StepFinished(step, self.hold_count(exercise)))
        last_of_exercise = index + 1 == len(steps) or steps[index + 1].number != step.number
        if last_of_exercise:
            self.finish_exercise(exercise, Outcome.DONE)
        return index + 1

    def opening(self) -> None:
        """Before the first step: the opening stays up for its seconds or until a key, and is said whole."""
        spoken = self.waits.opening
        self.emit(OpeningShown(self.plan, self.opening_seconds, spoken, self.screen_kept_on))
        began = self.clock.now()
        if self.opening_seconds > 0:
            self.wait_for_any_key(self.opening_seconds)
        self.let_speech_finish(began, spoken)
        if self.clock.now() > began:
            self.reanchor(0.0)

    def caution(self, index: int) -> int:
        step = self.plan.steps[index]
        assert step.caution is not None
        self.emit(CautionShown(step.exercise, step.caution))
        asked_at = self.clock.now()
        try:
            answer = self.confirm(step.exercise, step.caution)
        finally:
            self.waited += self.clock.now() - asked_at
        self.emit(CautionAnswered(step.exercise, step.caution, answer))
        spoken = self.waits.cautions.get(index, 0.0)
        question = self.waits.questions.get(index) if answer.asked else None
        if question is not None and self.clock.now() - asked_at < question:
            # Answered before the question is heard: it is not asked, and the wait ends with the caution.
            spoken = question
        self.let_speech_finish(asked_at, spoken)
        self.anchor += self.clock.now() - asked_at
        if answer.accepted:
            return index + 1
        reason = "caution declined" if answer.asked else "caution not confirmed: no terminal to ask in"
        self.finish_exercise(step.exercise, Outcome.DECLINED, reason)
        target = self.next_exercise_index(index)
        if target < len(self.plan.steps):
            self.reanchor(self.offsets[target])
        return target

    def summary(self, status: Status) -> Summary:
        end = self.clock.now()
        results = []
        for exercise in self.plan.exercises:
            outcome, reason = self.outcomes.get(exercise.id, (Outcome.NOT_REACHED, None))
            count = self.hold_count(exercise)
            results.append(
                ExerciseResult(
                    exercise=exercise,
                    outcome=outcome,
                    hold_seconds=self.plan.hold_seconds(exercise),
                    holds_planned=self.plan.holds_planned(exercise),
                    holds_done=count.done,
                    by_side=dict(count.by_side),
                    reason=reason,
                )
            )
        elapsed = end - self.started
        return Summary(
            status=status,
            results=tuple(results),
            active_seconds=max(0.0, elapsed - self.waited),
            elapsed_seconds=elapsed,
            signum=self.signum,
        )


def answer_by_key(keys: Keys, clock: Clock) -> Answer:
    """A caution's answer as one key, like every other key of a session: `y` yes, `n` no, `q` quits.

    Enter alone, or any other key, answers nothing: the question stays until `y` or `n`.
    """
    while True:
        command = keys.wait(clock, None)
        if command is Command.YES:
            return Answer.YES
        if command is Command.NEXT:
            return Answer.NO
        if command is Command.QUIT:
            raise QuitSession()
