"""Voice and sound on one channel: the audio timeline's cues played one after another, never two at once.

`Cues` listens to the runner's events, which say what happens and nothing of audio:
from where each event finds the session in the plan, it hands the `Channel` the
timeline's cues due within the next plan second, with their delays, and drops a
planned phrase the events have made untrue (an exercise declined or skipped is not
"done"); it says the few phrases no plan can foresee (paused, skipped, stopped
because it hurts). The real channel starts each clip's player process in a
background thread when it is due, and never before the clip before it has ended,
so the timer never waits on audio; tests hand in a recorder instead.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
import os
import shutil
import socket
import struct
import subprocess
import sys
import threading
import time
import wave
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Protocol

from backrehab.audio.speech import (
    ENGINES,
    INSTALL_HINT,
    WAV_ENGINES,
    Synthesizer,
    estimate_seconds,
    find_engine,
    speech_cache,
    speech_command,
    voice_problem,
)
from backrehab.audio.timeline import (
    MELODIES,
    OPENING,
    Clip,
    Cue,
    CueKind,
    Sound,
    Timeline,
    Voicing,
    build_timeline,
    span,
    tone_seconds,
)
from backrehab.catalogue.model import Catalogue
from backrehab.plan import Plan, Step, StepKind
from backrehab.session.events import (
    CautionAnswered,
    CautionShown,
    Event,
    ExerciseFinished,
    OpeningShown,
    PainAsked,
    PainMoment,
    Paused,
    Resumed,
    SessionFinished,
    SessionStarted,
    StepFinished,
    StepStarted,
    Tick,
)
from backrehab.session.outcomes import Outcome, Status
from backrehab.userdirs import user_cache_path
from backrehab.wording import (
    GO_ON,
    PAIN_AFTER_SPOKEN,
    PAIN_BEFORE_SPOKEN,
    PAUSED,
    SESSION_COMPLETE_SAID,
    SESSION_ENDED,
    pain_text,
    question_text,
    skipped_said,
)

__all__ = ["ENGINES", "INSTALL_HINT", "MELODIES", "Sound", "find_engine", "speech_command", "voice_problem"]


class Channel(Protocol):
    def play(self, clip: Clip, delay: float = 0.0) -> None:
        """Start `clip` `delay` seconds from now, or once the one before it has ended if that is later."""

    def drop_pending(self) -> None:
        """Forget the clips not yet started, even one about to start; the one playing ends by itself."""

    def withdraw(self, clip: Clip) -> bool:
        """Forget `clip` if it has not started yet (True), the others keeping their places; False if it has."""

    def busy_for(self) -> float:
        """Seconds from now until everything handed in has been heard."""

    def close(self, *, finish: bool) -> None:
        """`finish`: let what is still to be heard be heard (not for long); else stop now."""


# -- sound ---------------------------------------------------------------------------

#: With only the terminal bell, cues differ by how many times it rings.
BELLS = {
    Sound.HOLD_START: 1,
    Sound.HOLD_END: 1,
    Sound.SIDE_CHANGE: 2,
    Sound.EXERCISE_END: 2,
    Sound.SESSION_END: 3,
}
PLAYERS = ("paplay", "aplay", "afplay", "play")
RATE = 22050


def write_wav(path: Path, notes: Sequence[tuple[int, int]]) -> None:
    """A mono 16-bit WAV of the notes (frequency 0 is a pause), each faded in and out to avoid clicks."""
    frames = bytearray()
    for freq, ms in notes:
        count = RATE * ms // 1000
        fade = min(count // 4, RATE // 200)
        for i in range(count):
            envelope = min(1.0, i / fade if fade else 1.0, (count - i) / fade if fade else 1.0)
            value = 0.4 * envelope * math.sin(2 * math.pi * freq * i / RATE) if freq else 0.0
            frames += struct.pack("<h", int(value * 32767))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(bytes(frames))


def sound_files(folder: Path) -> dict[Sound, Path]:
    """The cue sounds as WAV files in `folder`, written once and reused."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for sound, notes in MELODIES.items():
        path = folder / f"{sound.value}.wav"
        if not path.exists():
            write_wav(path, notes)
        files[sound] = path
    return files


def _cache_dir() -> Path:
    return user_cache_path() / "sounds"


