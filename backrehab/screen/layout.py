"""Screens laid out by priority: what matters most is placed first, the rest dropped whole, never cut.

A terminal can be as small as 40×12. Rather than let the bottom of a screen fall
off, each part says how much it matters; parts are placed from the most
important down while they fit, the rest left out whole, and what is shown keeps
its top-to-bottom order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.console import RenderableType
from rich.segment import Segment

#: A part drawn: its rows, each a list of segments as wide as the screen.
Lines = list[list[Segment]]

#: The key hint from longest to shortest: the first that fits the width is shown, `? keys` at the least.
KEY_HINTS = (
    "space pause · n next · r restart · p it hurts · q quit · ? keys",
    "space pause · p it hurts · q quit · ? keys",
    "p it hurts · q quit · ? keys",
    "q quit · ? keys",
    "? keys",
)


class Priority:
    """How much a part of a screen matters; lower numbers are kept longer."""

    MUST = 0  # the seconds left, the exercise, the rep and side, the phase: what the person is doing now
    KEYS = 1  # a way to see the keys
    NOTICE = 2  # the pain advice, the breathing reminder
    PICTURE = 3
    PROGRESS = 4  # the session's progress line and the step's bar
    DETAIL = 5  # the exercise's numbered steps, the opening's advice


@dataclass(frozen=True)
class Part:
    """One part of a screen: what to draw and how much it matters."""

    renderable: RenderableType
    priority: int
    #: The part that fills the space left over (the digits); at most one per screen.
    fill: bool = False
    #: Its height when known beforehand (the digits, a bar), which spares measuring it.
    rows: int | None = None


def key_hint(width: int) -> str:
    """The longest key hint that fits `width` columns (`? keys` when none does)."""
    return next((hint for hint in KEY_HINTS if len(hint) <= width), KEY_HINTS[-1])


def fit(parts: Sequence[Part], height: int, rows: Callable[[RenderableType], int]) -> list[tuple[Part, int]]:
    """The parts that fit in `height` rows with their heights, in order: the most important first.

    Parts of equal priority go together, so a screen never shows one half of a
    group (two lines of advice out of four, say). A group that does not fit is
    left out, and a less important one that still fits in the rows left is shown.
    What must be seen stays, even when it overflows a terminal below the smallest size.
    """
    sized = [(part, rows(part.renderable) if part.rows is None else part.rows) for part in parts]
    kept: set[int] = set()
    used = 0
    for level in sorted({part.priority for part in parts}):
        group = [i for i, (part, _) in enumerate(sized) if part.priority == level]
        size = sum(sized[i][1] for i in group)
        if level == Priority.MUST or used + size <= height:
            kept.update(group)
            used += size
    return [sized[i] for i in sorted(kept)]


def stack_lines(
    sized: Sequence[tuple[Part, int]], width: int, height: int, lines: Callable[[RenderableType, bool], Lines]
) -> Lines:
    """The fitted parts' rows top to bottom in `height` rows, each part drawn by `lines` (centred across the width
    when its second argument is true): the filling part takes the spare rows, or they centre.

    Each part is drawn on its own, so a part that has not changed since the last frame can be taken from what
    `lines` keeps instead of drawn again.
    """
    blank = [Segment(" " * width)]
    spare = max(0, height - sum(size for _, size in sized))
    has_fill = any(part.fill for part, _ in sized)
    rows: Lines = [] if has_fill else [blank] * (spare // 2)
    for part, size in sized:
        if part.fill:
            drawn = lines(part.renderable, True)
            top = max(0, size + spare - len(drawn)) // 2
            rows += [blank] * top + drawn + [blank] * max(0, size + spare - len(drawn) - top)
        else:
            rows += lines(part.renderable, False)
    if not has_fill:
        rows += [blank] * (spare - spare // 2)
    return rows
