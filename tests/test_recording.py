"""Sessions written to a real history file as they run on the fake clock: every ending keeps what was done."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from backrehab.catalogue.model import Catalogue
from backrehab.history.recorder import SessionRecorder, ask_pain
from backrehab.history.records import SessionRecord
from backrehab.history.store import History, HistoryError
from backrehab.plan import PlanOptions, make_plan
from backrehab.session.events import Answer, Summary
from backrehab.session.keys import Command
from backrehab.session.outcomes import Outcome, Status
from backrehab.session.runner import run_session
from backrehab.wording import PAIN_QUESTION

from .fakes import FakeClock, ScriptedKeys, answer

START = datetime(2025, 3, 3, 7, 45, tzinfo=timezone(timedelta(hours=1)))


class Killed(BaseException):
    """Stands for the process dying outright (SIGKILL, power cut): nothing after it runs."""


class KillingClock(FakeClock):
    def __init__(self, at: float) -> None:
        super().__init__()
        self.kill_at = self.t + at

    def sleep_until(self, deadline: float) -> None:
        if deadline > self.kill_at:
            raise Killed
        super().sleep_until(deadline)


def record(
    path: Path,
    plan_options: PlanOptions,
    catalogue: Catalogue,
    clock: FakeClock,
    *,
    keys=None,
    opening_seconds: float = 0.0,
    **settings,  # type: ignore[no-untyped-def]
) -> tuple[Summary | None, SessionRecord, list[str]]:
    """Run a session with a recorder on a fresh history file; return the summary, the stored session, warnings.

    With `checkin=True` among the recorder's `settings`, the pain before is asked first, as a session does."""
    warnings: list[str] = []
    recorder = SessionRecorder(
        History.create(path),
        options={"only": list(plan_options.only)},
        warn=warnings.append,
        wall=lambda: START + timedelta(seconds=clock.now() - 1000.0),
        **settings,
    )
    if settings.get("checkin"):
        assert recorder.before()
    plan = make_plan(catalogue, plan_options)
    summary = None
    try:
        summary = run_session(
            plan=plan,
            clock=clock,
            listeners=[recorder],
            confirm=answer(Answer.YES_BY_OPTION),
            keys=keys,
            opening_seconds=opening_seconds,
        )
        recorder.after(summary)
    except Killed:
        pass
    reader = History.read(path)
    assert reader is not None
    with reader:
        (stored,) = reader.sessions()
    return summary, stored, warnings


TWO = PlanOptions(only=("pelvic-tilt", "knee-rolls"), lead_in=0, rest=1)


def answering(*answers: str) -> tuple[Callable[[str], str], list[str]]:
    """A way of asking that gives `answers` in turn, and the list of the questions it was asked."""
    given = iter(answers)
    asked: list[str] = []

    def ask(question: str) -> str:
        asked.append(question)
        return next(given)

    return ask, asked


def outcomes(stored: SessionRecord) -> dict[str, tuple[str, int]]:
    return {r.exercise_id: (r.outcome.value, r.holds_done) for r in stored.results if r.planned}


def test_a_completed_session_is_recorded_in_full(tmp_path: Path, catalogue: Catalogue) -> None:
    """Start, end, status, active time, and each exercise's holds per side are stored."""
    clock = FakeClock()
    summary, stored, warnings = record(tmp_path / "h.sqlite3", TWO, catalogue, clock)
    assert summary is not None
    assert warnings == []
    assert stored.status is Status.COMPLETED
    assert stored.started_at == START
    assert stored.ended_at == START + timedelta(seconds=summary.elapsed_seconds)
    assert stored.active_seconds == pytest.approx(summary.active_seconds)
    assert outcomes(stored) == {"pelvic-tilt": ("done", 5), "knee-rolls": ("done", 6)}
    knee_rolls = stored.result("knee-rolls")
    assert knee_rolls is not None
    assert knee_rolls.by_side == {"left": 3, "right": 3}
    assert knee_rolls.hold_seconds == 10


def test_left_out_exercises_are_recorded_as_skipped_with_the_reason(tmp_path: Path, catalogue: Catalogue) -> None:
    """Exercises not in --only are stored as skipped, "not in --only", and not planned."""
    _, stored, _ = record(tmp_path / "h.sqlite3", TWO, catalogue, FakeClock())
    left_out = [r for r in stored.results if not r.planned]
    assert len(left_out) == 10
    assert {(r.outcome, r.reason) for r in left_out} == {(Outcome.SKIPPED, "not in --only")}
    assert [r.position for r in stored.results] == list(range(1, 13))


