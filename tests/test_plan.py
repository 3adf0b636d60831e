"""The plan: steps and totals decided before any clock runs."""

from __future__ import annotations

from backrehab.catalogue.model import Catalogue
from backrehab.plan import Order, PlanOptions, Side, StepKind, make_plan


def kinds(plan_steps) -> list[str]:  # type: ignore[no-untyped-def]
    return [s.kind.value for s in plan_steps]


def test_default_plan_total(catalogue: Catalogue) -> None:
    """The full routine: 105 holds of the leaflet's lengths, 93 gaps of 5 s, 12 lead-ins of 10 s."""
    plan = make_plan(catalogue)
    holds = [s for s in plan.steps if s.kind is StepKind.HOLD]
    assert len(holds) == 105
    assert sum(s.seconds for s in holds) == 855
    assert plan.total_seconds == 855 + 93 * 5 + 12 * 10 == sum(s.seconds for s in plan.steps)


def test_single_exercise_steps(catalogue: Catalogue) -> None:
    """Pelvic tilt: lead-in, then five holds of 5 s with a rest between each."""
    plan = make_plan(catalogue, PlanOptions(only=("pelvic-tilt",)))
    assert kinds(plan.steps) == ["lead_in"] + ["hold", "rest"] * 4 + ["hold"]
    assert [s.rep for s in plan.steps if s.kind is StepKind.HOLD] == [1, 2, 3, 4, 5]
    assert plan.total_seconds == 10 + 5 * 5 + 4 * 5


def test_per_side_alternates_with_a_side_change_between(catalogue: Catalogue) -> None:
    """Knee rolls: left, right, left… three each, every change of side its own get-ready step."""
    plan = make_plan(catalogue, PlanOptions(only=("knee-rolls",)))
    holds = [(s.rep, s.side) for s in plan.steps if s.kind is StepKind.HOLD]
    assert holds == [(r, side) for r in (1, 2, 3) for side in (Side.LEFT, Side.RIGHT)]
    assert kinds(plan.steps) == ["lead_in"] + ["hold", "switch"] * 5 + ["hold"]
    switches = [s for s in plan.steps if s.kind is StepKind.SWITCH]
    assert [s.side_text for s in switches] == ["right side", "left side"] * 2 + ["right side"]


def test_side_change_pause_has_a_floor(catalogue: Catalogue) -> None:
    """With --rest 0, reps run back to back but a side change still leaves time to move."""
    plan = make_plan(catalogue, PlanOptions(only=("pelvic-tilt", "knees-to-chest"), rest=0))
    assert not [s for s in plan.steps if s.kind is StepKind.REST]
    assert {s.seconds for s in plan.steps if s.kind is StepKind.SWITCH} == {5.0}


def test_rest_option_changes_the_gaps(catalogue: Catalogue) -> None:
    """--rest 12 makes every rest 12 s and every side change at least 12 s."""
    plan = make_plan(catalogue, PlanOptions(rest=12))
    assert {s.seconds for s in plan.steps if s.kind in (StepKind.REST, StepKind.SWITCH)} == {12.0}


def test_caution_comes_before_the_lead_in(catalogue: Catalogue) -> None:
    """The sciatica caution is the hamstring stretch's first step, before anything is timed."""
    plan = make_plan(catalogue, PlanOptions(only=("hamstring-stretch",)))
    assert kinds(plan.steps)[:2] == ["caution", "lead_in"]
    assert plan.steps[0].seconds == 0


def test_only_and_skip(catalogue: Catalogue) -> None:
    """--only keeps the catalogue's order; --skip removes; both say what was left out and why."""
    plan = make_plan(catalogue, PlanOptions(only=("knee-rolls", "stomach-tone", "pelvic-tilt"), skip=("pelvic-tilt",)))
    assert [e.id for e in plan.exercises] == ["stomach-tone", "knee-rolls"]
    reasons = {s.exercise.id: s.reason for s in plan.left_out}
    assert reasons["pelvic-tilt"] == "in --skip"
    assert reasons["deep-lunge"] == "not in --only"


def test_order_by_position_groups_postures(catalogue: Catalogue) -> None:
    """--order position: front, back, all fours, kneeling, standing; the leaflet's order within each."""
    plan = make_plan(catalogue, PlanOptions(order=Order.POSITION))
    assert [e.id for e in plan.exercises] == [
        "stomach-tone",
        "buttock-tone",
        "leg-raise",
        "arm-raise",
        "pelvic-tilt",
        "knee-rolls",
        "knees-to-chest",
        "deep-stomach-muscle-tone",
        "back-stabiliser",
        "deep-lunge",
        "hamstring-stretch",
        "one-leg-stand",
    ]
    assert plan.total_seconds == make_plan(catalogue).total_seconds


def test_plan_json_shape(catalogue: Catalogue) -> None:
    """The JSON plan has the total at the top and each step's kind, exercise, rep, side, seconds."""
    data = make_plan(catalogue, PlanOptions(only=("knee-rolls",))).to_dict()
    assert data["total_seconds"] == 10 + 6 * 10 + 5 * 5
    assert data["steps"][1] == {
        "kind": "hold",
        "exercise": "knee-rolls",
        "number": 1,
        "rep": 1,
        "reps": 3,
        "side": "left",
        "seconds": 10,
    }
