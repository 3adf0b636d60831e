"""Hand-written fakes for the runner's side effects: a clock that jumps, keys on a script, a recorder."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from backrehab.audio.timeline import Clip
from backrehab.catalogue.model import Caution, Exercise
from backrehab.session.events import Answer, Event
from backrehab.session.keys import Command
from backrehab.session.surroundings import Surroundings


class FakeClock:
    """A clock whose `sleep_until` jumps straight to the deadline, and records every sleep.

    With `ctrl_c_after`, sleeping to a deadline more than that many seconds after the start
    raises KeyboardInterrupt instead, as Ctrl-C would while the session waits.
    """

    def __init__(self, start: float = 1000.0, *, ctrl_c_after: float | None = None) -> None:
        self.start = self.t = start
        self.sleeps: list[float] = []
        self.ctrl_c_after = ctrl_c_after

    def now(self) -> float:
        return self.t

    def sleep_until(self, deadline: float) -> None:
        if self.ctrl_c_after is not None and deadline - self.start > self.ctrl_c_after:
            raise KeyboardInterrupt
        self.sleeps.append(deadline)
        self.t = max(self.t, deadline)

    def advance(self, seconds: float) -> None:
        self.t += seconds


class ScriptedKeys:
    """Keys pressed at given clock times; waiting past the script's end without a deadline is a bug."""

    def __init__(self, script: Iterable[tuple[float, Command]]) -> None:
        self.script = sorted(script, key=lambda item: item[0])

    def wait(self, clock: FakeClock, deadline: float | None) -> Command | None:  # type: ignore[override]
        if self.script and (deadline is None or self.script[0][0] <= deadline):
            at, command = self.script.pop(0)
            clock.sleep_until(at)
            return command
        if deadline is None:
            raise AssertionError("the runner waited for a key that the script never presses")
        clock.sleep_until(deadline)
        return None


class Recorder:
    """A listener that keeps every event with the clock time it arrived at."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.events: list[tuple[float, Event]] = []

    def handle(self, event: Event) -> None:
        self.events.append((self.clock.now(), event))

    def of(self, kind: type) -> list[tuple[float, Event]]:
        return [(t, e) for t, e in self.events if isinstance(e, kind)]


def answer(value: Answer, log: list[str] | None = None, clock: FakeClock | None = None, takes: float = 0.0):
    """A confirm function giving `value`, optionally taking `takes` seconds of the fake clock."""

    def confirm(exercise: Exercise, caution: Caution) -> Answer:
        if log is not None:
            log.append(exercise.id)
        if clock is not None:
            clock.advance(takes)
        return value

    return confirm


class QuietTerminalKeys:
    """Stands in for the terminal's keys: nobody presses anything."""

    def __init__(self) -> None:
        self.opened = self.closed = 0

    def open(self) -> None:
        self.opened += 1

    def close(self) -> None:
        self.closed += 1

    def wait(self, clock: FakeClock, deadline: float | None) -> Command | None:
        assert deadline is not None, "nobody will ever press a key"
        clock.sleep_until(deadline)
        return None

    def read(self, clock: FakeClock, deadline: float | None) -> str | None:
        assert deadline is not None, "nobody will ever press a key"
        clock.sleep_until(deadline)
        return None


class TypingTerminalKeys(QuietTerminalKeys):
    """The terminal's keys with `text` typed one key at a time whenever the session waits for a key."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.typed = list(text)

    def wait(self, clock: FakeClock, deadline: float | None) -> Command | None:
        from backrehab.session.keys import command_for

        while deadline is None:
            assert self.typed, "the session waited for a key after everything typed was read"
            command = command_for(self.typed.pop(0))
            if command is not None:
                return command
        clock.sleep_until(deadline)
        return None

    def read(self, clock: FakeClock, deadline: float | None) -> str | None:
        if self.typed:
            return self.typed.pop(0)
        return super().read(clock, deadline)


def fake_surroundings(clock: FakeClock | None = None, **given: Any) -> Surroundings:
    """The real surroundings but for a fake clock (a new one unless given) and whatever else is given."""
    return Surroundings(clock=clock or FakeClock(), **given)


def interactive(clock: FakeClock | None = None, **given: Any) -> Surroundings:
    """Surroundings where standard input is a terminal whose keys are never pressed."""
    return fake_surroundings(clock, stdin_is_terminal=lambda: True, keys=QuietTerminalKeys, **given)


class RecordingChannel:
    """The audio channel as a recorder: a clip starts when due, or when the one before it ends if later."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        #: (start, clip, handed in while another still played)
        self.heard: list[tuple[float, Clip, bool]] = []
        self.closed: bool | None = None

    def play(self, clip: Clip, delay: float = 0.0) -> None:
        due = self.clock.now() + delay
        busy_until = self.heard[-1][0] + self.heard[-1][1].seconds if self.heard else due
        self.heard.append((max(due, busy_until), clip, busy_until > due + 1e-9))

    def drop_pending(self) -> None:
        now = self.clock.now()
        self.heard = [h for h in self.heard if h[0] <= now]

    def withdraw(self, clip: Clip) -> bool:
        """Unhear the last `clip` handed in if it has not started yet."""
        index = max((i for i, (_, heard, _) in enumerate(self.heard) if heard == clip), default=None)
        if index is None or self.heard[index][0] <= self.clock.now():
            return False
        del self.heard[index]
        return True

    def busy_for(self) -> float:
        ends = [start + clip.seconds + 0.1 for start, clip, _ in self.heard]
        return max(0.0, max(ends, default=0.0) - self.clock.now())

    def close(self, *, finish: bool) -> None:
        self.closed = finish

    def texts(self) -> list[str]:
        return [clip.text for _, clip, _ in self.heard]


def cannot_enter(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Every look inside `folder` fails as it does for a non-root user after `chmod 000 folder` (the tests
    may run as root, whom no mode stops): stat and open of anything in it raise PermissionError, and
    `os.access` says the folder cannot be read."""
    inside = str(folder) + os.sep
    real_stat, real_open, real_access = os.stat, os.open, os.access

    def refused(path: object) -> bool:
        return isinstance(path, (str, Path)) and str(path).startswith(inside)

    def stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if refused(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    def open_(path: object, *args: object, **kwargs: object) -> int:
        if refused(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    def access(path: object, mode: int, *args: object, **kwargs: object) -> bool:
        if isinstance(path, (str, Path)) and (str(path) == str(folder) or refused(path)):
            return False
        return real_access(path, mode, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", stat)
    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr(os, "open", open_)
