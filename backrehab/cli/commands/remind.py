"""backrehab remind: daily reminders through the computer's own scheduler."""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterator

import click

from backrehab.cli.context import State
from backrehab.cli.output import echo
from backrehab.cli.params import RoutineName, TimeOfDay
from backrehab.remind.model import (
    ROUTINE_NAME,
    Action,
    ReminderError,
    System,
    apply,
    describe,
    hhmm,
    installed,
    list_lines,
    missing_notifier,
    off_actions,
    set_actions,
)
from backrehab.remind.schedulers import by_hand, find_schedulers


@click.group("remind")
def remind_group() -> None:
    """A reminder shows a desktop notification and does nothing else. On Linux it
    is a systemd user timer where a user systemd runs, else a crontab line; on
    macOS a launchd agent; on Windows a Task Scheduler task.
    """


DRY_RUN_HELP = "Print the files that would be written and the commands that would run; change nothing."


@remind_group.command("set")
@click.argument("at", metavar="HH:MM", type=TimeOfDay())
@click.option(
    "--routine",
    type=RoutineName(),
    metavar="NAME",
    help="Name this routine (from the config file) in the notification.",
)
@click.option("--dry-run", is_flag=True, help=DRY_RUN_HELP)
@click.pass_obj
def remind_set_command(state: State, at: datetime.time, routine: str | None, dry_run: bool) -> None:
    """Remind me every day at HH:MM (24-hour clock); a reminder already at that time is replaced."""
    if routine is not None:
        state.routine(routine)
        if not ROUTINE_NAME.match(routine):
            raise click.BadParameter(
                f"'{routine}': a reminder can name only routines made of letters, digits, '-', '_' and '.'",
                param_hint="'--routine'",
            )
    system = System.current()
    with reminder_failure():
        schedulers = find_schedulers(system)
        if schedulers.preferred is None and dry_run:
            # Nothing could install it, but the person can still see what it would be and add it by hand.
            if missing_notifier(system):
                echo(f"Warning: {missing_notifier(system)}", err=True)
            echo(f"No scheduler found to install the reminder: {schedulers.missing}.")
            echo("To add it by hand, put this line in your crontab (`crontab -e`) or your scheduler:")
            echo(f"    {by_hand(system, at=at, routine=routine)}")
            return
        actions = set_actions(schedulers, at=at, routine=routine)
        warning = missing_notifier(system)
        if warning:
            echo(f"Warning: {warning}", err=True)
        if carry_out(actions, system, dry_run=dry_run):
            return
    label = schedulers.preferred.label if schedulers.preferred else ""
    echo(f"Reminder set: every day at {hhmm(at)}{f' for routine {routine}' if routine else ''} ({label}).")


@remind_group.command("list")
def remind_list_command() -> None:
    """Show the reminders backrehab has set: time, routine, scheduler, and the file or entry holding each."""
    with reminder_failure():
        reminders = installed(find_schedulers(System.current()))
    for line in list_lines(reminders):
        echo(line)


@remind_group.command("off")
@click.argument("at", metavar="[HH:MM]", type=TimeOfDay(), required=False)
@click.option("--dry-run", is_flag=True, help=DRY_RUN_HELP)
def remind_off_command(at: datetime.time | None, dry_run: bool) -> None:
    """Remove the reminder at HH:MM, or every backrehab reminder when no time is given.

    Only backrehab's own entries are removed; nothing else in your crontab or
    scheduler is touched.
    """
    system = System.current()
    with reminder_failure():
        schedulers = find_schedulers(system)
        actions, removed = off_actions(schedulers, at=at)
        if not removed:
            if at is None:
                echo("No backrehab reminders are set.")
                return
            others = ", ".join(hhmm(r.at) for r in installed(schedulers)) or "none"
            raise click.ClickException(f"no reminder at {hhmm(at)} (set: {others}).")
        if carry_out(actions, system, dry_run=dry_run):
            return
    for reminder in removed:
        echo(f"Reminder at {hhmm(reminder.at)} removed ({reminder.scheduler}).")


@contextlib.contextmanager
def reminder_failure() -> Iterator[None]:
    """A scheduler that fails becomes one error line and exit status 1."""
    try:
        yield
    except ReminderError as error:
        raise click.ClickException(str(error)) from None


def carry_out(actions: list[Action], system: System, *, dry_run: bool) -> bool:
    """Print the actions (--dry-run, returning True) or carry them out, warning of any that failed."""
    if dry_run:
        for line in describe(actions):
            echo(line)
        return True
    for problem in apply(actions, system.run):
        echo(f"Warning: {problem}", err=True)
    return False
