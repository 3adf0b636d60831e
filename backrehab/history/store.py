"""The session history: a local SQLite file that later releases upgrade in place.

This is health data, so the folder is made 0700 and the file 0600, and a file
backrehab cannot read — damaged, not SQLite, from a newer release — is never
written to: every such case is a `HistoryError` naming the file and what to do,
raised before anything could change it. Files are opened read-only where only
reading is needed. Writes are short transactions in WAL mode with a busy
timeout, so two sessions finishing at the same moment both land.

Two of the checks made before writing read the whole file: SQLite's `quick_check` of every page,
and every session row read as `history` would read it. On ten years of daily use they are most of
a session's start, so they are skipped for a file known to be in a state already found good: the
stamp of the file and of its write-ahead log (inode, size, modification time: `cache.history_key`)
is kept in the derived-data cache (`cache.record_checked`) when a connection opened by `History.create`
closes, and a start that finds the file with that very stamp makes only the cheap checks (header,
schema version, tables, columns). The state is known good because it is the one checked, changed
since only by our own writes, which are of valid rows; the stamp is taken after the close, as the
close's checkpoint moves the log into the file. A write of another connection is seen by
`PRAGMA data_version`, which changes only when another connection commits: compared when the checks
begin and just before the close, a change means nothing is recorded, and the next start checks in full.
Any error met on the way (damage, a lock) records nothing either. Without a usable cache (none, not
the user's own, `--no-cache`) every check is made, as it is for any file whose stamp differs: one
copied in, edited with sqlite3, written by an older release.

What the stamp cannot see: a commit by another program after our last look at `data_version` and
before the stamp is taken (a moment, at the end of our close), or a change that keeps the file's
size and lands within the same tick of the file system's clock as our last write (file times are as
fine as the kernel makes them: nanoseconds for ext4 on recent Linux, which gives a stat-ed file a fresh
time at its next change; some milliseconds on older kernels; two seconds on FAT); and damage that
changes neither size nor time, bit rot, say. In each case the rows are still read through SQLite,
which reports a damaged page it meets as an error (`_execute` and `query` make it a `HistoryError`),
and anything SQLite accepts is still checked as it is read: what goes unseen is only the refusal
before the first write.
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
import time
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backrehab.cache import forget_holds, history_checked, record_checked
from backrehab.history.records import Attendance, ProgressReset, ResultRecord, SessionRecord
from backrehab.plainfiles import is_regular
from backrehab.printable import clip
from backrehab.session.outcomes import Outcome, Status

if TYPE_CHECKING:  # pragma: no cover
    import sqlite3

    from backrehab.history.stats import LocalDate

#: How long a write waits for another process's write to finish before giving up.
BUSY_TIMEOUT_MS = 10_000
SQLITE_HEADER = b"SQLite format 3\x00"

#: Ordered schema migrations: entry i upgrades a file from version i to i + 1
#: (`PRAGMA user_version`). Append new entries; never edit a released one.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            ended_at TEXT,
            status TEXT NOT NULL,
            options TEXT NOT NULL DEFAULT '{}',
            pain_before INTEGER CHECK (pain_before BETWEEN 0 AND 10),
            pain_after INTEGER CHECK (pain_after BETWEEN 0 AND 10),
            active_seconds REAL
        )""",
        """CREATE TABLE results (
            session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            exercise_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            planned INTEGER NOT NULL DEFAULT 1,
            outcome TEXT NOT NULL,
            reason TEXT,
            hold_seconds INTEGER NOT NULL,
            holds_planned INTEGER NOT NULL DEFAULT 0,
            holds_done INTEGER NOT NULL DEFAULT 0,
            done_left INTEGER NOT NULL DEFAULT 0,
            done_right INTEGER NOT NULL DEFAULT 0,
            done_both INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (session_id, exercise_id)
        )""",
        """CREATE TABLE progress_resets (
            id INTEGER PRIMARY KEY,
            exercise_id TEXT,
            after_session INTEGER NOT NULL,
            reset_at TEXT NOT NULL
        )""",
    ),
    (
        # Sessions run at a --speed other than 1 are demos: kept, but never counted.
        "ALTER TABLE sessions ADD COLUMN demo INTEGER NOT NULL DEFAULT 0",
        "UPDATE sessions SET demo = 1 WHERE json_valid(options) AND json_type(options, '$.speed') IN "
        "('integer', 'real') AND json_extract(options, '$.speed') != 1",
        # "completed" now needs an exercise done; older rows walked to the end with none say so too.
        "UPDATE sessions SET status = 'nothing done' WHERE status = 'completed' AND NOT EXISTS "
        "(SELECT 1 FROM results WHERE results.session_id = sessions.id AND results.outcome = 'done')",
    ),
    (
        # Indexes, so a command reads the weeks it shows, not every session ever recorded. Nothing
        # else changes: a file of any size gains them in one short transaction.
        "CREATE INDEX IF NOT EXISTS sessions_by_start ON sessions (started_at)",
        "CREATE INDEX IF NOT EXISTS results_by_exercise ON results (exercise_id, session_id)",
    ),
    (
        # Sessions entered afterwards (`backrehab log`), done from the audio file or the handout: not timed.
        "ALTER TABLE sessions ADD COLUMN logged INTEGER NOT NULL DEFAULT 0",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)
