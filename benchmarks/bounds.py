"""Bounded time and memory on inputs far past a person's: the biggest catalogue the checker lets through, and
a history of 100,000 sessions.

Run from the repository root with the Python of the environment backrehab is installed in:

    .venv/bin/python benchmarks/bounds.py            # 5 rounds
    .venv/bin/python benchmarks/bounds.py --rounds 3

The catalogue is the bundled one with its first exercise given as many steps as the checker allows
(`MAX_TEXTS`), each as long as it allows (`MAX_TEXT_LENGTH`), and `show` of that exercise is timed;
a catalogue of 50,000 steps is checked too, to show it is refused (exit 2) as quickly. The history
holds 100,000 sessions of the twelve exercises, about one a day and a half a day for 270 years up to
today (written straight into a file backrehab made, as `tenyears.py` does), and `history` and
`history --json` are timed. Each figure is the median wall time of the rounds and the largest
resident set (`ru_maxrss` of the child) seen; the goals are under 1 s and, for the history, 60 MB.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from tenyears import build, own_home_env, program  # noqa: E402 - a sibling script, found through the path set above

SESSIONS = 100_000


def big_catalogue(path: Path, *, steps: int, length: int) -> None:
    """The bundled catalogue with its first exercise's steps replaced by `steps` steps of `length` characters."""
    from backrehab.catalogue.model import bundled_path

    lines = bundled_path().read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip() == "steps:")
    end = next(i for i in range(at + 1, len(lines)) if not lines[i].lstrip().startswith("- "))
    step = ("word " * (length // 5))[:length].strip() or "S."
    lines[at + 1 : end] = [f"      - {step}"] * steps
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run(argv: list[str], env: dict[str, str], *, expect: int = 0) -> tuple[float, float]:
    """Wall seconds and peak resident megabytes of one child run (its own `ru_maxrss`, from `wait4`)."""
    started = time.perf_counter()
    child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != expect:
        raise SystemExit(f"{' '.join(argv)}: exit {child.returncode}, expected {expect}")
    return seconds, usage.ru_maxrss / 1024


def main() -> int:
    from backrehab.catalogue.yamlcheck import MAX_TEXT_LENGTH, MAX_TEXTS

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    base = program()
    with tempfile.TemporaryDirectory(prefix="backrehab-bounds-") as work:
        root = Path(work)
        (root / "data").mkdir()
        env = own_home_env(root)
        allowed, refused = root / "allowed.yaml", root / "refused.yaml"
        big_catalogue(allowed, steps=MAX_TEXTS, length=MAX_TEXT_LENGTH)
        big_catalogue(refused, steps=50_000, length=2)
        started = time.perf_counter()
        sessions, results = build(root / "data", days=round(SESSIONS / 1.18 / 0.95))
        print(f"built: {sessions} sessions, {results} results in {time.perf_counter() - started:.1f} s")
        cases = [
            (f"show, {MAX_TEXTS} steps of {MAX_TEXT_LENGTH} chars", ["--catalogue", str(allowed), "show", "1"], 0),
            ("show, 50,000 steps (refused)", ["--catalogue", str(refused), "show", "1"], 2),
            (f"history, {sessions} sessions", ["history"], 0),
            (f"history --json, {sessions} sessions", ["history", "--json"], 0),
        ]
        for _label, args, expect in cases:  # warm the cache folder, as a person's is
            run(base + args, env, expect=expect)
        print(f"{'case':<44} {'median s':>9} {'max s':>7} {'peak MB':>8}")
        for label, args, expect in cases:
            figures = [run(base + args, env, expect=expect) for _ in range(options.rounds)]
            seconds = [s for s, _ in figures]
            peak = max(m for _, m in figures)
            print(f"{label:<44} {statistics.median(seconds):>9.3f} {max(seconds):>7.3f} {peak:>8.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
