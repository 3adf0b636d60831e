"""An exercise's figure as the catalogue holds it: a pose is a ground contact and a few joint angles.

A pose says how a person lies, kneels or stands (`Ground`) and bends a handful
of joints, in degrees from the ground's neutral position; joints not written
take the ground's defaults, so a catalogue author writes only what matters.
Where a pose puts the body is for `figures.body`, drawing it for `figures.draw`.

Only the classes the catalogue keeps are here, plain frozen data: a cached
catalogue is rebuilt from the cache at every `list`, `show` and `session`, and imports this
module and nothing of the kinematics or the drawing.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, fields


class Ground(enum.Enum):
    """How the body meets the floor; the same words as an exercise's `posture`."""

    FRONT = "front"
    BACK = "back"
    ALL_FOURS = "all-fours"
    KNEELING = "kneeling"
    STANDING = "standing"


class View(enum.Enum):
    """Where the figure is seen from: the side; from above, a little to one side (for movements across the
    body: knees rolled over lie flat in sight, the whole person with them); or from beyond the feet, and above
    (so the trunk and head show past the knees). `figures.draw.EYE_PLACES` gives each its angles."""

    SIDE = "side"
    ABOVE = "above"
    FEET = "feet"


class Stomach(enum.Enum):
    """The stomach muscles: relaxed, or drawn in (the belly pulled in towards the spine)."""

    RELAXED = "relaxed"
    IN = "in"


class Contact(enum.Enum):
    """A part of the body a pose says rests on the floor; the loader checks that it does."""

    FEET = "feet"
    KNEES = "knees"
    HANDS = "hands"
    HIPS = "hips"
    SHOULDERS = "shoulders"
    LEFT_FOOT = "left-foot"
    RIGHT_FOOT = "right-foot"
    LEFT_KNEE = "left-knee"
    RIGHT_KNEE = "right-knee"
    LEFT_HAND = "left-hand"
    RIGHT_HAND = "right-hand"


class Prop(enum.Enum):
    """Furniture the guidance names; each is placed where the held pose leans on it."""

    CHAIR = "chair"
    WORKTOP = "worktop"


#: The body's own angles, as a pose and its YAML name them (`figures.check` gives each its range).
BODY_ANGLES = ("spine", "neck", "lean", "roll")


@dataclass(frozen=True)
class Limbs:
    """One side's joint angles in degrees; None takes the ground's default."""

    hip: float | None = None
    knee: float | None = None
    ankle: float | None = None
    shoulder: float | None = None
    elbow: float | None = None

    def written(self) -> dict[str, float]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None}


@dataclass(frozen=True)
class Pose:
    """A ground contact and the angles written for it; what is not written takes the ground's default."""

    ground: Ground
    left: Limbs = field(default_factory=Limbs)
    right: Limbs = field(default_factory=Limbs)
    spine: float | None = None
    neck: float | None = None
    lean: float | None = None
    roll: float | None = None
    stomach: Stomach = Stomach.RELAXED
    #: The parts said to rest on the floor.
    floor: tuple[Contact, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """The pose under its YAML keys, as written."""
        out: dict[str, object] = {"ground": self.ground.value}
        out.update({name: getattr(self, name) for name in BODY_ANGLES if getattr(self, name) is not None})
        if self.stomach is not Stomach.RELAXED:
            out["stomach"] = self.stomach.value
        if self.floor:
            out["floor"] = [c.value for c in self.floor]
        for side in ("left", "right"):
            written = getattr(self, side).written()
            if written:
                out[side] = written
        return out


@dataclass(frozen=True)
class Figure:
    """An exercise's two poses, where they are seen from and the props they use."""

    start: Pose
    held: Pose
    view: View = View.SIDE
    props: tuple[Prop, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {
            "view": self.view.value,
            "props": [p.value for p in self.props],
            "start": self.start.to_dict(),
            "held": self.held.to_dict(),
        }


#: The classes a figure is made of: all that the cache may rebuild a catalogue's figures into.
KINDS: tuple[type, ...] = (Figure, Pose, Limbs, Ground, View, Prop, Stomach, Contact)