OUR_TABLES = frozenset({"sessions", "results", "progress_resets"})
#: The columns each table has had since schema version 1: what a file of ours must hold before it is written.
COLUMNS = {
    "sessions": frozenset(
        {"id", "started_at", "ended_at", "status", "options", "pain_before", "pain_after", "active_seconds"}
    ),
    "results": frozenset(
        {
            "session_id",
            "exercise_id",
            "position",
            "planned",
            "outcome",
            "reason",
            "hold_seconds",
            "holds_planned",
            "holds_done",
            "done_left",
            "done_right",
            "done_both",
        }
    ),
    "progress_resets": frozenset({"id", "exercise_id", "after_session", "reset_at"}),
}
#: Columns added by later versions: (version that added them, table, column).
ADDED_COLUMNS = ((2, "sessions", "demo"), (4, "sessions", "logged"))

UNTOUCHED = "backrehab has not changed it"


class HistoryError(Exception):
    """The history file cannot be used: which file, what is wrong, and what the person can do."""

    def __init__(self, path: Path, problem: str, advice: str, *, busy: bool = False) -> None:
        super().__init__(f"{path}: {problem}. {advice}.")
        self.path = path
        self.problem = problem
        self.advice = advice
        #: Another process held the write lock for as long as the write would wait: trying later may succeed.
        self.busy = busy


def access_advice(path: Path) -> str:
    return f"Check that you can read and write {path.parent}, or choose another folder with --data-dir"


def busy_advice() -> str:
    return "Another backrehab is writing to it: try again when it has finished"


def damaged_advice() -> str:
    return (
        f"{UNTOUCHED}: move it aside to start a new history (what it holds stays in it), "
        "or choose another folder with --data-dir"
    )


@dataclass(frozen=True)
class KnownGood:
    """A file checked (or found as it was when last checked) by this connection, whose stamp its close records."""

    #: The derived-data cache the stamp is kept in.
    cache_folder: Path
    #: `PRAGMA data_version` as the checks began: it changes when another connection commits.
    data_version: int


