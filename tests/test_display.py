"""Wording shared by every view."""

from __future__ import annotations

import dataclasses
import io

from backrehab.catalogue import Catalogue
from backrehab.defaults import STOP_IF_IT_HURTS, safety_note
from backrehab.display import PlainDisplay, summary_lines
from backrehab.events import ExerciseFinished, ExerciseResult, Summary
from backrehab.outcomes import Outcome, Status


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
