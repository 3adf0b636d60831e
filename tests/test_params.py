"""Options whose values come from an enum: help, errors and completion list the values; the command gets the member."""

from __future__ import annotations

import enum

import click
import pytest
from click.shell_completion import ShellComplete
from click.testing import CliRunner

from backrehab.audio.encode import AudioFormat
from backrehab.cli.app import main
from backrehab.cli.params import EnumChoice
from backrehab.handout.formats import Format, Paper
from backrehab.settings.defaults import DisplayMode, Order

ENUM_OPTIONS = [
    ("session", "--order", Order),
    ("session", "--display", DisplayMode),
    ("export", "--format", (Format, AudioFormat)),
    ("export", "--paper", Paper),
]


@pytest.mark.parametrize(("command", "option", "choices"), ENUM_OPTIONS)
def test_help_errors_and_completion_list_the_enums_values(
    command: str, option: str, choices: type[enum.Enum] | tuple[type[enum.Enum], ...]
) -> None:
    """`--help` shows [a|b|c], a bad value exits 2 naming every value, and Tab offers them all (of every enum
    an option takes: a handout's formats and a recording's)."""
    kinds = choices if isinstance(choices, tuple) else (choices,)
    values = [member.value for kind in kinds for member in kind]
    runner = CliRunner()
    assert f"{option} [{'|'.join(values)}]" in runner.invoke(main, [command, "--help"]).output
    bad = runner.invoke(
        main, [command, option, "nonsense", "-o", "-"] if command == "export" else [command, option, "x"]
    )
    assert bad.exit_code == 2
    listed = ", ".join(repr(v) for v in values)
    assert f"Error: Invalid value for '{option}': " in bad.output
    assert f"is not one of {listed}." in bad.output
    completions = ShellComplete(main, {}, "backrehab", "_BACKREHAB_COMPLETE").get_completions([command, option], "")
    assert [item.value for item in completions] == values


class Colour(enum.Enum):
    RED = "red"
    DARK_BLUE = "dark-blue"


def test_the_command_gets_the_member_matched_by_its_value() -> None:
    """`--colour dark-blue` reaches the command as Colour.DARK_BLUE; the member's name is not a value."""
    seen: list[Colour] = []

    @click.command()
    @click.option("--colour", type=EnumChoice(Colour), default="red")
    def paint(colour: Colour) -> None:
        seen.append(colour)

    runner = CliRunner()
    assert runner.invoke(paint, ["--colour", "dark-blue"]).exit_code == 0
    assert runner.invoke(paint, []).exit_code == 0
    assert seen == [Colour.DARK_BLUE, Colour.RED]
    assert runner.invoke(paint, ["--colour", "DARK_BLUE"]).exit_code == 2
    assert EnumChoice(Colour).convert(Colour.RED, None, None) is Colour.RED
