"""The history file itself: where it lives, its permissions, migrations, and files it must not touch."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from backrehab.history import store as history_module
from backrehab.history.records import ResultRecord
from backrehab.history.stats import attendance_of, heat_map
from backrehab.history.store import SCHEMA_VERSION, History, HistoryError
from backrehab.session.outcomes import Outcome, Status
from backrehab.userdirs import database_path

T0 = datetime(2025, 3, 3, 9, 30, tzinfo=timezone(timedelta(hours=1)))


def add_session(history: History, *, at: datetime = T0, status: Status = Status.COMPLETED) -> int:
    session_id = history.begin_session(
        started_at=at,
        options={"only": []},
        pain_before=4,
        results=[ResultRecord("pelvic-tilt", 1, Outcome.NOT_REACHED, 5, holds_planned=5)],
    )
    history.finish_session(
        session_id,
        status=status,
        active_seconds=55.0,
        results=[ResultRecord("pelvic-tilt", 1, Outcome.DONE, 5, 5, 5, {"both": 5})],
        at=at + timedelta(minutes=1),
    )
    return session_id


def read_everything(path: Path) -> None:
    """Open to read and read it all: a damaged file may be found at opening or, read-only, at reading."""
    history = History.read(path)
    assert history is not None
    with history:
        history.sessions()
        history.resets()


def test_path_comes_from_option_then_env_then_user_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--data-dir wins over BACKREHAB_HOME, which wins over the platform's user data folder."""
    assert database_path(tmp_path / "a") == tmp_path / "a" / "history.sqlite3"
    monkeypatch.setenv("BACKREHAB_HOME", str(tmp_path / "env"))
    assert database_path() == tmp_path / "env" / "history.sqlite3"
    monkeypatch.delenv("BACKREHAB_HOME")
    assert database_path() == Path(os.environ["XDG_DATA_HOME"]) / "backrehab" / "history.sqlite3"


def test_new_folder_is_0700_and_file_0600(tmp_path: Path) -> None:
    """Health data: the folder is created private to the user, and so is the file."""
    path = tmp_path / "deep" / "data" / "history.sqlite3"
    with History.create(path) as history:
        add_session(history)
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_session_round_trips(tmp_path: Path) -> None:
    """What is written is read back: times with their offset, status, pain, results per side."""
    path = tmp_path / "history.sqlite3"
    with History.create(path) as history:
        add_session(history)
    reader = History.read(path)
    assert reader is not None
    with reader:
        (session,) = reader.sessions()
    assert session.started_at == T0
    assert session.started_at.utcoffset() == timedelta(hours=1)
    assert session.status is Status.COMPLETED
    assert session.pain_before == 4
    assert session.active_seconds == 55.0
    assert session.results == (ResultRecord("pelvic-tilt", 1, Outcome.DONE, 5, 5, 5, {"both": 5}),)


def test_reading_never_creates_a_file(tmp_path: Path) -> None:
    """Looking at a history that does not exist yet creates neither folder nor file."""
    path = tmp_path / "nothing" / "history.sqlite3"
    assert History.read(path) is None
    assert not path.parent.exists()


def test_a_version_0_file_is_upgraded_in_place(tmp_path: Path) -> None:
    """An SQLite file at schema version 0 (as made by sqlite3 itself) gets the current schema, in place."""
    path = tmp_path / "history.sqlite3"
    sqlite3.connect(path).close()
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA page_size = 4096")
        db.execute("VACUUM")
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone() == (0,)
    with History.create(path) as history:
        add_session(history)
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    assert db.execute("SELECT count(*) FROM sessions").fetchone() == (1,)


