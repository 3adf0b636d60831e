"""The `backrehab` command line: thin click commands that parse, wire the pieces and exit.

Heavy modules (rich, yaml) are imported inside the commands that use them, so
`backrehab --help` starts as fast as click alone.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from . import __version__
from .completion import SHELLS, complete_exercise
from .params import Factor, IdList, RoutineName, Seconds, TimeOfDay, unknown_exercise_message
from .plan import DEFAULT_LEAD_IN, DEFAULT_REST, Order

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console

    from .catalogue import Catalogue
    from .config import Config
    from .plan import Plan, PlanOptions
    from .progression import HoldProgress
    from .recording import SessionRecorder
    from .records import SessionRecord
    from .routines import ResolvedRoutine

#: Exit statuses: click's own for usage errors (2); ours for the rest.
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130
EXIT_HISTORY = 1


class InputFailure(click.ClickException):
    """A catalogue or config file that failed validation: one line per problem on stderr, exit 2."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines

    def show(self, file: Any = None) -> None:
        for line in self.lines:
            click.echo(f"Error: {line}", err=True)


@dataclass
class State:
    """What the group's options decided, shared with every command through click's context."""

    catalogue_path: Path | None = None
    config_path: Path | None = None
    data_dir: Path | None = None
    #: Why the history could not be read for the current holds, if it could not.
    history_problem: Exception | None = None
    _catalogue: Catalogue | None = field(default=None, repr=False)
    _config: Config | None = field(default=None, repr=False)

    def catalogue(self) -> Catalogue:
        if self._catalogue is None:
            from .catalogue import CatalogueError, load_catalogue

            try:
                self._catalogue = load_catalogue(self.catalogue_path)
            except CatalogueError as error:
                raise InputFailure([str(p) for p in error.problems]) from None
        return self._catalogue

    def routine(self, name: str) -> ResolvedRoutine:
        """A routine of the config file with every id checked against the catalogue."""
        from .routines import RoutineError, resolve_routine

        try:
            return resolve_routine(self.config(), name, self.catalogue())
        except RoutineError as error:
            raise InputFailure([str(p) for p in error.problems]) from None

    def config(self) -> Config:
        if self._config is None:
            from .config import ConfigError, load_config

            try:
                self._config = load_config(self.config_path)
            except ConfigError as error:
                raise InputFailure([str(p) for p in error.problems]) from None
        return self._config

    def history_path(self) -> Path:
        from .history import database_path

        return database_path(self.data_dir)

    def progress(self, catalogue: Catalogue) -> dict[str, HoldProgress]:
        """Each exercise's hold progress; a history that cannot be read is a `HistoryError`."""
        from .history import History
        from .progression import progress_for

        history = History.read(self.history_path())
        if history is None:
            return progress_for(catalogue.exercises, [])
        with history:
            return progress_for(catalogue.exercises, history.sessions(), history.resets())

    def current_holds(self, catalogue: Catalogue, *, warn: bool = True) -> dict[str, int]:
        """Holds where progression has moved them; with an unreadable history, the catalogue's.

        The problem is kept in `history_problem`, and told at once unless `warn` is False.
        """
        from .history import HistoryError
        from .progression import current_holds

        try:
            return current_holds(self.progress(catalogue))
        except HistoryError as error:
            self.history_problem = error
            if warn:
                click.echo(f"Warning: {error} Using the catalogue's holds.", err=True)
            return {}


def stdout_console(*, force_plain: bool = False) -> Console:
    from rich.console import Console

    return Console(highlight=False, no_color=force_plain or None, force_terminal=False if force_plain else None)


def print_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="backrehab")
@click.option(
    "--catalogue",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="BACKREHAB_CATALOGUE",
    help="Exercise catalogue (YAML) to use instead of the bundled one. Env: BACKREHAB_CATALOGUE.",
)
@click.option(
    "--config",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="BACKREHAB_CONFIG",
    help="Config file to use instead of the one in your config folder. Env: BACKREHAB_CONFIG.",
)
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="BACKREHAB_HOME",
    help="Folder for the session history instead of your user data folder. Env: BACKREHAB_HOME.",
)
@click.pass_context
def main(ctx: click.Context, catalogue: Path | None, config: Path | None, data_dir: Path | None) -> None:
    """Guided home exercises for back pain: timed holds, reps and sides, called out as you go.

    Not medical advice: stop any exercise that makes your pain worse, and ask
    a physiotherapist if you are unsure an exercise suits you.
    """
    ctx.obj = State(catalogue_path=catalogue, config_path=config, data_dir=data_dir)


