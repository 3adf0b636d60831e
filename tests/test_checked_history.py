"""Recording skips the whole-file checks only for a history exactly as it was when last known good."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from backrehab.cache import CHECKED, entry_path, history_key
from backrehab.cli.app import main
from backrehab.history import store as history_module
from backrehab.history.store import History, HistoryError
from tests.test_history import T0, add_session

#: What reads the whole file: SQLite's page check and the look at every session and result.
WHOLE_FILE = ("PRAGMA quick_check", "SELECT DISTINCT status FROM sessions", "SELECT DISTINCT outcome FROM results")
#: What every opening to record still checks: the schema version, the tables, their columns.
CHEAP = ("PRAGMA user_version", "SELECT name FROM sqlite_master WHERE type = 'table'", "PRAGMA table_info(sessions)")


@pytest.fixture
def statements(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every statement run on a connection the history module opens, in order."""
    seen: list[str] = []
    real_open = history_module._open

    def traced(path: Path, **options: bool) -> sqlite3.Connection:
        connection = real_open(path, **options)
        connection.set_trace_callback(seen.append)
        return connection

    monkeypatch.setattr(history_module, "_open", traced)
    return seen


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "history.sqlite3"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def opened_checks(statements: list[str], path: Path, folder: Path | None) -> list[str]:
    """The whole-file checks run by opening the history to record (and closing it straight away)."""
    statements.clear()
    History.create(path, cache_folder=folder).close()
    return [s for s in statements if s in WHOLE_FILE]


def known_good(path: Path, folder: Path) -> str:
    """A history with a session, left by our own write, its stamp recorded: what the stamp says."""
    with History.create(path, cache_folder=folder) as history:  # a new file: switched to WAL, not yet recorded
        add_session(history)
    with History.create(path, cache_folder=folder) as history:  # checked whole, and written again
        add_session(history)
    stamp = history_key(path)
    assert stamp is not None
    assert entry_path(folder, CHECKED).exists()
    return stamp


def test_a_file_as_our_last_write_left_it_skips_the_whole_file_checks(
    statements: list[str], path: Path, folder: Path
) -> None:
    """After our own write and close the stamp is recorded; the next opening makes only the cheap checks,
    and each close records the file as that opening's writes left it."""
    known_good(path, folder)
    for _ in range(3):
        statements.clear()
        with History.create(path, cache_folder=folder) as history:
            add_session(history)
        assert not [s for s in statements if s in WHOLE_FILE]
        assert all(s in statements for s in CHEAP)
    with History.create(path, cache_folder=folder) as history:
        assert len(history.sessions()) == 5


def test_a_file_not_yet_known_good_is_checked_whole(statements: list[str], path: Path, folder: Path) -> None:
    """A new file, one whose stamp was never recorded, or any opening without a cache: every check."""
    assert opened_checks(statements, path, folder) == list(WHOLE_FILE[:1])  # new: no tables to look into
    assert not entry_path(folder, CHECKED).exists()  # switching to WAL moved data_version: not recorded
    assert opened_checks(statements, path, folder) == list(WHOLE_FILE)
    assert opened_checks(statements, path, folder) == []
    assert opened_checks(statements, path, None) == list(WHOLE_FILE)


def test_a_readers_empty_log_changes_nothing(statements: list[str], path: Path, folder: Path) -> None:
    """`history` between two sessions leaves an empty write-ahead log behind: still the state known good."""
    known_good(path, folder)
    reader = History.read(path)
    assert reader is not None
    with reader:
        reader.sessions()
    assert Path(f"{path}-wal").stat().st_size == 0
    assert opened_checks(statements, path, folder) == []


def edit(path: Path, statement: str) -> None:
    """A change made with sqlite3 directly, as a person or another program might, committed and closed."""
    db = sqlite3.connect(path)
    db.execute(statement)
    db.commit()
    db.close()