def test_migrations_run_in_order_and_keep_the_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file made by this release is upgraded by a later migration without losing its sessions."""
    path = tmp_path / "history.sqlite3"
    with History.create(path) as history:
        add_session(history)
    later = (*history_module.MIGRATIONS, ("ALTER TABLE sessions ADD COLUMN note TEXT",))
    monkeypatch.setattr(history_module, "MIGRATIONS", later)
    monkeypatch.setattr(history_module, "SCHEMA_VERSION", len(later))
    reader = History.read(path)
    assert reader is not None
    with reader:
        assert len(reader.sessions()) == 1
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone() == (len(later),)
    assert db.execute("SELECT note FROM sessions").fetchall() == [(None,)]


@pytest.mark.parametrize(
    "content",
    [
        b"this is my shopping list, not a database\n" * 20,
        b"SQLite format 3\x00" + bytes(range(256)) * 20,
    ],
    ids=["not-sqlite", "damaged-sqlite"],
)
def test_a_corrupt_file_is_left_byte_for_byte_unchanged(tmp_path: Path, content: bytes) -> None:
    """Opening an unreadable file, to record or to read, fails with the file's name and changes no byte."""
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "history.sqlite3"
    path.write_bytes(content)
    for opener in (History.create, read_everything):
        with pytest.raises(HistoryError) as error:
            opener(path)
        assert str(path) in str(error.value)
        assert "has not changed it" in str(error.value)
        assert path.read_bytes() == content
    assert [p.name for p in folder.iterdir()] == ["history.sqlite3"]


def test_a_file_from_a_newer_release_is_refused_untouched(tmp_path: Path) -> None:
    """A newer schema version is not guessed at: clear message, and the file is unchanged."""
    path = tmp_path / "history.sqlite3"
    with History.create(path) as history:
        add_session(history)
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        db.execute("PRAGMA journal_mode = DELETE")
    before = path.read_bytes()
    with pytest.raises(HistoryError, match="newer backrehab") as error:
        History.create(path)
    assert "Upgrade backrehab" in str(error.value)
    assert path.read_bytes() == before


def test_someone_elses_database_is_refused(tmp_path: Path) -> None:
    """A version-0 file with tables backrehab did not make is not taken over."""
    path = tmp_path / "history.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE recipes (name TEXT)")
    before = path.read_bytes()
    with pytest.raises(HistoryError, match="tables backrehab did not make"):
        History.create(path)
    assert path.read_bytes() == before


def test_a_folder_that_cannot_be_made_is_a_clear_error(tmp_path: Path) -> None:
    """A data folder under a plain file cannot exist: the error names the path and suggests --data-dir."""
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(HistoryError, match="--data-dir") as error:
        History.create(blocker / "data" / "history.sqlite3")
    assert "cannot be created" in str(error.value)


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can write anywhere")
def test_a_read_only_folder_can_be_read_but_not_recorded_in(tmp_path: Path) -> None:
    """A data folder without write permission: the history can still be shown; recording is a clear error."""
    folder = tmp_path / "data"
    with History.create(folder / "history.sqlite3") as history:
        add_session(history)
    folder.chmod(0o500)
    try:
        reader = History.read(folder / "history.sqlite3")
        assert reader is not None
        with reader:
            assert len(reader.sessions()) == 1
        with pytest.raises(HistoryError, match="--data-dir"):
            History.create(folder / "history.sqlite3")
        with pytest.raises(HistoryError, match="cannot be created"):
            History.create(folder / "new" / "history.sqlite3")
    finally:
        folder.chmod(0o700)


WRITER = """
import sys
from datetime import datetime, timezone
from pathlib import Path
from backrehab.history.store import History
from backrehab.history.records import ResultRecord
from backrehab.session.outcomes import Outcome, Status

path, name, go = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
while not go.exists():
    pass
with History.create(path) as history:
    for n in range(25):
        at = datetime.now(timezone.utc)
        sid = history.begin_session(started_at=at, options={"writer": name}, pain_before=None, results=[])
        history.finish_session(
            sid, status=Status.COMPLETED, active_seconds=1.0,
            results=[ResultRecord(name, 1, Outcome.DONE, 5)], at=at,
        )
"""


def test_two_processes_writing_at_once_both_land(tmp_path: Path) -> None:
    """Two first sessions at the same moment, in a folder not made yet: every row of both is there."""
    path = tmp_path / "new" / "history.sqlite3"
    go = tmp_path / "go"
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), name, str(go)], stderr=subprocess.PIPE, text=True)
        for name in ("first", "second")
    ]
    go.write_text("go")
    for writer in writers:
        _, err = writer.communicate(timeout=60)
        assert writer.returncode == 0, err
    reader = History.read(path)
    assert reader is not None
    with reader:
        sessions = reader.sessions()
    writers_seen = [s.options["writer"] for s in sessions]
    assert writers_seen.count("first") == 25
    assert writers_seen.count("second") == 25
    assert all(s.status is Status.COMPLETED and len(s.results) == 1 for s in sessions)


