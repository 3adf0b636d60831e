"""Measure backrehab: timing drift, CPU while counting, start-up time, peak memory and a ten-year history.

Run from the repository root with the Python of the environment backrehab is
installed in:

    .venv/bin/python benchmarks/run.py            # every figure, 3 runs each (about 12 minutes)
    .venv/bin/python benchmarks/run.py --runs 1 --only startup memory
    .venv/bin/python benchmarks/run.py --runs 3 --only tenyears   # tenyears.py's measure, 6 rounds

It prints one table, then every goal against its figure, and writes
benchmarks/results.json. Every figure is taken `--runs` times (median, min
and max); where a baseline makes sense it is measured in the same run and the
ratio given. Only the standard library is used: time, resource (through
os.wait4, which gives one child's own usage), subprocess, pty, select.

The program under test is the installed console script beside this Python
(`.venv/bin/backrehab`), or `python -m backrehab` when there is none. Every
child runs with a temporary user data and cache folder ($XDG_DATA_HOME and
$XDG_CACHE_HOME, with $BACKREHAB_HOME unset, so the history is found as a
person's is), and the sessions run here never land in the person's own
history; `list` and `show` are timed reading a history of HISTORY_SESSIONS
real sessions recorded first, with the catalogue and holds cached by a
warm-up run. Start-up ratios are medians of each round's own ratio.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import math
import os
import platform
import pty
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from tenyears import program  # noqa: E402 - a sibling script, found through the path set above

RESULTS = HERE / "results.json"
MIB = 1024 * 1024

#: The three-exercise session run at real speed: three short exercises, short lead-ins and rests.
THREE = ["--only", "pelvic-tilt,leg-raise,stomach-tone", "--lead-in", "2", "--rest", "2"]
#: A 30-second session: pelvic tilt's five 5-s holds with 1.25-s rests and no lead-in.
THIRTY = ["--only", "pelvic-tilt", "--lead-in", "0", "--rest", "1.25"]
#: Sessions in the history that start-up reads (list and show show the current holds): a month of daily ones.
HISTORY_SESSIONS = 30


def child_env(**changes: str) -> dict[str, str]:
    """The environment for every child: ours, but free to write bytecode caches.

    pip compiles an installed package's .pyc files at install time; an editable
    install under PYTHONDONTWRITEBYTECODE=1 would instead compile backrehab from
    source on every start and measure the compiler, not backrehab.
    """
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env.update(changes)
    return env


# -- running a child ------------------------------------------------------------


@dataclass
class Child:
    """One finished child: its output with arrival times, wall time and its own resource usage."""

    lines: list[tuple[float, str]]
    wall: float
    status: int
    cpu: float
    maxrss_bytes: int
    switches: int
    output: bytes = b""


def _finish(pid: int, started: float) -> tuple[float, int, Any]:
    _, status, usage = os.wait4(pid, 0)
    return time.monotonic() - started, os.waitstatus_to_exitcode(status), usage


def _child(lines: list[tuple[float, str]], output: bytes, wall: float, status: int, usage: Any) -> Child:
    return Child(
        lines=lines,
        wall=wall,
        status=status,
        cpu=usage.ru_utime + usage.ru_stime,
        maxrss_bytes=usage.ru_maxrss * 1024,  # KiB on Linux
        switches=usage.ru_nvcsw + usage.ru_nivcsw,
        output=output,
    )


def cpu_pair() -> tuple[int, int] | None:
    """Two different CPUs this process may use, or None (one CPU, or no affinity control)."""
    if not hasattr(os, "sched_getaffinity"):
        return None
    cpus = sorted(os.sched_getaffinity(0))
    return (cpus[0], cpus[1]) if len(cpus) >= 2 else None


def run_piped(argv: Sequence[str], *, separate_cpus: bool = False) -> Child:
    """Run with stdout to a pipe, timestamping each line as it arrives.

    With `separate_cpus`, this reader and the child are pinned to different
    CPUs. Otherwise the kernel wakes the reader on the writer's CPU, where it
    waits until the writer sleeps or exits: the last lines of a session, which
    are followed by the interpreter's exit, then arrive 1–4 ms after they were
    written, and that would be measured as drift.
    """
    env = child_env(NO_COLOR="1")
    pair = cpu_pair() if separate_cpus else None
    saved = os.sched_getaffinity(0) if pair else None
    if pair:
        os.sched_setaffinity(0, {pair[0]})
    started = time.monotonic()
    proc = subprocess.Popen(
        argv,
        stdout=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        preexec_fn=(lambda: os.sched_setaffinity(0, {pair[1]})) if pair else None,
    )
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    lines: list[tuple[float, str]] = []
    buffer = b""
    output = b""
    while True:
        chunk = os.read(fd, 65536)
        now = time.monotonic()
        if not chunk:
            break
        output += chunk
        buffer += chunk
        *complete, buffer = buffer.split(b"\n")
        lines.extend((now, line.decode("utf-8", "replace")) for line in complete)
    wall, status, usage = _finish(proc.pid, started)
    if saved:
        os.sched_setaffinity(0, saved)
    proc.returncode = status  # reaped by wait4 above
    if proc.stderr is not None:
        proc.stderr.close()
    proc.stdout.close()
    return _child(lines, output, wall, status, usage)


def run_in_pty(argv: Sequence[str], *, columns: int = 80, rows: int = 24, term: str = "xterm-256color") -> Child:
    """Run in a new pseudo-terminal of the given size, draining its output as a terminal would."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    env = child_env(TERM=term, COLUMNS=str(columns), LINES=str(rows))
    env.pop("NO_COLOR", None)
    started = time.monotonic()
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
    os.close(slave)
    output = b""
    while True:
        ready, _, _ = select.select([master], [], [], 1.0)
        if not ready:
            if proc.poll() is not None:
                break
            continue
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        output += chunk
    wall, status, usage = _finish(proc.pid, started)
    proc.returncode = status
    os.close(master)
    text = output.decode("utf-8", "replace")
    return _child([(0.0, line) for line in text.splitlines()], output, wall, status, usage)


