"""The current holds kept beside the history: believed only while what they were made from is unchanged."""

from __future__ import annotations

import dataclasses
import os
import stat
from pathlib import Path

import pytest

from backrehab.catalogue import load_catalogue
from backrehab.history import cache as holdcache
from backrehab.history.cache import cache_path, cached_holds, forget


class WorkOut:
    """Stands in for reading the history: counts its calls and gives what it is told."""

    def __init__(self, holds: dict[str, int]) -> None:
        self.holds = holds
        self.calls = 0

    def __call__(self) -> dict[str, int]:
        self.calls += 1
        return dict(self.holds)


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "history.sqlite3"
    path.parent.mkdir()
    path.write_bytes(b"x" * 100)
    return path


def grow(path: Path) -> None:
    """Change the file as a write would: its size (the modification time may not move within a tick)."""
    with path.open("ab") as file:
        file.write(b"y")


CATALOGUE = load_catalogue()


def test_the_holds_are_worked_out_once_then_read_from_the_file(database: Path) -> None:
    work_out = WorkOut({"stomach-tone": 7})
    assert cached_holds(database, CATALOGUE, work_out) == {"stomach-tone": 7}
    assert cached_holds(database, CATALOGUE, work_out) == {"stomach-tone": 7}
    assert work_out.calls == 1
    assert stat.S_IMODE(cache_path(database).stat().st_mode) == 0o600


def test_no_history_means_no_progress_and_no_file(tmp_path: Path) -> None:
    work_out = WorkOut({"stomach-tone": 7})
    (tmp_path / "data").mkdir()
    assert cached_holds(tmp_path / "data" / "history.sqlite3", CATALOGUE, work_out) == {}
    assert work_out.calls == 0
    assert list((tmp_path / "data").iterdir()) == []


@pytest.mark.parametrize("changed", ["database", "write-ahead log appears", "write-ahead log grows", "replaced"])
def test_a_changed_history_file_is_read_again(database: Path, changed: str) -> None:
    wal = database.with_name("history.sqlite3-wal")
    if changed == "write-ahead log grows":
        wal.write_bytes(b"")
    work_out = WorkOut({"stomach-tone": 6})
    cached_holds(database, CATALOGUE, work_out)
    work_out.holds = {"stomach-tone": 7}
    if changed == "database":
        grow(database)
    elif changed.startswith("write-ahead log"):
        grow(wal)
    else:
        copy = database.with_name("copy")
        copy.write_bytes(database.read_bytes())
        copy.replace(database)  # same size and, within a tick, the same time: the inode differs
    assert cached_holds(database, CATALOGUE, work_out) == {"stomach-tone": 7}
    assert work_out.calls == 2
    assert cached_holds(database, CATALOGUE, work_out) == {"stomach-tone": 7}
    assert work_out.calls == 2


def test_an_empty_write_ahead_log_left_by_a_reader_changes_nothing(database: Path) -> None:
    work_out = WorkOut({"stomach-tone": 6})
    cached_holds(database, CATALOGUE, work_out)
    database.with_name("history.sqlite3-wal").write_bytes(b"")
    assert cached_holds(database, CATALOGUE, work_out) == {"stomach-tone": 6}
    assert work_out.calls == 1


def test_forget_deletes_the_file_so_a_write_within_the_same_tick_is_not_missed(database: Path) -> None:
    work_out = WorkOut({"stomach-tone": 6})
    cached_holds(database, CATALOGUE, work_out)
    forget(database)
    forget(database)  # nothing there: no error
    work_out.holds = {}
    assert cached_holds(database, CATALOGUE, work_out) == {}
    assert work_out.calls == 2


def test_another_catalogue_or_release_reads_the_history_again(database: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work_out = WorkOut({})
    cached_holds(database, CATALOGUE, work_out)
    first = CATALOGUE.exercises[0]
    longer = dataclasses.replace(first, build_up_to_seconds=(first.build_up_to_seconds or first.hold_seconds) + 5)
    other = dataclasses.replace(CATALOGUE, exercises=(longer, *CATALOGUE.exercises[1:]))
    cached_holds(database, other, work_out)
    assert work_out.calls == 2
    cached_holds(database, other, work_out)
    assert work_out.calls == 2
    monkeypatch.setattr(holdcache, "__version__", "999")
    cached_holds(database, other, work_out)
    assert work_out.calls == 3


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: "",
        lambda text: text + "junk\n",
        lambda text: text.rstrip("\n") + " stomach-tone=six\n",
        lambda text: text.replace(holdcache.FORMAT, "backrehab current holds 0"),
        lambda text: "\n".join(text.splitlines()[:-1]),
    ],
    ids=["empty", "extra line", "not a number", "older format", "cut short"],
)
def test_a_damaged_file_is_made_again(database: Path, damage: object) -> None:
    work_out = WorkOut({"stomach-tone": 6})
    cached_holds(database, CATALOGUE, work_out)
    path = cache_path(database)
    path.write_text(damage(path.read_text()))  # type: ignore[operator]
    assert cached_holds(database, CATALOGUE, work_out) == {"stomach-tone": 6}
    assert work_out.calls == 2
    assert cached_holds(database, CATALOGUE, work_out) == {"stomach-tone": 6}
    assert work_out.calls == 2


def test_a_file_that_is_not_text_is_made_again(database: Path) -> None:
    cache_path(database).write_bytes(b"\xff\xfe\x00")
    work_out = WorkOut({"stomach-tone": 6})
    assert cached_holds(database, CATALOGUE, work_out) == {"stomach-tone": 6}
    assert work_out.calls == 1


def test_trust_cache_false_works_out_the_holds_and_refreshes_the_file(database: Path) -> None:
    work_out = WorkOut({"stomach-tone": 6})
    cached_holds(database, CATALOGUE, work_out)
    work_out.holds = {"stomach-tone": 8}
    assert cached_holds(database, CATALOGUE, work_out, trust_cache=False) == {"stomach-tone": 8}
    assert cached_holds(database, CATALOGUE, work_out) == {"stomach-tone": 8}
    assert work_out.calls == 2


def test_an_error_reading_the_history_passes_through_and_leaves_the_file(database: Path) -> None:
    cached_holds(database, CATALOGUE, WorkOut({"stomach-tone": 6}))
    before = cache_path(database).read_text()
    grow(database)

    def broken() -> dict[str, int]:
        raise RuntimeError("damaged")

    with pytest.raises(RuntimeError, match="damaged"):
        cached_holds(database, CATALOGUE, broken)
    assert cache_path(database).read_text() == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_a_folder_that_cannot_be_written_still_gives_the_holds(database: Path) -> None:
    database.parent.chmod(0o500)
    try:
        work_out = WorkOut({"stomach-tone": 6})
        assert cached_holds(database, CATALOGUE, work_out) == {"stomach-tone": 6}
        assert cached_holds(database, CATALOGUE, work_out) == {"stomach-tone": 6}
        assert work_out.calls == 2
        assert not cache_path(database).exists()
    finally:
        database.parent.chmod(0o700)


def test_a_cache_that_cannot_be_replaced_still_gives_the_holds_and_leaves_no_partial_file(database: Path) -> None:
    cache_path(database).mkdir()  # a folder where the file should be: os.replace fails, as root too
    work_out = WorkOut({"stomach-tone": 6})
    assert cached_holds(database, CATALOGUE, work_out) == {"stomach-tone": 6}
    assert cached_holds(database, CATALOGUE, work_out) == {"stomach-tone": 6}
    assert work_out.calls == 2
    assert sorted(p.name for p in database.parent.iterdir()) == [holdcache.CACHE_NAME, database.name]
