"""A five-row block font for the seconds left, and the end screen's few words, readable from across a room."""

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
# Letters and a few signs for the end screen's headings; wider letters (M, W) are five pixels wide.
_GLYPHS.update(
    {
        "A": ("###", "# #", "###", "# #", "# #"),
        "B": ("## ", "# #", "## ", "# #", "## "),
        "C": ("###", "#  ", "#  ", "#  ", "###"),
        "D": ("## ", "# #", "# #", "# #", "## "),
        "E": ("###", "#  ", "## ", "#  ", "###"),
        "F": ("###", "#  ", "## ", "#  ", "#  "),
        "G": ("###", "#  ", "# #", "# #", "###"),
        "H": ("# #", "# #", "###", "# #", "# #"),
        "I": ("###", " # ", " # ", " # ", "###"),
        "J": ("  #", "  #", "  #", "# #", "###"),
        "K": ("# #", "# #", "## ", "# #", "# #"),
        "L": ("#  ", "#  ", "#  ", "#  ", "###"),
        "M": ("#   #", "## ##", "# # #", "#   #", "#   #"),
        "N": ("#  #", "## #", "# ##", "#  #", "#  #"),
        "O": ("###", "# #", "# #", "# #", "###"),
        "P": ("###", "# #", "###", "#  ", "#  "),
        "Q": ("###", "# #", "# #", "###", "  #"),
        "R": ("## ", "# #", "## ", "# #", "# #"),
        "S": ("###", "#  ", "###", "  #", "###"),
        "T": ("###", " # ", " # ", " # ", " # "),
        "U": ("# #", "# #", "# #", "# #", "###"),
        "V": ("# #", "# #", "# #", "# #", " # "),
        "W": ("#   #", "#   #", "# # #", "## ##", "#   #"),
        "X": ("# #", "# #", " # ", "# #", "# #"),
        "Y": ("# #", "# #", " # ", " # ", " # "),
        "Z": ("###", "  #", " # ", "#  ", "###"),
        " ": ("  ", "  ", "  ", "  ", "  "),
        "?": ("###", "  #", " ##", "   ", " # "),
        "!": ("#", "#", "#", " ", "#"),
        ".": (" ", " ", " ", " ", "#"),
        "-": ("   ", "   ", "###", "   ", "   "),
        "–": ("   ", "   ", "###", "   ", "   "),
    }
)
_PIXEL = "██"
_GAP = "  "


def render(text: str, scale: int = 1) -> list[str]:
    """The rows of `text` (digits, ':', capital letters and a few signs) in the block font, each pixel `scale`
    times larger; lower-case letters are drawn as capitals."""
    glyphs = [_GLYPHS[ch] for ch in text.upper() if ch in _GLYPHS]
    pixel, blank = _PIXEL * scale, " " * len(_PIXEL) * scale
    rows = []
    for row in range(HEIGHT):
        cells = ["".join(pixel if dot == "#" else blank for dot in glyph[row]) for glyph in glyphs]
        rows += [(_GAP * scale).join(cells)] * scale
    return rows


def width(text: str, scale: int = 1) -> int:
    """Columns `render(text, scale)` needs."""
    glyphs = [_GLYPHS[ch] for ch in text.upper() if ch in _GLYPHS]
    pixels = sum(len(glyph[0]) for glyph in glyphs)
    return scale * (pixels * len(_PIXEL) + max(0, len(glyphs) - 1) * len(_GAP))


def drawable(text: str) -> bool:
    """Whether every character of `text` has a glyph in the block font."""
    return all(ch in _GLYPHS for ch in text.upper())


def best_scale(text: str, columns: int, rows: int, largest: int = 4) -> int:
    """The largest scale (at least 1) at which `text` fits in `columns` × `rows`."""
    for scale in range(largest, 1, -1):
        if width(text, scale) <= columns and HEIGHT * scale <= rows:
            return scale
    return 1


def fitting_scale(text: str, columns: int, rows: int, largest: int = 4) -> int:
    """The largest scale at which `text` fits in `columns` × `rows`; 0 when it does not fit even at 1."""
    scale = best_scale(text, columns, rows, largest)
    return scale if width(text, scale) <= columns and HEIGHT * scale <= rows else 0


def seconds_text(seconds: int) -> str:
    """What the big view shows: plain seconds under a minute, m:ss from a minute up."""
    seconds = max(0, seconds)
    return str(seconds) if seconds < 60 else f"{seconds // 60}:{seconds % 60:02d}"