def run_quiet(argv: Sequence[str], env: dict[str, str] | None = None) -> Child:
    """Run with all output to /dev/null (and `env` added to the environment): for start-up times."""
    started = time.monotonic()
    proc = subprocess.Popen(
        argv,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        env=child_env(**(env or {})),
    )
    wall, status, usage = _finish(proc.pid, started)
    proc.returncode = status
    return _child([], b"", wall, status, usage)


def plan_json(args: Sequence[str]) -> dict[str, Any]:
    argv = [*program(), "session", "--plan", "--json", *args]
    out = subprocess.run(argv, capture_output=True, check=True, env=child_env())
    data: dict[str, Any] = json.loads(out.stdout)
    return data


def session_help() -> str:
    argv = [*program(), "session", "--help"]
    return subprocess.run(argv, capture_output=True, text=True, check=True, env=child_env()).stdout


# -- figures --------------------------------------------------------------------


@dataclass
class Figure:
    """One measured quantity over several runs, with its goal and, if any, its baseline."""

    name: str
    unit: str
    values: list[float]
    goal: str = ""
    passed: bool | None = None
    baseline: str | None = None
    ratio: float | None = None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    #: What the goal is judged on: "median", "max" (every run), "worst" (every run, by size) or "ratio".
    judged: str = "median"

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "unit": self.unit,
            "median": self.median,
            "min": min(self.values),
            "max": max(self.values),
            "runs": self.values,
            "goal": self.goal,
            "met": self.passed,
            "baseline": self.baseline,
            "ratio": self.ratio,
            "note": self.note,
            "judged": self.judged,
            **self.extra,
        }


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile by linear interpolation between closest ranks."""
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    low, high = math.floor(k), math.ceil(k)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def slope(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Theil–Sen slope of ys over xs: the median of the slopes between every two points (0 for fewer than two).

    Not least squares: one line held up by the machine (a hold 83 ms late among holds within 3 ms,
    seen once) tilted a least-squares line by 4.9 ms over a session, though nothing grew; the median
    of pairwise slopes follows a steady growth alone. Stalls show in the lateness maximum instead.
    """
    pairs = [(ys[j] - ys[i]) / (xs[j] - xs[i]) for i in range(len(xs)) for j in range(i + 1, len(xs)) if xs[j] != xs[i]]
    return statistics.median(pairs) if pairs else 0.0


