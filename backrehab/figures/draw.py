"""From poses to a flat drawing: strokes and circles in the picture's plane, shared by the SVG and the terminal.

The figure is projected for its view, limbs are ordered far to near, the parts
that move between the two poses are marked, the props are put where the held
pose leans on them, and an arrow shows the longest movement. The renderers
only choose colours and a canvas.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable
from dataclasses import dataclass

from backrehab.figures.body import HEAD_R, LIMB_W, SPINE_POINTS, TRUNK_W, Angles, Body, anchor, blend, place, resolve
from backrehab.figures.pose import Figure, Prop, View

Point = tuple[float, float]


class Role(enum.Enum):
    """What a shape is, which decides its colour."""

    FLOOR = "floor"
    PROP = "prop"
    GHOST = "ghost"  # the starting pose, faint behind the held one
    FAR = "far"  # the limbs of the side away from the viewer
    BODY = "body"
    MOVING = "moving"  # what moves between the two poses
    ARROW = "arrow"


@dataclass(frozen=True)
class Stroke:
    """A line through `points` with round ends and joins, `width` wide."""

    points: tuple[Point, ...]
    width: float
    role: Role


@dataclass(frozen=True)
class Disc:
    centre: Point
    radius: float
    role: Role


Shape = Stroke | Disc


@dataclass(frozen=True)
class Scene:
    shapes: tuple[Shape, ...]
    #: (left, bottom, right, top) of everything drawn, in head heights.
    bounds: tuple[float, float, float, float]
    #: The movement arrow's path (already among the shapes), if the movement is big enough to need one.
    arrow: tuple[Point, ...] | None = None


#: Segments of each side: (name, from point, to point, the joints whose change moves it).
_LIMBS = (
    ("thigh", "hip", "knee", ("hip", "roll")),
    ("shin", "knee", "ankle", ("hip", "knee", "roll")),
    ("foot", "ankle", "toe", ("hip", "knee", "ankle", "roll")),
    ("upper arm", "shoulder", "elbow", ("shoulder",)),
    ("forearm", "elbow", "hand", ("shoulder", "elbow")),
)
_JOINT_INDEX = {"hip": 0, "knee": 1, "ankle": 2, "shoulder": 3, "elbow": 4}
#: Movements smaller than this many head heights get no arrow.
ARROW_MIN = 0.9


def moving_joints(start: Angles, held: Angles) -> set[str]:
    """`left.hip`, `spine`, `roll`…: the angles that differ between the poses."""
    changed = {name for name in ("spine", "neck", "roll") if abs(getattr(start, name) - getattr(held, name)) > 1}
    for side in ("left", "right"):
        a, b = getattr(start, side), getattr(held, side)
        changed |= {f"{side}.{joint}" for joint, i in _JOINT_INDEX.items() if abs(a[i] - b[i]) > 1}
    return changed


class _Camera:
    """Projects a body's 3-D points onto the picture, and tells how near each point is to the viewer."""

    def __init__(self, view: View, body: Body) -> None:
        self.view = view
        # Seen from the feet: looking along the body from its feet towards its head.
        ahead = body["neck"][0] - body["spine.0"][0]
        self.sign = -1.0 if ahead < 0 else 1.0

    def __call__(self, p: tuple[float, float, float]) -> Point:
        if self.view is View.FEET:
            return (p[2] * -self.sign, p[1])
        return (p[0], p[1])

    def depth(self, p: tuple[float, float, float]) -> float:
        return -p[0] * self.sign if self.view is View.FEET else p[2]


