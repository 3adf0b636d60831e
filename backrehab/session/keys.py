"""Single key presses during a session, read without Enter and without busy polling.

On POSIX the terminal is put in cbreak mode (no echo, no line editing, Ctrl-C
still interrupts) and `select` waits for a key *or* the next deadline, so an
idle session sleeps in the kernel. The terminal's settings are restored on
every way out. Every answer in a session is one key, a caution's yes or no included.
"""

from __future__ import annotations

import enum
import os
import select
import sys
from contextlib import suppress
from typing import Any, Protocol

from backrehab.session.clock import Clock

if not sys.platform.startswith("win"):  # the terminal's settings: POSIX only
    import termios
    import tty


class Command(enum.Enum):
    PAUSE = "pause"
    NEXT = "next"
    RESTART = "restart"
    QUIT = "quit"
    PAIN = "pain"
    HELP = "help"
    #: `y`: yes to a caution's question; nothing elsewhere.
    YES = "yes"
    #: Any other key: it ends a wait that goes on with any key (the opening, the pain stop).
    OTHER = "other"
    #: Not a key: the session was stopped (Ctrl-Z) and is back (`fg`); it waits, paused.
    SUSPENDED = "suspended"


class Keys(Protocol):
    def wait(self, clock: Clock, deadline: float | None) -> Command | None:
        """Wait until `deadline` (forever for None); return a command typed before it, if any."""
        ...


class KeyText(Protocol):
    def read(self, clock: Clock, deadline: float | None) -> str | None:
        """Wait until `deadline` (forever for None) for a key; the keys read in one go as text, None when none
        came in time (or input ended); "" when the session was stopped (Ctrl-Z) and is back."""
        ...


class NoKeys:
    """No key input (stdin is not a terminal): waiting is just sleeping."""

    def wait(self, clock: Clock, deadline: float | None) -> Command | None:
        if deadline is None:
            raise RuntimeError("NoKeys cannot wait without a deadline")
        clock.sleep_until(deadline)
        return None


#: The keys a session understands (lower and upper case).
KEYMAP = {
    " ": Command.PAUSE,
    "n": Command.NEXT,
    "r": Command.RESTART,
    "q": Command.QUIT,
    "p": Command.PAIN,
    "?": Command.HELP,
    "h": Command.HELP,
    "y": Command.YES,
}


def command_for(text: str) -> Command | None:
    """The command for the keys read in one go; escape sequences (arrows…) mean nothing.

    Any other key is `OTHER`: it goes on from a wait that any key ends, and does nothing mid-hold.
    """
    if not text or text.startswith("\x1b"):
        return None
    return KEYMAP.get(text[0].lower(), Command.OTHER)


#: What `PosixKeys._read` returns, besides keys: back from Ctrl-Z, and the end of input.
_WOKEN = "\x00woken"
_ENDED = "\x00ended"


