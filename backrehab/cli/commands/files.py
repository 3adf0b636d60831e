"""Commands about the files a person keeps: routines, validate, export, completion."""

from __future__ import annotations

import datetime
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING

import click

from backrehab.audio.encode import AudioFormat
from backrehab.cli.completion import SHELLS, completion_script
from backrehab.cli.context import State
from backrehab.cli.output import InputFailure, echo, print_json
from backrehab.cli.params import Day, EnumChoice, FilePath, IdList, OutputFile, RoutineName, Seconds
from backrehab.handout.formats import Format, Paper
from backrehab.handout.html import html
from backrehab.handout.sheet import build_handout, handout_summary, markdown
from backrehab.plainfiles import write_atomic
from backrehab.settings.defaults import DEFAULT_LEAD_IN, DEFAULT_REST
from backrehab.settings.routines import RoutineError, resolve_all, summarise
from backrehab.validate import validate_file
from backrehab.wording import duration_text, plural

if TYPE_CHECKING:  # pragma: no cover
    import datetime
    from pathlib import Path

    from rich.progress import TaskID

    from backrehab.audio.file import Progress


@click.command("routines")
@click.option("--json", "as_json", is_flag=True, help="Print the routines as JSON.")
@click.pass_obj
def routines_command(state: State, as_json: bool) -> None:
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
    """A file whose top level has `exercises` is a catalogue, anything else a config
    file, whose routines are checked against the catalogue in use.
    """
    verdict = validate_file(file, catalogue=state.catalogue)
    if not verdict.ok:
        raise InputFailure([str(p) for p in verdict.problems])
    echo(verdict.ok_line(str(file)))


@click.command("completion")
@click.argument("shell", type=click.Choice(SHELLS))
def completion_command(shell: str) -> None:
    """See docs/completion.md for where to put it for bash, zsh and fish."""
    click.echo(completion_script(click.get_current_context().find_root().command, shell), nl=False)


#: The handout's and the report's paper, one option for both.
paper_option = click.option(
    "--paper",
    type=EnumChoice(Paper),
    default="auto",
    show_default=True,
    help="Page size; auto fits whatever paper the printer has (a PDF gets the browser's default).",
)


