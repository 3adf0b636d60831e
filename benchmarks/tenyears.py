"""Does a history's cost grow with its age? Commands timed on ten years of daily sessions against one session.

Run from the repository root with the Python of the environment backrehab is installed in:

    .venv/bin/python benchmarks/tenyears.py            # 7 rounds
    .venv/bin/python benchmarks/tenyears.py --rounds 3

It builds two histories in a temporary folder: one session, and ten years of near-daily use
(about 4,100 sessions of the twelve exercises, 49,500 results, check-ins on most, a few demos),
written straight into a history file that backrehab made. Then, round after round, each command
runs once on each history, one right after the other, so a busy moment of the machine slows both
alike; the ratio given is the median of the rounds' own ratios. `history --csv` and `report -o
x.pdf` are timed on the ten-year history alone, against their absolute goals, and the file's
size is given. Every child has its own cache folder, warmed by one run first, as a person's is.

A session is timed whole (`session --yes --speed 1000 --only pelvic-tilt`, a demo, so it moves no
hold), and its two steps that read or change the history are timed inside a child, after the
imports, so the figure is the step's own work: its start (the holds worked out from the history, as
a session does, the streak, and the recorder opening the file, with the cache folder as a session
passes it, and writing the session's first row) and its final write (the results and status, then
the holds worked out afresh for the next start). Each closes the file afterwards, untimed, as a
session's end does.

`benchmarks/run.py --only tenyears` runs the same measure among the others.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
YEARS = 10
#: Pairs: (label, arguments); each is timed on both histories.
PAIRED = (
    ("history", ["history"]),
    ("progress", ["progress"]),
    ("history --json", ["history", "--json"]),
    ("report -o x.html", ["report", "-o", "{out}/x.html"]),
    ("session --plan", ["session", "--plan"]),
    (
        "session, whole (--speed 1000, one exercise)",
        ["session", "--yes", "--speed", "1000", "--only", "pelvic-tilt", "--no-voice", "--no-sound"],
    ),
)
#: What a child imports and reads before the step it times, so that both histories pay it alike.
_READY = """
import sys, time
from datetime import datetime, timezone
import sqlite3
from backrehab.cli.context import State
from backrehab.history import progression, recorder, stats, store
"""
#: Steps timed inside a child: (label, code that prints the seconds its work took).
STEPS = (
    (
        "a session's start: holds, streak, first write",
        _READY
        + """
state = State()
catalogue = state.catalogue()
now = datetime.now(timezone.utc)
started = time.perf_counter()
state.current_holds(catalogue, trust_cache=False)
history = store.History.read(state.history_path())
if history is not None:
    with history:
        kept = stats.CachedRuns(state.cache_folder(), state.history_path())
        today = stats.system_local_date(now)
        stats.history_streaks(history, today, stats.system_local_date, kept, stats.system_zone())
opened = recorder.open_recorder(
    state.history_path(), warn=print, cache_folder=state.cache_folder(), options={"speed": 1000}, demo=True
)
opened.history.begin_session(started_at=now, options={"speed": 1000}, pain_before=None, results=[], demo=True)
print(time.perf_counter() - started)
opened.history.close()  # as a session's end does
""",
    ),
    (
        "a session's final write, then the holds",
        _READY
        + """
from backrehab.session.outcomes import Status
state = State()
catalogue = state.catalogue()
now = datetime.now(timezone.utc)
with store.History.create(state.history_path(), cache_folder=state.cache_folder()) as history:
    session = history.begin_session(started_at=now, options={"speed": 1000}, pain_before=None, results=[], demo=True)
    started = time.perf_counter()
    history.finish_session(session, status=Status.COMPLETED, active_seconds=60.0, results=[], at=now)
    state.current_holds(catalogue, trust_cache=False)
    print(time.perf_counter() - started)
