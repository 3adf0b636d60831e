"""Files backrehab writes for others to open: a spreadsheet, a Markdown handout; written whole, never through links."""

from __future__ import annotations

import csv
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from backrehab.cli.app import main
from backrehab.plainfiles import write_atomic

from .fakes import fake_surroundings
from .samples import PELVIC_TILT


def invoke(*args: str) -> Result:
    """Run the command line, sessions on a fake clock."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False, obj=fake_surroundings())


@pytest.fixture
def recorded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A history holding one session of an exercise whose name and id a spreadsheet would take for formulas."""
    monkeypatch.setenv("BACKREHAB_HOME", str(tmp_path / "data"))
    catalogue = tmp_path / "cat.yaml"
    catalogue.write_text(
        PELVIC_TILT.replace("name: Pelvic tilt", 'name: "=HYPERLINK(\\"http://x.example\\", \\"Tilt\\")"'),
        encoding="utf-8",
    )
    monkeypatch.setenv("BACKREHAB_CATALOGUE", str(catalogue))
    assert invoke("session", "--yes", "--lead-in", "0").exit_code == 0
    return tmp_path


def test_csv_cells_that_look_like_formulas_are_kept_as_text(recorded: Path) -> None:
    """A name starting with =, +, - or @ reaches the CSV with a leading apostrophe, so a spreadsheet shows it."""
    out = recorded / "physio.csv"
    assert invoke("history", "--csv", str(out)).exit_code == 0
    (row,) = csv.DictReader(out.open(encoding="utf-8", newline=""))
    assert row["name"] == '\'=HYPERLINK("http://x.example", "Tilt")'
    assert row["exercise"] == "pelvic-tilt"


@pytest.mark.parametrize("target", ["physio.csv", "sheet.md"])
def test_an_existing_symlink_is_replaced_not_followed(recorded: Path, target: str) -> None:
    """`history --csv` and `export -o` replace a symlink with their file; what it pointed at is untouched."""
    victim = recorded / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    out = recorded / target
    out.symlink_to(victim)
    args = ["history", "--csv", str(out)] if target.endswith(".csv") else ["export", "-o", str(out)]
    assert invoke(*args).exit_code == 0
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert not out.is_symlink()
    assert out.read_text(encoding="utf-8").startswith("session," if target.endswith(".csv") else "# Your back")
    if target.endswith(".csv"):
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert sorted(p.name for p in recorded.iterdir()) == sorted(["cat.yaml", "data", "home", "victim.txt", target])


def test_a_failed_write_leaves_the_old_file_and_no_scraps(tmp_path: Path) -> None:
    """A write that fails half way (text that cannot be encoded) leaves the old file as it was and no temp file."""
    out = tmp_path / "sheet.md"
    out.write_text("old\n", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(out, "new " * 10000 + "\ud800")
    assert out.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "sheet.md"]
