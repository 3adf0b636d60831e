"""Voice and sound: what a session says and plays, so it can be followed with eyes closed.

`Cues` listens to the runner's events and decides *what* to say or play; a
`Speaker` and a `SoundPlayer` decide *how*. The real ones start a background
process and return at once, so speech and sound never delay the timer; tests
hand in recorders instead.
"""

from __future__ import annotations

import contextlib
import enum
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Protocol

from .catalogue import Catalogue
from .events import (
    Breathe,
    CautionShown,
    Event,
    ExerciseFinished,
    ExerciseStarted,
    Paused,
    Resumed,
    SessionFinished,
    StepFinished,
    StepStarted,
    Tick,
)
from .outcomes import Outcome, Status
from .plan import Step, StepKind
from .printable import spoken
from .wording import pain_advice


class Speaker(Protocol):
    def say(self, text: str) -> None:
        """Start saying `text`, cutting off anything still being said; return at once."""

    def close(self) -> None: ...


class Sound(enum.Enum):
    """The cues a person must be able to tell apart by ear."""

    HOLD_START = "hold-start"
    HOLD_END = "hold-end"
    SIDE_CHANGE = "side-change"
    EXERCISE_END = "exercise-end"
    SESSION_END = "session-end"


class SoundPlayer(Protocol):
    def play(self, sound: Sound) -> None: ...

    def close(self) -> None: ...


# -- speech engines ---------------------------------------------------------------

#: The engines looked for, in order, and how each is given a voice and the text.
ENGINES = ("espeak-ng", "espeak", "say", "powershell")
INSTALL_HINT = (
    "install one: 'sudo apt install espeak-ng' (Debian, Ubuntu), 'sudo dnf install espeak-ng' (Fedora); "
    "macOS has 'say' and Windows has PowerShell built in"
)
_POWERSHELL_SPEAK = (
    "Add-Type -AssemblyName System.Speech; "
    "$s = New-Object System.Speech.Synthesis.SpeechSynthesizer; "
    "if ($env:BACKREHAB_VOICE) { $s.SelectVoice($env:BACKREHAB_VOICE) }; "
    "$s.Speak($env:BACKREHAB_SAY)"
)


def speech_command(engine: str, path: str, text: str, voice: str | None) -> tuple[list[str], dict[str, str] | None]:
    """The argument list (never a shell string) and extra environment to say `text` with `engine`."""
    if engine in ("espeak-ng", "espeak"):
        return [path, *(["-v", voice] if voice else []), "--", text], None
    if engine == "say":
        # `--` too: a text starting with "-" is then spoken, not read as an option.
        return [path, *(["-v", voice] if voice else []), "--", text], None
    # PowerShell reads the text from the environment, so it is never parsed as code.
    env = {"BACKREHAB_SAY": text, **({"BACKREHAB_VOICE": voice} if voice else {})}
    return [path, "-NoProfile", "-NonInteractive", "-Command", _POWERSHELL_SPEAK], env


def find_engine(which: object = shutil.which) -> tuple[str, str] | None:
    """The first speech engine on PATH, as (name, path)."""
    for engine in ENGINES:
        if engine == "powershell" and not sys.platform.startswith("win"):
            continue
        path = which(engine)  # type: ignore[operator]
        if path:
            return engine, str(path)
    return None


def known_voices(engine: str, path: str) -> set[str] | None:
    """The voices an engine offers, lower-cased, or None when it cannot tell us."""
    argv = {"espeak-ng": [path, "--voices"], "espeak": [path, "--voices"], "say": [path, "-v", "?"]}.get(engine)
    if argv is None:
        return None
    try:
        listing = subprocess.run(argv, capture_output=True, text=True, timeout=5, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    names: set[str] = set()
    for line in listing.splitlines():
        fields = line.split()
        if engine == "say" and fields:
            names.add(fields[0].lower())
        elif len(fields) >= 5 and fields[0].isdigit():  # Pty Language Age/Gender VoiceName File (Other Langs)
            names.update(field.lower() for field in (fields[1], fields[3], fields[4], fields[4].split("/")[-1]))
            names.update(other.split()[0].lower() for other in re.findall(r"\(([^)]+)\)", " ".join(fields[5:])))
    return names or None


def voice_problem(engine: str, path: str, voice: str) -> str | None:
    """Why `voice` will not work with `engine`, or None when it will (or we cannot tell)."""
    names = known_voices(engine, path)
    base = voice.split("+")[0].lower()  # espeak's "en+f3": a voice with a variant
    if names is None or base in names:
        return None
    listing = f"{engine} --voices" if engine != "say" else "say -v '?'"
    return f"{engine} has no voice '{voice}' (see `{listing}`); using its default voice."


class ProcessSpeaker:
    """Speaks through a system engine in a background process; a new utterance replaces the old."""

    def __init__(self, engine: str, path: str, voice: str | None = None) -> None:
        self.engine, self.path, self.voice = engine, path, voice
        self.process: subprocess.Popen[bytes] | None = None

    def say(self, text: str) -> None:
        self.stop()
        # A NUL cannot be passed on a command line at all, and no engine should hear a control character.
        argv, extra_env = speech_command(self.engine, self.path, spoken(text), self.voice)
        try:
            self.process = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env={**os.environ, **extra_env} if extra_env else None,
            )
        except OSError:
            self.process = None  # the engine vanished or cannot start: carry on silently

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=0.2)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process = None

    def close(self) -> None:
        """Let the last words ("session complete") finish, but not for long."""
        if self.process is not None:
            try:
                self.process.wait(timeout=3)
            except subprocess.TimeoutExpired:
                self.stop()