def test_quit_with_q_keeps_what_was_done(tmp_path: Path, catalogue: Catalogue) -> None:
    """`q` during knee rolls: pelvic tilt done, knee rolls unfinished with its holds so far, status ended early."""
    clock = FakeClock()
    keys = ScriptedKeys([(1000.0 + 29 + 12 + 11 + 5, Command.QUIT)])
    _, stored, _ = record(tmp_path / "h.sqlite3", TWO, catalogue, clock, keys=keys)
    assert stored.status is Status.ENDED_EARLY
    assert outcomes(stored) == {"pelvic-tilt": ("done", 5), "knee-rolls": ("unfinished", 2)}


def test_ctrl_c_keeps_what_was_done(tmp_path: Path, catalogue: Catalogue) -> None:
    """Ctrl-C (and SIGTERM/SIGHUP, which the runner treats alike) mid-session: recorded as interrupted."""

    class CtrlC(FakeClock):
        def sleep_until(self, deadline: float) -> None:
            if deadline > 1000.0 + 20:
                raise KeyboardInterrupt
            super().sleep_until(deadline)

    _, stored, _ = record(tmp_path / "h.sqlite3", TWO, catalogue, CtrlC())
    assert stored.status is Status.INTERRUPTED
    assert outcomes(stored) == {"pelvic-tilt": ("unfinished", 3), "knee-rolls": ("not reached", 0)}


def test_a_killed_process_leaves_an_honest_row(tmp_path: Path, catalogue: Catalogue) -> None:
    """No end event at all: the row already says interrupted, with each finished exercise and the holds so far."""
    _, stored, _ = record(tmp_path / "h.sqlite3", TWO, catalogue, KillingClock(at=29 + 25))
    assert stored.status is Status.INTERRUPTED
    assert outcomes(stored) == {"pelvic-tilt": ("done", 5), "knee-rolls": ("unfinished", 2)}
    assert stored.active_seconds is None
    assert stored.duration_seconds == pytest.approx(29 + 25)  # up to the last hold recorded


def test_skip_and_pain_keys_are_recorded_with_their_reasons(tmp_path: Path, catalogue: Catalogue) -> None:
    """`n` and `p` are told apart in the history: skipped by key, stopped because it hurt; nothing was done."""
    keys = ScriptedKeys([(1001.0, Command.NEXT), (1003.0, Command.PAIN), (1005.0, Command.OTHER)])
    _, stored, _ = record(tmp_path / "h.sqlite3", TWO, catalogue, FakeClock(), keys=keys)
    tilt, rolls = stored.result("pelvic-tilt"), stored.result("knee-rolls")
    assert tilt is not None
    assert rolls is not None
    assert (tilt.outcome, tilt.reason) == (Outcome.SKIPPED, "n key")
    assert (rolls.outcome, rolls.reason) == (Outcome.STOPPED_PAIN, "p key")
    assert stored.status is Status.NOTHING_DONE


def test_pain_before_and_after_are_stored(tmp_path: Path, catalogue: Catalogue) -> None:
    """With check-ins on, the answers before and after are stored with the session."""
    ask, asked = answering("6", "4")
    _, stored, _ = record(tmp_path / "h.sqlite3", TWO, catalogue, FakeClock(), checkin=True, ask=ask, say=print)
    assert asked == [PAIN_QUESTION, PAIN_QUESTION]
    assert (stored.pain_before, stored.pain_after) == (6, 4)


