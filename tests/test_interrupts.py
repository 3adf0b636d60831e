"""Signals around history writes and the session's end: held until the write is done, never lost."""

from __future__ import annotations

import os
import signal
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from backrehab.cli.app import main
from backrehab.history.store import History
from backrehab.session.events import Interrupted
from backrehab.session.interrupts import SignalGuard
from backrehab.session.outcomes import Status

from .fakes import QuietTerminalKeys, fake_surroundings


class SignallingConnection:
    """The history's connection, sending this process signals at the nth "BEGIN IMMEDIATE" — just after it
    returns, when a signal handler that raises would leave the transaction open."""

    def __init__(self, real: sqlite3.Connection, nth: int, action: Callable[[], None]) -> None:
        self.real = real
        self.nth = nth
        self.action = action
        self.begun = 0

    def execute(self, sql: str, *args: Any) -> Any:
        if sql != "BEGIN IMMEDIATE":
            return self.real.execute(sql, *args)
        self.begun += 1
        if self.begun != self.nth:
            return self.real.execute(sql)
        result = self.real.execute(sql)
        self.action()
        return result

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


def signals_at_write(monkeypatch: pytest.MonkeyPatch, nth: int, action: Callable[[], None]) -> None:
    real_create = History.create.__func__  # type: ignore[attr-defined]

    def create(cls: type[History], path: Path, **options: Any) -> History:
        history = real_create(cls, path, **options)
        history.connection = SignallingConnection(history.connection, nth, action)  # type: ignore[assignment]
        return history

    monkeypatch.setattr(History, "create", classmethod(create))


def kill(*signums: int) -> Callable[[], None]:
    return lambda: [os.kill(os.getpid(), s) for s in signums] and None


def session() -> Result:
    """A short session on a fake clock."""
    return CliRunner().invoke(
        main,
        ["session", "--yes", "--only", "pelvic-tilt", "--lead-in", "0", "--rest", "0"],
        catch_exceptions=False,
        obj=fake_surroundings(),
    )


def recorded(data_dir: Path) -> tuple[Status, int, float | None]:
    history = History.read(data_dir / "history.sqlite3")
    assert history is not None
    with history:
        (record,) = history.sessions()
    return record.status, sum(r.holds_done for r in record.results), record.active_seconds


def holds_in(output: str) -> int:
    summary = next(line for line in output.splitlines() if line.startswith("Session "))
    return int(summary.split("; ")[1].split()[0])


# -- the guard ---------------------------------------------------------------------


def test_a_signal_during_the_walk_raises_at_once() -> None:
    """Outside a history write, the first signal ends the walk where it is."""
    guard = SignalGuard()
    with pytest.raises(Interrupted) as raised:
        guard.handler(signal.SIGTERM, None)
    assert raised.value.signum == signal.SIGTERM


def test_a_signal_during_a_write_waits_for_its_end() -> None:
    """Inside `held()` a signal is noted; `act()` raises it afterwards, once."""
    guard = SignalGuard()
    with guard.held():
        guard.handler(signal.SIGHUP, None)
    with pytest.raises(Interrupted) as raised:
        guard.act()
    assert raised.value.signum == signal.SIGHUP
    guard.act()  # acted on: nothing left to raise


def test_signals_after_the_walk_are_only_noted() -> None:
    """Once the walk is over — a second Ctrl-C, a closing terminal's second SIGHUP — nothing is raised."""
    guard = SignalGuard()
    with pytest.raises(Interrupted):
        guard.handler(signal.SIGINT, None)
    guard.handler(signal.SIGINT, None)
    guard.handler(signal.SIGHUP, None)
    guard.act()
    assert guard.pending == signal.SIGINT


# -- real signals in a session -------------------------------------------------------


