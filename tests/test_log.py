"""`backrehab log`: a session done away from the terminal, recorded afterwards, shown and counted as logged."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from backrehab.catalogue.model import Catalogue
from backrehab.cli.app import main
from backrehab.history import store
from backrehab.history.progression import progress_for
from backrehab.history.records import ResultRecord, SessionRecord
from backrehab.history.store import SCHEMA_VERSION, History
from backrehab.session.outcomes import Outcome, Status

from .fakes import fake_surroundings

#: The wall clock every command of this module sees: Wednesday 12 March 2025, noon.
NOON = datetime(2025, 3, 12, 12, 0, tzinfo=timezone.utc)


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False, obj=fake_surroundings(wall=lambda: NOON))


def stored(data_dir: Path) -> list[SessionRecord]:
    history = History.read(data_dir / "history.sqlite3")
    assert history is not None
    with history:
        return history.sessions()


def local(text: str) -> datetime:
    """A time as typed, in this computer's time zone: what `--at` records."""
    return datetime.fromisoformat(text).astimezone()


# -- the command -------------------------------------------------------------------


def test_plain_log_records_every_exercise_done_now_and_says_so(data_dir: Path) -> None:
    """`backrehab log` alone: every exercise, now, completed and logged, in one line."""
    result = invoke("log")
    assert result.exit_code == 0
    assert result.output == (
        "Logged: every exercise (12), done now, 12 Mar 2025 12:00. "
        "It counts for your streak and calendar; holds grow only from timed sessions.\n"
    )
    (record,) = stored(data_dir)
    assert record.logged
    assert not record.demo
    assert record.status is Status.COMPLETED
    assert record.started_at == NOON
    assert record.duration_seconds is None  # nothing timed it
    assert record.done == 12
    assert all(r.outcome is Outcome.DONE and r.holds_done == 0 for r in record.results)


def test_log_with_a_time_some_exercises_and_pain(data_dir: Path) -> None:
    """`--at`, `--only` and pain are recorded as given; the exercises left out are recorded as such."""
    result = invoke(
        "log", "--at", "2025-03-11 18:30", "--only", "pelvic-tilt,knee-rolls", "--pain-before", "4", "--pain-after", "2"
    )
    assert result.exit_code == 0
    assert result.output.startswith("Logged: 2 of 12 exercises, 11 Mar 2025 18:30. Pain 4→2. ")
    (record,) = stored(data_dir)
    assert record.started_at == local("2025-03-11 18:30")
    assert (record.pain_before, record.pain_after) == (4, 2)
    assert [r.exercise_id for r in record.results if r.outcome is Outcome.DONE] == ["pelvic-tilt", "knee-rolls"]
    assert {r.reason for r in record.results if not r.planned} == {"not in --only"}
    assert record.options["only"] == ["pelvic-tilt", "knee-rolls"]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("today", "2025-03-12 12:00"),
        ("yesterday", "2025-03-11 12:00"),
        ("yesterday 07:05", "2025-03-11 07:05"),
        ("2025-03-01", "2025-03-01 12:00"),
        ("2000-01-01 00:00", "2000-01-01 00:00"),
    ],
)
def test_at_takes_words_days_and_times(data_dir: Path, given: str, expected: str) -> None:
    """A day alone takes the time it is now; today and yesterday are days, a time may follow."""
    assert invoke("log", "--at", given, "--only", "pelvic-tilt").exit_code == 0
    (record,) = stored(data_dir)
    assert record.started_at.strftime("%Y-%m-%d %H:%M") == local(expected).strftime("%Y-%m-%d %H:%M")


