"""Wording shared by every view."""

from __future__ import annotations

from backrehab.catalogue import Catalogue
from backrehab.display import summary_lines
from backrehab.events import ExerciseResult, Summary
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
