"""Commands about the files a person keeps: routines, validate, export, completion."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import click

from backrehab.cli.completion import SHELLS
from backrehab.cli.context import State
from backrehab.cli.output import InputFailure, echo, print_json
from backrehab.cli.params import Day, EnumChoice, FilePath, OutputFile, RoutineName
from backrehab.handout.formats import Format, Paper

if TYPE_CHECKING:  # pragma: no cover
    import datetime
    from pathlib import Path


@click.command("routines")
@click.option("--json", "as_json", is_flag=True, help="Print the routines as JSON.")
@click.pass_obj
def routines_command(state: State, as_json: bool) -> None:
    """List the routines in your config file, with their exercises and time."""
    from backrehab.settings.routines import RoutineError, resolve_all, summarise

    config = state.config()
    catalogue = state.catalogue()
    try:
        routines = resolve_all(config, catalogue)
    except RoutineError as error:
        raise InputFailure([str(p) for p in error.problems]) from None
    options = state.options()
    summaries = [summarise(routine, catalogue, options) for routine in routines]
    if as_json:
        print_json([summary.to_dict() for summary in summaries])
        return
    if not summaries:
        echo(f"No routines in {config.path}. Add some, for example:\n")
        echo("routines:\n  morning: [pelvic-tilt, knee-rolls, {id: knees-to-chest, reps: 3}]")
        return
    for index, summary in enumerate(summaries):
        if index:
            echo()
        for line in summary.lines():
            echo(line)


@click.command("validate")
@click.argument("file", type=FilePath(dir_okay=False))
@click.pass_obj
def validate_command(state: State, file: Path) -> None:
    """Check a catalogue or config file you wrote: every problem, one per line; exit 2 if any.

    A file whose top level has `exercises` is a catalogue, anything else a config
    file, whose routines are checked against the catalogue in use.
    """
    from backrehab.validate import validate_file

    verdict = validate_file(file, catalogue=state.catalogue)
    if not verdict.ok:
        raise InputFailure([str(p) for p in verdict.problems])
    echo(verdict.ok_line(str(file)))


@click.command("completion")
@click.argument("shell", type=click.Choice(SHELLS))
def completion_command(shell: str) -> None:
    """Print the script that makes your shell complete backrehab's commands, exercise ids and routines.

    See docs/completion.md for where to put it for bash, zsh and fish.
    """
    from backrehab.cli.completion import completion_script

    click.echo(completion_script(click.get_current_context().find_root().command, shell), nl=False)


@click.command("export")
@click.option(
    "--routine",
    "routine_names",
    type=RoutineName(),
    metavar="NAME",
    multiple=True,
    help="A routine from the config file; repeat for several, each on its own page [default: every exercise].",
)
@click.option(
    "--format",
    "format_name",
    type=EnumChoice(Format),
    help="html (to print from a browser), md (Markdown) or pdf (printed by a Chromium or Chrome found on the machine)"
    " [default: from FILE's extension, else html].",
)
@click.option(
    "-o",
    "--output",
    type=OutputFile(),
    required=True,
    metavar="FILE",
    help="Where to write the handout ('-' for standard output).",
)
@click.option(
    "--paper",
    type=EnumChoice(Paper),
    default="auto",
    show_default=True,
    help="Page size; auto fits whatever paper the printer has (a PDF gets the browser's default).",
)
@click.option(
    "--start",
    # The week of tick boxes runs seven days from the start: it must end by the calendar's last day.
    type=Day(latest=date(9999, 12, 25), too_late="the week of tick boxes must end by 9999-12-31"),
    metavar="YYYY-MM-DD",
    help="First day of the week of tick boxes [default: today].",
)
@click.pass_obj
def export_command(
    state: State,
    routine_names: tuple[str, ...],
    format_name: Format | None,
    output: Path,
    paper: Paper,
    start: datetime.date | None,
) -> None:
    """Write a printable handout for the fridge: every exercise with its steps, hold and cautions, the advice,
    and a week of tick boxes.
    """
    import datetime

    from backrehab.handout.html import html
    from backrehab.handout.sheet import build_handout, handout_summary, markdown

    catalogue = state.catalogue()
    routines = [state.routine(name) for name in dict.fromkeys(routine_names)]
    handout = build_handout(
        catalogue=catalogue,
        routines=routines,
        options=state.options(),
        today=start or datetime.date.today(),
    )
    chosen = format_name or Format.for_path(output) or Format.HTML
    if chosen is Format.PDF:
        _write_pdf(html(handout, paper=paper), output)
        echo(f"Wrote {output}: {handout_summary(handout)}, ready to print.")
        return
    text = html(handout, paper=paper) if chosen is Format.HTML else markdown(handout)
    if str(output) == "-":
        click.echo(text, nl=False)
        return
    from backrehab.plainfiles import write_atomic

    try:
        write_atomic(output, text)
    except OSError as error:
        raise click.ClickException(f"cannot write {output}: {error.strerror or error}") from None
    ready = ", ready to print from a browser" if chosen is Format.HTML else ""
    echo(f"Wrote {output}: {handout_summary(handout)}{ready}.")


def _write_pdf(page: str, output: Path) -> None:
    """Print the page to a PDF through a browser found on the machine; exit 2 saying how to get one if none is."""
    from backrehab.handout.pdf import PdfError, find_browser, no_browser_message, write_pdf

    if str(output) == "-":
        raise click.UsageError("a PDF is written to a file: give its name with -o, e.g. -o handout.pdf")
    browser = find_browser()
    if browser is None:
        raise InputFailure([no_browser_message()])
    try:
        write_pdf(page, output, browser=browser)
    except PdfError as error:
        raise click.ClickException(str(error)) from None
