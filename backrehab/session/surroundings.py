"""What a session touches outside itself — clocks, keys, the terminal — gathered so tests can pass fakes.

The real ones are the defaults. The command line takes a `Surroundings` from
click's context object when one is given (`main(obj=Surroundings(...))`), so a
test of a whole command swaps the clock or the terminal checks without
patching any module's globals.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from backrehab.session.awake import Inhibitor, find_inhibitor
from backrehab.session.clock import Clock, MonotonicClock, local_now
from backrehab.session.keys import TerminalKeys, terminal_keys


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


@dataclass(frozen=True)
class Surroundings:
    #: The session's monotonic clock: every deadline is counted on it.
    clock: Clock = field(default_factory=MonotonicClock)
    #: The wall clock the history records days and times by.
    wall: Callable[[], datetime] = local_now
    #: Opens the key reader when the session takes keys.
    keys: Callable[[], TerminalKeys] = terminal_keys
    stdin_is_terminal: Callable[[], bool] = stdin_is_terminal
    stdout_is_terminal: Callable[[], bool] = stdout_is_terminal
    #: What keeps the screen awake while a session runs, if this system has a way (found when a session starts).
    inhibitor: Callable[[], Inhibitor | None] = find_inhibitor
