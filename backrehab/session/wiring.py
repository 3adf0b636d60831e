"""Wires a real session: display, voice, sound, keys, signals, then the runner.

Kept apart from the command line (`cli/`) so it stays a parser, and from `runner.py` so
the runner never touches a real terminal. Everything that changes the
terminal is undone in `finally` blocks, whatever ends the session.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from typing import TYPE_CHECKING

from backrehab.catalogue.model import Catalogue, Caution, Exercise
from backrehab.plan import Plan
from backrehab.printable import shown
from backrehab.screen.plain import PlainDisplay
from backrehab.session.checkin import ask_pain_by_key, wait_for_any_key
from backrehab.session.events import Answer, Display, Interrupted, Listener, PainMoment, Summary
from backrehab.session.interrupts import GuardedListeners, SignalGuard, Suspendable, Suspension
from backrehab.session.keys import Command, Keys, NoKeys
from backrehab.session.outcomes import Status
from backrehab.session.runner import answer_by_key, run_session
from backrehab.session.surroundings import Surroundings
from backrehab.settings.defaults import DisplayMode
from backrehab.settings.ineffect import SessionSettings

if not sys.platform.startswith("win"):  # the terminal's settings: POSIX only
    import termios

if TYPE_CHECKING:  # pragma: no cover
    from backrehab.audio.cues import Audio, Cues
    from backrehab.audio.timeline import Timeline
    from backrehab.history.recorder import AskByKey, RetryWait, SessionRecorder
    from backrehab.session.keys import TerminalKeys

#: Plan seconds the opening (today's session, the advice, the keys) stays up unless a key is pressed.
OPENING_SECONDS = 10.0
#: Plan seconds the end screen, and each pain question, waits for a key: time to get up from the floor.
END_SECONDS = 300.0


def exit_status(status: Status, signum: int | None, late_signal: int | None = None) -> int:
    """0, or 128 + the signal that interrupted the session or arrived while it was ending (130, 143, 129)."""
    if status is Status.INTERRUPTED:
        return 128 + (signum or signal.SIGINT)
    if late_signal is not None:
        return 128 + late_signal
    return 0


def dumb_terminal() -> bool:
    """TERM=dumb (or unknown), as rich reads it: a terminal that must get no escape codes at all."""
    return os.environ.get("TERM", "").lower() in ("dumb", "unknown")


@contextmanager
def terminal_restored(surroundings: Surroundings) -> Iterator[None]:
    """Whatever happens inside, the terminal's settings and cursor come back as they were."""
    saved = None
    if surroundings.stdin_is_terminal() and not sys.platform.startswith("win"):
        try:
            saved = termios.tcgetattr(sys.stdin.fileno())
        except (termios.error, OSError, ValueError):
            saved = None
    try:
        yield
    finally:
        if saved is not None:
            with suppress(termios.error):
                termios.tcsetattr(sys.stdin.fileno(), termios.TCSADRAIN, saved)
        if surroundings.stdout_is_terminal() and not dumb_terminal():
            try:
                sys.stdout.write("\x1b[?25h")  # show the cursor
                sys.stdout.flush()
            except OSError:
                pass


def make_display(catalogue: Catalogue, settings: SessionSettings) -> Display:
    if settings.display is DisplayMode.PLAIN:
        return PlainDisplay(catalogue)
    # Not at the top: a session in a pipe (the plain view) loads none of rich.
    from rich.console import Console

    from backrehab.screen.big import BigDisplay
    from backrehab.screen.live import CompactDisplay

    # emoji=False: catalogue text is shown as written (":smile:" stays itself), and the emoji table stays unloaded.
    console = Console(highlight=False, emoji=False)
    if console.is_dumb_terminal:  # TERM=dumb cannot redraw in place: one line per event instead
        return PlainDisplay(catalogue)
    cls = BigDisplay if settings.display is DisplayMode.BIG else CompactDisplay
    return cls(catalogue, console, keys_active=settings.keys)


def warn_on_stderr(text: str) -> None:
    print(shown(text, lines=True), file=sys.stderr)


def find_voice(
    settings: SessionSettings, warn: Callable[[str], None] = warn_on_stderr
) -> tuple[tuple[str, str] | None, str | None]:
    """The speech engine (name, path) and voice to use; a missing engine or unknown voice is one warning."""
    # Not at the top: the audio: only when voice or sound is on.
    from backrehab.audio import cues

    if not settings.voice:
        return None, None
    voice_name = settings.voice_name
    engine = cues.find_engine()
    if engine is not None:
        problem = cues.voice_problem(*engine, voice_name) if voice_name else None
        if problem:
            warn(problem)
            voice_name = None
    elif settings.voice_requested:
        looked = ", ".join(cues.ENGINES)
        warn(f"No speech engine found (looked for {looked}); {cues.INSTALL_HINT}. Going on without voice.")
    return engine, voice_name


