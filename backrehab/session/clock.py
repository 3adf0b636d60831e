"""The session's clock: a protocol the runner waits on, and the real monotonic one.

Tests pass a fake whose `sleep_until` jumps time forward, so nothing sleeps.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float: ...

    def sleep_until(self, deadline: float) -> None: ...


class MonotonicClock:
    """The real clock: `time.monotonic`, sleeping until a deadline rather than for a duration."""

    def now(self) -> float:
        return time.monotonic()

    def sleep_until(self, deadline: float) -> None:
        while (left := deadline - time.monotonic()) > 0:
            time.sleep(left)


def local_now() -> datetime:
    """Now, with this computer's UTC offset: the moment and the person's local day in one value."""
    return datetime.now().astimezone()