""",
    ),
)
ALONE = (
    ("history --csv (ten years)", ["history", "--csv", "{out}/all.csv"], 0.400),
    ("report -o x.pdf", ["report", "-o", "{out}/x.pdf"], 4.0),
)
PAIR_GOAL = 1.2
SIZE_GOAL_MB = 8.0


def program() -> list[str]:
    """How to start the backrehab of the Python running this: its script, else `python -m backrehab`."""
    script = Path(sys.executable).with_name("backrehab")
    return [str(script)] if script.exists() else [sys.executable, "-m", "backrehab"]


def own_home_env(root: Path) -> dict[str, str]:
    """The environment for a child with a home of its own in `root` (history in `root/data`, its own cache and
    config), plain 80-column output, and free to write bytecode caches, as an installed package has them."""
    env = {k: v for k, v in os.environ.items() if k not in ("BACKREHAB_HOME", "PYTHONDONTWRITEBYTECODE")}
    env.update(
        BACKREHAB_HOME=str(root / "data"),
        XDG_CACHE_HOME=str(root / "cache"),
        XDG_CONFIG_HOME=str(root / "config"),
        NO_COLOR="1",
        COLUMNS="80",
    )
    return env


def build(folder: Path, *, days: int, seed: int = 24) -> tuple[int, int]:
    """A history of about `days` days of use ending today, written in one transaction; (sessions, results)."""
    from backrehab.catalogue.load import load_catalogue
    from backrehab.history.store import History

    catalogue = load_catalogue()
    random_ = random.Random(seed)
    now = datetime.now(timezone.utc).replace(hour=8, minute=0, second=0, microsecond=0)
    sessions = results = 0
    with History.create(folder / "history.sqlite3") as history, history.transaction() as db:
        for back in range(days - 1, -1, -1):
            if days > 1 and random_.random() < 0.05:
                continue  # a day off
            for extra in range(2 if days > 1 and random_.random() < 0.18 else 1):
                started = now - timedelta(days=back, hours=-extra * 9)
                demo = days > 1 and random_.random() < 0.01
                pain = random_.randint(1, 7) if random_.random() < 0.8 else None
                cursor = db.execute(
                    "INSERT INTO sessions (started_at, ended_at, status, options, pain_before, pain_after, "
                    "active_seconds, demo) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        started.isoformat(),
                        (started + timedelta(minutes=24)).isoformat(),
                        "completed",
                        json.dumps({"speed": 1000 if demo else 1, "routine": [], "only": [], "skip": []}),
                        pain,
                        None if pain is None else max(0, pain - random_.randint(0, 2)),
                        1440.0,
                        int(demo),
                    ),
                )
                sessions += 1
                rows = []
                for position, exercise in enumerate(catalogue.exercises, start=1):
                    roll = random_.random()
                    outcome = "stopped: pain" if roll < 0.02 else "skipped" if roll < 0.04 else "done"
                    if exercise.cautions and roll < 0.2:
                        outcome = "declined"
                    done = exercise.reps if outcome == "done" else 0
                    rows.append(
                        (cursor.lastrowid, exercise.id, position, outcome, exercise.hold_seconds, exercise.reps, done)
                    )
                db.executemany(
                    "INSERT INTO results (session_id, exercise_id, position, outcome, hold_seconds, holds_planned, "
                    "holds_done, done_both) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [(*row, row[-1]) for row in rows],
                )
                results += len(rows)
    return sessions, results


def timed(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def timed_inside(code: str, env: dict[str, str]) -> float:
    """The seconds a child says its step took."""
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return float(done.stdout.strip().splitlines()[-1])


@dataclass
class Result:
    """One command or step: its times on both histories (or the ten years alone) and its goal."""

    label: str
    times: dict[str, list[float]]
    ratios: list[float] = field(default_factory=list)
    goal: float = PAIR_GOAL
    #: "ratio" (ten years over one session, median of the rounds' ratios), "seconds" or "MB".
    kind: str = "ratio"

    @property
    def value(self) -> float:
        if self.kind == "ratio":
            return statistics.median(self.ratios)
        return statistics.median(self.times["ten years"])

    @property
    def met(self) -> bool:
        return self.value < self.goal if self.kind == "MB" else self.value <= self.goal


def measure(rounds: int, log: Callable[[str], None] = print) -> list[Result]:
    """Build both histories, time every command and step on them, and give the results."""
    with tempfile.TemporaryDirectory(prefix="backrehab-tenyears-") as work:
        root = Path(work)
        homes = {"one session": root / "one", "ten years": root / "ten"}
        envs = {}
        for name, home in homes.items():
            (home / "data").mkdir(parents=True)
            (home / "out").mkdir()
            envs[name] = own_home_env(home)
        started = time.perf_counter()
        one = build(homes["one session"] / "data", days=1)
        ten = build(homes["ten years"] / "data", days=round(YEARS * 365.25))
        log(f"built: one session {one}, ten years {ten[0]} sessions, {ten[1]} results "
            f"in {time.perf_counter() - started:.1f} s")  # fmt: skip
        size = (homes["ten years"] / "data" / "history.sqlite3").stat().st_size / 1e6
        base = program()

        def argv(args: list[str], name: str) -> list[str]:
            return base + [a.format(out=homes[name] / "out") for a in args]

        for name in homes:  # warm-up: upgrade the file to the current schema, fill the cache
            for _, args in PAIRED:
                timed(argv(args, name), envs[name])
        results = [Result(label, {n: [] for n in homes}) for label, _ in (*PAIRED, *STEPS)]
        for _ in range(rounds):
            for result, (_, args) in zip(results, PAIRED, strict=False):
                pair = {name: timed(argv(args, name), envs[name]) for name in homes}
                for name, value in pair.items():
                    result.times[name].append(value)
                result.ratios.append(pair["ten years"] / pair["one session"])
            for result, (_, code) in zip(results[len(PAIRED) :], STEPS, strict=True):
                pair = {name: timed_inside(code, envs[name]) for name in homes}
                for name, value in pair.items():
                    result.times[name].append(value)
                result.ratios.append(pair["ten years"] / pair["one session"])
        for label, args, goal in ALONE:
            values = [timed(argv(args, "ten years"), envs["ten years"]) for _ in range(rounds)]
            results.append(Result(label, {"ten years": values}, goal=goal, kind="seconds"))
        results.append(Result("database, ten years", {"ten years": [size]}, goal=SIZE_GOAL_MB, kind="MB"))
    return results


def report(results: list[Result]) -> str:
    lines = [f"{'command':<46}{'one session':>13}{'ten years':>11}{'ratio':>8}  goal"]
    for r in results:
        verdict = "met" if r.met else "MISSED"
        if r.kind == "ratio":
            a, b = (statistics.median(r.times[n]) * 1000 for n in ("one session", "ten years"))
            lines.append(f"{r.label:<46}{a:>10.1f} ms{b:>8.1f} ms{r.value:>7.2f}×  ≤ {r.goal}× {verdict}")
        elif r.kind == "seconds":
            lines.append(f"{r.label:<46}{'':>13}{r.value * 1000:>8.0f} ms{'':>8}  ≤ {r.goal * 1000:.0f} ms {verdict}")
        else:
            lines.append(f"{r.label:<46}{'':>13}{r.value:>8.1f} MB{'':>8}  < {r.goal} MB {verdict}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    options = parser.parse_args()
    results = measure(options.rounds)
    print()
    print(report(results))
    return 0 if all(r.met for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