def find_player(which: object = shutil.which) -> str | None:
    """The first command-line WAV player on PATH (on Windows, PowerShell's sound player)."""
    players = ("powershell",) if sys.platform.startswith("win") else PLAYERS
    return next((p for p in players if which(p)), None)  # type: ignore[operator]


def play_command(player: str, path: Path) -> Command:
    """The argument list that plays one WAV file, and any extra environment."""
    if player == "powershell":  # pragma: no cover - Windows only; the path goes in the environment, not the code
        script = "(New-Object Media.SoundPlayer $env:BACKREHAB_WAV).PlaySync()"
        return [player, "-NoProfile", "-NonInteractive", "-Command", script], {"BACKREHAB_WAV": str(path)}
    return [player, str(path)], None


def stream_command(player: str) -> list[str] | None:
    """The argument list that keeps `player` open, playing raw mono 16-bit frames at `RATE` from its standard
    input as they come; None for a player that cannot (afplay, PowerShell's)."""
    return {
        "paplay": ["paplay", "--raw", f"--rate={RATE}", "--channels=1", "--format=s16le"],
        "aplay": ["aplay", "-q", "-t", "raw", "-f", "S16_LE", "-r", str(RATE), "-c", "1"],
        "play": ["play", "-q", "-t", "raw", "-r", str(RATE), "-e", "signed-integer", "-b", "16", "-c", "1", "-"],
    }.get(player)


def wav_frames(path: Path) -> bytes | None:
    """The frames of a mono 16-bit WAV file at `RATE` (what espeak-ng and our tones write); None for another
    kind, or a file that cannot be read."""
    try:
        with wave.open(str(path)) as wav:
            if (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) != (1, 2, RATE):
                return None
            return bytes(wav.readframes(wav.getnframes()))
    except (OSError, EOFError, wave.Error):
        return None


