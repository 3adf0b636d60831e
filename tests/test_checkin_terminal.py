"""Pain check-ins in a real pseudo-terminal: one key each, on the session's own screen, and the end screen."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from backrehab.history.store import History

pytestmark = pytest.mark.slow  # a real process in real time

pexpect = pytest.importorskip("pexpect")

ARGS = ["-m", "backrehab", "session", "--no-voice", "--no-sound", "--only", "pelvic-tilt", "--lead-in", "0"]


def spawn(folder: Path, *args: str, display: str = "big") -> Any:
    return pexpect.spawn(
        sys.executable,
        [*ARGS, "--display", display, *args],
        env={**os.environ, "TERM": "xterm-256color", "BACKREHAB_HOME": str(folder)},
        dimensions=(30, 100),
        encoding="utf-8",
        timeout=30,
    )


def history_json(folder: Path) -> list[dict[str, Any]]:
    """The sessions as `backrehab history --json` gives them."""
    done = subprocess.run(
        [sys.executable, "-m", "backrehab", "history", "--json", "--all"],
        env={**os.environ, "BACKREHAB_HOME": str(folder)},
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(done.stdout)
    return data["sessions"] if isinstance(data, dict) else data


def pains(folder: Path) -> tuple[int | None, int | None]:
    history = History.read(folder / "history.sqlite3")
    assert history is not None
    with history:
        (session,) = history.sessions()
    return session.pain_before, session.pain_after


@pytest.mark.parametrize("display", ["big", "compact"])
def test_both_pain_questions_are_answered_with_one_key_each(tmp_path: Path, display: str) -> None:
    """Pain before and after are each one key, with no Enter, on the session's screen; both are stored."""
    folder = tmp_path / "data"
    child = spawn(folder, "--speed", "50", display=display)
    child.expect_exact("How is your pain before you start")
    child.send("6")
    child.expect_exact("Pain 6 of 10: noted.")
    child.expect_exact("How is your pain now")
    child.send("4")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert pains(folder) == (6, 4)
    (session,) = history_json(folder)
    assert (session["pain_before"], session["pain_after"]) == (6, 4)


def test_ten_is_a_one_then_a_zero_and_a_lone_one_is_one(tmp_path: Path) -> None:
    """1 then 0 (within a moment) is 10; a 1 with nothing after it is 1 once the moment has passed."""
    folder = tmp_path / "data"
    child = spawn(folder, "--speed", "50")
    child.expect_exact("How is your pain before you start")
    child.send("1")
    child.expect_exact("press 0 now for 10")
    child.send("0")
    child.expect_exact("Pain 10 of 10: noted.")
    child.expect_exact("How is your pain now")
    started = time.monotonic()
    child.send("1")
    child.expect_exact("Pain 1 of 10: noted.")
    assert time.monotonic() - started >= 1.0  # it waited for a 0 first
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert pains(folder) == (10, 1)


def test_s_skips_the_question(tmp_path: Path) -> None:
    """`s` skips a pain question: nothing is stored for it, and the session goes on."""
    folder = tmp_path / "data"
    child = spawn(folder, "--speed", "50")
    child.expect_exact("How is your pain before you start")
    child.send("s")
    child.expect_exact("How is your pain now")
    child.send(" ")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert pains(folder) == (None, None)


def test_a_session_with_no_key_pressed_ends_on_the_end_screen(tmp_path: Path) -> None:
    """Nobody at the keys: the end screen stays, in big type, until a key closes it; the summary is then printed."""
    child = spawn(tmp_path / "data", "--speed", "50", "--no-history")
    child.expect_exact("Press any key to close.")
    assert "██" in child.before  # the heading in big type
    time.sleep(1.0)
    assert child.isalive()  # it stays
    child.send("x")
    child.expect_exact("Session complete: 1 of 1 exercises done")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
