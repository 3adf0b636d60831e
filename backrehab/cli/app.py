"""The `backrehab` command line: thin click commands that parse, wire the pieces and exit.

Each command's module is imported when that command runs (`lazygroup`), and `list` and `show`,
the two that live here, import what they draw with inside themselves: `backrehab --help` starts
about as fast as click alone.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import click

from backrehab import __version__
from backrehab.cli.lazygroup import LazyCommand, LazyGroup
from backrehab.cli.output import EXIT_INTERRUPTED, echo
from backrehab.cli.params import FilePath
from backrehab.printable import shown
from backrehab.session.interrupts import process_ends_with_command
from backrehab.settings.defaults import safety_note

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path


#: The commands beyond list and show: imported only when one of them is used. The help beside each
#: is its docstring's first paragraph, listed by `backrehab --help` (a test checks they agree).
LAZY_COMMANDS = {
    "list": LazyCommand(
        "backrehab.cli.commands.exercises:list_command", "List the exercises with their holds, reps, sides and time."
    ),
    "show": LazyCommand(
        "backrehab.cli.commands.exercises:show_command",
        "Show one exercise's instructions: NAME is its id, its name in any case, or its number in `list`.",
    ),
    "completion": LazyCommand(
        "backrehab.cli.commands.files:completion_command",
        "Print the script that makes your shell complete backrehab's commands, exercise ids and routines.",
    ),
    "config": LazyCommand("backrehab.cli.commands.config:config_group", "Where the config file is and what it sets."),
    "export": LazyCommand(
        "backrehab.cli.commands.files:export_command",
        "Write a printable handout for the fridge: every exercise with its steps, hold and cautions, the advice,\n"
        "and a week of tick boxes; or the guided session as an audio file.",
    ),
    "history": LazyCommand(
        "backrehab.cli.commands.history:history_command",
        "Past sessions, your streak, a 12-week calendar and your pain trend.",
    ),
    "log": LazyCommand(
        "backrehab.cli.commands.log:log_command",
        "Record a session done away from the terminal, from the audio file or the handout.",
    ),
    "progress": LazyCommand(
        "backrehab.cli.commands.history:progress_command",
        "Each exercise's current hold, its target, and how close the next step is.",
    ),
    "remind": LazyCommand(
        "backrehab.cli.commands.remind:remind_group",
        "Daily reminders to do your exercises, through your computer's own scheduler.",
    ),
    "report": LazyCommand(
        "backrehab.cli.commands.report:report_command",
        "Write a one-page report for your physiotherapist: sessions a week, each exercise, and your pain.",
    ),
    "session": LazyCommand(
        "backrehab.cli.commands.session:session_command",
        "Run the guided routine: lead-in, every hold counted down, rests and side changes.",
    ),
    "routines": LazyCommand(
        "backrehab.cli.commands.files:routines_command",
        "List the routines in your config file, with their exercises and time.",
    ),
    "validate": LazyCommand(
        "backrehab.cli.commands.files:validate_command",
        "Check a catalogue or config file you wrote: every problem, one per line; exit 2 if any.",
    ),
}


@contextlib.contextmanager
def printable_errors() -> Iterator[None]:
    """click's errors, shown with every control character in them escaped (`printable.shown`).

    They quote what was typed (`--routine $'m\\e]0;x\\a'`) or a file's name, which must not act on
    the terminal when the error is printed.
    """
    try:
        yield
    except click.ClickException as error:
        error.message = shown(error.message, lines=True)  # type: ignore[misc]  # Final in click's stubs, a plain attribute
        raise


class MainGroup(LazyGroup):
    """The `backrehab` group: Ctrl-C that no command handles itself ends quietly with 130.

    click would print "Aborted!" and exit 1, which reads like a failure; a person pressing Ctrl-C
    while a command starts (its modules still loading) meant to stop it, and 130 is what shells expect.
    """

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        with printable_errors():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            with printable_errors():
                return super().invoke(ctx)
        except KeyboardInterrupt:
            if sys.stderr.isatty():
                click.echo(err=True)  # end the line the terminal's "^C" is on
            sys.exit(EXIT_INTERRUPTED)


@click.group(
    cls=MainGroup,
    lazy_commands=LAZY_COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Guided home exercises for back pain: timed holds, reps and sides, called out as you go.\n\n"
    + safety_note("backrehab"),
)
@click.version_option(__version__, "--version", prog_name="backrehab")
@click.option(
    "--catalogue",
    type=FilePath(dir_okay=False),
    envvar="BACKREHAB_CATALOGUE",
    help="Exercise catalogue (YAML) to use instead of the bundled one. Env: BACKREHAB_CATALOGUE.",
)
@click.option(
    "--config",
    type=FilePath(dir_okay=False),
    envvar="BACKREHAB_CONFIG",
    help="Config file to use instead of the one in your config folder. Env: BACKREHAB_CONFIG.",
)
@click.option(
    "--data-dir",
    # Not refused when unreadable: a session then runs unrecorded, with a warning, and `list` works (docs/history.md).
    type=FilePath(file_okay=False, readable=False),
    envvar="BACKREHAB_HOME",
    help="Folder for the session history instead of your user data folder. Env: BACKREHAB_HOME.",
)
@click.option(
    "--no-cache",
    is_flag=True,
    envvar="BACKREHAB_NO_CACHE",
    help="Check the catalogue and work out the holds afresh, not from the cache folder. Env: BACKREHAB_NO_CACHE.",
)
@click.pass_context
def main(
    ctx: click.Context, catalogue: Path | None, config: Path | None, data_dir: Path | None, no_cache: bool
) -> None:
    """The group: its options choose the files every command reads (its help, with the safety note, is above)."""
    from backrehab.cli.context import State  # not at the top: `--help` builds no State, nor what it loads

    # A test may pass its own surroundings (fake clocks, terminal checks) as click's `obj`.
    given = ctx.obj if ctx.obj is not None and not isinstance(ctx.obj, State) else None
    ctx.obj = State(
        catalogue_path=catalogue, config_path=config, data_dir=data_dir, surroundings=given, use_cache=not no_cache
    )


def run() -> None:
    """Console-script entry point; unexpected errors become one line unless BACKREHAB_DEBUG is set."""
    process_ends_with_command()
    try:
        main(prog_name="backrehab")
    except Exception as exc:
        if os.environ.get("BACKREHAB_DEBUG"):
            raise
        echo(f"Error: unexpected {type(exc).__name__}: {exc} (set BACKREHAB_DEBUG=1 for details)", err=True)
        sys.exit(1)