def make_audio(
    catalogue: Catalogue,
    plan: Plan,
    settings: SessionSettings,
    *,
    speed: float,
    yes: bool,
    surroundings: Surroundings,
    screen_on: bool = False,
    warn: Callable[[str], None] = warn_on_stderr,
) -> tuple[Cues | None, Timeline | None]:
    """Voice and sound as the settings ask, and the timeline they play; what a person should know about the voice
    (no engine, an unknown voice) goes to `warn`. `screen_on`: the screen is kept on, and the opening says so."""
    if not (settings.voice or settings.sound):
        return None, None
    # Not at the top: the audio: only when voice or sound is on.
    from backrehab.audio import cues

    engine, voice_name = find_voice(settings, warn)
    audio = cues.prepare_audio(
        catalogue,
        plan,
        voice=engine is not None,
        voice_name=voice_name,
        sound=settings.sound,
        countdown=settings.countdown,
        speed=speed,
        ask=not yes and surroundings.stdin_is_terminal(),
        opening=not yes,
        live=True,
        bell=sys.stdout if surroundings.stdout_is_terminal() else None,
        engine=engine,
        warn=warn_on_stderr,  # "preparing the voice": over by the time the opening is read
        keys=settings.keys and surroundings.stdin_is_terminal(),
        screen_on=screen_on,
    )
    if audio.channel is None:
        return None, None
    return cues.Cues(catalogue, channel=audio.channel, timeline=audio.timeline), audio.timeline


def plan_audio(catalogue: Catalogue, plan: Plan, settings: SessionSettings, *, speed: float, yes: bool) -> Audio:
    """The timeline a session with these settings would play in a terminal, for `--plan --cues`."""
    # Not at the top: the audio: only when voice or sound is on.
    from backrehab.audio import cues

    engine, voice_name = find_voice(settings)
    return cues.prepare_audio(
        catalogue,
        plan,
        voice=settings.voice,
        voice_name=voice_name,
        sound=settings.sound,
        countdown=settings.countdown,
        speed=speed,
        ask=not yes,
        opening=not yes,
        live=False,
        engine=engine,
    )


def keep_screen_on(settings: SessionSettings, surroundings: Surroundings, stack: ExitStack) -> bool:
    """Keep the screen from blanking until `stack` closes, as the settings ask and where the system has a way;
    whether it is held."""
    if not settings.keep_screen_on or not surroundings.stdout_is_terminal():
        return False
    inhibitor = surroundings.inhibitor()
    if inhibitor is None:
        return False
    stack.callback(inhibitor.release)  # before `hold`: a signal in between still lets go
    return inhibitor.hold()


def suspension(keys: TerminalKeys | None, display: Display, surroundings: Surroundings) -> Suspension:
    """Ctrl-Z gives the terminal back (the display's screen, then the keys' settings); `fg` takes it again
    and the session waits, paused from the moment it stopped."""
    parts = [part for part in (keys, display) if isinstance(part, Suspendable)]
    wake = getattr(keys, "wake", None)
    return Suspension(parts, paused=wake or (lambda since: None), now=surroundings.clock.now)


def retry_wait(keys: TerminalKeys | None, guard: SignalGuard, surroundings: Surroundings) -> RetryWait:
    """Waiting between tries at the final write: given up by `q`, or by a signal (Ctrl-C) noted meanwhile."""
    clock = surroundings.clock
    waiting: Keys = keys if keys is not None else NoKeys()

    def wait(seconds: float) -> bool:
        if guard.pending is not None:
            return True
        command = waiting.wait(clock, clock.now() + seconds)
        return command is Command.QUIT or guard.pending is not None

    return wait


