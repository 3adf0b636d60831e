"""Daily reminders: systemd user timers and crontab lines against fake `systemctl`/`crontab` on PATH,
launchd and Task Scheduler through a recording command runner."""

from __future__ import annotations

import os
import plistlib
import stat
from collections.abc import Sequence
from datetime import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from backrehab.cli.app import main
from backrehab.remind.model import (
    Completed,
    Run,
    System,
    WriteFile,
    apply,
    installed,
    off_actions,
    set_actions,
)
from backrehab.remind.schedulers import find_schedulers

MESSAGE = "Time for your back exercises — backrehab session"

FAKE_SYSTEMCTL = """#!/bin/sh
PATH=/usr/bin:/bin
printf '%s\\n' "$*" >> "{log}/systemctl.argv"
if [ "$2" = show-environment ]; then
  if [ -f "{log}/systemd-running" ]; then echo "HOME=$HOME"; exit 0; fi
  echo "Failed to connect to bus: No medium found" >&2; exit 1
fi
exit 0
"""

FAKE_CRONTAB = """#!/bin/sh
PATH=/usr/bin:/bin
printf '%s\\n' "$*" >> "{log}/crontab.argv"
case "$1" in
  -l) if [ -f "{log}/crontab" ]; then cat "{log}/crontab"; exit 0; fi
      echo "no crontab for someone" >&2; exit 1 ;;
  -) cat > "{log}/crontab"; cat "{log}/crontab" >> "{log}/crontab.stdin" ;;
  *) echo "fake crontab: unexpected $*" >&2; exit 2 ;;
esac
"""

FAKE_NOTIFY_SEND = "#!/bin/sh\nexit 0\n"


class Fakes:
    """A bin folder with fake `systemctl`, `crontab` and `notify-send` (the only things on PATH), and their records."""

    def __init__(self, root: Path) -> None:
        self.bin = root / "bin"
        self.log = root / "log"
        self.bin.mkdir(parents=True)
        self.log.mkdir()
        for name, script in (
            ("systemctl", FAKE_SYSTEMCTL),
            ("crontab", FAKE_CRONTAB),
            ("notify-send", FAKE_NOTIFY_SEND),
        ):
            path = self.bin / name
            path.write_text(script.format(log=self.log))
            path.chmod(path.stat().st_mode | stat.S_IXUSR)

    def systemd(self, running: bool) -> None:
        flag = self.log / "systemd-running"
        if running:
            flag.touch()
        else:
            flag.unlink(missing_ok=True)

    def calls(self, name: str) -> list[str]:
        path = self.log / f"{name}.argv"
        return path.read_text().splitlines() if path.exists() else []

    @property
    def crontab(self) -> bytes | None:
        path = self.log / "crontab"
        return path.read_bytes() if path.exists() else None

    @crontab.setter
    def crontab(self, content: bytes) -> None:
        (self.log / "crontab").write_bytes(content)

    def remove(self, name: str) -> None:
        (self.bin / name).unlink()


@pytest.fixture
def fakes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Fakes:
    fakes = Fakes(tmp_path / "fakes")
    monkeypatch.setenv("PATH", str(fakes.bin))
    return fakes


@pytest.fixture
def units(isolated_env: Path) -> Path:
    return isolated_env / ".config" / "systemd" / "user"


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def write_config(home: Path, text: str) -> None:
    path = home / ".config" / "backrehab" / "config.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


# -- systemd user timers -------------------------------------------------------


def test_set_writes_a_timer_and_service_and_enables_the_timer(fakes: Fakes, units: Path) -> None:
    """With a user systemd running, `set 08:00` writes both unit files, reloads and enables the timer."""
    fakes.systemd(running=True)
    result = invoke("remind", "set", "08:00")
    assert result.exit_code == 0, result.output
    assert result.output == "Reminder set: every day at 08:00 (systemd user timer).\n"
    assert sorted(p.name for p in units.iterdir()) == [
        "backrehab-reminder-0800.service",
        "backrehab-reminder-0800.timer",
    ]
    timer = (units / "backrehab-reminder-0800.timer").read_text()
    assert "OnCalendar=*-*-* 08:00:00\n" in timer
    assert "Unit=backrehab-reminder-0800.service\n" in timer
    assert "WantedBy=timers.target\n" in timer
    service = (units / "backrehab-reminder-0800.service").read_text()
    assert "Type=oneshot\n" in service
    assert f'ExecStart=/usr/bin/env notify-send --app-name=backrehab backrehab "{MESSAGE}"\n' in service
    assert fakes.calls("systemctl") == [
        "--user show-environment",
        "--user daemon-reload",
        "--user enable --now backrehab-reminder-0800.timer",
    ]
    assert fakes.crontab is None


