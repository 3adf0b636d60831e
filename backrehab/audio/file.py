"""The guided session as an audio file: the recording's timeline, its chapters, and its samples, streamed.

A recording is the live session's timeline (`timeline.build_timeline`) with what a file cannot ask
said instead: the safety note at the start, a caution followed by how to leave the exercise out, and
each wait that a key would end made a fixed pause, announced as one. `session --plan --cues
--recording` prints exactly this timeline.

The samples are made one clip at a time, from the phrases' cached WAV files and the tones' files,
with silence between, and handed to a sink as they are made: a WAV file written with `wave`, or an
encoder (`audio.encode`). A file is written under a temporary name beside the target and renamed
when whole, so an interrupted export leaves nothing half-written.
"""

from __future__ import annotations

import contextlib
import errno
import math
import os
import struct
import tempfile
import wave
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from backrehab.audio.cues import RATE, sound_files
from backrehab.audio.encode import AudioFormat, Chapter, Encoder, Sink
from backrehab.audio.speech import Synthesizer, estimate_seconds
from backrehab.audio.timeline import (
    GAP,
    OPENING,
    Clip,
    CueKind,
    Lengths,
    Timeline,
    Voicing,
    build_timeline,
    tone_seconds,
)
from backrehab.catalogue.model import Catalogue
from backrehab.plan import Plan, StepKind
from backrehab.userdirs import user_cache_path
from backrehab.wording import (
    KEYS_TEXT,
    RECORDING_PAUSE,
    chapter_title,
    pain_advice,
    recording_safety_text,
    skip_text,
    starting_in_text,
)

#: Frames read and written at a time: about 0.4 s of audio.
CHUNK = 8192
#: What the progress callback is told: what is being done, how much of it is done, and of how much.
Progress = Callable[[str, float, float], None]


def _no_progress(what: str, done: float, total: float) -> None:
    return None


# -- what a recording says ------------------------------------------------------------------


class RecordingWaits:
    """A recording's waits: the opening ends with the safety note and a fixed pause; the last caution
    before an exercise is followed by how to leave it out, then a fixed pause."""

    def __init__(self, plan: Plan, catalogue: Catalogue, speech: Lengths | None, *, split: bool) -> None:
        self.plan, self.catalogue, self.speech, self.split = plan, catalogue, speech, split
        self.offsets = plan.offsets()

    def words(self, index: int, begins: float, texts: list[str]) -> tuple[list[str], float]:
        starting = starting_in_text(RECORDING_PAUSE)
        if index == OPENING:
            kept = [t for t in texts if t not in (KEYS_TEXT, pain_advice(self.catalogue))]
            ready = starting_in_text(RECORDING_PAUSE, first=True)
            return [*kept, recording_safety_text(self.catalogue), ready], float(RECORDING_PAUSE)
        steps = self.plan.steps
        if index + 1 < len(steps) and steps[index + 1].kind is StepKind.CAUTION:
            return texts, 0.0  # another caution for the same exercise follows: the advice comes after it
        step = steps[index]
        after = next((i for i in range(index, len(steps)) if steps[i].number != step.number), None)
        if after is None:
            return [*texts, skip_text(step.exercise, ends_at=None, split=self.split), starting], float(RECORDING_PAUSE)
        left = self.offsets[after] - self.offsets[index]
        # The time said depends on how long it takes to say: a few rounds settle it on a whole second,
        # and the pause takes up the fraction, so the next exercise starts exactly when said.
        ends_at = math.ceil(begins + RECORDING_PAUSE + left)
        for _ in range(5):
            words = [*texts, skip_text(step.exercise, ends_at=ends_at, split=self.split), starting]
            ends = begins + self._said(words) + RECORDING_PAUSE + left
            if ends <= ends_at and ends_at - ends < 1:
                break
            ends_at = math.ceil(ends)
        return words, max(float(RECORDING_PAUSE), RECORDING_PAUSE + ends_at - ends)

    def _said(self, texts: list[str]) -> float:
        return sum(self.speech(text) + GAP for text in texts) if self.speech else 0.0


# -- the recording, planned ------------------------------------------------------------------


@dataclass(frozen=True)
class Recording:
    """What a file will hold: its timeline, its length, one chapter per exercise, and where each clip's
    samples are."""

    timeline: Timeline
    seconds: float
    chapters: list[Chapter]
    #: How the phrases' lengths were found, as `--plan --cues` says it.
    lengths: str
    clip_file: Callable[[Clip], Path]


def recording_seconds(plan: Plan, timeline: Timeline) -> float:
    """The recording's length: the plan's steps and every fixed pause, or the last cue's end if later."""
    end = plan.total_seconds / timeline.speed + sum(timeline.waits.values())
    return max([end, *(cue.end for cue in timeline.cues)])


