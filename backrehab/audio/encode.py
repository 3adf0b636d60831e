"""The recording's file formats, and the encoder that turns its samples into the compressed ones.

WAV needs no encoder (`audio.file` writes it with `wave`). The others go through ffmpeg, found on
PATH, fed raw samples on its standard input as they are made, so a long routine is never held in
memory. The encoder is a small object handed to the writer, so tests can pass a fake.
"""

from __future__ import annotations

import contextlib
import enum
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Protocol


class AudioFormat(enum.Enum):
    """The recording's file format."""

    WAV = "wav"
    OGG = "ogg"
    OPUS = "opus"
    MP3 = "mp3"
    M4A = "m4a"
    FLAC = "flac"

    @classmethod
    def for_path(cls, path: Path) -> AudioFormat | None:
        """The format a file name asks for (.wav, .ogg, .opus, .mp3, .m4a, .flac), or None."""
        suffix = path.suffix.lower().lstrip(".")
        return next((member for member in cls if member.value == suffix), None)

    @property
    def needs_encoder(self) -> bool:
        return self is not AudioFormat.WAV


@dataclass(frozen=True)
class Codec:
    """How ffmpeg writes one format: its muxer and encoder, and their options."""

    muxer: str
    encoder: tuple[str, ...]


#: Speech and tones in mono: modest bit rates are plenty; the faster settings of AAC and Opus take a 24-minute
#: routine from half a minute of encoding to a few seconds on a small machine.
CODECS = {
    AudioFormat.OGG: Codec("ogg", ("-c:a", "libvorbis", "-q:a", "4")),
    AudioFormat.OPUS: Codec("opus", ("-c:a", "libopus", "-b:a", "32k", "-ar", "24000", "-compression_level", "5")),
    AudioFormat.MP3: Codec("mp3", ("-c:a", "libmp3lame", "-q:a", "5", "-id3v2_version", "3")),
    AudioFormat.M4A: Codec("ipod", ("-c:a", "aac", "-aac_coder", "fast", "-b:a", "64k")),
    AudioFormat.FLAC: Codec("flac", ("-c:a", "flac")),
}

NO_ENCODER = (
    "{format} needs ffmpeg, which is not installed: 'sudo apt install ffmpeg' (Debian, Ubuntu), "
    "'sudo dnf install ffmpeg' (Fedora), 'brew install ffmpeg' (macOS); or write a .wav, which needs nothing."
)


@dataclass(frozen=True)
class Chapter:
    """One exercise's stretch of a recording, in seconds from its start."""

    title: str
    start: float
    end: float


class EncodeError(Exception):
    """The encoder failed; the message says how, in words that follow "cannot write FILE: "."""


class Sink(Protocol):
    """Where a recording's samples go, in order: mono, 16-bit, little-endian."""

    def write(self, frames: bytes) -> None: ...

    def finish(self) -> None:
        """Everything is written: complete the file (it is then whole at its temporary name)."""

    def abort(self) -> None:
        """Stop and leave nothing behind."""


class Encoder(Protocol):
    def open(self, path: Path, audio_format: AudioFormat, *, rate: int, title: str, chapters: list[Chapter]) -> Sink:
        """A sink that writes `path` (a temporary name: the caller renames it) in `audio_format`."""


def find_ffmpeg(which: object = None) -> Encoder | None:
    """ffmpeg on PATH, as an encoder; None when there is none."""
    path = (which or shutil.which)("ffmpeg")  # type: ignore[operator]
    return FfmpegEncoder(str(path)) if path else None


def ffmetadata(title: str, chapters: list[Chapter]) -> str:
    """ffmpeg's metadata file: the title and one chapter per exercise, in milliseconds."""

    def escape(text: str) -> str:
        for char in "\\=;#\n":
            text = text.replace(char, "\\" + char)
        return text

    lines = [";FFMETADATA1", f"title={escape(title)}"]
    for chapter in chapters:
        lines += [
            "[CHAPTER]",
            "TIMEBASE=1/1000",
            f"START={round(chapter.start * 1000)}",
            f"END={round(chapter.end * 1000)}",
            f"title={escape(chapter.title)}",
        ]
    return "\n".join(lines) + "\n"


class FfmpegEncoder:
    """Raw samples on ffmpeg's standard input; the chapters and title from a metadata file beside the output."""

    def __init__(self, path: str) -> None:
        self.path = path

    def open(self, path: Path, audio_format: AudioFormat, *, rate: int, title: str, chapters: list[Chapter]) -> Sink:
        return _FfmpegSink(self.path, path, audio_format, rate=rate, title=title, chapters=chapters)


class _FfmpegSink:
    def __init__(
        self, ffmpeg: str, path: Path, audio_format: AudioFormat, *, rate: int, title: str, chapters: list[Chapter]
    ) -> None:
        self.path = path
        codec = CODECS[audio_format]
        self.metadata = Path(tempfile.mkstemp(prefix=f".{path.name}.", suffix=".ffmeta", dir=path.parent)[1])
        self.metadata.write_text(ffmetadata(title, chapters), encoding="utf-8")
        argv = [
            ffmpeg,
            *("-hide_banner", "-loglevel", "error", "-y"),
            *("-f", "s16le", "-ar", str(rate), "-ac", "1", "-i", "pipe:0"),
            *("-f", "ffmetadata", "-i", str(self.metadata)),
            *("-map", "0:a", "-map_metadata", "1", "-map_chapters", "1"),
            *codec.encoder,
            *("-f", codec.muxer, str(path)),
        ]
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115 - read when ffmpeg fails, closed with the sink
        self.process = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=self.errors)
        assert self.process.stdin is not None
        self.stdin: IO[bytes] = self.process.stdin

    def write(self, frames: bytes) -> None:
        try:
            self.stdin.write(frames)
        except BrokenPipeError:
            self._fail()

    def finish(self) -> None:
        with contextlib.suppress(BrokenPipeError):
            self.stdin.close()
        status = self.process.wait()
        if status != 0:
            self._fail()
        self._tidy()

    def _fail(self) -> None:
        self.errors.seek(0)
        said = self.errors.read().decode("utf-8", "replace").strip().splitlines()
        self.abort()
        raise EncodeError(f"ffmpeg failed: {said[-1] if said else 'no message'}")

    def abort(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        with contextlib.suppress(OSError):
            self.stdin.close()
        with contextlib.suppress(OSError):
            self.path.unlink()
        self._tidy()

    def _tidy(self) -> None:
        with contextlib.suppress(OSError):
            self.metadata.unlink()
        self.errors.close()
