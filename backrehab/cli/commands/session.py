"""`backrehab session`: the guided routine, its plan (`--plan`) and what will be heard (`--cues`).

Its own module, loaded only when the command runs or completes, like the other commands
(`app.LAZY_COMMANDS`): `list`, `show` and `--help` need none of its twenty options built.
"""

from __future__ import annotations

import shutil
import sys
from typing import TYPE_CHECKING, NoReturn

import click

from backrehab.cli.context import State
from backrehab.cli.output import EXIT_BAD_INPUT, InputFailure, echo, print_json
from backrehab.cli.params import EnumChoice, Factor, IdList, RoutineName, Seconds
from backrehab.plan import make_plan
from backrehab.screen.planview import hold_lines, plan_lines
from backrehab.settings.defaults import DEFAULT_COUNTDOWN, DEFAULT_LEAD_IN, DEFAULT_REST, DisplayMode, Order
from backrehab.settings.ineffect import resolve
from backrehab.wording import duration_text, plural

if TYPE_CHECKING:  # pragma: no cover
    from backrehab.audio.speech import Synthesizer
    from backrehab.catalogue.model import Catalogue
    from backrehab.history.recorder import SessionRecorder
    from backrehab.history.records import SessionRecord
    from backrehab.plan import Plan, PlanOptions
    from backrehab.settings.ineffect import SessionSettings


@click.command("session")
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
    help=f"Speak this many of a hold's last seconds [default: {DEFAULT_COUNTDOWN}].",
)
@click.option(
    "--keep-screen-on/--no-keep-screen-on",
    default=None,
    help="Keep the screen from blanking while the session runs [default: on, where the system has a way].",
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
@click.option(
    "--recording",
    is_flag=True,
    help="With --plan --cues: the cues of the audio file `export -o FILE.wav` writes with these options: "
    "no keys, each wait a fixed pause.",
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
    keep_screen_on: bool | None,
    speed: float,
    yes: bool,
    plan_only: bool,
    with_cues: bool,
    recording: bool,
    as_json: bool,
    no_history: bool,
    checkin: bool | None,
    resume: bool,
) -> None:
    """Output to a terminal is a live view; to a pipe, one plain line per event.

    \b
    Keys during a session (in a terminal):
      space  pause / resume       n  next exercise
      r      restart exercise     p  stop: it hurts
      q      quit (with summary)  ?  show the keys
      y / n  answer a caution's question
    The opening waits up to 10 s for a key; after p the session waits for one.
    Ctrl-C stops at once with a summary of what was done.
    """
    if as_json and not plan_only:
        raise click.UsageError("--json goes with --plan.")
    if with_cues and not plan_only:
        raise click.UsageError("--cues goes with --plan.")
    if recording and not with_cues:
        raise click.UsageError("--recording goes with --plan --cues.")
    if recording and (speed != 1 or yes):
        raise click.UsageError(
            "--recording lists the audio file's cues, which play at their own pace: leave out --speed and --yes."
        )
    catalogue = state.catalogue(figures=not plan_only)  # the plan's text and JSON draw no figure
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
    demo = speed != 1  # a session sped up is a demo: recorded as one, it counts towards nothing
    resumed = None
    if resume:
        resumed, options = resumed_session(state, no_history, demo=demo)
    plan = make_plan(catalogue, options)
    if resumed is not None:
        plan = plan_to_resume(resumed, plan)
    if not plan.exercises:
        no_exercises_left(options, routine)
    if plan_only and with_cues:
        settings = audio_settings(state, voice=voice, voice_name=voice_name, sound=sound, countdown=countdown)
        if recording:
            print_recording_cues(catalogue, plan, settings, as_json=as_json)
        else:
            print_cues(catalogue, plan, settings, as_json=as_json, speed=speed, yes=yes)
        return
    if plan_only:
        if as_json:
            print_json(plan.to_dict())
        else:
            for line in [*plan_lines(plan), *hold_lines(plan)]:
                echo(line)
        return
    # Not at the top: the live session: runner, screen, keys, signals.
    from backrehab.session.wiring import start_session

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
        keep_screen_on=keep_screen_on,
    )

    recorder = None
    if state.history_problem is not None and not no_history:
        echo(
            f"Warning: {state.history_problem} This session uses the catalogue's holds and will not be recorded "
            "(--no-history runs without recording).",
            err=True,
        )
    elif not no_history:
        recorder = session_recorder(state, options, speed=speed, demo=demo, checkin=checkin, yes=yes, resumed=resumed)
        if recorder is not None and demo:
            echo(f"Demo at {speed:g}× speed: recorded as a demo; it counts towards nothing.")
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