def recording_chapters(plan: Plan, timeline: Timeline, seconds: float) -> list[Chapter]:
    """One chapter per exercise, from its first step (the first from the start); a phrase never straddles
    two chapters."""
    offsets = plan.offsets()
    firsts: dict[int, int] = {}
    for index, step in enumerate(plan.steps):
        firsts.setdefault(step.number, index)
    starts: list[float] = []
    for number, index in firsts.items():
        at = 0.0 if number == 1 else offsets[index] + sum(w for k, w in timeline.waits.items() if k < index)
        for cue in timeline.cues:
            if cue.start < at < cue.end:
                at = cue.end
        starts.append(at)
    ends = [*starts[1:], seconds]
    return [
        Chapter(chapter_title(number, exercise), start, end)
        for number, (exercise, start, end) in enumerate(zip(plan.exercises, starts, ends, strict=True), start=1)
    ]


def plan_recording(
    catalogue: Catalogue,
    plan: Plan,
    *,
    voice: bool,
    synth: Synthesizer | None,
    sound: bool,
    countdown: int,
    split: bool = False,
    progress: Progress = _no_progress,
) -> Recording:
    """The recording's timeline with every phrase's real length (synthesized first, into the speech cache),
    or estimated lengths when `voice` but no `synth` (to print the cues without an engine)."""
    speech: Lengths | None = None
    lengths = "none (no voice)"
    if voice and synth is not None:
        texts = _phrases(catalogue, plan, sound=sound, countdown=countdown, split=split)
        missing = [t for t in texts if not synth.wav(t).exists()]
        for done in range(0, len(missing), 8):
            progress("Preparing the voice", done, len(missing))
            synth.prepare(missing[done : done + 8])
        progress("Preparing the voice", len(missing), len(missing))
        speech, lengths = synth.seconds, synth.engine
    elif voice:
        speech, lengths = estimate_seconds, "estimated (no engine)"
    timeline = _timeline(catalogue, plan, speech=speech, sound=sound, countdown=countdown, split=split)
    seconds = recording_seconds(plan, timeline)
    tones = sound_files(_tones_folder()) if sound else {}

    def clip_file(clip: Clip) -> Path:
        if clip.kind is CueKind.TONE:
            assert clip.sound is not None
            return tones[clip.sound]
        assert synth is not None
        path = synth.wav(clip.text)
        if not path.exists():
            raise FileNotFoundError(errno.ENOENT, f"{synth.engine} wrote no audio for '{clip.text}'")
        return path

    return Recording(timeline, seconds, recording_chapters(plan, timeline, seconds), lengths, clip_file)


def _timeline(
    catalogue: Catalogue, plan: Plan, *, speech: Lengths | None, sound: bool, countdown: int, split: bool
) -> Timeline:
    waits = RecordingWaits(plan, catalogue, speech, split=split)
    voicing = Voicing(
        speech, tone_seconds if sound else None, countdown, ask=False, opening=True, speed=1.0, fixed_waits=waits
    )
    return build_timeline(plan, catalogue, voicing)


def _phrases(catalogue: Catalogue, plan: Plan, *, sound: bool, countdown: int, split: bool) -> list[str]:
    """Every phrase the recording may say, from a first build with estimated lengths (a phrase with a time
    in it that comes out otherwise is synthesized when asked for)."""
    texts: list[str] = []

    def record(text: str) -> float:
        texts.append(text)
        return estimate_seconds(text)

    _timeline(catalogue, plan, speech=record, sound=sound, countdown=countdown, split=split)
    return list(dict.fromkeys(texts))


def _tones_folder() -> Path:
    return user_cache_path() / "sounds"


# -- the samples -----------------------------------------------------------------------------


def render(recording: Recording, sink: Sink, *, progress: Progress = _no_progress, what: str = "Writing") -> None:
    """Every clip's samples at its start, silence between, to the recording's end: streamed to `sink`."""
    total = round(recording.seconds * RATE)
    cursor = 0
    for cue in sorted(recording.timeline.cues, key=lambda c: c.start):
        at = max(cursor, round(cue.start * RATE))
        cursor = _silence(sink, cursor, at)
        for frames in _clip_frames(recording.clip_file(cue.clip)):
            sink.write(frames)
            cursor += len(frames) // 2
        progress(what, cursor / RATE, recording.seconds)
    _silence(sink, cursor, total)
    progress(what, recording.seconds, recording.seconds)


def _silence(sink: Sink, cursor: int, until: int) -> int:
    while cursor < until:
        count = min(CHUNK, until - cursor)
        sink.write(bytes(2 * count))
        cursor += count
    return cursor