class History:
    """An open history file. Use `History.create` to record, `History.read` to look."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self.connection = connection
        self._logged: bool | None = None
        #: How long a write waits for another process's lock, in milliseconds (see `patience`).
        self.busy_ms = BUSY_TIMEOUT_MS
        #: Set by `create` with a cache; None once anything went wrong, so that the close records nothing.
        self.known_good: KnownGood | None = None

    # -- opening --------------------------------------------------------------

    @classmethod
    def create(cls, path: Path, *, cache_folder: Path | None = None) -> History:
        """Open for recording: make the folder (0700) and file (0600) if needed, upgrade an old schema.

        Every check a read makes (tables, columns, statuses, outcomes, dates) is made first, before
        anything — not even the journal mode — is changed: a file `history` refuses is never written.
        With `cache_folder`, a file whose stamp is the one recorded there when it was last known good
        skips the checks that read it whole (see the module's docstring), and `close` records the stamp.
        """
        _make_private(path)
        connection = _open(path, read_only=False)
        try:
            seen = None if cache_folder is None else _data_version(path, connection)
            # The stamp is compared after data_version is read: a commit landing in between changes the stamp.
            known = cache_folder is not None and history_checked(cache_folder, path)
            if not known:
                _check_integrity(path, connection)
            _check_schema(path, connection)
            history = cls(path, connection)
            history.check_readable(rows=not known)
            _execute(path, connection, "PRAGMA journal_mode = WAL")
            if seen is not None and _data_version(path, connection) != seen:
                seen = None  # switched to WAL just now, which moves data_version too, or another's commit landed
            _execute(path, connection, "PRAGMA synchronous = NORMAL")
            _migrate(path, connection)
        except BaseException:
            connection.close()
            raise
        if cache_folder is not None and seen is not None:
            history.known_good = KnownGood(cache_folder, seen)
        return history

    @classmethod
    def read(cls, path: Path) -> History | None:
        """Open to look, read-only; None when there is no history yet. An older schema is upgraded first."""
        try:
            if not path.exists():
                if path.is_symlink():  # to nothing, or a loop: not "no sessions yet"
                    raise HistoryError(path, "is a symlink to no file (or a loop)", damaged_advice())
                return None
        except OSError as error:  # a folder made by another user (a session run with sudo, say)
            raise HistoryError(path, f"cannot be read ({error.strerror})", access_advice(path)) from None
        try:
            connection = _connect(path)
        except HistoryError:
            if os.access(path.parent, os.W_OK):
                raise
            # A read-only folder: SQLite cannot make the lock files a WAL file needs to be read.
            # Nobody can be writing there, so reading the file as it stands is safe.
            connection = _connect(path, immutable=True)
        if _user_version(path, connection) < SCHEMA_VERSION:
            try:
                upgraded = cls.create(path)
            except HistoryError:
                if os.access(path.parent, os.W_OK) and os.access(path, os.W_OK):
                    connection.close()
                    raise
                # A folder or file nobody here can write: read the older file as it stands, not upgraded.
                return cls(path, connection)
            connection.close()
            return upgraded
        return cls(path, connection)

    def close(self) -> None:
        """Close; a file opened by `create` with a cache and changed since by no other connection has its
        stamp recorded there, taken after the close (which moves the write-ahead log into the file)."""
        known_good, self.known_good = self.known_good, None
        unchanged = known_good is not None and self._data_version_now() == known_good.data_version
        self.connection.close()
        if known_good is not None and unchanged:
            record_checked(known_good.cache_folder, self.path)

    def _data_version_now(self) -> int | None:
        """`PRAGMA data_version`, without waiting for a lock; None if it cannot be read now or a transaction is open."""
        try:
            if self.connection.in_transaction:
                return None
            self.connection.execute("PRAGMA busy_timeout = 0")
            return int(self.connection.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error:
            return None

    def check_readable(self, *, rows: bool = True) -> None:
        """Raise `HistoryError` for what reading would refuse: a missing table or column, an unknown
        status or outcome, an unreadable date or options. A file not yet holding our tables passes.

        With `rows` False, only the tables and columns are checked, not what the rows hold: for a file
        known to be as it was when last checked whole (`create`).
        """
        version = _user_version(self.path, self.connection)
        tables = {
            row[0]
            for row in self.query("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not str(row[0]).startswith("sqlite_")
        }
        if version == 0 and not tables:
            return  # a new file: the migrations make the tables
        for table, columns in COLUMNS.items():
            expected = columns | {c for v, t, c in ADDED_COLUMNS if t == table and v <= version}
            found = {row[1] for row in self.query(f"PRAGMA table_info({table})")} if table in tables else set()
            missing = sorted(expected - found)
            if table not in tables and version > 0:
                raise HistoryError(self.path, f"has no {table} table", damaged_advice())
            if table in tables and missing:
                raise HistoryError(self.path, f"has a {table} table without {', '.join(missing)}", damaged_advice())
        if version == 0 or not rows:
            return  # version 0: our tables from before the schema had a version; the migration checks them
        for (status,) in self.query("SELECT DISTINCT status FROM sessions"):
            self.enum(Status, status, "status")
        for (outcome,) in self.query("SELECT DISTINCT outcome FROM results"):
            self.enum(Outcome, outcome, "outcome")
        # Every session's dates must parse, its options be JSON, its pain and active time numbers in range.
        # Options SQLite finds valid are valid to Python too, and the statuses were checked above: only a
        # row that may be wrong is read as a record, which raises what reading it would.
        for row in self.query(
            "SELECT id, started_at, ended_at, status, CASE WHEN json_valid(options) THEN '{}' ELSE options END, "
            "pain_before, pain_after, active_seconds FROM sessions"
        ):
            if not _plainly_readable(row):
                self.session_from_row((*row, 0, 0), [])
        self.resets()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing --------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once (BEGIN IMMEDIATE) so a busy file is waited for, not failed.

        The wait is bounded by `BUSY_TIMEOUT_MS`. Whatever ends the transaction early — an error, an
        exception, the wait running out — it is rolled back, so none is ever left open.
        """
        try:
            if self.connection.in_transaction:  # left open by something that cannot happen; never nest
                self.connection.execute("ROLLBACK")
            self.connection.execute("BEGIN IMMEDIATE")
            yield self.connection
            self.connection.execute("COMMIT")
        except BaseException as error:
            with suppress(sqlite3.Error):
                if self.connection.in_transaction:
                    self.connection.execute("ROLLBACK")
            if isinstance(error, sqlite3.Error):
                self.known_good = None
                raise self.write_error(error) from None
            raise
        forget_holds()

    @contextmanager
    def patience(self, milliseconds: int) -> Iterator[None]:
        """Inside, a write waits at most `milliseconds` for another process's lock, then fails as busy."""
        before = self.busy_ms
        self._set_busy_timeout(milliseconds)
        try:
            yield
        finally:
            self._set_busy_timeout(before)

    def _set_busy_timeout(self, milliseconds: int) -> None:
        with suppress(sqlite3.Error):  # it takes no lock; a closed connection has nothing left to wait for
            self.connection.execute(f"PRAGMA busy_timeout = {int(milliseconds)}")
            self.busy_ms = milliseconds

    def write_error(self, error: Exception) -> HistoryError:
        if isinstance(error, sqlite3.OperationalError) and is_busy(error):
            return HistoryError(
                self.path,
                f"could not be written: it stayed locked for {self.busy_ms / 1000:g} s",
                busy_advice(),
                busy=True,
            )
        if isinstance(error, sqlite3.DatabaseError) and not isinstance(error, sqlite3.OperationalError):
            return HistoryError(self.path, f"could not be written ({error})", damaged_advice())
        return HistoryError(self.path, f"could not be written ({error})", access_advice(self.path))

    def begin_session(
        self,
        *,
        started_at: datetime,
        options: dict[str, Any],
        pain_before: int | None,
        results: Sequence[ResultRecord],
        demo: bool = False,
    ) -> int:
        """Insert a session as "interrupted" with every exercise's starting state; return its id.

        Until the session finishes, the row says what a killed process would
        leave: interrupted, with what was done so far. A `demo` (run at a
        --speed other than 1) is kept but counts towards nothing.
        """
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO sessions (started_at, ended_at, status, options, pain_before, demo) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    started_at.isoformat(),
                    started_at.isoformat(),
                    Status.INTERRUPTED.value,
                    json.dumps(options, sort_keys=True),
                    pain_before,
                    int(demo),
                ),
            )
            session_id = cursor.lastrowid
            assert session_id is not None
            for result in results:
                _upsert_result(db, session_id, result)
        return session_id

    def log_session(
        self,
        *,
        started_at: datetime,
        options: dict[str, Any],
        pain_before: int | None,
        pain_after: int | None,
        results: Sequence[ResultRecord],
    ) -> int:
        """Insert a session done away from the terminal, as completed and logged; return its id.

        It has no end and no active time: nothing timed it.
        """
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO sessions (started_at, ended_at, status, options, pain_before, pain_after, logged) "
                "VALUES (?, NULL, ?, ?, ?, ?, 1)",
                (
                    started_at.isoformat(),
                    Status.COMPLETED.value,
                    json.dumps(options, sort_keys=True),
                    pain_before,
                    pain_after,
                ),
            )
            session_id = cursor.lastrowid
            assert session_id is not None
            for result in results:
                _upsert_result(db, session_id, result)
        return session_id

    def continue_session(self, session_id: int, *, at: datetime) -> None:
        """A resumed session is running again: interrupted until it finishes."""
        with self.transaction() as db:
            db.execute(
                "UPDATE sessions SET status = ?, ended_at = ? WHERE id = ?",
                (Status.INTERRUPTED.value, at.isoformat(), session_id),
            )

    def save_results(self, session_id: int, results: Sequence[ResultRecord], *, at: datetime) -> None:
        with self.transaction() as db:
            for result in results:
                _upsert_result(db, session_id, result)
            db.execute("UPDATE sessions SET ended_at = ? WHERE id = ?", (at.isoformat(), session_id))

    def finish_session(
        self,
        session_id: int,
        *,
        status: Status,
        active_seconds: float,
        results: Sequence[ResultRecord],
        at: datetime,
    ) -> None:
        """Record the end: status, every exercise's result, and the active time (added to a resumed one's)."""
        with self.transaction() as db:
            for result in results:
                _upsert_result(db, session_id, result)
            db.execute(
                "UPDATE sessions SET status = ?, ended_at = ?, active_seconds = coalesce(active_seconds, 0) + ? "
                "WHERE id = ?",
                (status.value, at.isoformat(), active_seconds, session_id),
            )

    def set_pain(self, session_id: int, *, before: int | None = None, after: int | None = None) -> None:
        with self.transaction() as db:
            if before is not None:
                db.execute("UPDATE sessions SET pain_before = ? WHERE id = ?", (before, session_id))
            if after is not None:
                db.execute("UPDATE sessions SET pain_after = ? WHERE id = ?", (after, session_id))

    def reset_progress(self, exercise_id: str | None, *, at: datetime) -> None:
        """Progression starts again for one exercise (or all): earlier sessions stop counting, none is deleted."""
        with self.transaction() as db:
            (last,) = db.execute("SELECT coalesce(max(id), 0) FROM sessions").fetchone()
            db.execute(
                "INSERT INTO progress_resets (exercise_id, after_session, reset_at) VALUES (?, ?, ?)",
                (exercise_id, last, at.isoformat()),
            )

    # -- reading --------------------------------------------------------------

    def sessions(self, exercise_ids: Collection[str] | None = None) -> list[SessionRecord]:
        """Every session, oldest first, with its results: all of them, or only those of `exercise_ids`
        (what progression needs for a few exercises, read without the rows of the others)."""
        results: dict[int, list[ResultRecord]] = {}
        ids = sorted(exercise_ids) if exercise_ids is not None else None
        where = f"WHERE exercise_id IN ({', '.join('?' * len(ids))}) " if ids is not None else ""
        for row in self.query(
            "SELECT session_id, exercise_id, position, planned, outcome, reason, hold_seconds, holds_planned, "
            f"holds_done, done_left, done_right, done_both FROM results {where}ORDER BY session_id, position",
            ids or (),
        ):
            results.setdefault(row[0], []).append(self.result_from_row(row))
        return [
            self.session_from_row(row, results.get(row[0], []))
            for row in self.query(
                "SELECT id, started_at, ended_at, status, options, pain_before, pain_after, active_seconds, "
                f"{self.demo_column()}, {self.logged_column()} FROM sessions ORDER BY id"
            )
        ]

    def sessions_between(self, first: date, last: date | None, local_date: LocalDate) -> list[SessionRecord]:
        """The sessions whose local day is from `first` to `last` (None: no end), oldest first, with their results.

        Oldest by when each started, not by when it was recorded: a session logged afterwards for an earlier
        day takes its place among the others.

        Only that window is read (through the index on `started_at`), so the cost is that of the
        sessions shown, not of every one ever recorded. The stored times carry their own UTC offset,
        so the text bounds are widened by two days and the exact days chosen with `local_date`.
        """
        low = (first - timedelta(days=2)).isoformat()
        high = (last + timedelta(days=2)).isoformat() if last is not None and last < date.max - timedelta(3) else "~"
        results: dict[int, list[ResultRecord]] = {}
        for row in self.query(
            "SELECT session_id, exercise_id, position, planned, outcome, reason, hold_seconds, holds_planned, "
            "holds_done, done_left, done_right, done_both FROM results WHERE session_id IN "
            "(SELECT id FROM sessions WHERE started_at >= ? AND started_at < ?) ORDER BY session_id, position",
            (low, high),
        ):
            results.setdefault(row[0], []).append(self.result_from_row(row))
        sessions = [
            self.session_from_row(row, results.get(row[0], []))
            for row in self.query(
                "SELECT id, started_at, ended_at, status, options, pain_before, pain_after, active_seconds, "
                f"{self.demo_column()}, {self.logged_column()} FROM sessions "
                "WHERE started_at >= ? AND started_at < ? ORDER BY id",
                (low, high),
            )
        ]
        return sorted(
            (
                s
                for s in sessions
                if first <= local_date(s.started_at) and (last is None or local_date(s.started_at) <= last)
            ),
            key=lambda s: s.started_at,
        )

    def attendance(self, first: date, local_date: LocalDate) -> list[Attendance]:
        """Every session from local day `first` on, as the calendar counts it, demos left out.

        Read from the sessions' own columns through the index on `started_at`: no results and no options,
        since "completed" means an exercise was done (see `counted_days`). Twelve weeks of calendar are then
        some ninety rows, not the thousand results of ninety sessions.
        """
        rows = self.query(
            f"SELECT started_at, status, {self.logged_column()} FROM sessions "
            f"WHERE started_at >= ? AND NOT {self.demo_column()}",
            ((first - timedelta(days=2)).isoformat(),),
        )
        with self._session_dates():
            days = [(local_date(datetime.fromisoformat(row[0])), row) for row in rows]
        return [
            Attendance(day, self.enum(Status, row[1], "status") is Status.COMPLETED, bool(row[2]))
            for day, row in days
            if day >= first
        ]

    def attempts(
        self, exercise_ids: Collection[str], *, before: str | None = None, after: int = 0
    ) -> list[tuple[str, int, str, Outcome, int, bool]]:
        """What progression needs, in SQL: (exercise, session, started_at, outcome, hold, pain rose) of every
        session after session `after` that planned and reached one of `exercise_ids`, demos left out, oldest
        first. Logged sessions are left out too, but for those with more pain after than before: that holds
        progression, as always.

        `before` bounds `started_at` as text. Read from the index on results' exercise and session, without
        the sessions' options or any other exercise's rows, nor the sessions up to `after`.
        """
        ids = sorted(exercise_ids)
        if not ids:
            return []
        bound = "AND s.started_at < ? " if before is not None else ""
        rows = self.query(
            "SELECT r.exercise_id, s.id, s.started_at, r.outcome, r.hold_seconds, "
            "coalesce(s.pain_after > s.pain_before, 0) FROM results r JOIN sessions s ON s.id = r.session_id "
            f"WHERE r.exercise_id IN ({', '.join('?' * len(ids))}) AND r.session_id > ? AND r.planned "
            f"AND r.outcome != ? AND NOT {self.demo_column('s.')} "
            f"AND (NOT {self.logged_column('s.')} OR coalesce(s.pain_after > s.pain_before, 0)) "
            f"{bound}ORDER BY r.exercise_id, s.id",
            (*ids, after, Outcome.NOT_REACHED.value, *([before] if before is not None else [])),
        )
        return [(row[0], row[1], row[2], self.enum(Outcome, row[3], "outcome"), row[4], bool(row[5])) for row in rows]

    def checkpoint_marks(self, days: Sequence[date]) -> dict[date, tuple[int, str, int]]:
        """For each of `days` (oldest first), the last session of an unbroken run from the first whose every
        session started, by its stored date, on that day or before: (its id, its `started_at`, how many
        sessions up to it). A day before every session has none.

        Reads the sessions from the first that started after `days[0]` on (a few weeks' worth) and two
        rows before them, through the indexes.
        """
        if not days:
            return {}
        lowest = (days[0] + timedelta(days=1)).isoformat()
        ((first_later,),) = self.query("SELECT min(id) FROM sessions WHERE started_at >= ?", (lowest,))
        if first_later is None:
            ((first_later,),) = self.query("SELECT coalesce(max(id), 0) + 1 FROM sessions")
        below = self.query(
            "SELECT id, started_at, (SELECT count(*) FROM sessions WHERE id < ?) FROM sessions WHERE id < ? "
            "ORDER BY id DESC LIMIT 1",
            (first_later, first_later),
        )
        later = self.query("SELECT id, started_at FROM sessions WHERE id >= ? ORDER BY id", (first_later,))
        marks = {}
        for day in days:
            bound = (day + timedelta(days=1)).isoformat()
            ahead = next((n for n, row in enumerate(later) if row[1] >= bound), len(later))
            if ahead:
                marks[day] = (later[ahead - 1][0], later[ahead - 1][1], (below[0][2] if below else 0) + ahead)
            elif below:
                marks[day] = (below[0][0], below[0][1], below[0][2])
        return marks

    def checkpoint_holds(self, session_id: int, started_at: str, sessions: int) -> bool:
        """Whether session `session_id` is still there, started at `started_at`, with `sessions` sessions up to it."""
        rows = self.query(
            "SELECT started_at, (SELECT count(*) FROM sessions WHERE id <= ?) FROM sessions WHERE id = ?",
            (session_id, session_id),
        )
        return bool(rows) and tuple(rows[0]) == (started_at, sessions)

    def counted_moments(self, *, after: int = 0) -> list[tuple[int, datetime]]:
        """(id, start) of every session after session `after` that counts (completed, not a demo), by id."""
        rows = self.query(
            f"SELECT id, started_at FROM sessions WHERE id > ? AND status = ? AND NOT {self.demo_column()} ORDER BY id",
            (after, Status.COMPLETED.value),
        )
        with self._session_dates():
            return [(row[0], datetime.fromisoformat(row[1])) for row in rows]

    def counted_days(self, local_date: LocalDate) -> set[date]:
        """The local days with a session that counts (completed, an exercise done, not a demo): what streaks
        need, read from one column, without any session's options or results."""
        # "completed" means an exercise was done (since schema version 2, which rewrote older rows), so the
        # status alone answers, without a look into the results of each of thousands of sessions.
        rows = self.query(
            f"SELECT started_at FROM sessions WHERE status = ? AND NOT {self.demo_column()}",
            (Status.COMPLETED.value,),
        )
        with self._session_dates():
            return {local_date(datetime.fromisoformat(row[0])) for row in rows}

    def result_rows(self, *, first: date | None = None, demos: bool = True) -> Iterator[tuple[Any, ...]]:
        """Every exercise result joined to its session, oldest first (by start), streamed as SQLite yields them: what
        the CSV writes, with no record built. From `first` (a text bound, two days early: see
        `sessions_between`) if given; demos left out unless `demos`."""
        where = [] if demos else [f"NOT {self.demo_column('s.')}"]
        parameters: list[Any] = []
        if first is not None:
            where.append("s.started_at >= ?")
            parameters.append((first - timedelta(days=2)).isoformat())
        sql = (
            f"SELECT s.id, s.started_at, s.status, {self.demo_column('s.')}, s.pain_before, s.pain_after, "
            "r.position, r.exercise_id, r.planned, r.outcome, r.reason, r.hold_seconds, r.holds_planned, "
            f"r.holds_done, r.done_left, r.done_right, r.done_both, {self.logged_column('s.')} "
            "FROM results r JOIN sessions s ON s.id = r.session_id "
            f"{'WHERE ' + ' AND '.join(where) if where else ''} ORDER BY s.started_at, s.id, r.position"
        )
        try:
            yield from self.connection.execute(sql, parameters)
        except sqlite3.DatabaseError as error:
            self.known_good = None
            raise HistoryError(self.path, f"cannot be read ({error})", damaged_advice()) from None

    def logged_column(self, table: str = "") -> str:
        """`logged` (of `table`, e.g. "s.") where the file has that column (sessions entered afterwards, not
        timed), else 0: an older file read as it stands."""
        if self._logged is None:
            names = {row[1] for row in self.query("PRAGMA table_info(sessions)")}
            self._logged = "logged" in names
        return f"{table}logged" if self._logged else "0"

    def demo_column(self, table: str = "") -> str:
        """`demo` (of `table`, e.g. "s."), or 0 in an older file read as it stands (one that could not be upgraded)."""
        try:
            version = _user_version(self.path, self.connection)
        except HistoryError:
            self.known_good = None
            raise
        if version >= 2:
            return f"{table}demo"
        return "0"

    def resets(self, *, until: date | None = None, local_date: LocalDate | None = None) -> list[ProgressReset]:
        """The progress resets, oldest first; with `until`, only those made by the end of that local day."""
        rows = self.query("SELECT exercise_id, after_session, reset_at FROM progress_resets ORDER BY id")
        if any(not isinstance(row[1], int) for row in rows):
            raise HistoryError(self.path, "is damaged (a progress reset names no session)", damaged_advice())
        if until is not None:
            rows = [row for row in rows if self._day(row[2], local_date) <= until]
        return [ProgressReset(row[0], row[1]) for row in rows]

    @contextmanager
    def _session_dates(self) -> Iterator[None]:
        """A session's start that does not parse, read inside this block, as the history's error."""
        try:
            yield
        except (TypeError, ValueError) as error:
            raise HistoryError(self.path, f"has an unreadable session date ({error})", damaged_advice()) from None

    def _day(self, moment: str, local_date: LocalDate | None) -> date:
        try:
            parsed = datetime.fromisoformat(moment)
        except (TypeError, ValueError) as error:
            raise HistoryError(self.path, f"has an unreadable reset date ({error})", damaged_advice()) from None
        return local_date(parsed) if local_date is not None else parsed.date()

    def query(self, sql: str, parameters: Sequence[Any] = ()) -> list[Any]:
        try:
            return self.connection.execute(sql, parameters).fetchall()
        except sqlite3.OperationalError as error:
            self.known_good = None
            raise HistoryError(self.path, f"cannot be read ({error})", damaged_advice()) from None
        except sqlite3.DatabaseError as error:  # what the integrity check would have found, met on the way
            self.known_good = None
            raise HistoryError(self.path, f"is damaged ({error})", damaged_advice()) from None

    def wrong_value(self, session: Any, column: str, value: Any) -> HistoryError:
        """A value of the wrong type or out of its range, written around the schema (by hand, say): damage."""
        return HistoryError(
            self.path, f"holds a wrong {column} in session {clip(repr(session))}: {clip(repr(value))}", damaged_advice()
        )

    def count(self, session: Any, column: str, value: Any, *, high: int | None = None) -> int:
        """A whole number from 0 (to `high`): a count, a position, a second of hold, a pain score."""
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0 and (high is None or value <= high):
            return value
        raise self.wrong_value(session, column, value)

    def result_from_row(self, row: Sequence[Any]) -> ResultRecord:
        session = row[0]
        counts = ("position", "planned", "hold", "holds planned", "holds done", "left", "right", "both")
        for column, value in zip(counts, (row[2], row[3], *row[6:12]), strict=True):
            self.count(session, column, value)
        if not isinstance(row[1], str):
            raise self.wrong_value(session, "exercise id", row[1])
        if row[5] is not None and not isinstance(row[5], str):
            raise self.wrong_value(session, "reason", row[5])
        by_side = {key: n for key, n in zip(("left", "right", "both"), row[9:12], strict=True) if n}
        return ResultRecord(
            exercise_id=row[1],
            position=row[2],
            planned=bool(row[3]),
            outcome=self.enum(Outcome, row[4], "outcome"),
            reason=row[5],
            hold_seconds=row[6],
            holds_planned=row[7],
            holds_done=row[8],
            by_side=by_side,
        )

    def session_from_row(self, row: Sequence[Any], results: list[ResultRecord]) -> SessionRecord:
        try:
            started_at = datetime.fromisoformat(row[1])
            ended_at = datetime.fromisoformat(row[2]) if row[2] else None
            options = json.loads(row[4])
        except (TypeError, ValueError) as error:
            raise HistoryError(self.path, f"has an unreadable session {row[0]} ({error})", damaged_advice()) from None
        for column, value in (("pain before", row[5]), ("pain after", row[6])):
            if value is not None:
                self.count(row[0], column, value, high=10)
        active = row[7]
        if active is not None and not (
            isinstance(active, (int, float)) and not isinstance(active, bool) and 0 <= active < math.inf
        ):
            raise self.wrong_value(row[0], "active time", active)
        return SessionRecord(
            id=row[0],
            started_at=started_at,
            ended_at=ended_at,
            status=self.enum(Status, row[3], "status"),
            options=options if isinstance(options, dict) else {},
            pain_before=row[5],
            pain_after=row[6],
            active_seconds=row[7],
            results=tuple(results),
            demo=bool(row[8]),
            logged=bool(row[9]) if len(row) > 9 else False,
        )

    def enum(self, kind: Any, value: Any, what: str) -> Any:
        try:
            return kind(value)
        except ValueError:
            raise HistoryError(self.path, f"holds an unknown {what} {value!r}", damaged_advice()) from None


