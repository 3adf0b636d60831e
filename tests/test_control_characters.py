"""Control characters in catalogue and config text: refused at load time, and never sent to a terminal anyway."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from backrehab.audio.cues import ProcessChannel, speech_command
from backrehab.audio.timeline import Clip, CueKind
from backrehab.catalogue.check import parse_catalogue
from backrehab.catalogue.load import load_catalogue
from backrehab.catalogue.model import Catalogue, CatalogueError, Caution
from backrehab.cli.app import main
from backrehab.plan import PlanOptions, make_plan
from backrehab.printable import CONTROL_CODES, first_control, shown, spoken
from backrehab.screen.planview import plan_lines
from backrehab.screen.static import catalogue_table, exercise_panel
from backrehab.settings.configfile import Config, ConfigError, Routine, RoutineEntry, parse_config
from backrehab.settings.ineffect import effective_settings
from backrehab.settings.routines import resolve_all, summarise

from .samples import PELVIC_TILT

#: A name that sets the window title, writes the clipboard (OSC 52) and clears the screen.
HOSTILE = r'"Tilt\e]0;PWNED\e\\\e]52;c;aGk=\e\\\e[2J"'


def catalogue_problems(text: str) -> list[str]:
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue(text, label="cat.yaml")
    return [str(p) for p in caught.value.problems]


def test_escape_sequence_in_a_name_is_refused_with_its_location() -> None:
    """A name holding ESC fails to load, located like every other problem, the ESC shown as \\x1b."""
    text = PELVIC_TILT.replace("name: Pelvic tilt", f"name: {HOSTILE}")
    assert catalogue_problems(text) == [
        "cat.yaml:3:11: pelvic-tilt.name: must not contain control characters, "
        r"got \x1b at character 5 of 'Tilt\x1b]0;PWNED\x1b\\x1b]52;c;aGk=\x1b…'"
    ]


@pytest.mark.parametrize(
    ("escape", "shown"),
    [(r"\0", r"\x00"), (r"\a", r"\x07"), (r"\x7f", r"\x7f"), (r"\x9b", r"\x9b"), (r"\N", r"\x85"), (r"\r", r"\r")],
)
def test_every_kind_of_control_character_is_refused(escape: str, shown: str) -> None:
    """NUL, BEL, DEL, C1 (CSI, NEL) and a carriage return are all refused in a step's text."""
    text = PELVIC_TILT.replace("steps: [Tilt.]", f'steps: ["Tilt{escape}."]')
    (problem,) = catalogue_problems(text)
    assert problem.startswith("cat.yaml:6:13: pelvic-tilt.steps[1]: must not contain control characters, got ")
    assert f"got {shown} at character 5" in problem


def test_tabs_and_line_breaks_stay_allowed_where_text_runs_over_lines() -> None:
    """A step written over several lines (a folded or literal block) still loads: its spaces are tidied."""
    text = PELVIC_TILT.replace(
        "steps: [Tilt.]", 'steps:\n      - |\n        Tilt\n        gently.\n      - "Slow\\tdown."'
    )
    catalogue = parse_catalogue(text)
    assert catalogue.exercises[0].steps == ("Tilt gently.", "Slow down.")


def test_a_key_with_a_control_character_is_refused() -> None:
    """A mapping key holding a control character is refused, and the message shows it escaped."""
    problems = catalogue_problems(PELVIC_TILT + '    "notes\\e[2J": [x]\n')
    assert problems == [
        "cat.yaml:9:5: pelvic-tilt: a key must not contain control characters, "
        r"got \x1b at character 6 of 'notes\x1b[2J'"
    ]


def test_config_text_and_routine_names_are_checked_too() -> None:
    """The config file's voice name and routine names are refused with a control character, each located."""
    text = 'voice_name: "en\\x07"\nroutines:\n  "morning\\e]0;x\\a": [pelvic-tilt]\n'
    with pytest.raises(ConfigError) as caught:
        parse_config(text, label="c.yaml")
    assert [str(p) for p in caught.value.problems] == [
        r"c.yaml:1:13: voice_name: must not contain control characters, got \x07 at character 3 of 'en\x07'",
        "c.yaml:3:3: routines: a routine name must not contain control characters, "
        r"got \x1b at character 8 of 'morning\x1b]0;x\x07'",
    ]


