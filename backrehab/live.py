"""The live terminal views: `compact` (a panel of text) and `big` (digits readable from across a room).

Both redraw in place with rich's Live, only when something visible changed and
never from a background thread, so an idle session costs next to no CPU.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import suppress
from typing import TYPE_CHECKING, Any

from . import bigdigits
from .catalogue import Catalogue, Caution, Exercise
from .display import (
    KEY_HELP,
    breathe_text,
    describe_exercise,
    first_hold,
    intro_lines,
    outcome_text,
    rep_text,
    summary_lines,
    switch_text,
)
from .events import (
    Answer,
    Breathe,
    CautionAnswered,
    Event,
    ExerciseFinished,
    ExerciseStarted,
    HelpRequested,
    Paused,
    Resumed,
    SessionFinished,
    SessionStarted,
    StepStarted,
    Tick,
)
from .outcomes import Outcome
from .plan import Step, StepKind
from .printable import shown
from .wording import clock_text, escape, pain_advice

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console, RenderableType
    from rich.live import Live

#: Colour of each phase: get ready (lead-in, change of side), hold, rest.
PHASE_STYLE = {
    StepKind.LEAD_IN: "bold yellow",
    StepKind.SWITCH: "bold yellow",
    StepKind.HOLD: "bold green",
    StepKind.REST: "bold cyan",
}
PHASE_LABEL = {
    StepKind.LEAD_IN: "GET READY",
    StepKind.SWITCH: "GET READY",
    StepKind.HOLD: "HOLD",
    StepKind.REST: "REST",
}
KEY_LEGEND = "space pause · n next · r restart · p it hurts · q quit · ? keys"
#: The big view needs this much room; a smaller terminal gets the compact layout instead.
BIG_MIN_WIDTH = 40
BIG_MIN_HEIGHT = 16


#: Most cells the moving figure takes beside the big digits, and in the compact view (when it is this tall).
BIG_FIGURE_SIZE = (34, 10)
COMPACT_FIGURE_SIZE = (30, 6)
COMPACT_FIGURE_MIN_HEIGHT = 24


class LiveDisplay:
    """Shared event handling of the live views; subclasses draw the current state in `render`."""

    #: Redraws closer together than this are skipped unless the step changed.
    min_redraw = 0.1
    #: Whether to use the terminal's alternate screen (the big view fills it).
    full_screen = False

    def __init__(
        self,
        catalogue: Catalogue,
        console: Console,
        *,
        keys_active: bool = False,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self.catalogue = catalogue
        self.console = console
        self.keys_active = keys_active
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
        self.notice: str | None = None
        self.title_pushed = False

    # -- events -----------------------------------------------------------------

    def handle(self, event: Event) -> None:
        match event:
            case SessionStarted(plan=plan):
                self.steps, self.total, self.count = plan.steps, plan.total_seconds, len(plan.exercises)
                lines = intro_lines(self.catalogue, self.count, self.total)
                self.console.print(f"[bold]{escape(lines[0])}[/]")
                for text in lines[1:]:
                    self.console.print(f"  {escape(text)}", style="dim")
                self.start_live()
            case ExerciseStarted(exercise=exercise, number=number):
                text = describe_exercise(self.count, number, exercise, first_hold(self.steps, number))
                self.print(f"[bold cyan]{escape(text)}")
            case CautionAnswered(answer=Answer.YES_BY_OPTION, caution=caution, exercise=exercise):
                self.print(f"[bold red]Caution — {escape(exercise.name)}:[/] {escape(caution.text)}")
                self.print("[yellow]Caution accepted with --yes.")
            case StepStarted(step=step, session_left=session_left):
                if step.kind is StepKind.HOLD:
                    self.notice = None  # a pain notice stays through the next lead-in, then goes
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
                self.exercise_finished(exercise, outcome, reason)
            case SessionFinished(summary=summary):
                self.close()
                lines = summary_lines(summary, self.catalogue.pain_advice)
                self.console.print()
                self.console.print(f"[bold]{escape(lines[0])}")
                for text in lines[1:]:
                    self.console.print(escape(text))

    def exercise_finished(self, exercise: Exercise, outcome: Outcome, reason: str | None) -> None:
        if outcome is Outcome.DONE:
            self.print(f"[green]✓ {escape(exercise.name)} done")
            return
        self.print(f"[yellow]• {escape(exercise.name)}: {escape(outcome_text(outcome, reason))}")
        if outcome is Outcome.STOPPED_PAIN:
            self.notice = pain_advice(self.catalogue)
            self.print(f"[bold yellow]{escape(self.notice)}")

    # -- drawing ------------------------------------------------------------------

    def print(self, markup: str) -> None:
        """A line that stays: above the live area, or on the normal screen's scrollback."""
        if self.full_screen:
            return  # the big view shows the current state only; the summary is printed at the end
        (self.live.console if self.live else self.console).print(markup)

    def start_live(self) -> None:
        from rich.live import Live

        self.live = Live(
            console=self.console,
            auto_refresh=False,
            transient=True,
            redirect_stdout=False,
            redirect_stderr=False,
            screen=self.full_screen,
        )
        self.live.start()
        self.push_title()

    def draw(self, *, force: bool = False) -> None:
        now = self.now()
        if self.live is None or (not force and now - self.last_draw < self.min_redraw):
            return
        self.last_draw = now
        self.live.update(self.render(), refresh=True)
        self.set_title()

    def render(self) -> RenderableType:
        raise NotImplementedError

    def rows(self, renderable: RenderableType) -> int:
        """How many terminal rows `renderable` takes at the console's width."""
        return len(self.console.render_lines(renderable, self.console.options, pad=False))

    def figure(self, exercise: Exercise, width: int, height: int) -> RenderableType:
        """The exercise's figure at this moment of the countdown, moving between its two poses."""
        from .figures.cells import moving_figure

        assert exercise.figure is not None
        assert self.step is not None
        return moving_figure(exercise.figure, self.step.seconds - self.left, width, height)

    def legend(self) -> RenderableType:
        from rich.text import Text

        if self.show_keys:
            return Text("\n".join(f"  {key:>5}  {what}" for key, what in KEY_HELP), style="bold")
        return Text(KEY_LEGEND if self.keys_active else "Ctrl-C stops", style="dim", overflow="ellipsis", no_wrap=True)

    # -- window title: pushed on xterm's title stack at start, popped at the end ------

    def push_title(self) -> None:
        if self.console.is_terminal and not self.console.is_dumb_terminal:
            self._write("\x1b[22;0t")
            self.title_pushed = True

    def set_title(self) -> None:
        if self.title_pushed and self.step is not None:
            # The name is written inside an escape sequence: its own control characters must not end it early.
            self._write(f"\x1b]2;{shown(self.step.exercise.name)} — {clock_text(self.left)} — backrehab\x07")

    def pop_title(self) -> None:
        if self.title_pushed:
            self._write("\x1b[23;0t")
            self.title_pushed = False

    def _write(self, text: str) -> None:
        try:
            self.console.file.write(text)
            self.console.file.flush()
        except (OSError, ValueError):
            pass

    # -- questions and the end ------------------------------------------------------

    def confirm(self, exercise: Exercise, caution: Caution) -> Answer:
        """Leave the live view, show the caution boxed and wait for an explicit yes or no."""
        from rich.panel import Panel
        from rich.prompt import Confirm
        from rich.text import Text

        was_live = self.live is not None
        self.close()
        # Text, not markup: catalogue text is shown as written, brackets and colons included.
        title = Text(f"Caution — {exercise.name}")
        self.console.print(Panel(Text(caution.text), title=title, border_style="bold red"))
        try:
            answer = Confirm.ask(Text(f"Do {exercise.name} now?", style="prompt"), console=self.console)
        except EOFError:
            answer = False
        if was_live:
            self.start_live()
        return Answer.YES if answer else Answer.NO

    def close(self) -> None:
        if self.live is not None:
            with suppress(OSError, ValueError):  # the terminal may have gone away (SIGHUP)
                self.live.stop()
            self.live = None
        self.pop_title()

    def render_compact(self) -> RenderableType:
        """A few lines: countdown with a bar, rep and side, overall progress."""
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
        style = PHASE_STYLE.get(step.kind, "bold")
        if step.kind is StepKind.LEAD_IN:
            parts.append(Text(f"Get into position: {exercise.position}"))
            if exercise.figure is not None and self.console.size.height >= COMPACT_FIGURE_MIN_HEIGHT:
                parts.append(self.figure(exercise, *COMPACT_FIGURE_SIZE))
            parts += [Text(f"  {n}. {text}", style="dim") for n, text in enumerate(exercise.steps, start=1)]
            parts += [Text(f"  Caution: {c.text}", style="yellow") for c in exercise.cautions if not c.confirm]
            label = f"Starting in {clock_text(self.left)}"
        elif step.kind is StepKind.HOLD:
            parts.append(Text(rep_text(step).capitalize(), style="bold"))
            label = f"HOLD  {clock_text(self.left)}"
        elif step.kind is StepKind.SWITCH:
            label = f"{switch_text(step)} — get ready  {clock_text(self.left)}"
        else:
            label = f"Relax  {clock_text(self.left)}"
        parts.append(Text(label, style=style))
        parts.append(bar(step.seconds, step.seconds - self.left))
        if step.kind is StepKind.HOLD:
            breathe_style = "bold yellow" if exercise.breathing_reminder else ("italic" if self.breathe else "dim")
            parts.append(Text(breathe_text(exercise), style=breathe_style))
        if self.paused:
            parts.append(Text("PAUSED — press space to resume", style="bold reverse"))
        parts.append(bar(self.total, self.total - self.session_left))
        parts.append(self.legend())
        return Group(*parts)


