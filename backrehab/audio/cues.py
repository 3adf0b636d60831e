"""Voice and sound on one channel: the audio timeline's cues played one after another, never two at once.

`Cues` listens to the runner's events: a `CueDue` from the timeline is handed
to the `Channel` at once, as are the few phrases no plan can foresee (paused,
skipped, stopped because it hurts). The real channel starts each clip's player
process in a background thread when it is due, and never before the clip before
it has ended, so the timer never waits on audio; tests hand in a recorder instead.
"""

from __future__ import annotations

import contextlib
import queue
import shutil
import subprocess
import sys
import threading
import time
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
    SESSION_COMPLETE,
    Clip,
    CueKind,
    Sound,
    Timeline,
    Voicing,
    build_timeline,
    pain_text,
    tone_seconds,
)
from backrehab.catalogue.model import Catalogue
from backrehab.plan import Plan
from backrehab.session.events import CueDue, CueWithdrawn, Event, ExerciseFinished, Paused, Resumed, SessionFinished
from backrehab.session.outcomes import Outcome, Status

__all__ = ["ENGINES", "INSTALL_HINT", "MELODIES", "Sound", "find_engine", "speech_command", "voice_problem"]


class Channel(Protocol):
    def play(self, clip: Clip, delay: float = 0.0) -> None:
        """Start `clip` `delay` seconds from now, or once the one before it has ended if that is later."""

    def drop_pending(self) -> None:
        """Forget the clips not yet started; the one playing ends by itself."""

    def withdraw(self, clip: Clip) -> None:
        """Forget `clip`, handed in and not yet started; the others keep their places."""

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
PLAYERS = ("paplay", "aplay", "afplay")
RATE = 22050


def write_wav(path: Path, notes: Sequence[tuple[int, int]]) -> None:
    """A mono 16-bit WAV of the notes (frequency 0 is a pause), each faded in and out to avoid clicks."""
    import math
    import struct
    import wave

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
    from backrehab.userdirs import user_cache_path

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


# -- the channel -----------------------------------------------------------------------

Command = tuple[list[str], dict[str, str] | None]


class ProcessChannel:
    """Plays clips one after another, each in its own player process, from a background thread.

    A clip handed in while another still plays waits for it: nothing is ever cut
    off, and two clips are never heard at once. A process that outlives its clip
    by two seconds is stopped, so a stuck engine cannot stall the queue.
    """

    def __init__(
        self,
        *,
        speech: Callable[[str], Command] | None,
        tones: Callable[[Sound], Command] | None,
        bell: IO[str] | None = None,
    ) -> None:
        self.speech, self.tones, self.bell = speech, tones, bell
        #: Each clip with the moment it is due.
        self.queue: queue.Queue[tuple[Clip, float] | None] = queue.Queue()
        self.process: subprocess.Popen[bytes] | None = None
        self.process_ends = 0.0
        self.stopping = False
        #: Clips withdrawn before they began: each skips the next time it comes up.
        self.withdrawn: list[Clip] = []
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
            self.queue.put((clip, time.monotonic() + delay))

    def _work(self) -> None:
        while (item := self.queue.get()) is not None:
            clip, due = item
            self._wait_for_current()
            time.sleep(max(0.0, due - time.monotonic()))
            command = self.command(clip)
            if self.stopping or command is None or self._withdrawn(clip):
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

    def _wait_for_current(self) -> bool:
        """Wait for the clip still playing, if one is; True when one was."""
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

    def _withdrawn(self, clip: Clip) -> bool:
        if clip in self.withdrawn:
            self.withdrawn.remove(clip)
            return True
        return False

    def drop_pending(self) -> None:
        with contextlib.suppress(queue.Empty):
            while True:
                self.queue.get_nowait()

    def withdraw(self, clip: Clip) -> None:
        # Marked, not taken out of the queue: the worker may already hold it, waiting for it to be due.
        self.withdrawn.append(clip)

    def close(self, *, finish: bool) -> None:
        if not finish:
            self.stopping = True
            self.drop_pending()
            process = self.process
            if process is not None and process.poll() is None:
                process.terminate()
        self.queue.put(None)
        self.thread.join(timeout=15 if finish else 1)


