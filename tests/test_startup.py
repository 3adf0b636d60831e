"""Start-up stays cheap: each command loads only what it uses (see benchmarks/README.md)."""

from __future__ import annotations

import ast
import importlib.util
import subprocess
import sys
from pathlib import Path

import click
import pytest

pytestmark = pytest.mark.slow  # a real process in real time


def existing(name: str) -> str:
    """`name`, checked to be a module that exists: a moved module fails here, not in a check that passes on nothing."""
    assert importlib.util.find_spec(name) is not None, f"no module {name}"
    return name


#: Modules a command may not load unless it needs them; each costs start-up time.
HEAVY = (
    "backrehab.catalogue.model",
    "backrehab.plan",
    "backrehab.catalogue.yamlcheck",
    "backrehab.session.runner",
    "json",
    "pathlib",
)


def loaded_by(args: list[str]) -> list[str]:
    code = (
        "import sys, io, contextlib\n"
        "before = set(sys.modules)\n"
        f"sys.argv = ['backrehab', *{args!r}]\n"
        "from backrehab.cli.app import run\n"
        "out = io.StringIO()\n"
        "try:\n"
        "    with contextlib.redirect_stdout(out): run()\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.__stdout__.write(repr(sorted(set(sys.modules) - before)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded: list[str] = ast.literal_eval(result.stdout)
    return loaded


def test_a_module_that_does_not_exist_is_caught() -> None:
    """A name left behind by a move (`backrehab.recording`, now `backrehab.history.recorder`) fails the check."""
    with pytest.raises(AssertionError, match=r"no module backrehab\.recording"):
        existing("backrehab.recording")


def test_help_loads_nothing_but_the_command_line() -> None:
    """`backrehab --help` builds no catalogue, plan or runner classes and imports no pathlib."""
    heavy = [existing(name) for name in HEAVY]
    assert [m for m in loaded_by(["--help"]) if m in heavy] == []


@pytest.mark.parametrize("args", [["list"], ["show", "pelvic-tilt"]])
def test_list_and_show_leave_the_runner_alone(args: list[str]) -> None:
    """list and show need the catalogue and plan, but not the session runner and its events."""
    assert existing("backrehab.session.runner") not in loaded_by(args)


@pytest.mark.parametrize("args", [["list"], ["show", "pelvic-tilt"]])
def test_list_and_show_load_the_config_module_only_for_a_config_file(
    args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a config file, list and show learn that nothing is set without loading the config's classes."""
    config_module = existing("backrehab.settings.configfile")
    assert config_module not in loaded_by(args)
    config = tmp_path / "home" / ".config" / "backrehab" / "config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text("rest: 1\n", encoding="utf-8")
    assert config_module in loaded_by(args)


def test_a_warm_list_and_show_import_neither_yaml_nor_sqlite3(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After one run has checked the catalogue and worked the holds out, list and show take both from the cache."""
    monkeypatch.setenv("BACKREHAB_HOME", str(tmp_path / "data"))
    backrehab = [sys.executable, "-m", "backrehab"]
    session = [*backrehab, "session", "--yes", "--only", "pelvic-tilt", "--lead-in", "0", "--speed", "10000"]
    subprocess.run(session, capture_output=True, check=True)
    assert "sqlite3" in loaded_by(["list"])  # the session wrote the history: the holds are worked out again
    for args in (["list"], ["show", "pelvic-tilt"]):
        loaded = loaded_by(args)
        assert existing("backrehab.cache") in loaded
        unwanted = [
            existing(m) for m in ("yaml", "sqlite3", "backrehab.history.store", "backrehab.history.progression")
        ]
        assert [m for m in loaded if m in unwanted] == []


def test_session_plan_loads_no_history_report_and_no_config_without_a_config_file() -> None:
    """`session --plan` shows the plan and today's holds without the history's report or stats or the config classes."""
    unwanted = [
        existing(m) for m in ("backrehab.history.report", "backrehab.history.stats", "backrehab.settings.configfile")
    ]
    assert [m for m in loaded_by(["session", "--plan"]) if m in unwanted] == []


@pytest.mark.parametrize(
    ("args", "figures"),
    [
        (["list"], False),
        (["show", "pelvic-tilt"], False),  # into a pipe: nothing is drawn
        (["session", "--plan"], False),
        (["list", "--json"], True),
        (["show", "pelvic-tilt", "--json"], True),
    ],
)
def test_a_warm_start_rebuilds_the_figures_only_to_print_them(args: list[str], figures: bool) -> None:
    """The cached catalogue brings the pose classes only for figures printed; never kinematics, drawing or checks."""
    loaded_by(args)  # fills the cache
    loaded = loaded_by(args)
    assert (existing("backrehab.figures.pose") in loaded) == figures
    checks = ("backrehab.catalogue.check", "backrehab.catalogue.yamlcheck", "backrehab.figures.check")
    unwanted = [existing(m) for m in ("backrehab.figures.body", "backrehab.figures.draw", *checks)]
    assert [m for m in loaded if m in unwanted] == []


def test_no_cache_checks_the_catalogue_at_every_start(tmp_path: Path) -> None:
    """With --no-cache, a warm cache is not read: the catalogue is checked with PyYAML again."""
    loaded_by(["list"])
    assert existing("yaml") in loaded_by(["--no-cache", "list"])


def test_help_and_list_import_no_other_command() -> None:
    """`--help` imports no command's module, `list` only its own: none of the others (history, remind, export, …)."""
    commands = existing("backrehab.cli.commands")
    own = {"--help": [], "list": [existing(f"{commands}.exercises")]}
    for args in (["--help"], ["list"]):
        assert [m for m in loaded_by(args) if m.startswith(f"{commands}.")] == own[args[0]]


def test_help_lists_every_command_with_its_own_help() -> None:
    """Each command's help page opens on its stored line, and `--help` reads the same loaded or not."""
    from backrehab.cli.app import LAZY_COMMANDS, main

    ctx = click.Context(main)
    for name in LAZY_COMMANDS:
        main.commands.pop(name, None)  # as in a fresh process: nothing loaded yet
    lazy = main.get_help(ctx)
    for name in LAZY_COMMANDS:
        main.get_command(ctx, name)
    assert main.get_help(click.Context(main)) == lazy
    for name in LAZY_COMMANDS:
        command = main.get_command(ctx, name)
        assert command is not None
        assert command.help is not None
        assert command.help.split("\n\n")[0] == LAZY_COMMANDS[name].help
        assert command.help.count(LAZY_COMMANDS[name].help) == 1


@pytest.mark.parametrize("columns", [None, "", "abc", "0", "-5", "40", "120"])
def test_help_width_is_the_one_shutil_gives(monkeypatch: pytest.MonkeyPatch, columns: str | None) -> None:
    """The help page is as wide as click would make it with shutil: $COLUMNS if valid, else the terminal or 80."""
    import shutil

    from backrehab.cli.lazygroup import terminal_columns

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    monkeypatch.setenv("LINES", "24")
    assert terminal_columns() == shutil.get_terminal_size().columns


def test_help_imports_no_shutil() -> None:
    """`backrehab --help` lays out its page without importing shutil and its archive modules."""
    assert existing("shutil") not in loaded_by(["--help"])


@pytest.mark.skipif(sys.platform != "linux", reason="elsewhere platformdirs names the folders")
@pytest.mark.parametrize("args", [["list"], ["show", "pelvic-tilt"]])
def test_list_and_show_find_the_history_without_platformdirs(args: list[str]) -> None:
    """Finding the history folder under plain XDG settings does not pay for importing platformdirs."""
    assert existing("platformdirs") not in loaded_by(args)


def test_a_session_without_voice_or_sound_builds_no_audio_timeline() -> None:
    """With voice and sound off, a session imports neither the audio timeline nor the cues that play it.

    Not even at a caution (4 ms late at one, every later hold with it, when it looked for a question to withdraw).
    """
    args = ["session", "--yes", "--only", "pelvic-tilt,hamstring-stretch", "--no-voice", "--no-sound", "--speed", "1e6"]
    loaded = loaded_by(args)
    assert existing("backrehab.session.runner") in loaded  # the session did run
    assert [m for m in loaded if m in (existing("backrehab.audio.timeline"), existing("backrehab.audio.cues"))] == []


def test_a_recorded_session_loads_no_history_report_or_stats_and_no_config_without_a_file() -> None:
    """A session writes the history but reads no report of it: neither the report nor the stats classes load,
    nor, with no config file, the config's."""
    args = ["session", "--yes", "--only", "pelvic-tilt", "--no-voice", "--no-sound", "--speed", "1000000"]
    loaded = loaded_by(args)
    assert existing("backrehab.history.recorder") in loaded  # the session was recorded
    unwanted = [
        existing(m) for m in ("backrehab.history.report", "backrehab.history.stats", "backrehab.settings.configfile")
    ]
    assert [m for m in loaded if m in unwanted] == []


@pytest.mark.parametrize("args", [["--help"], ["list"], ["show", "pelvic-tilt"]])
def test_commands_that_run_no_session_leave_the_signal_module_alone(args: list[str]) -> None:
    """Only a session handles signals: the rest do not pay for building `signal`'s enums."""
    assert "signal" not in loaded_by(args)
