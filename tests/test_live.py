"""The live terminal views, rendered off-screen at chosen sizes."""

from __future__ import annotations

import pytest
from rich.console import Console

from backrehab import bigdigits
from backrehab.catalogue import Catalogue
from backrehab.live import BigDisplay, CompactDisplay
from backrehab.plan import Plan, StepKind, make_plan


def hold_view(catalogue: Catalogue, cls: type, width: int, height: int, left: int = 7) -> str:  # type: ignore[type-arg]
    plan: Plan = make_plan(catalogue)
    step = next(s for s in plan.steps if s.exercise.id == "knee-rolls" and s.kind is StepKind.HOLD and s.rep == 2)
    console = Console(width=width, height=height, record=True, color_system=None, force_terminal=True)
    display = cls(catalogue, console, keys_active=True)
    display.steps, display.total, display.count = plan.steps, plan.total_seconds, len(plan.exercises)
    display.step, display.left, display.session_left = step, left, 600
    console.print(display.render())
    return console.export_text()


def test_big_digits_are_five_rows_and_scale() -> None:
    """The font is five rows tall at scale 1, and scale 3 is three times taller and wider."""
    assert len(bigdigits.render("7")) == 5
    assert len(bigdigits.render("7", 3)) == 15
    assert {len(row) for row in bigdigits.render("10", 3)} == {bigdigits.width("10", 3)}


def test_big_view_shows_rep_side_and_digits(catalogue: Catalogue) -> None:
    """At 80×24 the hold shows the name, rep and side above, 7 in big digits, HOLD and the key legend."""
    text = hold_view(catalogue, BigDisplay, 80, 24)
    assert "Knee rolls" in text
    assert "REP 2 OF 3, LEFT SIDE" in text
    assert "HOLD" in text
    assert "Keep breathing." in text
    assert "space pause · n next" in text
    digit_rows = [line for line in text.splitlines() if "██" in line]
    assert len(digit_rows) >= 10  # scaled up: taller than the five-row font


@pytest.mark.parametrize(("width", "height"), [(40, 12), (39, 30), (120, 15)])
def test_small_terminals_get_the_compact_layout(catalogue: Catalogue, width: int, height: int) -> None:
    """Below 40×16 the big view draws text rows instead of digits, and nothing breaks."""
    text = hold_view(catalogue, BigDisplay, width, height)
    assert "██" not in text
    assert "HOLD  0:07" in text


def test_compact_view(catalogue: Catalogue) -> None:
    """The compact view names the exercise, the rep and side, and the time left."""
    text = hold_view(catalogue, CompactDisplay, 80, 24)
    assert "Exercise 3 of 12 · Knee rolls" in text
    assert "Rep 2 of 3, left side" in text
    assert "HOLD  0:07" in text
    assert "10:00 left in session" in text


def test_pain_advice_stays_on_the_big_view_through_the_next_lead_in(catalogue: Catalogue) -> None:
    """After p, the advice to ask a physiotherapist is on screen until the next exercise's first hold."""
    from backrehab.events import ExerciseFinished, ExerciseStarted, StepStarted
    from backrehab.outcomes import Outcome

    plan = make_plan(catalogue)
    console = Console(width=100, height=40, record=True, color_system=None, force_terminal=True)
    display = BigDisplay(catalogue, console, keys_active=True)
    display.steps, display.total, display.count = plan.steps, plan.total_seconds, len(plan.exercises)
    pelvic, knee_rolls = plan.exercises[1], plan.exercises[2]
    lead_in = next(s for s in plan.steps if s.exercise is knee_rolls and s.kind is StepKind.LEAD_IN)
    first_hold = next(s for s in plan.steps if s.exercise is knee_rolls and s.kind is StepKind.HOLD)
    display.handle(ExerciseFinished(pelvic, Outcome.STOPPED_PAIN, "p key"))
    display.handle(ExerciseStarted(knee_rolls, 3, 12))
    display.handle(StepStarted(lead_in, 600))
    console.print(display.render())
    assert "physiotherapist" in console.export_text()
    display.handle(StepStarted(first_hold, 590))
    console.print(display.render())
    assert "physiotherapist" not in console.export_text()
