"""The big view: the whole screen, the seconds left in digits readable from across a room.

Laid out by priority (see `layout`) at every size down to 40×12. What it hears,
and the screens shown while the session waits, it shares with the compact view
in `live`.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from . import bigdigits
from .catalogue import Exercise
from .display import breathe_text, next_text, rep_text
from .layout import KEY_HINTS, Part, Priority, fit, stack
from .live import BIG_FIGURE_SIZE, PHASE_LABEL, PHASE_STYLE, LiveDisplay, bar
from .plan import Step, StepKind
from .wording import clock_text

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import RenderableType

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


class BigDisplay(LiveDisplay):
    """The whole screen: exercise, side and rep above, the seconds left in big digits, the phase below.

    Laid out by priority at every size down to 40×12: the digits and the "what now"
    lines first, then the key hint, the reminders, the figure, the progress and the
    steps; what does not fit is dropped whole, never cut.
    """

    full_screen = True

    def render(self) -> RenderableType:
        from rich.padding import Padding

        width, height = self.console.size
        column = min(WAITING_WIDTH, width - 2)
        waiting = self.waiting_parts(column, height)
        if waiting is not None:  # a column of text in the middle of the screen, easier to read than full width
            left = (width - column) // 2
            margins = (0, width - column - left, 0, left)
            parts = [Part(Padding(part.renderable, margins), part.priority) for part in waiting]
            return stack(fit(parts, height, self.rows), height)
        if self.step is None:
            from rich.text import Text

            return Text("")
        return stack(fit(self.step_parts(self.step, width, height), height, self.rows), height)

    def step_parts(self, step: Step, width: int, height: int) -> list[Part]:
        from rich.console import Group
        from rich.table import Table
        from rich.text import Text

        exercise = step.exercise
        style = "bold white" if self.paused else PHASE_STYLE.get(step.kind, "bold")
        header = Part(
            Text(
                f"Exercise {step.number} of {self.count} · {clock_text(self.session_left)} left",
                style="dim",
                no_wrap=True,
                overflow="ellipsis",
            ),
            Priority.PROGRESS,
            rows=1,
        )
        now = [Part(Text(exercise.name, style="bold", justify="center"), Priority.MUST)]
        if step.kind is StepKind.HOLD:
            now.append(Part(Text(rep_text(step).upper(), style="bold", justify="center"), Priority.MUST))
        elif step.kind is StepKind.SWITCH:
            now.append(Part(Text("OTHER SIDE", style="bold yellow", justify="center"), Priority.MUST))
            now.append(Part(Text(next_text(step), style="bold", justify="center"), Priority.MUST))
        elif step.kind is StepKind.LEAD_IN:
            now.append(Part(Text(f"Get into position: {exercise.position}", justify="center"), Priority.MUST))
        else:
            now.append(Part(Text("Relax", justify="center"), Priority.MUST))
            now.append(Part(Text(next_text(step), style="bold", justify="center"), Priority.MUST))
        now = [self.measured(part) for part in now]
        phase = "PAUSED — space to go on" if self.paused else PHASE_LABEL.get(step.kind, "")
        label = self.measured(Part(Text(phase, style=style, justify="center"), Priority.MUST))
        below = [Part(bar(step.seconds, step.seconds - self.left, style), Priority.PROGRESS, rows=1)]
        if step.kind is StepKind.HOLD:
            emphasis = "bold yellow" if exercise.breathing_reminder or self.breathe else ""
            below.append(Part(Text(breathe_text(exercise), style=emphasis, justify="center"), Priority.NOTICE))
        if self.notice:
            below.append(Part(Text(self.notice, style="yellow", justify="center"), Priority.NOTICE))
        if step.kind is StepKind.LEAD_IN and exercise.steps:
            numbered = [Text(f"{n}. {text}", style="dim") for n, text in enumerate(exercise.steps, start=1)]
            below.append(Part(Group(*numbered), Priority.DETAIL))
        keys = self.measured(Part(self.legend(), Priority.KEYS))
        if keys.rows and keys.rows > 1 and self.fixed_rows([*now, label, keys]) + bigdigits.HEIGHT > height:
            folded = Text(KEY_HINTS[0], style="bold", justify="center")  # the table, folded
            keys = self.measured(Part(folded, Priority.KEYS))

        shown = bigdigits.seconds_text(int(self.left))
        # Sized for the step's first, widest number, so neither the digits nor the figure move mid-step.
        widest = bigdigits.seconds_text(math.ceil(step.seconds))
        must_rows = self.fixed_rows([*now, label, keys])
        room = height - max(AROUND_DIGITS, must_rows)
        if room < bigdigits.HEIGHT:  # a small terminal: the digits get all but what must be seen
            room = height - must_rows
        digits: Any
        if room >= bigdigits.HEIGHT:
            scale = bigdigits.best_scale(widest, width - 2, room, LARGEST_SCALE)
            digits = Text("\n".join(bigdigits.render(shown, scale)), style=style, no_wrap=True)
            digits_size = (bigdigits.width(widest, scale), bigdigits.HEIGHT * scale)
        else:  # below the smallest size: the seconds as one line of text
            digits = Text(clock_text(self.left), style=style, justify="center")
            digits_size = (len(clock_text(self.left)), 1)
        above: list[Part] = []
        if step.kind is StepKind.LEAD_IN:
            gap = 4
            beside = self.picture(exercise, width - 2 - gap - digits_size[0], digits_size[1])
            if beside is not None:
                grid = Table.grid(padding=(0, gap))
                grid.add_column(vertical="middle")
                grid.add_column(width=digits_size[0], justify="right")  # the figure stays put as digits go
                grid.add_row(beside, digits)
                digits = grid  # beside the digits: it costs no rows
            elif (on_top := self.picture(exercise, width - 2, height - must_rows - digits_size[1])) is not None:
                from rich.align import Align

                above.append(Part(Align.center(on_top), Priority.PICTURE))
        middle = Part(digits, Priority.MUST, fill=True, rows=digits_size[1])
        return [header, *now, *above, middle, label, *below, keys]

    def fixed_rows(self, parts: list[Part]) -> int:
        return sum(self.measured(part).rows or 0 for part in parts)

    def picture(self, exercise: Exercise, columns: int, rows: int) -> RenderableType | None:
        """The exercise's moving figure in at most `columns` × `rows` cells (and `BIG_FIGURE_SIZE`);
        None if it has none or there is too little room for a figure worth reading."""
        columns, rows = min(columns, BIG_FIGURE_SIZE[0]), min(rows, BIG_FIGURE_SIZE[1])
        if exercise.figure is None or columns < MIN_FIGURE_SIZE[0] or rows < MIN_FIGURE_SIZE[1]:
            return None
        return self.figure(exercise, columns, rows)
