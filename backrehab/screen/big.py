"""The big view: the whole screen, the seconds left in digits readable from across a room.

Laid out by priority (see `layout`) at every size down to 40×12. What it hears,
and the screens shown while the session waits, it shares with the compact view
in `live`.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from rich.align import Align
from rich.console import Console, ConsoleOptions, RenderableType
from rich.measure import Measurement
from rich.padding import Padding
from rich.segment import Segment, SegmentLines
from rich.text import Text

from backrehab.catalogue.model import Exercise
from backrehab.figures.cells import figure_cells, size_for
from backrehab.plan import Step, StepKind
from backrehab.screen import digits as bigdigits
from backrehab.screen.layout import KEY_HINTS, Lines, Part, Priority, fit, stack_lines
from backrehab.screen.live import BIG_FIGURE_SIZE, PHASE_LABEL, PHASE_STYLE, LiveDisplay, bar
from backrehab.wording import (
    PAUSED_LABEL,
    breathe_text,
    clock_text,
    exercise_of_text,
    next_text,
    position_text,
    rep_text,
)

#: Rows the big view keeps for the lines around the digits when it sizes them, whatever the phase:
#: progress, name, two "what now" lines, phase, bar, reminder, keys. So the get-ready digits are
#: as tall as the hold's, and the digits keep their size through a session.
AROUND_DIGITS = 8
#: The widest the text of the opening, a caution or a pain stop is set, for lines easy to read.
WAITING_WIDTH = 72
#: The least room (columns, rows) worth drawing the figure in.
MIN_FIGURE_SIZE = (16, 5)
#: The largest scale of the digits (a 200×60 terminal fits scale 10).
LARGEST_SCALE = 12
#: Columns between the get-ready figure and the digits beside it.
FIGURE_GAP = 4
#: The largest scale of the end screen's headings.
END_LARGEST_SCALE = 3


class Digits:
    """The big digits' rows in one style, drawn as they are, as one block: set right, every row moves alike.

    A `Text` is split into lines, wrapped and joined again at every redraw, and the digits are most of
    the screen: handing rich the rows ready-made is a good part of what a second of counting costs.
    """

    def __init__(self, rows: list[str], style: str) -> None:
        self.rows = rows
        self.style = style
        self.width = max((len(row) for row in rows), default=0)  # the font's cells are one column each
        self.drawing_key = ("digits", *rows, style)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        justify = options.justify
        style = console.get_style(self.style)
        width = options.max_width
        # Set as one block: every row moves by the same columns, so each glyph keeps its shape.
        spare = max(0, width - self.width)
        before = {"right": spare, "center": spare // 2}.get(justify or "", 0)
        after = spare - before if justify in ("left", "center", "full", "right") else 0
        for row in self.rows:
            yield Segment(" " * before + row[:width] + " " * after, style)
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(self.width, self.width).clamp(max_width=options.max_width)


class Drawn:
    """Rows already drawn, as wide as `width`: parts put together by hand, for less work than a table's."""

    drawing_key = None

    def __init__(self, rows: Lines, width: int) -> None:
        self.rows = rows
        self.width = width

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        for row in self.rows:
            yield from row
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(self.width, self.width).clamp(max_width=options.max_width)


