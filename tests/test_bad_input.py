"""Bad values on the command line: one clear line naming what the person wrote, exit status 2, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from backrehab.cli.app import main


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env=env)


def error_line(result: Result) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "unexpected" not in result.output
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    return line


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["history", "--days", "3000000"], "Invalid value for '--days': 3000000 is not in the range 1<=x<=36500."),
        (
            ["export", "-o", "-", "--start", "9999-12-26"],
            "Invalid value for '--start': '9999-12-26' is too late: the week of tick boxes must end by 9999-12-31",
        ),
        (
            ["export", "-o", "-", "--start", "2026-02-30"],
            "Invalid value for '--start': '2026-02-30' is not a real date: February 2026 has 28 days",
        ),
        (
            ["export", "-o", "-", "--start", "2026-13-01"],
            "Invalid value for '--start': '2026-13-01' is not a real date: months go from 01 to 12",
        ),
        (
            ["export", "-o", "-", "--start", "1.2.2026"],
            "Invalid value for '--start': '1.2.2026' is not a date: write YYYY-MM-DD, e.g. 2026-03-02",
        ),
        (["session", "--speed", "0"], "Invalid value for '--speed': must be from 0.01 to 1000000, got 0"),
        (["export", "-o", ""], "Invalid value for '-o' / '--output': an empty name is not a file"),
        (["history", "--csv", ""], "Invalid value for '--csv': an empty name is not a file"),
        (["--data-dir", "", "history"], "Invalid value for '--data-dir': an empty name is not a folder"),
    ],
)
def test_bad_values_get_one_clear_line_and_exit_2(args: list[str], message: str) -> None:
    """Each bad value is refused with a line saying what is wrong with it, and exit status 2."""
    assert error_line(invoke(*args)) == f"Error: {message}"


def test_the_last_possible_week_still_exports() -> None:
    """A week ending on the calendar's last day is still a handout."""
    result = invoke("export", "-o", "-", "--format", "md", "--start", "9999-12-25")
    assert result.exit_code == 0
    assert "week of Sat 25 Dec to Fri 31 Dec 9999" in result.output


def test_a_bad_environment_variable_is_named_as_such(tmp_path: Path) -> None:
    """BACKREHAB_HOME set to a file is reported under that name, not as an option the person never typed."""
    afile = tmp_path / "afile"
    afile.write_text("")
    line = error_line(invoke("history", env={"BACKREHAB_HOME": str(afile)}))
    assert line == f"Error: Invalid value for environment variable BACKREHAB_HOME: Directory '{afile}' is a file."
    line = error_line(invoke("config", "show", env={"BACKREHAB_CONFIG": str(tmp_path)}))
    assert line == f"Error: Invalid value for environment variable BACKREHAB_CONFIG: File '{tmp_path}' is a directory."
