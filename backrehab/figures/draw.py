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
    MAT = "mat"  # the floor seen from above: a mat under the body (left out of the braille)
    FACE = "face"  # the face side of the head, pale (a hole in the braille)
    EYE = "eye"  # a dot on the face (too small for the braille)
    PAPER = "paper"  # the background colour: the edge round an arrow (a hole in the braille)


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
    #: The paths of the movement's arrows (already among the shapes as strokes); each ends where its head goes.
    arrows: tuple[tuple[Point, ...], ...] = ()


#: Segments of each side: (name, from point, to point, the joints whose change moves it).
_LIMBS = (
    ("thigh", "hip", "knee", ("hip", "roll")),
    ("shin", "knee", "ankle", ("hip", "knee", "roll")),
    ("foot", "ankle", "toe", ("hip", "knee", "ankle", "roll")),
    ("upper arm", "shoulder", "elbow", ("shoulder",)),
    ("forearm", "elbow", "hand", ("shoulder", "elbow")),
)
_JOINT_INDEX = {"hip": 0, "knee": 1, "ankle": 2, "shoulder": 3, "elbow": 4}
#: Movements at least this many head heights long get a curved arrow along their path; smaller ones
#: (the leaflet's "slightly", "just off the floor") are drawn at their true size with a short straight
#: arrow beside the part, and those under `NUDGE_MIN` get none.
ARROW_MIN = 0.9
NUDGE_MIN = 0.1
#: A knee moving at least this share of the furthest part's way carries the arrow instead.
KNEE_LEADS = 0.6
#: A part this close to the floor (head heights) rests on it, for choosing where a short arrow goes.
FLOOR_NEAR = 0.1
#: Where each view's eye is: (azimuth, elevation) in degrees. Azimuth turns the eye about the upright from
#: the viewer's side of a side view (0) round to beyond the feet (90); elevation lifts it above the floor.
#: From the feet the eye is well up, so the trunk, shoulders and head show beyond the knees (at the floor's
#: height they hid behind the legs, and the person could not be made out).
EYE_PLACES = {View.SIDE: (0.0, 0.0), View.ABOVE: (0.0, 75.0), View.FEET: (90.0, 38.0)}


def moving_joints(start: Angles, held: Angles) -> set[str]:
    """`left.hip`, `spine`, `roll`…: the angles that differ between the poses."""
    changed = {name for name in ("spine", "neck", "roll") if abs(getattr(start, name) - getattr(held, name)) > 1}
    if start.stomach_in != held.stomach_in:
        changed.add("stomach")
    for side in ("left", "right"):
        a, b = getattr(start, side), getattr(held, side)
        changed |= {f"{side}.{joint}" for joint, i in _JOINT_INDEX.items() if abs(a[i] - b[i]) > 1}
    return changed


