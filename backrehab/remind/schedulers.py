"""The platform schedulers a reminder can live in: systemd user timers, cron, launchd and Task Scheduler.

Each one knows where backrehab's entries are, how to recognise them (a marker
comment, or a name of its own) and which files and commands add or remove one.
None of them touches anything that is not backrehab's.
"""

from __future__ import annotations

import plistlib
import re
import shlex
from collections.abc import Collection
from datetime import time
from pathlib import Path

from backrehab.plainfiles import READ_ERRORS, read_regular
from backrehab.remind.model import (
    TITLE,
    Action,
    Reminder,
    ReminderError,
    RemoveFile,
    Run,
    Scheduler,
    Schedulers,
    System,
    WriteFile,
    hhmm,
    marker,
    message,
    parse_marker,
    slug,
)

PREFIX = "backrehab-reminder-"


class SystemdUser:
    """A `.timer` and `.service` pair per time in ~/.config/systemd/user, enabled with `systemctl --user`."""

    label = "systemd user timer"

    def __init__(self, system: System, *, running: bool) -> None:
        self.folder = system.config_home / "systemd" / "user"
        #: When no user manager answers, removing reminders only deletes their files.
        self.running = running

    def installed(self) -> list[Reminder]:
        found = []
        for timer in sorted(self.folder.glob(f"{PREFIX}*.timer")):
            parsed = _marker_in(timer, "utf-8")
            if parsed:
                found.append(Reminder(parsed[0], parsed[1], self.label, str(timer)))
        return found

    def install(self, at: time, routine: str | None) -> list[Action]:
        unit = PREFIX + slug(at)
        header = (
            f"{marker(at, routine)}\n"
            f"# Written by `backrehab remind set`; `backrehab remind off {hhmm(at)}` removes it.\n"
        )
        service = (
            f"{header}[Unit]\nDescription=backrehab reminder at {hhmm(at)}\n\n"
            "[Service]\nType=oneshot\n"
            f"ExecStart=/usr/bin/env notify-send --app-name={TITLE} {TITLE} {_systemd_quote(message(routine))}\n"
        )
        timer = (
            f"{header}[Unit]\nDescription=backrehab reminder every day at {hhmm(at)}\n\n"
            f"[Timer]\nOnCalendar=*-*-* {hhmm(at)}:00\nUnit={unit}.service\n\n"
            "[Install]\nWantedBy=timers.target\n"
        )
        return [
            WriteFile(self.folder / f"{unit}.service", service),
            WriteFile(self.folder / f"{unit}.timer", timer),
            Run(("systemctl", "--user", "daemon-reload")),
            Run(("systemctl", "--user", "enable", "--now", f"{unit}.timer")),
        ]

    def remove(self, times: Collection[time]) -> list[Action]:
        actions: list[Action] = []
        for at in sorted(times):
            unit = PREFIX + slug(at)
            if self.running:
                actions.append(Run(("systemctl", "--user", "disable", "--now", f"{unit}.timer"), may_fail=True))
            actions += [RemoveFile(self.folder / f"{unit}.timer"), RemoveFile(self.folder / f"{unit}.service")]
        if actions and self.running:
            actions.append(Run(("systemctl", "--user", "daemon-reload")))
        return actions