@main.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the exercises as JSON.")
@click.pass_obj
def list_command(state: State, as_json: bool) -> None:
    """List the exercises with their holds, reps, sides and time."""
    from .plan import PlanOptions
    from .views import catalogue_json, catalogue_table

    catalogue = state.catalogue()
    options = PlanOptions(holds=state.current_holds(catalogue))
    if as_json:
        print_json(catalogue_json(catalogue, options))
        return
    console = stdout_console()
    console.print(catalogue_table(catalogue, options))
    if any(e.hold_source.value == "chosen" for e in catalogue.exercises):
        console.print("* hold time chosen by backrehab: the leaflet gives none.  ! caution: see `backrehab show ID`.")


@main.command("show")
@click.argument("name", shell_complete=complete_exercise)
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
    options = PlanOptions(holds=state.current_holds(catalogue))
    if as_json:
        print_json(exercise_json(exercise, options))
        return
    number = catalogue.exercises.index(exercise) + 1
    stdout_console().print(exercise_panel(exercise, options, number))


@main.command("session")
@click.option(
    "--routine",
    type=RoutineName(),
    default=None,
    help="Do a routine from your config file: its exercises, order, reps and holds (--only/--skip narrow it).",
)
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
@click.option(
    "--display",
    type=click.Choice(["big", "compact", "plain"]),
    help="big: digits readable from across the room; compact: a few lines; plain: one line per event, "
    "no redraws [default: big in a terminal, plain otherwise].",
)
@click.option("--voice/--no-voice", default=None, help="Speak the session aloud [default: on in a terminal].")
@click.option("--voice-name", metavar="NAME", help="The speech engine's voice, e.g. en-gb.")
@click.option(
    "--sound/--no-sound", default=None, help="Sound cues for holds, sides and endings [default: on in a terminal]."
)
@click.option(
    "--countdown",
    type=click.IntRange(0, 10),
    help="Speak this many of a hold's last seconds [default: 3].",
)
@click.option("--speed", type=Factor(), default=1.0, help="Run every timing FACTOR times faster (demos, tests).")
@click.option("-y", "--yes", is_flag=True, help="Accept cautions and answer every question: never wait for input.")
@click.option("--plan", "plan_only", is_flag=True, help="Print the planned steps and total time; run nothing.")
@click.option("--json", "as_json", is_flag=True, help="With --plan: print the plan as JSON.")
@click.option("--no-history", is_flag=True, help="Do not record this session in the history.")
@click.option(
    "--checkin/--no-checkin",
    default=None,
    help="Ask for pain (0–10) before and after the session [default: on when stdin is a terminal, unless --yes].",
)
@click.option("--resume", is_flag=True, help="Continue today's last session, if it did not complete, with its options.")
@click.pass_obj
def session_command(
    state: State,
    routine: str | None,
    only: tuple[str, ...] | None,
    skip: tuple[str, ...] | None,
    rest: float | None,
    lead_in: float | None,
    order: str,
    display: str | None,
    voice: bool | None,
    voice_name: str | None,
    sound: bool | None,
    countdown: int | None,
    speed: float,
    yes: bool,
    plan_only: bool,
    as_json: bool,
    no_history: bool,
    checkin: bool | None,
    resume: bool,
) -> None:
    """Run the guided routine: lead-in, every hold counted down, rests and side changes.

    Output to a terminal is a live view; to a pipe, one plain line per event.

    \b
    Keys during a session (in a terminal):
      space  pause / resume       n  next exercise
      r      restart exercise     p  stop: it hurts
      q      quit (with summary)  ?  show the keys
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
        holds=state.current_holds(catalogue, warn=no_history or plan_only),
    )
    if routine is not None:
        options = state.routine(routine).apply(options)
    resumed = None
    if resume:
        resumed, options = resumed_session(state, no_history)
    plan = make_plan(catalogue, options)
    if resumed is not None:
        plan = plan_to_resume(resumed, plan)
    if not plan.exercises:
        given = "--routine, --only and --skip" if routine is not None else "--only and --skip"
        raise click.UsageError(f"No exercises left to do: {given} leave nothing.")
    if plan_only:
        from .report import hold_lines
        from .views import plan_lines

        if as_json:
            print_json(plan.to_dict())
        else:
            for line in plan_lines(plan):
                click.echo(line)
            for line in hold_lines(plan):
                click.echo(line)
        return
    from .config import DisplayMode
    from .session import start_session, stdin_is_terminal, stdout_is_terminal
    from .settings import resolve

    settings = resolve(
        config,
        display=DisplayMode(display) if display else None,
        voice=voice,
        voice_name=voice_name,
        sound=sound,
        countdown=countdown,
        out_terminal=stdout_is_terminal(),
        in_terminal=stdin_is_terminal(),
    )

    recorder = None
    if state.history_problem is not None and not no_history:
        click.echo(
            f"Warning: {state.history_problem} This session uses the catalogue's holds and will not be recorded "
            "(--no-history runs without recording).",
            err=True,
        )
    elif not no_history:
        recorder = session_recorder(state, options, speed=speed, checkin=checkin, yes=yes, resumed=resumed)
    status = start_session(catalogue=catalogue, plan=plan, settings=settings, speed=speed, yes=yes, recorder=recorder)
    sys.exit(status)


def resumed_session(state: State, no_history: bool) -> tuple[SessionRecord, PlanOptions]:
    """Today's session to resume and its options; one line and exit 2 when there is none."""
    from .history import History
    from .recording import local_now
    from .resume import NothingToResume, options_from_json, resumable
    from .stats import system_local_date

    ctx = click.get_current_context()
    given = [
        f"--{name.replace('_', '-')}"
        for name in ("routine", "only", "skip", "rest", "lead_in", "order")
        if ctx.get_parameter_source(name) is click.core.ParameterSource.COMMANDLINE
    ]
    if given or no_history:
        raise click.UsageError(
            f"--resume continues a session with its own options and records into it: leave out "
            f"{', '.join(given or ['--no-history'])}."
        )
    with history_errors():
        history = History.read(state.history_path())
        try:
            if history is None:
                raise NothingToResume("Nothing to resume: no session was recorded today.")
            with history:
                record = resumable(history.sessions(), system_local_date(local_now()), system_local_date)
        except NothingToResume as nothing:
            click.echo(str(nothing), err=True)
            sys.exit(EXIT_BAD_INPUT)
    return record, options_from_json(record.options)


