"""`backrehab validate FILE`: every problem in a catalogue or config file, one per line, exit 0 or 2."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from backrehab.catalogue.model import bundled_path
from backrehab.cli.app import main

from .samples import WALL_LEAN


def validate(path: Path, *before: str) -> Result:
    return CliRunner().invoke(main, [*before, "validate", str(path)])


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_bundled_catalogue_is_valid() -> None:
    """The shipped catalogue passes: exit 0 and one ok line naming what it is."""
    path = bundled_path()
    result = validate(path)
    assert result.exit_code == 0
    assert result.output == f"ok: {path} is a valid catalogue (12 exercises).\n"


def test_catalogue_problems_are_all_printed(tmp_path: Path) -> None:
    """A file with `exercises` is checked as a catalogue: each problem on its own located line, exit 2."""
    bad = WALL_LEAN.replace("hold_seconds: 3", "hold_secs: 3").replace("reps: 1", "reps: 0")
    path = write(tmp_path, "mine.yaml", bad)
    result = validate(path)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith(f"Error: {path}:7:5: wall-lean.hold_secs: unknown key (did you mean 'hold_seconds'?)")
    assert lines[1] == f"Error: {path}:2:5: wall-lean: missing key 'hold_seconds'"
    assert lines[2] == f"Error: {path}:8:11: wall-lean.reps: must be a positive whole number, got 0"


def test_valid_config_with_routines(tmp_path: Path) -> None:
    """A file without `exercises` is a config file; its routines are checked against the bundled catalogue."""
    path = write(tmp_path, "config.yaml", "rest: 3\nroutines:\n  morning: [pelvic-tilt, Knee rolls]\n")
    result = validate(path)
    assert result.exit_code == 0
    assert result.output == f"ok: {path} is a valid config file (1 routine, checked against the bundled catalogue).\n"


def test_config_problems_are_all_printed(tmp_path: Path) -> None:
    """A config file's bad values are each reported with the config's own messages, exit 2."""
    path = write(tmp_path, "config.yaml", "rest: soon\ndisplay: huge\n")
    result = validate(path)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"Error: {path}:1:7: rest: must be a number, got 'soon'",
        f"Error: {path}:2:10: display: must be one of big, compact, plain, got 'huge'",
    ]


def test_config_routine_ids_are_checked(tmp_path: Path) -> None:
    """Unknown ids in any routine get "did you mean", located in the config file, exit 2."""
    path = write(tmp_path, "config.yaml", "routines:\n  a: [pelvic-tlit]\n  b:\n    - id: leg-rase\n")
    result = validate(path)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"Error: {path}:2:7: routines.a[1]: No exercise 'pelvic-tlit'. Did you mean 'pelvic-tilt'?",
        f"Error: {path}:4:7: routines.b[1]: No exercise 'leg-rase'. Did you mean 'leg-raise'?",
    ]


def test_config_routines_follow_the_catalogue_in_use(tmp_path: Path) -> None:
    """With --catalogue, a config's routines must name that catalogue's exercises."""
    catalogue = write(tmp_path, "mine.yaml", WALL_LEAN)
    config = write(tmp_path, "config.yaml", "routines:\n  a: [wall-lean]\n")
    ok = validate(config, "--catalogue", str(catalogue))
    assert ok.exit_code == 0
    assert f"checked against {catalogue}" in ok.output
    assert validate(config).exit_code == 2


def test_missing_file_and_syntax_error_exit_2(tmp_path: Path) -> None:
    """A file that cannot be read, or is not YAML, gets one located line and exit 2."""
    missing = validate(tmp_path / "nope.yaml")
    assert missing.exit_code == 2
    assert missing.stderr == f"Error: {tmp_path / 'nope.yaml'}: cannot read file: No such file or directory\n"
    broken = validate(write(tmp_path, "broken.yaml", "exercises: [\n"))
    assert broken.exit_code == 2
    assert broken.stderr.startswith(f"Error: {tmp_path / 'broken.yaml'}:2:1: YAML syntax error:")


def test_empty_file_is_an_empty_config(tmp_path: Path) -> None:
    """An empty file is a config file that sets nothing, which is valid."""
    result = validate(write(tmp_path, "empty.yaml", ""))
    assert result.exit_code == 0
    assert "is a valid config file (no routines)" in result.output
