"""The commands as a person types them: output, exit statuses and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from backrehab.cli.app import main
from backrehab.session.surroundings import Surroundings

from .fakes import FakeClock, TypingTerminalKeys, fake_surroundings


def invoke(*args: str, input: str | None = None, surroundings: Surroundings | None = None) -> Result:
    """Run the command line; sessions run on a fake clock unless `surroundings` say otherwise: no test waits."""
    obj = surroundings or fake_surroundings()
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False, obj=obj)


def test_version() -> None:
    """--version names the program and its version."""
    from backrehab import __version__

    assert invoke("--version").output == f"backrehab, version {__version__}\n"


def test_help_carries_the_safety_note() -> None:
    """`backrehab --help` says it is not medical advice and to stop any exercise that makes the pain worse."""
    text = " ".join(invoke("--help").output.split())
    assert "backrehab is not medical advice. Stop any exercise that makes your pain worse." in text


def test_list_shows_every_exercise_and_the_total() -> None:
    """The table lists all twelve ids, the caution marker and a total of 24 minutes, as m:ss like `show`."""
    result = invoke("list")
    assert result.exit_code == 0
    for exercise_id in ("stomach-tone", "deep-stomach-muscle-tone", "deep-lunge"):
        assert exercise_id in result.output
    assert "5→10 s" in result.output
    assert "20 s*" in result.output
    total_line = next(line for line in result.output.splitlines() if "Total" in line)
    assert total_line.split()[-1] == "24:00"


def test_list_fits_80_columns_one_line_per_exercise(monkeypatch: pytest.MonkeyPatch) -> None:
    """In a standard 80-column terminal no name wraps: each exercise is one row, its id and name on it."""
    from backrehab.catalogue.load import load_catalogue

    monkeypatch.setenv("COLUMNS", "80")
    lines = invoke("list").output.splitlines()
    assert max(len(line) for line in lines) <= 80
    for number, exercise in enumerate(load_catalogue().exercises, start=1):
        row = next(line for line in lines if exercise.id in line)
        assert row.split()[0] == str(number)
        assert exercise.name in row
    assert lines[-2:] == [
        "* hold time: our choice, as the leaflet gives no time.",
        "! caution: see `backrehab show 10`.",
    ]


def test_list_names_each_exercise_with_a_caution(tmp_path: Path) -> None:
    """The caution note gives the numbers to look up: `show` takes them as well as ids."""
    from backrehab.catalogue.model import bundled_path

    text = bundled_path().read_text(encoding="utf-8")
    one_leg = "    side_label: leg\n\n  - id: deep-lunge"
    assert one_leg in text
    mine = tmp_path / "mine.yaml"
    caution = "    side_label: leg\n    cautions:\n      - text: Hold on to something steady.\n\n  - id: deep-lunge"
    mine.write_text(text.replace(one_leg, caution), encoding="utf-8")
    output = invoke("--catalogue", str(mine), "list").output
    assert output.splitlines()[-1] == "! caution: see `backrehab show N` for N = 10, 11."


@pytest.mark.parametrize("columns", [40, 50])
def test_a_narrow_list_leaves_out_the_ids_and_cuts_no_figure(columns: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the whole table would not fit, the id column goes (show takes the number): every figure stays whole."""
    from backrehab.catalogue.load import load_catalogue

    monkeypatch.setenv("COLUMNS", str(columns))
    output = invoke("list").output
    lines = output.splitlines()
    assert max(len(line) for line in lines) <= columns
    assert "…" not in output
    assert "deep-lunge" not in output
    words = output.split()
    for number, exercise in enumerate(load_catalogue().exercises, start=1):
        row = next(line for line in lines if line.split() and line.split()[0] == str(number))
        assert exercise.name.split()[0] in row
        assert f" {exercise.reps} " in row
        assert set(exercise.name.split()) <= set(words)  # a long name may wrap onto the next line
    total_line = next(line for line in lines if "Total" in line)
    assert total_line.split()[-1] == "24:00"


def test_list_json_uses_the_yaml_keys() -> None:
    """--json gives one object per exercise under the YAML key names, plus estimated_seconds."""
    data = json.loads(invoke("list", "--json").output)
    assert [d["id"] for d in data][:2] == ["stomach-tone", "pelvic-tilt"]
    knee_rolls = data[2]
    assert knee_rolls["hold_seconds"] == 10
    assert knee_rolls["reps"] == 3
    assert knee_rolls["per_side"] is True
    assert knee_rolls["estimated_seconds"] == 10 + 6 * 10 + 5 * 5
    assert data[9]["cautions"][0]["confirm"] is True


