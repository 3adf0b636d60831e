"""The screen kept awake while a session runs, and let go however it ends."""

from __future__ import annotations

import shutil
import signal

import pytest
from click.testing import CliRunner

from backrehab.cli.app import main
from backrehab.session.awake import ProcessInhibitor, find_inhibitor, systemd_inhibit_argv
from backrehab.session.keys import Command

from .fakes import FakeClock, ScriptedKeys, fake_surroundings


class FakeInhibitor:
    """Records when the screen is held and let go."""

    def __init__(self) -> None:
        self.log: list[str] = []

    def hold(self) -> bool:
        self.log.append("hold")
        return True

    def release(self) -> None:
        self.log.append("release")


def run(args: list[str], inhibitor: FakeInhibitor | None, **given: object) -> tuple[int, str]:
    clock = FakeClock()
    surroundings = fake_surroundings(clock, stdout_is_terminal=lambda: True, inhibitor=lambda: inhibitor, **given)
    result = CliRunner().invoke(
        main,
        ["session", "--only", "pelvic-tilt", "--no-voice", "--no-sound", "--display", "plain", "--no-history", *args],
        obj=surroundings,
    )
    return result.exit_code, result.output


def test_the_screen_is_held_for_the_session_and_let_go_at_its_end() -> None:
    """A session walked to its end: held once at the start, let go once at the end, and the opening says so."""
    inhibitor = FakeInhibitor()
    status, output = run(["--yes"], inhibitor)
    assert status == 0
    assert inhibitor.log == ["hold", "release"]
    assert "The screen stays on until the session ends" in output


@pytest.mark.parametrize(
    "ending",
    ["quit", "ctrl-c", "sigterm"],
)
def test_the_screen_is_let_go_however_the_session_ends(ending: str) -> None:
    """q, Ctrl-C and a signal all let the screen sleep again."""
    from backrehab.session.events import Interrupted

    inhibitor = FakeInhibitor()

    class Ending(ScriptedKeys):
        def wait(self, clock: FakeClock, deadline: float | None) -> Command | None:  # type: ignore[override]
            if clock.now() - clock.start > 12:
                if ending == "ctrl-c":
                    raise KeyboardInterrupt
                if ending == "sigterm":
                    raise Interrupted(signal.SIGTERM)
                return Command.QUIT
            return super().wait(clock, deadline)

        def open(self) -> None: ...

        def close(self) -> None: ...

    status, _ = run(["--yes"], inhibitor, stdin_is_terminal=lambda: True, keys=lambda: Ending([]))
    assert inhibitor.log == ["hold", "release"]
    assert status == {"quit": 0, "ctrl-c": 130, "sigterm": 143}[ending]


def test_off_by_option_or_config_and_nothing_where_there_is_no_way(tmp_path: object) -> None:
    """--no-keep-screen-on holds nothing and says nothing; neither does a system with no way to do it."""
    inhibitor = FakeInhibitor()
    _, output = run(["--yes", "--no-keep-screen-on"], inhibitor)
    assert inhibitor.log == []
    assert "screen stays on" not in output
    _, output = run(["--yes"], None)
    assert "screen stays on" not in output


def test_found_where_the_system_has_a_way() -> None:
    """systemd-inhibit on Linux, caffeinate on macOS, nothing where neither is installed."""
    found = {"systemd-inhibit": "/usr/bin/systemd-inhibit", "cat": "/bin/cat", "caffeinate": "/usr/bin/caffeinate"}
    linux = find_inhibitor(found.get, "linux")
    assert isinstance(linux, ProcessInhibitor)
    assert linux.argv[:2] == ["/usr/bin/systemd-inhibit", "--what=idle"]
    mac = find_inhibitor(found.get, "darwin")
    assert isinstance(mac, ProcessInhibitor)
    assert mac.argv[:2] == ["/usr/bin/caffeinate", "-d"]
    assert find_inhibitor(lambda name: None, "linux") is None


@pytest.mark.skipif(shutil.which("systemd-inhibit") is None, reason="systemd-inhibit is not installed")
def test_the_real_systemd_inhibit_is_held_and_let_go() -> None:
    """With the real systemd-inhibit: a child holds the lock (or fails at once where no logind answers), and
    release leaves no process behind."""
    path = shutil.which("systemd-inhibit")
    assert path is not None
    inhibitor = ProcessInhibitor(systemd_inhibit_argv(path))
    assert inhibitor.hold()
    process = inhibitor.process
    assert process is not None
    inhibitor.release()
    assert process.poll() is not None
    assert inhibitor.process is None
