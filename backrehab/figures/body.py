"""Where a pose puts the body: its angles resolved, and the 3-D points of a stick figure (forward kinematics).

`place` turns a pose's angles into the points of a stick figure in three
dimensions (x along the floor, y up, z towards the viewer of the side view),
standing on the floor line y = 0. Drawing them is for `figures.draw`, which
both the SVG and the terminal cells use. Kept apart from `figures.pose`, whose
classes the cached catalogue holds: a start that only lists exercises loads
none of this.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass, replace

from backrehab.figures.pose import Contact, Ground, Limbs, Pose, Stomach

Vec = tuple[float, float, float]


# -- proportions, in head heights ----------------------------------------------------

TRUNK = 2.4  # hip joints to shoulder joints
NECK = 0.3
HEAD_R = 0.55
UPPER_ARM = 1.15
FOREARM = 1.05  # to the middle of the hand
THIGH = 1.8
SHIN = 1.75
FOOT = 0.6
HIP_WIDTH = 0.8
SHOULDER_WIDTH = 1.3
#: How far a face-down head is turned to one side, in degrees (90: the cheek flat on the floor). Little:
#: a face turned to the viewer, two eyes out, was read as lying face up; in profile, to the floor, it is not.
FACE_TURN = 25.0
#: Stroke widths (diameters) the drawing uses; the ground contact needs them too.
TRUNK_W = 0.95
LIMB_W = 0.42


@dataclass(frozen=True)
class Angles:
    """Every angle of a pose resolved, for interpolating between two poses."""

    ground: Ground
    spine: float
    neck: float
    lean: float
    roll: float
    left: tuple[float, float, float, float, float]
    right: tuple[float, float, float, float, float]
    #: The stomach drawn in (a mark on the drawing, not a change of shape the eye could see).
    stomach_in: bool = False


_LIMB_ORDER = ("hip", "knee", "ankle", "shoulder", "elbow")
#: Each ground's neutral limbs (hip, knee, ankle, shoulder, elbow); the body angles are all 0 by default.
_LIMB_DEFAULTS: dict[Ground, tuple[float, float, float, float, float]] = {
    Ground.BACK: (0, 0, 0, 0, 0),
    Ground.FRONT: (11, 11, 90, 9, 0),  # thighs, shins, the fronts of the feet and the hands resting on the floor
    Ground.ALL_FOURS: (90, 90, 90, 90, 0),  # thighs and arms upright, shins and feet flat on the floor
    Ground.KNEELING: (0, 90, 75, 0, 0),  # kneeling up, shins on the floor
    Ground.STANDING: (0, 0, 0, 0, 0),
}


def resolve(pose: Pose) -> Angles:
    """The pose's angles with the ground's defaults filled in."""
    limbs = _LIMB_DEFAULTS[pose.ground]

    def side(written: Limbs) -> tuple[float, float, float, float, float]:
        values = [getattr(written, name) for name in _LIMB_ORDER]
        return tuple(d if v is None else float(v) for v, d in zip(values, limbs, strict=True))  # type: ignore[return-value]

    def pick(value: float | None) -> float:
        return 0.0 if value is None else float(value)

    return Angles(
        ground=pose.ground,
        spine=pick(pose.spine),
        neck=pick(pose.neck),
        lean=pick(pose.lean),
        roll=pick(pose.roll),
        left=side(pose.left),
        right=side(pose.right),
        stomach_in=pose.stomach is Stomach.IN,
    )


def blend(a: Angles, b: Angles, t: float) -> Angles:
    """The angles a fraction `t` of the way from `a` to `b` (the ground is `a`'s until the end)."""

    def mix(x: float, y: float) -> float:
        return x + (y - x) * t

    def side(x: tuple[float, ...], y: tuple[float, ...]) -> tuple[float, float, float, float, float]:
        return tuple(mix(p, q) for p, q in zip(x, y, strict=True))  # type: ignore[return-value]

    return Angles(
        ground=b.ground if t >= 1 else a.ground,
        spine=mix(a.spine, b.spine),
        neck=mix(a.neck, b.neck),
        lean=mix(a.lean, b.lean),
        roll=mix(a.roll, b.roll),
        left=side(a.left, b.left),
        right=side(a.right, b.right),
        stomach_in=b.stomach_in if t >= 0.5 else a.stomach_in,
    )


# -- forward kinematics ----------------------------------------------------------------


@dataclass(frozen=True)
class Body:
    """Named 3-D points of a placed figure (`left.knee`, `neck`, `spine.1`…), feet or body on the floor."""

    points: Mapping[str, Vec]
    #: Unit vectors: the way the body faces, and the person's left.
    front: Vec
    left: Vec

    def __getitem__(self, name: str) -> Vec:
        return self.points[name]

    def shifted(self, dx: float, dy: float) -> Body:
        moved = {k: (x + dx, y + dy, z) for k, (x, y, z) in self.points.items()}
        return replace(self, points=moved)


#: The trunk is drawn as a curve through this many points (`spine.0` at the hips to the last at the shoulders).
SPINE_POINTS = 7


def _dir(degrees: float) -> Vec:
    r = math.radians(degrees)
    return (math.cos(r), math.sin(r), 0.0)


def _add(p: Vec, q: Vec, k: float = 1.0) -> Vec:
    return (p[0] + q[0] * k, p[1] + q[1] * k, p[2] + q[2] * k)


def _sub(p: Vec, q: Vec) -> Vec:
    return (p[0] - q[0], p[1] - q[1], p[2] - q[2])


def _dot(p: Vec, q: Vec) -> float:
    return p[0] * q[0] + p[1] * q[1] + p[2] * q[2]


def _cross(p: Vec, q: Vec) -> Vec:
    return (p[1] * q[2] - p[2] * q[1], p[2] * q[0] - p[0] * q[2], p[0] * q[1] - p[1] * q[0])


def _rotate(point: Vec, origin: Vec, axis: Vec, degrees: float) -> Vec:
    """`point` turned about the line through `origin` along unit `axis` (Rodrigues' formula)."""
    v = _sub(point, origin)
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    cross = _cross(axis, v)
    along = _dot(axis, v) * (1 - c)
    turned = tuple(v[i] * c + cross[i] * s + axis[i] * along for i in range(3))
    return _add(origin, turned)  # type: ignore[arg-type]


def _trunk_angle(ground: Ground) -> tuple[float, int]:
    """The trunk's direction (hips to shoulders, degrees from +x) and which way joints bend in the picture.

    The lying figures have their head on the left, the others face right.
    """
    if ground is Ground.BACK:
        return 180.0, 1
    if ground is Ground.FRONT:
        return 180.0, -1
    if ground is Ground.ALL_FOURS:
        return 0.0, 1
    return 90.0, 1


def _skeleton(angles: Angles, trunk: float) -> Body:
    """The points with the hips at the origin, before the figure is set on the floor."""
    _, bend = _trunk_angle(angles.ground)
    up = _dir(trunk)
    front = _dir(trunk - 90 * bend)
    left = _cross(up, front)
    points: dict[str, Vec] = {}
    pelvis: Vec = (0.0, 0.0, 0.0)
    shoulders = _add(pelvis, up, TRUNK)
    # The trunk bows away from the front as the spine rounds (a positive angle); the bow is drawn
    # three times deeper than the angle gives, or a small tilt of the pelvis could not be seen.
    sag = TRUNK * math.tan(math.radians(angles.spine) / 2) * 1.5
    for i in range(SPINE_POINTS):
        t = i / (SPINE_POINTS - 1)
        points[f"spine.{i}"] = _add(_add(pelvis, up, TRUNK * t), front, -4 * sag * t * (1 - t))
    head_dir = trunk - angles.neck * bend
    neck = _add(shoulders, _dir(head_dir), NECK)
    points["neck"] = neck
    points["head"] = head = _add(neck, _dir(head_dir), HEAD_R)
    face = _dir(head_dir - 90 * bend)
    if angles.ground is Ground.FRONT:
        # Face down, the head turned a little to one side (towards the viewer), the face to the floor.
        face = _rotate(face, (0.0, 0.0, 0.0), _dir(head_dir), FACE_TURN)
        if face[2] < 0:
            face = _rotate(face, (0.0, 0.0, 0.0), _dir(head_dir), -2 * FACE_TURN)
    points["face"] = _add(head, face, HEAD_R)
    for name, limbs, sign in (("left", angles.left, 1.0), ("right", angles.right, -1.0)):
        hip_a, knee_a, ankle_a, shoulder_a, elbow_a = limbs
        hip = _add(pelvis, left, sign * HIP_WIDTH / 2)
        thigh = trunk + 180 + hip_a * bend
        knee = _add(hip, _dir(thigh), THIGH)
        shin = thigh - knee_a * bend
        if angles.ground is Ground.ALL_FOURS and knee_a >= KNEELING_KNEE:
            shin = 180.0  # a knee kneeling on the floor: the shin lies flat along it, whatever the trunk's tilt
        ankle = _add(knee, _dir(shin), SHIN)
        toe = _add(ankle, _dir(shin + (90 - ankle_a) * bend), FOOT)
        if angles.roll:
            axis = _sub(ankle, hip)
            length = math.sqrt(_dot(axis, axis)) or 1.0
            axis = (axis[0] / length, axis[1] / length, axis[2] / length)
            turned = _rotate(knee, hip, axis, angles.roll)
            # Whichever way the rotation turns, a positive roll takes the knees to the person's left.
            roll = angles.roll if _dot(_sub(turned, knee), left) * angles.roll >= 0 else -angles.roll
            knee = _rotate(knee, hip, axis, roll)
            toe = _rotate(toe, hip, axis, roll)
        shoulder = _add(shoulders, left, sign * SHOULDER_WIDTH / 2)
        arm = trunk + 180 + shoulder_a * bend
        elbow = _add(shoulder, _dir(arm), UPPER_ARM)
        hand = _add(elbow, _dir(arm + elbow_a * bend), FOREARM)
        points.update(
            {
                f"{name}.hip": hip,
                f"{name}.knee": knee,
                f"{name}.ankle": ankle,
                f"{name}.toe": toe,
                f"{name}.shoulder": shoulder,
                f"{name}.elbow": elbow,
                f"{name}.hand": hand,
            }
        )
    return Body(points, front, left)


#: On all fours, a knee bent at least this far is kneeling, its shin flat on the floor.
KNEELING_KNEE = 45.0


def _lowest(body: Body, prefix: str) -> float:
    return min(y for name, (_, y, _) in body.points.items() if name.split(".")[-1] == prefix)


def _floor_gap(body: Body) -> float:
    """How far the lowest edge of the drawn body is above y = 0 (strokes have width)."""
    gaps = []
    for name, (_, y, _) in body.points.items():
        if name == "head":
            gaps.append(y - HEAD_R)
        elif name == "face":
            gaps.append(y)
        elif name.startswith("spine.") or name == "neck":
            gaps.append(y - TRUNK_W / 2)
        else:
            gaps.append(y - LIMB_W / 2)
    return min(gaps)


def place(angles: Angles) -> Body:
    """The figure of `angles`, its lowest part resting on the floor (y = 0), hips at x = 0."""
    trunk, _ = _trunk_angle(angles.ground)
    trunk += angles.lean * (-1 if angles.ground in (Ground.KNEELING, Ground.STANDING) else 1)
    if angles.ground is Ground.ALL_FOURS:
        # Tip the trunk until the hands and the knees reach the floor together.
        low, high = -40.0, 40.0
        for _ in range(30):
            mid = (low + high) / 2
            body = _skeleton(angles, trunk + mid)
            if _lowest(body, "hand") < _lowest(body, "knee"):
                low = mid
            else:
                high = mid
        trunk += (low + high) / 2
    body = _skeleton(angles, trunk)
    return body.shifted(0.0, -_floor_gap(body))


def anchor(body: Body, ground: Ground) -> str:
    """The point that stays put while the pose changes: the shoulders lying down, else a supporting foot or hand."""
    if ground in (Ground.BACK, Ground.FRONT):
        return "neck"
    part = "hand" if ground is Ground.ALL_FOURS else "toe"
    return min((f"left.{part}", f"right.{part}"), key=lambda name: body[name][1])


# -- what a figure must not show ---------------------------------------------------------


def _distance_2d(p: tuple[float, ...], a: tuple[float, ...], b: tuple[float, ...]) -> float:
    """How far `p` is from the segment `a`–`b` in the side view."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


#: Each side's limb segments as a person names them, and how much of each, from its near end, is where it
#: joins the trunk (and may lie inside the trunk's width).
_SEGMENTS = (
    ("thigh", "hip", "knee", 0.35),
    ("lower leg", "knee", "ankle", 0.0),
    ("foot", "ankle", "toe", 0.0),
    ("upper arm", "shoulder", "elbow", 0.3),
    ("forearm", "elbow", "hand", 0.0),
)


def through_body(body: Body, tolerance: float) -> list[tuple[str, str]]:
    """(limb, "head" or "body") for each limb whose centre line goes more than `tolerance` into the head or the
    trunk: a pose no one could take.

    Each limb moves in its own plane, beside the body's middle: the legs' planes lie within the width of the
    trunk and the head, the arms' beside them. So a leg crossing the trunk or the head in the side view goes
    through it, and an arm passes beside them (arms stretched overhead lie beside the head).
    """
    spine = [body[f"spine.{i}"][:2] for i in range(SPINE_POINTS)]
    segments = list(itertools.pairwise(spine))
    head = body["head"]
    inside = TRUNK_W / 2 - tolerance
    # The trunk's bounding box grown by `inside`: a point outside it is nowhere near the spine.
    box = (
        min(x for x, _ in spine) - inside,
        max(x for x, _ in spine) + inside,
        min(y for _, y in spine) - inside,
        max(y for _, y in spine) + inside,
    )
    found = []
    for side in ("left", "right"):
        for limb, a, b, joined in _SEGMENTS:
            p, q = body[f"{side}.{a}"], body[f"{side}.{b}"]
            samples = [_add(p, _sub(q, p), joined + (1 - joined) * i / 10) for i in range(11)]
            if any(abs(s[2] - head[2]) < HEAD_R and math.dist(s[:2], head[:2]) < HEAD_R - tolerance for s in samples):
                found.append((f"{side} {limb}", "head"))
            within = [s for s in samples if abs(s[2]) < (HIP_WIDTH + LIMB_W) / 2 and _near(s, box)]
            if any(_distance_2d(s[:2], m, n) < inside for s in within for m, n in segments):
                found.append((f"{side} {limb}", "body"))
    return found


def _near(point: Vec, box: tuple[float, float, float, float]) -> bool:
    return box[0] <= point[0] <= box[1] and box[2] <= point[1] <= box[3]


def _part_gaps(body: Body, side: str, part: str) -> float:
    """How far the lowest edge of one side's foot, knee or hand is above the floor."""
    if part == "foot":
        return min(body[f"{side}.ankle"][1], body[f"{side}.toe"][1]) - LIMB_W / 2
    return body[f"{side}.{part}"][1] - LIMB_W / 2


def floor_gaps(body: Body, contact: Contact) -> list[tuple[str, float]]:
    """Each part a contact names, with how far it is above the floor (head heights)."""
    if contact is Contact.HIPS:
        return [("trunk at the hips", body["spine.0"][1] - TRUNK_W / 2)]
    if contact is Contact.SHOULDERS:
        return [("trunk at the shoulders", body[f"spine.{SPINE_POINTS - 1}"][1] - TRUNK_W / 2)]
    side, _, part = contact.value.rpartition("-")
    part = {"feet": "foot", "knees": "knee", "hands": "hand"}.get(part, part)
    sides = [side] if side else ["left", "right"]
    return [(f"{s} {part}", _part_gaps(body, s, part)) for s in sides]