@pytest.mark.parametrize(
    ("nth", "signums", "status"),
    [
        (1, (signal.SIGHUP,), 128 + signal.SIGHUP),
        (3, (signal.SIGTERM,), 128 + signal.SIGTERM),
        (4, (signal.SIGINT, signal.SIGINT), 128 + signal.SIGINT),
        (8, (signal.SIGHUP, signal.SIGHUP), 128 + signal.SIGHUP),
    ],
    ids=["first-write", "a-hold", "double-ctrl-c", "double-sighup-near-the-end"],
)
def test_a_signal_in_a_write_is_acted_on_after_it(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, nth: int, signums: tuple[int, ...], status: int
) -> None:
    """A signal (or two) just as a write begins: the write lands, the session ends interrupted with 128+N,
    and the summary's holds are the history's."""
    signals_at_write(monkeypatch, nth, kill(*signums))
    result = session()
    assert result.exit_code == status
    assert "Warning" not in result.output
    assert "Session interrupted" in result.output
    stored, holds, active = recorded(data_dir)
    assert (stored, holds) == (Status.INTERRUPTED, holds_in(result.output))
    assert active is not None  # the final write landed


@pytest.mark.parametrize("signums", [(signal.SIGINT,), (signal.SIGINT, signal.SIGINT), (signal.SIGTERM, signal.SIGHUP)])
def test_signals_in_the_final_write_wait_for_the_record(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, signums: tuple[int, ...]
) -> None:
    """Signals as the completed session's record is written: it is written whole, the summary printed, and the
    exit status then tells of the first signal; no "Aborted!"."""
    # Writes: the start, each exercise's start, five holds, its end, then the session's end: the 9th.
    signals_at_write(monkeypatch, 9, kill(*signums))
    result = session()
    assert result.exit_code == 128 + signums[0]
    assert "Aborted" not in result.output
    assert "Session complete: 1 of 1 exercises done, 0 not done; 5 holds completed" in result.output
    assert recorded(data_dir)[:2] == (Status.COMPLETED, 5)


def test_a_signal_while_waiting_for_the_lock_loses_nothing(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another backrehab holds the lock; SIGTERM comes while this one waits: once the lock is free the hold is
    written, the session ends interrupted, and no message blames permissions."""
    path = data_dir / "history.sqlite3"

    def hold_the_lock_and_signal() -> None:
        other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        other.execute("BEGIN IMMEDIATE")

        def later() -> None:
            os.kill(os.getpid(), signal.SIGTERM)
            threading.Event().wait(0.1)
            other.execute("ROLLBACK")
            other.close()

        threading.Thread(target=later).start()

    real_create = History.create.__func__  # type: ignore[attr-defined]

    def create(cls: type[History], path: Path, **options: Any) -> History:
        history = real_create(cls, path, **options)
        connection = history.connection

        class Waiting(SignallingConnection):
            def execute(self, sql: str, *args: Any) -> Any:
                if sql == "BEGIN IMMEDIATE":
                    self.begun += 1
                    if self.begun == 3:
                        hold_the_lock_and_signal()
                return self.real.execute(sql, *args)

        history.connection = Waiting(connection, 3, lambda: None)  # type: ignore[assignment]
        return history

    monkeypatch.setattr(History, "create", classmethod(create))
    result = session()
    assert result.exit_code == 128 + signal.SIGTERM
    assert "Check that you can read and write" not in result.output
    assert "Warning" not in result.output
    stored, holds, active = recorded(data_dir)
    assert (stored, holds) == (Status.INTERRUPTED, holds_in(result.output))
    assert active is not None


class KeysThatMeetASignal(QuietTerminalKeys):
    """The terminal's keys, and SIGTERM just as the session opens them, before its first step."""

    def open(self) -> None:
        super().open()
        os.kill(os.getpid(), signal.SIGTERM)


def test_a_signal_before_the_first_step_ends_quietly(data_dir: Path) -> None:
    """SIGTERM while the session sets up the terminal: exit 143, the terminal's keys closed, nothing recorded."""
    result = CliRunner().invoke(
        main,
        ["session", "--yes", "--no-checkin", "--only", "pelvic-tilt"],
        catch_exceptions=False,
        obj=fake_surroundings(stdin_is_terminal=lambda: True, keys=KeysThatMeetASignal),
    )
    assert result.exit_code == 128 + signal.SIGTERM
    assert result.output == ""
    history = History.read(data_dir / "history.sqlite3")
    assert history is not None
    with history:
        assert history.sessions() == []
