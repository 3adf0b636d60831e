"""CPU of one redraw of the big view, in-process: the share of a second of counting that is drawing.

Run from the repository root with the Python of the environment backrehab is
installed in:

    .venv/bin/python benchmarks/redraw.py
    .venv/bin/python benchmarks/redraw.py --pause 0.5   # a pause before each redraw, as in a session

The view draws pelvic tilt's get-ready countdown, holds and rests at 100×32, as a
session's events tell it to, into a file that stands for the terminal. Each
redraw's process CPU time is taken alone; the figure is the median of a step
kind's redraws, over the second of two passes (the first fills what the view
keeps). A session waits about a second between redraws, and the processor's
caches go cold meanwhile: `--pause` sleeps that long before each redraw, and
shows what a redraw costs in a session rather than in a tight loop.

Only the events and `BigDisplay` are used, so the script also measures older
code put first on `PYTHONPATH`.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import time
from collections.abc import Sequence


def measure(pause: float, width: int, height: int) -> dict[str, float]:
    """Median CPU milliseconds of a redraw, by step kind, on the second pass over pelvic tilt's steps."""
    os.environ["TERM"] = "xterm-256color"
    from rich.console import Console

    from backrehab.catalogue.load import load_catalogue
    from backrehab.plan import PlanOptions, make_plan
    from backrehab.screen.big import BigDisplay
    from backrehab.session.events import SessionStarted, StepStarted, Tick

    catalogue = load_catalogue()
    plan = make_plan(catalogue, PlanOptions(only=("pelvic-tilt",)))
    console = Console(file=io.StringIO(), width=width, height=height, force_terminal=True, color_system="truecolor")
    clock = [0.0]
    display = BigDisplay(catalogue, console, keys_active=True, now=lambda: clock[0])
    display.handle(SessionStarted(plan))
    times: dict[str, list[float]] = {}
    for _ in range(2):
        times = {}
        session_left = plan.total_seconds
        for step in plan.steps:
            display.handle(StepStarted(step, session_left))
            for left in range(int(step.seconds) - 1, -1, -1):
                clock[0] += 1.0
                session_left -= 1
                if pause:
                    time.sleep(pause)
                started = time.process_time()
                display.handle(Tick(step, left, session_left))
                times.setdefault(step.kind.value, []).append(time.process_time() - started)
    display.close()
    return {kind: 1000 * statistics.median(values) for kind, values in times.items()}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pause", type=float, default=0.0, help="seconds to sleep before each redraw [0]")
    parser.add_argument("--size", default="100x32", help="columns x rows [100x32]")
    options = parser.parse_args(argv)
    width, height = (int(n) for n in options.size.split("x"))
    for kind, ms in measure(options.pause, width, height).items():
        print(f"{kind:8} {ms:.2f} ms per redraw (median)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