class BigDisplay(LiveDisplay):
    """The whole screen: exercise, side and rep above, the seconds left in big digits, the phase below.

    Laid out by priority at every size down to 40×12: the digits and the "what now"
    lines first, then the key hint, the reminders, the figure, the progress and the
    steps; what does not fit is dropped whole, never cut.
    """

    full_screen = True
    #: The current step's layout, kept while it holds (see `step_layout`).
    layout: StepLayout | None = None

    def render(self) -> RenderableType:
        return SegmentLines(self.frame(), new_lines=True)

    def frame(self) -> Lines:
        """The screen's rows: a step, or what is shown while the session waits."""
        width, height = self.console.size
        if self.summary is not None or self.pain is not None:  # the end screen and the pain question: full width
            return stack_lines(fit(self.end_parts(width - 2, height), height, self.rows), width, height, self.lines)
        column = min(WAITING_WIDTH, width - 2)
        waiting = self.waiting_parts(column, height)
        if waiting is not None:  # a column of text in the middle of the screen, easier to read than full width
            left = (width - column) // 2
            margins = (0, width - column - left, 0, left)
            parts = [Part(Padding(part.renderable, margins), part.priority) for part in waiting]
            return stack_lines(fit(parts, height, self.rows), width, height, self.lines)
        if self.step is None:
            return []
        return stack_lines(fit(self.step_parts(self.step, width, height), height, self.rows), width, height, self.lines)

    def end_parts(self, width: int, height: int) -> list[Part]:
        """The end screen and the pain question with their headings in big type: as large as the screen allows,
        then, where they do not all fit, the last first set as one line of bold text, so what must be seen stays."""
        lines = self.end_lines()
        words = {id(line): Text(line.text, style=line.style, justify="center") for line in lines}
        text_rows = {id(line): self.rows(words[id(line)]) for line in lines}
        big = [line for line in lines if line.big and bigdigits.drawable(line.text)]

        def needed(scales: dict[int, int]) -> int:
            """The rows of what must be seen; the rest is left out by priority when short of room."""
            return sum(
                bigdigits.HEIGHT * scales[id(line)] if scales.get(id(line)) else text_rows[id(line)]
                for line in lines
                if line.priority == Priority.MUST
            )

        scales = {id(line): bigdigits.fitting_scale(line.text, width, height, END_LARGEST_SCALE) for line in big}
        for largest in range(END_LARGEST_SCALE, 0, -1):  # one scale for every heading, as large as fits
            scales = {key: min(scale, largest) for key, scale in scales.items()}
            if needed(scales) <= height:
                break
        for line in reversed(big):  # still too tall: the last headings become text
            if needed(scales) <= height:
                break
            scales[id(line)] = 0
        parts = []
        for line in lines:
            scale = scales.get(id(line), 0)
            if scale:
                rows = bigdigits.render(line.text, scale)
                parts.append(Part(Align.center(Digits(rows, line.style)), line.priority, rows=len(rows)))
            else:
                parts.append(Part(words[id(line)], line.priority, rows=text_rows[id(line)]))
        return parts

    def step_parts(self, step: Step, width: int, height: int) -> list[Part]:
        """The parts of a step's screen: what changes each second (the clock, the digits, the bar, the figure)
        made anew, around the rest, laid out once for the step (see `step_layout`)."""
        layout = self.step_layout(step, width, height)
        header = Part(
            Text(
                f"{exercise_of_text(step.number, self.count)} · {clock_text(self.session_left)} left",
                style="dim",
                no_wrap=True,
                overflow="ellipsis",
            ),
            Priority.PROGRESS,
            rows=1,
        )
        progress = Part(bar(step.seconds, step.seconds - self.left, layout.style), Priority.PROGRESS, rows=1)
        digits: RenderableType
        if layout.scale:
            digits = Digits(bigdigits.render(bigdigits.seconds_text(int(self.left)), layout.scale), layout.style)
        else:  # below the smallest size: the seconds as one line of text
            digits = Text(clock_text(self.left), style=layout.style, justify="center")
        above: list[Part] = []
        if layout.beside is not None:  # beside the digits: it costs no rows
            figure = self.step_figure(step, *layout.beside)
            digits = self.beside(figure, layout.beside[0], digits, layout.digits_size[0], FIGURE_GAP)
        else:
            if layout.on_top is not None:
                above.append(Part(Align.center(self.step_figure(step, *layout.on_top)), Priority.PICTURE))
            if layout.scale:
                digits = self.beside(None, 0, digits, layout.digits_size[0], 0)
        middle = Part(digits, Priority.MUST, fill=True, rows=layout.digits_size[1])
        return [header, *layout.now, *above, middle, layout.label, progress, *layout.below, layout.keys]

    def step_layout(self, step: Step, width: int, height: int) -> StepLayout:
        """What a step's screen shows all through the step, laid out once: kept until the step, the screen's size
        or what it shows (paused, the keys, a notice, the breathing reminder) changes."""
        key = (width, height, self.paused, self.breathe, self.notice, self.show_keys, self.keys_active)
        if self.layout is not None and self.layout.step is step and self.layout.key == key:
            return self.layout
        exercise = step.exercise
        style = "bold white" if self.paused else PHASE_STYLE.get(step.kind, "bold")
        now = [Part(Text(exercise.name, style="bold", justify="center"), Priority.MUST)]
        if step.kind is StepKind.HOLD:
            now.append(Part(Text(rep_text(step).upper(), style="bold", justify="center"), Priority.MUST))
        elif step.kind is StepKind.SWITCH:
            now.append(Part(Text("OTHER SIDE", style="bold yellow", justify="center"), Priority.MUST))
            now.append(Part(Text(next_text(step), style="bold", justify="center"), Priority.MUST))
        elif step.kind is StepKind.LEAD_IN:
            now.append(Part(Text(position_text(exercise), justify="center"), Priority.MUST))
        else:
            now.append(Part(Text("Relax", justify="center"), Priority.MUST))
            now.append(Part(Text(next_text(step), style="bold", justify="center"), Priority.MUST))
        now = [self.measured(part) for part in now]
        phase = PAUSED_LABEL if self.paused else PHASE_LABEL.get(step.kind, "")
        label = self.measured(Part(Text(phase, style=style, justify="center"), Priority.MUST))
        below = []
        if step.kind is StepKind.HOLD:
            emphasis = "bold yellow" if exercise.breathing_reminder or self.breathe else ""
            below.append(Part(Text(breathe_text(exercise), style=emphasis, justify="center"), Priority.NOTICE))
        if self.notice:
            below.append(Part(Text(self.notice, style="yellow", justify="center"), Priority.NOTICE))
        if step.kind is StepKind.LEAD_IN and exercise.steps:
            numbered = "\n".join(f"{n}. {text}" for n, text in enumerate(exercise.steps, start=1))
            below.append(Part(Text(numbered, style="dim"), Priority.DETAIL))  # each line wraps on its own
        keys = self.measured(Part(self.legend(), Priority.KEYS))
        if keys.rows and keys.rows > 1 and self.fixed_rows([*now, label, keys]) + bigdigits.HEIGHT > height:
            folded = Text(KEY_HINTS[0], style="bold", justify="center")  # the table, folded
            keys = self.measured(Part(folded, Priority.KEYS))

        # Sized for the exercise's widest number, so neither the digits nor the figure move mid-step, nor from
        # one phase of the exercise to the next.
        widest = self.widest_seconds(step)
        must_rows = self.fixed_rows([*now, label, keys])
        room = height - max(AROUND_DIGITS, must_rows)
        if room < bigdigits.HEIGHT:  # a small terminal: the digits get all but what must be seen
            room = height - must_rows
        scale = 0
        if room >= bigdigits.HEIGHT:
            scale = bigdigits.best_scale(widest, width - 2, room, LARGEST_SCALE)
            digits_size = (bigdigits.width(widest, scale), bigdigits.HEIGHT * scale)
        else:
            digits_size = (len(clock_text(step.seconds)), 1)
        beside = on_top = None
        if scale:
            room = min(width - 2 - FIGURE_GAP - digits_size[0], width // 2)
            beside = self.picture_size(exercise, room, digits_size[1], beside=True)
        if beside is None:
            on_top = self.picture_size(exercise, width - 2, height - must_rows - digits_size[1])
        self.layout = StepLayout(step, key, style, now, label, below, keys, scale, digits_size, beside, on_top)
        return self.layout

    def widest_seconds(self, step: Step) -> str:
        """The widest number any step of `step`'s exercise starts from: what its digits are sized for."""
        steps = [s for s in self.steps if s.number == step.number and s.kind is not StepKind.CAUTION] or [step]
        texts = [bigdigits.seconds_text(math.ceil(s.seconds)) for s in steps]
        return max(texts, key=bigdigits.width)

    def step_figure(self, step: Step, width: int, height: int) -> RenderableType:
        """The exercise's figure in this phase: moving into the held pose while getting ready, the held pose
        during a hold, the starting pose in a rest or a side change."""
        if step.kind is StepKind.LEAD_IN:
            return self.figure(step.exercise, width, height)
        assert step.exercise.figure is not None
        phase = 1.0 if step.kind is StepKind.HOLD else 0.0
        return figure_cells(step.exercise.figure, phase, *size_for(step.exercise.figure, width, height))

    def beside(
        self, figure: RenderableType | None, figure_width: int, digits: RenderableType, digits_width: int, gap: int
    ) -> Drawn:
        """The figure centred in `figure_width` columns, `gap` columns left of the digits, centred on their
        height; the digits set right in `digits_width` columns. Every width is fixed for the exercise, so
        neither the figure nor the digits move as the seconds go from 10 to 9 or the phase changes."""
        left = self.lines(figure, True, width=figure_width) if figure is not None else []
        right = self.lines(digits, width=digits_width, justify="right")
        height = max(len(left), len(right))
        top = (height - len(left)) // 2
        space = Segment(" " * gap)
        blank_left, blank_right = [Segment(" " * figure_width)], [Segment(" " * digits_width)]
        rows = [
            [
                *(left[n - top] if 0 <= n - top < len(left) else blank_left),
                space,
                *(right[n] if n < len(right) else blank_right),
            ]
            for n in range(height)
        ]
        return Drawn(rows, figure_width + gap + digits_width)

    def fixed_rows(self, parts: list[Part]) -> int:
        return sum(self.measured(part).rows or 0 for part in parts)

    def picture_size(
        self, exercise: Exercise, columns: int, rows: int, *, beside: bool = False
    ) -> tuple[int, int] | None:
        """The cells (columns, rows) the exercise's figure takes in `columns` × `rows`: beside the digits as tall
        as they are where the width allows, above them no more than `BIG_FIGURE_SIZE`; None if it has none or
        there is too little room for a figure worth reading."""
        if not beside:
            columns, rows = min(columns, BIG_FIGURE_SIZE[0]), min(rows, BIG_FIGURE_SIZE[1])
        if exercise.figure is None or columns < MIN_FIGURE_SIZE[0] or rows < MIN_FIGURE_SIZE[1]:
            return None
        size = size_for(exercise.figure, columns, rows)
        return size if size[0] >= MIN_FIGURE_SIZE[0] or size[1] >= MIN_FIGURE_SIZE[1] else None


class StepLayout:
    """A step's screen as it stays all through the step (see `BigDisplay.step_layout`): its lines of text,
    the digits' scale and size (scale 0: the seconds as text), and the figure's room beside the digits or
    above them, if any."""

    def __init__(
        self,
        step: Step,
        key: tuple[object, ...],
        style: str,
        now: list[Part],
        label: Part,
        below: list[Part],
        keys: Part,
        scale: int,
        digits_size: tuple[int, int],
        beside: tuple[int, int] | None,
        on_top: tuple[int, int] | None,
    ) -> None:
        self.step, self.key, self.style = step, key, style
        self.now, self.label, self.below, self.keys = now, label, below, keys
        self.scale, self.digits_size, self.beside, self.on_top = scale, digits_size, beside, on_top