def test_a_routine_is_named_in_the_notification(fakes: Fakes, units: Path, isolated_env: Path) -> None:
    """`--routine morning` appends `--routine morning` to the notification's text, and `list` shows it."""
    fakes.systemd(running=True)
    write_config(isolated_env, "routines:\n  morning: [pelvic-tilt, knee-rolls]\n")
    assert invoke("remind", "set", "07:30", "--routine", "morning").exit_code == 0
    service = (units / "backrehab-reminder-0730.service").read_text()
    assert f'"{MESSAGE} --routine morning"' in service
    listed = invoke("remind", "list").output
    assert "07:30  morning" in listed


def test_an_unknown_routine_is_a_usage_error(fakes: Fakes, units: Path, isolated_env: Path) -> None:
    """A routine the config file does not have: exit 2 with a suggestion, nothing installed."""
    fakes.systemd(running=True)
    write_config(isolated_env, "routines:\n  morning: [pelvic-tilt]\n")
    result = invoke("remind", "set", "07:30", "--routine", "mornin")
    assert result.exit_code == 2
    assert "No routine 'mornin'. Did you mean 'morning'?" in result.output
    assert "Did you mean 'morning'?" in result.output
    assert not units.exists()
    assert fakes.calls("systemctl") == []


def test_several_times_coexist_and_the_same_time_is_replaced(fakes: Fakes, units: Path, isolated_env: Path) -> None:
    """Two times give two timers; setting 08:00 again replaces its routine rather than adding a third."""
    fakes.systemd(running=True)
    write_config(isolated_env, "routines:\n  short: [pelvic-tilt]\n")
    invoke("remind", "set", "08:00")
    invoke("remind", "set", "18:30")
    invoke("remind", "set", "08:00", "--routine", "short")
    assert len(list(units.glob("*.timer"))) == 2
    assert "--routine short" in (units / "backrehab-reminder-0800.service").read_text()
    assert invoke("remind", "list").output == (
        "time   routine          scheduler           file or entry\n"
        f"08:00  short            systemd user timer  {units}/backrehab-reminder-0800.timer\n"
        f"18:30  (all exercises)  systemd user timer  {units}/backrehab-reminder-1830.timer\n"
    )


def test_off_time_removes_only_that_reminder(fakes: Fakes, units: Path) -> None:
    """`off 08:00` disables and deletes that timer, reloads systemd, and leaves 18:30 in place."""
    fakes.systemd(running=True)
    invoke("remind", "set", "08:00")
    invoke("remind", "set", "18:30")
    result = invoke("remind", "off", "8:00")
    assert result.output == "Reminder at 08:00 removed (systemd user timer).\n"
    assert sorted(p.name for p in units.iterdir()) == [
        "backrehab-reminder-1830.service",
        "backrehab-reminder-1830.timer",
    ]
    assert fakes.calls("systemctl")[-2:] == [
        "--user disable --now backrehab-reminder-0800.timer",
        "--user daemon-reload",
    ]


def test_off_without_a_time_removes_every_reminder(fakes: Fakes, units: Path) -> None:
    """`off` alone removes all of backrehab's timers, and `list` then says there are none."""
    fakes.systemd(running=True)
    invoke("remind", "set", "08:00")
    invoke("remind", "set", "18:30")
    (units / "other.timer").write_text("[Timer]\n")
    result = invoke("remind", "off")
    assert result.output.splitlines() == [
        "Reminder at 08:00 removed (systemd user timer).",
        "Reminder at 18:30 removed (systemd user timer).",
    ]
    assert [p.name for p in units.iterdir()] == ["other.timer"]
    assert invoke("remind", "list").output == "No backrehab reminders are set.\n"
    assert invoke("remind", "off").output == "No backrehab reminders are set.\n"


def test_off_an_unknown_time_fails(fakes: Fakes) -> None:
    """`off 09:00` with no reminder at 09:00 says which times are set and exits 1."""
    fakes.systemd(running=True)
    invoke("remind", "set", "08:00")
    result = invoke("remind", "off", "09:00")
    assert result.exit_code == 1
    assert result.output == "Error: no reminder at 09:00 (set: 08:00).\n"