def test_show_accepts_the_name_in_any_case() -> None:
    """`show "KNEE rolls"` shows knee rolls: position, numbered steps, hold and reps."""
    result = invoke("show", "KNEE rolls")
    assert result.exit_code == 0
    assert "Knee rolls" in result.output
    assert "1. Let both knees roll" in result.output
    assert "Hold 10 s · reps 3 each side" in result.output


def test_show_highlights_the_caution() -> None:
    """The hamstring stretch shows its caution and that the hold time is our choice."""
    output = invoke("show", "hamstring-stretch").output
    assert "Caution — you will be asked to confirm" in output
    assert "sciatic" in output
    assert "our choice" in output


def test_show_unknown_suggests_the_nearest() -> None:
    """A typo gets a did-you-mean on stderr and exit status 2."""
    result = invoke("show", "pelvik-tilt")
    assert result.exit_code == 2
    assert result.stderr == "No exercise 'pelvik-tilt'. Did you mean 'pelvic-tilt'?\n"
    assert result.stdout == ""


def test_show_json() -> None:
    """show --json is the exercise under its YAML keys."""
    data = json.loads(invoke("show", "leg-raise", "--json").output)
    assert (data["hold_seconds"], data["build_up_to_seconds"], data["reps"]) == (5, 10, 3)


def test_plan_json_total_and_steps() -> None:
    """session --plan --json: the total at the top and every step with kind, exercise, rep, side, seconds."""
    data = json.loads(invoke("session", "--plan", "--json").output)
    assert data["total_seconds"] == 1440
    assert sum(step["seconds"] for step in data["steps"]) == 1440
    assert {step["kind"] for step in data["steps"]} == {"caution", "lead_in", "hold", "rest", "switch"}


