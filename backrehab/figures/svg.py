"""The figure as a small inline SVG pictogram: rounded limbs, the start faint behind the held pose, an arrow."""

from __future__ import annotations

from html import escape

from backrehab.figures.draw import Disc, Role, Scene, Shape, arrow_head, held_scene
from backrehab.figures.pose import Figure

#: Calm colours that print well in grey too: the moving part is the one warm colour.
COLOURS = {
    Role.FLOOR: "#b7c1ca",
    Role.PROP: "#7f8c99",
    Role.GHOST: "#d6d0c6",  # a warm grey: in the far limbs' blue, the start was taken for a limb, and back
    Role.FAR: "#7d95ab",
    Role.BODY: "#27445e",
    Role.MOVING: "#d9661f",
    Role.ARROW: "#d9661f",
    Role.MAT: "#eaeff3",
    Role.FACE: "#f6dfca",
    Role.EYE: "#27445e",
    Role.PAPER: "#f4f7fa",  # the handout's figure box, so an arrow's edge is a gap round it
}
PAD = 0.35


def _n(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") or "0"


def _shape(shape: Shape) -> str:
    colour = COLOURS[shape.role]
    if isinstance(shape, Disc):
        (x, y), r = shape.centre, shape.radius
        return f'<circle cx="{_n(x)}" cy="{_n(-y)}" r="{_n(r)}" fill="{colour}"/>'
    points = " ".join(f"{_n(x)},{_n(-y)}" for x, y in shape.points)
    return f'<polyline points="{points}" stroke="{colour}" stroke-width="{_n(shape.width)}"/>'


def _arrow_head(path: tuple[tuple[float, float], ...]) -> str:
    points = " ".join(f"{_n(x)},{_n(-y)}" for x, y in arrow_head(path))
    return f'<polygon points="{points}" fill="{COLOURS[Role.ARROW]}"/>'


#: The narrowest a figure prints: read at a glance from a step away (a sheet on the fridge).
MIN_WIDTH_MM = 45.5
#: A figure wider than it is tall prints at most this high, within this width, unless that is under
#: `MIN_WIDTH_MM`: a lying figure gets its own row in a card, and a low row keeps the card short.
ROW_MM = (50.0, 16.0)


def printed_size(width: float, height: float) -> tuple[float, float]:
    """Millimetres for a drawing `width` by `height` units: never narrower than `MIN_WIDTH_MM`; a wide
    figure as large as its row allows, a tall one (standing, kneeling up) at that width."""
    aspect = width / height
    w = max(MIN_WIDTH_MM, min(ROW_MM[0], ROW_MM[1] * aspect))
    return w, w / aspect


def figure_size(figure: Figure) -> tuple[float, float]:
    """The width and height `figure_svg` prints `figure` at, in millimetres."""
    left, bottom, right, top = held_scene(figure).bounds
    return printed_size(right - left + 2 * PAD, top - bottom + 2 * PAD)


def render(scene: Scene, *, title: str) -> str:
    """An `<svg>` element (no XML prologue, so it can sit inside HTML) sized for print in millimetres."""
    left, bottom, right, top = scene.bounds
    x, y, w, h = left - PAD, -top - PAD, right - left + 2 * PAD, top - bottom + 2 * PAD
    mm_w, mm_h = printed_size(w, h)
    body: list[str] = []
    in_ghost = False
    for shape in scene.shapes:  # the starting pose is one faint group, so its own overlaps do not darken
        ghost = shape.role is Role.GHOST
        if ghost != in_ghost:
            body.append('<g opacity="0.6">' if ghost else "</g>")
            in_ghost = ghost
        body.append(_shape(shape))
    if in_ghost:
        body.append("</g>")
    head = "".join(_arrow_head(path) for path in scene.arrows)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{_n(x)} {_n(y)} {_n(w)} {_n(h)}" '
        f'width="{_n(mm_w)}mm" height="{_n(mm_h)}mm" role="img">'
        f"<title>{escape(title)}</title>"
        '<g fill="none" stroke-linecap="round" stroke-linejoin="round">' + "".join(body) + head + "</g></svg>"
    )


def figure_svg(figure: Figure, *, title: str) -> str:
    """The held pose over a faint starting pose, with the moving part and its arrow in the warm colour."""
    return render(held_scene(figure), title=title)