def plan_to_resume(record: SessionRecord, plan: Plan) -> Plan:
    """What is left of the resumed session's plan; one line and exit 2 when nothing is."""
    from .resume import NothingToResume, remaining_plan

    try:
        return remaining_plan(plan, record)
    except NothingToResume as nothing:
        click.echo(str(nothing), err=True)
        sys.exit(EXIT_BAD_INPUT)


def session_recorder(
    state: State, options: PlanOptions, *, speed: float, checkin: bool | None, yes: bool, resumed: SessionRecord | None
) -> SessionRecorder | None:
    """The listener that records the session, or None (after one warning) when the history cannot be used."""
    from .recording import open_recorder
    from .resume import options_to_json
    from .session import stdin_is_terminal

    return open_recorder(
        state.history_path(),
        warn=lambda text: click.echo(f"Warning: {text}", err=True),
        options=resumed.options if resumed else options_to_json(options, speed=speed),
        checkin=(stdin_is_terminal() and not yes) if checkin is None else checkin,
        resume_id=resumed.id if resumed else None,
        ask_before=resumed is None or resumed.pain_before is None,
    )


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


@main.command("routines")
@click.option("--json", "as_json", is_flag=True, help="Print the routines as JSON.")
@click.pass_obj
def routines_command(state: State, as_json: bool) -> None:
    """List the routines in your config file, with their exercises and time."""
    from .plan import PlanOptions
    from .routines import RoutineError, resolve_all, summarise

    config = state.config()
    catalogue = state.catalogue()
    try:
        routines = resolve_all(config, catalogue)
    except RoutineError as error:
        raise InputFailure([str(p) for p in error.problems]) from None
    options = PlanOptions(
        rest=first_set(config.rest, DEFAULT_REST),
        lead_in=first_set(config.lead_in, DEFAULT_LEAD_IN),
    )
    summaries = [summarise(routine, catalogue, options) for routine in routines]
    if as_json:
        print_json([summary.to_dict() for summary in summaries])
        return
    if not summaries:
        click.echo(f"No routines in {config.path}. Add some, for example:\n")
        click.echo("routines:\n  morning: [pelvic-tilt, knee-rolls, {id: knees-to-chest, reps: 3}]")
        return
    for index, summary in enumerate(summaries):
        if index:
            click.echo()
        for line in summary.lines():
            click.echo(line)


