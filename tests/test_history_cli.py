"""History, progress and resume as a person types them: output, files, exit statuses."""

from __future__ import annotations

import csv
import json
import os
import signal
import stat
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from backrehab.cli.app import main
from backrehab.history.records import SessionRecord
from backrehab.history.store import History
from backrehab.session.outcomes import Outcome, Status

from .fakes import FakeClock, cannot_enter, fake_surroundings


class Wall:
    """The wall clock the history sees: noon on a fixed day, moved by hand."""

    def __init__(self) -> None:
        self.now = datetime(2025, 3, 12, 12, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now


#: The history's "now" for every command of this module: a fixed noon that a test may move.
WALL = Wall()


@pytest.fixture(autouse=True)
def wall() -> Wall:
    """Each test starts at the same fixed noon."""
    WALL.now = Wall().now
    return WALL


def invoke(*args: str, input: str | None = None, clock: FakeClock | None = None) -> Result:
    """Run the command line with sessions on a fake clock and the history's day from WALL."""
    obj = fake_surroundings(clock, wall=WALL)
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False, obj=obj)


def stored(data_dir: Path) -> list[SessionRecord]:
    history = History.read(data_dir / "history.sqlite3")
    assert history is not None
    with history:
        return history.sessions()


def session(*args: str, input: str | None = None) -> Result:
    return invoke("session", "--yes", "--lead-in", "0", *args, input=input)


def test_a_session_is_recorded_and_shown_by_history(data_dir: Path) -> None:
    """After one session, `history` lists it as completed and the streak is one day."""
    assert session("--only", "pelvic-tilt").exit_code == 0
    result = invoke("history")
    assert result.exit_code == 0
    row = next(line for line in result.output.splitlines() if "Wed 12 Mar" in line)
    assert row.split() == ["Wed", "12", "Mar", "12:00", "0:45", "1", "0", "—", "completed"]
    assert "Streak: 1 day in a row (best: 1 day)." in result.output
    assert "Wed  · · · · · · · · · · · ●" in result.output
    assert "Pain: no check-ins yet" in result.output


def test_data_dir_option_wins_over_the_environment(data_dir: Path, tmp_path: Path) -> None:
    """--data-dir puts the history where it says, not in BACKREHAB_HOME."""
    other = tmp_path / "other"
    assert invoke("--data-dir", str(other), "session", "--yes", "--only", "pelvic-tilt").exit_code == 0
    assert (other / "history.sqlite3").exists()
    assert not data_dir.exists()


def test_no_history_records_nothing(data_dir: Path) -> None:
    """--no-history: the session runs and no file is created."""
    assert session("--only", "pelvic-tilt", "--no-history").exit_code == 0
    assert not data_dir.exists()


def test_history_without_a_file_says_so_and_creates_nothing(data_dir: Path) -> None:
    """No history yet: one friendly line, exit 0, and still no file."""
    result = invoke("history")
    assert result.exit_code == 0
    assert result.output == f"No sessions recorded yet (history file: {data_dir / 'history.sqlite3'}).\n"
    assert not data_dir.exists()


def test_checkin_answers_are_stored_and_charted(data_dir: Path) -> None:
    """--checkin asks before and after, asks again after a bad answer, and the answers reach history."""
    result = session("--only", "pelvic-tilt", "--checkin", input="7\nlots\n4\n")
    assert result.exit_code == 0
    assert result.output.count("Pain right now, 0–10? (Enter to skip)") == 3
    assert "'lots' is not a whole number from 0 to 10" in result.output
    (record,) = stored(data_dir)
    assert (record.pain_before, record.pain_after) == (7, 4)
    assert "7→4" in invoke("history").output


def test_checkin_is_off_when_stdin_is_not_a_terminal(data_dir: Path) -> None:
    """Piped input and no --checkin: no pain question."""
    result = session("--only", "pelvic-tilt", input="5\n")
    assert "Pain right now" not in result.output