@dataclass
class DriftRun:
    end_drift_ms: float
    late_max_ms: float
    late_p95_ms: float
    #: How much later the last hold ends than the first, by the trend of lateness over the session (`slope`).
    late_growth_ms: float
    holds: int


def drift_once(args: Sequence[str], speed: float, plan: dict[str, Any]) -> DriftRun:
    """One session through a pipe: session wall time against total/speed, and each hold's lateness."""
    child = run_piped([*program(), "session", "--yes", "--speed", f"{speed:g}", *args], separate_cpus=True)
    if child.status != 0:
        raise RuntimeError(f"session exited {child.status}")
    # The notice that a demo is recorded as one comes before the session's clock starts (and before the
    # history is opened and the display made): the session's first line is the one after it.
    lines = [(t, text) for t, text in child.lines if not text.startswith("Demo at ")]
    first = lines[0][0]
    closing = next(t for t, text in lines if text.startswith("Session complete"))
    expected = plan["total_seconds"] / speed
    offset = 0.0
    scheduled: list[float] = []
    for step in plan["steps"]:
        offset += step["seconds"]
        if step["kind"] == "hold":
            scheduled.append(offset / speed)
    done = [t - first for t, text in lines if text.endswith(": done") and ": rep " in text]
    if len(done) != len(scheduled):
        raise RuntimeError(f"{len(done)} holds finished, {len(scheduled)} planned")
    lateness = [(actual - planned) * 1000 for actual, planned in zip(done, scheduled, strict=True)]
    return DriftRun(
        end_drift_ms=((closing - first) - expected) * 1000,
        late_max_ms=max(lateness),
        late_p95_ms=percentile(lateness, 95),
        late_growth_ms=slope(scheduled, lateness) * (scheduled[-1] - scheduled[0]),
        holds=len(lateness),
    )


def measure_drift(runs: int, log: Callable[[str], None]) -> list[Figure]:
    figures: list[Figure] = []
    cases = [
        ("whole default session, piped, --speed 100", [], 100.0),
        ("3 exercises (" + " ".join(THREE) + "), piped, --speed 1", THREE, 1.0),
    ]
    for label, args, speed in cases:
        plan = plan_json(args)
        log(f"drift: {label}: {plan['total_seconds'] / speed:.1f} s per run × {runs}")
        results = [drift_once(args, speed, plan) for _ in range(runs)]
        holds = results[0].holds
        session = f"{plan['total_seconds']:g} plan s, {holds} holds"
        figures += [
            Figure(
                f"drift at end: {label}",
                "ms",
                [r.end_drift_ms for r in results],
                goal="|drift| < 5 ms",
                passed=all(abs(r.end_drift_ms) < 5 for r in results),
                judged="worst",
                note=session,
            ),
            Figure(f"hold lateness, max: {label}", "ms", [r.late_max_ms for r in results], note=session),
            Figure(f"hold lateness, p95: {label}", "ms", [r.late_p95_ms for r in results], note=session),
            Figure(
                f"hold lateness growth, first to last hold: {label}",
                "ms",
                [r.late_growth_ms for r in results],
                goal="no growth (|growth| < 1 ms)",
                passed=all(abs(r.late_growth_ms) < 1 for r in results),
                judged="worst",
                note="Theil–Sen trend of lateness × the time from first to last hold",
            ),
        ]
    return figures


def display_args() -> list[str]:
    return ["--display", "big"] if "--display" in session_help() else []


