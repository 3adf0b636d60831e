"""`export -o FILE.wav` and friends: the guided session as an audio file, checked against its own plan."""

from __future__ import annotations

import json
import math
import shutil
import struct
import subprocess
import wave
from array import array
from pathlib import Path

import pytest
from click.testing import CliRunner

from backrehab.audio.cues import RATE
from backrehab.audio.encode import AudioFormat, Chapter
from backrehab.audio.file import read_cue_points, write_recording
from backrehab.cli.app import main

SHORT = "stomach-tone,leg-raise"


@pytest.fixture
def fake_espeak(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An `espeak-ng` on PATH that writes every phrase as the same 0.3 s of a loud square wave, at once."""
    folder = tmp_path / "bin"
    folder.mkdir()
    phrase = tmp_path / "phrase.wav"
    with wave.open(str(phrase), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(struct.pack("<hh", 8000, -8000) * (RATE * 3 // 20))
    script = folder / "espeak-ng"
    # Called as: espeak-ng -w PARTIAL -s 175 -- TEXT
    script.write_text(f'#!/bin/sh\nexec {shutil.which("cp")} "{phrase}" "$2"\n')
    script.chmod(0o755)
    tools = [shutil.which(name) for name in ("ffmpeg", "ffprobe")]
    for tool in filter(None, tools):
        (folder / Path(tool).name).symlink_to(tool)
    monkeypatch.setenv("PATH", str(folder))
    return folder


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def planned(*options: str) -> dict:
    return json.loads(run("session", "--plan", "--cues", "--recording", "--json", *options))


def samples(path: Path) -> array:
    with wave.open(str(path)) as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, RATE)
        data = array("h")
        data.frombytes(wav.readframes(wav.getnframes()))
    return data


def test_the_wav_sounds_at_every_cue_and_is_silent_where_nothing_is_planned(fake_espeak: Path, tmp_path: Path) -> None:
    """Decoded, the file has sound within 20 ms of every cue's offset in `--plan --cues --recording --json`, silence
    everywhere else, and lasts the plan's total within 50 ms."""
    plan = planned("--only", SHORT)
    wav = tmp_path / "morning.wav"
    assert "Wrote" in run("export", "-o", str(wav), "--only", SHORT)
    data = samples(wav)
    assert abs(len(data) / RATE - plan["total_seconds"]) <= 0.05
    heard = bytearray(len(data))
    slack = math.ceil(0.001 * RATE)  # the JSON's offsets and lengths are rounded to the millisecond
    for cue in plan["cues"]:
        start = round(cue["offset"] * RATE)
        window = data[max(0, start - slack) : start + round(0.02 * RATE)]
        assert any(window), f"no sound at {cue['offset']} s, where '{cue['text']}' is planned"
        first, end = max(0, start - slack), min(len(data), round((cue["offset"] + cue["seconds"]) * RATE) + slack)
        heard[first:end] = b"\1" * (end - first)
    loud = [i for i, value in enumerate(data) if value and not heard[i]]
    assert not loud, f"sound where nothing is planned, from {loud[0] / RATE:.3f} s"


def test_the_wav_has_a_cue_point_and_label_per_exercise(fake_espeak: Path, tmp_path: Path) -> None:
    """Each exercise's chapter is a cue point with its title, at the start `--plan --cues --recording` gives."""
    plan = planned("--only", SHORT)
    wav = tmp_path / "morning.wav"
    run("export", "-o", str(wav), "--only", SHORT)
    points = read_cue_points(wav)
    assert [label for _, label in points] == ["1. Stomach tone", "2. Leg raise"]
    assert [label for _, label in points] == [c["title"] for c in plan["chapters"]]
    for (seconds, _), chapter in zip(points, plan["chapters"], strict=True):
        assert abs(seconds - chapter["start"]) < 0.001
    with wave.open(str(wav)) as decoded:  # the chunks after the samples leave the WAV readable
        assert decoded.getnframes() == len(samples(wav))


@pytest.mark.slow  # a real process
@pytest.mark.skipif(
    shutil.which("ffmpeg") is None or shutil.which("ffprobe") is None,
    reason="ffmpeg is not installed (.ci/run installs it)",
)
def test_an_m4a_carries_the_chapters_ffprobe_reads_back(fake_espeak: Path, tmp_path: Path) -> None:
    """Through ffmpeg, an M4A holds one chapter per exercise, titled and timed as planned."""
    plan = planned("--only", SHORT)
    m4a = tmp_path / "morning.m4a"
    run("export", "-o", str(m4a), "--only", SHORT)
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-show_chapters", "-show_format", "-of", "json", str(m4a)],
        capture_output=True,
        text=True,
        check=True,
    )
    found = json.loads(probe.stdout)
    chapters = [(c["tags"]["title"], float(c["start_time"])) for c in found["chapters"]]
    assert [title for title, _ in chapters] == ["1. Stomach tone", "2. Leg raise"]
    for (_, start), chapter in zip(chapters, plan["chapters"], strict=True):
        assert abs(start - chapter["start"]) < 0.01
    assert abs(float(found["format"]["duration"]) - plan["total_seconds"]) < 0.1
    assert list(tmp_path.glob(".morning*")) == []  # no temporary file or metadata left beside it