class Stream:
    """One player process kept open for the whole session, fed each clip's frames when it is due.

    Started at the first clip; a player that cannot play (it has ended: no sound device, say) is not
    started again, and the channel goes back to a process per clip. The frames go through a socket, not a
    pipe, written with MSG_NOSIGNAL: a player that has gone is an error here, never a SIGPIPE, which the
    session takes for its own output gone.
    """

    def __init__(self, argv: list[str]) -> None:
        self.argv = argv
        self.process: subprocess.Popen[bytes] | None = None
        self.socket: socket.socket | None = None
        self.dead = False

    @staticmethod
    def available() -> bool:
        """Whether this system can write to a socket without risking SIGPIPE (Linux and the BSDs can)."""
        return hasattr(socket, "MSG_NOSIGNAL") and hasattr(socket, "socketpair")

    def write(self, frames: bytes) -> bool:
        """Hand `frames` to the player (blocking while it holds enough); False when it cannot take them."""
        if self.dead:
            return False
        try:
            if self.socket is None:
                ours, theirs = socket.socketpair()
                try:
                    self.process = subprocess.Popen(
                        self.argv, stdin=theirs.fileno(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
                    )
                finally:
                    theirs.close()
                self.socket = ours
            view = memoryview(frames)
            while view:
                view = view[self.socket.send(view, socket.MSG_NOSIGNAL) :]
            return True
        except (OSError, ValueError):
            self.dead = True
            self.stop()
            return False

    def stop(self, *, finish: bool = False, timeout: float = 2.0) -> None:
        """Close the player: after what it holds is heard (`finish`), or now."""
        connection, self.socket = self.socket, None
        process, self.process = self.process, None
        if connection is not None:
            with contextlib.suppress(OSError):
                connection.close()
        if process is None:
            return
        if not finish and process.poll() is None:
            process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# -- the channel -----------------------------------------------------------------------

Command = tuple[list[str], dict[str, str] | None]


class ProcessChannel:
    """Plays clips one after another, each in its own player process, from a background thread.

    A clip handed in while another still plays waits for it: nothing is ever cut
    off, and two clips are never heard at once. A process that outlives its clip
    by two seconds is stopped, so a stuck engine cannot stall the queue. Clips not
    yet started, even the one the thread waits to start, can be dropped at once.
    """

    def __init__(
        self,
        *,
        speech: Callable[[str], Command] | None,
        tones: Callable[[Sound], Command] | None,
        bell: IO[str] | None = None,
        stream: Stream | None = None,
        frames: Callable[[Clip], bytes | None] | None = None,
    ) -> None:
        self.speech, self.tones, self.bell = speech, tones, bell
        #: One player kept open, and each clip's frames for it: no process started per clip where it works.
        self.stream, self.frames = stream, frames
        #: Whether the clip last handed to the stream may still be playing (until `process_ends`).
        self.streaming = False
        #: Each clip not yet started with the moment it is due, in the order handed in.
        self.pending: list[tuple[Clip, float]] = []
        self.changed = threading.Condition()
        self.process: subprocess.Popen[bytes] | None = None
        self.process_ends = 0.0
        self.closing = False
        self.stopping = False
        self.thread = threading.Thread(target=self._work, name="backrehab-audio", daemon=True)
        self.thread.start()

    def command(self, clip: Clip) -> Command | None:
        if clip.kind is CueKind.SPEECH:
            return self.speech(clip.text) if self.speech else None
        assert clip.sound is not None
        return self.tones(clip.sound) if self.tones else None

    def play(self, clip: Clip, delay: float = 0.0) -> None:
        if clip.kind is CueKind.TONE and self.tones is None and self.bell is not None and clip.sound is not None:
            with contextlib.suppress(OSError, ValueError):  # the bell is heard at once, from this thread
                self.bell.write("\a" * BELLS[clip.sound])
                self.bell.flush()
            return
        if self.command(clip) is not None:
            with self.changed:
                self.pending.append((clip, time.monotonic() + delay))
                self.changed.notify()

    def _next(self) -> Clip | None:
        """The next clip once it is due, or None when the channel closes; waits without polling."""
        with self.changed:
            while True:
                if self.stopping or (self.closing and not self.pending):
                    return None
                if not self.pending:
                    self.changed.wait()
                    continue
                clip, due = self.pending[0]
                left = due - time.monotonic()
                if left <= 0:
                    self.pending.pop(0)
                    return clip
                self.changed.wait(left)

    def _work(self) -> None:
        while True:
            self._wait_for_current()
            clip = self._next()
            if clip is None:
                break
            if self._stream(clip):
                continue
            command = self.command(clip)
            if command is None:
                continue
            argv, extra_env = command
            try:
                self.process = subprocess.Popen(
                    argv,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    env={**_environ(), **extra_env} if extra_env else None,
                )
                self.process_ends = time.monotonic() + clip.seconds
            except (OSError, ValueError):
                self.process = None  # the engine or player vanished (or refused the text): carry on silently
        self._wait_for_current()
        if self.stream is not None:
            self.stream.stop(finish=not self.stopping, timeout=5 if not self.stopping else 1)

    def _stream(self, clip: Clip) -> bool:
        """Play `clip` on the player kept open, if there is one and the clip's frames are known; whether it was
        taken. Once that player has ended by itself it cannot play here (no sound device): the clips it would
        have played are not started one by one either, where they would fail the same way."""
        if self.stream is None or self.frames is None:
            return False
        frames = self.frames(clip)
        if frames is None:
            return False
        if self.stream.dead:
            return True
        with self.changed:
            self.process_ends = time.monotonic() + clip.seconds
            self.streaming = True
        if not self.stream.write(frames):
            with self.changed:
                self.streaming = False
        return True

    def _wait_for_current(self) -> bool:
        """Wait for the clip still playing, if one is; True when one was."""
        if self.streaming:  # the player kept open plays it: wait for its end, as long as it lasts
            with self.changed:
                while not self.stopping and (left := self.process_ends - time.monotonic()) > 0:
                    self.changed.wait(left)
                self.streaming = False
            return True
        process = self.process
        if process is None:
            return False
        busy = process.poll() is None
        try:
            process.wait(timeout=max(0.0, self.process_ends - time.monotonic()) + 2)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        self.process = None
        return busy

    def drop_pending(self) -> None:
        with self.changed:
            self.pending.clear()
            self.changed.notify()

    def withdraw(self, clip: Clip) -> bool:
        with self.changed:
            for i, (pending, _) in enumerate(self.pending):
                if pending == clip:
                    del self.pending[i]
                    self.changed.notify()
                    return True
        return False

    def busy_for(self) -> float:
        now = time.monotonic()
        with self.changed:
            free = self.process_ends if self.process is not None or self.streaming else now
            for clip, due in self.pending:
                free = max(free, due) + span(clip)
        return max(0.0, free - now)

    def close(self, *, finish: bool) -> None:
        with self.changed:
            self.closing = True
            if not finish:
                self.stopping = True
                self.pending.clear()
            self.changed.notify()
        if not finish:
            process = self.process
            if process is not None and process.poll() is None:
                process.terminate()
            if self.stream is not None:
                self.stream.stop()
        self.thread.join(timeout=15 if finish else 1)


def _environ() -> dict[str, str]:
    return dict(os.environ)


# -- what is heard, and when ---------------------------------------------------------------


#: How far ahead (plan seconds) cues are handed to the channel: each event finds the next within it.
AHEAD = 1.0


class Cues:
    """Plays the timeline as the session goes: each cue when the events say its moment has come and what it says
    is still true, and the few phrases no plan can foresee."""

    def __init__(self, catalogue: Catalogue, *, channel: Channel, timeline: Timeline) -> None:
        self.catalogue = catalogue
        self.channel = channel
        self.timeline = timeline
        self.speed = timeline.speed
        self.plan: Plan | None = None
        self.offsets: tuple[float, ...] = ()
        #: The cues said at moments of each step, in order, and those said during each wait, by step index.
        self.moments: dict[int, list[Cue]] = {}
        self.in_waits: dict[int, list[Cue]] = {}
        for cue in timeline.cues:
            (self.in_waits if cue.wait else self.moments).setdefault(cue.step, []).append(cue)
        for cues in self.moments.values():
            cues.sort(key=lambda cue: cue.at)
        #: The step under way, its cues not yet handed in, and those due at its end or after it.
        self.index: int | None = None
        self.pending: list[Cue] = []
        self.held: list[Cue] = []
        self.held_at = 0.0
        #: Whether planned cues were handed in since what was pending was last dropped.
        self.ahead = False
        #: Where the session last jumped to (a skip, a restart, a declined caution): cues about steps before it
        #: are untrue.
        self.landed = 0
        #: Exercises the session has said are done.
        self.done: set[str] = set()
        self.question: Clip | None = None
        self.paused: Clip | None = None
        self.completed = False
        self.status = Status.COMPLETED

    def say(self, text: str) -> Clip | None:
        clip = self.timeline.unplanned.get(text)
        if clip is not None:
            self.channel.play(clip)
        return clip

    def true(self, cue: Cue) -> bool:
        """Whether what `cue` says is still so: it is about a step the session walked to, not jumped past, and
        an exercise it calls done was done."""
        if cue.about is not None and cue.about < self.landed:
            return False
        assert self.plan is not None
        return not cue.done or self.plan.steps[cue.about_step].exercise.id in self.done

    def hand(self, cue: Cue, now: float) -> None:
        """Hand `cue` to the channel, due `cue.at - now` plan seconds from now (at once if that is past)."""
        if self.true(cue):
            self.channel.play(cue.clip, max(0.0, cue.at - now) / self.speed)
            self.ahead = True
            self.completed = (
                self.completed or cue.clip.text == SESSION_COMPLETE_SAID or cue.clip.sound is Sound.SESSION_END
            )

    def reach(self, now: float) -> None:
        """The session is at plan second `now` of the step under way: hand in the cues due before the next event."""
        assert self.plan is not None
        assert self.index is not None
        end = self.offsets[self.index] + self.plan.steps[self.index].seconds
        while self.pending and self.pending[0].at < min(now + AHEAD, end):
            self.hand(self.pending.pop(0), now)

    def drop(self) -> None:
        """Forget what was handed in and has not started."""
        self.channel.drop_pending()
        self.ahead = False

    def plan_step(self, index: int) -> Step:
        assert self.plan is not None
        return self.plan.steps[index]

    def hand_held(self) -> None:
        """Hand in the cues due at the end of the step just over, or after it."""
        held, self.held = self.held, []
        for cue in held:
            self.hand(cue, self.held_at)

    def say_wait(self, key: int) -> None:
        """A wait's cues all at once, each with its delay from the wait's start."""
        cues = self.in_waits.get(key, [])
        if not cues:
            return
        begins = cues[-1].start + span(cues[-1].clip) - self.timeline.waits[key]
        for cue in cues:
            self.channel.play(cue.clip, cue.start - begins)

    def step_started(self, index: int) -> None:
        assert self.plan is not None
        steps = self.plan.steps
        now = self.offsets[index]
        walked_on = (
            self.index is not None
            and self.index < index
            and all(steps[i].kind is StepKind.CAUTION for i in range(self.index + 1, index))
        )
        if walked_on:
            self.hand_held()
        else:
            if self.ahead:  # a jump: what was handed in ahead is not to be heard
                self.drop()
            self.landed = index
        self.index, self.held = index, []
        self.pending = list(self.moments.get(index, []))
        self.reach(now)

    def handle(self, event: Event) -> None:
        match event:
            case SessionStarted(plan=plan):
                self.plan, self.offsets = plan, plan.offsets()
            case OpeningShown():
                self.say_wait(OPENING)
            case CautionShown(exercise=exercise):
                assert self.plan is not None
                index = next(
                    i for i, s in enumerate(self.plan.steps) if s.kind is StepKind.CAUTION and s.exercise is exercise
                )
                self.say_wait(index)
                self.question = next(
                    (c.clip for c in self.in_waits.get(index, []) if c.clip.text == question_text(exercise)), None
                )
            case CautionAnswered():
                if self.question is not None:  # answered before it is asked: it is not asked
                    self.channel.withdraw(self.question)
                self.question = None
            case StepStarted(index=index):
                self.step_started(index)
            case Tick(step=step, left=left) if self.index is not None:
                self.reach(self.offsets[self.index] + step.seconds - left)
            case StepFinished(step=step) if self.index is not None:
                # What is due at the step's end or after it is handed in now, or, at an exercise's end, once
                # the session says how the exercise ended.
                self.held, self.pending = self.pending, []
                self.held_at = self.offsets[self.index] + step.seconds
                last = self.index + 1 == len(self.offsets) or self.plan_step(self.index + 1).number != step.number
                if not last:
                    self.hand_held()
            case Paused(at=at):
                self.drop()
                if self.index is not None:
                    self.pending = [cue for cue in self.moments.get(self.index, []) if cue.at > at]
                    self.held = []
                self.paused = self.say(PAUSED)
            case Resumed(at=at):
                heard = self.paused is not None and not self.channel.withdraw(self.paused)
                self.paused = None
                go_on = self.timeline.unplanned.get(GO_ON)
                if heard and go_on is not None and self.fits_before_next(go_on, at):
                    self.channel.play(go_on)
                if self.index is not None:
                    self.reach(at)
            case ExerciseFinished(exercise=exercise, outcome=Outcome.DONE):
                self.done.add(exercise.id)
                self.hand_held()
            case ExerciseFinished(exercise=exercise, outcome=Outcome.SKIPPED | Outcome.STOPPED_PAIN as outcome):
                self.drop()  # what was handed in ahead is not to be heard
                self.pending, self.held = [], []
                if outcome is Outcome.SKIPPED:
                    self.say(skipped_said(exercise))
                else:
                    assert self.plan is not None
                    self.say(pain_text(exercise, self.catalogue, self.plan))
            case PainAsked(moment=moment, typed=""):
                self.say(PAIN_BEFORE_SPOKEN if moment is PainMoment.BEFORE else PAIN_AFTER_SPOKEN)
            case SessionFinished(summary=summary):
                self.status = summary.status
                if summary.status is Status.ENDED_EARLY:  # q: what was still to come is not said
                    self.drop()
                    self.say(SESSION_ENDED)
                    return
                if summary.status is Status.COMPLETED and not self.completed:
                    self.say(SESSION_COMPLETE_SAID)

    def fits_before_next(self, clip: Clip, now: float) -> bool:
        """Whether `clip`, said now, ends before the next planned cue is due: it must never push one late."""
        if self.index is None:
            return True
        following = [cue for cue in self.moments.get(self.index, []) if cue.at >= now and self.true(cue)]
        if not following:
            return True
        return self.channel.busy_for() + span(clip) <= (following[0].at - now) / self.speed + 1e-9

    def busy_for(self) -> float:
        """Seconds until everything handed to the channel has been heard."""
        return self.channel.busy_for()

    def close(self) -> None:
        self.channel.close(finish=self.status is not Status.INTERRUPTED)


# -- wiring ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Audio:
    """A session's timeline, and the channel to play it on (None when nothing is to be heard)."""

    timeline: Timeline
    channel: Channel | None
    #: How the phrases' lengths were found: "espeak-ng", "estimated (say)", "estimated (no engine)".
    lengths: str
    #: What a person should know about what will be heard: no speech engine, so tones only.
    note: str | None = None


def prepare_audio(
    catalogue: Catalogue,
    plan: Plan,
    *,
    voice: bool,
    voice_name: str | None,
    sound: bool,
    countdown: int,
    speed: float,
    ask: bool,
    opening: bool,
    live: bool,
    bell: IO[str] | None = None,
    engine: tuple[str, str] | None = None,
    warn: Callable[[str], None] = lambda text: None,
    keys: bool = True,
    screen_on: bool = False,
) -> Audio:
    """Every phrase synthesized (or estimated) ahead, the timeline built from their lengths, and, when
    `live`, the channel that will play it; `engine` is the speech engine found, if any: with none, the timeline
    holds the tones alone, as a session would play them. `keys`: whether keys work, for the opening to name them;
    `screen_on`: whether the screen is kept on, for the opening to say so."""
    speech: Callable[[str], float] | None = None
    speak: Callable[[str], Command] | None = None
    #: Where each phrase's WAV is, for an engine that writes them.
    wavs: Callable[[str], Path] | None = None
    lengths = "estimated (no engine)"
    if voice and engine is not None:
        name, path = engine
        if name in WAV_ENGINES:
            synth = Synthesizer(name, path, voice_name, speech_cache())
            texts = _phrases(
                catalogue, plan, Voicing(None, None, countdown, ask, opening, speed, keys, screen_on=screen_on), sound
            )
            missing = sum(not synth.wav(t).exists() for t in texts)
            if missing > 20:
                warn(f"Preparing the voice: {missing} phrases, once (they are kept in {synth.folder}).")
            synth.prepare(texts)
            speech, lengths, wavs = synth.seconds, name, synth.wav
            player = find_player()

            def speak(text: str) -> Command:
                """The phrase's WAV through the player; the engine itself where there is no player or no WAV."""
                wav = synth.wav(text)
                if player is not None and wav.exists():
                    return play_command(player, wav)
                return speech_command(name, path, text, voice_name)

        else:
            speech, lengths = estimate_seconds, f"estimated ({name})"
            speak = lambda text: speech_command(name, path, text, voice_name)  # noqa: E731
    note = None
    if voice and engine is None:
        note = f"No speech engine found: only tones are heard. Speech needs one: {INSTALL_HINT}."
    tone_player = find_player() if sound and live else None
    timeline = build_timeline(
        plan,
        catalogue,
        Voicing(speech, tone_seconds if sound else None, countdown, ask, opening, speed, keys, screen_on=screen_on),
    )
    channel: Channel | None = None
    if live and (speak is not None or sound):
        tones: Callable[[Sound], Command] | None = None
        files: dict[Sound, Path] = {}
        if tone_player is not None:
            files = sound_files(_cache_dir())
            tones = lambda sound: play_command(tone_player, files[sound])  # noqa: E731
        player = tone_player or (find_player() if wavs is not None else None)
        stream_argv = stream_command(player) if player is not None else None

        def frames(clip: Clip) -> bytes | None:
            """The clip's sound for the player kept open: its WAV's frames, read when it is due."""
            if clip.kind is CueKind.SPEECH:
                path = wavs(clip.text) if wavs is not None else None
            else:
                path = files.get(clip.sound) if clip.sound is not None else None
            return wav_frames(path) if path is not None and path.exists() else None

        channel = ProcessChannel(
            speech=speak,
            tones=tones,
            bell=bell if sound else None,
            stream=Stream(stream_argv) if stream_argv is not None and Stream.available() else None,
            frames=frames,
        )
    return Audio(timeline, channel, lengths, note)


def _phrases(catalogue: Catalogue, plan: Plan, voicing: Voicing, sound: bool) -> list[str]:
    """Every phrase the timeline may ask the length of: it is built once with a recorder for lengths."""
    texts: list[str] = []

    def record(text: str) -> float:
        texts.append(text)
        return estimate_seconds(text)

    timeline = build_timeline(
        plan, catalogue, dataclasses.replace(voicing, speech=record, tone=tone_seconds if sound else None)
    )
    return list(dict.fromkeys(texts + list(timeline.unplanned)))
