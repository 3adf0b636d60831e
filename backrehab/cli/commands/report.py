"""backrehab report: one page for the physiotherapist, as PDF, HTML or Markdown."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import click

from backrehab.catalogue.model import Catalogue
from backrehab.cli.commands.files import paper_option
from backrehab.cli.commands.history import history_errors
from backrehab.cli.context import State
from backrehab.cli.output import InputFailure, echo
from backrehab.cli.params import Day, OutputFile
from backrehab.handout.formats import Format, Paper
from backrehab.history.period import PeriodReport, default_since, period_markdown, period_text, read_period_report
from backrehab.history.period_html import period_html
from backrehab.history.stats import system_local_date
from backrehab.history.store import History
from backrehab.plainfiles import write_atomic
from backrehab.settings.configfile import Config
from backrehab.settings.routines import RoutineError, resolve_all
from backrehab.wording import plural

#: The longest period that still fits one page: thirteen weeks, a quarter of a year.
MAX_DAYS = 91


@click.command("report")
@click.option(
    "-o",
    "--output",
    type=OutputFile(),
    required=True,
    metavar="FILE",
    help="Where to write the report: .pdf (printed by a Chromium or Chrome found on the machine), .html or .md;"
    " '-' prints the Markdown.",
)
@click.option(
    "--since",
    type=Day(),
    metavar="YYYY-MM-DD",
    help="First day of the period [default: the Monday five weeks before this week's: six weeks].",
)
@click.option("--until", type=Day(), metavar="YYYY-MM-DD", help="Last day of the period [default: today].")
@paper_option
@click.pass_obj
def report_command(state: State, output: Path, since: date | None, until: date | None, paper: Paper) -> None:
    """Demo runs are left out. The weekly goal comes from `weekly_goal` in the config file."""
    chosen = Format.MARKDOWN if str(output) == "-" else Format.for_path(output)
    if chosen is None:
        raise InputFailure([f"cannot tell the format of {output}: name it .pdf, .html or .md (or '-')"])
    today = system_local_date(state.surroundings.wall())
    last = until or today
    first = since or default_since(last)
    if first > last:
        raise InputFailure([f"--since {first} is after --until {last}: the period would be empty"])
    if (last - first).days + 1 > MAX_DAYS:
        raise InputFailure(
            [
                f"{first} to {last} is {(last - first).days + 1} days; a report covers at most {MAX_DAYS} "
                f"(13 weeks) to fit one page: make one for each part, "
                f"e.g. --since {last - timedelta(days=MAX_DAYS - 1)}"
            ]
        )
    if str(output) != "-":
        check_writable(output)
    catalogue = state.catalogue(figures=False)
    config = state.config()
    with history_errors():
        history = History.read(state.history_path())
        try:
            report = read_period_report(
                history=history,
                catalogue=catalogue,
                first=first,
                last=last,
                made=today,
                local_date=system_local_date,
                weekly_goal=config.weekly_goal,
                routine_names=routine_names(config, catalogue),
                checkpoints=state.checkpoints(catalogue),
            )
        finally:
            if history is not None:
                history.close()
    write_report(report, output, chosen, paper)


def routine_names(config: Config, catalogue: Catalogue) -> dict[tuple[str, ...], str]:
    """The config file's routines by their exercise ids, as sessions store them; none if they do not resolve."""
    try:
        return {routine.ids: routine.name for routine in resolve_all(config, catalogue)}
    except RoutineError:
        return {}


def check_writable(output: Path) -> None:
    """A path that cannot be written is one line and exit 2 before any work, the browser's included."""
    folder = output.parent
    if not folder.is_dir():
        raise InputFailure([f"cannot write {output}: no folder {folder}"])
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputFailure([f"cannot write {output}: {folder} is not writable"])
    if output.is_dir():
        raise InputFailure([f"cannot write {output}: it is a folder"])


def write_report(report: PeriodReport, output: Path, chosen: Format, paper: Paper) -> None:
    """The report in the format chosen: to stdout as Markdown for '-', else written whole and renamed into place,
    0600 (it is health data)."""
    if str(output) == "-":
        click.echo(period_markdown(report), nl=False)
        return
    if chosen is Format.PDF:
        _write_pdf(period_html(report, paper=paper), output)
    else:
        text = period_html(report, paper=paper) if chosen is Format.HTML else period_markdown(report)
        try:
            write_atomic(output, text, mode=0o600)
        except OSError as error:
            raise InputFailure([f"cannot write {output}: {error.strerror or error}"]) from None
    echo(f"Wrote {output}: {period_text(report)}, {plural(report.sessions, 'session')}.")


def _write_pdf(page: str, output: Path) -> None:
    """Print the page through the handout's browser path; no browser is one line and exit 2, as for `export`."""
    # Not at the top: the browser: only for a PDF.
    from backrehab.handout.pdf import PdfError, find_browser, no_browser_message, write_pdf

    browser = find_browser()
    if browser is None:
        raise InputFailure([no_browser_message().replace("-o handout.html", "-o report.html")])
    try:
        write_pdf(page, output, browser=browser, mode=0o600)
    except PdfError as error:
        raise click.ClickException(str(error)) from None