class PosixKeys:
    """Keys from a terminal file descriptor (stdin), in cbreak mode while open."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.saved: list[Any] | None = None
        #: A pipe the wait watches beside the keys: a byte in it (`wake`) ends the wait with SUSPENDED.
        self.wakeup: tuple[int, int] | None = None
        #: The clock's time the session was stopped at (Ctrl-Z), told with SUSPENDED: it is paused from then.
        self.suspended_since: float | None = None

    def open(self) -> None:
        self.saved = termios.tcgetattr(self.fd)
        tty.setcbreak(self.fd, termios.TCSANOW)
        if self.wakeup is None:
            self.wakeup = os.pipe()
            for end in self.wakeup:
                os.set_blocking(end, False)

    def close(self) -> None:
        if self.saved is not None:
            with suppress(termios.error):  # the terminal may be gone (SIGHUP): nothing left to restore
                termios.tcsetattr(self.fd, termios.TCSAFLUSH, self.saved)
            self.saved = None
        if self.wakeup is not None:
            for end in self.wakeup:
                os.close(end)
            self.wakeup = None

    def suspend(self) -> None:
        """Ctrl-Z: the terminal's own settings back (echo, line editing) while the shell has it."""
        if self.saved is not None:
            with suppress(termios.error):
                termios.tcsetattr(self.fd, termios.TCSADRAIN, self.saved)

    def resume(self) -> None:
        """`fg`: cbreak mode again; the settings put back at the end stay those from before the session."""
        if self.saved is not None:
            with suppress(termios.error):
                tty.setcbreak(self.fd, termios.TCSANOW)

    def wake(self, since: float) -> None:
        """End the wait under way, or the next one, with SUSPENDED, paused from `since` (from a signal handler)."""
        self.suspended_since = since
        if self.wakeup is not None:
            with suppress(OSError):  # the pipe is full: a wake is already waiting
                os.write(self.wakeup[1], b"s")

    def wait(self, clock: Clock, deadline: float | None) -> Command | None:
        while True:
            text = self._read(clock, deadline)
            if text is None:
                return None
            if text is _WOKEN:
                return Command.SUSPENDED
            if text is _ENDED:  # end of input: the terminal went away; keep time without keys
                if deadline is None:
                    return Command.PAUSE
                clock.sleep_until(deadline)
                return None
            command = command_for(text)
            if command is not None:
                return command
            if deadline is not None and clock.now() >= deadline:
                return None

    def read(self, clock: Clock, deadline: float | None) -> str | None:
        text = self._read(clock, deadline)
        if text is _WOKEN:
            return ""
        if text is _ENDED:
            return None
        return text

    def _read(self, clock: Clock, deadline: float | None) -> str | None:
        """The keys read in one go, `_WOKEN` after Ctrl-Z and `fg`, `_ENDED` at the end of input, or None at
        `deadline`."""
        watched = [self.fd] if self.wakeup is None else [self.fd, self.wakeup[0]]
        while True:
            timeout = None if deadline is None else max(0.0, deadline - clock.now())
            try:
                ready, _, _ = select.select(watched, [], [], timeout)
            except InterruptedError:  # pragma: no cover - retried by Python itself (PEP 475)
                continue
            if not ready:
                return None
            if self.wakeup is not None and self.wakeup[0] in ready:
                with suppress(OSError):
                    while os.read(self.wakeup[0], 64):
                        pass
                return _WOKEN
            try:
                data = os.read(self.fd, 32)
            except OSError:
                data = b""
            return data.decode("utf-8", "replace") if data else _ENDED


class WindowsKeys:  # pragma: no cover - Windows only
    """Keys from the Windows console; it has no select(), so this checks every 50 ms."""

    def open(self) -> None:
        pass

    def close(self) -> None:
        pass

    def wait(self, clock: Clock, deadline: float | None) -> Command | None:
        import importlib  # not at the top: msvcrt is Windows only

        msvcrt: Any = importlib.import_module("msvcrt")

        while deadline is None or clock.now() < deadline:
            while msvcrt.kbhit():
                command = command_for(msvcrt.getwch())
                if command is not None:
                    return command
            step = 0.05 if deadline is None else min(0.05, max(0.0, deadline - clock.now()))
            clock.sleep_until(clock.now() + step)
        return None

    def read(self, clock: Clock, deadline: float | None) -> str | None:
        import importlib  # not at the top: msvcrt is Windows only

        msvcrt: Any = importlib.import_module("msvcrt")

        while deadline is None or clock.now() < deadline:
            if msvcrt.kbhit():
                return str(msvcrt.getwch())
            step = 0.05 if deadline is None else min(0.05, max(0.0, deadline - clock.now()))
            clock.sleep_until(clock.now() + step)
        return None


TerminalKeys = PosixKeys | WindowsKeys


def terminal_keys() -> TerminalKeys:
    if sys.platform.startswith("win"):  # pragma: no cover
        return WindowsKeys()
    return PosixKeys(sys.stdin.fileno())
