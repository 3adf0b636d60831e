"""The `backrehab` command line: thin click commands that parse, wire the pieces and exit.

Heavy modules (rich, yaml) are imported inside the commands that use them, so
`backrehab --help` starts as fast as click alone.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

import click

from . import __version__
from .defaults import DEFAULT_LEAD_IN, DEFAULT_REST, Order
from .params import Factor, IdList, Seconds, unknown_exercise_message

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

    from rich.console import Console

    from .catalogue import Catalogue
    from .config import Config

#: Exit statuses: click's own for usage errors (2); ours for the rest.
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130


class InputFailure(click.ClickException):
    """A catalogue or config file that failed validation: one line per problem on stderr, exit 2."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines

    def show(self, file: Any = None) -> None:
        for line in self.lines:
            click.echo(f"Error: {line}", err=True)


class State:
    """What the group's options decided, shared with every command through click's context.

    A plain class, not a dataclass: `--help` would pay for importing dataclasses.
    """

    def __init__(self, catalogue_path: Path | None = None, config_path: Path | None = None) -> None:
        self.catalogue_path = catalogue_path
        self.config_path = config_path
        self._catalogue: Catalogue | None = None
        self._config: Config | None = None

    def catalogue(self) -> Catalogue:
        if self._catalogue is None:
            from .catalogue import CatalogueError, load_catalogue

            try:
                self._catalogue = load_catalogue(self.catalogue_path)
            except CatalogueError as error:
                raise InputFailure([str(p) for p in error.problems]) from None
        return self._catalogue

    def config(self) -> Config:
        if self._config is None:
            from .config import ConfigError, load_config

            try:
                self._config = load_config(self.config_path)
            except ConfigError as error:
                raise InputFailure([str(p) for p in error.problems]) from None
        return self._config


def stdout_console(*, force_plain: bool = False) -> Console:
    from rich.console import Console

    # emoji=False: no ":name:" codes in our output, so the emoji table need not be loaded (3 ms a start).
    return Console(
        highlight=False, emoji=False, no_color=force_plain or None, force_terminal=False if force_plain else None
    )


def print_json(data: Any) -> None:
    import json

    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="backrehab")
@click.option(
    "--catalogue",
    type=click.Path(dir_okay=False),
    envvar="BACKREHAB_CATALOGUE",
    help="Exercise catalogue (YAML) to use instead of the bundled one. Env: BACKREHAB_CATALOGUE.",
)
@click.option(
    "--config",
    type=click.Path(dir_okay=False),
    envvar="BACKREHAB_CONFIG",
    help="Config file to use instead of the one in your config folder. Env: BACKREHAB_CONFIG.",
)
@click.pass_context
def main(ctx: click.Context, catalogue: str | None, config: str | None) -> None:
    """Guided home exercises for back pain: timed holds, reps and sides, called out as you go.

    Not medical advice: stop any exercise that makes your pain worse, and ask
    a physiotherapist if you are unsure an exercise suits you.
    """
    from pathlib import Path  # not at the top: pathlib alone costs `--help` a tenth of its start-up

    ctx.obj = State(catalogue_path=Path(catalogue) if catalogue else None, config_path=Path(config) if config else None)


@main.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the exercises as JSON.")
@click.pass_obj
def list_command(state: State, as_json: bool) -> None:
    """List the exercises with their holds, reps, sides and time."""
    from .plan import PlanOptions
    from .views import catalogue_json, catalogue_table

    catalogue = state.catalogue()
    options = PlanOptions()
    if as_json:
        print_json(catalogue_json(catalogue, options))
        return
    console = stdout_console()
    console.print(catalogue_table(catalogue, options))
    if any(e.hold_source.value == "chosen" for e in catalogue.exercises):
        console.print("* hold time chosen by backrehab: the leaflet gives none.  ! caution: see `backrehab show ID`.")


@main.command("show")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print the exercise as JSON.")
@click.pass_obj
def show_command(state: State, name: str, as_json: bool) -> None:
    """Show one exercise's instructions: NAME is its id or name, in any case."""
    from .plan import PlanOptions
    from .views import exercise_json, exercise_panel

    catalogue = state.catalogue()
    exercise = catalogue.find(name)
    if exercise is None:
        click.echo(unknown_exercise_message(catalogue, name), err=True)
        sys.exit(EXIT_BAD_INPUT)
    options = PlanOptions()
    if as_json:
        print_json(exercise_json(exercise, options))
        return
    number = catalogue.exercises.index(exercise) + 1
    stdout_console().print(exercise_panel(exercise, options, number))


