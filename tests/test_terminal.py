"""A real session in a real pseudo-terminal: keys mid-hold, the screen, and the terminal left as it was."""

from __future__ import annotations

import os
import sys
import termios

import pytest

pytestmark = pytest.mark.slow  # a real process in real time

pexpect = pytest.importorskip("pexpect")


def spawn(*args: str, rows: int = 24, cols: int = 80):  # type: ignore[no-untyped-def]
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(cols), "LINES": str(rows)}
    return pexpect.spawn(
        sys.executable,
        ["-m", "backrehab", "session", "--no-voice", "--no-sound", "--no-checkin", *args],
        env=env,
        dimensions=(rows, cols),
        encoding="utf-8",
        timeout=20,
    )


def test_space_n_and_q_in_the_big_view() -> None:
    """Space pauses and resumes, n skips to the next exercise, q quits with a summary; stty is unchanged."""
    child = spawn("--only", "pelvic-tilt,knee-rolls", "--lead-in", "1", "--speed", "3")
    before = termios.tcgetattr(child.child_fd)
    child.expect("REP 1 OF 5")
    child.send(" ")
    child.expect("PAUSED")
    child.send(" ")
    child.expect("HOLD")
    child.send("n")
    child.expect("Knee rolls")
    child.expect("LEFT SIDE")
    child.send("q")
    child.expect("Session ended early")
    child.expect(pexpect.EOF)
    output = child.before
    after = termios.tcgetattr(child.child_fd)
    child.close()
    assert child.exitstatus == 0
    assert "Pelvic tilt: skipped (n key)" in output
    assert after == before
    assert "Traceback" not in output


def test_help_key_and_pain_key_in_the_compact_view() -> None:
    """? lists the keys; p stops the exercise, shows the advice to ask a physiotherapist, and moves on."""
    child = spawn("--only", "pelvic-tilt,knee-rolls", "--lead-in", "1", "--speed", "3", "--display", "compact")
    child.expect("HOLD")
    child.send("?")
    child.expect("restart exercise")
    child.send("p")
    child.expect("ask a physiotherapist")
    child.expect("Knee rolls")
    child.sendintr()
    child.expect("Session interrupted")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130


def test_small_terminal_keeps_the_big_digits() -> None:
    """A 40×12 terminal still gets the big view: digits, HOLD, a key hint with q, the end screen; it ends cleanly."""
    child = spawn("--only", "pelvic-tilt", "--lead-in", "0", "--speed", "50", rows=12, cols=40)
    child.expect("██")
    child.expect("HOLD")
    child.expect("q quit · \\? keys")
    child.expect("any key")  # the end screen waits for one, as a person closes it
    child.send("x")
    child.expect("Session complete")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_dumb_terminal_gets_plain_lines() -> None:
    """TERM=dumb cannot redraw in place, so the session prints one plain line per event."""
    child = pexpect.spawn(
        sys.executable,
        [
            "-m",
            "backrehab",
            "session",
            "--no-voice",
            "--no-sound",
            "--no-checkin",
            "--no-history",
            "--only",
            "pelvic-tilt",
            "--lead-in",
            "0",
            "--speed",
            "50",
        ],
        env={**os.environ, "TERM": "dumb"},
        dimensions=(24, 80),
        encoding="utf-8",
        timeout=20,
    )
    child.expect("Pelvic tilt: rep 1 of 5: hold 5 s")
    child.expect("Session complete")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