def measure_cpu(runs: int, log: Callable[[str], None]) -> list[Figure]:
    """CPU of a 30-s session in a terminal, less that of the same session run instantly (start-up, drawing once)."""
    display = display_args()
    # The timer's own cost: speech and tones are other programs, doing work the person asked for;
    # they are measured once more, separately, below.
    quiet = ["--no-voice", "--no-sound"]
    argv = [*program(), "session", "--yes", *display, *quiet, *THIRTY]
    plan = plan_json(THIRTY)
    assert plan["total_seconds"] == 30, plan["total_seconds"]
    log(f"cpu: 30 s session in a pseudo-terminal {' '.join(display) or '(default display)'} × {runs}")
    run_in_pty([*argv, "--speed", "1000000"])  # warm-up
    shares: list[float] = []
    wakeups: list[float] = []
    totals: list[float] = []
    instants: list[float] = []
    for _ in range(runs):
        instant = run_in_pty([*argv, "--speed", "1000000"])
        instants.append(instant.cpu)
        real = run_in_pty([*argv, "--speed", "1"])
        if real.status != 0 or instant.status != 0:
            raise RuntimeError(f"session exited {real.status}/{instant.status}: {real.output[-300:]!r}")
        counting = real.cpu - instant.cpu
        shares.append(100 * counting / 30.0)
        wakeups.append(real.switches / real.wall)
        totals.append(real.cpu)
    voiced = [a for a in argv if a not in quiet]
    log("cpu: the same session once more with voice and sound on (their programs included)")
    # Warm-up: the first session with voice writes every phrase to the speech cache, once for all the sessions
    # after it; measured is a day's session, which finds them there.
    run_in_pty([*voiced, "--speed", "1000000"])
    spoken = run_in_pty([*voiced, "--speed", "1"])
    label = f"30-s session in a pty, {' '.join([*display, *quiet]) or 'default display'}"
    return [
        Figure(
            f"CPU with voice and sound on: 30-s session in a pty, {' '.join(display) or 'default display'}",
            "% of one core",
            [100 * (spoken.cpu - statistics.median(instants)) / 30.0],
            note="speech engine and player processes included, phrases already cached; one run",
        ),
        Figure(
            f"CPU while counting: {label}",
            "% of one core",
            shares,
            goal="≤ 0.30 %",
            passed=statistics.median(shares) <= 0.30,
            baseline="same session at --speed 1000000 (start-up and drawing once), subtracted",
            note="(child CPU seconds − baseline's) / 30 s",
        ),
        Figure(f"context switches: {label}", "per second", wakeups, note="the whole run's, start-up included"),
        Figure(f"CPU in all: {label}", "s", totals, note="start-up included"),
        *measure_session_cpu(runs, log),
    ]


def measure_session_cpu(runs: int, log: Callable[[str], None]) -> list[Figure]:
    """CPU of a whole one-exercise session with the default display, start-up included, over its wall time."""
    args = ["--only", "pelvic-tilt"]
    seconds = plan_json(args)["total_seconds"]
    argv = [*program(), "session", "--yes", *args, "--no-voice", "--no-sound"]
    log(f"cpu: whole {seconds:g}-s session {' '.join(args)} in a 100×32 pseudo-terminal × {runs}")
    shares: list[float] = []
    for _ in range(runs):
        child = run_in_pty(argv, columns=100, rows=32)
        if child.status != 0:
            raise RuntimeError(f"session exited {child.status}: {child.output[-300:]!r}")
        shares.append(100 * child.cpu / child.wall)
    return [
        Figure(
            f"CPU of a whole session: {' '.join(args)}, defaults, --no-voice --no-sound, 100×32 pty",
            "% of one core",
            shares,
            goal="≤ 0.5 %",
            passed=statistics.median(shares) <= 0.5,
            note=f"child CPU seconds (start-up included) / wall time; {seconds:g}-s plan",
        )
    ]


#: Start-up is timed over at least this many interleaved rounds: medians of separate series moved by 30–45 %.
STARTUP_ROUNDS = 40
CLICK = "python -c 'import click'"
STACK = "python -c 'import click, yaml, rich.console, rich.table'"
COLD_LIST = "backrehab list, first after a catalogue edit (cold cache)"


@dataclass
class Command:
    """One command timed at start-up: its argv, environment changes, what to do before each run, and its goal."""

    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    before: Callable[[], None] | None = None
    #: (baseline name, highest ratio to it), or None for a baseline itself.
    goal: tuple[str, float | None] | None = None


