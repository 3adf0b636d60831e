"""A real session with real espeak-ng: each phrase starts at its planned moment and never on top of another.

A recording wrapper named espeak-ng stands first (and alone) on PATH: it logs the
moment each phrase starts, writes it to a WAV with the real engine instead of the
speakers, and lasts as long as that WAV, as the real engine would.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REAL = shutil.which("espeak-ng")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(REAL is None, reason="espeak-ng is not installed (.ci/run installs it)"),
]

HELPER = """
import json, os, shutil, subprocess, sys, time, wave
from backrehab.audio.speech import Synthesizer, speech_cache
started, log, real, args = float(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
out = log + f".{started:.6f}.wav"
cached = Synthesizer("espeak-ng", real, None, speech_cache()).wav(args[-1])
if cached.exists():  # written by the same engine: copying it spares a busy machine the synthesis
    shutil.copyfile(cached, out)
else:
    subprocess.run([real, "-w", out, *args], check=True)
with wave.open(out) as wav:
    seconds = wav.getnframes() / wav.getframerate()
with open(log, "a") as f:
    f.write(json.dumps({"start": started, "seconds": seconds, "text": args[-1]}) + "\\n")
time.sleep(max(0.0, started + seconds - time.time()))
os._exit(0)  # at once, as the engine ends when its audio does
"""


def wrapper(folder: Path, log: Path) -> Path:
    """A folder holding only the recording espeak-ng."""
    bin_dir = folder / "bin"
    bin_dir.mkdir()
    (folder / "helper.py").write_text(HELPER)
    script = bin_dir / "espeak-ng"
    script.write_text(
        textwrap.dedent(f"""\
        #!{shutil.which("bash")}
        t=$EPOCHREALTIME
        case "$1" in -w) exec {REAL} "$@";; esac
        exec {sys.executable} {folder / "helper.py"} "$t" {log} {REAL} "$@"
        """)
    )
    script.chmod(0o755)
    return bin_dir


#: One exercise cut to one rep: a lead-in, a hold and the ending, the shortest real session
#: that still says a phrase over a lead-in, over a hold and after it.
#: How far from its planned moment a phrase may start, in seconds: well under what an ear would notice.
TOLERANCE = 0.1
CONFIG = "routines:\n  short: [{id: stomach-tone, reps: 1}]\n"


def test_real_session_plays_each_cue_at_its_planned_offset(tmp_path: Path) -> None:
    """At --speed 2, every phrase starts within 0.1 s of its planned offset, and only after the one before ended.

    The session's own timing is measured in `benchmarks/run.py` (drift under 5 ms); here the suite's other
    workers share the two cores, and starting the engine's process can take tens of milliseconds.
    """
    log = tmp_path / "spoken.jsonl"
    env = {**os.environ, "PATH": str(wrapper(tmp_path, log))}
    config = tmp_path / "config.yaml"
    config.write_text(CONFIG)
    options = ["--routine", "short", "--lead-in", "12", "--rest", "6", "--speed", "2", "--yes", "--no-sound"]
    planned = subprocess.run(
        [sys.executable, "-m", "backrehab", "--config", str(config), "session", "--plan", "--cues", "--json", *options],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    cues = json.loads(planned.stdout)["cues"]
    subprocess.run(
        [sys.executable, "-m", "backrehab", "--config", str(config), "session", "--voice", "--no-history", *options],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    heard = [json.loads(line) for line in log.read_text().splitlines()]
    said, planned_texts = [h["text"] for h in heard], [c["text"] for c in cues]
    assert said == planned_texts, f"said {said}\nplanned {planned_texts}"
    # The session's clock starts before the first phrase is handed over: compare with the first phrase.
    first_heard, first_planned = heard[0]["start"], cues[0]["offset"]
    late = [
        (c["text"], round((h["start"] - first_heard) - (c["offset"] - first_planned), 3))
        for h, c in zip(heard, cues, strict=True)
    ]
    assert [(text, x) for text, x in late if abs(x) > TOLERANCE] == []
    for before, after in itertools.pairwise(heard):
        assert after["start"] >= before["start"] + before["seconds"], after["text"]
