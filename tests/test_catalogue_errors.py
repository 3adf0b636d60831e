"""A bad catalogue: every problem reported at once, located, and never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from backrehab.catalogue.check import parse_catalogue
from backrehab.catalogue.load import load_catalogue
from backrehab.catalogue.model import CatalogueError
from backrehab.cli.app import main

from .samples import PELVIC_TILT


def problems(text: str) -> list[str]:
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue(text, label="cat.yaml")
    return [str(p) for p in caught.value.problems]


def test_minimal_catalogue_loads() -> None:
    """The smallest valid catalogue gives defaults for every optional key."""
    (exercise,) = parse_catalogue(PELVIC_TILT).exercises
    assert (exercise.per_side, exercise.side_label, exercise.cautions, exercise.build_up_to_seconds) == (
        False,
        None,
        (),
        None,
    )


def test_missing_key() -> None:
    """A required key that is absent is named, with the exercise it belongs to."""
    assert problems(PELVIC_TILT.replace("    reps: 5\n", "")) == ["cat.yaml:2:5: pelvic-tilt: missing key 'reps'"]


def test_unknown_key_catches_a_typo() -> None:
    """`hold_secs` is reported as unknown, with the likely key suggested (and hold_seconds as missing)."""
    unknown, missing = problems(PELVIC_TILT.replace("hold_seconds: 5", "hold_secs: 5"))
    assert unknown.startswith("cat.yaml:7:5: pelvic-tilt.hold_secs: unknown key (did you mean 'hold_seconds'?)")
    assert missing == "cat.yaml:2:5: pelvic-tilt: missing key 'hold_seconds'"


def test_wrong_type() -> None:
    """A word where a number belongs is a wrong type, with the value shown."""
    assert problems(PELVIC_TILT.replace("reps: 5", "reps: five")) == [
        "cat.yaml:8:11: pelvic-tilt.reps: must be a positive whole number, got 'five'"
    ]


def test_non_positive_number() -> None:
    """Zero and negative holds are refused."""
    assert problems(PELVIC_TILT.replace("hold_seconds: 5", "hold_seconds: -5")) == [
        "cat.yaml:7:19: pelvic-tilt.hold_seconds: must be a positive whole number, got -5"
    ]


def test_wrong_boolean() -> None:
    """per_side takes true or false, not a number."""
    (line,) = problems(PELVIC_TILT.replace("reps: 5", "reps: 5\n    per_side: 2"))
    assert line == "cat.yaml:9:15: pelvic-tilt.per_side: must be true or false, got 2"


def test_unknown_posture() -> None:
    """posture must be one of the five starting positions."""
    (line,) = problems(PELVIC_TILT.replace("posture: back", "posture: sitting"))
    assert (
        line == "cat.yaml:4:14: pelvic-tilt.posture: must be one of front, back, all-fours, kneeling, standing, "
        "got 'sitting'"
    )


def test_duplicate_id() -> None:
    """Two exercises with one id: the second is reported with the line of the first."""
    text = PELVIC_TILT + PELVIC_TILT.replace("exercises:\n", "")
    assert problems(text) == ["cat.yaml:9:9: pelvic-tilt.id: duplicate id 'pelvic-tilt' (first on line 2)"]


def test_build_up_below_hold() -> None:
    """A build-up target below the starting hold makes no sense."""
    assert problems(PELVIC_TILT.replace("reps: 5", "reps: 5\n    build_up_to_seconds: 3")) == [
        "cat.yaml:9:26: pelvic-tilt.build_up_to_seconds: must not be below hold_seconds (5), got 3"
    ]


def test_yaml_syntax_error() -> None:
    """Broken YAML is reported with its line and column, not as a traceback."""
    (line,) = problems(PELVIC_TILT.replace("    reps: 5", "    reps: [5"))
    assert line.startswith("cat.yaml:")
    assert "YAML syntax error" in line


def test_python_tag_is_refused() -> None:
    """A `!!python/...` tag, which could run code, is refused and never constructed."""
    text = PELVIC_TILT.replace("name: Pelvic tilt", "name: !!python/object/apply:os.system ['touch /tmp/pwned']")
    assert problems(text) == [
        "cat.yaml:3:11: unsupported YAML tag '!!python/object/apply:os.system': only plain YAML values are allowed"
    ]


def test_every_problem_at_once() -> None:
    """Several mistakes in one file are all reported, in file order."""
    text = PELVIC_TILT.replace("hold_seconds: 5", "hold_secs: 5").replace("reps: 5", "reps: 0")
    assert problems(text) == [
        "cat.yaml:7:5: pelvic-tilt.hold_secs: unknown key (did you mean 'hold_seconds'?); known keys: "
        "breathing_reminder, build_up_to_seconds, cautions, figure, hold_seconds, hold_source, id, name, notes, "
        "per_side, position, posture, progression, reps, side_label, steps",
        "cat.yaml:2:5: pelvic-tilt: missing key 'hold_seconds'",
        "cat.yaml:8:11: pelvic-tilt.reps: must be a positive whole number, got 0",
    ]


def test_empty_file() -> None:
    """An empty file is a problem, not a crash."""
    assert problems("") == ["cat.yaml: the catalogue is empty"]


def test_missing_file(tmp_path: Path) -> None:
    """A file that does not exist is one clear line."""
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(tmp_path / "nope.yaml")
    assert str(caught.value).endswith("nope.yaml: cannot read catalogue: No such file or directory")


def test_cli_prints_each_problem_and_exits_2(tmp_path: Path) -> None:
    """`--catalogue` with a bad file: one stderr line per problem, exit status 2, no traceback."""
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        PELVIC_TILT.replace("hold_seconds: 5", "hold_secs: 5").replace("reps: 5", "reps: -1"), encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["--catalogue", str(bad), "list"])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 3
    assert all(line.startswith(f"Error: {bad}:") for line in lines)
    assert "Traceback" not in result.output


def test_environment_variable_selects_the_catalogue(tmp_path: Path) -> None:
    """BACKREHAB_CATALOGUE points every command at another file."""
    own = tmp_path / "own.yaml"
    own.write_text(PELVIC_TILT, encoding="utf-8")
    result = CliRunner(env={"BACKREHAB_CATALOGUE": str(own)}).invoke(main, ["list", "--json"], catch_exceptions=False)
    assert result.exit_code == 0
    assert '"pelvic-tilt"' in result.output
    assert "knee-rolls" not in result.output


def test_too_many_reps() -> None:
    """Reps have their own ceiling, said in words that fit repetitions (not "one day")."""
    assert problems(PELVIC_TILT.replace("reps: 5", "reps: 5000")) == [
        "cat.yaml:8:11: pelvic-tilt.reps: must be at most 1000 (a generous session), got 5000"
    ]


def test_a_list_of_steps_past_the_cap_is_one_located_problem() -> None:
    """50,000 steps (a pasted file, a generator gone wrong): one problem at the list, not a `show` that runs for
    seconds; the cap is far above any leaflet's exercise."""
    steps = "[" + ", ".join(f"S{n}." for n in range(50_000)) + "]"
    assert problems(PELVIC_TILT.replace("[Tilt.]", steps)) == [
        "cat.yaml:6:12: pelvic-tilt.steps: must list at most 100 entries, got 50000"
    ]
    (exercise,) = parse_catalogue(PELVIC_TILT.replace("[Tilt.]", "[" + ", ".join(["Tilt."] * 100) + "]")).exercises
    assert len(exercise.steps) == 100


def test_a_text_past_the_cap_is_a_located_problem() -> None:
    """A step of 2,001 characters is refused at its place, with its length; 2,000 is fine."""
    assert problems(PELVIC_TILT.replace("[Tilt.]", "[" + "x" * 2001 + "]")) == [
        "cat.yaml:6:13: pelvic-tilt.steps[1]: must be at most 2000 characters, got 2001: split it up"
    ]
    parse_catalogue(PELVIC_TILT.replace("[Tilt.]", "[" + "x" * 2000 + "]"))