def _body_shapes(body: Body, camera: _Camera, moving: set[str], *, ghost: bool) -> list[Shape]:
    """The body's strokes, ordered far to near."""
    layered: list[tuple[float, Shape]] = []

    def role(parts: Iterable[str], near: bool) -> Role:
        if ghost:
            return Role.GHOST
        if any(part in moving for part in parts):
            return Role.MOVING
        return Role.BODY if near else Role.FAR

    trunk_moves = ("spine",)
    # Seen from the feet the trunk lies behind the legs: drawn in the far colour, it lets them stand out.
    trunk_near = camera.view is View.SIDE
    spine = tuple(camera(body[f"spine.{i}"]) for i in range(SPINE_POINTS))
    centre_depth = camera.depth(body[f"spine.{SPINE_POINTS // 2}"])
    layered.append((centre_depth, Stroke(spine, TRUNK_W, role(trunk_moves, trunk_near))))
    for pair in (("left.hip", "right.hip"), ("left.shoulder", "right.shoulder")):
        one, two = body[pair[0]], body[pair[1]]
        depth = (camera.depth(one) + camera.depth(two)) / 2
        layered.append((depth, Stroke((camera(one), camera(two)), TRUNK_W, role(trunk_moves, trunk_near))))
    neck_from = body[f"spine.{SPINE_POINTS - 1}"]
    neck = Stroke((camera(neck_from), camera(body["neck"])), LIMB_W, role(("neck",), trunk_near))
    layered.append((camera.depth(body["neck"]), neck))
    layered.append((camera.depth(body["head"]) + 0.01, Disc(camera(body["head"]), HEAD_R, role(("neck",), trunk_near))))
    near_side = max(("left", "right"), key=lambda s: camera.depth(body[f"{s}.hip"]))
    for side in ("left", "right"):
        for _name, a, b, joints in _LIMBS:
            p, q = body[f"{side}.{a}"], body[f"{side}.{b}"]
            parts = [f"{side}.{j}" if j in _JOINT_INDEX else j for j in joints]
            width = LIMB_W * (1.2 if a == "hip" else 1.0)
            depth = (camera.depth(p) + camera.depth(q)) / 2
            layered.append((depth, Stroke((camera(p), camera(q)), width, role(parts, side == near_side))))
    layered.sort(key=lambda item: item[0])
    return [shape for _, shape in layered]


def _props(figure: Figure, body: Body) -> list[Shape]:
    """The props, placed under the raised foot (chair) or the forward hand (worktop) of the held pose."""
    shapes: list[Shape] = []
    thin = 0.16
    for prop in figure.props:
        if prop is Prop.CHAIR:
            side = max(("left", "right"), key=lambda s: body[f"{s}.ankle"][1])
            x, y = body[f"{side}.ankle"][0], min(body[f"{side}.ankle"][1], body[f"{side}.toe"][1]) - LIMB_W / 2
            seat = y - thin / 2
            front, back = x - 0.9, x + 0.9
            shapes += [
                Stroke(((front, seat), (back, seat)), thin * 1.6, Role.PROP),
                Stroke(((front + 0.1, seat), (front + 0.1, 0.0)), thin, Role.PROP),
                Stroke(((back - 0.05, 0.0), (back - 0.05, seat + 1.9)), thin, Role.PROP),
            ]
        elif prop is Prop.WORKTOP:
            side = max(("left", "right"), key=lambda s: body[f"{s}.hand"][0])
            x, y, _ = body[f"{side}.hand"]
            top = y - LIMB_W / 2 - thin
            near, far = x - 0.5, x + 2.4
            shapes += [
                Stroke(((near, top), (far, top)), thin * 1.6, Role.PROP),
                Stroke(((near + 0.25, top), (near + 0.25, 0.0)), thin, Role.PROP),
            ]
    return shapes


def _arrow(start: Body, held: Body, camera: _Camera) -> tuple[Point, ...] | None:
    """A gentle curve beside the point that moves furthest, from where it starts to where it is held."""
    ends = ("knee", "ankle", "hand", "elbow")
    names = [f"{side}.{end}" for side in ("left", "right") for end in ends] + ["head", f"spine.{SPINE_POINTS // 2}"]
    best = max(names, key=lambda n: math.dist(camera(start[n]), camera(held[n])))
    p0, p1 = camera(start[best]), camera(held[best])
    length = math.dist(p0, p1)
    middle = f"spine.{SPINE_POINTS // 2}"
    centre = camera(held[middle])
    if length < ARROW_MIN:
        return _trunk_arrow(camera(start[middle]), centre)
    mid = ((p0[0] + p1[0]) / 2, (p0[1] + p1[1]) / 2)
    normal = (-(p1[1] - p0[1]) / length, (p1[0] - p0[0]) / length)
    if (mid[0] - centre[0]) * normal[0] + (mid[1] - centre[1]) * normal[1] < 0:
        normal = (-normal[0], -normal[1])
    lift = 0.55 + 0.25 * length
    points = []
    for i in range(13):
        t = 0.1 + 0.8 * i / 12
        bulge = 4 * t * (1 - t)
        x = p0[0] + (p1[0] - p0[0]) * t + normal[0] * (lift * bulge)
        y = p0[1] + (p1[1] - p0[1]) * t + normal[1] * (lift * bulge)
        points.append((x, y))
    return tuple(points)