def _systemd_quote(text: str) -> str:
    """One ExecStart= argument: double-quoted, with systemd's specifier (%) and variable ($) signs doubled."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%").replace("$", "$$")
    return f'"{escaped}"'


def _marker_in(path: Path, encoding: str) -> tuple[time, str | None] | None:
    """The marker of a file of ours; None for anything else named like one — a folder, a FIFO (which would
    wait for a writer forever), /dev/zero (which never ends), a file too big or that cannot be read."""
    try:
        data = read_regular(path, limit=64 * 1024)
    except READ_ERRORS:
        return None
    return _first_marker(data.decode(encoding, errors="replace"))


def _first_marker(text: str) -> tuple[time, str | None] | None:
    return next((p for p in map(parse_marker, text.splitlines()) if p), None)


class Cron:
    """One line per time in the user's crontab, ending with backrehab's marker; every other line is left alone."""

    label = "crontab"

    def __init__(self, system: System) -> None:
        self.run = system.run
        self.uid = system.uid

    def read(self) -> str:
        """The crontab exactly as `crontab -l` prints it; "" when the user has none."""
        done = self.run(["crontab", "-l"])
        if done.returncode == 0:
            return done.stdout
        if "no crontab" in done.stderr.lower():
            return ""
        raise ReminderError(f"`crontab -l` failed (exit {done.returncode}): {done.stderr.strip()}")

    def installed(self) -> list[Reminder]:
        found = []
        for line in self.read().splitlines():
            parsed = parse_marker(line)
            if parsed:
                found.append(Reminder(parsed[0], parsed[1], self.label, line.strip()))
        return found

    def line(self, at: time, routine: str | None) -> str:
        # cron runs jobs without the desktop session's environment: point notify-send at the user's session bus.
        bus = f"DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/{self.uid}/bus"
        command = f"env {bus} notify-send --app-name={TITLE} {TITLE} {shlex.quote(message(routine))}"
        return f"{at.minute} {at.hour} * * * {command.replace('%', chr(92) + '%')} {marker(at, routine)}"

    def install(self, at: time, routine: str | None) -> list[Action]:
        kept = _without(self.read(), {at})
        if kept and not kept.endswith("\n"):
            kept += "\n"  # cron ignores (and Debian's crontab refuses) a last line with no newline
        return [Run(("crontab", "-"), input=kept + self.line(at, routine) + "\n")]

    def remove(self, times: Collection[time]) -> list[Action]:
        current = self.read()
        kept = _without(current, set(times))
        return [Run(("crontab", "-"), input=kept)] if kept != current else []


def _without(crontab: str, times: Collection[time]) -> str:
    """The crontab minus backrehab's lines at these times; every other byte as it was."""
    out = []
    for line in crontab.splitlines(keepends=True):
        parsed = parse_marker(line)
        if parsed is None or parsed[0] not in times:
            out.append(line)
    return "".join(out)


class Launchd:
    """A LaunchAgent property list per time in ~/Library/LaunchAgents, loaded with `launchctl`."""

    label = "launchd agent"

    def __init__(self, system: System) -> None:
        self.folder = system.home / "Library" / "LaunchAgents"

    def path(self, at: time) -> Path:
        return self.folder / f"backrehab.reminder.{slug(at)}.plist"

    def installed(self) -> list[Reminder]:
        found = []
        for path in sorted(self.folder.glob("backrehab.reminder.*.plist")):
            try:
                data = plistlib.loads(read_regular(path, limit=64 * 1024))
                when = data["StartCalendarInterval"]
                at = time(int(when["Hour"]), int(when["Minute"]))
                script = str(data["ProgramArguments"][-1])
            except (*READ_ERRORS, plistlib.InvalidFileException, KeyError, IndexError, TypeError, ValueError):
                continue
            routine = re.search(r"--routine (\S+?)\"", script)
            found.append(Reminder(at, routine[1] if routine else None, self.label, str(path)))
        return found

    def install(self, at: time, routine: str | None) -> list[Action]:
        script = f"display notification {_applescript_quote(message(routine))} with title {_applescript_quote(TITLE)}"
        agent = {
            "Label": f"backrehab.reminder.{slug(at)}",
            "ProgramArguments": ["/usr/bin/osascript", "-e", script],
            "StartCalendarInterval": {"Hour": at.hour, "Minute": at.minute},
        }
        path = self.path(at)
        actions: list[Action] = []
        if path.exists():
            actions.append(Run(("launchctl", "unload", str(path)), may_fail=True))
        return [
            *actions,
            WriteFile(path, plistlib.dumps(agent).decode("utf-8")),
            Run(("launchctl", "load", "-w", str(path))),
        ]

    def remove(self, times: Collection[time]) -> list[Action]:
        actions: list[Action] = []
        for at in sorted(times):
            path = self.path(at)
            actions += [Run(("launchctl", "unload", str(path)), may_fail=True), RemoveFile(path)]
        return actions


def _applescript_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


