"""Plan invariants for any valid catalogue and options, property-based."""

from __future__ import annotations

import itertools
import json
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from backrehab.catalogue.model import Catalogue, Caution, Exercise, Posture
from backrehab.plan import Order, Plan, PlanOptions, Side, StepKind, estimated_seconds, make_plan
from backrehab.session.events import Answer, StepFinished
from backrehab.session.runner import run_session

from .fakes import FakeClock, Recorder

PROPERTIES = settings(max_examples=60, deadline=None)

IDS = ("a", "b-c", "knee-rolls", "x1", "leg-2", "z", "arm-raise", "q-q")
# Strategies are built once here: building them inside a composite on every draw is what makes tests slow.
seconds = st.one_of(st.just(0.0), st.floats(min_value=0, max_value=60), st.integers(0, 60))
cautions = st.lists(st.builds(Caution, st.sampled_from(["Careful.", "Not with sciatica."]), st.booleans()), max_size=3)
masks = st.lists(st.booleans(), min_size=len(IDS), max_size=len(IDS))
overrides = st.lists(st.one_of(st.none(), st.integers(min_value=1, max_value=90)), min_size=len(IDS), max_size=len(IDS))


@st.composite
def exercises(draw: st.DrawFn, ex_id: str) -> Exercise:
    hold = draw(st.integers(min_value=1, max_value=60))
    return Exercise(
        id=ex_id,
        name=ex_id.replace("-", " ").capitalize(),
        posture=draw(st.sampled_from(Posture)),
        position="Somewhere.",
        steps=("Do it.",),
        hold_seconds=hold,
        reps=draw(st.integers(min_value=1, max_value=8)),
        per_side=draw(st.booleans()),
        side_label=draw(st.sampled_from([None, "side", "leg"])),
        build_up_to_seconds=draw(st.one_of(st.none(), st.integers(min_value=hold, max_value=240))),
        cautions=tuple(draw(cautions)),
    )


@st.composite
def catalogues(draw: st.DrawFn) -> Catalogue:
    ids = [i for i, keep in zip(IDS, draw(masks), strict=True) if keep] or [IDS[0]]
    return Catalogue(exercises=tuple(draw(exercises(ex_id)) for ex_id in ids))


def chosen(mask: list[bool]) -> tuple[str, ...]:
    return tuple(i for i, keep in zip(IDS, mask, strict=True) if keep)


def by_id(values: list[int | None]) -> dict[str, int]:
    return {i: v for i, v in zip(IDS, values, strict=True) if v is not None}


@st.composite
def cases(draw: st.DrawFn) -> tuple[Catalogue, PlanOptions]:
    """A catalogue and options; --only/--skip may name ids the catalogue lacks, as the plan must cope."""
    return draw(catalogues()), PlanOptions(
        only=chosen(draw(masks)) if draw(st.booleans()) else (),
        skip=chosen(draw(masks)) if draw(st.booleans()) else (),
        rest=draw(seconds),
        lead_in=draw(seconds),
        order=draw(st.sampled_from(Order)),
        holds=by_id(draw(overrides)),
        reps={k: min(v, 10) for k, v in by_id(draw(overrides)).items()},
    )


def holds_of(plan: Plan, exercise_id: str) -> list[Side | None]:
    return [s.side for s in plan.steps if s.kind is StepKind.HOLD and s.exercise.id == exercise_id]


@PROPERTIES
@given(cases())
def test_total_is_the_sum_of_the_steps_and_of_the_exercises(case: tuple[Catalogue, PlanOptions]) -> None:
    """total_seconds is the steps' sum, the last offset plus the last step, and the sum of each exercise's estimate."""
    catalogue, options = case
    plan = make_plan(catalogue, options)
    assert plan.total_seconds == sum(step.seconds for step in plan.steps)
    if plan.steps:
        assert math.isclose(plan.offsets()[-1] + plan.steps[-1].seconds, plan.total_seconds)
    assert math.isclose(sum(estimated_seconds(e, options) for e in plan.exercises), plan.total_seconds)
    data = json.loads(json.dumps(plan.to_dict()))
    assert math.isclose(data["total_seconds"], sum(step["seconds"] for step in data["steps"]))


