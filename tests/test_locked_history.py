"""Another backrehab holding the history's write lock for long: the session goes on, and is written whole."""

from __future__ import annotations

import os
import signal
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from backrehab.cli.app import main
from backrehab.history import recorder
from backrehab.history.store import History
from backrehab.session.keys import Command
from backrehab.session.outcomes import Status

from .fakes import FakeClock, QuietTerminalKeys, fake_surroundings

#: pelvic-tilt alone, no lead-in, no rest: five holds of 5 s with their relaxes.
ARGS = ["session", "--yes", "--no-checkin", "--only", "pelvic-tilt", "--lead-in", "0", "--rest", "0"]


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Sessions in a history of their own; a try at a locked write waits 20 ms of real time (5 ms at the end)."""
    folder = tmp_path / "data"
    monkeypatch.setenv("BACKREHAB_HOME", str(folder))
    monkeypatch.setattr(recorder, "DURING_PATIENCE_MS", 20)
    monkeypatch.setattr(recorder, "END_PATIENCE_MS", 5)
    return folder


class LockingClock(FakeClock):
    """A fake clock, and another process's connection that takes the history's write lock (BEGIN IMMEDIATE)
    `take` seconds into the run and lets go at `free`; with `interrupt_at`, Ctrl-C comes then."""

    def __init__(self, path: Path, *, take: float, free: float, interrupt_at: float | None = None) -> None:
        super().__init__()
        self.path = path
        self.take, self.free, self.interrupt_at = take, free, interrupt_at
        self.other: sqlite3.Connection | None = None
        self.held_from: float | None = None
        self.freed_at: float | None = None

    def sleep_until(self, deadline: float) -> None:
        super().sleep_until(deadline)
        elapsed = self.t - self.start
        if self.held_from is None and elapsed >= self.take:
            self.other = sqlite3.connect(self.path, isolation_level=None)
            self.other.execute("BEGIN IMMEDIATE")
            self.held_from = elapsed
        if self.other is not None and elapsed >= self.free:
            self.other.execute("ROLLBACK")
            self.other.close()
            self.other, self.freed_at = None, elapsed
        if self.interrupt_at is not None and elapsed >= self.interrupt_at:
            self.interrupt_at = None
            os.kill(os.getpid(), signal.SIGINT)


class QuitAt(QuietTerminalKeys):
    """The terminal's keys, with `q` pressed once, `at` seconds into the run."""

    def __init__(self, clock: FakeClock, at: float) -> None:
        super().__init__()
        self.at = clock.start + at

    def wait(self, clock: FakeClock, deadline: float | None) -> Command | None:  # type: ignore[override]
        assert deadline is not None
        if deadline >= self.at > clock.now():
            clock.sleep_until(self.at)
            return Command.QUIT
        return super().wait(clock, deadline)


def run(clock: LockingClock, **given: object) -> Result:
    return CliRunner().invoke(main, ARGS, catch_exceptions=False, obj=fake_surroundings(clock, **given))


def stored(data_dir: Path) -> tuple[Status, int]:
    history = History.read(data_dir / "history.sqlite3")
    assert history is not None
    with history:
        (record,) = history.sessions()
    return record.status, sum(r.holds_done for r in record.results)


def test_a_lock_gone_before_the_end_loses_nothing(data_dir: Path) -> None:
    """Locked from 0.5 s for 12.5 s: the holds met the lock, and the end writes the whole session."""
    clock = LockingClock(data_dir / "history.sqlite3", take=0.5, free=13)
    result = run(clock)
    assert result.exit_code == 0
    assert clock.freed_at is not None
    assert "Session complete: 1 of 1 exercises done, 0 not done; 5 holds completed" in result.output
    assert "this session is written when it ends" in result.output
    assert "not recorded" not in result.output
    assert stored(data_dir) == (Status.COMPLETED, 5)


def test_a_lock_past_the_end_is_waited_for_and_said(data_dir: Path) -> None:
    """Still locked when the session ends: the final write tries again, says so once, and lands when it goes."""
    clock = LockingClock(data_dir / "history.sqlite3", take=0.5, free=40)
    result = run(clock)
    assert result.exit_code == 0
    assert clock.freed_at is not None
    assert result.output.count("The history is busy; trying again… press Ctrl-C to give up.") == 1
    assert "The history is free again: this session is recorded." in result.output
    assert stored(data_dir) == (Status.COMPLETED, 5)


def test_q_again_gives_up_waiting(data_dir: Path) -> None:
    """With keys, the message says `q`; pressing it while the lock is held stops trying, and says so."""
    clock = LockingClock(data_dir / "history.sqlite3", take=0.5, free=10_000)
    result = run(clock, stdin_is_terminal=lambda: True, keys=lambda: QuitAt(clock, 40))
    assert result.exit_code == 0
    assert "press q again to give up" in result.output
    assert "stayed locked until you gave up. The end of this session is not recorded." in result.output
    assert 40 <= clock.t - clock.start < 42
    clock.sleep_until(clock.start + 10_000)  # the other process lets go
    assert stored(data_dir) == (Status.INTERRUPTED, 0)


def test_ctrl_c_gives_up_waiting_and_exits_130(data_dir: Path) -> None:
    """Ctrl-C while the final write waits: it stops trying, and the exit status tells of the Ctrl-C."""
    clock = LockingClock(data_dir / "history.sqlite3", take=0.5, free=10_000, interrupt_at=40)
    result = run(clock)
    assert result.exit_code == 130
    assert "The end of this session is not recorded." in result.output
    assert 40 <= clock.t - clock.start < 42
