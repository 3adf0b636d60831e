"""`list` and `show`: the exercises, as a table and one at a time."""

from __future__ import annotations

import sys

import click

from backrehab.catalogue.model import list_number, unknown_exercise_message
from backrehab.cli.completion import complete_exercise
from backrehab.cli.context import State
from backrehab.cli.output import EXIT_BAD_INPUT, echo, print_json, stdout_console
from backrehab.screen.static import catalogue_json, catalogue_table, exercise_json, exercise_panel
from backrehab.wording import CHOSEN_HOLD


@click.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the exercises as JSON.")
@click.pass_obj
def list_command(state: State, as_json: bool) -> None:
    catalogue = state.catalogue(figures=as_json)  # the table draws no figure
    options = state.options()
    if as_json:
        print_json(catalogue_json(catalogue, options))
        return
    console = stdout_console()
    console.print(catalogue_table(catalogue, options, console.width))
    if any(e.hold_source.value == "chosen" for e in catalogue.exercises):
        console.print(f"* hold time: {CHOSEN_HOLD}.")
    cautioned = [str(number) for number, e in enumerate(catalogue.exercises, start=1) if e.cautions]
    if cautioned:
        where = f"`backrehab show {cautioned[0]}`"
        if len(cautioned) > 1:
            where = f"`backrehab show N` for N = {', '.join(cautioned)}"
        console.print(f"! caution: see {where}.")


@click.command("show")
@click.argument("name", shell_complete=complete_exercise)
@click.option("--json", "as_json", is_flag=True, help="Print the exercise as JSON.")
@click.pass_obj
def show_command(state: State, name: str, as_json: bool) -> None:
    console = stdout_console()
    # A drawing only where one can be seen: not into a pipe or file, nor on a dumb terminal (screen readers).
    drawing_width = console.width if console.is_terminal and not console.is_dumb_terminal else 0
    catalogue = state.catalogue(figures=as_json or drawing_width > 0)
    exercise = catalogue.find(name) or catalogue.numbered(name)
    if exercise is None:
        count = len(catalogue.exercises)
        numbered = f"No exercise number {list_number(name)}: `list` numbers them from 1 to {count}."
        echo(numbered if list_number(name) is not None else unknown_exercise_message(catalogue, name), err=True)
        sys.exit(EXIT_BAD_INPUT)
    options = state.options()
    if as_json:
        print_json(exercise_json(exercise, options))
        return
    number = catalogue.exercises.index(exercise) + 1
    console.print(exercise_panel(exercise, options, number, drawing_width=drawing_width))