def test_dry_run_prints_files_and_commands_and_changes_nothing(fakes: Fakes, units: Path) -> None:
    """`set --dry-run` shows each file's path and contents and each command, writes no file, runs no change."""
    fakes.systemd(running=True)
    result = invoke("remind", "set", "21:05", "--dry-run")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert f"Would write {units}/backrehab-reminder-2105.service:" in lines
    assert f'    ExecStart=/usr/bin/env notify-send --app-name=backrehab backrehab "{MESSAGE}"' in lines
    assert f"Would write {units}/backrehab-reminder-2105.timer:" in lines
    assert "    OnCalendar=*-*-* 21:05:00" in lines
    assert lines[-2:] == [
        "Would run: systemctl --user daemon-reload",
        "Would run: systemctl --user enable --now backrehab-reminder-2105.timer",
    ]
    assert not units.exists()
    assert fakes.calls("systemctl") == ["--user show-environment"]


def test_off_dry_run_removes_nothing(fakes: Fakes, units: Path) -> None:
    """`off --dry-run` lists the commands and removals but the timer stays."""
    fakes.systemd(running=True)
    invoke("remind", "set", "08:00")
    before = fakes.calls("systemctl")
    result = invoke("remind", "off", "--dry-run")
    assert result.output.splitlines() == [
        "Would run: systemctl --user disable --now backrehab-reminder-0800.timer",
        f"Would remove {units}/backrehab-reminder-0800.timer",
        f"Would remove {units}/backrehab-reminder-0800.service",
        "Would run: systemctl --user daemon-reload",
    ]
    assert (units / "backrehab-reminder-0800.timer").exists()
    assert fakes.calls("systemctl") == [*before, "--user show-environment"]


@pytest.mark.parametrize("bad", ["24:00", "08:60", "8", "0800", "noon", "08:00:00", "-1:00", ""])
def test_a_bad_time_is_a_usage_error(fakes: Fakes, bad: str) -> None:
    """Anything but HH:MM from 00:00 to 23:59 exits 2 with click's message, before any scheduler is asked."""
    result = invoke("remind", "set", "--", bad)
    assert result.exit_code == 2
    assert "Invalid value for 'HH:MM'" in result.output
    assert fakes.calls("systemctl") == []


def test_missing_notify_send_is_warned_about(fakes: Fakes) -> None:
    """Without notify-send the reminder is still set, with a warning saying what to install."""
    fakes.systemd(running=True)
    fakes.remove("notify-send")
    result = CliRunner().invoke(main, ["remind", "set", "08:00"])
    assert result.exit_code == 0
    assert "Warning: `notify-send` is not installed" in result.stderr
    assert "libnotify-bin" in result.stderr


# -- crontab -------------------------------------------------------------------

OTHERS = (
    b"# m h  dom mon dow   command\n"
    b"MAILTO=someone@example.org\n"
    b"\n"
    b"*/5 * * * * /usr/local/bin/backup --quiet  # nightly-ish\r\n"
    b"@reboot echo '100%' > /tmp/x"
)


def cron_line(at: str, minute: int, hour: int, routine: str = "") -> bytes:
    import os

    text = f"'{MESSAGE}{f' --routine {routine}' if routine else ''}'"
    mark = f"# backrehab-reminder {at}{f' routine={routine}' if routine else ''}"
    return (
        f"{minute} {hour} * * * env DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/{os.getuid()}/bus "
        f"notify-send --app-name=backrehab backrehab {text} {mark}\n"
    ).encode()


def test_without_user_systemd_the_crontab_gets_one_marked_line(fakes: Fakes, units: Path) -> None:
    """No user systemd: `set` appends one marked line; every other byte (CRLF, no final newline…) stays."""
    fakes.systemd(running=False)
    fakes.crontab = OTHERS
    result = invoke("remind", "set", "07:05")
    assert result.output == "Reminder set: every day at 07:05 (crontab).\n"
    assert fakes.crontab == OTHERS + b"\n" + cron_line("07:05", 5, 7)
    assert not units.exists()
    assert fakes.calls("crontab") == ["-l", "-"]


def test_off_removes_only_backrehabs_lines(fakes: Fakes) -> None:
    """Set 07:05 and 20:00 then `off 07:05`: the other lines are exactly as they were, 20:00 stays."""
    fakes.systemd(running=False)
    original = OTHERS + b"\n"
    fakes.crontab = original
    invoke("remind", "set", "07:05")
    invoke("remind", "set", "20:00")
    invoke("remind", "off", "07:05")
    assert fakes.crontab == original + cron_line("20:00", 0, 20)
    invoke("remind", "off")
    assert fakes.crontab == original


