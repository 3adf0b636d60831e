"""The whole default routine written as an audio file: wall time, cold and warm, and peak memory.

Run from the repository root with the Python of the environment backrehab is installed in:

    .venv/bin/python benchmarks/audiofile.py              # WAV, 3 rounds
    .venv/bin/python benchmarks/audiofile.py --format mp3

Each round runs `backrehab export -o routine.FORMAT` in a child process with a fresh cache folder
(cold: every phrase synthesized by espeak-ng), then again with that cache (warm). Peak memory is the
child's maximum resident set size (`resource.getrusage(RUSAGE_CHILDREN)` is the largest child's
since the start, so each run is its own `python -c` wrapper, which reports its own child). For a
compressed format the encoder is a second process, ffmpeg, whose memory is reported apart.
Goals: WAV cold ≤ 30 s, warm ≤ 5 s; Opus/MP3 within 10 s more; peak memory ≤ 60 MiB.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

#: Runs one command and prints its wall time and its own peak RSS (KiB), and its children's (ffmpeg).
WRAPPER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = __import__("os").wait4(child.pid, 0)
print(json.dumps({"seconds": time.perf_counter() - start, "status": status, "rss_kib": usage.ru_maxrss}))
"""


def run(command: list[str], env: dict[str, str]) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", WRAPPER, *command], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--format", default="wav")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    backrehab = str(Path(sys.executable).with_name("backrehab"))
    results = []
    for _ in range(args.rounds):
        with tempfile.TemporaryDirectory() as folder:
            env = {**os.environ, "XDG_CACHE_HOME": f"{folder}/cache", "BACKREHAB_HOME": f"{folder}/data"}
            command = [backrehab, "export", "-o", f"{folder}/routine.{args.format}"]
            cold = run(command, env)
            warm = run(command, env)
            size = Path(f"{folder}/routine.{args.format}").stat().st_size
        results.append({"cold": cold, "warm": warm, "bytes": size})
        print(json.dumps(results[-1]))
    worst = {
        "cold_s": max(r["cold"]["seconds"] for r in results),
        "warm_s": max(r["warm"]["seconds"] for r in results),
        "peak_rss_mib": max(max(r["cold"]["rss_kib"], r["warm"]["rss_kib"]) for r in results) / 1024,
    }
    print(f"{args.format}: worst of {args.rounds}: " + json.dumps(worst))


if __name__ == "__main__":
    main()
