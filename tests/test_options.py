"""The options in effect are worked out once: every command that shows or runs a plan gives the same times."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from backrehab.catalogue.model import Catalogue
from backrehab.cli.app import main
from backrehab.settings.configfile import parse_config
from backrehab.settings.defaults import DEFAULT_LEAD_IN, DEFAULT_REST, Order
from backrehab.settings.ineffect import first_set, options_in_effect
from backrehab.settings.routines import ResolvedRoutine
from backrehab.wording import clock_text


def output(config: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["--config", str(config), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def times_by_command(config: Path, catalogue: Catalogue) -> dict[str, dict[str, float]]:
    """Each exercise's seconds as `list`, `show`, `routines`, `session --plan` and `export` give them."""
    ids = [e.id for e in catalogue.exercises]
    listed = {e["id"]: e["estimated_seconds"] for e in json.loads(output(config, "list", "--json"))}
    shown = {i: json.loads(output(config, "show", i, "--json"))["estimated_seconds"] for i in ids}
    (routine,) = json.loads(output(config, "routines", "--json"))
    routines = {e["id"]: e["seconds"] for e in routine["exercises"]}
    planned: dict[str, float] = dict.fromkeys(ids, 0.0)
    for step in json.loads(output(config, "session", "--plan", "--json"))["steps"]:
        planned[step["exercise"]] += step["seconds"]
    sheet = output(config, "export", "--format", "md", "-o", "-")
    export = dict(zip(ids, re.findall(r"takes about (\d+:\d\d)", sheet), strict=True))
    assert export == {i: clock_text(seconds) for i, seconds in listed.items()}, "export"
    return {"list": listed, "show": shown, "routines": routines, "session --plan": planned}


@pytest.mark.parametrize(
    ("settings", "pelvic_tilt"),
    [("", 55.0), ("rest: 1\nlead_in: 0\n", 29.0), ("rest: 2.5\nlead_in: 0.5\n", 35.5)],
    ids=["defaults", "rest-1-lead-in-0", "half-seconds"],
)
def test_every_command_gives_each_exercise_the_same_time(
    tmp_path: Path, catalogue: Catalogue, settings: str, pelvic_tilt: float
) -> None:
    """list, show, routines, session --plan and export agree on every exercise's time, config file or not."""
    config = tmp_path / "config.yaml"
    ids = ", ".join(e.id for e in catalogue.exercises)
    config.write_text(f"{settings}routines:\n  everything: [{ids}]\n", encoding="utf-8")
    times = times_by_command(config, catalogue)
    assert times["list"]["pelvic-tilt"] == pelvic_tilt
    for name, seen in times.items():
        assert seen == times["list"], name


def test_the_routine_commands_agree_on_a_routines_own_holds_and_reps(tmp_path: Path) -> None:
    """With a routine's own hold and reps, `routines`, `session --plan --routine` and `export --routine` agree."""
    config = tmp_path / "config.yaml"
    config.write_text(
        "rest: 2\nlead_in: 3\nroutines:\n  short: [{id: pelvic-tilt, reps: 2, hold_seconds: 7}, knee-rolls]\n",
        encoding="utf-8",
    )
    (routine,) = json.loads(output(config, "routines", "--json"))
    listed = {e["id"]: e["seconds"] for e in routine["exercises"]}
    planned = {"pelvic-tilt": 0.0, "knee-rolls": 0.0}
    for step in json.loads(output(config, "session", "--plan", "--json", "--routine", "short"))["steps"]:
        planned[step["exercise"]] += step["seconds"]
    sheet = output(config, "export", "--routine", "short", "--format", "md", "-o", "-")
    assert listed == planned == {"pelvic-tilt": 3 + 7 + 2 + 7, "knee-rolls": planned["knee-rolls"]}
    assert re.findall(r"takes about (\d+:\d\d)", sheet) == [clock_text(s) for s in planned.values()]
    assert "Hold 7 s · 2 times" in sheet


def test_the_command_line_wins_over_the_config_file_which_wins_over_the_defaults() -> None:
    """Rest and lead-in come from the command line, else the config file, else the built-in defaults."""
    config = parse_config("rest: 1\nlead_in: 0\n")
    assert (options_in_effect(config, holds={}).rest, options_in_effect(config, holds={}).lead_in) == (1.0, 0.0)
    given = options_in_effect(config, holds={}, rest=3, lead_in=4, order=Order.POSITION)
    assert (given.rest, given.lead_in, given.order) == (3, 4, Order.POSITION)
    default = options_in_effect(parse_config(""), holds={})
    assert (default.rest, default.lead_in, default.order) == (DEFAULT_REST, DEFAULT_LEAD_IN, Order.SOURCE)


def test_a_routines_own_hold_wins_over_the_current_hold() -> None:
    """The current holds go into the plan; a routine's own hold and reps win over them for its exercises."""
    routine = ResolvedRoutine("r", ("pelvic-tilt", "stomach-tone"), reps={"pelvic-tilt": 2}, holds={"pelvic-tilt": 9})
    options = options_in_effect(parse_config(""), holds={"pelvic-tilt": 6, "stomach-tone": 7}, routine=routine)
    assert dict(options.holds) == {"pelvic-tilt": 9, "stomach-tone": 7}
    assert (dict(options.reps), options.routine) == ({"pelvic-tilt": 2}, ("pelvic-tilt", "stomach-tone"))


def test_first_set_takes_the_first_value_given_zero_included() -> None:
    """0 on the command line is a value (no lead-in), not "not given"."""
    assert first_set(None, 0.0, default=5.0) == 0.0
    assert first_set(None, None, default=5.0) == 5.0
    assert first_set(None, None) is None