def test_off_keeps_a_last_line_without_newline(fakes: Fakes) -> None:
    """A marked line in the middle goes; the other lines, including a last one with no newline, are kept as is."""
    fakes.systemd(running=False)
    fakes.crontab = b"MAILTO=\n" + cron_line("06:00", 0, 6) + b"@daily true"
    invoke("remind", "off", "06:00")
    assert fakes.crontab == b"MAILTO=\n@daily true"


def test_no_crontab_yet(fakes: Fakes) -> None:
    """With no crontab at all (`crontab -l` fails with "no crontab for …"), set creates one with just our line."""
    fakes.systemd(running=False)
    invoke("remind", "set", "09:15")
    assert fakes.crontab == cron_line("09:15", 15, 9)
    listed = invoke("remind", "list").output.splitlines()
    assert listed[1].startswith("09:15  (all exercises)  crontab    15 9 * * * env ")
    invoke("remind", "off", "09:15")
    assert fakes.crontab == b""


def test_the_same_time_replaces_its_line(fakes: Fakes, isolated_env: Path) -> None:
    """Setting 07:05 twice leaves one line for 07:05, with the latest routine."""
    fakes.systemd(running=False)
    write_config(isolated_env, "routines:\n  short: [pelvic-tilt]\n")
    fakes.crontab = b"@daily true\n"
    invoke("remind", "set", "07:05")
    invoke("remind", "set", "07:05", "--routine", "short")
    assert fakes.crontab == b"@daily true\n" + cron_line("07:05", 5, 7, "short")


def test_crontab_dry_run_shows_the_new_crontab_and_installs_nothing(fakes: Fakes) -> None:
    """`--dry-run` prints `crontab -` with the whole new crontab as its input; the stored crontab is unchanged."""
    fakes.systemd(running=False)
    fakes.crontab = b"@daily true\n"
    result = invoke("remind", "set", "07:05", "--dry-run")
    assert result.output.splitlines() == [
        "Would run: crontab -, with this input:",
        "    @daily true",
        "    " + cron_line("07:05", 5, 7).decode().rstrip("\n"),
    ]
    assert fakes.crontab == b"@daily true\n"
    assert "-" not in fakes.calls("crontab")


def test_a_failing_crontab_is_reported(fakes: Fakes) -> None:
    """`crontab -l` failing for another reason than "no crontab" stops with its message, exit 1."""
    fakes.systemd(running=False)
    (fakes.bin / "crontab").write_text("#!/bin/sh\necho 'crontab: cannot open spool' >&2\nexit 1\n")
    result = invoke("remind", "set", "07:05")
    assert result.exit_code == 1
    assert result.output == "Error: `crontab -l` failed (exit 1): crontab: cannot open spool\n"


def test_no_scheduler_at_all(fakes: Fakes) -> None:
    """No user systemd and no crontab command: a clear error, exit 1."""
    fakes.systemd(running=False)
    fakes.remove("crontab")
    result = invoke("remind", "set", "07:05")
    assert result.exit_code == 1
    assert "no user systemd is running and there is no `crontab` command" in result.output
    assert "(`--dry-run` shows the crontab line to add by hand)" in result.output


def test_moving_to_systemd_removes_the_crontab_line_at_that_time(fakes: Fakes, units: Path) -> None:
    """A reminder set through cron, then set again at the same time once systemd runs, lives only in systemd."""
    fakes.systemd(running=False)
    fakes.crontab = b"@daily true\n"
    invoke("remind", "set", "07:05")
    fakes.systemd(running=True)
    invoke("remind", "set", "07:05")
    assert fakes.crontab == b"@daily true\n"
    assert (units / "backrehab-reminder-0705.timer").exists()


# -- macOS and Windows, through a recording runner ------------------------------


class RecordingRunner:
    """Stands in for launchctl and schtasks: records each command and succeeds."""

    def __init__(self) -> None:
        self.commands: list[tuple[str, ...]] = []

    def __call__(self, args: Sequence[str], *, input: str | None = None) -> Completed:
        self.commands.append(tuple(args))
        return Completed(0)


def system(platform: str, root: Path, runner: RecordingRunner) -> System:
    return System(
        platform=platform,
        home=root / "home",
        config_home=root / "home" / ".config",
        data_home=root / "data" / "backrehab",
        run=runner,
        which=lambda name: None,
        uid=501,
    )


