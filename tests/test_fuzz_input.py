"""Any text given as a catalogue or config file: a valid result or the clean error, never another exception."""

from __future__ import annotations

import pytest

from backrehab.catalogue import CatalogueError, parse_catalogue
from backrehab.config import ConfigError, parse_config

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
