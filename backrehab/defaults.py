"""Built-in timings and the choices options offer: what `--help` shows, in a module that imports nothing.

Kept apart from `plan.py`, `config.py` and the handout so that `--help` need not
build the catalogue's, the config's and the plan's dataclasses just to print two
numbers and a few choices. The enums go to click as they are (`cli.params.EnumChoice`).
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

DEFAULT_REST = 5.0
DEFAULT_LEAD_IN = 10.0
#: The get-ready pause when a per-side exercise changes side; never shorter, so
#: moving across does not eat into the next hold.
DEFAULT_SWITCH = 5.0


class Order(enum.Enum):
    """The order of a session's exercises: the leaflet's, or grouped by starting position."""

    SOURCE = "source"
    POSITION = "position"


class DisplayMode(enum.Enum):
    """How a session is shown: big digits, a few lines, or one plain line per event."""

    BIG = "big"
    COMPACT = "compact"
    PLAIN = "plain"


class Format(enum.Enum):
    """The handout's file format."""

    HTML = "html"
    MARKDOWN = "md"

    @classmethod
    def for_path(cls, path: Path) -> Format | None:
        """The format a file name asks for (.html, .htm, .md, .markdown), or None."""
        suffix = path.suffix.lower()
        if suffix in (".html", ".htm"):
            return cls.HTML
        if suffix in (".md", ".markdown"):
            return cls.MARKDOWN
        return None


class Paper(enum.Enum):
    """The HTML handout's page size: `auto` leaves it to the printer's paper, which suits A4 and Letter alike."""

    AUTO = "auto"
    A4 = "a4"
    LETTER = "letter"