def test_macos_writes_a_launch_agent_and_loads_it(tmp_path: Path) -> None:
    """On macOS: a LaunchAgent plist that runs osascript daily at the time, loaded with launchctl; off unloads it."""
    runner = RecordingRunner()
    schedulers = find_schedulers(system("darwin", tmp_path, runner))
    actions = set_actions(schedulers, at=time(8, 0), routine="morning")
    plist = tmp_path / "home" / "Library" / "LaunchAgents" / "backrehab.reminder.0800.plist"
    assert actions[-1] == Run(("launchctl", "load", "-w", str(plist)))
    assert apply(actions, runner) == []
    agent = plistlib.loads(plist.read_bytes())
    assert agent == {
        "Label": "backrehab.reminder.0800",
        "ProgramArguments": [
            "/usr/bin/osascript",
            "-e",
            f'display notification "{MESSAGE} --routine morning" with title "backrehab"',
        ],
        "StartCalendarInterval": {"Hour": 8, "Minute": 0},
    }
    assert [(r.at, r.routine, r.scheduler) for r in installed(schedulers)] == [(time(8, 0), "morning", "launchd agent")]
    again = set_actions(schedulers, at=time(8, 0), routine=None)
    assert again[0] == Run(("launchctl", "unload", str(plist)), may_fail=True)
    actions, removed = off_actions(schedulers, at=None)
    apply(actions, runner)
    assert runner.commands[-1] == ("launchctl", "unload", str(plist))
    assert not plist.exists()
    assert [r.at for r in removed] == [time(8, 0)]


def test_windows_writes_a_toast_script_and_a_daily_task(tmp_path: Path) -> None:
    """On Windows: a PowerShell toast script and a daily `schtasks` task running it; off deletes both."""
    runner = RecordingRunner()
    schedulers = find_schedulers(system("win32", tmp_path, runner))
    actions = set_actions(schedulers, at=time(18, 30), routine=None)
    script = tmp_path / "data" / "backrehab" / "reminders" / "reminder-1830.ps1"
    write, create = actions
    assert isinstance(write, WriteFile)
    assert write.path == script
    assert write.text.startswith("\ufeff# backrehab-reminder 18:30\n")
    assert f"CreateTextNode('{MESSAGE}')" in write.text
    assert "ToastNotificationManager]::CreateToastNotifier(" in write.text
    command = f'powershell.exe -NoProfile -NonInteractive -WindowStyle Hidden -ExecutionPolicy Bypass -File "{script}"'
    assert create == Run(
        ("schtasks", "/Create", "/F", "/SC", "DAILY", "/ST", "18:30", "/TN", "backrehab\\reminder-1830", "/TR", command)
    )
    assert len(command) < 262  # schtasks refuses a longer /TR
    apply(actions, runner)
    assert [(r.at, r.scheduler) for r in installed(schedulers)] == [(time(18, 30), "Task Scheduler")]
    actions, _ = off_actions(schedulers, at=time(18, 30))
    apply(actions, runner)
    assert runner.commands[-1] == ("schtasks", "/Delete", "/F", "/TN", "backrehab\\reminder-1830")
    assert not script.exists()


def test_dry_run_with_no_scheduler_still_shows_the_line(fakes: Fakes) -> None:
    """No user systemd and no crontab: `--dry-run` says so and shows the crontab line to add by hand, exit 0."""
    fakes.systemd(running=False)
    fakes.remove("crontab")
    result = invoke("remind", "set", "07:05", "--dry-run")
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "No scheduler found to install the reminder: no user systemd is running and there is no `crontab` command.",
        "To add it by hand, put this line in your crontab (`crontab -e`) or your scheduler:",
        "    " + cron_line("07:05", 5, 7).decode().rstrip("\n"),
    ]


def test_list_and_off_read_only_regular_files(fakes: Fakes, units: Path) -> None:
    """A FIFO, a symlink to /dev/zero and a folder named like timers are passed over — no hang, no
    "unexpected" — while a real timer beside them is listed and removed; ESC in its marker is shown escaped."""
    fakes.systemd(running=True)
    invoke("remind", "set", "08:00")
    timer = units / "backrehab-reminder-0800.timer"
    timer.write_text(timer.read_text().replace("08:00\n", "08:00 routine=m\x1b]0;x\x07\n", 1))
    os.mkfifo(units / "backrehab-reminder-0900.timer")
    (units / "backrehab-reminder-1000.timer").symlink_to("/dev/zero")
    (units / "backrehab-reminder-1100.timer").mkdir()
    listed = invoke("remind", "list")
    assert listed.exit_code == 0
    assert "\x1b" not in listed.output
    assert listed.output.splitlines()[1:] == [
        f"08:00  m\\x1b]0;x\\x07  systemd user timer  {timer}",
    ]
    removed = invoke("remind", "off")
    assert removed.output == "Reminder at 08:00 removed (systemd user timer).\n"
    assert not timer.exists()
