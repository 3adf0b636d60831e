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
    COMPLETED = "completed"
    ENDED_EARLY = "ended early"
    INTERRUPTED = "interrupted"