def measure_startup(runs: int, log: Callable[[str], None]) -> list[Figure]:
    python = sys.executable
    saved_home = os.environ["XDG_DATA_HOME"]
    folder = Path(saved_home) / "startup"
    own = folder / "catalogue.yaml"
    edits = iter(range(1, 1_000_000))

    def edit_catalogue() -> None:
        """A person's edit: the bundled catalogue with one line changed, so the cached one is stale."""
        own.write_text(bundled_catalogue() + f"# edit {next(edits)}\n", encoding="utf-8")

    commands = {
        CLICK: Command([python, "-c", "import click"]),
        STACK: Command([python, "-c", "import click, yaml, rich.console, rich.table"]),
        "backrehab --help": Command([*program(), "--help"], goal=(CLICK, 1.15)),
        "backrehab list": Command([*program(), "list"], goal=(STACK, 1.15)),
        "backrehab show pelvic-tilt": Command([*program(), "show", "pelvic-tilt"], goal=(STACK, 1.15)),
        "backrehab session --plan": Command([*program(), "session", "--plan"], goal=(STACK, 1.0)),
        COLD_LIST: Command(
            [*program(), "list"], env={"BACKREHAB_CATALOGUE": str(own)}, before=edit_catalogue, goal=(STACK, 1.4)
        ),
    }
    os.environ["XDG_DATA_HOME"] = str(folder)
    try:
        folder.mkdir(exist_ok=True)
        seed_history(HISTORY_SESSIONS, log)
        return time_startup(commands, max(runs, STARTUP_ROUNDS), log)
    finally:
        os.environ["XDG_DATA_HOME"] = saved_home


def bundled_catalogue() -> str:
    """The catalogue the installed backrehab ships, as text."""
    code = "from backrehab.catalogue.model import bundled_path; print(bundled_path())"
    path = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    return Path(path).read_text(encoding="utf-8")


def seed_history(sessions: int, log: Callable[[str], None]) -> None:
    """Record `sessions` whole default sessions (at high speed) in the data folder, as a person's month would.

    Sessions at a speed other than 1 are recorded as demos, which move no hold; a person's month is
    sessions at speed 1, so the rows are then marked as such and the holds build up as theirs would.
    """
    import sqlite3

    log(f"start-up: recording a history of {sessions} sessions first")
    for _ in range(sessions):
        child = run_quiet([*program(), "session", "--yes", "--speed", "100000"])
        if child.status != 0:
            raise RuntimeError(f"recording a session for the history exited {child.status}")
    database = Path(os.environ["XDG_DATA_HOME"]) / "backrehab" / "history.sqlite3"
    with contextlib.closing(sqlite3.connect(database)) as db, db:
        db.execute("UPDATE sessions SET demo = 0")
    (Path(os.environ["XDG_CACHE_HOME"]) / "backrehab" / "current-holds.json").unlink(missing_ok=True)


