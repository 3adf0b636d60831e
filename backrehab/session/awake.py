"""Keeping the screen awake while a session runs: nobody touches the keyboard from the floor.

An `Inhibitor` asks the desktop not to blank or lock the screen, and lets go. The real one
is found once (`find_inhibitor`): on Linux `systemd-inhibit --what=idle` holding a child
process open (the idle lock is released when the child ends), on macOS `caffeinate -d`,
on Windows `SetThreadExecutionState`; None where there is none, and then nothing is done
or said. The child reads our pipe (`cat`) or watches our process (`caffeinate -w`), so
even a process killed outright lets the screen sleep again. The session's wiring takes it at
the start and releases it in a `finally`, so every way a session ends, signals included, does.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from typing import Any, Protocol

WHY = "A backrehab session is running: the timer is read from across the room."


class Inhibitor(Protocol):
    def hold(self) -> bool:
        """Keep the screen on from now; False if it could not be done."""
        ...

    def release(self) -> None:
        """Let the screen sleep again; harmless when not held."""
        ...


class ProcessInhibitor:
    """Keeps the screen on for as long as a child process (`systemd-inhibit ... cat`, `caffeinate -d`) lives.

    The child's standard input is a pipe from this process: when it closes, however this process ends, `cat`
    ends and the lock goes with it."""

    def __init__(self, argv: list[str]) -> None:
        self.argv = argv
        self.process: subprocess.Popen[bytes] | None = None

    def hold(self) -> bool:
        try:
            self.process = subprocess.Popen(
                self.argv, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
        except OSError:
            self.process = None
            return False
        return True

    def release(self) -> None:
        process, self.process = self.process, None
        if process is not None and process.stdin is not None:
            process.stdin.close()
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


class WindowsInhibitor:  # pragma: no cover - Windows only
    """SetThreadExecutionState: the display stays on while the flag is set on this thread."""

    CONTINUOUS, DISPLAY_REQUIRED = 0x80000000, 0x00000002

    def hold(self) -> bool:
        return bool(self.kernel32().SetThreadExecutionState(self.CONTINUOUS | self.DISPLAY_REQUIRED))

    def release(self) -> None:
        self.kernel32().SetThreadExecutionState(self.CONTINUOUS)

    @staticmethod
    def kernel32() -> Any:
        import ctypes  # not at the top: its windll is Windows only

        return ctypes.windll.kernel32  # type: ignore[attr-defined]


def systemd_inhibit_argv(path: str) -> list[str]:
    return [path, "--what=idle", "--who=backrehab", f"--why={WHY}", "--mode=block", "cat"]


def find_inhibitor(which: Callable[[str], str | None] = shutil.which, platform: str = sys.platform) -> Inhibitor | None:
    """The way this system has to keep the screen on, or None."""
    if platform.startswith("win"):  # pragma: no cover - Windows only
        return WindowsInhibitor()
    if platform == "darwin":
        path = which("caffeinate")
        return ProcessInhibitor([path, "-d", "-w", str(os.getpid())]) if path else None
    path = which("systemd-inhibit")
    return ProcessInhibitor(systemd_inhibit_argv(path)) if path and which("cat") else None