@PROPERTIES
@given(cases())
def test_offsets_never_go_back_and_durations_are_sound(case: tuple[Catalogue, PlanOptions]) -> None:
    """Offsets are non-decreasing from 0; only cautions take no time; side changes leave at least 5 s."""
    plan = make_plan(*case)
    offsets = plan.offsets()
    assert all(a <= b for a, b in itertools.pairwise(offsets))
    assert not offsets or offsets[0] == 0
    for step in plan.steps:
        assert math.isfinite(step.seconds)
        assert step.seconds > 0 or step.kind is StepKind.CAUTION
        if step.kind is StepKind.SWITCH:
            assert step.seconds >= 5


@PROPERTIES
@given(cases())
def test_selection_and_order(case: tuple[Catalogue, PlanOptions]) -> None:
    """Exercises are those in --only (if given) and not in --skip, numbered 1..n in one contiguous run each."""
    catalogue, options = case
    plan = make_plan(catalogue, options)
    expected = [e.id for e in catalogue.exercises if (not options.only or e.id in options.only)]
    expected = [i for i in expected if i not in options.skip]
    assert sorted(e.id for e in plan.exercises) == sorted(expected)
    assert len(plan.exercises) + len(plan.left_out) == len(catalogue.exercises)
    numbers = [step.number for step in plan.steps]
    assert numbers == sorted(numbers)
    assert sorted(set(numbers)) == list(range(1, len(plan.exercises) + 1))
    if options.order is Order.POSITION:
        ranks = [e.posture.rank for e in plan.exercises]
        assert ranks == sorted(ranks)


@PROPERTIES
@given(cases())
def test_per_side_holds_alternate_and_balance(case: tuple[Catalogue, PlanOptions]) -> None:
    """A per-side exercise does reps holds on each side, alternating left and right; others reps holds, no side."""
    catalogue, options = case
    plan = make_plan(catalogue, options)
    for exercise in plan.exercises:
        reps = options.reps.get(exercise.id, exercise.reps)
        sides = holds_of(plan, exercise.id)
        if exercise.per_side:
            assert sides == [Side.LEFT, Side.RIGHT] * reps
        else:
            assert sides == [None] * reps
        hold = options.holds.get(exercise.id, exercise.hold_seconds)
        assert {s.seconds for s in plan.steps if s.exercise.id == exercise.id and s.kind is StepKind.HOLD} == {hold}


@PROPERTIES
@given(cases())
def test_cautions_to_confirm_come_first(case: tuple[Catalogue, PlanOptions]) -> None:
    """Each caution needing confirmation is a step before its exercise's lead-in and first hold; no others are."""
    catalogue, options = case
    plan = make_plan(catalogue, options)
    for exercise in plan.exercises:
        kinds = [s.kind for s in plan.steps if s.exercise.id == exercise.id]
        confirms = sum(c.confirm for c in exercise.cautions)
        assert kinds[:confirms] == [StepKind.CAUTION] * confirms
        assert StepKind.CAUTION not in kinds[confirms:]
        assert kinds[confirms] in (StepKind.LEAD_IN, StepKind.HOLD)


@settings(PROPERTIES, max_examples=40)
@given(cases(), st.floats(min_value=0.01, max_value=1_000_000))
def test_the_runner_ends_on_the_plans_total(case: tuple[Catalogue, PlanOptions], speed: float) -> None:
    """Walking the plan on a clock ends exactly total/speed after it starts, having finished every timed step."""
    plan = make_plan(*case)
    clock = FakeClock()
    recorder = Recorder(clock)
    summary = run_session(
        plan=plan, clock=clock, listeners=[recorder], confirm=lambda e, c: Answer.YES_BY_OPTION, speed=speed
    )
    assert math.isclose(summary.elapsed_seconds, plan.total_seconds / speed, rel_tol=1e-9, abs_tol=1e-6)
    finished = [e.step for _, e in recorder.of(StepFinished)]  # type: ignore[attr-defined]
    assert finished == [s for s in plan.steps if s.kind is not StepKind.CAUTION]
