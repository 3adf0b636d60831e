"""The figure in the terminal: the same strokes rasterised to braille dots, two by four in each cell.

Braille gives eight dots a cell, about square, so a figure reads at 20 to 30
columns. Each cell takes the colour of the most important part inside it
(the moving part first). Rows come back as plain (character, role) pairs so
that tests need no terminal and `rich` is imported only to colour them.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Iterator

from rich.console import Console, ConsoleOptions
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text

from backrehab.figures.draw import Disc, Role, Scene, moment_scene
from backrehab.figures.pose import Figure

#: Braille dot bits by (column, row) inside a cell.
_BITS = ((0x01, 0x02, 0x04, 0x40), (0x08, 0x10, 0x20, 0x80))
_RANK = {Role.FLOOR: 1, Role.PROP: 2, Role.GHOST: 3, Role.FAR: 4, Role.BODY: 5, Role.ARROW: 6, Role.MOVING: 7}
#: What the braille leaves out: a mat would fill every cell, an eye is smaller than a dot.
_LEFT_OUT = {Role.MAT, Role.EYE}
#: What the braille draws as a hole through what is under it: the pale face, the stomach drawn in.
_HOLES = {Role.FACE, Role.PAPER}
_ROLE_OF_RANK = {rank: role for role, rank in _RANK.items()}
STYLES = {
    Role.FLOOR: "bright_black",
    Role.PROP: "bright_black",
    Role.GHOST: "bright_black",
    Role.FAR: "cyan",
    Role.BODY: "bold bright_cyan",
    Role.MOVING: "bold yellow",
    Role.ARROW: "yellow",
}
Cell = tuple[str, Role | None]


def rasterise(scene: Scene, width: int, height: int) -> list[list[Cell]]:
    """`height` rows of `width` cells: the scene scaled to fit, centred, floor at the bottom.

    A dot is painted when its centre lies within a stroke's half width of the stroke's centre line. This runs
    a few times at the start of each exercise's get-ready countdown, so the inner loop is kept to arithmetic.
    """
    dots_w, dots_h = width * 2, height * 4
    left, bottom, right, top = scene.bounds
    scale = min(dots_w / max(right - left, 1e-6), dots_h / max(top - bottom, 1e-6))
    off_x = (dots_w - (right - left) * scale) / 2
    off_y = dots_h - (top - bottom) * scale  # the floor on the bottom row, the room to spare above
    #: The rank of the most important role painted on each dot; 0 for none.
    grid = [[0] * dots_w for _ in range(dots_h)]

    def to_dots(x: float, y: float) -> tuple[float, float]:
        return (x - left) * scale + off_x, (top - y) * scale + off_y

    def paint(pieces: list[tuple[tuple[float, float], tuple[float, float]]], radius: float, role: Role) -> None:
        r = max(radius, 0.55)  # at least one dot wide, however small the figure
        hole = role in _HOLES
        rank = 0 if hole else _RANK[role]
        for (ax, ay), (bx, by) in pieces:
            dx, dy = bx - ax, by - ay
            length = dx * dx + dy * dy
            x_from, x_to = max(0, int(min(ax, bx) - r)), min(dots_w, int(max(ax, bx) + r) + 1)
            for j in range(max(0, int(min(ay, by) - r)), min(dots_h, int(max(ay, by) + r) + 1)):
                row, py = grid[j], j + 0.5
                for i in range(x_from, x_to):
                    if row[i] >= rank and not hole:
                        continue  # this part or a more important one is there already
                    px = i + 0.5
                    t = 0.0 if length == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length))
                    if math.hypot(px - (ax + t * dx), py - (ay + t * dy)) <= r:
                        row[i] = rank

    for shape in scene.shapes:
        if shape.role in _LEFT_OUT:
            continue
        if isinstance(shape, Disc):
            c = to_dots(*shape.centre)
            paint([(c, c)], shape.radius * scale, shape.role)
        else:
            points = [to_dots(x, y) for x, y in shape.points]
            pieces = list(itertools.pairwise(points)) or [(points[0], points[0])]
            paint(pieces, shape.width * scale / 2, shape.role)
    rows: list[list[Cell]] = []
    for row in range(height):
        cells: list[Cell] = []
        above, below = grid[row * 4 : row * 4 + 4], range(4)
        for col in range(width):
            bits, best = 0, 0
            for dx in range(2):
                for dy in below:
                    rank = above[dy][col * 2 + dx]
                    if rank:
                        bits |= _BITS[dx][dy]
                        best = max(best, rank)
            cells.append((chr(0x2800 + bits), _ROLE_OF_RANK[best]) if bits else (" ", None))
        rows.append(cells)
    return rows


@functools.lru_cache(maxsize=32)
def figure_rows(figure: Figure, phase: float, width: int, height: int) -> tuple[tuple[Cell, ...], ...]:
    """The figure `phase` of the way from the starting pose (0) to the held pose (1), in braille cells.

    Cached: the get-ready countdown shows the same few moments again and again, once a second.
    """
    return tuple(tuple(row) for row in rasterise(moment_scene(figure, phase), width, height))


def trimmed(rows: tuple[tuple[Cell, ...], ...]) -> list[tuple[Cell, ...]]:
    """The rows without their trailing blank cells: a figure's right edge is where it ends, not its box."""
    kept = []
    for row in rows:
        while row and row[-1][0] == " ":
            row = row[:-1]
        kept.append(row)
    return kept