def test_plan_text_ends_with_the_total() -> None:
    """session --plan prints each step's start and the total, and runs nothing."""
    lines = invoke("session", "--plan", "--only", "pelvic-tilt").output.splitlines()
    assert lines[1].split() == ["0:00", "10", "s", "Pelvic", "tilt:", "get", "into", "position"]
    assert lines[-1] == "Total: 0:55 (55 s)"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--only", "pelvik-tilt"], "No exercise 'pelvik-tilt'. Did you mean 'pelvic-tilt'?"),
        (["--rest", "-1"], "must not be negative, got -1"),
        (["--speed", "0"], "must be from 0.01 to 1000000, got 0"),
        (["--speed", "2e6"], "must be from 0.01 to 1000000, got 2e6"),
        (["--speed", "nan"], "'nan' is not a finite number"),
        (["--speed", "1e-320"], "must be from 0.01 to 1000000, got 1e-320"),
        (["--rest", "abc"], "'abc' is not a number"),
        (["--json"], "--json goes with --plan."),
        (["--only", "pelvic-tilt", "--skip", "pelvic-tilt"], "No exercises left to do"),
    ],
)
def test_bad_session_options_exit_2(args: list[str], message: str) -> None:
    """Bad option values get click's usage error with a clear reason and exit status 2."""
    result = invoke("session", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


SMALL_CATALOGUE = """\
advice:
  - Drink water.
exercises:
  - id: wall-lean
    name: Wall lean
    posture: standing
    position: Facing a wall.
    steps: [Lean in., Hold.]
    hold_seconds: 3
    reps: 2
    per_side: true
    side_label: arm
    cautions:
      - text: Not with a sore wrist.
        confirm: true
"""

SMALL_SESSION = """\
Today's session: 1 exercise, about 1 minute.
- Drink water.
Stop any exercise that makes your pain worse. If you are unsure whether an exercise suits you, ask a physiotherapist.

Exercise 1 of 1: Wall lean — 2 each arm × 3 s
CAUTION — Wall lean: Not with a sore wrist.
Caution accepted with --yes.
Get into position (2 s): Facing a wall.
  1. Lean in.
  2. Hold.
Wall lean: rep 1 of 2, left arm: hold 3 s
Keep breathing.
Wall lean: rep 1 of 2, left arm: done
Other side: right arm — get ready (5 s). Next: rep 1 of 2, right arm
Wall lean: rep 1 of 2, right arm: hold 3 s
Keep breathing.
Wall lean: rep 1 of 2, right arm: done
Other side: left arm — get ready (5 s). Next: rep 2 of 2, left arm
Wall lean: rep 2 of 2, left arm: hold 3 s
Keep breathing.
Wall lean: rep 2 of 2, left arm: done
Other side: right arm — get ready (5 s). Next: rep 2 of 2, right arm
Wall lean: rep 2 of 2, right arm: hold 3 s
Keep breathing.
Wall lean: rep 2 of 2, right arm: done
Finished Wall lean.

Session complete: 1 of 1 exercises done, 0 not done; 4 holds completed; active time 0:29.
"""


@pytest.fixture
def small_catalogue(tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "small.yaml"
    path.write_text(SMALL_CATALOGUE, encoding="utf-8")
    return path


def test_plain_session_output(small_catalogue) -> None:  # type: ignore[no-untyped-def]
    """Piped, a session prints one plain line per event, naming rep and side, with no escape codes."""
    result = invoke("--catalogue", str(small_catalogue), "session", "--yes", "--lead-in", "2", "--rest", "1")
    assert result.exit_code == 0
    assert result.output == SMALL_SESSION


def test_caution_without_yes_or_terminal_is_skipped(small_catalogue) -> None:  # type: ignore[no-untyped-def]
    """Not a terminal and no --yes: the caution is printed and the exercise skipped, saying why."""
    result = invoke("--catalogue", str(small_catalogue), "session")
    assert result.exit_code == 0
    assert "CAUTION — Wall lean: Not with a sore wrist.\n" in result.output
    assert "Wall lean: declined (caution not confirmed: no terminal to ask in)." in result.output
    assert "hold 3 s" not in result.output


def typing(text: str) -> Surroundings:
    """A terminal to ask in, on which `text` is typed one key at a time."""
    return fake_surroundings(stdin_is_terminal=lambda: True, keys=lambda: TypingTerminalKeys(text))


def test_interactive_caution_answered_no(small_catalogue) -> None:  # type: ignore[no-untyped-def]
    """With a terminal to ask in, the person answers with one key: "n" skips the exercise."""
    result = invoke("--catalogue", str(small_catalogue), "session", "--no-checkin", surroundings=typing("n"))
    assert "Do Wall lean now? Press y for yes, or n for no to skip it; q quits." in result.output
    assert "Wall lean: declined (caution declined)." in result.output


def test_interactive_caution_answered_yes(small_catalogue) -> None:  # type: ignore[no-untyped-def]
    """Enter alone and other keys answer nothing; "y" goes ahead."""
    result = invoke("--catalogue", str(small_catalogue), "session", "--no-checkin", surroundings=typing("\r\nx?y"))
    assert "4 holds completed" in result.output
    assert "Wall lean: declined" not in result.output


def test_q_at_the_caution_ends_the_session(small_catalogue) -> None:  # type: ignore[no-untyped-def]
    """ "q" at a caution's question ends the session early, like q mid-hold: summary, exit status 0."""
    result = invoke("--catalogue", str(small_catalogue), "session", "--no-checkin", surroundings=typing("q"))
    assert result.exit_code == 0
    assert "Session ended early: 0 of 1 exercises done" in result.output


def test_ctrl_c_prints_the_summary_and_exits_130() -> None:
    """Ctrl-C mid-session: the summary of what was done, exit status 130, no traceback."""
    clock = FakeClock(ctrl_c_after=22)
    result = invoke("session", "--only", "pelvic-tilt,knee-rolls", surroundings=fake_surroundings(clock))
    assert result.exit_code == 130
    assert "Session interrupted: 0 of 2 exercises done, 2 not done; 1 hold completed" in result.output
    assert "  Pelvic tilt: unfinished (session interrupted)" in result.output
    assert "Traceback" not in result.output


def test_show_accepts_the_number_list_gives() -> None:
    """`show 3` shows the exercise `list` numbers 3, titled with that number."""
    result = invoke("show", "3")
    assert result.exit_code == 0
    assert "3. Knee rolls (knee-rolls)" in result.output


@pytest.mark.parametrize("number", ["0", "13"])
def test_show_a_number_outside_the_list_is_a_clear_error(number: str) -> None:
    """`show 13` (or 0) says there is no such number and what the numbers are, exit 2."""
    result = invoke("show", number)
    assert result.exit_code == 2
    assert result.stderr == f"No exercise number {number}: `list` numbers them from 1 to 12.\n"