@click.command("export")
@click.option(
    "--routine",
    "routine_names",
    type=RoutineName(),
    metavar="NAME",
    multiple=True,
    help="A routine from the config file; repeat for several, each on its own page (a recording takes one) "
    "[default: every exercise].",
)
@click.option(
    "--format",
    "format_name",
    type=EnumChoice(Format, AudioFormat),
    help="A handout: html (to print from a browser), md (Markdown) or pdf (printed by a Chromium or Chrome found "
    "on the machine). The guided session as audio: wav, or ogg, opus, mp3, m4a, flac (through ffmpeg) "
    "[default: from FILE's extension, else html].",
)
@click.option(
    "-o",
    "--output",
    type=OutputFile(),
    metavar="FILE",
    help="Where to write the handout ('-' for standard output) or the recording.",
)
@paper_option
@click.option(
    "--start",
    # The week of tick boxes runs seven days from the start: it must end by the calendar's last day.
    type=Day(latest=date(9999, 12, 25), too_late="the week of tick boxes must end by 9999-12-31"),
    metavar="YYYY-MM-DD",
    help="First day of the week of tick boxes [default: today].",
)
@click.option("--only", type=IdList(), default=None, help="Recording: only these exercises (comma-separated ids).")
@click.option("--skip", type=IdList(), default=None, help="Recording: leave out these exercises (comma-separated ids).")
@click.option("--rest", type=Seconds(), help=f"Recording: seconds of rest between reps [default: {DEFAULT_REST:g}].")
@click.option(
    "--lead-in",
    type=Seconds(),
    help=f"Recording: seconds to get into position before an exercise [default: {DEFAULT_LEAD_IN:g}].",
)
@click.option(
    "--split",
    type=FilePath(file_okay=False),
    metavar="DIR",
    help="Recording: one numbered file per exercise in DIR, and a playlist of them, instead of -o.",
)
@click.option("--voice/--no-voice", default=None, help="Recording: speak (or tones only) [default: on].")
@click.option("--voice-name", metavar="NAME", help="Recording: the speech engine's voice, e.g. en-gb.")
@click.option("--sound/--no-sound", default=None, help="Recording: tones for holds, sides and endings [default: on].")
@click.option("--countdown", type=click.IntRange(0, 10), help="Recording: speak this many of a hold's last seconds.")
@click.pass_obj
def export_command(
    state: State,
    routine_names: tuple[str, ...],
    format_name: Format | AudioFormat | None,
    output: Path | None,
    paper: Paper,
    start: datetime.date | None,
    only: tuple[str, ...] | None,
    skip: tuple[str, ...] | None,
    rest: float | None,
    lead_in: float | None,
    split: Path | None,
    voice: bool | None,
    voice_name: str | None,
    sound: bool | None,
    countdown: int | None,
) -> None:
    """\b
    The handout: -o handout.html (or .md, .pdf).
    The recording: -o morning.wav (or .ogg, .opus, .mp3, .m4a, .flac), the
    session as it would run now, with one chapter per exercise, or --split DIR
    for one file per exercise. `session --plan --cues --recording` (same
    options) lists what it holds.
    """
    chosen: Format | AudioFormat | None = format_name
    if chosen is None and output is not None:
        chosen = AudioFormat.for_path(output) or Format.for_path(output)
    if split is not None and chosen is None:
        chosen = AudioFormat.WAV
    if isinstance(chosen, AudioFormat):
        ctx = click.get_current_context()
        handout_only = [
            f"--{name}"
            for name in ("paper", "start")
            if ctx.get_parameter_source(name) is click.core.ParameterSource.COMMANDLINE
        ]
        if handout_only:
            raise click.UsageError(f"{', '.join(handout_only)} go with a handout, not a recording.")
        if (output is None) == (split is None):
            raise click.UsageError("a recording is written to -o FILE or, one file per exercise, to --split DIR.")
        if output is not None and str(output) == "-":
            raise click.UsageError("a recording is written to a file: give its name with -o, e.g. -o morning.wav")
        if len(routine_names) > 1:
            raise click.UsageError("a recording holds one routine: give --routine once.")
        export_recording(
            state,
            audio_format=chosen,
            output=output,
            split=split,
            routine=routine_names[0] if routine_names else None,
            only=only or (),
            skip=skip or (),
            rest=rest,
            lead_in=lead_in,
            voice=voice,
            voice_name=voice_name,
            sound=sound,
            countdown=countdown,
        )
        return
    ctx = click.get_current_context()
    audio_only = [
        f"--{name.replace('_', '-')}"
        for name in ("only", "skip", "rest", "lead_in", "split", "voice", "voice_name", "sound", "countdown")
        if ctx.get_parameter_source(name) is click.core.ParameterSource.COMMANDLINE
    ]
    if audio_only:
        raise click.UsageError(f"{', '.join(audio_only)} go with a recording (-o FILE.wav, .mp3, ...), not a handout.")
    if output is None:
        raise click.MissingParameter(ctx=ctx, param=next(p for p in ctx.command.params if p.name == "output"))
    catalogue = state.catalogue()
    routines = [state.routine(name) for name in dict.fromkeys(routine_names)]
    handout = build_handout(
        catalogue=catalogue,
        routines=routines,
        options=state.options(),
        today=start or datetime.date.today(),
    )
    chosen = chosen or Format.HTML
    if chosen is Format.PDF:
        _write_pdf(html(handout, paper=paper), output)
        echo(f"Wrote {output}: {handout_summary(handout)}, ready to print.")
        return
    text = html(handout, paper=paper) if chosen is Format.HTML else markdown(handout)
    if str(output) == "-":
        click.echo(text, nl=False)
        return
    try:
        write_atomic(output, text)
    except OSError as error:
        raise click.ClickException(f"cannot write {output}: {error.strerror or error}") from None
    ready = ", ready to print from a browser" if chosen is Format.HTML else ""
    echo(f"Wrote {output}: {handout_summary(handout)}{ready}.")