def to_text(rows: tuple[tuple[Cell, ...], ...]) -> Text:
    """The rows as one rich `Text`, coloured by role, trailing blanks trimmed."""
    text = Text(no_wrap=True, overflow="crop")
    for n, row in enumerate(trimmed(rows)):
        if n:
            text.append("\n")
        for char, role in row:
            text.append(char, STYLES[role] if role else None)
    return text


def figure_lines(figure: Figure, phase: float, width: int, height: int) -> Text:
    """The figure as coloured braille, for the terminal: `show` and the get-ready countdown."""
    return to_text(figure_rows(figure, phase, width, height))


#: The roles that make up the person (not the floor, a prop, the starting pose or an arrow).
_PERSON = {_RANK[Role.FAR], _RANK[Role.BODY], _RANK[Role.MOVING]}


def person_rows(figure: Figure, width: int, height: int) -> int:
    """How many of the held pose's rows, drawn `width` by `height`, show the person: what a reader sees of the
    body itself, however tall its arrow makes the picture."""
    person = {_ROLE_OF_RANK[rank] for rank in _PERSON}
    return sum(1 for row in figure_rows(figure, 1.0, width, height) if any(role in person for _, role in row))


@functools.lru_cache(maxsize=32)
def size_for(figure: Figure, width: int, height: int) -> tuple[int, int]:
    """The cells (columns, rows) the figure needs at most `width` by `height`, without empty margins."""
    left, bottom, right, top = moment_scene(figure, 0.0).bounds
    aspect = (right - left) / max(top - bottom, 1e-6)  # in dots, which are about square
    cols = min(width, math.ceil(height * 4 * aspect / 2))
    rows = min(height, math.ceil(cols * 2 / aspect / 4))
    return max(cols, 1), max(rows, 1)


#: The get-ready figure's moves, one a second: from the starting pose to the held one, a pause, and back.
PHASES = (0.0, 0.0, 0.5, 1.0, 1.0, 0.5)


def phase_at(elapsed: float) -> float:
    """How far towards the held pose the get-ready figure is, `elapsed` seconds into the countdown."""
    return PHASES[int(max(0.0, elapsed)) % len(PHASES)]


def moving_figure(figure: Figure, elapsed: float, width: int, height: int) -> Cells:
    """The get-ready figure `elapsed` seconds in, in at most `width` by `height` cells, no empty margins."""
    columns, rows = size_for(figure, width, height)
    return figure_cells(figure, phase_at(elapsed), columns, rows)


@functools.lru_cache(maxsize=32)
def figure_cells(figure: Figure, phase: float, width: int, height: int) -> Cells:
    """The figure's cells at `phase` as something rich can draw: the same object for the same moment, so that
    a view keeping what it has drawn (see `drawing_key`) draws each of the countdown's few moments once."""
    return Cells(figure_rows(figure, phase, width, height))


class Cells:
    """Rows of cells drawn by rich as `to_text` would give them, with less work: a segment per run of one colour."""

    def __init__(self, rows: tuple[tuple[Cell, ...], ...]) -> None:
        self.rows = trimmed(rows)
        self.width = max((len(row) for row in self.rows), default=0)
        #: What decides the drawing, as strings (whose hashes Python keeps) rather than thousands of cells.
        self.drawing_key = (
            "cells",
            tuple("".join(char for char, _ in row) for row in self.rows),
            tuple("".join(str(_RANK.get(role, 0)) for _, role in row) for row in self.rows),  # type: ignore[arg-type]
        )

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        for row in self.rows:
            for role, run in itertools.groupby(row, key=lambda cell: cell[1]):
                text = "".join(char for char, _ in run)
                yield Segment(text, console.get_style(STYLES[role]) if role else None)
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(self.width, self.width).clamp(max_width=options.max_width)
