"""What a session says in words: the shared wording, and the plain one-line-per-event view.

The plain view is for pipes, logs and screen readers; the live terminal views
are in `live`. All are listeners of the runner's events and none knows about
the clock.
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
    PainStopShown,
    Paused,
    Resumed,
    SessionFinished,
    SessionStarted,
    StepFinished,
    StepStarted,
    Summary,
)
from backrehab.session.outcomes import Outcome, Status
from backrehab.settings.defaults import STOP_IF_IT_HURTS
from backrehab.wording import (
    SCREEN_KEPT_ON,
    duration_text,
    hold_plan_text,
    minutes_text,
    pain_advice,
    pain_stop_keys,
    plural,
    reps_text,
    seconds_text,
)

KEY_HELP = (
    ("space", "pause / resume"),
    ("n", "next exercise"),
    ("r", "restart exercise"),
    ("p", "stop: it hurts"),
    ("q", "quit"),
    ("?", "keys"),
)


# -- wording shared by every view --------------------------------------------


def rep_text(step: Step) -> str:
    text = f"rep {step.rep} of {step.reps}"
    side = step.side_text
    return f"{text}, {side}" if side else text


def next_text(step: Step) -> str:
    """ "Next: rep 3 of 5, right leg" — what a rest or a change of side leads to (they carry the next hold's rep)."""
    return f"Next: {rep_text(step)}"


#: The keys the opening names: enough to pause and to leave, and where to find the rest.
OPENING_KEYS = "Keys: space pause · q quit · ? help"


def opening_wait_text(seconds: float) -> str:
    """How the opening ends: a key, or `seconds` going by (none: only a key)."""
    return (
        f"Press any key to start; it starts by itself after {seconds:g} s."
        if seconds > 0
        else "Press any key to start."
    )


def caution_question(exercise: Exercise) -> str:
    return f"Do {exercise.name} now?"


#: How a caution is answered: one key, like every other key of a session.
CAUTION_KEYS = "Press y for yes, n for no (skip it), q to quit."


def pain_stop_lines(exercise: Exercise, next_exercise: Exercise | None, next_number: int | None) -> list[str]:
    """What the pain stop says besides the advice: what was stopped, what comes next, what a key does now."""
    if next_exercise is None:
        return [f"{exercise.name} is stopped: it hurts.", "That was the last exercise.", pain_stop_keys(True)]
    return [
        f"{exercise.name} is stopped: it hurts.",
        f"Next: exercise {next_number}, {next_exercise.name}.",
        pain_stop_keys(False),
    ]


def describe_exercise(step_count: int, number: int, exercise: Exercise, first_hold: Step | None) -> str:
    hold = int(first_hold.seconds) if first_hold else exercise.hold_seconds
    reps = first_hold.reps if first_hold and first_hold.reps else exercise.reps
    return (
        f"Exercise {number} of {step_count}: {exercise.name} — "
        f"{reps_text(exercise, reps)} × {hold_plan_text(exercise, hold)}"
    )


def describe_step(step: Step) -> str:
    name = step.exercise.name
    if step.kind is StepKind.HOLD:
        return f"{name}: {rep_text(step)}: hold {seconds_text(step.seconds)}"
    if step.kind is StepKind.REST:
        return f"Relax — rest {seconds_text(step.seconds)}. {next_text(step)}"
    if step.kind is StepKind.SWITCH:
        return f"{switch_text(step)} — get ready ({seconds_text(step.seconds)}). {next_text(step)}"
    if step.kind is StepKind.LEAD_IN:
        return f"Get into position ({seconds_text(step.seconds)}): {step.exercise.position}"
    return f"{name}"


def switch_text(step: Step) -> str:
    """ "Other side: right knee" ("Other side: right" when the label is just "side")."""
    if step.exercise.side_label in (None, "side") and step.side:
        return f"Other side: {step.side.value}"
    return f"Other side: {step.side_text}"


def breathe_text(exercise: Exercise) -> str:
    return "Keep breathing! Do not hold your breath." if exercise.breathing_reminder else "Keep breathing."


def outcome_text(outcome: Outcome, reason: str | None) -> str:
    return f"{outcome.value} ({reason})" if reason and outcome is not Outcome.DONE else outcome.value


def summary_lines(summary: Summary, advice: str | None = None) -> list[str]:
    """The closing summary; when an exercise was stopped because it hurt, the advice again at the end."""
    status = {
        Status.COMPLETED: "Session complete",
        Status.NOTHING_DONE: "Session over, nothing done",
        Status.ENDED_EARLY: "Session ended early",
        Status.INTERRUPTED: "Session interrupted",
    }[summary.status]
    lines = [
        f"{status}: {summary.done} of {len(summary.results)} exercises done, "
        f"{summary.not_done} not done; {plural(summary.holds_done, 'hold')} completed; "
        f"active time {duration_text(summary.active_seconds)}."
    ]
    for result in summary.results:
        if result.outcome is not Outcome.DONE:
            lines.append(f"  {result.exercise.name}: {outcome_text(result.outcome, result.reason)}")
    if any(r.outcome is Outcome.STOPPED_PAIN for r in summary.results):
        lines.append(advice or STOP_IF_IT_HURTS)
    return lines


def intro_lines(catalogue: Catalogue, count: int, total_seconds: float) -> list[str]:
    lines = [f"Today's session: {plural(count, 'exercise')}, {minutes_text(total_seconds)}."]
    lines += [f"- {advice}" for advice in catalogue.advice]
    lines.append(pain_advice(catalogue))
    return lines


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
