"""backrehab history and progress: what the person has done, and their holds."""

from __future__ import annotations

import contextlib
import datetime
import io
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import click

from backrehab.catalogue.model import Catalogue, unknown_exercise_message
from backrehab.cli.context import State
from backrehab.cli.output import EXIT_BAD_INPUT, EXIT_HISTORY, echo, print_json, stdout_console
from backrehab.cli.params import OutputFile
from backrehab.history.records import Attendance, SessionRecord
from backrehab.history.report import (
    make_report,
    print_report,
    progress_json,
    progress_table,
    report_json,
    rule_text,
    write_csv,
)
from backrehab.history.stats import (
    HEAT_MAP_WEEKS,
    CachedRuns,
    Streaks,
    history_streaks,
    system_local_date,
    system_zone,
)
from backrehab.history.store import History, HistoryError
from backrehab.plainfiles import write_atomic
from backrehab.wording import plural


@contextlib.contextmanager
def history_errors() -> Iterator[None]:
    """A history file that cannot be used: its message on stderr, exit status 1, no traceback."""
    try:
        yield
    except HistoryError as error:
        echo(f"Error: {error}", err=True)
        sys.exit(EXIT_HISTORY)


@click.command("history")
@click.option(
    "--days",
    # A hundred years is all there can be; more would reach before the calendar's first day.
    type=click.IntRange(min=1, max=36500),
    help="Only the last N days [default: 30; all for --csv].",
)
@click.option(
    "--json", "as_json", is_flag=True, help="Print everything as JSON: sessions, results, streaks, calendar, pain."
)
@click.option(
    "--csv",
    "csv_file",
    type=OutputFile(),
    help="Write one row per exercise result to FILE ('-' for stdout), e.g. for a physiotherapist.",
)
@click.option(
    "--all",
    "with_demos",
    is_flag=True,
    help="Show demo sessions too (run at a --speed other than 1): marked, and never counted.",
)
@click.pass_obj
def history_command(state: State, days: int | None, as_json: bool, csv_file: Path | None, with_demos: bool) -> None:

    if as_json and csv_file:
        raise click.UsageError("--json and --csv go one at a time.")
    path = state.history_path()
    today = system_local_date(state.surroundings.wall())
    if csv_file is not None:
        first = today - timedelta(days=days - 1) if days else None
        with history_errors():
            rows = write_csv_file(csv_file, path, state.catalogue(figures=False), first=first, demos=with_demos)
        if str(csv_file) != "-":
            echo(f"Wrote {plural(rows, 'exercise result')} to {csv_file}.")
        return
    days = days or 30
    # Only the weeks shown are read: the table's days whole, the calendar's twelve weeks as its days alone;
    # streaks from the days kept in the cache and those of the sessions since.
    shown_from = today - timedelta(days=days - 1)
    calendar_from = today - timedelta(days=today.weekday(), weeks=HEAT_MAP_WEEKS - 1)
    recent: list[SessionRecord] = []
    attendance: list[Attendance] = []
    streak = Streaks(0, 0)
    with history_errors():
        history = History.read(path)
        if history is not None:
            with history:
                recent = history.sessions_between(shown_from, None, system_local_date)
                attendance = history.attendance(calendar_from, system_local_date)
                kept = CachedRuns(state.cache_folder(), path)
                streak = history_streaks(history, today, system_local_date, kept, system_zone())
    shown = [s for s in recent if with_demos or not s.demo]
    report = make_report(attendance, shown, streak=streak, today=today, days=days, local_date=system_local_date)
    if as_json:
        print_json(report_json(report, path))
        return
    if history is None:
        echo(f"No sessions recorded yet (history file: {path}).")
        return
    print_report(report, system_local_date, stdout_console())


def write_csv_file(
    output: Path, database: Path, catalogue: Catalogue, *, first: datetime.date | None, demos: bool
) -> int:
    """Write the CSV to `output` or to stdout for '-', streamed from the history's rows.

    A file is written whole and then renamed into place, 0600 (it is health data): a symlink at
    `output` is replaced rather than written through, and an interrupted write leaves no half file.
    """

    history = History.read(database)
    text = io.StringIO()
    target = sys.stdout if str(output) == "-" else text
    if history is None:
        rows = write_csv([], catalogue, target, system_local_date)
    else:
        with history:
            rows = write_csv(
                history.result_rows(first=first, demos=demos), catalogue, target, system_local_date, first=first
            )
    if str(output) == "-":
        return rows
    try:
        write_atomic(output, text.getvalue(), mode=0o600, newline="")
    except OSError as error:
        raise click.FileError(str(output), error.strerror) from None
    return rows


@click.command("progress")
@click.option(
    "--reset",
    "reset",
    is_flag=False,
    flag_value="*",
    default=None,
    metavar="[ID]",
    help="Start progression again from the catalogue's hold: for exercise ID, or for all without ID.",
)
@click.option("--json", "as_json", is_flag=True, help="Print each exercise's progress as JSON.")
@click.pass_obj
def progress_command(state: State, reset: str | None, as_json: bool) -> None:
    catalogue = state.catalogue()
    with history_errors():
        if reset is not None:
            exercise = None if reset == "*" else catalogue.find(reset)
            if reset != "*" and exercise is None:
                echo(unknown_exercise_message(catalogue, reset), err=True)
                sys.exit(EXIT_BAD_INPUT)
            with History.create(state.history_path(), cache_folder=state.cache_folder()) as history:
                history.reset_progress(exercise.id if exercise else None, at=state.surroundings.wall())
            which = exercise.name if exercise else "every exercise"
            echo(f"Progress reset for {which}: holds start again from the catalogue's. Your history is kept.")
            return
        progress = state.progress(catalogue)
    if as_json:
        print_json(progress_json(progress))
        return
    console = stdout_console()
    console.print(progress_table(progress))
    console.print(rule_text())
