"""Any text given as a catalogue or config file: a valid result or the clean error, never another exception."""

from __future__ import annotations

import io
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from rich.console import Console

from backrehab.catalogue.check import parse_catalogue
from backrehab.catalogue.model import CatalogueError
from backrehab.catalogue.yamlcheck import InputError
from backrehab.cli.app import main
from backrehab.plan import PlanOptions, make_plan
from backrehab.screen.live import CompactDisplay
from backrehab.session.events import Answer
from backrehab.session.runner import run_session
from backrehab.settings.configfile import ConfigError, parse_config

from .fakes import FakeClock
from .samples import PELVIC_TILT
from .strategies import catalogue_texts, config_texts


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
    assert catalogue_problems(PELVIC_TILT + f"    per_side: {value}\n") == [f"cat.yaml:9:15: pelvic-tilt.{expected}"]


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
    display.close()  # the end screen goes, and the summary is printed where it stays
    text = out.getvalue()
    for shown in ("Drink [/water].", "Careful [/i].", "Tilt [/b] [bold done", "Session complete"):
        assert shown in text


FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def assert_clean(error: InputError, label: str) -> None:
    """A clean error: at least one problem, each one line naming the file."""
    assert error.problems
    for problem in error.problems:
        text = str(problem)
        assert text.startswith(label)
        assert "\n" not in text
        assert "Traceback" not in text


@FUZZ
@given(catalogue_texts())
def test_any_text_is_a_catalogue_or_a_clean_error(text: str) -> None:
    """Whatever the text, parse_catalogue gives a catalogue of sound exercises or a CatalogueError."""
    try:
        catalogue = parse_catalogue(text, label="cat.yaml")
    except CatalogueError as error:
        assert_clean(error, "cat.yaml")
        return
    assert catalogue.exercises
    assert len(set(catalogue.ids)) == len(catalogue.ids)
    for exercise in catalogue.exercises:
        assert exercise.hold_seconds > 0
        assert exercise.reps > 0
        assert exercise.steps


@FUZZ
@given(config_texts())
def test_any_text_is_a_config_or_a_clean_error(text: str) -> None:
    """Whatever the text, parse_config gives a config or a ConfigError."""
    try:
        config = parse_config(text, label="config.yaml")
    except ConfigError as error:
        assert_clean(error, "config.yaml")
        return
    for routine in config.routines.values():
        assert routine.entries


def invoke_with_file(option: str, text: str, *args: str) -> Result:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "file.yaml"
        path.write_text(text, encoding="utf-8")
        return CliRunner().invoke(main, [option, str(path), *args])


def assert_exit_0_or_2(result: Result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 2)
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        assert result.stderr.startswith("Error: ")


@settings(FUZZ, max_examples=40)
@given(catalogue_texts())
def test_any_catalogue_file_lists_or_exits_2(text: str) -> None:
    """`--catalogue FILE list` prints the table or exits 2 with one error line per problem."""
    assert_exit_0_or_2(invoke_with_file("--catalogue", text, "list"))


@settings(FUZZ, max_examples=40)
@given(config_texts())
def test_any_config_file_plans_or_exits_2(text: str) -> None:
    """`--config FILE session --plan` prints the plan or exits 2 with one error line per problem."""
    result = invoke_with_file("--config", text, "session", "--plan")
    assert_exit_0_or_2(result)
    if result.exit_code == 0:
        assert any(line.startswith("Total: ") for line in result.output.splitlines())


NASTY_FILES = {
    "python tag": "exercises: !!python/object/apply:os.system ['echo hacked']\n",
    "deep nesting": "[" * 5000 + "]" * 5000,
    "recursive alias": "exercises: &a [*a]\n",
    "not UTF-8": "exercises: [caf\xe9]\n",
    "markup": MARKUP,
}


@pytest.mark.parametrize("text", NASTY_FILES.values(), ids=NASTY_FILES.keys())
def test_the_real_command_never_shows_a_traceback(text: str, tmp_path: Path) -> None:
    """Run as a process, `backrehab --catalogue FILE list` exits 0 or 2 with nothing but error lines on stderr."""
    path = tmp_path / "cat.yaml"
    path.write_bytes(text.encode("latin-1") if text.startswith("exercises: [caf") else text.encode("utf-8"))
    result = subprocess.run(
        [sys.executable, "-m", "backrehab", "--catalogue", str(path), "list"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode in (0, 2)
    assert all(line.startswith("Error: ") for line in result.stderr.splitlines())
    assert "hacked" not in result.stdout


def test_control_character_is_one_located_line() -> None:
    """A control character (e.g. pasted from a terminal) is one problem at its line and column."""
    assert catalogue_problems("exercises:\n  - id: a\x1f\n") == [
        "cat.yaml:2:10: YAML syntax error: character #x001f not allowed: control characters are not allowed"
    ]


def test_key_with_a_line_break_stays_on_one_line() -> None:
    """A quoted key spanning lines is refused on one line, its line break shown as an escape."""
    assert config_problems('"a\\nb": 1\n') == [
        "config.yaml:1:1: a key must not contain control characters, got \\n at character 2 of 'a\\nb'"
    ]


def test_square_brackets_in_catalogue_text_survive_the_caution_question() -> None:
    """The boxed caution and its yes/no question show a name and text with brackets as written."""
    catalogue = parse_catalogue(MARKUP)
    exercise = catalogue.exercises[0]
    console = Console(file=io.StringIO(), force_terminal=True, width=80, record=True)
    display = CompactDisplay(catalogue, console, now=FakeClock().now)
    display.ask(exercise, exercise.cautions[0])
    console.print(display.render())
    text = console.export_text()
    for shown in ("Careful [/i].", "Caution — Tilt [/b] [bold", "Do Tilt [/b] [bold now?"):
        assert shown in text