def test_validate_never_echoes_a_control_character(tmp_path: Path) -> None:
    """Every message of `validate` shows control characters as escapes, whatever check reported them."""
    text = PELVIC_TILT.replace("hold_seconds: 5", 'hold_seconds: "5\\e[2J"').replace(
        "posture: back", 'posture: "back\\e]52;c;aGk=\\a"'
    )
    path = tmp_path / "cat\x1b[2J.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    assert "\x1b" not in result.output
    assert "\x07" not in result.output
    assert r"pelvic-tilt.posture: must be one of front, back, all-fours, kneeling, standing, got 'back\x1b]52;" in (
        result.stderr
    )
    assert r"cat\x1b[2J.yaml:7:19: pelvic-tilt.hold_seconds: must be a positive whole number, got '5\x1b[2J'" in (
        result.stderr
    )


@pytest.mark.parametrize(
    ("value", "shown"),
    [("2020-01-01", "got 2020-01-01"), ("!!binary aGVsbG8=", "got !!binary aGVsbG8="), ("yes", "got yes")],
)
def test_messages_show_values_as_written(value: str, shown: str) -> None:
    """A wrong value is quoted as the file writes it, not as a Python repr (no datetime.date, no b'...')."""
    text = PELVIC_TILT.replace("name: Pelvic tilt", f"name: {value}")
    (problem,) = catalogue_problems(text)
    assert problem.endswith(f"pelvic-tilt.name: must be some text, {shown}")


def hostile_catalogue() -> Catalogue:
    """A catalogue built without the loader's checks, as a future loader or a bug might let through."""
    bad = "Tilt\x1b]0;PWNED\x07\x1b[2J\x00\x9b"
    exercise = replace(
        load_catalogue().exercises[0],
        name=bad,
        position=bad,
        steps=(bad,),
        notes=(bad,),
        progression=bad,
        cautions=(Caution(bad),),
    )
    return Catalogue(exercises=(exercise,))


def rendered(renderable: object) -> str:
    console = Console(file=io.StringIO(), width=100, force_terminal=True, color_system=None, emoji=False)
    console.print(renderable)
    return console.file.getvalue()  # type: ignore[attr-defined]


def test_list_show_and_plan_never_print_a_control_character() -> None:
    """Whatever the catalogue holds, list's table, show's panel and --plan's lines show control characters escaped."""
    catalogue = hostile_catalogue()
    options = PlanOptions()
    table = rendered(catalogue_table(catalogue, options))
    panel = rendered(exercise_panel(catalogue.exercises[0], options, 1))
    plan = "\n".join(plan_lines(make_plan(catalogue, options)))
    for output in (table, panel, plan):
        assert not any(char in output for char in "\x00\x07\x9b"), output
        assert "\x1b]" not in output
        assert "\x1b[2J" not in output
        assert r"Tilt\x1b]0;PWNED\x07" in output


def test_window_title_never_carries_the_names_control_characters(clock: object) -> None:
    """The live view sets the window title with the name's control characters escaped, so it cannot end early."""
    from backrehab.plan import make_plan as plan_for
    from backrehab.screen.live import CompactDisplay

    catalogue = hostile_catalogue()
    out = io.StringIO()
    console = Console(file=out, width=80, height=24, force_terminal=True, color_system=None)
    display = CompactDisplay(catalogue, console)
    display.title_pushed = True
    display.step = plan_for(catalogue, PlanOptions()).steps[0]
    display.set_title()
    written = out.getvalue()
    assert written.startswith("\x1b]2;")
    assert written.endswith("\x07")
    assert written.count("\x1b") == 1
    assert written.count("\x07") == 1
    assert r"Tilt\x1b]0;PWNED\x07\x1b[2J\x00\x9b — " in written


def test_a_nul_in_spoken_text_does_not_stop_the_session() -> None:
    """A NUL or ESC in what is said reaches the engine as a space (a NUL would crash the process start)."""
    channel = ProcessChannel(speech=lambda text: speech_command("espeak-ng", "/bin/true", text, None), tones=None)
    try:
        channel.play(Clip(CueKind.SPEECH, "Tilt\x00now\x1b", 0.1))
    finally:
        channel.close(finish=True)
    assert not channel.thread.is_alive()
    assert speech_command("espeak-ng", "espeak-ng", spoken("a\x00b"), None)[0][-1] == "a b"


