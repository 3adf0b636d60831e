"""Daily reminders: what a reminder is, the changes that install or remove one, and how they are carried out.

A reminder is left to the platform's own scheduler (see `schedulers`), so it
fires whether or not backrehab is running, and all it does is show a desktop
notification. Every change is first computed as a list of `Action`s (files to
write or remove, commands to run), which `--dry-run` prints and `apply` carries
out; the command runner is passed in, so tests can record what would be run.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from typing import Protocol

#: The notification's text; `--routine NAME` is appended when the reminder is for a routine.
MESSAGE = "Time for your back exercises — backrehab session"
TITLE = "backrehab"
#: Marks backrehab's own entries (a crontab line's trailing comment, a comment in a unit or script file).
MARKER = "backrehab-reminder"
_MARKER_RE = re.compile(r"# backrehab-reminder (?P<h>\d\d):(?P<m>\d\d)(?: routine=(?P<routine>\S+))?[ \t]*\Z")
#: Routine names that can go into a crontab, a unit file, AppleScript and PowerShell without quoting surprises.
ROUTINE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\Z")


class ReminderError(Exception):
    """A scheduler command failed or no scheduler is available; the message says which and why."""


def message(routine: str | None) -> str:
    return MESSAGE + (f" --routine {routine}" if routine else "")


def hhmm(at: time) -> str:
    return f"{at.hour:02d}:{at.minute:02d}"


def slug(at: time) -> str:
    """ "0800": the time as it appears in file, unit and task names."""
    return f"{at.hour:02d}{at.minute:02d}"


def marker(at: time, routine: str | None) -> str:
    return f"# {MARKER} {hhmm(at)}" + (f" routine={routine}" if routine else "")


def parse_marker(line: str) -> tuple[time, str | None] | None:
    """The time and routine of a line ending with backrehab's marker, or None for any other line."""
    found = _MARKER_RE.search(line.rstrip("\r\n"))
    if found is None:
        return None
    hour, minute = int(found["h"]), int(found["m"])
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute), found["routine"]


@dataclass(frozen=True)
class Reminder:
    """An installed reminder, as `remind list` shows it."""

    at: time
    routine: str | None
    #: Which scheduler holds it, e.g. "systemd user timer".
    scheduler: str
    #: The file or entry that holds it.
    where: str


# -- running commands ----------------------------------------------------------


@dataclass(frozen=True)
class Completed:
    returncode: int
    stdout: str = ""
    stderr: str = ""


class CommandRunner(Protocol):
    """Runs one command, with optional standard input, and returns what it printed."""

    def __call__(self, args: Sequence[str], *, input: str | None = None) -> Completed: ...


class SubprocessRunner:
    """The real runner. Bytes pass through unchanged (no newline translation), so a crontab round-trips exactly."""

    def __call__(self, args: Sequence[str], *, input: str | None = None) -> Completed:
        data = input.encode("utf-8", "surrogateescape") if input is not None else None
        try:
            done = subprocess.run(
                list(args),
                input=data,
                capture_output=True,
                check=False,
                stdin=subprocess.DEVNULL if data is None else None,
            )
        except OSError as error:
            return Completed(127, "", f"{args[0]}: {error.strerror or error}")
        return Completed(
            done.returncode,
            done.stdout.decode("utf-8", "surrogateescape"),
            done.stderr.decode("utf-8", "surrogateescape"),
        )


# -- changes -------------------------------------------------------------------


@dataclass(frozen=True)
class WriteFile:
    path: Path
    text: str


@dataclass(frozen=True)
class RemoveFile:
    path: Path


@dataclass(frozen=True)
class Run:
    args: tuple[str, ...]
    input: str | None = None
    #: Removing an entry the scheduler no longer has is not worth failing for: warn and go on.
    may_fail: bool = False


Action = WriteFile | RemoveFile | Run


def describe(actions: Sequence[Action]) -> list[str]:
    """What `--dry-run` prints: every file with its full contents, every command with its input."""
    lines: list[str] = []
    for action in actions:
        if isinstance(action, WriteFile):
            lines.append(f"Would write {action.path}:")
            lines += _indented(action.text)
        elif isinstance(action, RemoveFile):
            lines.append(f"Would remove {action.path}")
        else:
            command = shlex.join(action.args)
            if action.input is None:
                lines.append(f"Would run: {command}")
            else:
                lines.append(f"Would run: {command}, with this input:")
                lines += _indented(action.input)
    return lines


def _indented(text: str) -> list[str]:
    if not text:
        return ["    (empty)"]
    lines = [f"    {line}" for line in text.splitlines()]
    if not text.endswith("\n"):
        lines.append("    (no newline at the end)")
    return lines


