"""The session in a real pseudo-terminal: small, resized, dumb and colourless terminals."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from backrehab.history.store import History

from .samples import PELVIC_TILT
from .terminal import SHORT, colours, finish, spawn

pytestmark = pytest.mark.slow  # a real process in real time

#: Short sessions in terminals of different kinds, as (rows, columns, environment).
KINDS = {
    "40x12": (12, 40, {}),
    "dumb": (24, 80, {"TERM": "dumb"}),
    "no-color": (24, 80, {"NO_COLOR": "1"}),
    "colour": (24, 80, {}),
}


@pytest.fixture(scope="module")
def module_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The module's own data folder: module-scoped fixtures run before the per-test isolation."""
    return tmp_path_factory.mktemp("terminal-kinds")


@pytest.fixture(scope="module")
def sessions(module_data: Path) -> dict[str, tuple[int | None, bytes]]:
    """Each kind's exit status and output; the sessions run side by side to keep the suite fast."""
    children = {
        name: spawn([*SHORT, "--speed", "100"], rows=rows, columns=columns, BACKREHAB_HOME=str(module_data), **env)
        for name, (rows, columns, env) in KINDS.items()
    }
    outputs = {name: finish(child) for name, child in children.items()}
    return {name: (children[name].exitstatus, outputs[name]) for name in KINDS}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_the_session_completes_cleanly(kind: str, sessions: dict[str, tuple[int | None, bytes]]) -> None:
    """In a 40×12, dumb, colourless or colour terminal the live view counts every hold down to the summary."""
    status, output = sessions[kind]
    assert status == 0
    assert b"Traceback" not in output
    assert b"Session complete: 1 of 1" in output


def test_the_sessions_are_recorded_in_the_module_folder(
    sessions: dict[str, tuple[int | None, bytes]], module_data: Path
) -> None:
    """The four sessions land in the module's temporary folder, not in a real home's history."""
    history = History.read(module_data / "history.sqlite3")
    assert history is not None
    with history:
        assert len(history.sessions()) == len(KINDS)


@pytest.fixture(scope="module")
def environment_at_module_setup() -> dict[str, str]:
    """The environment as a module-scoped fixture (and every process it starts) sees it."""
    return {name: os.environ.get(name, "") for name in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME")}


def test_module_fixtures_see_a_temporary_home(
    environment_at_module_setup: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Before the per-test isolation, HOME and the data and config folders are already under the run's
    temporary folder, so the sessions module fixtures start cannot reach a real home."""
    base = tmp_path_factory.getbasetemp()
    for name, value in environment_at_module_setup.items():
        assert value, name
        assert Path(value).is_relative_to(base), name


@pytest.mark.parametrize("kind", ["dumb", "no-color"])
def test_no_colours_for_dumb_or_no_color(kind: str, sessions: dict[str, tuple[int | None, bytes]]) -> None:
    """TERM=dumb and NO_COLOR=1 each turn every colour off."""
    assert colours(sessions[kind][1]) == []


def test_colours_are_on_by_default(sessions: dict[str, tuple[int | None, bytes]]) -> None:
    """The colour check can fail: the same session in a colour terminal does send colours."""
    assert colours(sessions["colour"][1]) != []


def test_resize_mid_hold() -> None:
    """Shrinking and growing the terminal during a hold (SIGWINCH) neither stops nor breaks the session."""
    child = spawn([*SHORT, "--speed", "100"])
    child.expect("HOLD")
    for rows, columns in ((12, 40), (5, 20), (50, 160), (24, 80)):
        child.setwinsize(rows, columns)
        child.kill(signal.SIGWINCH)
    output = finish(child)
    assert child.exitstatus == 0
    assert b"Traceback" not in output
    assert b"Session complete: 1 of 1" in output


@pytest.mark.parametrize("display", ["compact", "big"])
def test_catalogue_text_is_shown_as_written_in_the_live_view(display: str, tmp_path: Path) -> None:
    """Neither markup nor emoji codes in a catalogue's names are acted on: ":smile:" stays itself."""
    catalogue = tmp_path / "catalogue.yaml"
    catalogue.write_text(PELVIC_TILT.replace("name: Pelvic tilt", 'name: "Tilt :smile: [/b]"'), encoding="utf-8")
    child = spawn(["--catalogue", str(catalogue), *SHORT, "--speed", "100", "--display", display])
    output = finish(child)
    assert child.exitstatus == 0
    assert b"Tilt :smile: [/b]" in output
    assert "😄".encode() not in output