def _environ() -> dict[str, str]:
    import os

    return dict(os.environ)


# -- what is heard, and when ---------------------------------------------------------------


class Cues:
    """Hands each due cue of the timeline to the channel, and says what no plan foresees."""

    def __init__(self, catalogue: Catalogue, *, channel: Channel, timeline: Timeline) -> None:
        self.catalogue = catalogue
        self.channel = channel
        self.timeline = timeline
        self.completed = False
        self.status = Status.COMPLETED

    def say(self, text: str) -> None:
        clip = self.timeline.unplanned.get(text)
        if clip is not None:
            self.channel.play(clip)

    def handle(self, event: Event) -> None:
        match event:
            case CueDue(cue=cue, delay=delay):
                self.channel.play(cue.clip, delay)
                self.completed = (
                    self.completed or cue.clip.text == SESSION_COMPLETE or cue.clip.sound is Sound.SESSION_END
                )
            case CueWithdrawn(cue=cue):
                self.channel.withdraw(cue.clip)
            case Paused():
                self.say("Paused.")
            case Resumed():
                self.say("Go on.")
            case ExerciseFinished(exercise=exercise, outcome=Outcome.SKIPPED):
                self.say(f"{exercise.name} skipped.")
            case ExerciseFinished(exercise=exercise, outcome=Outcome.STOPPED_PAIN):
                self.say(pain_text(exercise, self.catalogue))
            case SessionFinished(summary=summary):
                self.status = summary.status
                if summary.status is Status.ENDED_EARLY:  # q: what was still to come is not said
                    self.channel.drop_pending()
                    self.say("Session ended.")
                elif summary.status is Status.COMPLETED and not self.completed:
                    self.say(SESSION_COMPLETE)

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
) -> Audio:
    """Every phrase synthesized (or estimated) ahead, the timeline built from their lengths, and, when
    `live`, the channel that will play it; `engine` is the speech engine found, if any."""
    speech: Callable[[str], float] | None = None
    speak: Callable[[str], Command] | None = None
    lengths = "estimated (no engine)"
    if voice and engine is not None:
        name, path = engine
        if name in WAV_ENGINES:
            synth = Synthesizer(name, path, voice_name, speech_cache())
            texts = _phrases(catalogue, plan, countdown, speed, ask, opening, sound)
            missing = sum(not synth.wav(t).exists() for t in texts)
            if missing > 20:
                warn(f"Preparing the voice: {missing} phrases, once (they are kept in {synth.folder}).")
            synth.prepare(texts)
            speech, lengths = synth.seconds, name
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
    elif voice and not live:
        speech = estimate_seconds
    tone_player = find_player() if sound and live else None
    timeline = build_timeline(
        plan,
        catalogue,
        Voicing(speech, tone_seconds if sound else None, countdown, ask, opening, speed),
    )
    channel: Channel | None = None
    if live and (speak is not None or sound):
        tones: Callable[[Sound], Command] | None = None
        if tone_player is not None:
            files = sound_files(_cache_dir())
            tones = lambda sound: play_command(tone_player, files[sound])  # noqa: E731
        channel = ProcessChannel(speech=speak, tones=tones, bell=bell if sound else None)
    return Audio(timeline, channel, lengths)


def _phrases(
    catalogue: Catalogue, plan: Plan, countdown: int, speed: float, ask: bool, opening: bool, sound: bool
) -> list[str]:
    """Every phrase the timeline may ask the length of: it is built once with a recorder for lengths."""
    texts: list[str] = []

    def record(text: str) -> float:
        texts.append(text)
        return estimate_seconds(text)

    timeline = build_timeline(
        plan, catalogue, Voicing(record, tone_seconds if sound else None, countdown, ask, opening, speed)
    )
    return list(dict.fromkeys(texts + list(timeline.unplanned)))