def _plainly_readable(row: Sequence[Any]) -> bool:
    """A session row of `check_readable` whose dates parse, whose options SQLite found valid JSON ('{}'),
    whose pain is a whole number 0–10 or none, and whose active time a number or none."""
    try:
        datetime.fromisoformat(row[1])
        if row[2]:
            datetime.fromisoformat(row[2])
    except (TypeError, ValueError):
        return False
    pains_fine = all(p is None or (type(p) is int and 0 <= p <= 10) for p in (row[5], row[6]))
    active = row[7]
    active_fine = active is None or (type(active) in (int, float) and 0 <= active < math.inf)
    return bool(row[4] == "{}") and pains_fine and active_fine


def is_busy(error: Exception) -> bool:
    """SQLite's "database is locked" or "busy": another process holds the write lock."""
    text = str(error).lower()
    return "locked" in text or "busy" in text


def unfinished_write(path: Path, error: Exception) -> bool:
    """SQLite's SQLITE_READONLY_ROLLBACK: a read-only connection met a journal it would have to roll back."""
    if getattr(error, "sqlite_errorname", None) == "SQLITE_READONLY_ROLLBACK":
        return True
    return "readonly database" in str(error) and Path(f"{path}-journal").exists()


def _upsert_result(db: sqlite3.Connection, session_id: int, result: ResultRecord) -> None:
    """Write one exercise's result; a row already there keeps its position and takes the new values."""
    db.execute(
        "INSERT INTO results (session_id, exercise_id, position, planned, outcome, reason, hold_seconds, "
        "holds_planned, holds_done, done_left, done_right, done_both) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (session_id, exercise_id) DO UPDATE SET planned = excluded.planned, outcome = excluded.outcome, "
        "reason = excluded.reason, hold_seconds = excluded.hold_seconds, holds_planned = excluded.holds_planned, "
        "holds_done = excluded.holds_done, done_left = excluded.done_left, done_right = excluded.done_right, "
        "done_both = excluded.done_both",
        (
            session_id,
            result.exercise_id,
            result.position,
            int(result.planned),
            result.outcome.value,
            result.reason,
            result.hold_seconds,
            result.holds_planned,
            result.holds_done,
            *result.side_counts,
        ),
    )


