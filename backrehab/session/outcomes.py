"""How an exercise and a session ended: shared by the runner, the displays and the history.

A module of its own so that reading the history (for `list`, `show`, `history`)
does not load the session runner.
"""

from __future__ import annotations

import enum


class Outcome(enum.Enum):
    DONE = "done"
    SKIPPED = "skipped"
    DECLINED = "declined"
    STOPPED_PAIN = "stopped: pain"
    UNFINISHED = "unfinished"
    NOT_REACHED = "not reached"


class Status(enum.Enum):
    """How a session ended. "completed" needs at least one exercise done: a session walked to its end
    with every exercise skipped, declined or stopped is "nothing done", so no view can call it completed."""

    COMPLETED = "completed"
    NOTHING_DONE = "nothing done"
    ENDED_EARLY = "ended early"
    INTERRUPTED = "interrupted"
