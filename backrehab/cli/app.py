"""The `backrehab` command line: thin click commands that parse, wire the pieces and exit.

Heavy modules (rich, yaml, sqlite3, even pathlib) are imported inside the commands that use
them, so `backrehab --help` starts about as fast as click alone.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

import click

from .. import __version__
from ..defaults import DEFAULT_LEAD_IN, DEFAULT_REST, DisplayMode, Order, safety_note
from .completion import complete_exercise
from .context import EXIT_BAD_INPUT, EXIT_INTERRUPTED, State, print_json, stdout_console
from .lazygroup import LazyCommand, LazyGroup
from .params import EnumChoice, Factor, FilePath, IdList, RoutineName, Seconds

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

    from ..catalogue import Catalogue
    from ..history.recorder import SessionRecorder
    from ..history.records import SessionRecord
    from ..plan import Plan, PlanOptions


#: The commands beyond list, show and session: imported only when one of them is used. The help
#: beside each is its docstring's first paragraph, listed by `backrehab --help` (a test checks they agree).
LAZY_COMMANDS = {
    "completion": LazyCommand(
        "backrehab.cli.commands.files:completion_command",
        "Print the script that makes your shell complete backrehab's commands, exercise ids and routines.",
    ),
    "config": LazyCommand("backrehab.cli.commands.config:config_group", "Where the config file is and what it sets."),
    "export": LazyCommand(
        "backrehab.cli.commands.files:export_command",
        "Write a printable handout for the fridge: every exercise with its steps, hold and cautions, the advice,\n"
        "and a week of tick boxes.",
    ),
    "history": LazyCommand(
        "backrehab.cli.commands.history:history_command",
        "Past sessions, your streak, a 12-week calendar and your pain trend.",
    ),
    "progress": LazyCommand(
        "backrehab.cli.commands.history:progress_command",
        "Each exercise's current hold, its target, and how close the next step is.",
    ),
    "remind": LazyCommand(
        "backrehab.cli.commands.remind:remind_group",
        "Daily reminders to do your exercises, through your computer's own scheduler.",
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


class MainGroup(LazyGroup):
    """The `backrehab` group: Ctrl-C that no command handles itself ends quietly with 130.

    click would print "Aborted!" and exit 1, which reads like a failure; a person pressing Ctrl-C
    while a command starts (its modules still loading) meant to stop it, and 130 is what shells expect.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
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
    type=FilePath(file_okay=False),
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
    # A test may pass its own surroundings (fake clocks, terminal checks) as click's `obj`.
    given = ctx.obj if ctx.obj is not None and not isinstance(ctx.obj, State) else None
    ctx.obj = State(
        catalogue_path=catalogue, config_path=config, data_dir=data_dir, surroundings=given, use_cache=not no_cache
    )


@main.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the exercises as JSON.")
@click.pass_obj
def list_command(state: State, as_json: bool) -> None:
    """List the exercises with their holds, reps, sides and time."""
    from ..views import catalogue_json, catalogue_table

    catalogue = state.catalogue()
    options = state.options()
    if as_json:
        print_json(catalogue_json(catalogue, options))
        return
    console = stdout_console()
    console.print(catalogue_table(catalogue, options))
    if any(e.hold_source.value == "chosen" for e in catalogue.exercises):
        console.print("* hold time chosen by backrehab: the leaflet gives none.")
    if any(e.cautions for e in catalogue.exercises):
        console.print("! caution: see `backrehab show ID`.")


