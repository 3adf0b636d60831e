"""Routines: named lists of exercises in the config file, run with `session --routine` and listed by `routines`."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from backrehab.catalogue.model import Catalogue
from backrehab.cli.app import main
from backrehab.plan import Order, PlanOptions, StepKind, make_plan
from backrehab.settings.configfile import parse_config
from backrehab.settings.routines import RoutineError, resolve_routine

from .fakes import fake_surroundings

CONFIG = """\
rest: 3
lead_in: 4
routines:
  morning: [knees-to-chest, pelvic-tilt, {id: knee-rolls, reps: 2, hold_seconds: 6}]
  busy:
    - deep-lunge
    - id: Pelvic tilt
      hold_seconds: 8
"""


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(CONFIG, encoding="utf-8")
    return path


def run(config: Path, *args: str) -> Result:
    """Run the command line with `config`; sessions run on a fake clock."""
    return CliRunner().invoke(main, ["--config", str(config), *args], obj=fake_surroundings())


def test_routine_plan_keeps_its_order_and_overrides(catalogue: Catalogue) -> None:
    """A routine's exercises come in the routine's order, with its own reps and holds for the entries that set them."""
    routine = resolve_routine(parse_config(CONFIG), "morning", catalogue)
    plan = make_plan(catalogue, routine.apply(PlanOptions()))
    assert [e.id for e in plan.exercises] == ["knees-to-chest", "pelvic-tilt", "knee-rolls"]
    knee_holds = [s for s in plan.steps if s.exercise.id == "knee-rolls" and s.kind is StepKind.HOLD]
    assert [(s.rep, s.seconds) for s in knee_holds] == [(1, 6.0), (1, 6.0), (2, 6.0), (2, 6.0)]
    tilt_holds = [s for s in plan.steps if s.exercise.id == "pelvic-tilt" and s.kind is StepKind.HOLD]
    assert [s.seconds for s in tilt_holds] == [5.0] * 5
    assert plan.left_out == ()


def test_only_and_skip_narrow_a_routine(catalogue: Catalogue) -> None:
    """--only keeps the routine's exercises it names, in the routine's order; --skip drops some; both say why."""
    options = resolve_routine(parse_config(CONFIG), "morning", catalogue).apply(PlanOptions())
    only = make_plan(catalogue, replace(options, only=("knee-rolls", "knees-to-chest")))
    assert [e.id for e in only.exercises] == ["knees-to-chest", "knee-rolls"]
    assert [(s.exercise.id, s.reason) for s in only.left_out] == [("pelvic-tilt", "not in --only")]
    skip = make_plan(catalogue, replace(options, skip=("pelvic-tilt",)))
    assert [e.id for e in skip.exercises] == ["knees-to-chest", "knee-rolls"]


def test_order_position_groups_a_routine(catalogue: Catalogue) -> None:
    """--order position sorts the routine's exercises by starting position, the routine's order within a group."""
    routine = resolve_routine(parse_config("routines:\n  r: [deep-lunge, pelvic-tilt, stomach-tone]\n"), "r", catalogue)
    plan = make_plan(catalogue, routine.apply(PlanOptions(order=Order.POSITION)))
    assert [e.id for e in plan.exercises] == ["stomach-tone", "pelvic-tilt", "deep-lunge"]


def test_session_routine_plan(config_file: Path) -> None:
    """session --routine busy --plan: the routine's exercises only, the name accepted for an id, the hold overridden."""
    result = run(config_file, "session", "--routine", "busy", "--plan")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "2 exercises, 22 steps, about 2 minutes:"
    assert lines[1] == "  0:00     4 s  Deep lunge: get into position"
    assert "     8 s  Pelvic tilt: hold, rep 5 of 5" in result.output
    assert "left out" not in result.output
    assert lines[-1] == "Total: 1:55 (115 s)"


def test_session_routine_runs(config_file: Path) -> None:
    """A routine runs as a session (on a fake clock): its exercises, numbered in its order."""
    result = run(config_file, "session", "--routine", "morning")
    assert result.exit_code == 0
    assert "Exercise 1 of 3: Knees to chest — 5 each knee × 5 s" in result.output
    assert "Exercise 3 of 3: Knee rolls — 2 each side × 6 s" in result.output
    assert "Session complete: 3 of 3 exercises done" in result.output


def test_routine_narrowed_to_nothing_exits_2(config_file: Path) -> None:
    """--only and --skip that leave nothing of the routine: a usage error naming the three options."""
    result = run(config_file, "session", "--routine", "busy", "--only", "deep-lunge", "--skip", "deep-lunge")
    assert result.exit_code == 2
    assert "No exercises left to do: --routine, --only and --skip leave nothing." in result.stderr