# -- opening, checked ----------------------------------------------------------


def _make_private(path: Path) -> None:
    """Create the folder (0700) and an empty file (0600) if missing; leave an existing file alone.

    A symlink in the history file's place is refused: writing through it would turn whatever file
    it points at, perhaps someone else's, into a database.
    """
    folder = path.parent
    try:
        if not folder.exists():
            folder.mkdir(parents=True, mode=0o700, exist_ok=True)  # two first sessions may race here
            folder.chmod(0o700)
    except OSError as error:
        raise HistoryError(path, f"cannot be created ({error.strerror})", access_advice(path)) from None
    try:
        exists = path.exists()
        link = path.is_symlink()
    except OSError as error:  # a folder made by another user (a session run with sudo, say)
        raise HistoryError(path, f"cannot be opened ({error.strerror})", access_advice(path)) from None
    if link:
        raise HistoryError(
            path,
            "is a symlink, and the history is never written through one",
            "Put the history file itself there, or choose its folder with --data-dir",
        )
    if not exists:
        try:
            with suppress(FileExistsError):  # another process made it first
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except OSError as error:
            raise HistoryError(path, f"cannot be created ({error.strerror})", access_advice(path)) from None


def _check_header(path: Path) -> None:
    """Refuse a file that is not SQLite before the sqlite library touches it."""
    try:
        regular = is_regular(path)  # a FIFO would make the read below (and SQLite) wait forever
        if regular:
            with path.open("rb") as file:
                head = file.read(len(SQLITE_HEADER))
    except OSError as error:
        raise HistoryError(path, f"cannot be read ({error.strerror})", access_advice(path)) from None
    if not regular:
        raise HistoryError(path, "is not a regular file", damaged_advice())
    if head and head != SQLITE_HEADER:
        raise HistoryError(path, "is not an SQLite database (damaged, or not a backrehab history)", damaged_advice())