@main.command("show")
@click.argument("name", shell_complete=complete_exercise)
@click.option("--json", "as_json", is_flag=True, help="Print the exercise as JSON.")
@click.pass_obj
def show_command(state: State, name: str, as_json: bool) -> None:
    """Show one exercise's instructions: NAME is its id, its name in any case, or its number in `list`."""
    from ..catalogue import list_number, unknown_exercise_message
    from ..views import exercise_json, exercise_panel

    catalogue = state.catalogue()
    exercise = catalogue.find(name) or catalogue.numbered(name)
    if exercise is None:
        count = len(catalogue.exercises)
        numbered = f"No exercise number {list_number(name)}: `list` numbers them from 1 to {count}."
        click.echo(numbered if list_number(name) is not None else unknown_exercise_message(catalogue, name), err=True)
        sys.exit(EXIT_BAD_INPUT)
    options = state.options()
    if as_json:
        print_json(exercise_json(exercise, options))
        return
    number = catalogue.exercises.index(exercise) + 1
    console = stdout_console()
    # A drawing only where one can be seen: not into a pipe or file, nor on a dumb terminal (screen readers).
    drawing_width = console.width if console.is_terminal and not console.is_dumb_terminal else 0
    console.print(exercise_panel(exercise, options, number, drawing_width=drawing_width))


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
    type=EnumChoice(Order),
    default=Order.SOURCE.value,
    show_default=True,
    help="source: the leaflet's order; position: grouped by starting position, fewest trips to the floor.",
)
@click.option(
    "--display",
    type=EnumChoice(DisplayMode),
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
@click.option(
    "--cues",
    "with_cues",
    is_flag=True,
    help="With --plan: print what will be heard instead: every phrase and tone, when and how long.",
)
@click.option("--json", "as_json", is_flag=True, help="With --plan: print the plan (or its cues) as JSON.")
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
    order: Order,
    display: DisplayMode | None,
    voice: bool | None,
    voice_name: str | None,
    sound: bool | None,
    countdown: int | None,
    speed: float,
    yes: bool,
    plan_only: bool,
    with_cues: bool,
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
      y / n  answer a caution's question
    The opening waits up to 10 s for a key; after p the session waits for one.
    Ctrl-C stops at once with a summary of what was done.
    """
    from ..plan import make_plan

    if as_json and not plan_only:
        raise click.UsageError("--json goes with --plan.")
    if with_cues and not plan_only:
        raise click.UsageError("--cues goes with --plan.")
    catalogue = state.catalogue()
    options = state.options(
        rest=rest,
        lead_in=lead_in,
        order=order,
        routine=routine,
        only=only or (),
        skip=skip or (),
        warn=no_history or plan_only,
        trust_cache=plan_only,
    )
    resumed = None
    if resume:
        resumed, options = resumed_session(state, no_history, demo=speed != 1)
    plan = make_plan(catalogue, options)
    if resumed is not None:
        plan = plan_to_resume(resumed, plan)
    if not plan.exercises:
        outside = [i for i in options.only if options.routine and i not in options.routine]
        if routine is not None and outside:
            raise click.UsageError(f"Not in routine '{routine}': {', '.join(outside)}; --only picks from the routine.")
        given = "--routine, --only and --skip" if routine is not None else "--only and --skip"
        raise click.UsageError(f"No exercises left to do: {given} leave nothing.")
    if plan_only and with_cues:
        print_cues(
            state,
            catalogue,
            plan,
            as_json=as_json,
            voice=voice,
            voice_name=voice_name,
            sound=sound,
            countdown=countdown,
            speed=speed,
            yes=yes,
        )
        return
    if plan_only:
        from ..printable import shown
        from ..views import hold_lines, plan_lines

        if as_json:
            print_json(plan.to_dict())
        else:
            for line in [*plan_lines(plan), *hold_lines(plan)]:
                click.echo(shown(line))
        return
    from ..session import start_session
    from ..settings import resolve

    # Not for --plan: the plan takes the config file's settings, if any, from the options.
    settings = resolve(
        state.config_if_any(),
        display=display,
        voice=voice,
        voice_name=voice_name,
        sound=sound,
        countdown=countdown,
        out_terminal=state.surroundings.stdout_is_terminal(),
        in_terminal=state.surroundings.stdin_is_terminal(),
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
        if recorder is not None and speed != 1:
            click.echo(f"Demo at {speed:g}× speed: recorded as a demo; it counts towards nothing.")
    status = start_session(
        catalogue=catalogue,
        plan=plan,
        settings=settings,
        speed=speed,
        yes=yes,
        recorder=recorder,
        surroundings=state.surroundings,
    )
    sys.exit(status)


def print_cues(
    state: State,
    catalogue: Catalogue,
    plan: Plan,
    *,
    as_json: bool,
    voice: bool | None,
    voice_name: str | None,
    sound: bool | None,
    countdown: int | None,
    speed: float,
    yes: bool,
) -> None:
    """The audio timeline a session with these options plays in a terminal."""
    from ..session import plan_audio
    from ..settings import resolve
    from ..timeline import cue_lines

    settings = resolve(
        state.config(),
        display=None,
        voice=voice,
        voice_name=voice_name,
        sound=sound,
        countdown=countdown,
        out_terminal=True,
        in_terminal=True,
    )
    audio = plan_audio(catalogue, plan, settings, speed=speed, yes=yes)
    if as_json:
        print_json({"lengths": audio.lengths, **audio.timeline.to_dict()})
        return
    for line in cue_lines(audio.timeline, audio.lengths):
        click.echo(line)


def resumed_session(state: State, no_history: bool, *, demo: bool) -> tuple[SessionRecord, PlanOptions]:
    """Today's session to resume (a demo when `demo`) and its options; one line and exit 2 when there is none,
    or when its stored options are out of the limits a session runs with."""
    from ..history.resume import NothingToResume, StoredOptionsError, options_from_json, resumable
    from ..history.stats import system_local_date
    from ..history.store import History

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
    from .commands.history import history_errors

    with history_errors():
        history = History.read(state.history_path())
        try:
            if history is None:
                raise NothingToResume("Nothing to resume: no session was recorded today.")
            with history:
                today = system_local_date(state.surroundings.wall())
                record = resumable(history.sessions(), today, system_local_date, demo=demo)
        except NothingToResume as nothing:
            click.echo(str(nothing), err=True)
            sys.exit(EXIT_BAD_INPUT)
    try:
        return record, options_from_json(record.options, session_id=record.id)
    except StoredOptionsError as error:
        for problem in error.problems:
            click.echo(f"Error: cannot resume session {record.id}: its stored {problem}", err=True)
        sys.exit(EXIT_BAD_INPUT)


def plan_to_resume(record: SessionRecord, plan: Plan) -> Plan:
    """What is left of the resumed session's plan; one line and exit 2 when nothing is."""
    from ..history.resume import NothingToResume, remaining_plan

    try:
        return remaining_plan(plan, record)
    except NothingToResume as nothing:
        click.echo(str(nothing), err=True)
        sys.exit(EXIT_BAD_INPUT)


def session_recorder(
    state: State, options: PlanOptions, *, speed: float, checkin: bool | None, yes: bool, resumed: SessionRecord | None
) -> SessionRecorder | None:
    """The listener that records the session, or None (after one warning) when the history cannot be used."""
    from ..history.recorder import open_recorder
    from ..history.resume import options_to_json

    surroundings = state.surroundings
    return open_recorder(
        state.history_path(),
        warn=lambda text: click.echo(f"Warning: {text}", err=True),
        options=resumed.options if resumed else options_to_json(options, speed=speed),
        checkin=(surroundings.stdin_is_terminal() and not yes) if checkin is None else checkin,
        wall=surroundings.wall,
        resume_id=resumed.id if resumed else None,
        ask_before=resumed is None or resumed.pain_before is None,
        demo=speed != 1,
    )


def run() -> None:
    """Console-script entry point; unexpected errors become one line unless BACKREHAB_DEBUG is set."""
    from ..interrupts import process_ends_with_command

    process_ends_with_command()
    try:
        main(prog_name="backrehab")
    except Exception as exc:
        if os.environ.get("BACKREHAB_DEBUG"):
            raise
        click.echo(f"Error: unexpected {type(exc).__name__}: {exc} (set BACKREHAB_DEBUG=1 for details)", err=True)
        sys.exit(1)