def _clip_frames(path: Path) -> Iterable[bytes]:
    with wave.open(str(path)) as clip:
        if (clip.getnchannels(), clip.getsampwidth(), clip.getframerate()) != (1, 2, RATE):
            raise wave.Error(f"{path}: not mono 16-bit at {RATE} Hz")
        while frames := clip.readframes(CHUNK):
            yield frames


class WavSink:
    """A mono 16-bit WAV written with `wave`, with a cue point and a label (`LIST/adtl`) per chapter."""

    def __init__(self, path: Path, *, rate: int, chapters: list[Chapter]) -> None:
        self.path, self.rate, self.chapters = path, rate, chapters
        self.file = path.open("wb")
        self.wav = wave.open(self.file, "wb")  # noqa: SIM115 - closed in finish; the file in finish or abort
        self.wav.setnchannels(1)
        self.wav.setsampwidth(2)
        self.wav.setframerate(rate)

    def write(self, frames: bytes) -> None:
        self.wav.writeframesraw(frames)

    def finish(self) -> None:
        self.wav.close()  # patches the header; the file, handed in, stays open
        self.file.seek(0, os.SEEK_END)
        self.file.write(cue_chunks(self.chapters, self.rate))
        size = self.file.tell()
        self.file.seek(4)
        self.file.write((size - 8).to_bytes(4, "little"))
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()

    def abort(self) -> None:
        with contextlib.suppress(OSError, wave.Error):
            self.file.close()
        with contextlib.suppress(OSError):
            self.path.unlink()


def cue_chunks(chapters: list[Chapter], rate: int) -> bytes:
    """RIFF `cue ` and `LIST/adtl` chunks: each chapter's start as a cue point, its title as the label."""
    if not chapters:
        return b""
    points = b"".join(
        struct.pack("<II4sIII", number, round(c.start * rate), b"data", 0, 0, round(c.start * rate))
        for number, c in enumerate(chapters, start=1)
    )
    cue = struct.pack("<4sII", b"cue ", 4 + len(points), len(chapters)) + points
    labels = b""
    for number, chapter in enumerate(chapters, start=1):
        text = chapter.title.encode("utf-8") + b"\0"
        labels += struct.pack("<4sII", b"labl", 4 + len(text), number) + text + (b"\0" if len(text) % 2 else b"")
    return cue + struct.pack("<4sI4s", b"LIST", 4 + len(labels), b"adtl") + labels


def read_cue_points(path: Path) -> list[tuple[float, str]]:
    """A WAV file's cue points, each with its label: (seconds, label), in order."""
    data = path.read_bytes() if path.stat().st_size < 1 << 20 else _tail_chunks(path)
    rate = RATE
    points: dict[int, int] = {}
    labels: dict[int, str] = {}
    at = 12
    while at + 8 <= len(data):
        kind, size = struct.unpack_from("<4sI", data, at)
        body = data[at + 8 : at + 8 + size]
        if kind == b"fmt ":
            rate = struct.unpack_from("<I", body, 4)[0]
        elif kind == b"cue ":
            for i in range(struct.unpack_from("<I", body)[0]):
                name, _, _, _, _, offset = struct.unpack_from("<II4sIII", body, 4 + 24 * i)
                points[name] = offset
        elif kind == b"LIST" and body[:4] == b"adtl":
            sub = 4
            while sub + 8 <= len(body):
                sub_kind, sub_size = struct.unpack_from("<4sI", body, sub)
                if sub_kind == b"labl":
                    name = struct.unpack_from("<I", body, sub + 8)[0]
                    labels[name] = body[sub + 12 : sub + 8 + sub_size].rstrip(b"\0").decode("utf-8")
                sub += 8 + sub_size + sub_size % 2
        at += 8 + size + size % 2
    return [(points[name] / rate, labels.get(name, "")) for name in sorted(points, key=points.__getitem__)]


def _tail_chunks(path: Path) -> bytes:
    """A big WAV's header and the chunks after its samples, with the samples left out (and their size kept)."""
    with path.open("rb") as file:
        head = file.read(12)
        out = bytearray(head)
        while chunk := file.read(8):
            kind, size = struct.unpack("<4sI", chunk)
            if kind == b"data":
                file.seek(size + size % 2, os.SEEK_CUR)
                out += struct.pack("<4sI", b"skip", 0)
                continue
            out += chunk + file.read(size + size % 2)
    return bytes(out)


# -- files -----------------------------------------------------------------------------------


def _temporary(target: Path) -> Path:
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    return Path(name)


