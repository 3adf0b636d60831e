"""The history says only what happened: statuses that mean what they say, demos that count for nothing,
writes checked like reads, and stored options checked before a session is resumed."""

from __future__ import annotations

import csv
import json
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from backrehab.catalogue.model import Catalogue
from backrehab.cli.app import main
from backrehab.history import store
from backrehab.history.records import ResultRecord, SessionRecord
from backrehab.history.store import History, HistoryError
from backrehab.plan import PlanOptions, make_plan
from backrehab.session.events import Answer
from backrehab.session.keys import Command
from backrehab.session.outcomes import Outcome, Status
from backrehab.session.runner import run_session
from backrehab.wording import summary_lines

from .fakes import FakeClock, ScriptedKeys, answer, fake_surroundings

NOON = datetime(2025, 3, 12, 12, 0, tzinfo=timezone.utc)


def invoke(*args: str) -> Result:
    """Run the command line with sessions on a fake clock, and the history's "now" a fixed noon."""
    obj = fake_surroundings(wall=lambda: NOON)
    return CliRunner().invoke(main, list(args), catch_exceptions=False, obj=obj)


def stored(data_dir: Path) -> list[SessionRecord]:
    history = History.read(data_dir / "history.sqlite3")
    assert history is not None
    with history:
        return history.sessions()


def version_1_file(path: Path, rows: list[tuple[str, str, list[str]]]) -> None:
    """A history as the first schema made it: (status, options JSON, outcomes of its results) per session."""
    db = sqlite3.connect(path)
    for statement in store.MIGRATIONS[0]:
        db.execute(statement)
    for n, (status, options, outcomes) in enumerate(rows, start=1):
        db.execute(
            "INSERT INTO sessions (id, started_at, ended_at, status, options) VALUES (?, ?, ?, ?, ?)",
            (n, NOON.isoformat(), NOON.isoformat(), status, options),
        )
        for position, outcome in enumerate(outcomes, start=1):
            db.execute(
                "INSERT INTO results (session_id, exercise_id, position, outcome, hold_seconds) VALUES (?, ?, ?, ?, 5)",
                (n, f"exercise-{position}", position, outcome),
            )
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()


# -- statuses ----------------------------------------------------------------------


def test_skipping_and_stopping_everything_is_nothing_done(catalogue: Catalogue) -> None:
    """`n` on one exercise and `p` on the other: the session is "nothing done", and its summary says so."""
    clock = FakeClock()
    plan = make_plan(catalogue, PlanOptions(only=("pelvic-tilt", "knee-rolls")))
    keys = ScriptedKeys(
        [(clock.now() + 1, Command.NEXT), (clock.now() + 3, Command.PAIN), (clock.now() + 5, Command.OTHER)]
    )
    summary = run_session(plan=plan, clock=clock, listeners=[], confirm=answer(Answer.YES_BY_OPTION), keys=keys)
    assert summary.status is Status.NOTHING_DONE
    assert summary_lines(summary)[0].startswith("Session over, nothing done: 0 of 2 exercises done")


def test_one_exercise_done_is_still_completed(catalogue: Catalogue) -> None:
    """The line between the two: one exercise done and one skipped is a completed session."""
    clock = FakeClock()
    plan = make_plan(catalogue, PlanOptions(only=("pelvic-tilt", "knee-rolls")))
    keys = ScriptedKeys([(clock.now() + 1, Command.NEXT)])
    summary = run_session(plan=plan, clock=clock, listeners=[], confirm=answer(Answer.YES_BY_OPTION), keys=keys)
    assert summary.status is Status.COMPLETED


def test_a_declined_only_exercise_is_nothing_done_everywhere(data_dir: Path, tmp_path: Path) -> None:
    """The only exercise declined at its caution: summary, table, calendar, JSON and CSV all say "nothing done"."""
    result = invoke("session", "--only", "hamstring-stretch", "--lead-in", "0")
    assert result.exit_code == 0
    assert "Session over, nothing done: 0 of 1 exercises done" in result.output
    table = invoke("history").output
    row = next(line for line in table.splitlines() if "Wed 12 Mar" in line)
    assert row.split()[-2:] == ["nothing", "done"]
    assert "Streak: none yet" in table
    assert "Wed  · · · · · · · · · · · ○" in table
    data = json.loads(invoke("history", "--json").output)
    assert [s["status"] for s in data["sessions"]] == ["nothing done"]
    assert data["heat_map"][-1] == {"date": "2025-03-12", "sessions": 1, "completed": 0}
    out = tmp_path / "out.csv"
    invoke("history", "--csv", str(out))
    assert {r["session_status"] for r in csv.DictReader(out.open(encoding="utf-8"))} == {"nothing done"}