def test_a_damaged_page_in_a_real_history_is_reported_untouched(tmp_path: Path) -> None:
    """A real history with a page overwritten: reported as damaged, by name, and no byte changes."""
    path = tmp_path / "history.sqlite3"
    with History.create(path) as history:
        for day in range(30):
            add_session(history, at=T0 + timedelta(days=day))
    content = bytearray(path.read_bytes())
    for i in range(4096, len(content), 7):  # scattered damage: SQLite finds many problems
        content[i] = 0xFF
    path.write_bytes(bytes(content))
    for opener in (read_everything, History.create):
        with pytest.raises(HistoryError, match="damaged") as caught:
            opener(path)
        assert path.read_bytes() == content
        assert "\n" not in str(caught.value)


def test_a_folder_made_by_another_first_session_meanwhile_is_fine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two first sessions race to make the data folder: the one that loses uses the folder the other made."""
    folder = tmp_path / "data"
    folder.mkdir()
    real_exists = Path.exists
    monkeypatch.setattr(Path, "exists", lambda self: False if self == folder else real_exists(self))
    with History.create(folder / "history.sqlite3"):
        pass
    assert (folder / "history.sqlite3").exists()


@pytest.mark.parametrize("pointed_at", ["an empty file", "a history"])
def test_the_history_is_never_written_through_a_symlink(tmp_path: Path, pointed_at: str) -> None:
    """A symlink as the history file (to someone's file elsewhere) is refused for recording, and that file kept."""
    victim = tmp_path / "elsewhere" / "victim"
    victim.parent.mkdir()
    if pointed_at == "a history":
        with History.create(victim) as history:
            add_session(history)
    else:
        victim.write_bytes(b"")
    before = victim.read_bytes()
    path = tmp_path / "data" / "history.sqlite3"
    path.parent.mkdir()
    path.symlink_to(victim)
    with pytest.raises(HistoryError, match="is a symlink, and the history is never written through one"):
        History.create(path)
    assert victim.read_bytes() == before
    assert path.is_symlink()


@pytest.mark.parametrize("link", ["loop", "dangling"])
def test_a_broken_symlink_as_the_history_is_named_not_taken_for_no_history(tmp_path: Path, link: str) -> None:
    """A symlink loop or a symlink to nothing is not "no sessions recorded yet": it is said to be broken."""
    path = tmp_path / "history.sqlite3"
    path.symlink_to(path if link == "loop" else tmp_path / "gone")
    with pytest.raises(HistoryError, match="is a symlink to no file"):
        History.read(path)


def test_the_calendar_read_from_the_sessions_alone_equals_the_calendar_of_the_whole_sessions(tmp_path: Path) -> None:
    """`attendance` reads no results: what it gives the calendar is what the sessions read whole give it,
    for completed, ended-early, demo and logged sessions, on days inside and outside the weeks asked for."""
    zone = timezone(timedelta(hours=-5))
    with History.create(tmp_path / "history.sqlite3") as history:
        for back in range(0, 120, 3):
            at = T0 - timedelta(days=back, hours=back % 7)
            add_session(history, at=at, status=Status.ENDED_EARLY if back % 9 == 0 else Status.COMPLETED)
            if back % 12 == 0:
                history.begin_session(started_at=at, options={}, pain_before=None, results=[], demo=True)
            if back % 15 == 0:
                done = [ResultRecord("pelvic-tilt", 1, Outcome.DONE, 5, 5, 5, {"both": 5})]  # as `log` records
                history.log_session(
                    started_at=at + timedelta(hours=3), options={}, pain_before=None, pain_after=None, results=done
                )

        def local(moment: datetime) -> date:
            return moment.astimezone(zone).date()

        first = T0.date() - timedelta(days=83)
        from_sql = history.attendance(first, local)
        from_whole = attendance_of(history.sessions_between(first, None, local), local)
    assert sorted(from_sql, key=repr) == sorted(from_whole, key=repr)
    assert {a.logged for a in from_sql} == {True, False}
    assert {a.counts for a in from_sql} == {True, False}
    assert min(a.day for a in from_sql) >= first
    assert heat_map(from_sql, T0.date()) == heat_map(from_whole, T0.date())