def _open_sink(
    path: Path, audio_format: AudioFormat, encoder: Encoder | None, *, title: str, chapters: list[Chapter]
) -> Sink:
    if audio_format is AudioFormat.WAV:
        return WavSink(path, rate=RATE, chapters=chapters)
    assert encoder is not None, "a compressed format needs an encoder"
    return encoder.open(path, audio_format, rate=RATE, title=title, chapters=chapters)


def _publish(temporary: Path, target: Path) -> None:
    current = os.umask(0)
    os.umask(current)
    temporary.chmod(0o666 & ~current)
    temporary.replace(target)


def write_recording(
    *,
    recording: Recording,
    output: Path,
    audio_format: AudioFormat,
    encoder: Encoder | None,
    title: str,
    progress: Progress = _no_progress,
) -> None:
    """The whole recording in one file, with its chapters; nothing at `output` changes unless it is whole."""
    temporary = _temporary(output)
    sink: Sink | None = None
    try:
        sink = _open_sink(temporary, audio_format, encoder, title=title, chapters=recording.chapters)
        render(recording, sink, progress=progress, what=f"Writing {output.name}")
        sink.finish()
        _publish(temporary, output)
    except BaseException:
        if sink is not None:
            sink.abort()
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


@dataclass(frozen=True)
class Track:
    """One exercise's file of a split recording."""

    path: Path
    chapter: Chapter


def track_name(number: int, exercise_id: str, audio_format: AudioFormat) -> str:
    return f"{number:02d}-{exercise_id}.{audio_format.value}"


def write_split(
    *,
    recording: Recording,
    plan: Plan,
    folder: Path,
    audio_format: AudioFormat,
    encoder: Encoder | None,
    title: str,
    progress: Progress = _no_progress,
) -> tuple[list[Track], Path]:
    """One numbered file per exercise in `folder`, and an `.m3u` playlist of them in order; every file is
    renamed into place only once all are whole."""
    folder.mkdir(parents=True, exist_ok=True)
    tracks = [
        Track(folder / track_name(number, exercise.id, audio_format), chapter)
        for number, (exercise, chapter) in enumerate(zip(plan.exercises, recording.chapters, strict=True), start=1)
    ]
    temporaries: list[Path] = []
    parts = _Parts(
        [round(t.chapter.start * RATE) for t in tracks[1:]],
        lambda i: _open_sink(temporaries[i], audio_format, encoder, title=tracks[i].chapter.title, chapters=[]),
    )
    try:
        temporaries += [_temporary(t.path) for t in tracks]
        playlist = folder / "playlist.m3u"
        temporaries.append(_temporary(playlist))
        parts.start()
        render(recording, parts, progress=progress, what=f"Writing {folder.name}")
        parts.finish()
        temporaries[-1].write_text(m3u(tracks), encoding="utf-8")
        for temporary, target in zip(temporaries, [*(t.path for t in tracks), playlist], strict=True):
            _publish(temporary, target)
    except BaseException:
        parts.abort()
        for temporary in temporaries:
            with contextlib.suppress(OSError):
                temporary.unlink()
        raise
    return tracks, playlist


def m3u(tracks: list[Track]) -> str:
    """An extended M3U playlist: each track's length, title and file name, relative to the playlist."""
    lines = ["#EXTM3U"]
    for track in tracks:
        seconds = round(track.chapter.end - track.chapter.start)
        lines += [f"#EXTINF:{seconds},{track.chapter.title}", track.path.name]
    return "\n".join(lines) + "\n"


class _Parts:
    """A sink that hands the samples to one part after another, starting a new part at each boundary."""

    def __init__(self, bounds: list[int], open_part: Callable[[int], Sink]) -> None:
        self.bounds, self.open_part = bounds, open_part
        self.index = 0
        self.position = 0
        self.current: Sink | None = None

    def start(self) -> None:
        self.current = self.open_part(0)

    def write(self, frames: bytes) -> None:
        while frames:
            assert self.current is not None
            if self.index < len(self.bounds):
                room = self.bounds[self.index] - self.position
                if room <= 0:
                    self._next()
                    continue
                piece = frames[: 2 * room]
            else:
                piece = frames
            self.current.write(piece)
            self.position += len(piece) // 2
            frames = frames[len(piece) :]

    def _next(self) -> None:
        assert self.current is not None
        self.current.finish()
        self.current = None
        self.index += 1
        self.current = self.open_part(self.index)

    def finish(self) -> None:
        while self.index < len(self.bounds):  # a part with no samples at all still gets its file
            self._next()
        assert self.current is not None
        self.current.finish()
        self.current = None

    def abort(self) -> None:
        if self.current is not None:
            self.current.abort()
            self.current = None