def apply(actions: Sequence[Action], run: CommandRunner) -> list[str]:
    """Carry out the actions in order; returns warnings, raises `ReminderError` on the first real failure."""
    warnings: list[str] = []
    for action in actions:
        if isinstance(action, WriteFile):
            action.path.parent.mkdir(parents=True, exist_ok=True)
            with action.path.open("w", encoding="utf-8", newline="") as file:
                file.write(action.text)
        elif isinstance(action, RemoveFile):
            action.path.unlink(missing_ok=True)
        else:
            done = run(action.args, input=action.input)
            if done.returncode != 0:
                problem = f"`{shlex.join(action.args)}` failed (exit {done.returncode})"
                detail = done.stderr.strip().splitlines()
                if detail:
                    problem += f": {detail[-1]}"
                if not action.may_fail:
                    raise ReminderError(problem)
                warnings.append(problem)
    return warnings


# -- schedulers ----------------------------------------------------------------


class Scheduler(Protocol):
    """One platform scheduler: reads what backrehab installed in it and computes the changes to add or remove."""

    label: str

    def installed(self) -> list[Reminder]: ...

    def install(self, at: time, routine: str | None) -> list[Action]:
        """Add a reminder at `at`, replacing one already there at that time."""
        ...

    def remove(self, times: Collection[time]) -> list[Action]: ...


@dataclass(frozen=True)
class System:
    """What the schedulers need to know about the machine, passed in so tests can supply their own."""

    platform: str
    home: Path
    config_home: Path
    data_home: Path
    run: CommandRunner
    which: Callable[[str], str | None]
    uid: int

    @classmethod
    def current(cls) -> System:
        home = Path.home()
        if sys.platform == "win32":
            # Not at the top: only where plain XDG does not say (see userdirs).
            from platformdirs import user_data_path

            data_home = user_data_path("backrehab", appauthor=False)
        else:
            data_home = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share") / "backrehab"
        return cls(
            platform=sys.platform,
            home=home,
            config_home=Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config"),
            data_home=data_home,
            run=SubprocessRunner(),
            which=shutil.which,
            uid=os.getuid() if hasattr(os, "getuid") else 0,
        )


@dataclass(frozen=True)
class Schedulers:
    """The scheduler new reminders go to, and every scheduler that may already hold some."""

    preferred: Scheduler | None
    all: tuple[Scheduler, ...]
    #: Why there is no preferred scheduler, when there is none.
    missing: str = ""


# -- what the commands do ------------------------------------------------------


def installed(schedulers: Schedulers) -> list[Reminder]:
    """Every backrehab reminder in every scheduler, by time."""
    found = [r for scheduler in schedulers.all for r in scheduler.installed()]
    return sorted(found, key=lambda r: (r.at, r.scheduler))


def set_actions(schedulers: Schedulers, *, at: time, routine: str | None) -> list[Action]:
    """Install a reminder at `at` in the preferred scheduler, removing any other one at the same time."""
    if schedulers.preferred is None:
        raise ReminderError(
            f"cannot set a reminder: {schedulers.missing} (`--dry-run` shows the crontab line to add by hand)"
        )
    actions: list[Action] = []
    for scheduler in schedulers.all:
        if scheduler is not schedulers.preferred and any(r.at == at for r in scheduler.installed()):
            actions += scheduler.remove([at])
    return actions + schedulers.preferred.install(at, routine)


def off_actions(schedulers: Schedulers, *, at: time | None) -> tuple[list[Action], list[Reminder]]:
    """Remove the reminder at `at` (every backrehab reminder when None); also returns the reminders removed."""
    actions: list[Action] = []
    removed: list[Reminder] = []
    for scheduler in schedulers.all:
        mine = [r for r in scheduler.installed() if at is None or r.at == at]
        if mine:
            actions += scheduler.remove(sorted({r.at for r in mine}))
            removed += mine
    return actions, sorted(removed, key=lambda r: r.at)


def list_lines(reminders: Sequence[Reminder]) -> list[str]:
    """`remind list`: one aligned row per reminder under a header."""
    if not reminders:
        return ["No backrehab reminders are set."]
    rows = [("time", "routine", "scheduler", "file or entry")]
    rows += [(hhmm(r.at), r.routine or "(all exercises)", r.scheduler, r.where) for r in reminders]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True)) + "  " + row[3]
        for row in rows
    ]


def missing_notifier(system: System) -> str | None:
    """A warning when the command that shows the notification is not installed (Linux only; the others ship theirs)."""
    if system.platform in ("darwin", "win32") or system.which("notify-send"):
        return None
    return (
        "`notify-send` is not installed, so the reminder will have nothing to show it with "
        "(Debian and Ubuntu: the package libnotify-bin; Fedora: libnotify)."
    )
