"""The bundled catalogue against the leaflet: every figure, side and caution."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from backrehab.catalogue.model import Catalogue, HoldSource, Posture, bundled_path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT.parent / "shared" / "source" / "back-exercises.txt"

# id: (hold, build up to, reps per side, per side, side label, posture)
FACTS = {
    "stomach-tone": (5, 10, 3, False, None, Posture.FRONT),
    "pelvic-tilt": (5, None, 5, False, None, Posture.BACK),
    "knee-rolls": (10, None, 3, True, "side", Posture.BACK),
    "knees-to-chest": (5, None, 5, True, "knee", Posture.BACK),
    "buttock-tone": (8, None, 5, True, "leg", Posture.FRONT),
    "deep-stomach-muscle-tone": (10, None, 10, False, None, Posture.ALL_FOURS),
    "back-stabiliser": (10, None, 10, True, "arm", Posture.ALL_FOURS),
    "leg-raise": (5, 10, 3, False, None, Posture.FRONT),
    "arm-raise": (5, None, 10, True, "arm", Posture.FRONT),
    "hamstring-stretch": (20, None, 3, True, "leg", Posture.STANDING),
    "one-leg-stand": (10, None, 3, True, "leg", Posture.STANDING),
    "deep-lunge": (5, None, 3, True, "leg", Posture.KNEELING),
}


def test_twelve_exercises_in_the_leaflets_order(catalogue: Catalogue) -> None:
    """The catalogue holds the leaflet's twelve exercises, in its order."""
    assert catalogue.ids == tuple(FACTS)


@pytest.mark.parametrize("exercise_id", list(FACTS))
def test_figures_match_the_leaflet(catalogue: Catalogue, exercise_id: str) -> None:
    """Hold, build-up target, reps, sides and posture are the leaflet's figures."""
    exercise = catalogue.find(exercise_id)
    assert exercise is not None
    hold, build_up, reps, per_side, label, posture = FACTS[exercise_id]
    assert (
        exercise.hold_seconds,
        exercise.build_up_to_seconds,
        exercise.reps,
        exercise.per_side,
        exercise.side_label,
        exercise.posture,
    ) == (hold, build_up, reps, per_side, label, posture)


def test_only_the_hamstring_hold_is_chosen(catalogue: Catalogue) -> None:
    """The leaflet gives every hold but the hamstring stretch's; that one is marked as ours."""
    chosen = [e.id for e in catalogue.exercises if e.hold_source is HoldSource.CHOSEN]
    assert chosen == ["hamstring-stretch"]


def test_breathing_reminders_where_the_leaflet_says_keep_breathing(catalogue: Catalogue) -> None:
    """ "Keep breathing" appears for stomach tone and deep stomach muscle tone."""
    assert [e.id for e in catalogue.exercises if e.breathing_reminder] == ["stomach-tone", "deep-stomach-muscle-tone"]


def test_sciatica_caution_needs_confirmation(catalogue: Catalogue) -> None:
    """Only the hamstring stretch carries a caution, and it must be confirmed."""
    with_cautions = {e.id: e.cautions for e in catalogue.exercises if e.cautions}
    assert list(with_cautions) == ["hamstring-stretch"]
    (caution,) = with_cautions["hamstring-stretch"]
    assert caution.confirm
    assert "sciatic" in caution.text
    assert "physiotherapist" in caution.text


def test_progressions(catalogue: Catalogue) -> None:
    """The back stabiliser's harder variant lifts a leg; stomach tone moves into the day."""
    progressions = {e.id: e.progression for e in catalogue.exercises if e.progression}
    assert set(progressions) == {"stomach-tone", "back-stabiliser"}
    assert "leg" in (progressions["back-stabiliser"] or "")
    assert "walk" in (progressions["stomach-tone"] or "")


def test_general_advice_lives_in_the_file(catalogue: Catalogue) -> None:
    """Water, space, starting slowly and asking a professional: all four pieces of advice."""
    advice = " ".join(catalogue.advice).lower()
    for word in ("water", "room", "gently", "healthcare professional"):
        assert word in advice
    assert catalogue.source is not None
    assert catalogue.source.publisher == "Versus Arthritis"


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


@pytest.mark.skipif(not SOURCE.exists(), reason="the leaflet's text is not beside this checkout")
def test_no_sentence_is_copied_from_the_leaflet() -> None:
    """No run of seven words from the leaflet appears in the catalogue's prose."""
    source = _words(SOURCE.read_text(encoding="utf-8"))
    runs = {tuple(source[i : i + 7]) for i in range(len(source) - 6)}
    prose = [
        line for line in bundled_path().read_text(encoding="utf-8").splitlines() if not line.lstrip().startswith("#")
    ]
    words = _words(" ".join(prose))
    copied = {" ".join(words[i : i + 7]) for i in range(len(words) - 6) if tuple(words[i : i + 7]) in runs}
    assert copied == set()


def test_bundled_file_is_the_top_level_file() -> None:
    """The package ships the very exercises.yaml at the top of the repository."""
    assert bundled_path().read_bytes() == (ROOT / "exercises.yaml").read_bytes()


#: A figure: digits or a number word ("one" only as a count, not as in "one leg").
FIGURE = re.compile(
    r"\b(\d+|two|three|four|five|six|seven|eight|nine|ten|twenty)\b|\bone\b(?! (leg|arm|knee|side|hand|foot))",
    re.IGNORECASE,
)


def test_steps_state_no_figures(catalogue: Catalogue) -> None:
    """Steps and progressions name no figure, so they cannot contradict the hold and reps in effect."""
    for exercise in catalogue.exercises:
        for text in (*exercise.steps, exercise.progression or ""):
            assert not FIGURE.search(text), (exercise.id, text)
