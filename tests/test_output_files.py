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


def special_target(tmp_path: Path, kind: str) -> Path:
    """Something at `tmp_path/out` that is not a regular file: a FIFO, a socket, a folder, a device symlink."""
    import os
    import socket

    path = tmp_path / "out"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        with socket.socket(socket.AF_UNIX) as server:
            server.bind(str(path))
    elif kind == "folder":
        path.mkdir()
    elif kind == "symlink to a device":
        path.symlink_to("/dev/null")
    elif kind == "symlink to a folder":
        path.symlink_to(tmp_path)
    elif kind == "symlink loop":
        path.symlink_to(path)
    return path


SPECIAL = ["fifo", "socket", "folder", "symlink to a device", "symlink to a folder", "symlink loop"]


@pytest.mark.parametrize("kind", SPECIAL)
@pytest.mark.parametrize("command", ["export", "history --csv", "report"])
def test_an_output_that_is_not_a_regular_file_is_refused(tmp_path: Path, kind: str, command: str) -> None:
    """`-o`/`--csv` never replace a device, FIFO, socket or folder (or a symlink to one): exit 2, one error line."""
    import os

    path = special_target(tmp_path, kind)
    before = os.lstat(path)
    args = {"export": ["export", "-o"], "history --csv": ["history", "--csv"], "report": ["report", "-o"]}[command]
    result = CliRunner().invoke(main, [*args, str(path)])
    assert result.exit_code == 2, result.output
    (error,) = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert "not a regular file" in error or "not to a regular file" in error
    assert "Wrote" not in result.output
    after = os.lstat(path)
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)


def test_dev_full_is_refused() -> None:
    """`export -o /dev/full` (a character device) is refused, not replaced by a regular file."""
    result = CliRunner().invoke(main, ["export", "-o", "/dev/full"])
    assert result.exit_code == 2
    assert "/dev/full is a character device, not a regular file" in result.output
    assert stat.S_ISCHR(Path("/dev/full").stat().st_mode)


def test_dash_is_standard_output() -> None:
    """`-o -` writes the handout to standard output."""
    result = invoke("export", "--format", "md", "-o", "-")
    assert result.exit_code == 0
    assert result.output.startswith("# Your back")


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o644])
def test_replacing_a_file_keeps_its_mode(tmp_path: Path, mode: int) -> None:
    """A handout exported over an existing file keeps that file's permissions (a private one stays private)."""
    out = tmp_path / "handout.html"
    out.write_text("old", encoding="utf-8")
    out.chmod(mode)
    assert invoke("export", "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8") != "old"
    assert stat.S_IMODE(out.stat().st_mode) == mode


@pytest.mark.skipif(not hasattr(__import__("os"), "geteuid") or __import__("os").geteuid() != 0, reason="needs root")
def test_replacing_another_users_file_keeps_its_owner(tmp_path: Path) -> None:
    """As root, re-exporting over someone's 0600 handout leaves it theirs and 0600."""
    import os

    out = tmp_path / "handout.html"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o600)
    os.chown(out, 65534, 65534)
    assert invoke("export", "-o", str(out)).exit_code == 0
    info = out.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (65534, 65534, 0o600)


def test_write_atomic_refuses_a_special_file_put_there_after_the_check(tmp_path: Path) -> None:
    """The write itself refuses a non-regular target too (one that appeared after the option was checked)."""
    from backrehab.plainfiles import NotAFile

    path = special_target(tmp_path, "fifo")
    with pytest.raises(NotAFile):
        write_atomic(path, "text")
    assert stat.S_ISFIFO(path.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "out"]  # no temporary file left
