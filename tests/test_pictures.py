"""Pictures: a small drawing of each position, kept line for line, shown by `show` and at the lead-in."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from backrehab.catalogue import Catalogue, CatalogueError, Posture, parse_catalogue
from backrehab.cli.app import main

from .fakes import fake_surroundings
from .samples import WALL_LEAN


def with_picture(block: str) -> str:
    return WALL_LEAN + "    picture: " + block


def test_every_bundled_exercise_has_a_small_ascii_picture(catalogue: Catalogue) -> None:
    """All twelve exercises have a picture of plain ASCII characters, at most 8 lines and 30 columns."""
    assert len(catalogue.exercises) == 12
    for exercise in catalogue.exercises:
        picture = exercise.picture
        assert picture, exercise.id
        assert picture.isascii(), exercise.id
        lines = picture.splitlines()
        assert 3 <= len(lines) <= 8, exercise.id
        assert max(len(line) for line in lines) <= 30, exercise.id


def test_pictures_tell_the_positions_apart(catalogue: Catalogue) -> None:
    """Lying pictures say face down or face up as their posture is; no two exercises share a drawing."""
    for exercise in catalogue.exercises:
        first = (exercise.picture or "").splitlines()[0]
        if exercise.posture is Posture.FRONT:
            assert first.startswith("face down"), exercise.id
        elif exercise.posture is Posture.BACK:
            assert first.startswith("face up"), exercise.id
        else:
            assert "face" not in (exercise.picture or ""), exercise.id
    assert len({e.picture for e in catalogue.exercises}) == 12


def test_picture_lines_are_kept_as_written() -> None:
    """A literal block keeps its lines and inner spaces (with `|2`, its leading spaces too); the end is trimmed."""
    catalogue = parse_catalogue(with_picture("|2\n        O   |\n       /|\\__|\n      ========\n\n"))
    assert catalogue.exercises[0].picture == "  O   |\n /|\\__|\n========"
    assert catalogue.exercises[0].to_dict()["picture"] == "  O   |\n /|\\__|\n========"


def test_picture_is_optional() -> None:
    """A custom catalogue without pictures loads; the exercise's picture is None."""
    assert parse_catalogue(WALL_LEAN).exercises[0].picture is None


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ("42\n", "cat.yaml:9:14: wall-lean.picture: must be some text, got 42"),
        ("|\n      a\tb\n", "cat.yaml:9:14: wall-lean.picture: must use spaces, not tabs"),
        ("|\n" + "      x\n" * 13, "cat.yaml:9:14: wall-lean.picture: must be at most 12 lines, got 13"),
        ("|\n      " + "x" * 61 + "\n", "cat.yaml:9:14: wall-lean.picture: must be at most 60 characters wide, got 61"),
    ],
)
def test_bad_pictures_are_located(block: str, message: str) -> None:
    """A picture that is not text, has tabs, or will not fit a terminal is reported at its line and column."""
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue(with_picture(block), label="cat.yaml")
    (problem,) = caught.value.problems
    assert str(problem).startswith(message)


def test_show_draws_the_picture_above_the_position() -> None:
    """`show leg-raise` prints the drawing, line for line, before the position."""
    output = CliRunner().invoke(main, ["show", "leg-raise"], catch_exceptions=False).output
    lines = [line.strip("│ ") for line in output.splitlines()]
    at = lines.index("face down         _.-")
    assert lines[at + 1 : at + 3] == ["O___________..--'", "===================="]
    assert lines[at + 4].startswith("Position: Lying face down")


def test_plain_lead_in_shows_the_picture() -> None:
    """Piped, the lead-in prints the drawing between "Get into position" and the steps."""
    output = (
        CliRunner()
        .invoke(main, ["session", "--only", "deep-lunge"], catch_exceptions=False, obj=fake_surroundings())
        .output
    )
    lines = output.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("Get into position"))
    assert lines[at + 1 : at + 8] == [
        "        O",
        "       /|\\",
        "        |",
        "     ___|",
        "    |    \\",
        "    |     \\__",
        "    ==========",
    ]
    assert lines[at + 8].startswith("  1. Raise the back knee")


def test_custom_catalogue_without_pictures_runs(tmp_path: Path) -> None:
    """Without a picture, the lead-in goes straight from the position to the steps."""
    path = tmp_path / "one.yaml"
    path.write_text(WALL_LEAN, encoding="utf-8")
    output = (
        CliRunner()
        .invoke(main, ["--catalogue", str(path), "session"], catch_exceptions=False, obj=fake_surroundings())
        .output
    )
    assert "Get into position (10 s): Facing a wall.\n  1. Lean in.\n" in output


def test_readme_picture_example_parses_as_described() -> None:
    """The catalogue page's `|2` example keeps the drawing's leading spaces, its floor line at the left edge."""
    import re

    page = (Path(__file__).resolve().parent.parent / "docs" / "catalogue.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(    picture: \|2\n.*?)```", page, re.DOTALL)
    assert block is not None
    picture = parse_catalogue(WALL_LEAN + block[1]).exercises[0].picture or ""
    assert picture.splitlines()[0] == "     O"
    assert picture.splitlines()[-1] == "==========="
