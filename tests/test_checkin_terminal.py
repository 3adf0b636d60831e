"""Pain check-ins in a real pseudo-terminal, around a live session with raw keys."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from backrehab.history.store import History

pytestmark = pytest.mark.slow  # a real process in real time

pexpect = pytest.importorskip("pexpect")

ARGS = ["-m", "backrehab", "session", "--no-voice", "--no-sound"]


def test_checkins_are_asked_in_a_terminal_and_stored(tmp_path: Path) -> None:
    """In a terminal, pain is asked before (a bad answer again) and after the live session, in ordinary line mode."""
    folder = tmp_path / "data"
    child = pexpect.spawn(
        sys.executable,
        [*ARGS, "--only", "pelvic-tilt", "--lead-in", "0", "--speed", "50", "--display", "compact"],
        env={**os.environ, "TERM": "xterm-256color", "BACKREHAB_HOME": str(folder)},
        dimensions=(24, 80),
        encoding="utf-8",
        timeout=20,
    )
    child.expect_exact("Pain right now, 0–10? (Enter to skip)")
    child.sendline("a lot")
    child.expect_exact("is not a whole number from 0 to 10")
    child.sendline("6")
    child.expect("Session complete")
    child.expect_exact("Pain right now, 0–10? (Enter to skip)")
    child.sendline("4")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    history = History.read(folder / "history.sqlite3")
    assert history is not None
    with history:
        (session,) = history.sessions()
    assert (session.pain_before, session.pain_after) == (6, 4)