def test_a_routine_of_the_config_file_is_logged_by_name(data_dir: Path, tmp_path: Path) -> None:
    """`--routine NAME` logs that routine's exercises, and says which."""
    config = tmp_path / "config.yaml"
    config.write_text("routines:\n  morning: [pelvic-tilt, knee-rolls, leg-raise]\n", encoding="utf-8")
    result = invoke("--config", str(config), "log", "--routine", "morning", "--skip", "leg-raise")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Logged: routine 'morning' (2 exercises), done now, 12 Mar 2025 12:00.")
    (record,) = stored(data_dir)
    assert [r.exercise_id for r in record.results if r.outcome is Outcome.DONE] == ["pelvic-tilt", "knee-rolls"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--at", "2025-03-12 12:01"], "'2025-03-12 12:01' is in the future: log a session once it is done"),
        (["--at", "2025-03-13"], "'2025-03-13' is in the future"),
        (["--at", "9999-12-31 23:59"], "'9999-12-31 23:59' is in the future"),
        (["--at", "1999-12-31 23:59"], "'1999-12-31 23:59' is before 2000-01-01: check the year"),
        (["--at", "0001-01-01"], "is before 2000-01-01"),
        (["--at", "tomorrow"], "'tomorrow' is not a date and time: write YYYY-MM-DD or YYYY-MM-DD HH:MM"),
        (["--at", "2025-02-30"], "'2025-02-30' is not a real date: February 2025 has 28 days"),
        (["--at", "2025-03-01 25:00"], "'25:00' is not a time of day"),
        (["--only", "pelvic-tilt,nope"], "No exercise 'nope'"),
        (["--skip", "nope"], "No exercise 'nope'"),
        (["--pain-before", "11"], "Invalid value for '--pain-before': 11 is not in the range 0<=x<=10"),
        (["--pain-after", "-1"], "Invalid value for '--pain-after': -1 is not in the range 0<=x<=10"),
        (["--routine", "evening"], "Invalid value for '--routine': No routine 'evening'"),
    ],
)
def test_bad_input_is_one_line_and_exit_2_with_nothing_recorded(data_dir: Path, args: list[str], message: str) -> None:
    """Future or implausible dates, unknown exercises or routines and pain outside 0–10 are refused."""
    result = invoke("log", *args)
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1
    assert message in errors[0]
    assert not (data_dir / "history.sqlite3").exists()


def test_nothing_left_to_log_is_exit_2(data_dir: Path) -> None:
    """--only and --skip that leave nothing: the same one line as `session` gives."""
    result = invoke("log", "--only", "pelvic-tilt", "--skip", "pelvic-tilt")
    assert result.exit_code == 2
    assert "No exercises left to do: --only and --skip leave nothing." in result.output


