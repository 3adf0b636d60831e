"""The big view in a real terminal (tmux) at 100×30 and 40×12: what a person sees, screen by screen.

tmux keeps the screen as a terminal draws it, so these tests read what is on it
rather than the stream of escapes. Each test runs a short session at high --speed.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")]

SIZES = [(100, 30), (40, 12)]


class Screen:
    """A backrehab session in its own tmux server, at a given size."""

    def __init__(self, tmp_path: Path, columns: int, rows: int, args: list[str]) -> None:
        self.socket = str(tmp_path / "tmux.sock")
        self.done = tmp_path / "exit-status"
        # The terminal's own size, not COLUMNS or LINES from the tests' environment.
        self.env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR", "TMUX")}
        self.env["TERM"] = "xterm-256color"
        command = " ".join(
            [
                shlex.quote(sys.executable),
                "-m",
                "backrehab",
                "session",
                "--no-voice",
                "--no-sound",
                "--no-checkin",
                *map(shlex.quote, args),
                f"; echo $? > {shlex.quote(str(self.done))}; sleep 30",
            ]
        )
        self.tmux("new-session", "-d", "-x", str(columns), "-y", str(rows), command)

    def tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-S", self.socket, "-f", os.devnull, *args],
            capture_output=True,
            text=True,
            check=True,
            env=self.env,
        )
        return result.stdout

    def text(self) -> str:
        return self.tmux("capture-pane", "-p")

    def wait_for(self, predicate: Callable[[str], bool], timeout: float = 15.0) -> str:
        """The first screen for which `predicate` holds; fails with the last screen seen after `timeout`."""
        deadline = time.monotonic() + timeout
        screen = self.text()
        while not predicate(screen):
            if time.monotonic() > deadline:
                pytest.fail(f"the screen never showed what was expected; last seen:\n{screen}")
            time.sleep(0.02)
            screen = self.text()
        return screen

    def press(self, key: str) -> None:
        self.tmux("send-keys", "-t", "0", "-l", key)

    def exit_status(self, timeout: float = 15.0) -> int:
        deadline = time.monotonic() + timeout
        while not self.done.exists() or not self.done.read_text().strip():
            assert time.monotonic() < deadline, "the session did not end"
            time.sleep(0.05)
        return int(self.done.read_text())

    def resize(self, columns: int, rows: int) -> None:
        self.tmux("resize-window", "-t", "0", "-x", str(columns), "-y", str(rows))

    def close(self) -> None:
        subprocess.run(["tmux", "-S", self.socket, "kill-server"], capture_output=True, check=False)


@pytest.fixture
def screen(tmp_path: Path) -> Iterator[Callable[..., Screen]]:
    started: list[Screen] = []

    def start(columns: int, rows: int, *args: str) -> Screen:
        started.append(Screen(tmp_path, columns, rows, list(args)))
        return started[-1]

    yield start
    for one in started:
        one.close()


def digit_rows(screen: str) -> int:
    return sum("██" in line for line in screen.splitlines())


def flat(screen: str) -> str:
    return " ".join(screen.split())


@pytest.mark.parametrize(("columns", "rows"), SIZES)
def test_opening_stays_until_a_key(screen: Callable[..., Screen], columns: int, rows: int) -> None:
    """The opening (today, the safety note, how to pause and quit) stays up past a moment, then a key starts."""
    session = screen(columns, rows, "--only", "pelvic-tilt", "--speed", "4", "--no-history")
    shown = flat(session.wait_for(lambda s: "Press any key to start" in flat(s)))
    assert "Today's session: 1 exercise" in shown
    assert "Stop any exercise that makes your pain worse." in shown
    assert "Keys: space pause · q quit · ? help" in shown
    time.sleep(1)  # 4 s of the plan at --speed 4: well before its 10 s are up, still there
    assert "Press any key to start" in flat(session.text())
    session.press("x")
    session.wait_for(lambda s: "GET READY" in s)
    session.press("q")
    assert session.exit_status() == 0


@pytest.mark.parametrize(("columns", "rows"), SIZES)
def test_a_session_screen_by_screen(screen: Callable[..., Screen], columns: int, rows: int) -> None:
    """Get-ready digits as tall as the hold's, a rest saying what comes next, p waiting, and keys always shown."""
    session = screen(
        columns,
        rows,
        *("--only", "pelvic-tilt,knee-rolls", "--yes", "--no-history"),
        *("--lead-in", "12", "--rest", "12", "--speed", "8"),
    )
    get_ready = session.wait_for(lambda s: "GET READY" in s and digit_rows(s) > 0)
    hold = session.wait_for(lambda s: "HOLD" in s and digit_rows(s) > 0)
    assert digit_rows(get_ready) == digit_rows(hold) >= (20 if rows >= 30 else 5)
    for shown in (get_ready, hold):
        assert "Pelvic tilt" in shown
        assert "q quit · ? keys" in shown
    assert "REP 1 OF 5" in hold
    rest = session.wait_for(lambda s: "REST" in s)
    assert "Next: rep 2 of 5" in rest
    assert digit_rows(rest) == digit_rows(hold)
    session.wait_for(lambda s: "REP 2 OF 5" in s)
    session.press("p")
    stop = flat(session.wait_for(lambda s: "is stopped" in s))
    assert "Pelvic tilt is stopped: it hurts." in stop
    assert "ask a physiotherapist" in stop
    assert "Next: exercise 2, Knee rolls." in stop
    time.sleep(0.75)  # 6 s of the plan: the next lead-in would have begun had it not waited
    assert "is stopped" in session.text()
    session.press("x")
    lead_in = session.wait_for(lambda s: "Knee rolls" in s and "GET READY" in s)
    assert digit_rows(lead_in) == digit_rows(hold)
    session.press("q")
    assert session.exit_status() == 0


def test_a_resize_while_waiting_redraws_at_once(screen: Callable[..., Screen]) -> None:
    """Made smaller while the opening waits for a key, the screen is laid out again for 40×12 at once."""
    session = screen(100, 30, "--only", "pelvic-tilt", "--no-history")
    session.wait_for(lambda s: "Press any key to start" in s)
    session.resize(40, 12)
    shown = session.wait_for(lambda s: any(line.startswith(" Today's session") for line in s.splitlines()), 3)
    assert "Keys: space pause · q quit · ? help" in shown
    session.press("q")
    assert session.exit_status() == 0