def _trunk_arrow(before: Point, after: Point) -> tuple[Point, ...] | None:
    """A short straight arrow beside the middle of the back, the way it moves (the back lifting, flattening)."""
    dx, dy = after[0] - before[0], after[1] - before[1]
    moved = math.hypot(dx, dy)
    if moved < 0.15:
        return None
    ux, uy = dx / moved, dy / moved
    gap, size = TRUNK_W / 2 + 0.3, 0.9
    if uy >= 0:  # lifting: the arrow starts beside the back and points away
        tail = (after[0] + ux * gap, after[1] + uy * gap)
    else:  # pressing down: the arrow comes from the other side and points at the back
        tail = (after[0] - ux * (gap + size), after[1] - uy * (gap + size))
    return tuple((tail[0] + ux * size * i / 4, tail[1] + uy * size * i / 4) for i in range(5))


def _bounds(shapes: Iterable[Shape]) -> tuple[float, float, float, float]:
    xs: list[float] = []
    ys: list[float] = []
    for shape in shapes:
        if isinstance(shape, Disc):
            (x, y), r = shape.centre, shape.radius
            xs += [x - r, x + r]
            ys += [y - r, y + r]
        else:
            r = shape.width / 2
            xs += [x - r for x, _ in shape.points] + [x + r for x, _ in shape.points]
            ys += [y - r for _, y in shape.points] + [y + r for _, y in shape.points]
    return min(xs), min(ys), max(xs), max(ys)


def _placed(figure: Figure) -> tuple[Angles, Angles, Body, Body, str]:
    start, held = resolve(figure.start), resolve(figure.held)
    start_body, held_body = place(start), place(held)
    fixed = anchor(held_body, held.ground)
    return start, held, _aligned(start_body, fixed), _aligned(held_body, fixed), fixed


def _aligned(body: Body, fixed: str) -> Body:
    return body.shifted(-body[fixed][0], 0.0)


def _floor(bounds: tuple[float, float, float, float]) -> Stroke:
    return Stroke(((bounds[0] - 0.3, -0.08), (bounds[2] + 0.3, -0.08)), 0.16, Role.FLOOR)


def held_scene(figure: Figure) -> Scene:
    """The held pose with the starting pose faint behind it, props, floor and the movement's arrow."""
    start, held, start_body, held_body, _ = _placed(figure)
    camera = _Camera(figure.view, held_body)
    moving = moving_joints(start, held)
    shapes: list[Shape] = []
    if figure.view is View.SIDE:
        shapes += _props(figure, held_body)
    shapes += _body_shapes(start_body, camera, moving, ghost=True)
    shapes += _body_shapes(held_body, camera, moving, ghost=False)
    arrow = _arrow(start_body, held_body, camera)
    if arrow:
        shapes.append(Stroke(arrow, 0.14, Role.ARROW))
    bounds = _bounds(shapes)
    floor = _floor(bounds)
    return Scene((floor, *shapes), _bounds((floor, *shapes)), arrow)


def moment_scene(figure: Figure, phase: float) -> Scene:
    """The figure a fraction `phase` of the way from the starting to the held pose, framed to hold both."""
    start, held, start_body, held_body, fixed = _placed(figure)
    camera = _Camera(figure.view, held_body)
    moving = moving_joints(start, held)
    body = _aligned(place(blend(start, held, min(1.0, max(0.0, phase)))), fixed)
    props = _props(figure, held_body) if figure.view is View.SIDE else []
    both = _body_shapes(start_body, camera, moving, ghost=True) + _body_shapes(held_body, camera, moving, ghost=True)
    frame = _bounds([*props, *both])
    floor = _floor(frame)
    shapes = (floor, *props, *_body_shapes(body, camera, moving, ghost=False))
    return Scene(shapes, _bounds([floor, *props, *both]))
