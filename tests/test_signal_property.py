"""Signals at random moments of a real session, in a terminal and through a pipe: nothing printed as done
is missing from the history, nothing says "unexpected" or "Aborted", and the terminal is left as it was
(its `stty -a` settings, the normal screen, the cursor shown), after Ctrl-Z and `fg` too."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pexpect
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from backrehab.history.store import History
from backrehab.session.outcomes import Status

from .terminal import SHORT

pytestmark = pytest.mark.slow  # a real process in real time

#: The signals that end a session.
SIGNALS = (
    signal.SIGTERM,
    signal.SIGHUP,
    signal.SIGINT,
    signal.SIGQUIT,
    signal.SIGUSR1,
    signal.SIGUSR2,
    signal.SIGALRM,
    signal.SIGPIPE,
)
#: Not a signal: Ctrl-Z then `fg` (SIGTSTP, then SIGCONT a moment later), after which the session, paused,
#: is told to go on with the space bar.
STOP = 0
#: What the summary line says for each status, as the history stores it.
SUMMARY_STATUS = {
    "Session complete": Status.COMPLETED,
    "Session interrupted": Status.INTERRUPTED,
    "Session over, nothing done": Status.NOTHING_DONE,
    "Session ended early": Status.ENDED_EARLY,
}
ANSI = re.compile(rb"\x1b(\[[0-9;?]*[A-Za-z]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-B]|[=>78])")
HOLDS = re.compile(r"(\d+) holds? completed")
#: Five 5-s holds at --speed 100: a quarter of a second, so a delay up to 0.35 s lands anywhere in it or its end.
SESSION = [*SHORT, "--speed", "100"]


@dataclass(frozen=True)
class Plan:
    """One run: a terminal or a pipe, when after the first hold starts, which signals and how far apart."""

    terminal: bool
    delay: float
    signals: tuple[int, ...]
    gap: float


plans = st.builds(
    Plan,
    terminal=st.booleans(),
    delay=st.floats(0.0, 0.35),
    signals=st.lists(st.sampled_from((*SIGNALS, STOP)), min_size=1, max_size=2).map(tuple),
    gap=st.floats(0.0, 0.02),
)


def environment(data: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
    return {**env, "BACKREHAB_HOME": str(data), "PYTHONUNBUFFERED": "1", **extra}


def send(pid: int, plan: Plan, go_on: Callable[[], None] = lambda: None) -> None:
    """The plan's signals, in order; for a STOP, SIGTSTP, SIGCONT, then `go_on` (the space bar in a terminal)."""
    time.sleep(plan.delay)
    for n, signum in enumerate(plan.signals):
        if n:
            time.sleep(plan.gap)
        try:
            if signum == STOP:
                os.kill(pid, signal.SIGTSTP)
                time.sleep(0.05)
                os.kill(pid, signal.SIGCONT)
                time.sleep(0.05)
                go_on()
            else:
                os.kill(pid, signum)
        except (ProcessLookupError, OSError):  # the session had already ended
            return


#: The sequences that enter and leave the alternate screen, and hide and show the cursor.
ALT_SCREEN = (b"\x1b[?1049h", b"\x1b[?1049l")
CURSOR = (b"\x1b[?25l", b"\x1b[?25h")