def test_split_writes_one_file_per_exercise_and_a_playlist_in_order(fake_espeak: Path, tmp_path: Path) -> None:
    """--split DIR: numbered files, one per exercise, together as long as the whole, and an M3U listing them."""
    plan = planned("--only", SHORT)
    folder = tmp_path / "tracks"
    run("export", "--split", str(folder), "--only", SHORT)
    playlist = (folder / "playlist.m3u").read_text().splitlines()
    assert playlist[0] == "#EXTM3U"
    entries = [line for line in playlist[1:] if not line.startswith("#")]
    assert entries == ["01-stomach-tone.wav", "02-leg-raise.wav"]
    assert [line.split(",", 1)[1] for line in playlist if line.startswith("#EXTINF")] == [
        "1. Stomach tone",
        "2. Leg raise",
    ]
    lengths = [len(samples(folder / entry)) / RATE for entry in entries]
    assert abs(sum(lengths) - plan["total_seconds"]) <= 0.05
    assert abs(lengths[0] - plan["chapters"][0]["end"]) <= 0.001
    assert sorted(p.name for p in folder.iterdir()) == sorted([*entries, "playlist.m3u"])


def test_the_recording_says_what_a_file_cannot_ask(fake_espeak: Path) -> None:
    """No key is ever asked for; the safety note opens it; the hamstring caution is followed by how to skip it,
    at the second the next chapter starts; each announced pause is ten seconds of silence."""
    plan = planned("--only", "hamstring-stretch,one-leg-stand")
    texts = [cue["text"] for cue in plan["cues"]]
    assert not [t for t in texts if "press" in t.lower() or " key" in t.lower()]
    assert texts[1].startswith("This recording is not medical advice.")
    caution = next(i for i, t in enumerate(texts) if t.startswith("Caution before Hamstring stretch."))
    skip = texts[caution + 1]
    next_chapter = plan["chapters"][1]["start"]
    minutes, seconds = divmod(round(next_chapter), 60)
    assert skip == (
        f"It is safe to leave Hamstring stretch out: skip to the next chapter, or forward to {minutes} minutes "
        f"{seconds} seconds, where it ends."
    )
    assert next_chapter == round(next_chapter)  # the time said is exact
    for i, cue in enumerate(plan["cues"]):
        if "Starting in 10 seconds." in cue["text"]:
            following = plan["cues"][i + 1]
            assert following["offset"] - (cue["offset"] + cue["seconds"]) >= 10


def test_without_a_speech_engine_it_says_so_or_writes_tones_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No engine: exit 2 naming what to install; with --no-voice, a file of tones alone."""
    monkeypatch.setenv("PATH", str(tmp_path))
    wav = tmp_path / "tones.wav"
    result = CliRunner().invoke(main, ["export", "-o", str(wav), "--only", "stomach-tone"])
    assert result.exit_code == 2
    assert "No speech engine that writes audio found" in result.output
    assert "--no-voice" in result.output
    assert not wav.exists()
    run("export", "-o", str(wav), "--only", "stomach-tone", "--no-voice")
    assert any(samples(wav))


def test_a_compressed_format_without_ffmpeg_names_what_to_install(fake_espeak: Path, tmp_path: Path) -> None:
    """An MP3 with no ffmpeg on PATH: exit 2, one line naming ffmpeg, and no file."""
    for tool in ("ffmpeg", "ffprobe"):
        (fake_espeak / tool).unlink(missing_ok=True)
    result = CliRunner().invoke(main, ["export", "-o", str(tmp_path / "a.mp3"), "--only", "stomach-tone"])
    assert result.exit_code == 2
    assert result.output.startswith("Error: MP3 needs ffmpeg, which is not installed: 'sudo apt install ffmpeg'")
    assert not (tmp_path / "a.mp3").exists()


class StopAfter:
    """A fake encoder whose sink takes a few writes, then is interrupted as by Ctrl-C."""

    def __init__(self, writes: int) -> None:
        self.writes = writes
        self.opened: list[tuple[AudioFormat, str, list[Chapter]]] = []
        self.aborted = False

    def open(self, path: Path, audio_format: AudioFormat, *, rate: int, title: str, chapters: list[Chapter]) -> object:
        self.opened.append((audio_format, title, chapters))
        path.write_bytes(b"partial")
        encoder = self

        class Sink:
            def write(self, frames: bytes) -> None:
                encoder.writes -= 1
                if encoder.writes < 0:
                    raise KeyboardInterrupt

            def finish(self) -> None:
                raise AssertionError("never reached")

            def abort(self) -> None:
                encoder.aborted = True

        return Sink()


def test_an_interrupted_export_leaves_the_old_file_and_nothing_half_written(fake_espeak: Path, tmp_path: Path) -> None:
    """Ctrl-C mid-encoding: the file already there is untouched, and no temporary file is left."""
    from backrehab.audio.file import plan_recording
    from backrehab.audio.speech import Synthesizer
    from backrehab.catalogue.load import load_catalogue
    from backrehab.plan import PlanOptions, make_plan

    catalogue = load_catalogue()
    plan = make_plan(catalogue, PlanOptions(only=("stomach-tone",)))
    synth = Synthesizer("espeak-ng", str(fake_espeak / "espeak-ng"), None, tmp_path / "speech")
    recording = plan_recording(catalogue, plan, voice=True, synth=synth, sound=True, countdown=3)
    output = tmp_path / "out" / "morning.mp3"
    output.parent.mkdir()
    output.write_bytes(b"yesterday's")
    encoder = StopAfter(writes=5)
    with pytest.raises(KeyboardInterrupt):
        write_recording(recording=recording, output=output, audio_format=AudioFormat.MP3, encoder=encoder, title="t")
    assert encoder.aborted
    assert encoder.opened[0][2] == recording.chapters
    assert output.read_bytes() == b"yesterday's"
    assert [p.name for p in output.parent.iterdir()] == ["morning.mp3"]
