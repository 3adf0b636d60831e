"""`backrehab log`: record a session done away from the terminal, from the audio file or the printed handout."""

from __future__ import annotations

from datetime import datetime

import click

from backrehab.cli.commands.history import history_errors
from backrehab.cli.commands.session import plan_or_fail
from backrehab.cli.context import State
from backrehab.cli.output import echo
from backrehab.cli.params import IdList, Moment, RoutineName
from backrehab.history.logged import EARLIEST, log_session
from backrehab.history.resume import options_to_json
from backrehab.wording import day_text, plural


@click.command("log")
@click.option(
    "--at",
    type=Moment(earliest=EARLIEST),
    default=None,
    help="When it was done: YYYY-MM-DD, 'YYYY-MM-DD HH:MM', today or yesterday (a time may follow) "
    "[default: now; a day alone takes the time it is now].",
)
@click.option(
    "--routine",
    type=RoutineName(),
    default=None,
    help="The routine from your config file that was done (--only/--skip narrow it) [default: every exercise].",
)
@click.option("--only", type=IdList(), default=None, help="Only these exercises were done (comma-separated ids).")
@click.option("--skip", type=IdList(), default=None, help="These exercises were left out (comma-separated ids).")
@click.option("--pain-before", type=click.IntRange(0, 10), default=None, help="Pain before, 0 (none) to 10 (worst).")
@click.option("--pain-after", type=click.IntRange(0, 10), default=None, help="Pain after, 0 (none) to 10 (worst).")
@click.pass_obj
def log_command(
    state: State,
    at: datetime | None,
    routine: str | None,
    only: tuple[str, ...] | None,
    skip: tuple[str, ...] | None,
    pain_before: int | None,
    pain_after: int | None,
) -> None:
    """It is marked as logged, and counts for your streak, calendar and pain trend like a
    session. Holds grow only from timed sessions: a logged one neither counts towards a
    longer hold nor breaks a run of timed ones, unless its pain after is higher than before.
    """
    catalogue = state.catalogue(figures=False)
    # warn=False: a history that cannot be used is told once, below, by the write that fails.
    options = state.options(routine=routine, only=only or (), skip=skip or (), warn=False)
    plan = plan_or_fail(catalogue, options, routine=routine)
    when = at if at is not None else state.surroundings.wall()
    with history_errors():
        log_session(
            history_path=state.history_path(),
            plan=plan,
            options=options_to_json(options, speed=1),
            at=when,
            pain_before=pain_before,
            pain_after=pain_after,
            cache_folder=state.cache_folder(),
        )
    count = len(plan.exercises)
    if routine is not None:
        what = f"routine '{routine}' ({plural(count, 'exercise')})"
    elif count == len(catalogue.exercises):
        what = f"every exercise ({count})"
    else:
        what = f"{count} of {plural(len(catalogue.exercises), 'exercise')}"
    done = "" if at is not None else "done now, "
    pain = ""
    if pain_before is not None or pain_after is not None:
        pain = f" Pain {'–' if pain_before is None else pain_before}→{'–' if pain_after is None else pain_after}."
    echo(
        f"Logged: {what}, {done}{day_text(when.date(), year=True)} {when:%H:%M}.{pain} "
        "It counts for your streak and calendar; holds grow only from timed sessions."
    )