def test_history_json_holds_everything(data_dir: Path, wall: Wall) -> None:
    """--json: streaks, the calendar, pain points and every session with its results."""
    session("--only", "pelvic-tilt", "--checkin", input="3\n2\n")
    wall.now += timedelta(days=1)
    session("--only", "stomach-tone")
    data = json.loads(invoke("history", "--json").output)
    assert data["database"] == str(data_dir / "history.sqlite3")
    assert data["today"] == "2025-03-13"
    assert data["streak"] == {"current": 2, "best": 2}
    assert len(data["heat_map"]) == 11 * 7 + 4
    assert data["heat_map"][-2:] == [
        {"date": "2025-03-12", "sessions": 1, "completed": 1},
        {"date": "2025-03-13", "sessions": 1, "completed": 1},
    ]
    assert data["pain"] == [{"session": 1, "date": "2025-03-12", "before": 3, "after": 2}]
    first, second = data["sessions"]
    assert first["status"] == "completed"
    assert first["started_at"] == "2025-03-12T12:00:00+00:00"
    assert first["options"]["only"] == ["pelvic-tilt"]
    tilt = first["results"][0]
    assert tilt == {
        "exercise": "pelvic-tilt",
        "position": 1,
        "planned": True,
        "outcome": "done",
        "reason": None,
        "hold_seconds": 5,
        "holds_planned": 5,
        "holds_done": 5,
        "by_side": {"both": 5},
    }
    assert first["results"][1]["outcome"] == "skipped"
    assert first["results"][1]["reason"] == "not in --only"
    assert second["results"][0]["exercise"] == "stomach-tone"


def test_history_days_limits_the_sessions(data_dir: Path, wall: Wall) -> None:
    """--days 1 shows today's sessions only; streaks still count the whole history."""
    session("--only", "pelvic-tilt")
    wall.now += timedelta(days=1)
    session("--only", "pelvic-tilt")
    data = json.loads(invoke("history", "--json", "--days", "1").output)
    assert [s["id"] for s in data["sessions"]] == [2]
    assert data["streak"]["current"] == 2


def test_history_csv_has_one_row_per_exercise_result(data_dir: Path, tmp_path: Path) -> None:
    """--csv FILE: a header and one row per exercise result, names included; the file is private (0600)."""
    session("--only", "knee-rolls", "--checkin", input="5\n\n")
    out = tmp_path / "for-physio.csv"
    result = invoke("history", "--csv", str(out))
    assert result.exit_code == 0
    assert result.output == f"Wrote 12 exercise results to {out}.\n"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 12
    rolls = next(r for r in rows if r["exercise"] == "knee-rolls")
    assert rolls == {
        "session": "1",
        "date": "2025-03-12",
        "started_at": "2025-03-12T12:00:00+00:00",
        "session_status": "completed",
        "demo": "no",
        "logged": "no",
        "pain_before": "5",
        "pain_after": "",
        "position": "1",
        "exercise": "knee-rolls",
        "name": "Knee rolls",
        "planned": "yes",
        "outcome": "done",
        "reason": "",
        "hold_seconds": "10",
        "holds_planned": "6",
        "holds_done": "6",
        "left": "3",
        "right": "3",
        "both": "0",
    }
    assert {r["reason"] for r in rows if r["exercise"] != "knee-rolls"} == {"not in --only"}
    assert invoke("history", "--csv", "-").output.splitlines()[0].startswith("session,date,started_at,")


def corrupt(data_dir: Path) -> tuple[Path, bytes]:
    data_dir.mkdir(parents=True)
    path = data_dir / "history.sqlite3"
    content = b"not a database at all\n" * 50
    path.write_bytes(content)
    return path, content


@pytest.mark.parametrize("command", [["history"], ["history", "--json"], ["progress"], ["progress", "--reset"]])
def test_history_and_progress_exit_1_on_a_bad_file(data_dir: Path, command: list[str]) -> None:
    """A corrupt file: one clear message naming it, exit 1, no traceback, not a byte changed."""
    path, content = corrupt(data_dir)
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {path}: is not an SQLite database")
    assert len(result.output.splitlines()) == 1
    assert "Traceback" not in result.output
    assert path.read_bytes() == content


def test_a_session_runs_despite_a_bad_file(data_dir: Path) -> None:
    """A corrupt file does not stop a session: warnings name it and suggest --no-history, the file is unchanged."""
    path, content = corrupt(data_dir)
    result = session("--only", "pelvic-tilt")
    assert result.exit_code == 0
    assert "Session complete" in result.output
    (warning,) = [line for line in result.output.splitlines() if line.startswith("Warning:")]
    assert str(path) in warning
    assert "catalogue's holds and will not be recorded (--no-history" in warning
    assert path.read_bytes() == content