def damaged(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a database at all")


def symlinked(path: Path) -> None:
    path.parent.mkdir(parents=True)
    (path.parent / "elsewhere").write_bytes(b"")
    path.symlink_to(path.parent / "elsewhere")


@pytest.mark.parametrize("spoil", [damaged, symlinked])
def test_a_history_that_cannot_be_written_gets_the_sessions_message(data_dir: Path, spoil) -> None:  # type: ignore[no-untyped-def]
    """A damaged file or a symlink: `log` says what a session says, exits 1, and changes nothing."""
    path = data_dir / "history.sqlite3"
    spoil(path)
    before = path.read_bytes()
    result = invoke("log")
    assert result.exit_code == 1
    (line,) = result.output.splitlines()
    assert line.startswith(f"Error: {path}: ")
    problem = line.removeprefix("Error: ")
    ran = invoke("session", "--yes", "--lead-in", "0", "--only", "pelvic-tilt")
    assert problem in ran.output  # the session's warning names the same problem in the same words
    assert path.read_bytes() == before


# -- shown and counted --------------------------------------------------------------


def test_history_marks_a_logged_session_and_the_streak_counts_it(data_dir: Path) -> None:
    """Logged yesterday and today: both rows say "(logged)", the streak is two days, the calendar marks both."""
    assert invoke("log", "--at", "yesterday 18:30", "--pain-before", "3", "--pain-after", "2").exit_code == 0
    assert invoke("log", "--only", "pelvic-tilt").exit_code == 0
    output = invoke("history").output
    rows = [line.split() for line in output.splitlines() if "(logged)" in line]
    assert rows == [
        ["Tue", "11", "Mar", "18:30", "—", "12", "0", "3→2", "completed", "(logged)"],
        ["Wed", "12", "Mar", "12:00", "—", "1", "0", "—", "completed", "(logged)"],
    ]
    assert "Streak: 2 days in a row (best: 2 days)." in output
    assert "Tue  · · · · · · · · · · · ●" in output
    assert "Wed  · · · · · · · · · · · ●" in output
    assert "● includes 2 sessions logged afterwards, not timed" in output
    assert "Pain, 0 (none) to 10 (worst), 1 check-in, 11 Mar to 11 Mar:" in output


def test_a_session_logged_for_an_earlier_day_takes_its_place_in_the_table(data_dir: Path) -> None:
    """Logged after today's, for two days ago: the table still runs oldest first by day."""
    assert invoke("log").exit_code == 0
    assert invoke("log", "--at", "2025-03-10 09:00").exit_code == 0
    output = invoke("history").output
    days = [line.split()[1] for line in output.splitlines() if "(logged)" in line]
    assert days == ["10", "12"]


def test_json_and_csv_carry_the_logged_flag(data_dir: Path) -> None:
    """`history --json` has "logged": true for a logged session, false for a timed one; the CSV a column."""
    assert invoke("session", "--yes", "--lead-in", "0", "--only", "pelvic-tilt").exit_code == 0
    assert invoke("log", "--only", "knee-rolls").exit_code == 0
    data = json.loads(invoke("history", "--json").output)
    assert [(s["logged"], s["results"][0]["exercise"]) for s in data["sessions"]] == [
        (False, "pelvic-tilt"),
        (True, "knee-rolls"),
    ]
    rows = list(csv.DictReader(io.StringIO(invoke("history", "--csv", "-").output)))
    assert {(r["session"], r["logged"]) for r in rows} == {("1", "no"), ("2", "yes")}


def test_the_physiotherapists_report_marks_logged_sessions(data_dir: Path) -> None:
    """`report -o -` names the days of sessions logged afterwards, and marks their pain check-in."""
    assert invoke("log", "--at", "2025-03-10 09:00", "--pain-before", "2", "--pain-after", "2").exit_code == 0
    text = invoke("report", "-o", "-").output
    assert "1 session logged afterwards, not timed (10 Mar)" in text
    assert "| 10 Mar (logged) | 2 | 2 |" in text


def test_resume_passes_over_a_logged_session(data_dir: Path) -> None:
    """A session ended early, then one logged: `--resume` continues the one that ran here."""
    assert invoke("session", "--yes", "--lead-in", "0", "--only", "pelvic-tilt", "--no-checkin").exit_code == 0
    with sqlite3.connect(data_dir / "history.sqlite3") as db:
        db.execute("UPDATE sessions SET status = 'ended early'")
        db.execute("UPDATE results SET outcome = 'unfinished'")
    assert invoke("log", "--only", "knee-rolls").exit_code == 0
    result = invoke("session", "--resume", "--yes")
    assert result.exit_code == 0, result.output
    assert [s.status for s in stored(data_dir)] == [Status.COMPLETED, Status.COMPLETED]


# -- progression ---------------------------------------------------------------------


def attempt(number: int, *, logged: bool = False, pain: tuple[int | None, int | None] = (None, None)) -> SessionRecord:
    """Session `number`, a day apart, with stomach tone (5 s, building up to 10 s) done in full."""
    at = datetime(2025, 3, 1, 8, tzinfo=timezone.utc) + timedelta(days=number)
    return SessionRecord(
        id=number,
        started_at=at,
        ended_at=None if logged else at,
        status=Status.COMPLETED,
        pain_before=pain[0],
        pain_after=pain[1],
        results=(ResultRecord("stomach-tone", 1, Outcome.DONE, 5, holds_planned=3, holds_done=0 if logged else 3),),
        logged=logged,
    )


def test_a_run_of_logged_sessions_raises_no_hold(catalogue: Catalogue) -> None:
    """Nine logged sessions: the hold stays at the catalogue's, with nothing counted towards the next step."""
    progress = progress_for(catalogue.exercises, [attempt(n, logged=True) for n in range(1, 10)])["stomach-tone"]
    assert (progress.current, progress.counted) == (5, 0)


def test_a_logged_session_between_timed_ones_does_not_break_their_run(catalogue: Catalogue) -> None:
    """Timed, timed, logged, timed: the three timed sessions are a run, and the hold rises."""
    sessions = [attempt(1), attempt(2), attempt(3, logged=True), attempt(4)]
    assert progress_for(catalogue.exercises, sessions)["stomach-tone"].current == 6


def test_a_logged_session_with_more_pain_after_starts_the_count_again(catalogue: Catalogue) -> None:
    """Pain that rose holds progression however the session was done: the run starts again after it."""
    sessions = [attempt(1), attempt(2), attempt(3, logged=True, pain=(2, 5)), attempt(4)]
    progress = progress_for(catalogue.exercises, sessions)["stomach-tone"]
    assert (progress.current, progress.counted, progress.held_because) == (5, 1, None)
    calmer = [attempt(1), attempt(2), attempt(3, logged=True, pain=(5, 2)), attempt(4)]
    assert progress_for(catalogue.exercises, calmer)["stomach-tone"].current == 6


def stomach_tone(data_dir: Path) -> tuple[int, int]:
    """Stomach tone's hold now and the sessions counted towards its next step, as `progress --json` says."""
    data = json.loads(invoke("progress", "--json").output)
    found = next(e for e in data["exercises"] if e["id"] == "stomach-tone")
    return found["current"], found["counted"]


def timed() -> None:
    result = invoke("session", "--yes", "--lead-in", "0", "--rest", "0", "--only", "stomach-tone", "--no-checkin")
    assert result.exit_code == 0


def test_the_rule_holds_for_what_the_history_file_records(data_dir: Path) -> None:
    """Through the command line and the file: logged sessions raise nothing, break no run, and pain that rose
    in one starts the count again."""
    for _ in range(3):
        assert invoke("log", "--only", "stomach-tone").exit_code == 0
    assert stomach_tone(data_dir) == (5, 0)
    timed()
    timed()
    assert invoke("log", "--only", "stomach-tone", "--pain-before", "3", "--pain-after", "3").exit_code == 0
    timed()
    assert stomach_tone(data_dir) == (6, 0)
    timed()
    assert invoke("log", "--only", "stomach-tone", "--pain-before", "2", "--pain-after", "4").exit_code == 0
    timed()
    assert stomach_tone(data_dir) == (6, 1)


# -- an older history -------------------------------------------------------------------


def version_3_file(path: Path) -> None:
    """A history as schema version 3 left it, with one completed session."""
    path.parent.mkdir(parents=True)
    db = sqlite3.connect(path)
    for statements in store.MIGRATIONS[:3]:
        for statement in statements:
            db.execute(statement)
    db.execute(
        "INSERT INTO sessions (id, started_at, ended_at, status) VALUES (1, ?, ?, 'completed')",
        ((NOON - timedelta(days=1)).isoformat(), (NOON - timedelta(days=1)).isoformat()),
    )
    db.execute(
        "INSERT INTO results (session_id, exercise_id, position, outcome, hold_seconds) "
        "VALUES (1, 'pelvic-tilt', 1, 'done', 5)"
    )
    db.execute("PRAGMA user_version = 3")
    db.commit()
    db.close()


def test_a_version_3_history_gains_the_logged_column_and_keeps_its_sessions(data_dir: Path) -> None:
    """`log` into a file of the previous schema: upgraded in place, the old session unmarked, the new one logged."""
    path = data_dir / "history.sqlite3"
    version_3_file(path)
    assert SCHEMA_VERSION == 4
    assert invoke("log").exit_code == 0
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        assert db.execute("SELECT id, logged FROM sessions ORDER BY id").fetchall() == [(1, 0), (2, 1)]
    assert "Streak: 2 days in a row" in invoke("history").output


def test_a_version_3_history_read_as_it_stands_shows_nothing_logged(data_dir: Path) -> None:
    """A file that cannot be upgraded (read-only) is read without the column: no session is logged."""
    path = data_dir / "history.sqlite3"
    version_3_file(path)
    with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as db:
        history = History(path, db)
        (record,) = history.sessions()
        assert not record.logged
        assert [row[17] for row in history.result_rows()] == [0]
