"""Speech engines, and every phrase of a session synthesized ahead into a cache so its length is known.

A session's audio timeline needs each phrase's real length before it starts.
With espeak-ng (or espeak) each phrase is written once to a WAV file in the
user cache folder, keyed by engine, voice, rate and text, and measured with
`wave`; the WAV is then what is played, so nothing waits on the engine
mid-session. Other engines (`say`, PowerShell) speak live, and their lengths
are estimated from the words.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import wave
from collections.abc import Iterable
from pathlib import Path

from backrehab.printable import spoken
from backrehab.userdirs import user_cache_path

#: The engines looked for, in order, and how each is given a voice and the text.
ENGINES = ("espeak-ng", "espeak", "say", "powershell")
#: Engines that can write a phrase to a WAV file (`-w`).
WAV_ENGINES = ("espeak-ng", "espeak")
#: Words a minute: espeak's own default, given explicitly so the cache key says what was asked for.
RATE = 175
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
    # A NUL cannot be passed on a command line at all, and no engine should hear a control character.
    text = spoken(text)
    if engine in WAV_ENGINES:
        return [path, *(["-v", voice] if voice else []), "-s", str(RATE), "--", text], None
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


def estimate_seconds(text: str) -> float:
    """How long an engine takes to say `text`, from its words and pauses: for engines we cannot measure.

    Calibrated on espeak-ng at 175 words a minute (a word about 0.3 s, each comma or full stop a pause);
    for the default session's phrases it errs long, towards silence rather than overlap.
    """
    words = len(text.split())
    pauses = len(re.findall(r"[,.;:?!](\s|$)", text))
    return round(0.3 + 0.3 * words + 0.25 * pauses, 2)


def wav_seconds(path: Path) -> float:
    with wave.open(str(path)) as wav:
        return float(wav.getnframes() / wav.getframerate())


class Synthesizer:
    """Each phrase written once, ahead of time, to a WAV file in `folder`; its length read back from it."""

    def __init__(self, engine: str, path: str, voice: str | None, folder: Path) -> None:
        self.engine, self.path, self.voice, self.folder = engine, path, voice, folder
        self.lengths: dict[str, float] = {}

    def wav(self, text: str) -> Path:
        key = "\0".join((self.engine, self.voice or "", str(RATE), text))
        return self.folder / f"{hashlib.sha256(key.encode()).hexdigest()[:32]}.wav"

    def prepare(self, texts: Iterable[str]) -> None:
        """Synthesize every phrase not yet in the cache, a few engines at a time."""
        missing = [t for t in dict.fromkeys(texts) if t not in self.lengths and not self.wav(t).exists()]
        if missing:
            self.folder.mkdir(parents=True, exist_ok=True)
        running: list[tuple[subprocess.Popen[bytes], Path, Path]] = []
        width = max(2, os.cpu_count() or 2)
        for text in missing:
            while len(running) >= width:
                self._finish(running.pop(0))
            target = self.wav(text)
            partial = target.with_suffix(f".{os.getpid()}.part")
            argv, _ = speech_command(self.engine, self.path, text, self.voice)
            argv[1:1] = ["-w", str(partial)]
            try:
                process = subprocess.Popen(
                    argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
                )
            except (OSError, ValueError):
                continue
            running.append((process, partial, target))
        for item in running:
            self._finish(item)

    @staticmethod
    def _finish(item: tuple[subprocess.Popen[bytes], Path, Path]) -> None:
        process, partial, target = item
        try:
            ok = process.wait(timeout=30) == 0
        except subprocess.TimeoutExpired:
            process.kill()
            ok = False
        if ok and partial.exists():
            partial.replace(target)  # whole or not at all: a stopped run leaves no half file behind
        else:
            partial.unlink(missing_ok=True)

    def seconds(self, text: str) -> float:
        """The phrase's real length; estimated when the engine could not write it."""
        if text not in self.lengths:
            path = self.wav(text)
            if not path.exists():
                self.prepare([text])
            try:
                self.lengths[text] = wav_seconds(path)
            except (OSError, EOFError, wave.Error):
                self.lengths[text] = estimate_seconds(text)
        return self.lengths[text]


def speech_cache() -> Path:
    return user_cache_path() / "speech"
