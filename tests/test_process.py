"""backrehab as a real process: live lines through a pipe, Ctrl-C, lazy imports, every --help."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import click
import pytest

from backrehab.cli.app import main

pytestmark = pytest.mark.slow  # a real process in real time

COMMAND = [sys.executable, "-m", "backrehab"]


def spawn(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "0"}
    return subprocess.Popen(
        [*COMMAND, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
    )


def read_until(process: subprocess.Popen[str], text: str) -> list[str]:
    assert process.stdout is not None
    lines = []
    for line in process.stdout:
        lines.append(line)
        if text in line:
            return lines
    raise AssertionError(f"{text!r} never appeared in {lines!r}")


def test_lines_reach_a_pipe_as_they_happen() -> None:
    """Through a pipe, the first hold's line arrives while the session is still running."""
    process = spawn("session", "--only", "pelvic-tilt", "--lead-in", "0", "--speed", "10")
    try:
        read_until(process, "rep 1 of 5: hold 5 s")
        assert process.poll() is None
    finally:
        process.kill()
        process.wait()


def test_sigint_prints_summary_and_exits_130() -> None:
    """Ctrl-C (SIGINT) mid-hold: summary printed, exit status 130, nothing on stderr."""
    process = spawn("session", "--only", "pelvic-tilt", "--lead-in", "0", "--speed", "10")
    read_until(process, "rep 1 of 5: hold 5 s")
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=10)
    assert process.returncode == 130
    assert "Session interrupted: 0 of 1 exercises done" in out
    assert err == ""


def test_sigterm_ends_the_session_with_its_status() -> None:
    """SIGTERM mid-session: summary printed, exit status 128 + 15."""
    process = spawn("session", "--only", "pelvic-tilt", "--lead-in", "0", "--speed", "10")
    read_until(process, "rep 1 of 5: hold 5 s")
    time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=10)
    assert process.returncode == 128 + signal.SIGTERM
    assert "Session interrupted" in out
    assert err == ""


def test_help_imports_neither_rich_nor_yaml() -> None:
    """Importing the CLI and printing --help loads click alone: rich and yaml wait until used."""
    code = (
        "import sys, json\n"
        "from click.testing import CliRunner\n"
        "from backrehab.cli.app import main\n"
        "CliRunner().invoke(main, ['--help'])\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('rich', 'yaml', 'sqlite3'))))\n"
    )
    loaded = json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
    assert loaded == []


@pytest.mark.parametrize("name", main.list_commands(click.Context(main)))
def test_every_command_has_help(name: str) -> None:
    """Each command's --help runs (its imports are lazy, so this is where a broken one shows)."""
    result = subprocess.run([*COMMAND, name, "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    assert result.stdout.startswith(f"Usage: backrehab {name}")
    command = main.get_command(click.Context(main), name)
    assert command is not None
    assert (command.help or "").strip()


def test_a_reader_that_leaves_ends_the_session() -> None:
    """Piped into `head -3`: once the reader has gone the session ends (status 141, as for SIGPIPE), quietly."""
    process = spawn("session", "--yes", "--no-history", "--speed", "50")
    assert process.stdout is not None
    for _ in range(3):
        process.stdout.readline()
    process.stdout.close()
    _, err = process.communicate(timeout=20)
    assert process.returncode == 128 + signal.SIGPIPE
    assert err == ""
