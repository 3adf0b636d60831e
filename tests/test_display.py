"""Wording shared by every view."""

from __future__ import annotations

import dataclasses
import io

from backrehab.catalogue.model import Catalogue
from backrehab.screen.plain import PlainDisplay
from backrehab.session.events import ExerciseFinished, ExerciseResult, Summary
from backrehab.session.outcomes import Outcome, Status
from backrehab.settings.defaults import STOP_IF_IT_HURTS, safety_note
from backrehab.wording import summary_lines


def test_summary_repeats_the_pain_advice_after_a_pain_stop(catalogue: Catalogue) -> None:
    """An exercise stopped with p ends the summary with the advice to ask a physiotherapist."""
    pelvic, knee = catalogue.exercises[1], catalogue.exercises[2]
    summary = Summary(
        status=Status.COMPLETED,
        results=(
            ExerciseResult(pelvic, Outcome.STOPPED_PAIN, 5, 5, 1, {"both": 1}, "p key"),
            ExerciseResult(knee, Outcome.DONE, 10, 6, 6, {"left": 3, "right": 3}),
        ),
        active_seconds=90,
        elapsed_seconds=90,
    )
    assert summary_lines(summary, catalogue.pain_advice) == [
        "Session complete: 1 of 2 exercises done, 1 not done; 7 holds completed; active time 1:30.",
        "  Pelvic tilt: stopped: pain (p key)",
        str(catalogue.pain_advice),
    ]


def test_a_pain_stop_shows_our_advice_when_the_catalogue_has_none(catalogue: Catalogue) -> None:
    """With a catalogue that gives no `pain_advice`, the plain view still says to stop and ask a physiotherapist."""
    out = io.StringIO()
    display = PlainDisplay(dataclasses.replace(catalogue, pain_advice=None), out)
    display.handle(ExerciseFinished(catalogue.exercises[1], Outcome.STOPPED_PAIN, "p key"))
    assert out.getvalue().splitlines() == ["Pelvic tilt: stopped: pain (p key).", STOP_IF_IT_HURTS]


def test_one_safety_note_in_the_leaflets_words(catalogue: Catalogue) -> None:
    """Our fallback advice is the bundled catalogue's, and the safety note is built on it."""
    assert catalogue.pain_advice == STOP_IF_IT_HURTS
    assert safety_note("This sheet") == f"This sheet is not medical advice. {catalogue.pain_advice}"


def test_plain_lines_for_the_pain_stop_and_a_change_of_side(catalogue: Catalogue) -> None:
    """Plain output says what p stopped, what comes next and what a key does; a side change names the next hold."""
    from backrehab.plan import StepKind, make_plan
    from backrehab.session.events import PainStopShown, StepStarted

    plan = make_plan(catalogue)
    out = io.StringIO()
    display = PlainDisplay(catalogue, out)
    switch = next(s for s in plan.steps if s.exercise.id == "knee-rolls" and s.kind is StepKind.SWITCH)
    display.handle(StepStarted(switch, 600))
    display.handle(PainStopShown(plan.exercises[2], plan.exercises[3], 4))
    display.handle(PainStopShown(plan.exercises[11], None, None))
    assert out.getvalue().splitlines() == [
        "Other side: right — get ready (5 s). Next: rep 1 of 3, right side",
        "Knee rolls is stopped: it hurts.",
        "Next: exercise 4, Knees to chest.",
        "Press any key to go on, or q to quit.",
        "Deep lunge is stopped: it hurts.",
        "That was the last exercise.",
        "Press any key to end.",
    ]
