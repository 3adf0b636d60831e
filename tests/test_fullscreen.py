"""The big view's screen: only the rows that changed are written, each at its place."""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from backrehab.catalogue.model import Catalogue
from backrehab.screen.fullscreen import FullScreen
from backrehab.screen.live import CompactDisplay, bar

ROW_AT = re.compile(r"\x1b\[(\d+);1H")


@pytest.fixture(autouse=True)
def a_terminal_that_can(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests' usual TERM=dumb and COLUMNS would stop the screen's escapes and set every console's width."""
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("COLUMNS", raising=False)


def terminal(width: int = 20, height: int = 4, **options: object) -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    console = Console(file=out, width=width, height=height, force_terminal=True, color_system="truecolor", **options)  # type: ignore[arg-type]
    return console, out


def frame(*texts: str, style: Style | None = None) -> list[list[Segment]]:
    return [[Segment(text, style)] for text in texts]


def written_rows(out: io.StringIO, since: int) -> list[int]:
    return [int(row) for row in ROW_AT.findall(out.getvalue()[since:])]


def test_the_first_frame_clears_the_screen_and_writes_every_row() -> None:
    console, out = terminal()
    screen = FullScreen(console)
    screen.show(frame("one", "two"))
    written = out.getvalue()
    assert written.startswith("\x1b[H\x1b[2J")
    assert written_rows(out, 0) == [1, 2, 3, 4]  # the rows below the frame are blanked too
    assert "one" + " " * 17 in written  # each row as wide as the screen, so nothing old shows past its end


def test_only_changed_rows_are_written_again() -> None:
    console, out = terminal()
    screen = FullScreen(console)
    screen.show(frame("Hold", "0:05", "keys"))
    before = out.tell()
    screen.show(frame("Hold", "0:04", "keys"))
    assert written_rows(out, before) == [2]
    assert "0:04" in out.getvalue()[before:]
    before = out.tell()
    screen.show(frame("Hold", "0:04", "keys"))
    assert out.getvalue()[before:] == ""  # nothing changed, nothing written


def test_a_new_size_clears_and_writes_every_row() -> None:
    console, out = terminal()
    screen = FullScreen(console)
    screen.show(frame("a", "b"))
    console.size = (30, 3)
    before = out.tell()
    screen.show(frame("a", "b"))
    assert out.getvalue()[before:].startswith("\x1b[H\x1b[2J")
    assert written_rows(out, before) == [1, 2, 3]


def test_rows_are_cut_to_the_screen() -> None:
    """A frame taller or wider than the screen is cut: a long row would wrap onto the next and scroll."""
    console, out = terminal(width=5, height=2)
    FullScreen(console).show(frame("abcdefgh", "ij", "never"))
    written = out.getvalue()
    assert "abcde" in written
    assert "abcdef" not in written
    assert "never" not in written
    assert written_rows(out, 0) == [1, 2]


def test_styles_are_written_as_the_console_allows() -> None:
    console, out = terminal()
    FullScreen(console).show(frame("go", style=Style.parse("bold green")))
    assert "\x1b[1;32mgo\x1b[0m" in out.getvalue()
    console, out = terminal(no_color=True)
    FullScreen(console).show(frame("go", style=Style.parse("bold green")))
    assert "\x1b[1mgo\x1b[0m" in out.getvalue()  # bold stays, colour goes


def test_start_and_stop_switch_the_alternate_screen_and_the_cursor() -> None:
    console, out = terminal()
    screen = FullScreen(console)
    screen.start()
    assert "\x1b[?1049h" in out.getvalue()
    assert "\x1b[?25l" in out.getvalue()
    screen.stop()
    assert out.getvalue().endswith("\x1b[?25h\x1b[?1049l")
    before = out.tell()
    screen.stop()  # twice is harmless
    assert out.getvalue()[before:] == ""


def test_a_part_is_drawn_once_per_wording_and_width(catalogue: Catalogue) -> None:
    """What a view keeps drawn is what drawing it afresh gives, and a change of wording, style or width is
    drawn again, never taken from what was kept."""
    console, _ = terminal(width=40, height=12)
    display = CompactDisplay(catalogue, console)

    def fresh(renderable: object, width: int = 40) -> list[list[Segment]]:
        return Console(width=width, force_terminal=True, color_system="truecolor").render_lines(
            renderable,  # type: ignore[arg-type]
            pad=True,
        )

    first = display.lines(Text("Keep breathing.", style="bold"))
    assert display.lines(Text("Keep breathing.", style="bold")) is first
    assert first == fresh(Text("Keep breathing.", style="bold"))
    assert display.lines(Text("Keep breathing.", style="dim")) == fresh(Text("Keep breathing.", style="dim"))
    assert display.lines(Text("Keep breathing!", style="bold")) == fresh(Text("Keep breathing!", style="bold"))
    assert display.lines(Text("Keep breathing.", style="bold"), width=10) == fresh(
        Text("Keep breathing.", style="bold"), 10
    )
    assert display.lines(bar(10, 3)) == fresh(bar(10, 3))
    assert display.lines(bar(10, 4)) == fresh(bar(10, 4))


def test_an_opening_the_session_does_not_wait_on_is_not_drawn(catalogue: Catalogue) -> None:
    """With --yes the first step follows the opening at once: drawing it would be work nobody sees. An opening
    said aloud stays while it is said, so it is drawn, as is one that waits for a key."""
    from backrehab.plan import make_plan
    from backrehab.screen.big import BigDisplay
    from backrehab.session.events import OpeningShown, SessionStarted

    plan = make_plan(catalogue)
    for opening, drawn in [
        (OpeningShown(plan, 0), False),
        (OpeningShown(plan, 0, 4.5), True),
        (OpeningShown(plan, 10), True),
    ]:
        console, out = terminal(width=100, height=30)
        display = BigDisplay(catalogue, console, keys_active=True)
        display.handle(SessionStarted(plan))
        before = out.tell()
        display.handle(opening)
        assert ("Today's session" in out.getvalue()[before:]) is drawn
        display.close()
