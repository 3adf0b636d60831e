"""Wires a real session together: terminal or pipe, confirmations, signals, then the runner.

Kept apart from `cli.py` so the CLI stays a parser and from `runner.py` so the
runner never touches a real terminal.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from .catalogue import Catalogue, Caution, Exercise
from .plan import Plan
from .runner import Answer, Interrupted, MonotonicClock, Status, run_session

if TYPE_CHECKING:  # pragma: no cover
    from .display import CompactDisplay, PlainDisplay
    from .recording import SessionRecorder
    from .runner import Listener

#: Exit status for a session stopped by a signal: the shell's 128 + signal number.
SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def exit_status(status: Status, signum: int | None) -> int:
    if status is Status.INTERRUPTED:
        return 128 + (signum or signal.SIGINT)
    return 0


@contextmanager
def signals_raise() -> Iterator[list[int]]:
    """Turn SIGTERM and SIGHUP into `Interrupted`, so they end a session like Ctrl-C does."""
    received: list[int] = []

    def handler(signum: int, frame: Any) -> None:
        received.append(signum)
        raise Interrupted(signum)

    previous = {sig: signal.signal(sig, handler) for sig in SIGNALS}
    try:
        yield received
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def start_session(
    *, catalogue: Catalogue, plan: Plan, speed: float, yes: bool, recorder: SessionRecorder | None = None
) -> int:
    """Run `plan` on the real clock with the display that suits stdout; return the exit status.

    `recorder`, when given, asks the pain check-ins and writes the session to the history.
    """
    if recorder is not None and not recorder.before():
        return exit_status(Status.INTERRUPTED, None)
    interactive_out = sys.stdout.isatty()
    interactive_in = stdin_is_terminal()
    display: PlainDisplay | CompactDisplay
    if interactive_out:
        from rich.console import Console

        from .display import CompactDisplay

        display = CompactDisplay(catalogue, Console(highlight=False))
    else:
        from .display import PlainDisplay

        display = PlainDisplay(catalogue)

    def confirm(exercise: Exercise, caution: Caution) -> Answer:
        if yes:
            return Answer.YES_BY_OPTION
        if not interactive_in:
            return Answer.NOT_ASKED
        return display.confirm(exercise, caution)

    listeners: list[Listener] = [display]
    if recorder is not None:
        listeners.append(recorder)
    with signals_raise() as received:
        try:
            summary = run_session(
                plan=plan,
                clock=MonotonicClock(),
                listeners=listeners,
                confirm=confirm,
                speed=speed,
            )
        finally:
            display.close()
    if recorder is not None:
        recorder.after(summary)
    return exit_status(summary.status, received[-1] if received else None)