def time_startup(commands: dict[str, Command], rounds: int, log: Callable[[str], None]) -> list[Figure]:
    """Each command once a round, round after round; each ratio is the median of the rounds' own ratios.

    Within a round the commands run back to back, so a busy moment of the machine slows the command
    and its baseline alike: the ratio of one round to its own baseline is steadier than the ratio of
    two medians taken over separate moments.
    """
    log(f"start-up: {len(commands)} commands × {rounds} rounds, interleaved")
    for command in commands.values():  # warm-up: compiled files, the page cache, and the cache of derived data
        if command.before:
            command.before()
        run_quiet(command.argv, command.env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, command in commands.items():
            if command.before:
                command.before()
            child = run_quiet(command.argv, command.env)
            if child.status != 0:
                raise RuntimeError(f"{name} exited {child.status}")
            times[name].append(child.wall * 1000)
    figures: list[Figure] = []
    for name, command in commands.items():
        if command.goal is None:
            figures.append(Figure(f"start-up: {name}", "ms", times[name], note="baseline"))
            continue
        base, limit = command.goal
        ratios = [t / b for t, b in zip(times[name], times[base], strict=True)]
        ratio = statistics.median(ratios)
        figures.append(
            Figure(
                f"start-up: {name}",
                "ms",
                times[name],
                goal=f"≤ {limit}× baseline" if limit else "",
                passed=ratio <= limit if limit else None,
                judged="ratio",
                baseline=base,
                ratio=ratio,
                note=f"ratio: median of {rounds} rounds' own ratios (min {min(ratios):.2f}, max {max(ratios):.2f})",
                extra={"ratios": ratios},
            )
        )
    return figures


#: GNU time: small, so the child it forks starts small (see `peak_rss`). Debian's package "time".
GNU_TIME = Path("/usr/bin/time")


def peak_rss(launch: Callable[[list[str]], Child], argv: list[str]) -> float:
    """The peak resident set of `argv` in MiB, run by `launch` under GNU time.

    Linux reports a child's `ru_maxrss` as at least the peak of the process it was forked from (the
    larger is kept across exec), so a child of this benchmark would show the benchmark's own size
    when that is larger, as it is once the figures pile up. GNU time forks the child from a process
    of about 1 MiB. Without GNU time, the child's own `ru_maxrss` is taken, floored as said.
    """
    if not GNU_TIME.exists():
        return launch(argv).maxrss_bytes / MIB
    with tempfile.TemporaryDirectory(prefix="backrehab-rss-") as folder:
        report = Path(folder) / "rss"
        child = launch([str(GNU_TIME), "-f", "%M", "-o", str(report), *argv])
        if child.status != 0:
            raise RuntimeError(f"{' '.join(argv)} exited {child.status}")
        return int(report.read_text(encoding="utf-8").split()[-1]) / 1024  # KiB; after any "exited" line


def measure_memory(runs: int, log: Callable[[str], None]) -> list[Figure]:
    display = display_args()
    stack = [sys.executable, "-c", "import click, yaml, rich.console, rich.table"]
    how = "under GNU time" if GNU_TIME.exists() else "ru_maxrss, floored by this process's own peak (no GNU time)"
    log(f"memory: the stack, list, and a full session at --speed 1000, piped and in a pty × {runs} ({how})")
    session = [*program(), "session", "--yes", "--speed", "1000"]
    big = [*session, *display, "--no-voice", "--no-sound"]
    base: list[float] = []
    listed: list[float] = []
    piped: list[float] = []
    in_pty: list[float] = []
    for _ in range(runs):
        base.append(peak_rss(run_quiet, stack))
        run_quiet([*program(), "list"])  # the sessions wrote the history: this one caches the holds again
        listed.append(peak_rss(run_quiet, [*program(), "list"]))
        piped.append(peak_rss(run_piped, session))
        in_pty.append(peak_rss(run_in_pty, big))
    label = " ".join(display) or "default display"
    base_name = "python -c 'import click, yaml, rich.console, rich.table'"

    def against(values: list[float]) -> float:
        return statistics.median(values) / statistics.median(base)

    return [
        Figure(f"peak RSS: {base_name}", "MiB", base, note="baseline"),
        Figure("peak RSS: backrehab list (warm cache)", "MiB", listed, baseline=base_name, ratio=against(listed)),
        Figure(
            "peak RSS: whole session --speed 1000, piped",
            "MiB",
            piped,
            goal="< 25 MiB",
            passed=max(piped) < 25,
            judged="max",
            baseline=base_name,
            ratio=against(piped),
        ),
        Figure(
            f"peak RSS: whole session --speed 1000, pty, {label} --no-voice --no-sound",
            "MiB",
            in_pty,
            goal="≤ 24 MiB",
            passed=max(in_pty) <= 24,
            judged="max",
            baseline=base_name,
            ratio=against(in_pty),
        ),
    ]


# -- output ---------------------------------------------------------------------


def table(figures: Sequence[Figure]) -> str:
    rows = [("figure", "median", "min", "max", "unit", "ratio", "goal", "met")]
    for f in figures:
        rows.append(
            (
                f.name,
                f"{f.median:.3g}" if abs(f.median) < 1000 else f"{f.median:.0f}",
                f"{min(f.values):.3g}",
                f"{max(f.values):.3g}",
                f.unit,
                f"{f.ratio:.2f}×" if f.ratio is not None else "",
                f.goal,
                {True: "yes", False: "NO", None: ""}[f.passed],
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    name_width = min(widths[0], 90)
    lines = []
    for row in rows:
        name = row[0] if len(row[0]) <= name_width else row[0][: name_width - 1] + "…"
        cells = [name.ljust(name_width)] + [cell.rjust(w) for cell, w in zip(row[1:6], widths[1:6], strict=True)]
        cells += [row[6].ljust(widths[6]), row[7]]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def judged_value(f: Figure) -> str:
    """The value a figure's goal is judged on, as the goals table shows it."""
    if f.judged == "ratio" and f.ratio is not None:
        return f"{f.ratio:.2f}× (median of rounds)"
    if f.judged == "max":
        return f"{max(f.values):.3g} {f.unit} (max)"
    if f.judged == "worst":
        return f"{max(f.values, key=abs):.3g} {f.unit} (worst run)"
    return f"{f.median:.3g} {f.unit} (median)"


def goals_table(figures: Sequence[Figure]) -> str:
    """Every goal against its figure, by the value the goal is judged on."""
    rows = [("goal", "figure", "measured", "met")]
    for f in figures:
        if not f.goal:
            continue
        measured = judged_value(f)
        rows.append((f.goal, f.name, measured, {True: "yes", False: "NO", None: ""}[f.passed]))
    widths = [min(max(len(row[i]) for row in rows), 90) for i in range(4)]
    return "\n".join(
        "  ".join([row[0].ljust(widths[0]), row[1][: widths[1]].ljust(widths[1]), row[2].rjust(widths[2]), row[3]])
        for row in rows
    )


def measure_tenyears(runs: int, log: Callable[[str], None]) -> list[Figure]:
    """`tenyears.py`'s commands and steps on ten years of history against one session (rounds: 2 × runs, at least 5)."""
    import tenyears

    figures = []
    for result in tenyears.measure(max(5, 2 * runs), log):
        ten = [t * 1000 for t in result.times["ten years"]]
        if result.kind == "ratio":
            one = statistics.median(result.times["one session"]) * 1000
            figures.append(
                Figure(
                    f"ten years of history: {result.label}",
                    "ms",
                    ten,
                    goal=f"≤ {result.goal}× one session",
                    passed=result.met,
                    baseline=f"one session, {one:.3g} ms",
                    ratio=result.value,
                    judged="ratio",
                )
            )
        elif result.kind == "seconds":
            goal = f"≤ {result.goal * 1000:.0f} ms"
            figures.append(Figure(f"ten years of history: {result.label}", "ms", ten, goal=goal, passed=result.met))
        else:
            values = result.times["ten years"]
            goal = f"< {result.goal} MB"
            figures.append(Figure(f"ten years of history: {result.label}", "MB", values, goal=goal, passed=result.met))
    return figures


MEASURES: dict[str, Callable[[int, Callable[[str], None]], list[Figure]]] = {
    "startup": measure_startup,
    "memory": measure_memory,
    "cpu": measure_cpu,
    "drift": measure_drift,
    "tenyears": measure_tenyears,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--runs", type=int, default=3, help="runs per figure (start-up: 10× as many rounds, at least 40) [3]"
    )
    parser.add_argument("--only", nargs="+", choices=sorted(MEASURES), help="measure only these")
    parser.add_argument("--output", type=Path, default=RESULTS, help=f"JSON file to write [{RESULTS}]")
    options = parser.parse_args(argv)
    if options.runs < 1:
        parser.error("--runs must be at least 1")

    def log(text: str) -> None:
        print(f"… {text}", file=sys.stderr, flush=True)

    log(f"program: {' '.join(program())}")
    subprocess.run([*program(), "--help"], capture_output=True, check=True, env=child_env())  # warm-up
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="backrehab-benchmark-") as data_home:
        os.environ["XDG_DATA_HOME"] = data_home  # every child's history: never the person's own
        os.environ["XDG_CACHE_HOME"] = str(Path(data_home) / "cache")  # nor their cached catalogue and holds
        for name in ("BACKREHAB_HOME", "BACKREHAB_CATALOGUE", "BACKREHAB_NO_CACHE"):
            os.environ.pop(name, None)
        for name in options.only or list(MEASURES):
            figures += MEASURES[name](options.runs * 10 if name == "startup" else options.runs, log)
    print(table(figures))
    print()
    print(goals_table(figures))
    data = {
        "command": "python benchmarks/run.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "program": " ".join(program()),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "terminal_display": " ".join(display_args()) or "default",
        "history_sessions_at_startup": HISTORY_SESSIONS,
        "figures": [f.to_dict() for f in figures],
    }
    options.output.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    log(f"wrote {options.output}")
    failed = [f.name for f in figures if f.passed is False]
    if failed:
        log("goals not met: " + "; ".join(failed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