def test_macos_say_gets_double_dash_before_the_text() -> None:
    """`say` is given `--`, so a name starting with "-" is spoken, not taken as an option."""
    assert speech_command("say", "/usr/bin/say", "-o file", "Daniel") == (
        ["/usr/bin/say", "-v", "Daniel", "--", "-o file"],
        None,
    )


def test_config_show_and_routines_escape_what_they_print(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`config show` and `routines` print a routine name's control characters as escapes (defence in depth)."""
    config = Config(
        voice_name="en\x1b[2J",
        routines={"am\x1b]0;x\x07": Routine("am\x1b]0;x\x07", (RoutineEntry("pelvic-tilt"),))},
        path=tmp_path / "c.yaml",
    )
    summary = summarise(resolve_all(config, load_catalogue())[0], load_catalogue(), PlanOptions())
    assert summary.lines()[0].startswith(r"am\x1b]0;x\x07: 1 exercise")
    lines = list(effective_settings(config))
    assert ("voice_name", "en\x1b[2J", "config file") in lines  # the value itself is kept, only output escapes
    monkeypatch.setattr("backrehab.settings.configfile.load_config", lambda path=None: config)
    result = CliRunner().invoke(main, ["config", "show"])
    assert "\x1b" not in result.output
    assert "\x07" not in result.output
    assert r"voice_name: en\x1b[2J  # config file" in result.output
    assert r"routines.am\x1b]0;x\x07: pelvic-tilt  # config file" in result.output


def test_an_unknown_name_is_echoed_escaped() -> None:
    """`show` with a name holding an escape sequence answers with the sequence shown, not sent."""
    result = CliRunner().invoke(main, ["show", "tilt\x1b]0;x\x07"])
    assert result.exit_code == 2
    assert result.stderr.startswith(r"No exercise 'tilt\x1b]0;x\x07'.")


def test_validate_ok_line_escapes_the_file_name(tmp_path: Path) -> None:
    """Even a good file whose name holds an escape sequence is named with the sequence shown, not sent."""
    path = tmp_path / "cat\x1b]0;x\x07.yaml"
    path.write_text(PELVIC_TILT, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0
    assert result.output == f"ok: {tmp_path}/cat\\x1b]0;x\\x07.yaml is a valid catalogue (1 exercise).\n"


@given(st.text())
def test_shown_text_never_holds_a_control_character(text: str) -> None:
    """Whatever the text, its shown form has no C0, DEL or C1 character left, and plain text is unchanged."""
    out = shown(text)
    assert first_control(out) is None
    if first_control(text) is None:
        assert out == text


@given(st.text(), st.text(max_size=3))
def test_first_control_finds_exactly_the_codes_shown_as_escapes(text: str, allowed: str) -> None:
    """The check at load time and the escaping at output agree on what a control character is."""
    expected = next((i for i, c in enumerate(text) if ord(c) in CONTROL_CODES and c not in allowed), None)
    assert first_control(text, allowed) == expected


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1, max_size=30))
def test_any_name_either_loads_plain_or_is_refused(name: str) -> None:
    """A name of any characters, written as a YAML double-quoted string, never loads holding a control character."""
    quoted = json.dumps(name)  # JSON strings are YAML double-quoted strings
    text = PELVIC_TILT.replace("name: Pelvic tilt", f"name: {quoted}")
    try:
        printed = [parse_catalogue(text, label="cat.yaml").exercises[0].name]
    except CatalogueError as error:
        printed = [str(p) for p in error.problems]
    assert all(first_control(line) is None for line in printed)


# -- bidirectional controls and every message that quotes a value -----------------

BIDI = ["\u202e", "\u202a", "\u2066", "\u2069", "\u200e", "\u200f", "\u061c"]


