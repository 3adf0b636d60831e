"""The audio timeline: every phrase planned with its real length, nothing overlapping, nothing cut."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from backrehab.audio.speech import estimate_seconds
from backrehab.audio.timeline import Priority, Voicing, build_timeline, cue_lines, tone_seconds
from backrehab.catalogue.model import Catalogue
from backrehab.cli.app import main
from backrehab.plan import PlanOptions, StepKind, make_plan

from .fakes import fake_surroundings
from .test_plan_properties import cases


@pytest.fixture(autouse=True)
def speech_made_once(shared_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The default catalogue's phrases are synthesized once for these tests, not once per test."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(shared_cache))


def plan_cues(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(
        main, ["session", "--plan", "--cues", "--json", *args], catch_exceptions=False, obj=fake_surroundings()
    )
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_default_session_cues_never_overlap_and_every_must_hear_cue_is_there(catalogue: Catalogue) -> None:
    """--plan --cues --json: no two cues overlap; the hamstring's name, position, caution and question are all said."""
    data = plan_cues()
    cues = data["cues"]
    for before, after in itertools.pairwise(cues):
        assert before["offset"] + before["seconds"] <= after["offset"] + 0.002, (before, after)
    must = [c["text"] for c in cues if c["priority"] == "must-hear"]
    assert "Hamstring stretch. Standing steady, with a chair in front of you." in must
    assert any(text.startswith("Caution before Hamstring stretch. With acute sciatica") for text in must)
    assert "Do Hamstring stretch now? Press y for yes, or n for no to skip it." in must
    assert must[-1] == "Session complete. Well done."
    holds = [s for s in make_plan(catalogue).steps if s.kind is StepKind.HOLD]
    assert sum(text.endswith("Hold.") for text in must) == len(holds)
    assert data["notes"] == []


def test_keep_breathing_is_inside_or_next_to_every_hold_that_asks_for_it(catalogue: Catalogue) -> None:
    """For stomach tone and deep stomach muscle tone, each hold has "keep breathing" in it or in the rest after."""
    data = plan_cues()
    cues = data["cues"]
    for exercise in (e for e in catalogue.exercises if e.breathing_reminder):
        hold_starts = [i for i, c in enumerate(cues) if c["text"].endswith("Hold.") and _about(cues, i, exercise.name)]
        assert len(hold_starts) == exercise.reps
        for first, following in zip(hold_starts, [*hold_starts[1:], len(cues)], strict=True):
            between = [c["text"] for c in cues[first:following]]
            assert "Keep breathing." in between, (exercise.id, between)


def _about(cues: list[dict[str, Any]], index: int, name: str) -> bool:
    """Whether the hold phrase at `index` belongs to exercise `name`: the last name said before it."""
    names = [c["text"] for c in cues[:index] if c["priority"] == "must-hear" and ". " in c["text"]]
    intros = [t for t in names if not t.startswith(("Rep", "Relax", "Left", "Right", "Caution"))]
    return bool(intros) and intros[-1].startswith(f"{name}.")


def test_a_phrase_that_can_never_fit_is_said_whole_and_noted_once(catalogue: Catalogue) -> None:
    """A 2-s hamstring hold: "Left leg, rep 1 of 3. Hold." outlasts it; what follows waits, one note says so."""
    voicing = Voicing(estimate_seconds, tone_seconds, countdown=3, ask=False, opening=False)
    plan = make_plan(catalogue, PlanOptions(only=("hamstring-stretch",), holds={"hamstring-stretch": 2}))
    timeline = build_timeline(plan, catalogue, voicing)
    assert all(a.end <= b.start + 1e-9 for a, b in zip(timeline.cues, timeline.cues[1:], strict=False))
    said = [c.clip.text for c in timeline.cues if c.priority is Priority.MUST]
    assert sum(text.endswith("Hold.") for text in said) == 6
    assert len(timeline.notes) == 1
    assert timeline.notes[0].startswith("Hamstring stretch: 'Left leg, rep 1 of 3. Hold.' (")
    assert cue_lines(timeline, "estimated")[-1] == f"Does not fit: {timeline.notes[0]}"


def test_cues_follow_the_session_options() -> None:
    """--no-voice leaves only tones, --no-sound only words, --yes drops the opening and the caution's question."""
    tones = plan_cues("--only", "pelvic-tilt", "--no-voice")["cues"]
    assert {c["kind"] for c in tones} == {"tone"}
    words = plan_cues("--only", "hamstring-stretch", "--no-sound", "--yes")["cues"]
    assert {c["kind"] for c in words} == {"speech"}
    assert words[0]["text"].startswith("Caution before Hamstring stretch.")
    assert not any(c["text"].startswith("Do Hamstring stretch now?") for c in words)


def test_cues_need_plan() -> None:
    """--cues without --plan is a usage error with exit status 2."""
    result = CliRunner().invoke(main, ["session", "--cues"], obj=fake_surroundings())
    assert result.exit_code == 2
    assert "--cues goes with --plan." in result.output


@pytest.mark.parametrize("speed", ["1", "4"])
def test_plan_cues_prints_one_line_per_cue(speed: str) -> None:
    """The text form: a header, then offset, length, kind, priority and words for each cue."""
    result = CliRunner().invoke(
        main,
        ["session", "--plan", "--cues", "--only", "pelvic-tilt", "--yes", "--speed", speed],
        obj=fake_surroundings(),
    )
    lines = result.stdout.splitlines()
    assert lines[0].endswith("none overlaps:")
    assert lines[1].split()[:5] == ["0:00.0", lines[1].split()[1], "s", "speech", "must-hear"]
    assert "Pelvic tilt. Lying down with your knees bent." in lines[1]


@settings(max_examples=60, deadline=None)
@given(
    case=cases(),
    countdown=st.integers(0, 10),
    speed=st.sampled_from([0.5, 1.0, 3.0, 50.0]),
    ask=st.booleans(),
    opening=st.booleans(),
)
def test_no_plan_makes_cues_overlap_or_run_backwards(
    case: tuple[Catalogue, PlanOptions], countdown: int, speed: float, ask: bool, opening: bool
) -> None:
    """Any catalogue, options and speed: cues in order, none on another, each said in or after its step."""
    catalogue, options = case
    plan = make_plan(catalogue, options)
    voicing = Voicing(estimate_seconds, tone_seconds, countdown=countdown, ask=ask, opening=opening, speed=speed)
    timeline = build_timeline(plan, catalogue, voicing)
    offsets = plan.offsets()
    for before, after in itertools.pairwise(timeline.cues):
        assert before.end <= after.start + 1e-9
    for cue in timeline.cues:
        assert cue.at >= offsets[cue.step] - 1e-9 if cue.step >= 0 else cue.wait
    musts = [c for c in timeline.cues if c.priority is Priority.MUST and c.clip.text.endswith("Hold.")]
    holds = [s for s in plan.steps if s.kind is StepKind.HOLD]
    assert len(musts) == len(holds) or timeline.notes
