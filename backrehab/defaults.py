"""A session's built-in timings and orders: what `--help` shows, in a module that imports nothing.

Kept apart from `plan.py` so that `backrehab --help` need not build the
catalogue's and the plan's dataclasses just to print two numbers and a choice.
"""

from __future__ import annotations

import enum

DEFAULT_REST = 5.0
DEFAULT_LEAD_IN = 10.0
#: The get-ready pause when a per-side exercise changes side; never shorter, so
#: moving across does not eat into the next hold.
DEFAULT_SWITCH = 5.0


class Order(enum.Enum):
    SOURCE = "source"
    POSITION = "position"