@pytest.mark.parametrize("changed", ["size", "time", "inode"])
def test_a_file_edited_behind_our_back_is_checked_whole_and_refused(
    statements: list[str], path: Path, folder: Path, changed: str
) -> None:
    """A session of unknown status written with sqlite3: whichever of size, time or inode tells it apart,
    the opening makes every check again, refuses the file, and changes nothing in it."""
    known_good(path, folder)
    stamped = path.stat()
    if changed == "size":  # a row too long for the pages there are; the time put back as it was
        edit(path, f"INSERT INTO sessions (started_at, status, options) VALUES ('{T0}', 'bogus', '\"{'x' * 9000}\"')")
        os.utime(path, ns=(stamped.st_atime_ns, stamped.st_mtime_ns))
        assert path.stat().st_size != stamped.st_size
    elif changed == "time":  # the same size: only the modification time moved
        edit(path, "UPDATE sessions SET status = 'bogus' WHERE id = 1")
        os.utime(path, ns=(stamped.st_atime_ns, stamped.st_mtime_ns + 1_000_000))
        assert path.stat().st_size == stamped.st_size
    else:  # a copy put in its place, of the same size and time
        copy = path.with_name("copy")
        shutil.copy2(path, copy)
        edit(copy, "UPDATE sessions SET status = 'bogus' WHERE id = 1")
        os.utime(copy, ns=(stamped.st_atime_ns, stamped.st_mtime_ns))
        copy.replace(path)
        assert (path.stat().st_size, path.stat().st_mtime_ns) == (stamped.st_size, stamped.st_mtime_ns)
    before = path.read_bytes()
    statements.clear()
    with pytest.raises(HistoryError, match="holds an unknown status 'bogus'"):
        History.create(path, cache_folder=folder)
    assert "PRAGMA quick_check" in statements
    assert path.read_bytes() == before


def test_a_write_left_in_anothers_log_is_checked_whole(statements: list[str], path: Path, folder: Path) -> None:
    """Another connection's commit still in the write-ahead log (it is open yet): the log's stamp differs."""
    known_good(path, folder)
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("UPDATE sessions SET status = 'bogus' WHERE id = 1")
        assert Path(f"{path}-wal").stat().st_size > 0
        with pytest.raises(HistoryError, match="holds an unknown status 'bogus'"):
            History.create(path, cache_folder=folder)
        assert "PRAGMA quick_check" in statements
    finally:
        other.close()


def test_a_commit_of_another_connection_while_ours_is_open_records_nothing(
    statements: list[str], path: Path, folder: Path
) -> None:
    """Between our check and our close another connection commits: its rows were never checked, so the
    close records no stamp, and the next opening checks the file whole."""
    known_good(path, folder)
    entry = entry_path(folder, CHECKED).read_bytes()
    with History.create(path, cache_folder=folder) as history:
        add_session(history)
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("UPDATE sessions SET pain_after = 1 WHERE id = 1")
        other.close()
        add_session(history)
    assert entry_path(folder, CHECKED).read_bytes() == entry
    assert opened_checks(statements, path, folder) == list(WHOLE_FILE)


def test_a_failed_write_records_nothing(path: Path, folder: Path) -> None:
    """An error met while writing (here a write refused by SQLite) leaves no stamp for the close to record."""
    History.create(path).close()
    with History.create(path, cache_folder=folder) as history:  # checked whole
        history.connection.execute("PRAGMA query_only = 1")
        with pytest.raises(HistoryError, match="could not be written"):
            add_session(history)
    assert not entry_path(folder, CHECKED).exists()


def test_a_stamp_others_may_write_is_not_believed(
    statements: list[str], path: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The stamp is an entry of the cache like the others: one others may write is noted and not read."""
    known_good(path, folder)
    entry_path(folder, CHECKED).chmod(0o666)
    capsys.readouterr()
    assert opened_checks(statements, path, folder) == list(WHOLE_FILE)
    assert "not using the cache entry" in capsys.readouterr().err


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give a file to another")
def test_a_stamp_owned_by_another_user_is_not_believed(
    statements: list[str], path: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As root (think `sudo -E`), a stamp in an entry of `nobody`'s is not read."""
    known_good(path, folder)
    os.chown(entry_path(folder, CHECKED), 65534, 65534)
    assert opened_checks(statements, path, folder) == list(WHOLE_FILE)
    assert "owned by another user (uid 65534)" in capsys.readouterr().err


def test_a_session_skips_the_checks_and_no_cache_makes_them(
    statements: list[str], isolated_env: Path, data_dir: Path
) -> None:
    """Through the command line: a session's start after our own last write skips the whole-file checks;
    with --no-cache it makes them, and neither reads nor writes the stamp."""
    session = ["session", "--yes", "--only", "pelvic-tilt", "--lead-in", "0", "--rest", "0", "--speed", "1000"]
    folder = isolated_env / ".cache" / "backrehab"
    for _ in range(2):
        assert CliRunner().invoke(main, session, catch_exceptions=False).exit_code == 0
    assert entry_path(folder, CHECKED).exists()
    statements.clear()
    assert CliRunner().invoke(main, session, catch_exceptions=False).exit_code == 0
    assert not [s for s in statements if s in WHOLE_FILE]
    entry_path(folder, CHECKED).unlink()
    statements.clear()
    assert CliRunner().invoke(main, ["--no-cache", *session], catch_exceptions=False).exit_code == 0
    assert "PRAGMA quick_check" in statements
    assert not entry_path(folder, CHECKED).exists()