def test_unknown_id_in_routine_names_routine_file_and_place(tmp_path: Path) -> None:
    """A mistyped id gets "did you mean", with the config file, line and column, and the routine; exit 2."""
    path = tmp_path / "config.yaml"
    path.write_text("routines:\n  morning: [pelvic-tilt, kne-rolls]\n  other:\n    - id: leg-rase\n", encoding="utf-8")
    result = run(path, "session", "--routine", "morning", "--plan")
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {path}:2:26: routines.morning[2]: No exercise 'kne-rolls'. Did you mean 'knee-rolls'?\n"
    )
    assert result.stdout == ""
    listed = run(path, "routines")
    assert listed.exit_code == 2
    assert listed.stderr.splitlines() == [
        f"Error: {path}:2:26: routines.morning[2]: No exercise 'kne-rolls'. Did you mean 'knee-rolls'?",
        f"Error: {path}:4:7: routines.other[1]: No exercise 'leg-rase'. Did you mean 'leg-raise'?",
    ]


def test_exercise_listed_twice_is_an_error(catalogue: Catalogue) -> None:
    """The same exercise twice in a routine (by id or name) is reported at the second entry."""
    config = parse_config("routines:\n  r:\n    - pelvic-tilt\n    - Pelvic Tilt\n", label="c.yaml")
    with pytest.raises(RoutineError) as caught:
        resolve_routine(config, "r", catalogue)
    assert [str(p) for p in caught.value.problems] == [
        "<config>:4:7: routines.r[2]: 'pelvic-tilt' is listed twice (first on line 3)"
    ]


def test_unknown_routine_lists_the_known_ones(config_file: Path) -> None:
    """A mistyped routine name: click's usage error with the nearest name and the known ones, exit 2."""
    result = run(config_file, "session", "--routine", "mornin")
    assert result.exit_code == 2
    assert "Invalid value for '--routine': No routine 'mornin'. Did you mean 'morning'? Known: morning, busy." in (
        result.stderr
    )


def test_routine_without_any_in_the_config(tmp_path: Path) -> None:
    """--routine with a config file that has no routines says so, naming the file."""
    path = tmp_path / "none.yaml"
    path.write_text("rest: 5\n", encoding="utf-8")
    result = run(path, "session", "--routine", "morning")
    assert result.exit_code == 2
    assert f"No routine 'morning': the config file {path} has no routines." in result.stderr


def test_routines_lists_exercises_and_durations(config_file: Path) -> None:
    """`routines` shows each routine with its exercises' reps × hold and time, and the total, from the plan."""
    result = run(config_file, "routines")
    assert result.exit_code == 0
    assert result.output == (
        "morning: 3 exercises, 3:03 (about 3 minutes)\n"
        "   1. knees-to-chest  5 each knee × 5 s  1:39\n"
        "   2. pelvic-tilt     5 × 5 s            0:41\n"
        "   3. knee-rolls      2 each side × 6 s  0:43\n"
        "\n"
        "busy: 2 exercises, 1:55 (about 2 minutes)\n"
        "   1. deep-lunge   3 each leg × 5 s  0:59\n"
        "   2. pelvic-tilt  5 × 8 s           0:56\n"
    )


def test_routines_json_matches_the_plan(config_file: Path) -> None:
    """routines --json: each routine's total equals its plan's total in `session --plan --json`."""
    data = json.loads(run(config_file, "routines", "--json").output)
    assert [r["name"] for r in data] == ["morning", "busy"]
    plan = json.loads(run(config_file, "session", "--routine", "morning", "--plan", "--json").output)
    assert data[0]["total_seconds"] == plan["total_seconds"]
    assert data[0]["exercises"][2] == {
        "id": "knee-rolls",
        "name": "Knee rolls",
        "reps": 2,
        "per_side": True,
        "side_label": "side",
        "hold_seconds": 6,
        "seconds": 4 + 4 * 6 + 3 * 5,  # lead-in, 2 holds a side, 3 side changes of at least 5 s
    }


def test_routines_without_any_shows_how_to_add_one(isolated_env: Path) -> None:
    """With no config file yet, `routines` says where it would be and shows an example."""
    path = isolated_env / ".config" / "backrehab" / "config.yaml"
    result = CliRunner().invoke(main, ["routines"])
    assert result.exit_code == 0
    assert f"No routines in {path}." in result.output
    assert "  morning: [pelvic-tilt, knee-rolls" in result.output


def test_only_outside_the_routine_is_named(config_file: Path) -> None:
    """--only with an exercise the routine does not have says which one, exit 2."""
    result = run(config_file, "session", "--routine", "morning", "--only", "stomach-tone", "--plan")
    assert result.exit_code == 2
    assert "Not in routine 'morning': stomach-tone; --only picks from the routine." in result.stderr