def no_exercises_left(options: PlanOptions, routine: str | None) -> NoReturn:
    """Exit 2 saying why a plan holds nothing: --only outside the routine, or nothing left at all."""
    outside = [i for i in options.only if options.routine and i not in options.routine]
    if routine is not None and outside:
        raise click.UsageError(f"Not in routine '{routine}': {', '.join(outside)}; --only picks from the routine.")
    given = "--routine, --only and --skip" if routine is not None else "--only and --skip"
    raise click.UsageError(f"No exercises left to do: {given} leave nothing.")


def plan_or_fail(catalogue: Catalogue, options: PlanOptions, *, routine: str | None) -> Plan:
    """The plan for these options; exit 2 when it holds no exercise."""
    plan = make_plan(catalogue, options)
    if not plan.exercises:
        no_exercises_left(options, routine)
    return plan


def print_cues(
    catalogue: Catalogue, plan: Plan, settings: SessionSettings, *, as_json: bool, speed: float, yes: bool
) -> None:
    """The audio timeline a session with these settings plays in a terminal."""
    # Not at the top: the audio timeline and speech: only for --cues.
    from backrehab.audio.timeline import cue_lines
    from backrehab.session.wiring import plan_audio

    audio = plan_audio(catalogue, plan, settings, speed=speed, yes=yes)
    if as_json:
        print_json({"lengths": audio.lengths, "note": audio.note, **audio.timeline.to_dict()})
        return
    for line in cue_lines(audio.timeline, audio.lengths):
        echo(line)
    if audio.note:
        echo(audio.note)


def print_recording_cues(catalogue: Catalogue, plan: Plan, settings: SessionSettings, *, as_json: bool) -> None:
    """The audio timeline that `export -o FILE.wav` writes with these settings, and the file's length."""
    # Not at the top: the audio timeline and speech: only for --cues.
    from backrehab.audio.file import plan_recording
    from backrehab.audio.timeline import cue_lines

    synth = recording_synthesizer(settings.voice, settings.voice_name, required=False)
    recording = plan_recording(
        catalogue, plan, voice=settings.voice, synth=synth, sound=settings.sound, countdown=settings.countdown
    )
    if as_json:
        chapters = [{"title": c.title, "start": round(c.start, 3), "end": round(c.end, 3)} for c in recording.chapters]
        print_json(
            {
                "lengths": recording.lengths,
                "total_seconds": round(recording.seconds, 3),
                "chapters": chapters,
                **recording.timeline.to_dict(),
            }
        )
        return
    for line in cue_lines(recording.timeline, recording.lengths):
        echo(line)
    count = plural(len(recording.chapters), "chapter")
    echo(f"The recording lasts {duration_text(recording.seconds)}, in {count}:")
    for chapter in recording.chapters:
        echo(f"  {duration_text(chapter.start):>6}  {chapter.title}")


def audio_settings(
    state: State, *, voice: bool | None, voice_name: str | None, sound: bool | None, countdown: int | None
) -> SessionSettings:
    """Voice, sound and countdown as a session in a terminal has them (and so a recording of one):
    the command line, else the config file, else on."""
    return resolve(
        state.config_if_any(),
        display=None,
        voice=voice,
        voice_name=voice_name,
        sound=sound,
        countdown=countdown,
        out_terminal=True,
        in_terminal=True,
    )