class Silent:
    """Neither speaks nor plays."""

    def say(self, text: str) -> None:
        pass

    def play(self, sound: Sound) -> None:
        pass

    def close(self) -> None:
        pass


# -- sound ---------------------------------------------------------------------------

#: Each cue as (frequency Hz, milliseconds) notes: one short high note to start a hold,
#: a lower one to end it, a rising pair to change side, three rising notes to end an
#: exercise and a longer four-note rise to end the session.
MELODIES: dict[Sound, tuple[tuple[int, int], ...]] = {
    Sound.HOLD_START: ((880, 160),),
    Sound.HOLD_END: ((587, 220),),
    Sound.SIDE_CHANGE: ((660, 110), (0, 50), (880, 110)),
    Sound.EXERCISE_END: ((523, 120), (659, 120), (784, 200)),
    Sound.SESSION_END: ((523, 160), (659, 160), (784, 160), (1047, 450)),
}
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


class ProcessPlayer:
    """Plays the cue WAVs with a command-line player in the background."""

    def __init__(self, player: str, files: dict[Sound, Path]) -> None:
        self.player, self.files = player, files

    def play(self, sound: Sound) -> None:
        with contextlib.suppress(OSError):
            subprocess.Popen(
                [self.player, str(self.files[sound])],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )

    def close(self) -> None:
        pass


class WinsoundPlayer:  # pragma: no cover - Windows only
    def __init__(self, files: dict[Sound, Path]) -> None:
        self.files = files

    def play(self, sound: Sound) -> None:
        import winsound

        flags = getattr(winsound, "SND_FILENAME") | getattr(winsound, "SND_ASYNC")  # noqa: B009 - Windows-only names
        getattr(winsound, "PlaySound")(str(self.files[sound]), flags)  # noqa: B009

    def close(self) -> None:
        pass


class BellPlayer:
    """The terminal bell, rung a different number of times per cue."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out

    def play(self, sound: Sound) -> None:
        try:
            self.out.write("\a" * BELLS[sound])
            self.out.flush()
        except (OSError, ValueError):
            pass

    def close(self) -> None:
        pass


def make_player(out: IO[str] | None, which: object = shutil.which) -> SoundPlayer:
    """A real tone player where one is installed, else the terminal bell on `out` (None: silence)."""
    if sys.platform.startswith("win"):  # pragma: no cover
        return WinsoundPlayer(sound_files(_cache_dir()))
    for player in PLAYERS:
        if which(player):  # type: ignore[operator]
            try:
                return ProcessPlayer(player, sound_files(_cache_dir()))
            except OSError:
                break
    return BellPlayer(out) if out is not None else Silent()


def _cache_dir() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path("backrehab", appauthor=False) / "sounds"


# -- what to say and play, and when -----------------------------------------------------

NUMBERS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
#: Holds at least this long get a spoken "keep breathing" half-way through.
LONG_HOLD = 8.0


class Cues:
    """Turns runner events into speech and sounds."""

    def __init__(
        self,
        catalogue: Catalogue,
        *,
        speaker: Speaker,
        player: SoundPlayer,
        countdown: int = 3,
    ) -> None:
        self.catalogue = catalogue
        self.speaker = speaker
        self.player = player
        self.countdown = countdown

    def handle(self, event: Event) -> None:
        match event:
            case ExerciseStarted(exercise=exercise):
                self.speaker.say(f"{exercise.name}. {exercise.position}")
            case CautionShown(exercise=exercise, caution=caution):
                self.speaker.say(f"Caution before {exercise.name}. {caution.text}")
            case StepStarted(step=step):
                self.step_started(step)
            case Tick(step=step, left=left) if step.kind is StepKind.HOLD and 0 < left <= self.countdown:
                self.speaker.say(NUMBERS[left] if left < len(NUMBERS) else str(left))
            case Breathe(step=step) if step.seconds >= LONG_HOLD:
                self.speaker.say("Keep breathing.")
            case StepFinished(step=step) if step.kind is StepKind.HOLD:
                self.player.play(Sound.HOLD_END)
            case Paused():
                self.speaker.say("Paused.")
            case Resumed():
                self.speaker.say("Go on.")
            case ExerciseFinished(exercise=exercise, outcome=outcome):
                self.exercise_finished(exercise.name, outcome)
            case SessionFinished(summary=summary):
                self.player.play(Sound.SESSION_END)
                done = summary.status is Status.COMPLETED
                self.speaker.say("Session complete. Well done." if done else "Session ended.")

    def step_started(self, step: Step) -> None:
        if step.kind is StepKind.HOLD:
            self.player.play(Sound.HOLD_START)
            side = f"{step.side_text}, " if step.side_text else ""
            breathe = " Keep breathing." if step.exercise.breathing_reminder and step.seconds < LONG_HOLD else ""
            text = f"{side}rep {step.rep} of {step.reps}. Hold.{breathe}"
            self.speaker.say(text[0].upper() + text[1:])
        elif step.kind is StepKind.SWITCH:
            self.player.play(Sound.SIDE_CHANGE)
            self.speaker.say(f"Relax. Other side: {step.side_text}.")
        elif step.kind is StepKind.REST:
            self.speaker.say("Relax.")

    def exercise_finished(self, name: str, outcome: Outcome) -> None:
        if outcome is Outcome.DONE:
            self.player.play(Sound.EXERCISE_END)
            self.speaker.say(f"Relax. {name} done.")
        elif outcome is Outcome.STOPPED_PAIN:
            self.speaker.say(f"{name} stopped. {pain_advice(self.catalogue)}")
        elif outcome is Outcome.SKIPPED:
            self.speaker.say(f"{name} skipped.")

    def close(self) -> None:
        self.speaker.close()
        self.player.close()
