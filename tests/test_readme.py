"""The README's example outputs are what the commands really print.

After changing what a command prints, `BACKREHAB_UPDATE_README=1 pytest tests/test_readme.py`
writes the new output into the README's blocks; review the diff before committing.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from backrehab.cli.app import main

from .fakes import fake_surroundings

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(r"<!-- output: (?P<command>[^>]+) -->\n```text\n(?P<output>.*?)```", re.DOTALL)
EXAMPLES = [(m["command"].strip(), m["output"]) for m in BLOCK.finditer(README.read_text(encoding="utf-8"))]


def test_readme_has_examples() -> None:
    """The README shows real output for list, show and session."""
    assert {command.split()[1] for command, _ in EXAMPLES} >= {"list", "show", "session"}


@pytest.mark.parametrize(("command", "expected"), EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_readme_output_is_real(command: str, expected: str) -> None:
    """Each `<!-- output: … -->` block equals the command's output at 80 columns (trailing spaces aside)."""
    args = shlex.split(command)
    assert args[0] == "backrehab"
    if "--cues" in args and shutil.which("espeak-ng") is None:
        pytest.skip("the phrases' lengths shown are espeak-ng's (.ci/run installs it)")
    result = CliRunner(env={"COLUMNS": "80"}).invoke(main, args[1:], obj=fake_surroundings())
    got = [line.rstrip() for line in result.output.splitlines()]
    if os.environ.get("BACKREHAB_UPDATE_README") and got != [line.rstrip() for line in expected.splitlines()]:
        text = README.read_text(encoding="utf-8")
        marker = f"<!-- output: {command} -->\n```text\n"
        start = text.index(marker) + len(marker)
        end = text.index("```", start)
        README.write_text(text[:start] + "".join(line + "\n" for line in got) + text[end:], encoding="utf-8")
        return
    assert got == [line.rstrip() for line in expected.splitlines()]