def recording_synthesizer(voice: bool, voice_name: str | None, *, required: bool) -> Synthesizer | None:
    """The engine that writes each phrase to a WAV file; when `required` and there is none, exit 2 saying so."""

    # Not at the top: the audio timeline and speech: only for --cues.
    from backrehab.audio.speech import WAV_ENGINES, Synthesizer, speech_cache, voice_problem

    if not voice:
        return None
    found = next(((name, path) for name in WAV_ENGINES if (path := shutil.which(name))), None)
    if found is None:
        if not required:
            return None
        raise InputFailure(
            [
                f"No speech engine that writes audio found (looked for {', '.join(WAV_ENGINES)}): "
                f"install one: 'sudo apt install espeak-ng' (Debian, Ubuntu), 'sudo dnf install espeak-ng' "
                "(Fedora); or --no-voice for tones only."
            ]
        )
    name, path = found
    if voice_name and (problem := voice_problem(name, path, voice_name)):
        echo(problem, err=True)
        voice_name = None
    return Synthesizer(name, path, voice_name, speech_cache())


def resumed_session(state: State, no_history: bool, *, demo: bool) -> tuple[SessionRecord, PlanOptions]:
    """Today's session to resume (a demo when `demo`) and its options; one line and exit 2 when there is none,
    or when its stored options are out of the limits a session runs with."""
    # Not at the top: the history (sqlite3): not for --plan.
    from backrehab.history.resume import NothingToResume, StoredOptionsError, options_from_json, resumable
    from backrehab.history.stats import system_local_date
    from backrehab.history.store import History

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
    # Not at the top: the history (sqlite3): not for --plan.
    from backrehab.cli.commands.history import history_errors

    with history_errors():
        history = History.read(state.history_path())
        try:
            if history is None:
                raise NothingToResume("Nothing to resume: no session was recorded today.")
            with history:
                today = system_local_date(state.surroundings.wall())
                record = resumable(history.sessions(), today, system_local_date, demo=demo)
        except NothingToResume as nothing:
            echo(str(nothing), err=True)
            sys.exit(EXIT_BAD_INPUT)
    try:
        return record, options_from_json(record.options, session_id=record.id)
    except StoredOptionsError as error:
        for problem in error.problems:
            echo(f"Error: cannot resume session {record.id}: its stored {problem}", err=True)
        sys.exit(EXIT_BAD_INPUT)


def plan_to_resume(record: SessionRecord, plan: Plan) -> Plan:
    """What is left of the resumed session's plan; one line and exit 2 when nothing is."""
    # Not at the top: the history (sqlite3): not for --plan.
    from backrehab.history.resume import NothingToResume, remaining_plan

    try:
        return remaining_plan(plan, record)
    except NothingToResume as nothing:
        echo(str(nothing), err=True)
        sys.exit(EXIT_BAD_INPUT)


def session_recorder(
    state: State,
    options: PlanOptions,
    *,
    speed: float,
    demo: bool,
    checkin: bool | None,
    yes: bool,
    resumed: SessionRecord | None,
) -> SessionRecorder | None:
    """The listener that records the session, or None (after one warning) when the history cannot be used."""
    # Not at the top: the history (sqlite3): not for --plan.
    from backrehab.history.recorder import open_recorder
    from backrehab.history.resume import options_to_json

    surroundings = state.surroundings
    return open_recorder(
        state.history_path(),
        warn=lambda text: echo(f"Warning: {text}", err=True),
        cache_folder=state.cache_folder(),
        options=resumed.options if resumed else options_to_json(options, speed=speed),
        checkin=(surroundings.stdin_is_terminal() and not yes) if checkin is None else checkin,
        wall=surroundings.wall,
        resume_id=resumed.id if resumed else None,
        ask_before=resumed is None or resumed.pain_before is None,
        demo=demo,
    )
