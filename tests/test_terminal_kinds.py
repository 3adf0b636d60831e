"""The session in a real pseudo-terminal: small, resized, dumb and colourless terminals."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from .samples import PELVIC_TILT
from .terminal import SHORT, colours, finish, spawn

#: Short sessions in terminals of different kinds, as (rows, columns, environment).
KINDS = {
    "40x12": (12, 40, {}),
    "dumb": (24, 80, {"TERM": "dumb"}),
    "no-color": (24, 80, {"NO_COLOR": "1"}),
    "colour": (24, 80, {}),
}


@pytest.fixture(scope="module")
def sessions() -> dict[str, tuple[int | None, bytes]]:
    """Each kind's exit status and output; the sessions run side by side to keep the suite fast."""
    children = {
        name: spawn([*SHORT, "--speed", "100"], rows=rows, columns=columns, **env)
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
