"""Files the person names: only regular files are read, within a size limit, and written whole."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from backrehab.catalogue.model import bundled_path

from .samples import PELVIC_TILT

COMMAND = [sys.executable, "-m", "backrehab"]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run backrehab in a fresh process, so a file that makes it wait fails the test instead of hanging it."""
    return subprocess.run(
        [*COMMAND, *args], capture_output=True, text=True, timeout=20, cwd=cwd, stdin=subprocess.DEVNULL
    )


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    return path


@pytest.mark.slow  # a real process
@pytest.mark.parametrize(
    ("args", "what"),
    [
        (["--catalogue", "{}", "list"], "catalogue"),
        (["--config", "{}", "config", "show"], "config"),
        (["validate", "{}"], "file"),
    ],
)
def test_a_fifo_or_device_is_refused_not_waited_on(tmp_path: Path, fifo: Path, args: list[str], what: str) -> None:
    """A FIFO or /dev/zero named as a catalogue, config or file to validate is refused at once, exit 2."""
    for special in (fifo, Path("/dev/zero")):
        result = run(*[a.format(special) for a in args], cwd=tmp_path)
        assert result.returncode == 2
        assert result.stderr == f"Error: {special}: cannot read {what}: not a regular file\n"


def test_a_history_file_that_is_a_fifo_is_refused(tmp_path: Path) -> None:
    """A FIFO in the history's place is reported as not a regular file, not waited on."""
    os.mkfifo(tmp_path / "history.sqlite3")
    result = run("--data-dir", str(tmp_path), "history", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith(f"Error: {tmp_path / 'history.sqlite3'}: is not a regular file.")


def test_a_file_above_one_mebibyte_is_refused_saying_so(tmp_path: Path) -> None:
    """A catalogue over 1 MiB is not read: the message names the limit."""
    path = tmp_path / "huge.yaml"
    path.write_text(PELVIC_TILT + "#" * (1024 * 1024), encoding="utf-8")
    result = run("validate", str(path), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == f"Error: {path}: cannot read file: larger than 1 MiB, far more than such a file needs\n"


def test_a_catalogue_with_windows_line_endings_still_reads(tmp_path: Path) -> None:
    """CRLF line endings read as they always did."""
    path = tmp_path / "crlf.yaml"
    path.write_bytes(bundled_path().read_bytes().replace(b"\n", b"\r\n"))
    result = run("validate", str(path), cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == f"ok: {path} is a valid catalogue (12 exercises).\n"


@pytest.mark.cold_cache
@pytest.mark.parametrize("entry", ["catalogue", "current-holds"])
def test_a_fifo_in_a_cache_entrys_place_is_passed_over(tmp_path: Path, isolated_env: Path, entry: str) -> None:
    """`list` with a FIFO where a cached catalogue or holds should be works them out instead of waiting on it."""
    from backrehab.cache import entry_path
    from backrehab.history.store import History

    History.create(tmp_path / "history.sqlite3").close()
    folder = isolated_env / ".cache" / "backrehab"
    folder.mkdir(parents=True)
    os.mkfifo(entry_path(folder, entry))
    result = run("--data-dir", str(tmp_path), "list", cwd=tmp_path)
    assert result.returncode == 0
    assert "Knee rolls" in result.stdout