@main.command("session")
@click.option("--only", type=IdList(), default=None, help="Do only these exercises (comma-separated ids).")
@click.option("--skip", type=IdList(), default=None, help="Leave out these exercises (comma-separated ids).")
@click.option("--rest", type=Seconds(), help=f"Seconds of rest between reps [default: {DEFAULT_REST:g}].")
@click.option(
    "--lead-in",
    type=Seconds(),
    help=f"Seconds to get into position before an exercise's first hold [default: {DEFAULT_LEAD_IN:g}].",
)
@click.option(
    "--order",
    type=click.Choice([o.value for o in Order]),
    default=Order.SOURCE.value,
    show_default=True,
    help="source: the leaflet's order; position: grouped by starting position, fewest trips to the floor.",
)
@click.option("--speed", type=Factor(), default=1.0, help="Run every timing FACTOR times faster (demos, tests).")
@click.option("-y", "--yes", is_flag=True, help="Accept cautions and answer every question: never wait for input.")
@click.option("--plan", "plan_only", is_flag=True, help="Print the planned steps and total time; run nothing.")
@click.option("--json", "as_json", is_flag=True, help="With --plan: print the plan as JSON.")
@click.pass_obj
def session_command(
    state: State,
    only: tuple[str, ...] | None,
    skip: tuple[str, ...] | None,
    rest: float | None,
    lead_in: float | None,
    order: str,
    speed: float,
    yes: bool,
    plan_only: bool,
    as_json: bool,
) -> None:
    """Run the guided routine: lead-in, every hold counted down, rests and side changes.

    Output to a terminal is a live view; to a pipe, one plain line per event.
    Ctrl-C stops at once with a summary of what was done.
    """
    from .plan import PlanOptions, make_plan

    if as_json and not plan_only:
        raise click.UsageError("--json goes with --plan.")
    catalogue = state.catalogue()
    config = state.config()
    options = PlanOptions(
        only=only or (),
        skip=skip or (),
        rest=first_set(rest, config.rest, DEFAULT_REST),
        lead_in=first_set(lead_in, config.lead_in, DEFAULT_LEAD_IN),
        order=Order(order),
    )
    plan = make_plan(catalogue, options)
    if not plan.exercises:
        raise click.UsageError("No exercises left to do: --only and --skip leave nothing.")
    if plan_only:
        from .views import plan_lines

        if as_json:
            print_json(plan.to_dict())
        else:
            for line in plan_lines(plan):
                click.echo(line)
        return
    from .session import start_session

    status = start_session(catalogue=catalogue, plan=plan, speed=speed, yes=yes)
    sys.exit(status)


def first_set(*values: float | None) -> float:
    """The first value given: command line, then config file, then built-in default."""
    return next(v for v in values if v is not None)


@main.group("config")
def config_group() -> None:
    """Where the config file is and what it sets."""


@config_group.command("path")
@click.pass_obj
def config_path_command(state: State) -> None:
    """Print where the config file is (or would be)."""
    from .config import config_path

    click.echo(state.config_path or config_path())


@config_group.command("show")
@click.pass_obj
def config_show_command(state: State) -> None:
    """Print the settings in effect and where each comes from."""
    from .settings import effective_settings

    config = state.config()
    click.echo(f"# config file: {config.path}{'' if config.path and config.path.exists() else ' (not present)'}")
    for key, value, origin in effective_settings(config):
        click.echo(f"{key}: {value}  # {origin}")


def run() -> None:
    """Console-script entry point; unexpected errors become one line unless BACKREHAB_DEBUG is set."""
    try:
        main(prog_name="backrehab")
    except Exception as exc:
        if os.environ.get("BACKREHAB_DEBUG"):
            raise
        click.echo(f"Error: unexpected {type(exc).__name__}: {exc} (set BACKREHAB_DEBUG=1 for details)", err=True)
        sys.exit(1)
