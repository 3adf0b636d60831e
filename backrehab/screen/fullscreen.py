"""The big view's screen: the terminal's alternate screen, rewritten row by row, only the rows that changed.

Once a second the big view redraws, and from one second to the next only the
digits, the clock and the bar change. Handing rich's Live the whole screen made
it lay out, cut and write every row again; this writes the rows that differ
from what is on screen, each at its place, so counting costs next to no CPU.
"""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING

from rich.console import COLOR_SYSTEMS
from rich.segment import Segment

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console
    from rich.segment import Segment

#: Rows kept ready as text with their escape sequences, by their segments (a session shows a few hundred).
ROWS_KEPT = 1024


class FullScreen:
    """The alternate screen, shown from `start` to `stop`; `show` puts a frame of rows on it."""

    def __init__(self, console: Console) -> None:
        self.console = console
        #: The rows on screen, as written, and the size they were written for.
        self.shown: list[str] = []
        self.size = (0, 0)
        self.written: dict[tuple[object, ...], str] = {}
        self.active = False

    def start(self) -> None:
        self.console.set_alt_screen(True)
        self.console.show_cursor(False)
        self.active = True

    def stop(self) -> None:
        if not self.active:
            return
        self.active = False
        with suppress(OSError, ValueError):  # the terminal may have gone away (SIGHUP)
            self.console.show_cursor(True)
            self.console.set_alt_screen(False)

    def show(self, lines: list[list[Segment]]) -> None:
        """Put `lines` on screen, cut or padded to its size: a new size clears it, otherwise only changed rows go."""
        width, height = self.console.size
        rows = [self.row(line, width) for line in lines[:height]]
        rows += [" " * width] * (height - len(rows))
        out: list[str] = []
        if (width, height) != self.size:
            self.size, self.shown = (width, height), []
            out.append("\x1b[H\x1b[2J")
        for y, row in enumerate(rows):
            if y >= len(self.shown) or self.shown[y] != row:
                out.append(f"\x1b[{y + 1};1H{row}")
        self.shown = rows
        if out:
            with suppress(OSError, ValueError):
                self.console.file.write("".join(out))
                self.console.file.flush()

    def row(self, line: list[Segment], width: int) -> str:
        """One row as the terminal is sent it, `width` cells: each piece of text in its style, colours as the
        console allows."""
        key = (width, *line)
        if (known := self.written.get(key)) is not None:
            return known
        line = Segment.adjust_line_length(line, width)  # a row longer than the screen would wrap onto the next
        system = COLOR_SYSTEMS.get(self.console.color_system or "")
        if self.console.no_color and system:
            line = list(Segment.remove_color(line))
        text = "".join(
            style.render(text, color_system=system) if style else text for text, style, control in line if not control
        )
        if len(self.written) >= ROWS_KEPT:
            self.written.clear()
        self.written[key] = text
        return text