def test_a_failing_write_warns_once_and_the_session_goes_on(tmp_path: Path, catalogue: Catalogue) -> None:
    """The file becomes unwritable mid-session: one warning naming it, and the session still completes."""
    history = History.create(tmp_path / "h.sqlite3")
    warnings: list[str] = []
    recorder = SessionRecorder(history, options={}, warn=warnings.append)
    calls = 0
    real_save = history.save_results

    def failing_save(*args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        if calls > 2:
            raise HistoryError(history.path, "could not be written (disk I/O error)", "Check the disk")
        real_save(*args, **kwargs)

    history.save_results = failing_save  # type: ignore[method-assign]
    summary = run_session(
        plan=make_plan(catalogue, TWO), clock=FakeClock(), listeners=[recorder], confirm=answer(Answer.YES_BY_OPTION)
    )
    assert summary.status is Status.COMPLETED
    assert summary.done == 2
    assert len(warnings) == 1
    assert str(history.path) in warnings[0]
    assert "not recorded" in warnings[0]


@pytest.mark.parametrize(
    ("typed", "expected", "complaints"),
    [
        (["7"], 7, 0),
        ([" 0 "], 0, 0),
        (["10"], 10, 0),
        ([""], None, 0),
        (["eleven", "11", "-1", "3.5", "4"], 4, 4),
    ],
)
def test_pain_question_asks_again_until_answered(typed: list[str], expected: int | None, complaints: int) -> None:
    """Only whole numbers 0–10 are taken; anything else is asked again; Enter skips."""
    answers = iter(typed)
    said: list[str] = []
    assert ask_pain(lambda question: next(answers), said.append) == expected
    assert len(said) == complaints
    assert all("from 0 to 10" in line for line in said)


def test_pain_question_at_end_of_input_is_skipped() -> None:
    """End of input (Ctrl-D, a closed pipe) skips the question rather than crashing."""

    def ask(question: str) -> str:
        raise EOFError

    assert ask_pain(ask, lambda text: None) is None


def test_ctrl_c_at_the_first_question_means_do_not_start(tmp_path: Path) -> None:
    """Ctrl-C at the check-in before a session: the session does not start, nothing is recorded."""

    def ask(question: str) -> str:
        raise KeyboardInterrupt

    history = History.create(tmp_path / "h.sqlite3")
    recorder = SessionRecorder(history, options={}, warn=print, checkin=True, ask=ask, say=lambda text: None)
    assert recorder.before() is False
    assert history.sessions() == []


def test_the_history_stores_the_runners_counts_after_a_restart(tmp_path: Path, catalogue: Catalogue) -> None:
    """`r` after two knee rolls starts the count again: the row holds the runner's count, one hold on the left."""
    keys = ScriptedKeys([(1000.0 + 29 + 26, Command.RESTART)])
    clock = KillingClock(at=29 + 26 + 12)
    summary, stored, _ = record(tmp_path / "h.sqlite3", TWO, catalogue, clock, keys=keys)
    assert summary is None
    rolls = stored.result("knee-rolls")
    assert rolls is not None
    assert (rolls.holds_planned, rolls.holds_done, dict(rolls.by_side)) == (6, 1, {"left": 1})


def test_no_question_after_a_session_quit_before_any_exercise(tmp_path: Path, catalogue: Catalogue) -> None:
    """q on the opening: the pain before is kept, and nobody is asked about pain "after" a session not begun."""
    ask, asked = answering("6", "4")
    clock = FakeClock()
    summary, stored, _ = record(
        tmp_path / "h.sqlite3",
        TWO,
        catalogue,
        clock,
        keys=ScriptedKeys([(clock.now() + 1, Command.QUIT)]),
        opening_seconds=10,
        checkin=True,
        ask=ask,
        say=print,
    )
    assert asked == [PAIN_QUESTION]
    assert (stored.pain_before, stored.pain_after) == (6, None)
    assert summary is not None
    assert summary.status is not Status.COMPLETED


class CtrlCAtSecondLine(io.BytesIO):
    """Standard input where the first question is answered and Ctrl-C comes at the second."""

    def __init__(self) -> None:
        super().__init__(b"5\n")
        self.pressed = False

    def read1(self, size: int = -1) -> bytes:
        data = super().read1(size)
        if size != 0 and not data and not self.pressed:  # once (click probes with read(0)); then end of input
            self.pressed = True
            raise KeyboardInterrupt
        return data

    read = read1


def test_ctrl_c_at_the_question_after_the_session_exits_130(tmp_path: Path) -> None:
    """Ctrl-C at "Pain right now?" after a completed session: the answer is skipped, the session stays recorded
    as completed, and the exit status is 130, as Ctrl-C's always is, not 0."""
    from click.testing import CliRunner

    from backrehab.cli.app import main

    from .fakes import fake_surroundings

    folder = tmp_path / "data"
    result = CliRunner(env={"BACKREHAB_HOME": str(folder)}).invoke(
        main,
        ["session", "--yes", "--checkin", "--only", "pelvic-tilt", "--lead-in", "0"],
        input=CtrlCAtSecondLine(),
        obj=fake_surroundings(),
    )
    assert result.output.count(PAIN_QUESTION) == 2
    assert result.exit_code == 130
    reader = History.read(folder / "history.sqlite3")
    assert reader is not None
    with reader:
        (stored,) = reader.sessions()
    assert (stored.status, stored.pain_before, stored.pain_after) == (Status.COMPLETED, 5, None)
