"""A session's built-in timings and choices, when neither the command line nor the config file sets them.

The enums go to click as they are (`cli.params.EnumChoice`). The safety note is here too:
`backrehab --help` shows it, and so do the handout and the session.
"""

from __future__ import annotations

import enum

DEFAULT_REST = 5.0
DEFAULT_LEAD_IN = 10.0
#: How many of a hold's last seconds are counted aloud.
DEFAULT_COUNTDOWN = 3
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


#: What to do when an exercise hurts, in the leaflet's words (the bundled catalogue's `pain_advice`; a test
#: keeps the two equal): said wherever a catalogue gives no advice of its own.
STOP_IF_IT_HURTS = (
    "Stop any exercise that makes your pain worse. "
    "If you are unsure whether an exercise suits you, ask a physiotherapist."
)


def safety_note(subject: str) -> str:
    """ "This sheet is not medical advice. Stop any exercise…": the note atop the handout and `backrehab --help`."""
    return f"{subject} is not medical advice. {STOP_IF_IT_HURTS}"
