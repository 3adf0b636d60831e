"""Any text given as a catalogue or config file: a valid result or the clean error, never another exception."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

from backrehab.catalogue import CatalogueError, parse_catalogue
from backrehab.cli import main
from backrehab.config import ConfigError, parse_config
from backrehab.display import CompactDisplay
from backrehab.plan import PlanOptions, make_plan
from backrehab.runner import Answer, run_session

from .fakes import FakeClock

MINIMAL = """\
exercises:
  - id: pelvic-tilt
    name: Pelvic tilt
    posture: back
    position: On your back.
    steps: [Tilt.]
    hold_seconds: 5
    reps: 5
"""


def catalogue_problems(text: str) -> list[str]:
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue(text, label="cat.yaml")
    return [str(p) for p in caught.value.problems]


def config_problems(text: str) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        parse_config(text, label="config.yaml")
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("!!bool maybe", "per_side: must be true or false, got 'maybe'"),
        ("!!timestamp soon", "per_side: must be true or false, got 'soon'"),
    ],
)
def test_explicit_tag_that_does_not_fit_its_value_is_a_problem(value: str, expected: str) -> None:
    """`!!bool maybe` or `!!timestamp soon` is reported at its place, not a crash nor a silent true."""
    assert catalogue_problems(MINIMAL + f"    per_side: {value}\n") == [f"cat.yaml:9:15: pelvic-tilt.{expected}"]


def test_explicit_tag_in_config_that_does_not_fit_is_a_problem() -> None:
    """The config file shares the checker: `voice: !!bool perhaps` is one located problem."""
    assert config_problems("voice: !!bool perhaps\n") == [
        "config.yaml:1:8: voice: must be true or false, got 'perhaps'"
    ]


def test_text_with_a_lone_surrogate_is_a_problem() -> None:
    """Text that is not valid Unicode (a lone surrogate, e.g. from a mis-decoded file) is one clean problem."""
    assert catalogue_problems("exercises: [\ud800]") == [
        "cat.yaml: not valid Unicode text: surrogates not allowed at character 13"
    ]
    assert config_problems("voice: \udfff") == [
        "config.yaml: not valid Unicode text: surrogates not allowed at character 8"
    ]


def test_routine_names_must_be_words_and_given_once() -> None:
    """A list as a routine's name, or a name used twice, is a located problem rather than a garbled routine."""
    text = "routines:\n  [a, b]: [pelvic-tilt]\n  morning: [pelvic-tilt]\n  morning: [leg-raise]\n"
    assert config_problems(text) == [
        "config.yaml:2:3: routines: routine names must be plain words",
        "config.yaml:4:3: routines.morning: routine given twice (first on line 3)",
    ]


MARKUP = """\
advice: ["Drink [/water]."]
pain_advice: "Stop [/now]."
exercises:
  - id: pelvic-tilt
    name: "Tilt [/b] [bold"
    posture: back
    position: "On your [/] back."
    steps: ["Tilt [/red]."]
    hold_seconds: 1
    reps: 1
    per_side: true
    side_label: "[/leg]"
    cautions: [{text: "Careful [/i].", confirm: true}]
"""


@pytest.mark.parametrize("command", [["list"], ["show", "pelvic-tilt"]])
def test_square_brackets_in_catalogue_text_are_shown_as_written(command: list[str], tmp_path: Path) -> None:
    """Text like "[/b]" in a catalogue is printed literally by list and show, not parsed as (broken) markup."""
    path = tmp_path / "cat.yaml"
    path.write_text(MARKUP, encoding="utf-8")
    result = CliRunner().invoke(main, ["--catalogue", str(path), *command], catch_exceptions=False)
    assert result.exit_code == 0
    assert "Tilt [/b] [bold" in result.output


def test_square_brackets_in_catalogue_text_survive_the_live_view() -> None:
    """The terminal view prints names, advice and cautions with brackets as written, to the summary."""
    catalogue = parse_catalogue(MARKUP)
    clock = FakeClock()
    out = io.StringIO()
    display = CompactDisplay(catalogue, Console(file=out, force_terminal=True, width=80), now=clock.now)
    run_session(
        plan=make_plan(catalogue, PlanOptions(lead_in=1)),
        clock=clock,
        listeners=[display],
        confirm=lambda exercise, caution: Answer.YES_BY_OPTION,
    )
    text = out.getvalue()
    for shown in ("Drink [/water].", "Careful [/i].", "Tilt [/b] [bold done", "Session complete"):
        assert shown in text


def test_control_character_is_one_located_line() -> None:
    """A control character (e.g. pasted from a terminal) is one problem at its line and column."""
    assert catalogue_problems("exercises:\n  - id: a\x1f\n") == [
        "cat.yaml:2:10: YAML syntax error: character #x001f not allowed: control characters are not allowed"
    ]


def test_key_with_a_line_break_stays_on_one_line() -> None:
    """A quoted key spanning lines is named on one line, so each problem stays one line."""
    assert config_problems('"a\\nb": 1\n') == [
        "config.yaml:1:1: a b: unknown key; known keys: countdown, display, lead_in, rest, routines, sound, voice, "
        "voice_name"
    ]
