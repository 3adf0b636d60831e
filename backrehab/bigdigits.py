"""A five-row block font for the seconds left, readable from across a room."""

from __future__ import annotations

HEIGHT = 5

# Each glyph is five rows of three "pixels"; a pixel is drawn two cells wide so
# the digits are roughly as wide as they are tall on a terminal.
_GLYPHS = {
    "0": ("###", "# #", "# #", "# #", "###"),
    "1": (" # ", "## ", " # ", " # ", "###"),
    "2": ("###", "  #", "###", "#  ", "###"),
    "3": ("###", "  #", " ##", "  #", "###"),
    "4": ("# #", "# #", "###", "  #", "  #"),
    "5": ("###", "#  ", "###", "  #", "###"),
    "6": ("###", "#  ", "###", "# #", "###"),
    "7": ("###", "  #", "  #", "  #", "  #"),
    "8": ("###", "# #", "###", "# #", "###"),
    "9": ("###", "# #", "###", "  #", "###"),
    ":": ("   ", " # ", "   ", " # ", "   "),
}
_PIXEL = "██"
_GAP = "  "


def render(text: str) -> list[str]:
    """The rows of `text` (digits and ':') in the block font; other characters are left out."""
    glyphs = [_GLYPHS[ch] for ch in text if ch in _GLYPHS]
    rows = []
    for row in range(HEIGHT):
        cells = [glyph[row].replace("#", _PIXEL).replace(" ", "  ") for glyph in glyphs]
        rows.append(_GAP.join(cells))
    return rows


def width(text: str) -> int:
    """Columns `render(text)` needs."""
    count = sum(ch in _GLYPHS for ch in text)
    return count * 3 * len(_PIXEL) + max(0, count - 1) * len(_GAP)


def seconds_text(seconds: int) -> str:
    """What the big view shows: plain seconds under a minute, m:ss from a minute up."""
    seconds = max(0, seconds)
    return str(seconds) if seconds < 60 else f"{seconds // 60}:{seconds % 60:02d}"