@main.command("validate")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def validate_command(state: State, file: Path) -> None:
    """Check a catalogue or config file you wrote: every problem, one per line; exit 2 if any.

    A file whose top level has `exercises` is a catalogue, anything else a config
    file, whose routines are checked against the catalogue in use.
    """
    from .validate import validate_file

    verdict = validate_file(file, catalogue=state.catalogue)
    if not verdict.ok:
        raise InputFailure([str(p) for p in verdict.problems])
    click.echo(verdict.ok_line(str(file)))


@main.command("completion")
@click.argument("shell", type=click.Choice(SHELLS))
def completion_command(shell: str) -> None:
    """Print the script that makes your shell complete backrehab's commands, exercise ids and routines.

    See the README for where to put it for bash, zsh and fish.
    """
    from .completion import completion_script

    click.echo(completion_script(main, shell), nl=False)


@main.command("export")
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
    type=click.Choice(["html", "md"]),
    help="html (to print from a browser) or md (Markdown) [default: from FILE's extension, else html].",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    required=True,
    metavar="FILE",
    help="Where to write the handout ('-' for standard output).",
)
@click.option(
    "--paper",
    type=click.Choice(["auto", "a4", "letter"]),
    default="auto",
    show_default=True,
    help="HTML page size; auto fits whatever paper the printer has.",
)
@click.option(
    "--start",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    help="First day of the week of tick boxes [default: today].",
)
@click.pass_obj
def export_command(
    state: State,
    routine_names: tuple[str, ...],
    format_name: str | None,
    output: Path,
    paper: str,
    start: datetime.datetime | None,
) -> None:
    """Write a printable handout for the fridge: every exercise with its steps, hold and cautions, the advice,
    and a week of tick boxes.
    """
    from .handout import Format, Paper, build_handout, handout_summary, markdown
    from .handout_html import html

    catalogue = state.catalogue()
    routines = [state.routine(name) for name in dict.fromkeys(routine_names)]
    handout = build_handout(
        catalogue=catalogue,
        routines=routines,
        holds=state.current_holds(catalogue),
        today=start.date() if start else datetime.date.today(),
    )
    chosen = Format(format_name) if format_name else Format.for_path(output) or Format.HTML
    text = html(handout, paper=Paper(paper)) if chosen is Format.HTML else markdown(handout)
    if str(output) == "-":
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise click.ClickException(f"cannot write {output}: {error.strerror or error}") from None
    ready = ", ready to print from a browser" if chosen is Format.HTML else ""
    click.echo(f"Wrote {output}: {handout_summary(handout)}{ready}.")