def collect_from_now() -> None:
    """Turn the cyclic collector back on for a session's long run, if start-up turned it off (`__main__.py`).

    `gc.freeze()` first: what start-up made (modules, classes, the catalogue) lives as long as the
    process, so the collections of the next minutes need not walk it again and again.
    """
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def start_session(
    *,
    catalogue: Catalogue,
    plan: Plan,
    settings: SessionSettings,
    speed: float,
    yes: bool,
    recorder: SessionRecorder | None = None,
    surroundings: Surroundings | None = None,
) -> int:
    """Run `plan` on the clock with the chosen display, voice, sound and keys; return the exit status.

    `recorder`, when given, asks the pain check-ins and writes the session to the history.
    `surroundings` are the clock, the keys and the terminal checks: the real ones unless given.
    With keys, the check-ins are one key each on the session's screen, and the end screen stays
    until a key (or `END_SECONDS`); without, they are lines typed on the normal screen.
    """
    surroundings = surroundings or Surroundings()
    if recorder is not None and not settings.keys and not recorder.before():
        return exit_status(Status.INTERRUPTED, None)
    display = make_display(catalogue, settings)
    guard = SignalGuard()
    summary = None
    checked_in = False
    with guard.installed():  # left last: a signal while the terminal is put back is noted, not raised
        try:
            with ExitStack() as stack:
                stack.enter_context(terminal_restored(surroundings))
                keys: TerminalKeys | None = None
                if settings.keys:
                    keys = surroundings.keys()
                    keys.open()
                    stack.callback(keys.close)
                stack.callback(display.close)
                screen_kept_on = keep_screen_on(settings, surroundings, stack)

                def warn(text: str) -> None:
                    """On standard error, and on the opening: the screen the person is looking at."""
                    warn_on_stderr(text)
                    display.note(text)

                cue_listener, timeline = make_audio(
                    catalogue,
                    plan,
                    settings,
                    speed=speed,
                    yes=yes,
                    surroundings=surroundings,
                    screen_on=screen_kept_on,
                    warn=warn,
                )
                if cue_listener is not None:
                    stack.callback(cue_listener.close)
                # The history hears each event first, so a display that fails (the terminal gone) cannot cost a
                # record, and with signals held, so none can cut its write in two.
                others: list[Listener] = [x for x in (cue_listener, display) if x is not None]
                listeners = GuardedListeners(guard, recorder, others)
                by_key = None
                if keys is not None:
                    by_key = pain_by_key(keys, surroundings, others, speed)
                    if recorder is not None:
                        if not recorder.before(by_key):
                            return exit_status(Status.INTERRUPTED, None)
                        if cue_listener is not None:  # the question is heard whole before the opening is said
                            clock = surroundings.clock
                            clock.sleep_until(clock.now() + cue_listener.busy_for())
                if recorder is not None:
                    recorder.retry_with(
                        retry_wait(keys, guard, surroundings), give_up="q again" if keys is not None else "Ctrl-C"
                    )
                if keys is not None or surroundings.stdout_is_terminal():
                    stack.enter_context(suspension(keys, display, surroundings).installed())

                def confirm(exercise: Exercise, caution: Caution) -> Answer:
                    if yes:
                        return Answer.YES_BY_OPTION
                    if keys is None or not surroundings.stdin_is_terminal():
                        return Answer.NOT_ASKED
                    display.ask(exercise, caution)
                    return answer_by_key(keys, surroundings.clock)

                # The opening waits for someone to read it; not with --yes, nor where it is printed as plain lines.
                waits = not yes and display.opening_waits and keys is not None
                collect_from_now()
                summary = run_session(
                    plan=plan,
                    clock=surroundings.clock,
                    listeners=[listeners],
                    confirm=confirm,
                    keys=keys,
                    speed=speed,
                    opening_seconds=OPENING_SECONDS if waits else 0.0,
                    on_end=guard.end_walk,
                    screen_kept_on=screen_kept_on,
                    waits=timeline.spoken_waits() if timeline is not None else None,
                )
                if keys is not None and by_key is not None:
                    checked_in = end_screen(summary, keys, surroundings, guard, recorder, by_key, speed, waits)
        except Interrupted as early:  # before the walk began (the runner catches the rest): nothing was recorded
            early_signal = early.signum
        if summary is None:
            if recorder is not None:
                recorder.after(None)
            return exit_status(Status.INTERRUPTED, early_signal)
        if recorder is not None and not checked_in:
            # A signal that came while the session ended has waited for the record; it skips the question.
            recorder.after(None if guard.pending is not None else summary, ask=guard.listening(recorder.ask))
            if guard.pending is None and recorder.question_interrupted:
                return exit_status(summary.status, summary.signum, signal.SIGINT)
        return exit_status(summary.status, summary.signum, guard.pending)


def pain_by_key(keys: TerminalKeys, surroundings: Surroundings, listeners: list[Listener], speed: float) -> AskByKey:
    """The pain question asked with one key on the session's screen, said aloud; skipped after `END_SECONDS`."""

    def ask(moment: PainMoment) -> int | None:
        return ask_pain_by_key(
            keys=keys, clock=surroundings.clock, listeners=listeners, moment=moment, seconds=END_SECONDS / speed
        )

    return ask


def end_screen(
    summary: Summary,
    keys: TerminalKeys,
    surroundings: Surroundings,
    guard: SignalGuard,
    recorder: SessionRecorder | None,
    by_key: AskByKey,
    speed: float,
    waits: bool,
) -> bool:
    """The end screen stays while the pain question after is asked, or, with nothing to ask, until a key or
    `END_SECONDS` (not after `q`, which was that key; not with --yes, nor where the session is printed as plain
    lines); True when the recorder's check-in after is done (the history then closed)."""
    asks = recorder is not None and guard.pending is None and recorder.asks_after(summary)
    waits = waits and summary.status in (Status.COMPLETED, Status.NOTHING_DONE)
    if not (asks or waits) or summary.status is Status.INTERRUPTED:
        return False
    try:
        with guard.closing_on_signal():
            if recorder is not None and asks:
                recorder.after(summary, by_key=by_key)
                return True
            wait_for_any_key(keys, surroundings.clock, END_SECONDS / speed)
    except Interrupted:  # a signal closed the end screen; it gives the exit status (`guard.pending`)
        if recorder is not None and asks:
            return True  # the recorder closed the history on the way out
    return False