@pytest.mark.parametrize("command", [["list"], ["show", "stomach-tone"]])
def test_list_and_show_warn_of_a_damaged_page_and_change_nothing(data_dir: Path, command: list[str]) -> None:
    """A real history with damaged pages, opened read-only without an integrity check: still one clear
    warning naming the file as damaged, the catalogue's holds, exit 0, not a byte changed."""
    for _ in range(3):
        assert session("--only", "stomach-tone").exit_code == 0
    path = data_dir / "history.sqlite3"
    with History.create(path):  # folds the write-ahead log into the file, as the last writer does
        pass
    content = bytearray(path.read_bytes())
    for i in range(4096, len(content), 7):
        content[i] = 0xFF
    path.write_bytes(bytes(content))
    for name in ("history.sqlite3-wal", "history.sqlite3-shm"):
        (data_dir / name).unlink(missing_ok=True)
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 0
    (warning,) = [line for line in result.output.splitlines() if line.startswith("Warning:")]
    assert warning.startswith(f"Warning: {path}: is damaged (")
    assert warning.endswith("Using the catalogue's holds.")
    assert "6 s" not in result.output
    assert path.read_bytes() == content


def test_a_session_runs_when_the_data_folder_cannot_be_made(tmp_path: Path) -> None:
    """A data folder that cannot exist (under a plain file): one warning, the session runs."""
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = invoke("--data-dir", str(blocker / "data"), "session", "--yes", "--only", "pelvic-tilt")
    assert result.exit_code == 0
    assert result.output.count("Warning:") == 1
    assert "will not be recorded" in result.output
    assert "Session complete" in result.output


def test_holds_build_up_and_every_view_says_so(data_dir: Path, wall: Wall, tmp_path: Path) -> None:
    """Three full sessions of stomach tone: progress, --plan, show, list, routines, export and the session use 6 s."""
    for _ in range(3):
        session("--only", "stomach-tone")
        wall.now += timedelta(days=1)
    progress = invoke("progress").output
    row = next(line for line in progress.splitlines() if "stomach-tone" in line)
    assert row.split() == ["stomach-tone", "Stomach", "tone", "6", "s", "10", "s", "0", "of", "3", "sessions"]
    assert "after 3 sessions in a row" in progress
    plan = invoke("session", "--plan", "--only", "stomach-tone").output
    assert "Hold for Stomach tone: 6 s, building up to 10 s (backrehab progress)" in plan
    assert "6 s  Stomach tone: hold, rep 1 of 3" in plan
    assert "Hold 6 s, building up to 10 s" in invoke("show", "stomach-tone").output
    assert "6→10 s" in invoke("list").output
    config = tmp_path / "config.yaml"
    config.write_text("routines:\n  core: [stomach-tone]\n", encoding="utf-8")
    assert "stomach-tone  3 × 6 s" in invoke("--config", str(config), "routines").output
    assert "**Hold 6 s, building up to 10 s · 3 times" in invoke("export", "--format", "md", "-o", "-").output
    assert "3 × 6 s, building up to 10 s" in session("--only", "stomach-tone").output
    assert stored(data_dir)[-1].result("stomach-tone").hold_seconds == 6  # type: ignore[union-attr]


def test_current_holds_read_for_exercises_that_build_up_equal_the_full_progress(data_dir: Path, wall: Wall) -> None:
    """list/show read only the results of exercises whose hold can move; the holds are those `progress` gives."""
    from backrehab.cli.context import State
    from backrehab.history.progression import current_holds

    for only in ("stomach-tone,leg-raise,pelvic-tilt", "stomach-tone,pelvic-tilt", "stomach-tone,leg-raise"):
        session("--only", only)
        wall.now += timedelta(days=1)
    state = State(data_dir=data_dir)
    catalogue = state.catalogue()
    assert state.current_holds(catalogue) == current_holds(state.progress(catalogue)) == {"stomach-tone": 6}
    history = History.read(data_dir / "history.sqlite3")
    assert history is not None
    with history:
        narrow = history.sessions({"leg-raise"})
        full = history.sessions()
    assert [s.id for s in narrow] == [s.id for s in full]
    assert [[(r.exercise_id, r.planned) for r in s.results] for s in narrow] == [
        [("leg-raise", True)],
        [("leg-raise", False)],  # left out by --only
        [("leg-raise", True)],
    ]
    assert [s.result("leg-raise") for s in narrow] == [s.result("leg-raise") for s in full]


