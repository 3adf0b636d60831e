"""SIGTERM and SIGHUP mid-session, in a real terminal: exit 128+N, the summary, the terminal as it was."""

from __future__ import annotations

import signal
import termios

import pexpect
import pytest

from .terminal import SHORT, spawn

pytestmark = pytest.mark.slow  # a real process in real time

SIGNALS = [signal.SIGTERM, signal.SIGHUP]


@pytest.mark.parametrize("signum", SIGNALS, ids=[s.name for s in SIGNALS])
def test_signal_mid_hold_in_a_terminal(signum: signal.Signals) -> None:
    """A signal mid-hold ends the session with 128+N, prints the summary and restores the terminal and cursor."""
    child = spawn([*SHORT, "--speed", "5"])
    before = termios.tcgetattr(child.child_fd)
    child.expect("HOLD")
    child.kill(signum)
    child.expect(pexpect.EOF)
    output = child.before
    after = termios.tcgetattr(child.child_fd)  # the pty's settings outlive the child until we close it
    child.close()
    assert child.exitstatus == 128 + signum
    assert child.signalstatus is None
    assert b"Traceback" not in output
    assert b"Session interrupted: 0 of 1 exercises done" in output
    assert output.rfind(b"\x1b[?25h") > output.rfind(b"\x1b[?25l")  # the cursor is shown again
    assert after == before