def _dot(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


class _Camera:
    """Projects a body's 3-D points onto the picture (looking straight, no perspective), and tells how near each
    point is to the viewer."""

    def __init__(self, view: View, body: Body) -> None:
        # The way along the floor from the head to the feet, for an eye placed beyond them.
        feet = 1.0 if body["neck"][0] < body["spine.0"][0] else -1.0
        azimuth, elevation = (math.radians(a) for a in EYE_PLACES[view])
        ca, sa, ce, se = math.cos(azimuth), math.sin(azimuth), math.cos(elevation), math.sin(elevation)
        #: Towards the eye; the picture's right; the picture's up.
        self.towards = (sa * ce * feet, se, ca * ce)
        self.right = (ca, 0.0, -sa * feet)
        t, r = self.towards, self.right
        self.up = (t[1] * r[2] - t[2] * r[1], t[2] * r[0] - t[0] * r[2], t[0] * r[1] - t[1] * r[0])

    def __call__(self, p: tuple[float, float, float]) -> Point:
        return (_dot(p, self.right), _dot(p, self.up))

    def depth(self, p: tuple[float, float, float]) -> float:
        return _dot(p, self.towards)


def _body_shapes(body: Body, camera: _Camera, moving: set[str], *, ghost: bool) -> list[Shape]:
    """The body's strokes, ordered far to near."""
    layered: list[tuple[float, Shape]] = []

    def role(parts: Iterable[str], near: bool) -> Role:
        if ghost:
            return Role.GHOST
        if any(part in moving for part in parts):
            return Role.MOVING
        return Role.BODY if near else Role.FAR

    # The back moving is the trunk's work, unless the stomach drawn in moves it: then the belly alone is in the
    # moving colour (`_belly_patch`), for a whole trunk in it, lifted, read as arching the back like a cat.
    trunk_moves = () if "stomach" in moving else ("spine",)
    spine = tuple(camera(body[f"spine.{i}"]) for i in range(SPINE_POINTS))
    centre_depth = camera.depth(body[f"spine.{SPINE_POINTS // 2}"])
    layered.append((centre_depth, Stroke(spine, TRUNK_W, role(trunk_moves, True))))
    for pair in (("left.hip", "right.hip"), ("left.shoulder", "right.shoulder")):
        one, two = body[pair[0]], body[pair[1]]
        depth = (camera.depth(one) + camera.depth(two)) / 2
        layered.append((depth, Stroke((camera(one), camera(two)), TRUNK_W, role(trunk_moves, True))))
    neck_from = body[f"spine.{SPINE_POINTS - 1}"]
    neck = Stroke((camera(neck_from), camera(body["neck"])), LIMB_W, role(("neck",), True))
    layered.append((camera.depth(body["neck"]), neck))
    head_role = role(("neck",), True)
    head_depth = camera.depth(body["head"]) + 0.01
    facing = (camera.depth(body["face"]) - camera.depth(body["head"])) / HEAD_R
    for n, shape in enumerate(
        _head(camera(body["head"]), camera(body["neck"]), camera(body["face"]), head_role, facing, ghost=ghost)
    ):
        layered.append((head_depth + n * 0.001, shape))
    near_side = max(("left", "right"), key=lambda s: camera.depth(body[f"{s}.hip"]))
    for side in ("left", "right"):
        for _name, a, b, joints in _LIMBS:
            p, q = body[f"{side}.{a}"], body[f"{side}.{b}"]
            parts = [f"{side}.{j}" if j in _JOINT_INDEX else j for j in joints]
            width = LIMB_W * (1.2 if a == "hip" else 1.0)
            depth = (camera.depth(p) + camera.depth(q)) / 2
            layered.append((depth, Stroke((camera(p), camera(q)), width, role(parts, side == near_side))))
    layered.sort(key=lambda item: item[0])
    # The face says which way the person lies: a limb crossing the head in the picture (an arm stretched
    # past it on the floor) is drawn behind it, so the face stays in sight.
    head = [shape for _, shape in layered if isinstance(shape, Disc)]
    return [shape for _, shape in layered if not isinstance(shape, Disc)] + head


#: A face turned at least this far towards the viewer (the sine of the angle) is drawn from the front, two
#: eyes across it; less, it is in profile, one eye and the nose. The face-down head's small turn stays under it.
FACING = 0.5


def _head(centre: Point, neck: Point, face: Point, role: Role, facing: float, *, ghost: bool) -> list[Shape]:
    """The head, and which way it faces: a pale face on the side it looks to, eyes, a nose in profile.

    Face up, the face and nose point up; face down, they point to the floor and the dark back of the
    head is above them; `facing` is how far the face turns to the viewer (1: straight at them). The
    faint starting pose keeps only the nose.
    """
    fx, fy = face[0] - centre[0], face[1] - centre[1]
    seen = math.hypot(fx, fy) / HEAD_R if facing < FACING else 0.0  # 1: in profile; 0: from the front
    cx, cy = centre[0] - neck[0], centre[1] - neck[1]
    length = math.hypot(cx, cy) or 1.0
    crown = (cx / length, cy / length)  # from the chin towards the top of the head
    shapes: list[Shape] = [Disc(centre, HEAD_R, role)]
    if seen > 0.6:  # the nose, a little below the middle of the face (towards the chin)
        nose = (centre[0] + fx * 0.98 - crown[0] * HEAD_R * 0.22, centre[1] + fy * 0.98 - crown[1] * HEAD_R * 0.22)
        shapes.append(Disc(nose, HEAD_R * 0.24, role))
    if ghost:
        return shapes
    patch = 0.3 + 0.1 * seen
    middle = (centre[0] + fx * patch, centre[1] + fy * patch)
    shapes.append(Disc(middle, HEAD_R * 0.62, Role.FACE))
    if seen > 0.6:  # one eye, near the front of the profile, towards the top of the head
        eye = (centre[0] + fx * 0.55 + crown[0] * HEAD_R * 0.3, centre[1] + fy * 0.55 + crown[1] * HEAD_R * 0.3)
        shapes.append(Disc(eye, HEAD_R * 0.13, Role.EYE))
    else:  # the face turned towards the viewer: two eyes side by side across it
        across = (-crown[1], crown[0])
        up = (middle[0] + crown[0] * HEAD_R * 0.18, middle[1] + crown[1] * HEAD_R * 0.18)
        shapes += [
            Disc((up[0] + across[0] * HEAD_R * k, up[1] + across[1] * HEAD_R * k), HEAD_R * 0.12, Role.EYE)
            for k in (-0.24, 0.24)
        ]
    return shapes


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


def _arrows(
    start: Body, held: Body, camera: _Camera, start_angles: Angles, held_angles: Angles
) -> list[tuple[Point, ...]]:
    """The movement's arrows: along the path of the part that moves furthest, or a short one beside a part that
    moves only a little (drawn at its true size), or beside the back; and one into the stomach drawn in."""
    arrows = []
    ends = ("knee", "ankle", "toe", "hand", "elbow")
    names = [f"{side}.{end}" for side in ("left", "right") for end in ends]
    best = max(names, key=lambda n: math.dist(camera(start[n]), camera(held[n])))
    # A knee that moves nearly as far carries the arrow: the leaflet's "bring the knee up to the chest"; an arrow
    # from the foot read as swinging the foot up.
    knee = max(("left.knee", "right.knee"), key=lambda n: math.dist(camera(start[n]), camera(held[n])))
    moved = math.dist(camera(start[knee]), camera(held[knee]))
    if moved >= ARROW_MIN and moved >= KNEE_LEADS * math.dist(camera(start[best]), camera(held[best])):
        best = knee
    p0, p1 = camera(start[best]), camera(held[best])
    length = math.dist(p0, p1)
    middle = f"spine.{SPINE_POINTS // 2}"
    if length >= ARROW_MIN:
        if abs(start_angles.roll - held_angles.roll) > 1:
            # Knees rolling over: a straight arrow out from the knee that leads, the way they go, clear of the
            # legs (a curve along their path lies over the other knee and a shin).
            lead = max(("left.knee", "right.knee"), key=lambda n: _along(camera(held[n]), p0, p1))
            arrows.append(_beside(camera(start[lead]), camera(held[lead]), LIMB_W / 2 + 0.25))
        else:
            arrows.append(_curved_arrow(p0, p1, camera(held[middle])))
    elif length >= NUDGE_MIN:
        # The part the leaflet names is the one lifted off the floor ("just off the floor"), else the one
        # rising or falling most.
        lifted = [n for n in names if start[n][1] < LIMB_W / 2 + FLOOR_NEAR < held[n][1] - NUDGE_MIN]
        best = max(lifted or names, key=lambda n: abs(camera(held[n])[1] - camera(start[n])[1]))
        # Beside the limb that carries that part, well short of it: clear of a limb going on from it (a shin
        # held upright), so the arrow says the limb rises, not what it carries.
        parent = _PARENT[best.split(".")[1]]
        before, after = (
            _towards(camera(b[best]), camera(b[f"{best.split('.')[0]}.{parent}"]), 1.2) for b in (start, held)
        )
        arrows.append(_beside(before, after, LIMB_W / 2 + 0.25))
    elif not held_angles.stomach_in or start_angles.stomach_in:
        # The back moving, where nothing else does. Not beside a stomach drawn in: its own arrow is the movement
        # (the back rises because the stomach draws in), and a second one over the back read as arching it.
        lower_back = f"spine.{round(LOWER_BACK * (SPINE_POINTS - 1))}"
        arrow = _trunk_arrow(camera(start[lower_back]), camera(held[lower_back]))
        if arrow:
            arrows.append(arrow)
    if held_angles.stomach_in and not start_angles.stomach_in:
        arrows.append(_stomach_arrow(held, camera))
    return arrows


#: The joint each arrow-carrying part hangs from.
_PARENT = {"knee": "hip", "ankle": "knee", "toe": "ankle", "hand": "elbow", "elbow": "shoulder"}


def _along(p: Point, a: Point, b: Point) -> float:
    """How far `p` lies along the way from `a` to `b`."""
    return (p[0] - a[0]) * (b[0] - a[0]) + (p[1] - a[1]) * (b[1] - a[1])


def _towards(p: Point, q: Point, distance: float) -> Point:
    """`distance` from `p` along the way to `q` (no further than two thirds of the way)."""
    length = math.dist(p, q) or 1.0
    k = min(distance / length, 2 / 3)
    return (p[0] + (q[0] - p[0]) * k, p[1] + (q[1] - p[1]) * k)


def _curved_arrow(p0: Point, p1: Point, centre: Point) -> tuple[Point, ...]:
    """A gentle curve from `p0` to `p1`, bowed away from the body's centre."""
    length = math.dist(p0, p1)
    mid = ((p0[0] + p1[0]) / 2, (p0[1] + p1[1]) / 2)
    normal = (-(p1[1] - p0[1]) / length, (p1[0] - p0[0]) / length)
    if (mid[0] - centre[0]) * normal[0] + (mid[1] - centre[1]) * normal[1] < 0:
        normal = (-normal[0], -normal[1])
    lift = 0.3 * length  # a gentle bow, the same shape at every size: a short one is no hook
    points = []
    for i in range(13):
        t = 0.1 + 0.8 * i / 12
        bulge = 4 * t * (1 - t)
        x = p0[0] + (p1[0] - p0[0]) * t + normal[0] * (lift * bulge)
        y = p0[1] + (p1[1] - p0[1]) * t + normal[1] * (lift * bulge)
        points.append((x, y))
    return tuple(points)


#: The length of a short straight arrow, in head heights.
SHORT_ARROW = 0.85


def _beside(before: Point, after: Point, gap: float) -> tuple[Point, ...]:
    """A short straight arrow starting `gap` beyond where a part is held, pointing the way it moved."""
    dx, dy = after[0] - before[0], after[1] - before[1]
    moved = math.hypot(dx, dy) or 1.0
    ux, uy = dx / moved, dy / moved
    tail = (after[0] + ux * gap, after[1] + uy * gap)
    return tuple((tail[0] + ux * SHORT_ARROW * i / 4, tail[1] + uy * SHORT_ARROW * i / 4) for i in range(5))


def _trunk_arrow(before: Point, after: Point) -> tuple[Point, ...] | None:
    """A short straight arrow the way the lower back moves: lifting, from beside it and pointing away; pressing
    down (flat into the floor), inside the trunk from its top edge to the floor, so that it does not read as
    pushing the belly in from outside."""
    dx, dy = after[0] - before[0], after[1] - before[1]
    moved = math.hypot(dx, dy)
    if moved < 0.15:
        return None
    ux, uy = dx / moved, dy / moved
    if uy >= 0:
        gap, size = TRUNK_W / 2 + 0.3, 0.9
        tail = (after[0] + ux * gap, after[1] + uy * gap)
    else:
        size = TRUNK_W * 0.62
        tail = (after[0] - ux * TRUNK_W * 0.36, after[1] - uy * TRUNK_W * 0.36)
    return tuple((tail[0] + ux * size * i / 4, tail[1] + uy * size * i / 4) for i in range(5))


#: Where the lower back is, as a fraction of the way from the hips to the shoulders: what flattens or lifts.
LOWER_BACK = 1 / 4
#: The belly button's place on the trunk, as a fraction of the way from the hips to the shoulders.
BELLY = 1 / 3


def _belly(body: Body, camera: _Camera) -> tuple[Point, Point]:
    """The middle of the belly's surface and the unit way out of it, in the picture."""
    centre = body[f"spine.{round(BELLY * (SPINE_POINTS - 1))}"]
    front = body.front
    surface = (
        centre[0] + front[0] * TRUNK_W / 2,
        centre[1] + front[1] * TRUNK_W / 2,
        centre[2] + front[2] * TRUNK_W / 2,
    )
    c, f = camera(centre), camera(surface)
    length = math.dist(c, f) or 1.0
    return f, ((f[0] - c[0]) / length, (f[1] - c[1]) / length)


def _stomach_arrow(body: Body, camera: _Camera) -> tuple[Point, ...]:
    """A short arrow pointing in at the belly: the stomach drawn in. From outside it; lying face down, where
    outside is the floor, from the belly into the trunk, towards the spine."""
    (x, y), (ux, uy) = _belly(body, camera)
    tail, tip = (0.35 + SHORT_ARROW, 0.35) if uy > -0.5 else (-0.22, -TRUNK_W * 0.62)
    return tuple((x + ux * (tail - (tail - tip) * i / 4), y + uy * (tail - (tail - tip) * i / 4)) for i in range(5))


def arrow_head(path: tuple[Point, ...], size: float = 0.42) -> tuple[Point, Point, Point]:
    """The tip and the two back corners of the head at the end of an arrow's `path`."""
    (x0, y0), (x1, y1) = path[-2], path[-1]
    angle = math.atan2(y1 - y0, x1 - x0)
    tip = (x1 + math.cos(angle) * size * 0.6, y1 + math.sin(angle) * size * 0.6)
    one, two = ((tip[0] - math.cos(angle + s) * size, tip[1] - math.sin(angle + s) * size) for s in (0.45, -0.45))
    return tip, one, two


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


def _floor(bounds: tuple[float, float, float, float], view: View) -> Stroke:
    """The floor line under a side view; seen from above or from the feet, a mat under the body."""
    left, bottom, right, top = bounds
    if view is View.ABOVE:
        middle = (bottom + top) / 2
        return Stroke(((left + 0.2, middle), (right - 0.2, middle)), top - bottom + 0.5, Role.MAT)
    if view is View.FEET:  # the body runs up the picture, away from the eye
        middle = (left + right) / 2
        return Stroke(((middle, bottom + 0.2), (middle, top - 0.2)), right - left + 0.5, Role.MAT)
    return Stroke(((left - 0.3, -0.08), (right + 0.3, -0.08)), 0.16, Role.FLOOR)


#: The background's edge round an arrow, in head heights.
HALO = 0.08


def _arrow_shapes(arrows: list[tuple[Point, ...]]) -> list[Shape]:
    """The arrows' shafts, and their heads as strokes (which the SVG draws filled)."""
    shapes: list[Shape] = []
    for path in arrows:  # each on a thin edge of the background, so it stays plain across a limb of its colour
        tip, one, two = arrow_head(path)
        shapes += [Stroke(path, 0.14 + 2 * HALO, Role.PAPER), Stroke((one, tip, two, one), 0.12 + 2 * HALO, Role.PAPER)]
    for path in arrows:
        tip, one, two = arrow_head(path)
        shapes += [Stroke(path, 0.14, Role.ARROW), Stroke((one, tip, two), 0.12, Role.ARROW)]
    return shapes


def _belly_patch(body: Body, camera: _Camera) -> Shape:
    """The belly in the moving colour: the part at work when the stomach is drawn in. Only the belly, not the
    whole trunk: a trunk all in that colour, with an arrow up, read as lifting the body off the floor."""
    (x, y), (ux, uy) = _belly(body, camera)
    inside = TRUNK_W * 0.28  # on the belly's side of the trunk: on the middle it was read as a spot on the back
    return Disc((x - ux * inside, y - uy * inside), TRUNK_W * 0.32, Role.MOVING)


def _marks(held_angles: Angles, start_angles: Angles, body: Body, camera: _Camera) -> list[Shape]:
    if held_angles.stomach_in and not start_angles.stomach_in:
        # No hollow cut under the belly: a bite in the background colour below the trunk was read as a ball.
        return [_belly_patch(body, camera)]
    return []


def held_scene(figure: Figure) -> Scene:
    """The held pose with the starting pose faint behind it, props, floor and the movement's arrows."""
    start, held, start_body, held_body, _ = _placed(figure)
    camera = _Camera(figure.view, held_body)
    moving = moving_joints(start, held)
    shapes: list[Shape] = []
    if figure.view is View.SIDE:
        shapes += _props(figure, held_body)
    shapes += _body_shapes(start_body, camera, moving, ghost=True)
    shapes += _body_shapes(held_body, camera, moving, ghost=False)
    shapes += _marks(held, start, held_body, camera)
    arrows = _arrows(start_body, held_body, camera, start, held)
    drawn = _arrow_shapes(arrows)
    # A mat (seen from above or the feet) lies under the arrows too; a floor line is where the body rests.
    floor = _floor(_bounds(shapes if figure.view is View.SIDE else [*shapes, *drawn]), figure.view)
    everything = (floor, *shapes, *drawn) if floor.role is Role.MAT else (*shapes, floor, *drawn)
    return Scene(everything, _bounds(everything), tuple(arrows))


def moment_scene(figure: Figure, phase: float) -> Scene:
    """The figure a fraction `phase` of the way from the starting to the held pose, framed to hold both.

    Past the start the movement's arrows are drawn too, so that what moves is plain without colour.
    """
    start, held, start_body, held_body, fixed = _placed(figure)
    camera = _Camera(figure.view, held_body)
    moving = moving_joints(start, held)
    angles = blend(start, held, min(1.0, max(0.0, phase)))
    body = _aligned(place(angles), fixed)
    props = _props(figure, held_body) if figure.view is View.SIDE else []
    both = _body_shapes(start_body, camera, moving, ghost=True) + _body_shapes(held_body, camera, moving, ghost=True)
    arrows = _arrows(start_body, held_body, camera, start, held)
    drawn = _arrow_shapes(arrows)
    floor = _floor(_bounds([*props, *both]), figure.view)
    frame = _bounds([floor, *props, *both, *drawn])
    shapes: list[Shape] = [
        *props,
        *_body_shapes(body, camera, moving, ghost=False),
        *_marks(angles, start, body, camera),
    ]
    shapes = [floor, *shapes] if floor.role is Role.MAT else [*shapes, floor]
    if phase > 0:
        shapes += drawn
    return Scene(tuple(shapes), frame, tuple(arrows) if phase > 0 else ())