def test_old_completed_rows_with_nothing_done_are_migrated(tmp_path: Path) -> None:
    """Upgrading a first-schema file: a "completed" row with no exercise done becomes "nothing done"; others stay."""
    path = tmp_path / "history.sqlite3"
    version_1_file(path, [("completed", "{}", ["skipped", "declined"]), ("completed", "{}", ["done", "skipped"])])
    history = History.read(path)
    assert history is not None
    with history:
        assert [s.status for s in history.sessions()] == [Status.NOTHING_DONE, Status.COMPLETED]


# -- demos -------------------------------------------------------------------------


def test_demo_runs_count_towards_nothing(data_dir: Path) -> None:
    """Three runs at --speed 1000 move no hold, make no streak or calendar mark, and only `--all` lists them."""
    for _ in range(3):
        result = invoke("session", "--only", "stomach-tone", "--speed", "1000", "--yes")
        assert result.exit_code == 0
        assert result.output.startswith("Demo at 1000× speed: recorded as a demo")
    progress = json.loads(invoke("progress", "--json").output)
    assert next(e for e in progress["exercises"] if e["id"] == "stomach-tone")["current"] == 5
    report = invoke("history").output
    assert "No sessions in the last 30 days." in report
    assert "Streak: none yet" in report
    calendar = [line for line in report.splitlines() if line[:3] in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")]
    assert len(calendar) == 7
    assert not any("●" in line or "○" in line for line in calendar)
    data = json.loads(invoke("history", "--json").output)
    assert (data["sessions"], data["streak"]["current"], data["heat_map"][-1]["sessions"]) == ([], 0, 0)
    everything = json.loads(invoke("history", "--json", "--all").output)
    assert [(s["status"], s["demo"]) for s in everything["sessions"]] == [("completed", True)] * 3
    assert "completed (demo)" in invoke("history", "--all").output
    assert all(s.demo for s in stored(data_dir))


def test_a_real_session_is_not_a_demo(data_dir: Path) -> None:
    """At the default speed the session is recorded as a real one, with no demo line."""
    result = invoke("session", "--only", "pelvic-tilt", "--yes", "--lead-in", "0")
    assert "Demo" not in result.output
    (record,) = stored(data_dir)
    assert not record.demo


def test_old_demo_rows_are_marked_on_upgrade(tmp_path: Path) -> None:
    """Upgrading a first-schema file marks the sessions stored with a speed other than 1 as demos."""
    path = tmp_path / "history.sqlite3"
    done = ["done"]
    version_1_file(
        path,
        [("completed", '{"speed": 1000.0}', done), ("completed", '{"speed": 1.0}', done), ("completed", "{}", done)],
    )
    history = History.read(path)
    assert history is not None
    with history:
        assert [s.demo for s in history.sessions()] == [True, False, False]


def test_an_older_file_that_cannot_be_upgraded_is_still_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A first-schema file in a folder nobody here can write (one made with sudo): read as it stands."""
    path = tmp_path / "history.sqlite3"
    version_1_file(path, [("completed", "{}", ["done"])])
    before = path.read_bytes()

    def cannot_write(path: Path) -> History:
        raise HistoryError(path, "cannot be opened (attempt to write a readonly database)", "Check")

    monkeypatch.setattr(History, "create", staticmethod(cannot_write))
    monkeypatch.setattr("backrehab.history.store.os.access", lambda path, mode: False)
    history = History.read(path)
    assert history is not None
    with history:
        assert [(s.status, s.demo) for s in history.sessions()] == [(Status.COMPLETED, False)]
    assert path.read_bytes() == before


def test_resume_keeps_demos_and_real_sessions_apart(data_dir: Path) -> None:
    """An unfinished demo is not resumed by a real session: --resume at speed 1 finds nothing to resume."""
    with History.create(data_dir / "history.sqlite3") as history:
        history.begin_session(
            started_at=NOON,
            options={"speed": 1000.0},
            pain_before=None,
            results=[ResultRecord("pelvic-tilt", 1, Outcome.NOT_REACHED, 5, 5)],
            demo=True,
        )
    result = invoke("session", "--resume")
    assert (result.exit_code, result.output) == (2, "Nothing to resume: no session was recorded today.\n")


# -- every write checked like a read -----------------------------------------------


def damage(path: Path, statement: str) -> None:
    with History.create(path) as history:
        history.begin_session(started_at=NOON, options={}, pain_before=None, results=[])
    db = sqlite3.connect(path)
    db.execute(statement)
    db.execute("PRAGMA journal_mode = DELETE")
    db.commit()
    db.close()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE sessions SET status = 'finished-ish'",
        "DROP TABLE results",
        "UPDATE sessions SET started_at = 'soon'",
        "UPDATE sessions SET ended_at = '2026-02-30T10:00:00+00:00'",
        "UPDATE sessions SET options = '{\"speed\": 1'",
    ],
    ids=["unknown-status", "no-results-table", "unreadable-date", "impossible-end", "unreadable-options"],
)
def test_progress_reset_refuses_what_history_refuses(data_dir: Path, statement: str) -> None:
    """A history that `history` refuses, `progress --reset` refuses too, exit 1, without changing a byte."""
    path = data_dir / "history.sqlite3"
    damage(path, statement)
    before = path.read_bytes()
    refused = invoke("history")
    assert refused.exit_code == 1
    result = invoke("progress", "--reset")
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {path}: ")
    assert "backrehab has not changed it" in result.output
    assert path.read_bytes() == before
    assert sorted(p.name for p in data_dir.iterdir()) == ["history.sqlite3"]


@pytest.mark.parametrize(
    ("statements", "problem"),
    [
        (["UPDATE sessions SET active_seconds = 'lots'"], "holds a wrong active time in session 1: 'lots'"),
        (["PRAGMA ignore_check_constraints = 1", "UPDATE sessions SET pain_before = 99"], "pain before in session 1"),
        (["PRAGMA ignore_check_constraints = 1", "UPDATE sessions SET pain_after = 'x'"], "pain after in session 1"),
        (["UPDATE results SET holds_done = 'many'"], "holds a wrong holds done in session 1: 'many'"),
        (["UPDATE results SET done_left = -3"], "holds a wrong left in session 1: -3"),
        (["UPDATE results SET hold_seconds = 2.5"], "holds a wrong hold in session 1: 2.5"),
    ],
    ids=["active-text", "pain-99", "pain-text", "holds-text", "side-negative", "hold-fraction"],
)
def test_wrong_typed_values_are_damage(data_dir: Path, statements: list[str], problem: str) -> None:
    """Values written around the schema's types and checks: every reader calls the file damaged, names it and
    the value, exits 1, and leaves it as it was; the recorder refuses a wrong session value as well."""
    path = data_dir / "history.sqlite3"
    with History.create(path) as history:
        session = history.begin_session(
            started_at=NOON, options={}, pain_before=3, results=[ResultRecord("pelvic-tilt", 1, Outcome.DONE, 5)]
        )
        history.finish_session(session, status=Status.COMPLETED, active_seconds=30.0, results=[], at=NOON)
    db = sqlite3.connect(path)
    for statement in statements:
        db.execute(statement)
    db.commit()
    db.execute("PRAGMA journal_mode = DELETE")
    db.close()
    before = path.read_bytes()
    for command in (["history"], ["history", "--json"], ["report", "-o", "-"]):
        result = invoke(*command)
        assert result.exit_code == 1, (command, result.output)
        assert result.output.startswith(f"Error: {path}: holds a wrong ")
        assert problem in result.output
        assert "backrehab has not changed it" in result.output
    if "sessions" in statements[-1]:  # a session's values are checked before recording too; results only on reading
        with pytest.raises(HistoryError, match="backrehab has not changed it"):  # SQLite's check may find it first
            History.create(path)
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "statements",
    [
        ["CREATE TABLE recipes (name TEXT)", "PRAGMA user_version = 1"],
        ["PRAGMA user_version = 1"],
        ["CREATE TABLE sessions (id INTEGER PRIMARY KEY)", "PRAGMA user_version = 1"],
    ],
    ids=["foreign-tables", "no-tables", "other-columns"],
)
def test_a_foreign_sqlite_file_is_not_touched(data_dir: Path, statements: list[str]) -> None:
    """An SQLite file that is not a backrehab history, even at version 1: refused, header and bytes unchanged."""
    data_dir.mkdir()
    path = data_dir / "history.sqlite3"
    db = sqlite3.connect(path)
    for statement in statements:
        db.execute(statement)
    db.commit()
    db.close()
    before = path.read_bytes()
    result = invoke("progress", "--reset")
    assert result.exit_code == 1
    assert "backrehab has not changed it" in result.output
    assert path.read_bytes() == before
    with pytest.raises(HistoryError):
        History.create(path)
    assert path.read_bytes() == before


def test_a_lock_that_lasts_is_a_clear_message_and_no_open_transaction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another writer holding the lock past the timeout: "locked", not "check permissions"; later writes work."""
    monkeypatch.setattr(store, "BUSY_TIMEOUT_MS", 50)
    path = tmp_path / "history.sqlite3"
    history = History.create(path)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    with pytest.raises(HistoryError) as error:
        history.begin_session(started_at=NOON, options={}, pain_before=None, results=[])
    message = str(error.value)
    assert "stayed locked for 0.05 s" in message
    assert "Another backrehab is writing to it" in message
    assert "Check that you can read and write" not in message
    assert not history.connection.in_transaction
    other.execute("ROLLBACK")
    other.close()
    history.begin_session(started_at=NOON, options={}, pain_before=None, results=[])
    history.close()


def test_an_upgrade_that_cannot_get_the_lock_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An older file, another writer holding the lock: the upgrade waits, then says it stayed locked."""
    monkeypatch.setattr(store, "BUSY_TIMEOUT_MS", 50)
    path = tmp_path / "history.sqlite3"
    version_1_file(path, [("completed", "{}", ["done"])])
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    with pytest.raises(HistoryError) as error:
        History.create(path)
    assert "stayed locked for 0.05 s. Another backrehab is writing to it" in str(error.value)
    other.execute("ROLLBACK")
    other.close()
    with History.create(path) as history:
        assert [s.status for s in history.sessions()] == [Status.COMPLETED]


def test_a_current_file_opens_while_another_writes(tmp_path: Path) -> None:
    """Opening a current file to record needs no lock: a session starts while another backrehab writes."""
    path = tmp_path / "history.sqlite3"
    History.create(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    History.create(path).close()
    other.execute("ROLLBACK")
    other.close()


# -- --resume checks what it stored --------------------------------------------------


@pytest.mark.parametrize(
    ("options", "problem"),
    [
        ({"rest": float("inf")}, "rest: must be a number of seconds from 0 to 3600, got Infinity"),
        ({"rest": 10**400}, "rest: must be a number of seconds from 0 to 3600, got 1000"),
        ({"lead_in": -1}, "lead_in: must be a number of seconds from 0 to 3600, got -1"),
        ({"switch": float("nan")}, "switch: must be a number of seconds from 0 to 3600, got NaN"),
        ({"holds": {"pelvic-tilt": 10**20}}, "holds.pelvic-tilt: must be a whole number from 1 to 86400"),
        ({"holds": {"pelvic-tilt": 1e20}}, "holds.pelvic-tilt: must be a whole number from 1 to 86400"),
        ({"reps": {"pelvic-tilt": 10**11}}, "reps.pelvic-tilt: must be a whole number from 1 to 1000"),
        ({"reps": {"x\x1b]0;": 0}}, "reps.x\\x1b]0;: must be a whole number from 1 to 1000, got 0"),
        ({"reps": [3]}, "reps: must map exercise ids to whole numbers"),
        ({"only": "pelvic-tilt"}, "only: must be a list of exercise ids"),
        ({"order": "sideways"}, "order: must be one of source, position"),
    ],
)
def test_resume_refuses_stored_options_out_of_bounds(data_dir: Path, options: dict[str, Any], problem: str) -> None:
    """Options a session would never run with, stored in the file: one line naming them, exit 2, no crash."""
    with History.create(data_dir / "history.sqlite3") as history:
        history.begin_session(
            started_at=NOON - timedelta(minutes=5),
            options={"only": ["pelvic-tilt"], **options},
            pain_before=None,
            results=[ResultRecord("pelvic-tilt", 1, Outcome.NOT_REACHED, 5, 5)],
        )
    result = invoke("session", "--resume", "--yes")
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: cannot resume session 1: its stored {problem}")
    assert len(result.output.splitlines()) == 1


def test_a_leftover_journal_is_named_for_what_it_is(data_dir: Path) -> None:
    """A -journal left by another program cut off mid-write: said as such, not "readonly… check you can read and
    write"; neither file is changed."""
    path = data_dir / "history.sqlite3"
    with History.create(path) as history:
        history.begin_session(started_at=NOON, options={}, pain_before=None, results=[])
    journal = data_dir / "history.sqlite3-journal"
    journal.write_bytes(b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7" + bytes(range(1, 256)) * 16)  # a journal header, then not
    before = path.read_bytes(), journal.read_bytes()
    result = invoke("history")
    assert result.exit_code == 1
    assert result.output.startswith(
        f"Error: {path}: has an unfinished write in history.sqlite3-journal, left by a program stopped while "
        f"writing it. backrehab has changed neither file: sqlite3 {path} 'PRAGMA quick_check' undoes that write;"
    )
    assert "readonly" not in result.output
    assert "Check that you can read and write" not in result.output
    assert (path.read_bytes(), journal.read_bytes()) == before
