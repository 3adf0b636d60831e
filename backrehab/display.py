"""What a person sees during a session: plain lines for a pipe, a live rich view for a terminal.

Both are listeners of the runner's events; neither knows about the clock.
The wording lives in the `describe_*` functions so the two views (and the
speech cues) say the same things.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any

from .catalogue import Catalogue, Caution, Exercise
from .plan import Step, StepKind
from .runner import (
    Answer,
    Breathe,
    CautionAnswered,
    CautionShown,
    Event,
    ExerciseFinished,
    ExerciseStarted,
    HelpRequested,
    Outcome,
    Paused,
    Resumed,
    SessionFinished,
    SessionStarted,
    Status,
    StepFinished,
    StepStarted,
    Summary,
    Tick,
)
from .wording import (
    clock_text,
    duration_text,
    escape,
    hold_plan_text,
    minutes_text,
    plural,
    reps_text,
    seconds_text,
)

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console, RenderableType
    from rich.live import Live

#: Said at the start of every session whose catalogue gives no `pain_advice` of its own.
SAFETY_NOTE = "Stop any exercise that makes your pain worse, and ask a physiotherapist if in doubt."

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
        return f"Relax — rest {seconds_text(step.seconds)}"
    if step.kind is StepKind.SWITCH:
        return f"{switch_text(step)} — get ready ({seconds_text(step.seconds)})"
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


def summary_lines(summary: Summary) -> list[str]:
    status = {
        Status.COMPLETED: "Session complete",
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
    return lines


def intro_lines(catalogue: Catalogue, count: int, total_seconds: float) -> list[str]:
    lines = [f"Today's session: {count} exercise{'s' if count != 1 else ''}, {minutes_text(total_seconds)}."]
    lines += [f"- {advice}" for advice in catalogue.advice]
    lines.append(catalogue.pain_advice or SAFETY_NOTE)
    return lines


def first_hold(plan_steps: tuple[Step, ...], number: int) -> Step | None:
    return next((s for s in plan_steps if s.number == number and s.kind is StepKind.HOLD), None)


# -- plain lines ---------------------------------------------------------------


class PlainDisplay:
    """One line per event, flushed at once, no escapes: for pipes, logs and screen readers."""

    def __init__(self, catalogue: Catalogue, out: IO[str] | None = None) -> None:
        self.catalogue = catalogue
        self.out = out or sys.stdout
        self.steps: tuple[Step, ...] = ()

    def line(self, text: str = "") -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def handle(self, event: Event) -> None:
        match event:
            case SessionStarted(plan=plan):
                self.steps = plan.steps
                for text in intro_lines(self.catalogue, len(plan.exercises), plan.total_seconds):
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
                for text in summary_lines(summary):
                    self.line(text)

    def finished(self, exercise: Exercise, outcome: Outcome, reason: str | None) -> None:
        if outcome is Outcome.DONE:
            self.line(f"Finished {exercise.name}.")
            return
        self.line(f"{exercise.name}: {outcome_text(outcome, reason)}.")
        if outcome is Outcome.STOPPED_PAIN and self.catalogue.pain_advice:
            self.line(self.catalogue.pain_advice)

    def confirm(self, exercise: Exercise, caution: Caution) -> Answer:
        """Ask on the terminal; the caution itself was already printed."""
        import click

        try:
            yes = click.confirm(f"Do {exercise.name} now?", default=None, err=False)
        except click.Abort:
            raise KeyboardInterrupt from None
        return Answer.YES if yes else Answer.NO

    def close(self) -> None:
        pass


# -- rich, for a terminal ------------------------------------------------------


class CompactDisplay:
    """A live panel redrawn in place: countdown with a bar, rep and side, overall progress."""

    #: Redraws closer together than this are skipped unless the step changed.
    min_redraw = 0.1

    def __init__(
        self,
        catalogue: Catalogue,
        console: Console,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self.catalogue = catalogue
        self.console = console
        self.now = now
        self.live: Live | None = None
        self.steps: tuple[Step, ...] = ()
        self.total = 0.0
        self.count = 0
        self.step: Step | None = None
        self.left = 0.0
        self.session_left = 0.0
        self.paused = False
        self.breathe = False
        self.show_keys = False
        self.last_draw = float("-inf")

    def handle(self, event: Event) -> None:
        match event:
            case SessionStarted(plan=plan):
                self.steps, self.total, self.count = plan.steps, plan.total_seconds, len(plan.exercises)
                lines = intro_lines(self.catalogue, self.count, self.total)
                self.console.print(f"[bold]{lines[0]}[/]")
                for text in lines[1:]:
                    self.console.print(f"  {escape(text)}", style="dim")
                self.start_live()
            case ExerciseStarted(exercise=exercise, number=number):
                text = describe_exercise(self.count, number, exercise, first_hold(self.steps, number))
                self.print(f"[bold cyan]{escape(text)}")
            case CautionShown():
                pass  # shown by `confirm`, which has the terminal to itself
            case CautionAnswered(answer=Answer.YES_BY_OPTION, caution=caution, exercise=exercise):
                self.print(f"[bold red]Caution — {escape(exercise.name)}:[/] {escape(caution.text)}")
                self.print("[yellow]Caution accepted with --yes.")
            case StepStarted(step=step, session_left=session_left):
                self.step, self.left, self.session_left, self.breathe = step, step.seconds, session_left, False
                self.draw(force=True)
            case Tick(left=left, session_left=session_left):
                self.left, self.session_left = left, session_left
                self.draw()
            case Breathe():
                self.breathe = True
                self.draw()
            case Paused():
                self.paused = True
                self.draw(force=True)
            case Resumed():
                self.paused = False
                self.draw(force=True)
            case HelpRequested():
                self.show_keys = not self.show_keys
                self.draw(force=True)
            case ExerciseFinished(exercise=exercise, outcome=outcome, reason=reason):
                if outcome is Outcome.DONE:
                    self.print(f"[green]✓ {escape(exercise.name)} done")
                else:
                    self.print(f"[yellow]• {escape(exercise.name)}: {outcome_text(outcome, reason)}")
                    if outcome is Outcome.STOPPED_PAIN and self.catalogue.pain_advice:
                        self.print(f"[bold yellow]{escape(self.catalogue.pain_advice)}")
            case SessionFinished(summary=summary):
                self.close()
                lines = summary_lines(summary)
                self.console.print()
                self.console.print(f"[bold]{lines[0]}")
                for text in lines[1:]:
                    self.console.print(escape(text))

    def print(self, markup: str) -> None:
        (self.live.console if self.live else self.console).print(markup)

    def start_live(self) -> None:
        from rich.live import Live

        self.live = Live(console=self.console, auto_refresh=False, transient=True, redirect_stdout=False)
        self.live.start()

    def draw(self, *, force: bool = False) -> None:
        now = self.now()
        if self.live is None or (not force and now - self.last_draw < self.min_redraw):
            return
        self.last_draw = now
        self.live.update(self.render(), refresh=True)

    def render(self) -> RenderableType:
        from rich.console import Group
        from rich.table import Table
        from rich.text import Text

        step = self.step
        if step is None:
            return Text("")
        exercise = step.exercise
        head = Table.grid(expand=True)
        head.add_column()
        head.add_column(justify="right")
        head.add_row(
            Text(f"Exercise {step.number} of {self.count} · {exercise.name}", style="bold"),
            Text(f"{clock_text(self.session_left)} left in session", style="dim"),
        )
        parts: list[Any] = [head]
        style = {
            StepKind.HOLD: "bold green",
            StepKind.LEAD_IN: "bold yellow",
            StepKind.SWITCH: "bold magenta",
            StepKind.REST: "bold blue",
        }.get(step.kind, "bold")
        if step.kind is StepKind.LEAD_IN:
            parts.append(Text(f"Get into position: {exercise.position}"))
            for n, text in enumerate(exercise.steps, start=1):
                parts.append(Text(f"  {n}. {text}", style="dim"))
            for caution in exercise.cautions:
                if not caution.confirm:
                    parts.append(Text(f"  Caution: {caution.text}", style="yellow"))
            label = f"Starting in {clock_text(self.left)}"
        elif step.kind is StepKind.HOLD:
            parts.append(Text(rep_text(step).capitalize(), style="bold"))
            label = f"HOLD  {clock_text(self.left)}"
        elif step.kind is StepKind.SWITCH:
            label = f"{switch_text(step)} — get ready  {clock_text(self.left)}"
        else:
            label = f"Relax  {clock_text(self.left)}"
        parts.append(Text(label, style=style))
        done = step.seconds - self.left
        parts.append(_bar(step.seconds, done))
        if step.kind is StepKind.HOLD:
            breathe_style = "bold yellow" if exercise.breathing_reminder else ("italic" if self.breathe else "dim")
            parts.append(Text(breathe_text(exercise), style=breathe_style))
        if self.paused:
            parts.append(Text("PAUSED — press space to resume", style="bold reverse"))
        parts.append(_bar(self.total, self.total - self.session_left))
        if self.show_keys:
            parts.append(Text("  ".join(f"[{k}] {w}" for k, w in KEY_HELP), style="dim"))
        return Group(*parts)

    def confirm(self, exercise: Exercise, caution: Caution) -> Answer:
        """Stop the live view, show the caution boxed and wait for an explicit yes or no."""
        from rich.panel import Panel
        from rich.prompt import Confirm
        from rich.text import Text

        live_was_running = self.live is not None
        self.close()
        self.console.print(Panel(Text(caution.text), title=Text(f"Caution — {exercise.name}"), border_style="bold red"))
        try:
            answer = Confirm.ask(Text(f"Do {exercise.name} now?"), console=self.console)
        except EOFError:
            answer = False
        if live_was_running:
            self.start_live()
        return Answer.YES if answer else Answer.NO

    def close(self) -> None:
        if self.live is not None:
            self.live.stop()
            self.live = None


def _bar(total: float, done: float) -> RenderableType:
    """A full-width progress bar on a line of its own (a bare ProgressBar ends no line in a Group)."""
    from rich.progress_bar import ProgressBar
    from rich.table import Table

    grid = Table.grid(expand=True)
    grid.add_column()
    grid.add_row(ProgressBar(total=max(total, 0.001), completed=max(0.0, done), width=None))
    return grid
