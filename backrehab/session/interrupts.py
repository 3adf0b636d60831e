"""Signals during a session: they end it, but never cut a history write or the session's ending short.

SIGINT (Ctrl-C), SIGTERM, SIGHUP, SIGQUIT (Ctrl-\\), SIGUSR1, SIGUSR2, SIGALRM and
SIGPIPE end a session alike: left to their default action, most of them would kill
the process with the terminal still in the alternate screen, the cursor hidden and
keys unechoed, and the session unrecorded. While the runner walks
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

import os
import select
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:  # pragma: no cover
    from types import FrameType

    from backrehab.session.events import Event, Listener

#: The signals that end a session; the exit status is 128 + the signal's number.
SIGNAL_NAMES = ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGALRM", "SIGPIPE")
#: Ignored by Python itself at start (so a write to a closed pipe raises instead), not by whoever started
#: us: handled even though it is found ignored.
IGNORED_BY_PYTHON = ("SIGPIPE",)


def session_signals() -> tuple[int, ...]:
    """The numbers of `SIGNAL_NAMES` this system has."""
    # Not at the top: signal's enums: built only when a session handles signals.
    import signal

    return tuple(getattr(signal, name) for name in SIGNAL_NAMES if hasattr(signal, name))


_SIGPIPE = 13  # its number on every POSIX system; compared without importing `signal` here


def quiet_broken_stdout() -> None:
    """After SIGPIPE: if standard output's reader has gone (`| head`), point it at /dev/null.

    The session then ends and prints its summary into nothing, as a shell's SIGPIPE would have it,
    instead of failing on that write and again on Python's flush at exit.
    """
    try:
        fd = sys.stdout.fileno()
        poller = select.poll()
        poller.register(fd, select.POLLOUT)
        if any(events & (select.POLLERR | select.POLLHUP) for _, events in poller.poll(0)):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, fd)
            os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no real stdout (a test's), or no poll (Windows)
        pass


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
        # Not at the top: the session's events: only once a session runs.
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
        #: True while the end screen waits for a key: a signal ends the wait at once (see `closing_on_signal`).
        self.closing = False

    def handler(self, signum: int, frame: FrameType | None) -> None:
        if signum == _SIGPIPE:
            quiet_broken_stdout()
        if self.walking and not self.holding:
            self.walking = False
            raise self.interrupted(signum)
        if self.closing:  # the end screen waits: it closes now, and the terminal is put back as usual
            self.closing = False
            if self.pending is None:
                self.pending = signum
            raise self.interrupted(signum)
        if self.pending is None:
            self.pending = signum

    @contextmanager
    def installed(self) -> Iterator[SignalGuard]:
        """Handle the signals while inside; a signal ignored on entry (`nohup`, a background job) stays ignored."""
        # Not at the top: signal's enums: built only when a session handles signals.
        import signal

        self.previous = {}
        ours = {getattr(signal, name) for name in IGNORED_BY_PYTHON if hasattr(signal, name)}
        try:
            for sig in self.signals:
                if signal.getsignal(sig) is not signal.SIG_IGN or sig in ours:
                    self.previous[sig] = signal.signal(sig, self.handler)
            yield self
        finally:
            self.walking = False
            for sig, old in self.previous.items():
                signal.signal(sig, signal.SIG_IGN if PROCESS.ends_with_command else old)

    def listening(self, ask: Callable[[str], str]) -> Callable[[str], str]:
        """`ask`, with the signals acting as they did before the session while it waits for an answer:
        Ctrl-C skips the question after the session, SIGTERM and SIGHUP end the process."""
        # Not at the top: signal's enums: built only when a session handles signals.
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
    def closing_on_signal(self) -> Iterator[None]:
        """Inside (the end screen, waiting for a key or the pain question), a signal raises `Interrupted` to end
        the wait, and gives the exit status (130 for Ctrl-C), as it does when it comes while the session ends;
        the session stays recorded as it ended. A signal already noted ends it before it begins."""
        if self.pending is not None:
            raise self.interrupted(self.pending)
        self.closing = True
        try:
            yield
        finally:
            self.closing = False

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


@runtime_checkable
class Suspendable(Protocol):
    """What gives the terminal back while the process is stopped (Ctrl-Z) and takes it again after."""

    def suspend(self) -> None:
        """Put the terminal as it was before the session: normal screen, cursor, key echo."""
        ...

    def resume(self) -> None:
        """Take the terminal again after `fg` and draw the whole screen afresh."""
        ...


class Suspension:
    """Ctrl-Z (SIGTSTP) and `fg` (SIGCONT) in a session, as `less` and `vim` take them.

    SIGTSTP gives the terminal back (every part's `suspend`) and then stops the process for real
    with the default action; SIGCONT, whether after that or after a SIGSTOP, takes the terminal
    again (`resume`), redrawn, and `paused` is called so the session waits, paused, for the person
    back at it. A SIGTSTP ignored on entry (a shell without job control) stays ignored.
    """

    def __init__(self, parts: Sequence[Suspendable], paused: Callable[[float], None], now: Callable[[], float]) -> None:
        self.parts = tuple(parts)
        #: Told, after SIGCONT, the clock's time the session stopped at: it pauses from then.
        self.paused = paused
        self.now = now
        self.previous: dict[int, Any] = {}
        #: The clock's time of the SIGTSTP not yet followed by SIGCONT: the terminal is the shell's.
        self.stopped_at: float | None = None

    def stop(self, signum: int, frame: FrameType | None) -> None:
        # Not at the top: signal's enums: built only when a session handles signals.
        import signal

        self.give_back()
        signal.signal(signal.SIGTSTP, signal.SIG_DFL)
        try:
            os.kill(os.getpid(), signal.SIGTSTP)  # stopped here until SIGCONT
        finally:
            signal.signal(signal.SIGTSTP, self.stop)
        # Back, and SIGCONT's handler may not have run yet; or the stop was discarded, as it is for a
        # process group no shell watches over (POSIX's orphaned group): take the terminal again now.
        if self.stopped_at is not None:
            self.carry_on(signal.SIGCONT, frame)

    def give_back(self) -> None:
        if self.stopped_at is None:
            self.stopped_at = self.now()
            for part in reversed(self.parts):
                part.suspend()

    def carry_on(self, signum: int, frame: FrameType | None) -> None:
        """SIGCONT: the terminal taken again (each part's `resume` can be called twice) and the session paused."""
        since = self.now() if self.stopped_at is None else self.stopped_at
        self.stopped_at = None
        for part in self.parts:
            part.resume()
        self.paused(since)

    @contextmanager
    def installed(self) -> Iterator[Suspension]:
        # Not at the top: signal's enums: built only when a session handles signals.
        import signal

        if not hasattr(signal, "SIGTSTP"):  # pragma: no cover - Windows
            yield self
            return
        self.previous = {}
        try:
            if signal.getsignal(signal.SIGTSTP) is not signal.SIG_IGN:
                self.previous[signal.SIGTSTP] = signal.signal(signal.SIGTSTP, self.stop)
                self.previous[signal.SIGCONT] = signal.signal(signal.SIGCONT, self.carry_on)
            yield self
        finally:
            for sig, old in self.previous.items():
                signal.signal(sig, old)