@pytest.mark.parametrize("char", BIDI, ids=[f"U+{ord(c):04X}" for c in BIDI])
def test_bidirectional_controls_are_refused_in_catalogue_and_config_text(char: str) -> None:
    """A character that reorders what is shown (RIGHT-TO-LEFT OVERRIDE, isolates, marks) fails to load, escaped."""
    text = PELVIC_TILT.replace("steps: [Tilt.]", f'steps: ["Tilt{char}."]')
    (problem,) = catalogue_problems(text)
    assert f"must not contain control characters, got \\u{ord(char):04x} at character 5" in problem
    with pytest.raises(ConfigError) as caught:
        parse_config(f'voice_name: "en{char}gb"\n', label="config.yaml")
    assert f"\\u{ord(char):04x}" in str(caught.value.problems[0])


def printed(result: object) -> str:
    """All a CliRunner result wrote, stdout and stderr."""
    return str(getattr(result, "output", ""))


def assert_plain(text: str) -> None:
    """No control character but the newlines between lines."""
    assert first_control(text, "\n") is None, repr(text)


@pytest.mark.parametrize("command", [["session", "--plan"], ["export", "-o", "-"], ["remind", "set", "08:00"]])
def test_a_routine_name_with_an_escape_is_echoed_escaped(command: list[str]) -> None:
    """`--routine $'m\\e]0;x\\a'` is refused with the ESC and BEL written as escapes."""
    result = CliRunner().invoke(main, [*command, "--routine", "m\x1b]0;x\x07\u202e"])
    assert result.exit_code == 2
    assert_plain(printed(result))
    assert "m\\x1b]0;x\\x07\\u202e" in printed(result)


def test_the_wrote_line_and_the_no_sessions_line_escape_the_path(tmp_path: Path) -> None:
    """`export -o` names its file, and `history` its data folder, with control characters escaped."""
    out = tmp_path / "a\x1b]0;T\x07.html"
    result = CliRunner().invoke(main, ["export", "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0
    assert_plain(result.output)
    assert "a\\x1b]0;T\\x07.html" in result.output
    folder = tmp_path / "q\x1b[2J\u202e"
    result = CliRunner().invoke(main, ["--data-dir", str(folder), "history"], catch_exceptions=False)
    assert_plain(result.output)
    assert "No sessions recorded yet (history file: " in result.output
    assert "q\\x1b[2J\\u202e" in result.output


def test_a_rejected_pain_answer_is_echoed_escaped() -> None:
    """An answer holding an escape sequence is quoted back escaped."""
    from backrehab.history.recorder import ask_pain

    answers = iter(["7\x1b]0;x\x07", "3"])
    said: list[str] = []
    assert ask_pain(lambda _: next(answers), said.append) == 3
    assert said == ["'7\\x1b]0;x\\x07' is not a whole number from 0 to 10: type one, or press Enter to skip."]


def test_a_tampered_history_prints_escaped_in_csv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`history --csv -` of a database whose exercise id and reason were edited to hold escapes prints them escaped."""
    import sqlite3

    from .fakes import fake_surroundings

    monkeypatch.setenv("BACKREHAB_HOME", str(tmp_path / "data"))
    args = ["session", "--yes", "--lead-in", "0", "--only", "pelvic-tilt"]
    assert CliRunner().invoke(main, args, catch_exceptions=False, obj=fake_surroundings()).exit_code == 0
    with sqlite3.connect(tmp_path / "data" / "history.sqlite3") as db:
        db.execute("UPDATE results SET exercise_id = ? || exercise_id, reason = ?", ("x\x1b]0;T\x07", "r\u202e\x1b[2J"))
    db.close()
    result = CliRunner().invoke(main, ["history", "--csv", "-"], catch_exceptions=False)
    assert result.exit_code == 0
    assert_plain(result.output)
    assert "x\\x1b]0;T\\x07" in result.output
    assert "r\\u202e\\x1b[2J" in result.output


def test_json_output_writes_bidirectional_and_c1_controls_as_escapes(tmp_path: Path) -> None:
    """`--json` stays valid JSON with the same strings, but no control character reaches the terminal raw."""
    folder = tmp_path / "d\u202e\x9b"
    result = CliRunner().invoke(main, ["--data-dir", str(folder), "history", "--json"], catch_exceptions=False)
    assert_plain(result.output)
    assert str(folder) in json.dumps(json.loads(result.output), ensure_ascii=False)
