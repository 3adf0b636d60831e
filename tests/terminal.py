"""Running backrehab in a real pseudo-terminal (pexpect), for the terminal and signal tests."""

from __future__ import annotations

import os
import re
import sys

import pexpect

#: A short session: pelvic tilt's five 5-s holds, no lead-in or rests; a quarter of a second at --speed 100.
SHORT = ["session", "--yes", "--no-voice", "--no-sound", "--only", "pelvic-tilt", "--lead-in", "0", "--rest", "0"]
SGR = re.compile(rb"\x1b\[([0-9;]*)m")


def spawn(args: list[str], *, rows: int = 24, columns: int = 80, **env: str) -> pexpect.spawn:
    """backrehab in a new pty of the given size, with a colour terminal unless `env` says otherwise."""
    environment = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
    environment.update({"TERM": "xterm-256color", **env})
    return pexpect.spawn(
        sys.executable,
        ["-m", "backrehab", *args],
        dimensions=(rows, columns),
        env=environment,
        timeout=15,
    )


def finish(child: pexpect.spawn) -> bytes:
    """Everything the child still prints until it exits; then reap it."""
    child.expect(pexpect.EOF)
    rest: bytes = child.before
    child.close()
    return rest


def colours(output: bytes) -> list[bytes]:
    """The SGR sequences in `output` that set a foreground or background colour."""
    found = []
    for match in SGR.finditer(output):
        params = [int(p) for p in match[1].split(b";") if p]
        if any(30 <= p <= 48 or 90 <= p <= 107 for p in params):
            found.append(match[0])
    return found