def export_recording(
    state: State,
    *,
    audio_format: AudioFormat,
    output: Path | None,
    split: Path | None,
    routine: str | None,
    only: tuple[str, ...],
    skip: tuple[str, ...],
    rest: float | None,
    lead_in: float | None,
    voice: bool | None,
    voice_name: str | None,
    sound: bool | None,
    countdown: int | None,
) -> None:
    """The guided session as audio, from the options in effect, as `session` would run it."""
    # Not at the top: the audio file's modules: only for an audio export.
    import wave

    # Not at the top: the audio file's modules: only for an audio export.
    from backrehab.audio.encode import NO_ENCODER, EncodeError, find_ffmpeg
    from backrehab.audio.file import plan_recording, write_recording, write_split
    from backrehab.cli.commands.session import audio_settings, plan_or_fail, recording_synthesizer

    catalogue = state.catalogue(figures=False)
    options = state.options(rest=rest, lead_in=lead_in, routine=routine, only=only, skip=skip)
    plan = plan_or_fail(catalogue, options, routine=routine)
    encoder = None
    if audio_format.needs_encoder:
        encoder = find_ffmpeg()
        if encoder is None:
            raise InputFailure([NO_ENCODER.format(format=audio_format.value.upper())])
    settings = audio_settings(state, voice=voice, voice_name=voice_name, sound=sound, countdown=countdown)
    if not (settings.voice or settings.sound):
        raise click.UsageError("--no-voice and --no-sound leave nothing to hear.")
    synth = recording_synthesizer(settings.voice, settings.voice_name, required=True)
    with progress_on_stderr(sys.stderr.isatty()) as progress:
        recording = plan_recording(
            catalogue,
            plan,
            voice=settings.voice,
            synth=synth,
            sound=settings.sound,
            countdown=settings.countdown,
            split=split is not None,
            progress=progress,
        )
        title = f"backrehab: {routine}" if routine else "backrehab: the guided session"
        try:
            if split is not None:
                tracks, playlist = write_split(
                    recording=recording,
                    plan=plan,
                    folder=split,
                    audio_format=audio_format,
                    encoder=encoder,
                    title=title,
                    progress=progress,
                )
            else:
                assert output is not None
                write_recording(
                    recording=recording,
                    output=output,
                    audio_format=audio_format,
                    encoder=encoder,
                    title=title,
                    progress=progress,
                )
        except EncodeError as error:
            raise click.ClickException(f"cannot write {output or split}: {error}") from None
        except (OSError, wave.Error) as error:
            reason = getattr(error, "strerror", None) or error
            raise click.ClickException(f"cannot write {output or split}: {reason}") from None
    what = f"{plural(len(plan.exercises), 'exercise')}, {duration_text(recording.seconds)}"
    if split is not None:
        echo(f"Wrote {plural(len(tracks), 'file')} and {playlist}: {what}, one file per exercise.")
    else:
        echo(f"Wrote {output}: {what}, {plural(len(recording.chapters), 'chapter')}.")


@contextmanager
def progress_on_stderr(terminal: bool) -> Iterator[Progress]:
    """A progress bar on stderr in a terminal (what is being done, how much is left); nothing in a pipe."""
    if not terminal:
        yield lambda what, done, total: None
        return
    # Not at the top: rich's progress bar: only in a terminal.
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    tasks: dict[str, TaskID] = {}

    def report(what: str, done: float, total: float) -> None:
        if what not in tasks:
            tasks[what] = bar.add_task(what, total=total or 1)
        bar.update(tasks[what], completed=done if total else 1)

    with bar:
        yield report


def _write_pdf(page: str, output: Path) -> None:
    """Print the page to a PDF through a browser found on the machine; exit 2 saying how to get one if none is."""
    # Not at the top: the browser: only for a PDF.
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