#: The app id Windows shows PowerShell's own notifications under (a toast needs a registered one).
POWERSHELL_APP_ID = r"{1AC14E77-02E7-4E5D-B744-2EB1AE5198B7}\WindowsPowerShell\v1.0\powershell.exe"


class TaskScheduler:
    """A daily task per time under the `backrehab` folder of Task Scheduler, running a small PowerShell script."""

    label = "Task Scheduler"

    def __init__(self, system: System) -> None:
        self.folder = system.data_home / "reminders"

    def script(self, at: time) -> Path:
        return self.folder / f"reminder-{slug(at)}.ps1"

    @staticmethod
    def task(at: time) -> str:
        return f"backrehab\\reminder-{slug(at)}"

    def installed(self) -> list[Reminder]:
        found = []
        for path in sorted(self.folder.glob("reminder-*.ps1")):
            parsed = _marker_in(path, "utf-8-sig")
            if parsed:
                found.append(Reminder(parsed[0], parsed[1], self.label, f"{self.task(parsed[0])} ({path})"))
        return found

    def install(self, at: time, routine: str | None) -> list[Action]:
        script = self.script(at)
        text = (
            "\ufeff"  # a byte-order mark, so Windows PowerShell reads the script as UTF-8
            f"{marker(at, routine)}\n"
            f"# Shows backrehab's daily reminder; run by the scheduled task {self.task(at)}.\n"
            "[Windows.UI.Notifications.ToastNotificationManager, Windows.UI.Notifications, "
            "ContentType = WindowsRuntime] | Out-Null\n"
            "$template = [Windows.UI.Notifications.ToastTemplateType]::ToastText02\n"
            "$xml = [Windows.UI.Notifications.ToastNotificationManager]::GetTemplateContent($template)\n"
            "$lines = $xml.GetElementsByTagName('text')\n"
            f"$lines.Item(0).AppendChild($xml.CreateTextNode({_powershell_quote(TITLE)})) | Out-Null\n"
            f"$lines.Item(1).AppendChild($xml.CreateTextNode({_powershell_quote(message(routine))})) | Out-Null\n"
            "$toast = [Windows.UI.Notifications.ToastNotification]::new($xml)\n"
            "[Windows.UI.Notifications.ToastNotificationManager]::CreateToastNotifier("
            f"{_powershell_quote(POWERSHELL_APP_ID)}).Show($toast)\n"
        )
        command = (
            f'powershell.exe -NoProfile -NonInteractive -WindowStyle Hidden -ExecutionPolicy Bypass -File "{script}"'
        )
        create = ("schtasks", "/Create", "/F", "/SC", "DAILY", "/ST", hhmm(at), "/TN", self.task(at), "/TR", command)
        return [WriteFile(script, text), Run(create)]

    def remove(self, times: Collection[time]) -> list[Action]:
        actions: list[Action] = []
        for at in sorted(times):
            actions += [
                Run(("schtasks", "/Delete", "/F", "/TN", self.task(at)), may_fail=True),
                RemoveFile(self.script(at)),
            ]
        return actions


def _powershell_quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def by_hand(system: System, *, at: time, routine: str | None) -> str:
    """The crontab line a person can add themselves (`crontab -e`) where no scheduler can be used."""
    return Cron(system).line(at, routine)


def find_schedulers(system: System) -> Schedulers:
    """launchd on macOS, Task Scheduler on Windows; elsewhere a user systemd if one is running, else cron."""
    if system.platform == "darwin":
        launchd = Launchd(system)
        return Schedulers(launchd, (launchd,))
    if system.platform == "win32":
        tasks = TaskScheduler(system)
        return Schedulers(tasks, (tasks,))
    # `is-system-running` fails on a merely "degraded" manager; `show-environment` succeeds whenever one answers.
    running = (
        system.which("systemctl") is not None
        and system.run(["systemctl", "--user", "show-environment"]).returncode == 0
    )
    systemd = SystemdUser(system, running=running)
    cron = Cron(system) if system.which("crontab") else None
    every: tuple[Scheduler, ...] = (systemd, cron) if cron else (systemd,)
    if running:
        return Schedulers(systemd, every)
    if cron is not None:
        return Schedulers(cron, every)
    return Schedulers(None, every, "no user systemd is running and there is no `crontab` command")