def test_list_and_show_follow_the_history_through_the_holds_cache(
    data_dir: Path, wall: Wall, isolated_env: Path
) -> None:
    """The holds `list` keeps in the cache folder change with the history: a session that moves a hold, a reset."""
    cache = isolated_env / ".cache" / "backrehab" / "current-holds.json"
    for _ in range(2):
        session("--only", "stomach-tone")
        wall.now += timedelta(days=1)
    assert "5→10 s" in invoke("list").output
    assert cache.exists()
    session("--only", "stomach-tone")
    assert not cache.exists()  # every write to the history deletes it
    assert "6→10 s" in invoke("list").output
    assert "Hold 6 s, building up to 10 s" in invoke("show", "stomach-tone").output
    invoke("progress", "--reset", "stomach-tone")
    assert "5→10 s" in invoke("list").output
    assert "Hold 5 s, building up to 10 s" in invoke("show", "stomach-tone").output


def test_a_history_folder_that_cannot_be_read_gives_one_warning_not_a_crash(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder left by another user (a session once run with sudo): list and sessions warn and go on."""
    session("--only", "pelvic-tilt")
    real_stat = Path.stat

    def stat(self: Path, **kwargs: bool) -> os.stat_result:
        if self.parent == data_dir:
            raise PermissionError(13, "Permission denied", str(self))
        return real_stat(self, **kwargs)

    monkeypatch.setattr(Path, "stat", stat)
    problem = f"{data_dir / 'history.sqlite3'}: cannot be read (Permission denied). Check that you can read and write"
    for command in (["list"], ["show", "pelvic-tilt"], ["session", "--plan"]):
        result = invoke(*command)
        assert result.exit_code == 0
        assert result.stderr.startswith(f"Warning: {problem}")
        assert "Using the catalogue's holds." in result.stderr
    result = session("--only", "pelvic-tilt")
    assert result.exit_code == 0
    assert result.stderr.startswith(f"Warning: {problem}")
    assert "will not be recorded" in result.stderr
    advice = f"{data_dir}, or choose another folder with --data-dir."
    for command in (["history"], ["progress"]):
        result = invoke(*command)
        assert (result.exit_code, result.stderr) == (1, f"Error: {problem} {advice}\n")
    result = invoke("progress", "--reset")
    assert result.exit_code == 1
    assert "cannot be opened (Permission denied)" in result.stderr


def test_progress_json_and_reset(data_dir: Path, wall: Wall) -> None:
    """`progress --reset ID` starts that exercise again from the catalogue's hold; history is kept."""
    for _ in range(3):
        session("--only", "stomach-tone,leg-raise")
        wall.now += timedelta(days=1)
    holds = {e["id"]: e["current"] for e in json.loads(invoke("progress", "--json").output)["exercises"]}
    assert (holds["stomach-tone"], holds["leg-raise"]) == (6, 6)
    result = invoke("progress", "--reset", "stomach-tone")
    assert result.output == (
        "Progress reset for Stomach tone: holds start again from the catalogue's. Your history is kept.\n"
    )
    holds = {e["id"]: e["current"] for e in json.loads(invoke("progress", "--json").output)["exercises"]}
    assert (holds["stomach-tone"], holds["leg-raise"]) == (5, 6)
    assert invoke("progress", "--reset").exit_code == 0
    holds = {e["id"]: e["current"] for e in json.loads(invoke("progress", "--json").output)["exercises"]}
    assert (holds["stomach-tone"], holds["leg-raise"]) == (5, 5)
    assert len(stored(data_dir)) == 3


def test_progress_reset_of_an_unknown_exercise_exits_2(data_dir: Path) -> None:
    """A mistyped id for --reset gets the usual suggestion and exit status 2."""
    result = invoke("progress", "--reset", "stomach-tome")
    assert result.exit_code == 2
    assert "Did you mean 'stomach-tone'?" in result.output


def test_resume_with_nothing_to_resume_exits_2(data_dir: Path) -> None:
    """--resume without a session today, or after a completed one: one line, exit 2."""
    result = invoke("session", "--resume")
    assert (result.exit_code, result.output) == (2, "Nothing to resume: no session was recorded today.\n")
    session("--only", "pelvic-tilt")
    result = invoke("session", "--resume")
    assert (result.exit_code, result.output) == (2, "Nothing to resume: today's last session was completed.\n")


def test_resume_continues_the_same_session_where_it_stopped(data_dir: Path, wall: Wall) -> None:
    """Interrupted during knee rolls: --resume starts at knee rolls, with the same options, into the same row."""
    clock = FakeClock(ctrl_c_after=5 * 5 + 4 * 2 + 12)
    first = invoke(
        "session", "--only", "pelvic-tilt,knee-rolls,deep-lunge", "--rest", "2", "--lead-in", "0", clock=clock
    )
    assert first.exit_code == 130
    wall.now += timedelta(hours=1)
    plan = invoke("session", "--resume", "--plan").output
    assert plan.startswith("2 exercises, ")
    assert "get into position" not in plan  # the stored --lead-in 0 is kept
    resumed = invoke("session", "--resume")
    assert resumed.exit_code == 0
    assert "Exercise 1 of 2: Knee rolls" in resumed.output
    assert "Pelvic tilt" not in resumed.output
    (record,) = stored(data_dir)
    assert record.status is Status.COMPLETED
    assert record.started_at == datetime(2025, 3, 12, 12, 0, tzinfo=timezone.utc)
    assert [(r.exercise_id, r.outcome) for r in record.results if r.planned] == [
        ("pelvic-tilt", Outcome.DONE),
        ("knee-rolls", Outcome.DONE),
        ("deep-lunge", Outcome.DONE),
    ]
    assert invoke("session", "--resume").exit_code == 2


def test_resume_refuses_options_of_its_own(data_dir: Path) -> None:
    """--resume with --only (or --no-history) is a usage error: the resumed session keeps its own."""
    result = invoke("session", "--resume", "--only", "pelvic-tilt")
    assert result.exit_code == 2
    assert "leave out --only" in result.output


@pytest.mark.slow  # a real process
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_in_a_real_process_is_recorded_as_interrupted(tmp_path: Path, signum: int) -> None:
    """SIGTERM or SIGHUP (terminal closed) mid-session, in a real process: the row says interrupted, holds kept."""
    folder = tmp_path / "data"
    process = subprocess.Popen(
        [sys.executable, "-m", "backrehab", "session", "--only", "pelvic-tilt", "--lead-in", "0", "--speed", "25"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "BACKREHAB_HOME": str(folder)},
    )
    assert process.stdout is not None
    seen = []
    for line in process.stdout:
        seen.append(line)
        if "rep 2 of 5: hold" in line:
            break
    process.send_signal(signum)
    out, err = process.communicate(timeout=10)
    holds_printed = "".join([*seen, out]).count(": done\n")
    assert process.returncode == 128 + signum
    assert err == ""
    (record,) = stored(folder)
    assert record.status is Status.INTERRUPTED
    tilt = record.result("pelvic-tilt")
    assert tilt is not None
    assert tilt.outcome is Outcome.UNFINISHED
    assert tilt.holds_done == holds_printed >= 1


@pytest.mark.parametrize("given_by", ["--data-dir", "BACKREHAB_HOME"])
def test_a_data_folder_that_cannot_be_read_behaves_as_documented(
    given_by: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`chmod 000` on the data folder: `list` works and a session runs, each with one warning; `history` is one
    line and exit 1 — as for the default folder, not "Directory is not readable" for every command."""
    folder = tmp_path / "data"
    folder.mkdir()
    cannot_enter(monkeypatch, folder)
    before = ["--data-dir", str(folder)] if given_by == "--data-dir" else []
    env = {"BACKREHAB_HOME": str(folder)} if given_by == "BACKREHAB_HOME" else {}
    runner = CliRunner(env=env)
    obj = fake_surroundings()
    problem = f"{folder / 'history.sqlite3'}: cannot be read (Permission denied)"

    listed = runner.invoke(main, [*before, "list"], obj=obj)
    assert listed.exit_code == 0
    assert "pelvic-tilt" in listed.stdout
    assert (
        listed.stderr == f"Warning: {problem}. Check that you can read and write {folder}, or choose another "
        "folder with --data-dir. Using the catalogue's holds.\n"
    )

    ran = runner.invoke(main, [*before, "session", "--yes", "--only", "pelvic-tilt"], obj=obj)
    assert ran.exit_code == 0
    assert "Session complete: 1 of 1 exercises done" in ran.stdout
    assert problem in ran.stderr

    history = runner.invoke(main, [*before, "history"], obj=obj)
    assert history.exit_code == 1
    assert history.stderr.startswith(f"Error: {problem}.")
