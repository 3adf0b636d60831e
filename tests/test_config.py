"""The config file: defaults for a session, overridden by the command line, checked like the catalogue."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from backrehab.cli.app import main
from backrehab.settings.configfile import ConfigError, config_path, parse_config
from backrehab.settings.defaults import DisplayMode

from .fakes import cannot_enter


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_all_settings_parse() -> None:
    """Every documented key is read into the Config."""
    config = parse_config(
        "voice: true\nvoice_name: en-gb\nsound: false\ndisplay: compact\nrest: 2.5\nlead_in: 8\ncountdown: 5\n"
        "routines:\n  morning: [pelvic-tilt, {id: knee-rolls, reps: 2, hold_seconds: 6}]\n"
    )
    assert (config.voice, config.voice_name, config.sound, config.display) == (
        True,
        "en-gb",
        False,
        DisplayMode.COMPACT,
    )
    assert (config.rest, config.lead_in, config.countdown) == (2.5, 8.0, 5)
    knee = config.routines["morning"].entries[1]
    assert (knee.id, knee.reps, knee.hold_seconds, knee.line) == ("knee-rolls", 2, 6, 9)


def test_bad_values_are_all_reported() -> None:
    """Each bad value gets its own located line, as for the catalogue."""
    with pytest.raises(ConfigError) as caught:
        parse_config("display: huge\nrest: -1\ncountdown: 20\nsound: loud\nvoise: true\n", label="c.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "c.yaml:5:1: voise: unknown key (did you mean 'voice'?); known keys: countdown, display, keep_screen_on, "
        "lead_in, rest, routines, sound, voice, voice_name, weekly_goal",
        "c.yaml:1:10: display: must be one of big, compact, plain, got 'huge'",
        "c.yaml:2:7: rest: must be a number from 0 to 3600, got -1",
        "c.yaml:3:12: countdown: must be a whole number from 0 to 10, got 20",
        "c.yaml:4:8: sound: must be true or false, got 'loud'",
    ]


@pytest.mark.parametrize("key", ["rest", "lead_in"])
@pytest.mark.parametrize("value", ["1" + "0" * 400, "-1" + "0" * 400, "1.0e+309", ".nan"])
def test_numbers_too_big_for_a_float_are_a_located_problem(key: str, value: str) -> None:
    """A whole number of 400 digits, an overflowing float, NaN: the number's own message, not an OverflowError."""
    with pytest.raises(ConfigError) as caught:
        parse_config(f"{key}: {value}\n", label="c.yaml")
    (problem,) = caught.value.problems
    assert str(problem).startswith(f"c.yaml:1:{len(key) + 3}: {key}: must be a number from 0 to 3600, got ")


def test_empty_file_sets_nothing() -> None:
    """An empty config file is allowed and sets nothing."""
    assert parse_config("").rest is None


def test_config_path_follows_the_platform(isolated_env: Path) -> None:
    """Without BACKREHAB_CONFIG the file is in the user's config folder."""
    assert config_path() == isolated_env / ".config" / "backrehab" / "config.yaml"


def test_command_line_wins_over_config(tmp_path: Path) -> None:
    """rest from the file applies; --rest on the command line wins over it."""
    path = write(tmp_path, "rest: 2\nlead_in: 4\n")
    runner = CliRunner(env={"BACKREHAB_CONFIG": str(path)})
    from_file = runner.invoke(main, ["session", "--plan", "--only", "pelvic-tilt"]).output
    assert "  0:00     4 s  Pelvic tilt: get into position" in from_file
    assert "2 s  Pelvic tilt: rest" in from_file
    from_cli = runner.invoke(main, ["session", "--plan", "--only", "pelvic-tilt", "--rest", "7"]).output
    assert "7 s  Pelvic tilt: rest" in from_cli


def test_bad_config_stops_a_session_with_exit_2(tmp_path: Path) -> None:
    """A session refuses a broken config file: one line per problem, exit 2."""
    path = write(tmp_path, "rest: soon\n")
    result = CliRunner().invoke(main, ["--config", str(path), "session", "--plan"])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {path}:1:7: rest: must be a number, got 'soon'\n"


def test_config_show_says_where_each_value_comes_from(tmp_path: Path) -> None:
    """config show lists every setting with "config file" or "default"."""
    path = write(tmp_path, "countdown: 5\n")
    output = CliRunner().invoke(main, ["--config", str(path), "config", "show"]).output
    assert "countdown: 5  # config file" in output
    assert "rest: 5  # default" in output


def test_config_path_command(tmp_path: Path) -> None:
    """config path prints the file in use."""
    path = tmp_path / "x.yaml"
    assert CliRunner().invoke(main, ["--config", str(path), "config", "path"]).output == f"{path}\n"


def test_a_named_config_file_must_exist(tmp_path: Path) -> None:
    """--config with a file that is not there is an error (exit 2), not silently the defaults."""
    missing = tmp_path / "nonexist.yaml"
    result = CliRunner().invoke(main, ["--config", str(missing), "session", "--plan"])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {missing}: no such config file\n"


def test_session_settings_take_the_command_line_over_the_config_file_over_the_defaults() -> None:
    """A setting given on the command line wins; else the config file's; else the default (None: no file)."""
    from backrehab.settings.ineffect import resolve

    config = parse_config("display: compact\ncountdown: 5\nvoice: false\nvoice_name: en-gb\n", label="c.yaml")
    asked = {"display": None, "voice": None, "voice_name": None, "sound": None, "countdown": None}
    terminal = {"out_terminal": True, "in_terminal": True}
    from_file = resolve(config, **asked, **terminal)  # type: ignore[arg-type]
    assert (from_file.display, from_file.countdown, from_file.voice, from_file.voice_name, from_file.sound) == (
        DisplayMode.COMPACT,
        5,
        False,
        "en-gb",
        True,
    )
    given = resolve(config, **{**asked, "display": DisplayMode.BIG, "countdown": 2, "voice": True}, **terminal)  # type: ignore[arg-type]
    assert (given.display, given.countdown, given.voice) == (DisplayMode.BIG, 2, True)
    defaults = resolve(None, **asked, **terminal)  # type: ignore[arg-type]
    assert (defaults.display, defaults.countdown, defaults.voice, defaults.voice_name) == (
        DisplayMode.BIG,
        3,
        True,
        None,
    )
    piped = resolve(None, **asked, out_terminal=False, in_terminal=False)  # type: ignore[arg-type]
    assert (piped.display, piped.voice, piped.sound, piped.keys) == (DisplayMode.PLAIN, False, False, False)


@pytest.mark.parametrize(
    "command",
    [["list"], ["config", "show"], ["routines"], ["session", "--plan"], ["export", "-o", "handout.html"]],
)
def test_a_config_folder_that_cannot_be_entered_is_one_line(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`chmod 000 ~/.config/backrehab`: the config file named, why it cannot be read, exit 2; never "unexpected"."""
    path = config_path()
    path.parent.mkdir(parents=True)
    path.write_text("rest: 2\n")
    monkeypatch.chdir(tmp_path)
    cannot_enter(monkeypatch, path.parent)
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 2, result.output
    assert result.stderr == f"Error: {path}: cannot read config: Permission denied\n"
