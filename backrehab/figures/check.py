"""Reading an exercise's `figure` key: its poses checked like every other key, each problem with line and column."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import yaml

from backrehab.catalogue.yamlcheck import NodeChecker
from backrehab.figures.body import floor_gaps, place, resolve, through_body
from backrehab.figures.pose import Contact, Figure, Ground, Limbs, Pose, Prop, Stomach, View


@dataclass(frozen=True)
class Range:
    low: float
    high: float
    meaning: str


#: Each joint angle a pose may give, its range in degrees and what a positive angle does.
LIMB_JOINTS: dict[str, Range] = {
    "hip": Range(-45, 150, "the thigh forwards (negative: backwards)"),
    "knee": Range(0, 165, "the lower leg back (bending the knee)"),
    "ankle": Range(-30, 90, "the toes pointed (0: foot at a right angle)"),
    "shoulder": Range(-90, 200, "the arm forwards and up (180: overhead; negative: backwards)"),
    "elbow": Range(0, 160, "the forearm forwards (bending the elbow)"),
}
BODY_JOINTS: dict[str, Range] = {
    "spine": Range(-20, 20, "the back rounded (negative: hollowed)"),
    "neck": Range(-45, 60, "the head forwards (negative: back)"),
    "lean": Range(-45, 90, "the whole trunk tipped forwards from the ground's usual angle"),
    "roll": Range(-90, 90, "both bent legs rolled over towards the left (negative: the right)"),
}

FIGURE_KEYS = {"view", "props", "start", "held"}
SIDES = ("left", "right")
POSE_KEYS = {"ground", "stomach", "floor", *BODY_JOINTS, *LIMB_JOINTS, *SIDES}
#: How far (head heights) a part said to rest on the floor may be above it, and a limb's centre line may
#: reach into the head or the trunk, before the figure is refused.
FLOOR_TOLERANCE = 0.12
INSIDE_TOLERANCE = 0.1


class FigureChecks(NodeChecker):
    """The `figure` key: two poses (`start`, `held`), a `view` and `props`; mixed into the catalogue's checker."""

    def figure(self, node: Any, where: str, posture: str | None) -> Figure | None:
        entries = self.mapping(node, where, FIGURE_KEYS)
        if entries is None:
            return None
        before = len(self.problems)
        for key in ("start", "held"):
            if key not in entries:
                self.fail(node, where, f"missing key '{key}' (the {'starting' if key == 'start' else 'held'} pose)")
        view = self.choice(entries["view"][1], f"{where}.view", View) if "view" in entries else View.SIDE
        props = self.props(entries["props"][1], f"{where}.props") if "props" in entries else ()
        start = self.pose(entries["start"][1], f"{where}.start", posture) if "start" in entries else None
        held = self.pose(entries["held"][1], f"{where}.held", posture) if "held" in entries else None
        if len(self.problems) > before or start is None or held is None or view is None or props is None:
            return None
        return Figure(start=start, held=held, view=view, props=props)

    def props(self, node: Any, where: str) -> tuple[Prop, ...] | None:
        items = self.sequence(node, where)
        if items is None:
            return None
        props = [self.choice(item, f"{where}[{i + 1}]", Prop) for i, item in enumerate(items)]
        return None if None in props else tuple(dict.fromkeys(props))

    def pose(self, node: Any, where: str, posture: str | None) -> Pose | None:
        """A pose: `ground` (default: the exercise's posture), body angles, angles for both sides, `left`/`right`."""
        entries = self.mapping(node, where, POSE_KEYS)
        if entries is None:
            return None
        before = len(self.problems)
        if "ground" in entries:
            ground = self.choice(entries["ground"][1], f"{where}.ground", Ground)
        elif posture in {g.value for g in Ground}:
            ground = Ground(posture)
        else:
            ground = None  # the exercise's posture is missing or wrong, and that is reported already
        body = {
            name: self.angle(entries[name][1], f"{where}.{name}", limits)
            for name, limits in BODY_JOINTS.items()
            if name in entries
        }
        both = {
            name: self.angle(entries[name][1], f"{where}.{name}", limits)
            for name, limits in LIMB_JOINTS.items()
            if name in entries
        }
        sides = {}
        for side in SIDES:
            own = self.limbs(entries[side][1], f"{where}.{side}") if side in entries else {}
            sides[side] = Limbs(**{**both, **(own or {})})
        stomach = self.choice(entries["stomach"][1], f"{where}.stomach", Stomach) if "stomach" in entries else None
        floor = self.contacts(entries["floor"][1], f"{where}.floor") if "floor" in entries else []
        if len(self.problems) > before or ground is None or floor is None:
            return None
        pose = Pose(
            ground=ground,
            left=sides["left"],
            right=sides["right"],
            stomach=stomach or Stomach.RELAXED,
            floor=tuple(contact for contact, _ in floor),
            **body,
        )
        self.body_checks(pose, node, where, floor)
        return pose

    def contacts(self, node: Any, where: str) -> list[tuple[Contact, Any]] | None:
        """The parts said to rest on the floor, each with its node (to locate a part that does not)."""
        items = self.sequence(node, where)
        if items is None:
            return None
        found = [(self.choice(item, f"{where}[{i + 1}]", Contact), item) for i, item in enumerate(items)]
        return None if any(contact is None for contact, _ in found) else found

    def body_checks(self, pose: Pose, node: Any, where: str, floor: list[tuple[Contact, Any]]) -> None:
        """The placed body must not lie: no limb through the head or the trunk, and what is said to rest
        on the floor does (`figures.body` places it)."""
        body = place(resolve(pose))
        for limb, part in through_body(body, INSIDE_TOLERANCE):
            self.fail(node, where, f"the {limb} passes through the {part}; change the angles so that it goes beside it")
        for i, (contact, item) in enumerate(floor, start=1):
            for name, gap in floor_gaps(body, contact):
                if gap > FLOOR_TOLERANCE:
                    self.fail(
                        item,
                        f"{where}.floor[{i}]",
                        f"said to rest on the floor, but the {name} is {gap:.2f} head heights above it; "
                        "change the angles so that it touches the floor",
                    )

    def limbs(self, node: Any, where: str) -> dict[str, float | None] | None:
        entries = self.mapping(node, where, set(LIMB_JOINTS))
        if entries is None:
            return None
        return {name: self.angle(entries[name][1], f"{where}.{name}", LIMB_JOINTS[name]) for name in entries}

    def angle(self, node: Any, where: str, limits: Range) -> float | None:
        """Degrees within the joint's range; the message says what the angle means."""

        if not self.safe(node, where):
            return None
        value = self._scalar(node) if isinstance(node, yaml.ScalarNode) else None
        # Compared before any conversion: a whole number of 400 digits is no float, and NaN is in no range.
        if isinstance(value, (int, float)) and not isinstance(value, bool) and limits.low <= value <= limits.high:
            angle = float(value)
            if math.isfinite(angle):
                return angle
        self.fail(
            node,
            where,
            f"must be an angle from {limits.low:g} to {limits.high:g} degrees ({limits.meaning}), "
            f"got {self._describe(node)}",
        )
        return None