class CompactDisplay(LiveDisplay):
    """A few lines redrawn in place: countdown with a bar, rep and side, overall progress."""

    def render(self) -> RenderableType:
        return self.render_compact()


class BigDisplay(LiveDisplay):
    """The whole screen: exercise, side and rep above, the seconds left in big digits, the phase below."""

    full_screen = True

    def render(self) -> RenderableType:
        width, height = self.console.size
        if width < BIG_MIN_WIDTH or height < BIG_MIN_HEIGHT:
            return self.render_compact()  # too small for digits: the compact layout still fits
        from rich.align import Align
        from rich.console import Group
        from rich.layout import Layout
        from rich.text import Text

        step = self.step
        if step is None:
            return Text("")
        exercise = step.exercise
        style = PHASE_STYLE.get(step.kind, "bold")
        if self.paused:
            style = "bold white"
        top: list[Any] = [
            Text(f"Exercise {step.number} of {self.count} · {clock_text(self.session_left)} left", style="dim"),
            Text(exercise.name, style="bold", justify="center"),
        ]
        if step.kind is StepKind.HOLD:
            top.append(Text(rep_text(step).upper(), style="bold", justify="center"))
        elif step.kind is StepKind.SWITCH:
            top.append(Text(switch_text(step).upper(), style="bold yellow", justify="center"))
        elif step.kind is StepKind.LEAD_IN:
            top.append(Text(f"Get into position: {exercise.position}", justify="center"))
        else:
            top.append(Text("Relax", justify="center"))
        shown = bigdigits.seconds_text(int(self.left))
        phase = "PAUSED — space to go on" if self.paused else PHASE_LABEL.get(step.kind, "")
        below: list[Any] = [
            Text(phase, style=style, justify="center"),
            bar(step.seconds, step.seconds - self.left, style),
        ]
        if step.kind is StepKind.HOLD:
            emphasis = "bold yellow" if exercise.breathing_reminder or self.breathe else ""
            below.append(Text(breathe_text(exercise), style=emphasis, justify="center"))
        if self.notice:
            below.append(Text(self.notice, style="yellow", justify="center"))
        legend = self.legend()
        legend_rows = len(KEY_HELP) if self.show_keys else 1
        top_rows = self.rows(Group(*top))
        if step.kind is StepKind.LEAD_IN:  # the steps too, if the digits still fit
            numbered = [Text(f"{n}. {text}", style="dim") for n, text in enumerate(exercise.steps, start=1)]
            if top_rows + self.rows(Group(*below, *numbered)) + legend_rows + 2 + bigdigits.HEIGHT <= height:
                below += numbered
        below_rows = self.rows(Group(*below))
        room = height - top_rows - below_rows - legend_rows - 2
        digits = bigdigits.render(shown, bigdigits.best_scale(shown, width - 2, room))
        big: Any = Text("\n".join(digits), style=style, no_wrap=True)
        beside = min(BIG_FIGURE_SIZE[0], width - 4 - bigdigits.width(shown))
        if step.kind is StepKind.LEAD_IN and exercise.figure is not None and beside >= 16 and room >= 5:
            from rich.table import Table

            grid = Table.grid(padding=(0, 4))
            grid.add_row(
                self.figure(exercise, beside, min(room, BIG_FIGURE_SIZE[1])),
                Text("\n".join(bigdigits.render(shown)), style=style),
            )
            big = grid
        layout = Layout()
        layout.split_column(
            Layout(Group(*top), size=top_rows),
            Layout(Align.center(big, vertical="middle"), minimum_size=bigdigits.HEIGHT),
            Layout(Group(*below), size=below_rows),
            Layout(legend, size=legend_rows),
        )
        return layout


def bar(total: float, done: float, style: str = "bar.complete") -> RenderableType:
    """A full-width progress bar on a line of its own (a bare ProgressBar ends no line in a Group)."""
    from rich.progress_bar import ProgressBar
    from rich.table import Table

    grid = Table.grid(expand=True)
    grid.add_column()
    grid.add_row(ProgressBar(total=max(total, 0.001), completed=max(0.0, done), width=None, complete_style=style))
    return grid
