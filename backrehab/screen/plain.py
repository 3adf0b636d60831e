"""The plain view: one line per event, for pipes, logs and screen readers.

The live terminal views are in `live` and `big`; their words, like these, are `backrehab.wording`'s.
All are listeners of the runner's events and none knows about the clock.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import IO

from backrehab.catalogue.model import Catalogue, Caution, Exercise
from backrehab.plan import Step, StepKind
from backrehab.session.events import (
    Answer,
    Breathe,
    CautionAnswered,
    CautionShown,
    Event,
    ExerciseFinished,
    ExerciseStarted,
    HelpRequested,
    Interrupted,
    OpeningShown,
    PainAnswered,
    PainAsked,
    PainStopShown,
    Paused,
    Resumed,
    SessionFinished,
    SessionStarted,
    StepFinished,
    StepStarted,
)
from backrehab.session.outcomes import Outcome
from backrehab.wording import (
    CAUTION_KEYS,
    KEY_HELP,
    OPENING_KEYS,
    PAIN_KEYS,
    PAIN_ONE_TYPED,
    SCREEN_KEPT_ON,
    breathe_text,
    caution_question,
    describe_exercise,
    describe_step,
    intro_lines,
    opening_wait_text,
    outcome_text,
    pain_advice,
    pain_noted,
    pain_question_text,
    pain_stop_lines,
    rep_text,
    summary_lines,
)


def first_hold(plan_steps: tuple[Step, ...], number: int) -> Step | None:
    return next((s for s in plan_steps if s.number == number and s.kind is StepKind.HOLD), None)


# -- plain lines ---------------------------------------------------------------


class PlainDisplay:
    """One line per event, flushed at once, no escapes: for pipes, logs and screen readers."""

    #: Printed lines stay in the scrollback, so the opening need not wait to be read.
    opening_waits = False

    def __init__(self, catalogue: Catalogue, out: IO[str] | None = None) -> None:
        self.catalogue = catalogue
        self.out = out or sys.stdout
        self.steps: tuple[Step, ...] = ()
        self.gone = False

    def line(self, text: str = "") -> None:
        if self.gone:
            return
        try:
            self.out.write(text + "\n")
            self.out.flush()
        except BrokenPipeError:
            # The reader left (`| head`): nobody follows the session any more, so end it as
            # interrupted, the way a shell's SIGPIPE would, and print nothing more.
            self.gone = True
            _silence(self.out)
            raise Interrupted(signal.SIGPIPE) from None

    def handle(self, event: Event) -> None:
        match event:
            case SessionStarted(plan=plan):
                self.steps = plan.steps
            case OpeningShown(plan=plan, seconds=seconds, screen_kept_on=kept_on):
                for text in intro_lines(self.catalogue, len(plan.exercises), plan.total_seconds):
                    self.line(text)
                if kept_on:
                    self.line(SCREEN_KEPT_ON)
                if seconds > 0:
                    self.line(OPENING_KEYS)
                    self.line(opening_wait_text(seconds))
            case PainStopShown(exercise=exercise, next_exercise=following, next_number=number):
                for text in pain_stop_lines(exercise, following, number):
                    self.line(text)
            case ExerciseStarted(exercise=exercise, number=number, count=count):
                self.line()
                self.line(describe_exercise(count, number, exercise, first_hold(self.steps, number)))
            case CautionShown(exercise=exercise, caution=caution):
                self.line(f"CAUTION — {exercise.name}: {caution.text}")
            case CautionAnswered(answer=Answer.YES_BY_OPTION):
                self.line("Caution accepted with --yes.")
            case CautionAnswered(answer=Answer.NOT_ASKED):
                self.line("Not a terminal, so nobody can be asked: skipping it (--yes accepts cautions).")
            case StepStarted(step=step):
                self.line(describe_step(step))
                if step.kind is StepKind.LEAD_IN:
                    for n, text in enumerate(step.exercise.steps, start=1):
                        self.line(f"  {n}. {text}")
                    for caution in step.exercise.cautions:
                        if not caution.confirm:
                            self.line(f"  Caution: {caution.text}")
            case Breathe(step=step):
                self.line(breathe_text(step.exercise))
            case StepFinished(step=step) if step.kind is StepKind.HOLD:
                self.line(f"{step.exercise.name}: {rep_text(step)}: done")
            case ExerciseFinished(exercise=exercise, outcome=outcome, reason=reason):
                self.finished(exercise, outcome, reason)
            case Paused():
                self.line("Paused — press space to resume.")
            case Resumed():
                self.line("Resumed.")
            case HelpRequested():
                self.line("Keys: " + ", ".join(f"{key} {what}" for key, what in KEY_HELP))
            case SessionFinished(summary=summary):
                self.line()
                for text in summary_lines(summary, self.catalogue.pain_advice):
                    self.line(text)
            case PainAsked(moment=moment, typed=""):
                self.line(f"{pain_question_text(moment)} {PAIN_KEYS}")
            case PainAsked():
                self.line(PAIN_ONE_TYPED)
            case PainAnswered(pain=pain):
                self.line(pain_noted(pain))

    def finished(self, exercise: Exercise, outcome: Outcome, reason: str | None) -> None:
        if outcome is Outcome.DONE:
            self.line(f"Finished {exercise.name}.")
            return
        self.line(f"{exercise.name}: {outcome_text(outcome, reason)}.")
        if outcome is Outcome.STOPPED_PAIN:
            self.line(pain_advice(self.catalogue))

    def ask(self, exercise: Exercise, caution: Caution) -> None:
        """The caution's question, answered by one key; the caution itself was already printed."""
        self.line(f"{caution_question(exercise)} {CAUTION_KEYS}")

    def note(self, text: str) -> None:
        """Already on standard error, read beside these lines."""

    def close(self) -> None:
        pass


def _silence(out: IO[str]) -> None:
    """Point a broken pipe's descriptor at /dev/null, so Python's exit flush does not complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, out.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