def _connect(path: Path, *, immutable: bool = False) -> sqlite3.Connection:
    """Connect to read, and check the file is of a schema this release knows.

    The integrity check reads the whole file, so it is left to writing (`History.create`), where
    it keeps a damaged file from being changed. Reading needs no such guard: it changes nothing,
    and damage in what it reads fails that read as a `HistoryError`.
    """
    connection = _open(path, read_only=True, immutable=immutable)
    try:
        _check_schema(path, connection)
    except BaseException:
        connection.close()
        raise
    return connection


def _open(path: Path, *, read_only: bool, immutable: bool = False) -> sqlite3.Connection:
    """Connect to a file that starts as SQLite does (or is empty), with the busy timeout set; nothing read yet."""
    _check_header(path)
    uri = f"{path.resolve().as_uri()}?mode={'ro' if read_only else 'rw'}{'&immutable=1' if immutable else ''}"
    try:
        connection = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as error:
        raise HistoryError(path, f"cannot be opened ({error})", access_advice(path)) from None
    try:
        _execute(path, connection, f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    except BaseException:
        connection.close()
        raise
    return connection


def _check_schema(path: Path, connection: sqlite3.Connection) -> None:
    """Refuse a file of a newer schema, or one holding tables that are not ours."""
    version = _user_version(path, connection)
    if version > SCHEMA_VERSION:
        raise HistoryError(
            path,
            f"was written by a newer backrehab (schema version {version}; this one knows up to {SCHEMA_VERSION})",
            f"Upgrade backrehab to use it; {UNTOUCHED}",
        )
    tables = {
        row[0]
        for row in _execute(path, connection, "SELECT name FROM sqlite_master WHERE type = 'table'")
        if not str(row[0]).startswith("sqlite_")
    }
    if tables - OUR_TABLES:
        raise HistoryError(
            path,
            f"holds tables backrehab did not make ({', '.join(sorted(tables - OUR_TABLES))})",
            f"Is it the right file? {UNTOUCHED}; choose another folder with --data-dir",
        )


def _check_integrity(path: Path, connection: sqlite3.Connection) -> None:
    check = _execute(path, connection, "PRAGMA quick_check")
    if [tuple(row) for row in check] != [("ok",)]:
        found = [line for row in check for line in str(row[0]).splitlines() if line.strip()]
        more = f"; and {len(found) - 1} more problems" if len(found) > 1 else ""
        raise HistoryError(
            path, f"is damaged ({found[0] if found else 'integrity check failed'}{more})", damaged_advice()
        )


def _execute(path: Path, connection: sqlite3.Connection, sql: str) -> list[Any]:
    """Run one statement; "locked" is retried until the busy timeout, since some statements
    (switching to WAL, the first reads of a file another process is creating) do not wait by themselves."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            return connection.execute(sql).fetchall()
        except sqlite3.OperationalError as error:
            if is_busy(error) and time.monotonic() < deadline:
                time.sleep(0.01)
                continue
            if is_busy(error):
                raise HistoryError(
                    path, f"stayed locked for {BUSY_TIMEOUT_MS / 1000:g} s", busy_advice(), busy=True
                ) from None
            if unfinished_write(path, error):
                raise HistoryError(
                    path,
                    f"has an unfinished write in {path.name}-journal, left by a program stopped while writing it",
                    f"backrehab has changed neither file: sqlite3 {path} 'PRAGMA quick_check' undoes that write; "
                    "or move both aside to start a new history",
                ) from None
            raise HistoryError(path, f"cannot be used ({error})", access_advice(path)) from None
        except sqlite3.DatabaseError as error:
            raise HistoryError(path, f"is damaged ({error})", damaged_advice()) from None


def _user_version(path: Path, connection: sqlite3.Connection) -> int:
    return int(_execute(path, connection, "PRAGMA user_version")[0][0])


def _data_version(path: Path, connection: sqlite3.Connection) -> int:
    """A number that changes whenever another connection commits to the file (never for this one's commits)."""
    return int(_execute(path, connection, "PRAGMA data_version")[0][0])


def _migrate(path: Path, connection: sqlite3.Connection) -> None:
    """Apply the migrations this file lacks, in order, in one transaction (another process may race us).

    A file already current needs no write lock: a session can open it while another writes.
    """
    if _user_version(path, connection) >= SCHEMA_VERSION:
        return
    try:
        connection.execute("BEGIN IMMEDIATE")
        try:
            version = int(connection.execute("PRAGMA user_version").fetchone()[0])
            for statements in MIGRATIONS[version:]:
                for statement in statements:
                    connection.execute(statement)
            if version < SCHEMA_VERSION:
                connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
    except sqlite3.Error as error:
        if is_busy(error):
            raise HistoryError(
                path,
                f"could not be upgraded: it stayed locked for {BUSY_TIMEOUT_MS / 1000:g} s",
                busy_advice(),
                busy=True,
            ) from None
        raise HistoryError(path, f"could not be upgraded ({error})", access_advice(path)) from None