def python_child(shell: int) -> int:
    """The pid of the backrehab process the shell `shell` started (Linux's /proc lists a task's children)."""
    for _ in range(200):
        children = Path(f"/proc/{shell}/task/{shell}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.01)
    raise AssertionError("the shell started no session")


def in_a_terminal(plan: Plan, data: Path) -> tuple[int, str]:
    """A session in a pty, between two `stty -a`: the settings after must be those before."""
    command = " ".join([sys.executable, "-m", "backrehab", *SESSION])
    script = f"stty -a > {data}.before; {command}; status=$?; stty -a > {data}.after; exit $status"
    child = pexpect.spawn(
        "/bin/sh", ["-c", script], dimensions=(24, 80), env=environment(data, TERM="xterm-256color"), timeout=20
    )
    child.expect("HOLD")
    seen: bytes = child.before + child.after
    send(python_child(child.pid), plan, go_on=lambda: child.send(" "))
    child.expect(pexpect.EOF)
    seen += child.before
    child.close()
    status = child.exitstatus if child.exitstatus is not None else -(child.signalstatus or 0)
    before, after = Path(f"{data}.before").read_text(), Path(f"{data}.after").read_text()
    assert after == before, f"{plan}: stty -a before\n{before}\nafter\n{after}"
    for enter, leave in (ALT_SCREEN, CURSOR):
        if enter in seen:
            assert seen.rfind(leave) > seen.rfind(enter), f"{plan}: {leave!r} missing after the last {enter!r}"
    if b"\x1b[22;0t" in seen:  # the window title pushed at the start is popped
        assert seen.rfind(b"\x1b[23;0t") > seen.rfind(b"\x1b[22;0t"), plan
    return status, ANSI.sub(b"", seen).decode("utf-8", "replace")


def through_a_pipe(plan: Plan, data: Path) -> tuple[int, str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "backrehab", *SESSION],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        env=environment(data),
    )
    assert process.stdout is not None
    seen = []
    for line in process.stdout:
        seen.append(line)
        if "hold 5 s" in line:
            break
    send(process.pid, plan)
    rest, _ = process.communicate(timeout=20)
    return process.returncode, "".join(seen) + rest


def check(plan: Plan, data: Path, status: int, output: str) -> None:
    """What was printed agrees with what was recorded."""
    where = f"{plan}: exit {status}\n{output}"
    # 128 + N when a signal ended the session or came while it ended; a signal that comes once the session has
    # ended, been recorded and restored the terminal meets the default handler and ends the process itself (-N).
    ending = [s for s in plan.signals if s != STOP]
    assert status in {0, *(128 + s for s in ending), *(-s for s in ending)}, where
    for word in ("unexpected", "Aborted", "Traceback", "Error", "Warning"):
        assert word not in output, where
    history = History.read(data / "history.sqlite3")
    assert history is not None, where
    with history:
        (record,) = history.sessions()
    recorded = sum(r.holds_done for r in record.results)
    summary = next((line for line in output.splitlines() if line.startswith(tuple(SUMMARY_STATUS))), None)
    assert summary is not None, where
    assert record.status is next(v for k, v in SUMMARY_STATUS.items() if summary.startswith(k)), where
    found = HOLDS.search(summary)
    assert found is not None, where
    assert int(found[1]) == recorded, where
    assert output.count(": done\n") <= recorded, where
    if record.status is Status.INTERRUPTED:
        assert status != 0, where


@settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    database=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: each example is real processes, seconds long
)
@given(st.lists(plans, min_size=4, max_size=4))
def test_signals_at_random_moments_lose_no_hold(tmp_path_factory: pytest.TempPathFactory, batch: list[Plan]) -> None:
    """Every signal that ends a session, Ctrl-Z and `fg`, and pairs of them, anywhere in a short session:
    every hold the output calls done is in the history, the summary's count is the history's, nothing says
    "unexpected" or "Aborted", and in a terminal its settings, screen and cursor are as they were."""
    root = tmp_path_factory.mktemp("signals")
    results: dict[int, tuple[int, str] | BaseException] = {}

    def run(n: int, plan: Plan) -> None:
        try:
            runner = in_a_terminal if plan.terminal else through_a_pipe
            results[n] = runner(plan, root / str(n))
        except BaseException as error:  # reported below, in the test's own thread
            results[n] = error

    threads = [threading.Thread(target=run, args=(n, plan)) for n, plan in enumerate(batch)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for n, plan in enumerate(batch):
        outcome = results[n]
        if isinstance(outcome, BaseException):
            raise outcome
        check(plan, root / str(n), *outcome)