@main.group("remind")
def remind_group() -> None:
    """Daily reminders to do your exercises, through your computer's own scheduler.

    A reminder shows a desktop notification and does nothing else. On Linux it
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
    from .remind import ROUTINE_NAME, System, apply, describe, find_schedulers, hhmm, missing_notifier, set_actions

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
        actions = set_actions(schedulers, at=at, routine=routine)
        warning = missing_notifier(system)
        if warning:
            click.echo(f"Warning: {warning}", err=True)
        if dry_run:
            for line in describe(actions):
                click.echo(line)
            return
        for problem in apply(actions, system.run):
            click.echo(f"Warning: {problem}", err=True)
    label = schedulers.preferred.label if schedulers.preferred else ""
    click.echo(f"Reminder set: every day at {hhmm(at)}{f' for routine {routine}' if routine else ''} ({label}).")


@remind_group.command("list")
def remind_list_command() -> None:
    """Show the reminders backrehab has set: time, routine, scheduler, and the file or entry holding each."""
    from .remind import System, find_schedulers, installed, list_lines

    with reminder_failure():
        reminders = installed(find_schedulers(System.current()))
    for line in list_lines(reminders):
        click.echo(line)


@remind_group.command("off")
@click.argument("at", metavar="[HH:MM]", type=TimeOfDay(), required=False)
@click.option("--dry-run", is_flag=True, help=DRY_RUN_HELP)
def remind_off_command(at: datetime.time | None, dry_run: bool) -> None:
    """Remove the reminder at HH:MM, or every backrehab reminder when no time is given.

    Only backrehab's own entries are removed; nothing else in your crontab or
    scheduler is touched.
    """
    from .remind import System, apply, describe, find_schedulers, hhmm, installed, off_actions

    system = System.current()
    with reminder_failure():
        schedulers = find_schedulers(system)
        actions, removed = off_actions(schedulers, at=at)
        if not removed:
            if at is None:
                click.echo("No backrehab reminders are set.")
                return
            others = ", ".join(hhmm(r.at) for r in installed(schedulers)) or "none"
            raise click.ClickException(f"no reminder at {hhmm(at)} (set: {others}).")
        if dry_run:
            for line in describe(actions):
                click.echo(line)
            return
        for problem in apply(actions, system.run):
            click.echo(f"Warning: {problem}", err=True)
    for reminder in removed:
        click.echo(f"Reminder at {hhmm(reminder.at)} removed ({reminder.scheduler}).")


@contextlib.contextmanager
def reminder_failure() -> Iterator[None]:
    """A scheduler that fails becomes one error line and exit status 1."""
    from .remind import ReminderError

    try:
        yield
    except ReminderError as error:
        raise click.ClickException(str(error)) from None


@contextlib.contextmanager
def history_errors() -> Iterator[None]:
    """A history file that cannot be used: its message on stderr, exit status 1, no traceback."""
    from .history import HistoryError

    try:
        yield
    except HistoryError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(EXIT_HISTORY)


@main.command("history")
@click.option(
    "--days", type=click.IntRange(min=1), help="Only the last N days [default: 30; all for --json and --csv]."
)
@click.option(
    "--json", "as_json", is_flag=True, help="Print everything as JSON: sessions, results, streaks, calendar, pain."
)
@click.option(
    "--csv",
    "csv_file",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="Write one row per exercise result to FILE ('-' for stdout), e.g. for a physiotherapist.",
)
@click.pass_obj
def history_command(state: State, days: int | None, as_json: bool, csv_file: Path | None) -> None:
    """Past sessions, your streak, a 12-week calendar and your pain trend."""
    from .history import History
    from .recording import local_now
    from .report import make_report, print_report, report_json
    from .stats import since, system_local_date

    if as_json and csv_file:
        raise click.UsageError("--json and --csv go one at a time.")
    path = state.history_path()
    with history_errors():
        history = History.read(path)
        sessions = []
        if history is not None:
            with history:
                sessions = history.sessions()
    today = system_local_date(local_now())
    if csv_file is not None:
        rows = write_csv_file(csv_file, since(sessions, days, today, system_local_date), state.catalogue())
        if str(csv_file) != "-":
            click.echo(f"Wrote {rows} exercise result{'s' if rows != 1 else ''} to {csv_file}.")
        return
    if not as_json and days is None:
        days = 30
    report = make_report(
        sessions, since(sessions, days, today, system_local_date), today=today, days=days, local_date=system_local_date
    )
    if as_json:
        print_json(report_json(report, path))
        return
    if history is None:
        click.echo(f"No sessions recorded yet (history file: {path}).")
        return
    print_report(report, system_local_date, stdout_console())


def write_csv_file(path: Path, sessions: list[SessionRecord], catalogue: Catalogue) -> int:
    """Write the CSV to `path` (created 0600: it is health data) or to stdout for '-'."""
    from .report import write_csv
    from .stats import system_local_date

    if str(path) == "-":
        return write_csv(sessions, catalogue, sys.stdout, system_local_date)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            return write_csv(sessions, catalogue, out, system_local_date)
    except OSError as error:
        raise click.FileError(str(path), error.strerror) from None


@main.command("progress")
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
    """Each exercise's current hold, its target, and how close the next step is."""
    from .history import History
    from .recording import local_now
    from .report import progress_json, progress_table, rule_text

    catalogue = state.catalogue()
    with history_errors():
        if reset is not None:
            exercise = None if reset == "*" else catalogue.find(reset)
            if reset != "*" and exercise is None:
                click.echo(unknown_exercise_message(catalogue, reset), err=True)
                sys.exit(EXIT_BAD_INPUT)
            with History.create(state.history_path()) as history:
                history.reset_progress(exercise.id if exercise else None, at=local_now())
            which = exercise.name if exercise else "every exercise"
            click.echo(f"Progress reset for {which}: holds start again from the catalogue's. Your history is kept.")
            return
        progress = state.progress(catalogue)
    if as_json:
        print_json(progress_json(progress))
        return
    console = stdout_console()
    console.print(progress_table(progress))
    console.print(rule_text())


def run() -> None:
    """Console-script entry point; unexpected errors become one line unless BACKREHAB_DEBUG is set."""
    try:
        main(prog_name="backrehab")
    except Exception as exc:
        if os.environ.get("BACKREHAB_DEBUG"):
            raise
        click.echo(f"Error: unexpected {type(exc).__name__}: {exc} (set BACKREHAB_DEBUG=1 for details)", err=True)
        sys.exit(1)
