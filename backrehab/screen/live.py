"""The live terminal views' shared part, and the compact view (a few lines of text); the big view is in `bigview`.

Both redraw in place, only when something visible changed and never from a
background thread, so an idle session costs next to no CPU: the compact view with
rich's Live, the big view on the alternate screen, rewriting only the rows that
changed (`fullscreen`).
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable, Hashable, Iterator
from contextlib import suppress
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from rich.console import Console, ConsoleOptions, Group, JustifyMethod, RenderableType
from rich.panel import Panel
from rich.progress_bar import ProgressBar
from rich.segment import Segment
from rich.text import Text

from backrehab.catalogue.model import Catalogue, Caution, Exercise
from backrehab.figures.cells import moving_figure
from backrehab.plan import Step, StepKind
from backrehab.printable import shown
from backrehab.screen.fullscreen import FullScreen
from backrehab.screen.layout import KEY_HINTS, Lines, Part, Priority, fit, key_hint
from backrehab.screen.plain import first_hold
from backrehab.session.events import (
    Answer,
    Breathe,
    CautionAnswered,
    CautionShown,
    Event,
    ExerciseFinished,
    ExerciseStarted,
    HelpRequested,
    OpeningShown,
    PainAnswered,
    PainAsked,
    PainMoment,
    PainStopShown,
    Paused,
    Resumed,
    SessionFinished,
    SessionStarted,
    StepStarted,
    Summary,
    Tick,
)
from backrehab.session.outcomes import Outcome, Status
from backrehab.wording import (
    CAUTION_KEYS,
    END_HEADINGS,
    END_KEYS,
    KEY_HELP,
    OPENING_KEYS,
    PAIN_AFTER_HEADING,
    PAIN_BEFORE_HEADING,
    PAIN_KEYS,
    PAIN_ONE_TYPED,
    PAIN_SCALE,
    PAUSED_LABEL,
    SCREEN_KEPT_ON,
    breathe_text,
    caution_answer_text,
    caution_question,
    caution_title,
    clock_text,
    describe_exercise,
    end_counts,
    escape,
    exercise_of_text,
    intro_lines,
    next_text,
    opening_wait_text,
    outcome_text,
    pain_advice,
    pain_noted,
    pain_question_text,
    pain_stop_lines,
    position_text,
    rep_text,
    summary_lines,
    switch_text,
)

if TYPE_CHECKING:  # pragma: no cover
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


#: Most cells the moving figure takes beside the big digits, and in the compact view (laid out by priority).
BIG_FIGURE_SIZE = (34, 10)
COMPACT_FIGURE_SIZE = (30, 6)
#: At most this many drawn parts are kept (a session shows a few hundred).
DRAWN_KEPT = 512


class EndLine:
    """A line of the end screen or the pain question: drawn in big type (`big`) where the view has room."""

    def __init__(self, text: str, style: str, priority: int, *, big: bool = False) -> None:
        self.text, self.style, self.priority, self.big = text, style, priority, big


def drawing_key(renderable: RenderableType) -> Hashable | None:
    """What decides how `renderable` is drawn at a given width, for the parts drawn again and again: a line of
    text, or anything with a `drawing_key` of its own; None for the rest, drawn every time."""
    if type(renderable) is Text:
        return (
            renderable.plain,
            renderable.style,
            tuple(renderable.spans),
            renderable.justify,
            renderable.overflow,
            renderable.no_wrap,
            renderable.end,
            renderable.tab_size,
        )
    return getattr(renderable, "drawing_key", None)


class LiveDisplay:
    """Shared event handling of the live views; subclasses draw the current state in `render`."""

    #: Redraws closer together than this are skipped unless the step changed.
    min_redraw = 0.1
    #: Whether to use the terminal's alternate screen (the big view fills it).
    full_screen = False
    #: A live view is redrawn in place, so the opening waits for someone to read it.
    opening_waits = True

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
        self.title = ""
        #: What fills the screen instead of a step, while the session waits: the opening, a caution, a pain stop.
        self.opening: OpeningShown | None = None
        self.caution: CautionShown | None = None
        self.asking = False
        #: The caution's answer, shown while the caution is still read out.
        self.answer: Answer | None = None
        self.pain_stop: PainStopShown | None = None
        #: How the session ended, shown on the end screen until the view closes; printed once it has.
        self.summary: Summary | None = None
        self.summary_printed = False
        #: What a person should know about how the session runs (no speech engine): shown on the opening.
        self.notes: list[str] = []
        #: The pain question on the screen, and its answer once given.
        self.pain: PainAsked | None = None
        self.pain_answer: PainAnswered | None = None
        #: SIGWINCH's handler before the big view took it; a resize that came mid-draw, to redraw after it.
        self.previous_winch: Any = None
        self.drawing = self.resize_pending = self.watching = False
        #: Lines of text, digits and bars drawn, by what they show and the width (see `lines`).
        self.drawn: dict[Hashable, Lines] = {}
        #: The big view's screen, used in place of rich's Live (see `fullscreen`).
        self.screen: FullScreen | None = None

    # -- events -----------------------------------------------------------------

    def handle(self, event: Event) -> None:
        match event:
            case SessionStarted(plan=plan):
                self.steps, self.total, self.count = plan.steps, plan.total_seconds, len(plan.exercises)
                self.session_left = self.total
                self.start_live()
            case PainAsked(moment=moment):
                self.start_live()  # before the session: the question is the first thing shown
                if moment is PainMoment.AFTER or self.summary is None:
                    self.pain, self.pain_answer = event, None
                    self.draw(force=True)
            case PainAnswered():
                self.pain_answer = event
                self.draw(force=True)
            case OpeningShown():
                self.pain = self.pain_answer = None
                lines = intro_lines(self.catalogue, self.count, self.total)
                self.print(f"[bold]{escape(lines[0])}[/]")
                for text in lines[1:]:
                    self.print(f"  {escape(text)}")
                self.opening = event
                if event.stays:  # with --yes, say, the first step comes at once
                    self.draw(force=True)
            case ExerciseStarted(exercise=exercise, number=number):
                self.opening = self.pain_stop = None
                text = describe_exercise(self.count, number, exercise, first_hold(self.steps, number))
                self.print(f"[bold cyan]{escape(text)}")
            case CautionShown():
                self.caution, self.asking, self.answer = event, False, None
            case CautionAnswered(answer=answer, caution=caution, exercise=exercise):
                if answer.asked and self.caution is not None:
                    # The caution is still read out before the session goes on: the screen shows the answer taken.
                    self.asking, self.answer = False, answer
                    self.draw(force=True)
                else:
                    self.caution, self.asking = None, False
                if answer is Answer.YES_BY_OPTION:
                    self.print(f"[bold red]{escape(caution_title(exercise))}:[/] {escape(caution.text)}")
                    self.print("[yellow]Caution accepted with --yes.")
                elif answer.asked:
                    self.print(f"{escape(caution_title(exercise))}: answered {answer.value}.")
            case StepStarted(step=step, session_left=session_left):
                if step.kind is StepKind.HOLD:
                    self.notice = None  # a pain notice stays through the next lead-in, then goes
                self.opening = self.caution = self.pain_stop = self.answer = None
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
            case PainStopShown():
                self.pain_stop = event
                self.paused = False
                self.draw(force=True)
            case SessionFinished(summary=summary):
                # The end screen stays until the view closes (a key, a timeout, or at once with --yes); the
                # summary is printed on the normal screen then, where it stays.
                self.summary, self.pain, self.pain_answer = summary, None, None
                self.step = self.opening = self.caution = self.pain_stop = None
                self.paused = self.show_keys = False
                self.draw(force=True)

    def print_summary(self) -> None:
        """The session's summary, on the normal screen once the view is closed: it stays in the scrollback."""
        if self.summary is None or self.summary_printed:
            return
        self.summary_printed = True
        lines = summary_lines(self.summary, self.catalogue.pain_advice)
        with suppress(OSError, ValueError):  # the terminal may have gone away (SIGHUP)
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
            self.notice = pain_advice(self.catalogue)  # the pain stop shows it first, then it stays to the next hold

    # -- drawing ------------------------------------------------------------------

    def print(self, markup: str) -> None:
        """A line that stays: above the live area, or on the normal screen's scrollback."""
        if self.full_screen:
            return  # the big view shows the current state only; the summary is printed at the end
        (self.live.console if self.live else self.console).print(markup)

    def start_live(self) -> None:
        if self.live is not None or self.screen is not None:
            return
        if self.full_screen:
            self.screen = FullScreen(self.console)
            self.screen.start()
            self.push_title()
            self.watch_resizes()
            return
        from rich.live import Live  # not at the top: the compact view's alone; the big one has its screen

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
        if (self.live is None and self.screen is None) or (not force and now - self.last_draw < self.min_redraw):
            return
        self.last_draw = now
        self.drawing = True
        try:
            if self.screen is not None:
                self.screen.show(self.frame())
            elif self.live is not None:
                self.live.update(self.render(), refresh=True)
            self.set_title()
        finally:
            self.drawing = False
        if self.resize_pending:
            self.resize_pending = False
            self.draw(force=True)

    # -- a new terminal size: the screen is laid out again at once, even while the session waits for a key --

    def watch_resizes(self) -> None:
        if not hasattr(signal, "SIGWINCH") or not self.console.is_terminal:
            return
        with suppress(ValueError):  # not the main thread: the next tick redraws instead
            self.previous_winch = signal.signal(signal.SIGWINCH, self.resized)
            self.watching = True

    def resized(self, signum: int, frame: Any) -> None:
        """SIGWINCH: redraw now, or right after the drawing it interrupted."""
        if self.drawing:
            self.resize_pending = True
        else:
            self.draw(force=True)

    def unwatch_resizes(self) -> None:
        if self.watching:
            signal.signal(signal.SIGWINCH, self.previous_winch if self.previous_winch is not None else signal.SIG_DFL)
            self.watching = False

    def render(self) -> RenderableType:
        raise NotImplementedError

    def frame(self) -> Lines:
        """The whole screen as rows, for a full-screen view."""
        raise NotImplementedError

    def rows(self, renderable: RenderableType, width: int | None = None) -> int:
        """How many terminal rows `renderable` takes at the console's width (or `width`)."""
        return len(self.lines(renderable, width=width))

    def lines(
        self,
        renderable: RenderableType,
        centred: bool = False,
        *,
        width: int | None = None,
        justify: JustifyMethod | None = None,
    ) -> Lines:
        """`renderable` drawn as rows as wide as the console (or `width`), centred across it if asked, or set
        as `justify` says when it is a column of its own.

        A line of text, the digits and a bar are drawn once per wording and width: from one second
        to the next most of a screen is the same, and drawing it all again, and measuring its lines
        to lay it out, was most of what a second of counting cost.
        """
        key = drawing_key(renderable)
        if key is not None:
            key = (key, centred, justify, self.console.width if width is None else width)
            if (known := self.drawn.get(key)) is not None:
                return known  # before building the console's options: most parts are found here
        options = self.console.options if width is None else self.console.options.update_width(width)
        if justify is not None:
            options = options.update(justify=justify)
        drawn = (
            self.centred(renderable, options) if centred else self.console.render_lines(renderable, options, pad=True)
        )
        if key is not None:
            if len(self.drawn) >= DRAWN_KEPT:
                self.drawn.clear()
            self.drawn[key] = drawn
        return drawn

    def centred(self, renderable: RenderableType, options: ConsoleOptions) -> Lines:
        """`renderable` at its own width, centred in the width of `options`: as rich's `Align.center` draws it,
        without its second pass over every segment."""
        width = self.console.measure(renderable, options=options).maximum
        lines = self.console.render_lines(renderable, options.update_width(min(width, options.max_width)), pad=False)
        width = max((Segment.get_line_length(line) for line in lines), default=0)
        lines = Segment.set_shape(lines, width)
        excess = options.max_width - width
        if excess <= 0:
            return lines
        left, right = Segment(" " * (excess // 2)), Segment(" " * (excess - excess // 2))
        return [[left, *line, right] if excess // 2 else [*line, right] for line in lines]

    def measured(self, part: Part) -> Part:
        """`part` with its height measured once, so laying out does not measure it again."""
        return part if part.rows is not None else replace(part, rows=self.rows(part.renderable))

    def figure(self, exercise: Exercise, width: int, height: int) -> RenderableType:
        """The exercise's figure at this moment of the countdown, moving between its two poses."""
        assert exercise.figure is not None
        assert self.step is not None
        return moving_figure(exercise.figure, self.step.seconds - self.left, width, height)

    def legend(self) -> RenderableType:
        """The key hint, as long as the width allows; the keys in full after `?`."""
        if self.show_keys:
            return Text("\n".join(f"  {key:>5}  {what}" for key, what in KEY_HELP), style="bold")
        if not self.keys_active:
            return Text("Ctrl-C stops", style="dim", no_wrap=True)
        return Text(key_hint(self.console.size.width), style="dim", no_wrap=True)

    # -- window title: pushed on xterm's title stack at start, popped at the end ------

    def push_title(self) -> None:
        if self.console.is_terminal and not self.console.is_dumb_terminal:
            self._write("\x1b[22;0t")
            self.title_pushed = True

    def set_title(self) -> None:
        if self.title_pushed and self.step is not None:
            # The name is written inside an escape sequence: its own control characters must not end it early.
            title = f"{shown(self.step.exercise.name)} — {clock_text(self.left)} — backrehab"
            if title != self.title:
                self.title = title
                self._write(f"\x1b]2;{title}\x07")

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

    def note(self, text: str) -> None:
        self.notes.append(shown(text))

    def ask(self, exercise: Exercise, caution: Caution) -> None:
        """Show the caution and its question in the view; the answer is one key (`y`, `n`, `q`)."""
        if self.caution is None:
            self.caution = CautionShown(exercise, caution)
        self.asking, self.answer = True, None
        self.draw(force=True)

    # -- Ctrl-Z and `fg`: the terminal given back while stopped, then everything drawn again --------

    def suspend(self) -> None:
        """Leave the alternate screen (or the live area), show the cursor and put the window title back."""
        if self.screen is not None:
            self.screen.stop()
        if self.live is not None:
            with suppress(OSError, ValueError):
                self.live.stop()
        self.pop_title()

    def resume(self) -> None:
        """Back from the shell: the screen taken again and drawn whole, the title set again."""
        if self.screen is not None:
            self.screen.size = (0, 0)  # a new size: cleared and every row written
            self.screen.start()
        elif self.live is not None:
            with suppress(OSError, ValueError):
                self.live.start()
        else:
            return
        self.push_title()
        self.title = ""
        self.draw(force=True)

    def close(self) -> None:
        self.unwatch_resizes()
        if self.live is not None:
            with suppress(OSError, ValueError):  # the terminal may have gone away (SIGHUP)
                self.live.stop()
            self.live = None
        if self.screen is not None:
            self.screen.stop()
            self.screen = None
        self.pop_title()
        self.print_summary()

    # -- the screens while the session waits, as parts to lay out --------------------

    def opening_parts(self, opening: OpeningShown) -> list[Part]:
        """Today's session and its exercises, the advice (dropped from the last when short of room), the safety note
        and the keys."""
        lines = intro_lines(self.catalogue, self.count, self.total)
        advice = len(lines) - 2
        names = ", ".join(exercise.name for exercise in opening.plan.exercises) + "."
        parts = [
            Part(Text(lines[0], style="bold"), Priority.MUST),
            Part(Text(names, style="dim"), Priority.DETAIL + advice + 1),  # the first to go when short of room
        ]
        if lines[1:-1]:
            parts.append(Part(Text(""), Priority.DETAIL + 1))  # goes with the first line of advice
        from rich.table import Table  # not at the top: a session run with --yes shows no opening

        for i, text in enumerate(lines[1:-1], start=1):
            item = Table.grid(padding=(0, 1))
            item.add_row("•", Text(text.removeprefix("- ")))
            parts.append(Part(item, Priority.DETAIL + i))
        parts += [
            Part(Text(""), Priority.DETAIL),
            Part(Text(lines[-1], style="bold yellow"), Priority.MUST),
            Part(Text(""), Priority.DETAIL),
            *self.opening_keys(opening),
        ]
        return parts

    def opening_keys(self, opening: OpeningShown) -> list[Part]:
        """The opening's last lines: the keys, and how it ends when it waits."""
        parts = [Part(Text(OPENING_KEYS if self.keys_active else "Ctrl-C stops", style="bold"), Priority.MUST)]
        if opening.screen_kept_on:
            parts.insert(0, Part(Text(SCREEN_KEPT_ON, style="dim"), Priority.DETAIL))
        for text in reversed(self.notes):
            parts.insert(0, Part(Text(text, style="bold yellow"), Priority.NOTICE))
        if self.keys_active and opening.seconds > 0:
            wait = opening_wait_text(0 if self.show_keys else opening.seconds)  # after ?, only a key ends it
            parts.append(Part(Text(wait), Priority.MUST))
        return parts

    def caution_parts(self, asked: CautionShown, width: int, height: int) -> list[Part]:
        """The caution boxed (unboxed when the box would not fit), the question and its keys."""
        exercise, caution = asked.exercise, asked.caution
        # Text, not markup: catalogue text is shown as written, brackets and colons included.
        title = Text(caution_title(exercise), style="bold red")
        question = [
            Part(Text(""), Priority.DETAIL),
            Part(Text(caution_question(exercise), style="bold"), Priority.MUST),
            Part(Text(self.answer_text(exercise) or (CAUTION_KEYS if self.asking else "")), Priority.MUST),
        ]
        boxed = Part(Panel(Text(caution.text), title=title, border_style="bold red"), Priority.MUST)
        if self.rows(boxed.renderable, width) + sum(self.rows(p.renderable, width) for p in question[1:]) <= height:
            return [boxed, *question]
        return [Part(title, Priority.MUST), Part(Text(caution.text), Priority.MUST), *question]

    def answer_text(self, exercise: Exercise) -> str:
        """What the caution's question was answered, while the caution is still read out; "" before."""
        if self.answer in (Answer.YES, Answer.NO):
            return caution_answer_text(exercise, yes=self.answer is Answer.YES)
        return ""

    def pain_stop_parts(self, stop: PainStopShown) -> list[Part]:
        """The exercise stopped, the advice to ask a physiotherapist, what comes next and what a key does now."""
        stopped, then, keys = pain_stop_lines(stop.exercise, stop.next_exercise, stop.next_number)
        return [
            Part(Text(stopped, style="bold yellow"), Priority.MUST),
            Part(Text(""), Priority.DETAIL),
            Part(Text(pain_advice(self.catalogue), style="bold"), Priority.MUST),
            Part(Text(""), Priority.DETAIL),
            Part(Text(then), Priority.MUST),
            Part(Text(keys, style="bold"), Priority.MUST),
        ]

    def waiting_parts(self, width: int, height: int) -> list[Part] | None:
        """The parts of the screen shown while the session waits, or None during a step; the keys after `?`."""
        if self.summary is not None or self.pain is not None:
            return self.end_parts(width, height)
        if self.pain_stop is not None:
            parts = self.pain_stop_parts(self.pain_stop)
        elif self.caution is not None:
            parts = self.caution_parts(self.caution, width, height)
        elif self.opening is not None:
            parts = self.opening_parts(self.opening)
        else:
            return None
        if self.show_keys:
            listed: RenderableType = self.legend()
            must = sum(self.rows(part.renderable, width) for part in parts if part.priority == Priority.MUST)
            if must + self.rows(listed, width) > height:
                listed = Text(KEY_HINTS[0], style="bold")  # the list, folded into as few lines as fit
            parts += [Part(Text(""), Priority.DETAIL), Part(listed, Priority.KEYS)]
        return parts

    def end_lines(self) -> list[EndLine]:
        """The end screen (how the session ended, what was done) and the pain question after it, or the pain
        question alone before the session."""
        lines: list[EndLine] = []
        summary = self.summary
        if summary is not None:
            completed = summary.status is Status.COMPLETED
            heading = END_HEADINGS.get(summary.status.value, summary.status.value)
            lines.append(EndLine(heading, "bold green" if completed else "bold yellow", Priority.MUST, big=True))
            counts = end_counts(summary)
            lines.append(EndLine(" · ".join(counts), "bold", Priority.MUST))
            if any(r.outcome is Outcome.STOPPED_PAIN for r in summary.results):
                lines.append(EndLine(pain_advice(self.catalogue), "yellow", Priority.NOTICE))
            lines.append(EndLine("", "", Priority.DETAIL))
        pain = self.pain
        if pain is not None:
            before = pain.moment is PainMoment.BEFORE
            lines.append(
                EndLine(PAIN_BEFORE_HEADING if before else PAIN_AFTER_HEADING, "bold", Priority.MUST, big=True)
            )
            answer = self.pain_answer
            if answer is not None:  # the answer as big as the scale was, then in words
                if answer.pain is not None:
                    lines.append(EndLine(str(answer.pain), "bold green", Priority.MUST, big=True))
                lines.append(EndLine(pain_noted(answer.pain), "bold green", Priority.MUST))
            elif pain.typed:  # a 1 that a 0 may still make 10
                lines.append(EndLine(pain.typed, "bold yellow", Priority.MUST, big=True))
                lines.append(EndLine(PAIN_ONE_TYPED, "bold yellow", Priority.MUST))
            else:
                lines.append(EndLine(PAIN_SCALE, "bold cyan", Priority.MUST, big=True))
                lines.append(EndLine(pain_question_text(pain.moment), "", Priority.NOTICE))
                lines.append(EndLine(PAIN_KEYS, "bold", Priority.MUST))
        elif summary is not None and self.keys_active:
            lines.append(EndLine(END_KEYS, "bold", Priority.MUST))
        return lines

    def end_parts(self, width: int, height: int) -> list[Part]:
        """The end screen's lines as parts, each a line of text (the big view sets some in big type)."""
        return [Part(Text(line.text, style=line.style, justify="center"), line.priority) for line in self.end_lines()]

    def render_compact(self) -> RenderableType:
        """A few lines: countdown with a bar, rep and side, overall progress."""
        width, height = self.console.size
        if self.opening is not None and self.pain_stop is None and self.caution is None:
            # The opening's text is printed above, where it stays; below it, only how to go on.
            return Group(*(part.renderable for part in self.opening_keys(self.opening)))
        waiting = self.waiting_parts(width, height)
        if waiting is not None:
            return Group(*(part.renderable for part in waiting))
        step = self.step
        if step is None:
            return Text("")
        exercise = step.exercise
        from rich.table import Table  # not at the top: the compact view's alone

        head = Table.grid(expand=True)
        head.add_column()
        head.add_column(justify="right")
        head.add_row(
            Text(f"{exercise_of_text(step.number, self.count)} · {exercise.name}", style="bold"),
            Text(f"{clock_text(self.session_left)} left in session", style="dim"),
        )
        parts = [Part(head, Priority.MUST)]
        style = PHASE_STYLE.get(step.kind, "bold")
        if step.kind is StepKind.LEAD_IN:
            parts.append(Part(Text(position_text(exercise)), Priority.MUST))
            if exercise.figure is not None:
                parts.append(Part(self.figure(exercise, *COMPACT_FIGURE_SIZE), Priority.PICTURE))
            numbered = [Text(f"  {n}. {text}", style="dim") for n, text in enumerate(exercise.steps, start=1)]
            parts.append(Part(Group(*numbered), Priority.DETAIL))
            cautions = [Text(f"  Caution: {c.text}", style="yellow") for c in exercise.cautions if not c.confirm]
            parts.append(Part(Group(*cautions), Priority.NOTICE))
            label = f"Starting in {clock_text(self.left)}"
        elif step.kind is StepKind.HOLD:
            parts.append(Part(Text(rep_text(step).capitalize(), style="bold"), Priority.MUST))
            label = f"HOLD  {clock_text(self.left)}"
        elif step.kind is StepKind.SWITCH:
            parts.append(Part(Text(next_text(step), style="bold"), Priority.MUST))
            label = f"{switch_text(step)} — get ready  {clock_text(self.left)}"
        else:
            parts.append(Part(Text(next_text(step), style="bold"), Priority.MUST))
            label = f"Relax  {clock_text(self.left)}"
        parts.append(Part(Text(label, style=style), Priority.MUST))
        parts.append(Part(bar(step.seconds, step.seconds - self.left), Priority.PROGRESS, rows=1))
        if step.kind is StepKind.HOLD:
            breathe_style = "bold yellow" if exercise.breathing_reminder else ("italic" if self.breathe else "dim")
            parts.append(Part(Text(breathe_text(exercise), style=breathe_style), Priority.NOTICE))
        if self.notice:
            parts.append(Part(Text(self.notice, style="bold yellow"), Priority.NOTICE))
        if self.paused:
            parts.append(Part(Text(PAUSED_LABEL, style="bold reverse"), Priority.MUST))
        parts.append(Part(bar(self.total, self.total - self.session_left), Priority.PROGRESS, rows=1))
        parts.append(Part(self.legend(), Priority.KEYS))
        # The lines above scroll away; these must fit the screen, or their bottom would be cut.
        return Group(*(part.renderable for part, _ in fit(parts, height - 1, self.rows)))


class CompactDisplay(LiveDisplay):
    """A few lines redrawn in place: countdown with a bar, rep and side, overall progress."""

    def render(self) -> RenderableType:
        return self.render_compact()


def bar(total: float, done: float, style: str = "bar.complete") -> RenderableType:
    """A full-width progress bar on a line of its own."""
    return Bar(max(total, 0.001), max(0.0, done), style)


class Bar:
    """A progress bar as wide as it is given, ending its line (a bare ProgressBar ends no line in a Group)."""

    def __init__(self, total: float, done: float, style: str) -> None:
        self.total, self.done, self.style = total, done, style
        self.drawing_key = ("bar", total, done, style)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        drawn = ProgressBar(total=self.total, completed=self.done, width=None, complete_style=self.style)
        yield from console.render(drawn, options)
        yield Segment.line()
