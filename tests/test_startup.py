"""Start-up stays cheap: each command loads only what it uses (see README, "Performance")."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

#: Modules a command may not load unless it needs them; each costs start-up time.
HEAVY = ("backrehab.catalogue", "backrehab.plan", "backrehab.yamlcheck", "backrehab.runner", "json", "pathlib")


def loaded_by(args: list[str]) -> list[str]:
    code = (
        "import sys, io, contextlib\n"
        "before = set(sys.modules)\n"
        f"sys.argv = ['backrehab', *{args!r}]\n"
        "from backrehab.cli import run\n"
        "out = io.StringIO()\n"
        "try:\n"
        "    with contextlib.redirect_stdout(out): run()\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.__stdout__.write(repr(sorted(set(sys.modules) - before)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded: list[str] = ast.literal_eval(result.stdout)
    return loaded


def test_help_loads_nothing_but_the_command_line() -> None:
    """`backrehab --help` builds no catalogue, plan or runner classes and imports no pathlib."""
    assert [m for m in loaded_by(["--help"]) if m in HEAVY] == []


@pytest.mark.parametrize("args", [["list"], ["show", "pelvic-tilt"]])
def test_list_and_show_leave_the_runner_alone(args: list[str]) -> None:
    """list and show need the catalogue and plan, but not the session runner and its events."""
    assert "backrehab.runner" not in loaded_by(args)
