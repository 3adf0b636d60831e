"""Signals during a session: they end it, but never cut a history write or the session's ending short.

SIGINT (Ctrl-C), SIGTERM and SIGHUP end a session alike. While the runner walks
the plan, the first of them raises `Interrupted` wherever the walk is — except
while the history writes: then it is held, and raised once every listener has
heard the event, so no transaction is cut in two and every hold written stays
written. From the moment the walk ends (the plan done, `q`, or that first
signal) every further signal is only noted: the final write, the summary and
the terminal's restoring always finish, and the exit status then tells of it.
In the console command a session is the process's last act: when the guard is
left, further signals are ignored for the few steps left to exit, so none can
turn a clean exit into "Aborted!" or a traceback. Only the question after the session ("Pain right now?") listens to
them again, for as long as it waits for an answer.

Light to import (the events and `signal` are imported when a guard is made): the
console entry point marks the process here before anything else is loaded, and
`--help` or `list` pay for nothing more.

Python runs signal handlers in the main thread between bytecodes, so the
handler and the code it interrupts never run at the same time; the flags
below need no lock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from types import FrameType

    from backrehab.session.events import Event, Listener

#: The signals that end a session; the exit status is 128 + the signal's number.
SIGNAL_NAMES = ("SIGINT", "SIGTERM", "SIGHUP")


def session_signals() -> tuple[int, ...]:
    """The numbers of `SIGNAL_NAMES` this system has."""
    import signal

    return tuple(getattr(signal, name) for name in SIGNAL_NAMES if hasattr(signal, name))


class _Process:
    #: True when the process ends with the command (the console entry point), not for a call within a test.
    ends_with_command = False


PROCESS = _Process()


def process_ends_with_command() -> None:
    """Called by the console entry point: after a session, nothing but exiting is left to do."""
    PROCESS.ends_with_command = True


class SignalGuard:
    """Turns the session's signals into one `Interrupted`, raised only where nothing can be lost."""

    def __init__(self, signals: Sequence[int] | None = None) -> None:
        from backrehab.session.events import Interrupted

        self.interrupted = Interrupted
        self.signals = session_signals() if signals is None else tuple(signals)
        self.previous: dict[int, Any] = {}
        #: True while the runner walks the plan: a signal may end the walk.
        self.walking = True
        #: Depth of `held()` sections: a signal that arrives inside one waits for its end.
        self.holding = 0
        #: A signal that arrived while it could not act, not yet acted on.
        self.pending: int | None = None

    def handler(self, signum: int, frame: FrameType | None) -> None:
        if self.walking and not self.holding:
            self.walking = False
            raise self.interrupted(signum)
        if self.pending is None:
            self.pending = signum

    @contextmanager
    def installed(self) -> Iterator[SignalGuard]:
        """Handle the signals while inside; a signal ignored on entry (`nohup`, a background job) stays ignored."""
        import signal

        self.previous = {}
        try:
            for sig in self.signals:
                if signal.getsignal(sig) is not signal.SIG_IGN:
                    self.previous[sig] = signal.signal(sig, self.handler)
            yield self
        finally:
            self.walking = False
            for sig, old in self.previous.items():
                signal.signal(sig, signal.SIG_IGN if PROCESS.ends_with_command else old)

    def listening(self, ask: Callable[[str], str]) -> Callable[[str], str]:
        """`ask`, with the signals acting as they did before the session while it waits for an answer:
        Ctrl-C skips the question after the session, SIGTERM and SIGHUP end the process."""
        import signal

        def asking(question: str) -> str:
            for sig, old in self.previous.items():
                signal.signal(sig, old)
            try:
                return ask(question)
            finally:
                for sig in self.previous:
                    signal.signal(sig, self.handler)

        return asking

    @contextmanager
    def held(self) -> Iterator[None]:
        """Inside, a signal is noted, not raised: around a history write."""
        self.holding += 1
        try:
            yield
        finally:
            self.holding -= 1

    def act(self) -> None:
        """Raise the signal held back during the walk, if one was."""
        if self.walking and not self.holding and self.pending is not None:
            signum, self.pending = self.pending, None
            self.walking = False
            raise self.interrupted(signum)

    def end_walk(self) -> None:
        """The walk is over: from now on signals are noted until the guard is left."""
        self.walking = False


class GuardedListeners:
    """The session's listeners, the history first: it hears each event with signals held, and a signal
    held meanwhile ends the walk only once every listener has heard the event."""

    def __init__(self, guard: SignalGuard, history: Listener | None, others: Sequence[Listener]) -> None:
        self.guard = guard
        self.history = history
        self.others = tuple(others)

    def handle(self, event: Event) -> None:
        if self.history is not None:
            with self.guard.held():
                self.history.handle(event)
        for listener in self.others:
            listener.handle(event)
        self.guard.act()
