"""Figures: each exercise's two poses as data, checked like every key, drawn as SVG and as braille cells."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from backrehab.catalogue.check import parse_catalogue
from backrehab.catalogue.model import Catalogue, CatalogueError, Exercise
from backrehab.cli.app import main
from backrehab.figures import check as figure_check
from backrehab.figures.body import anchor, place, resolve, through_body
from backrehab.figures.cells import figure_rows, person_rows, phase_at, size_for
from backrehab.figures.check import BODY_JOINTS, LIMB_JOINTS, Range
from backrehab.figures.draw import Disc, Role, Stroke, held_scene, moment_scene
from backrehab.figures.pose import (
    Figure,
    Ground,
    Limbs,
    Pose,
    Prop,
    View,
)
from backrehab.figures.svg import figure_svg, render
from backrehab.plan import StepKind, make_plan
from backrehab.screen.big import BigDisplay
from backrehab.screen.static import MIN_FIGURE_ROWS, figure_layout
from tests.browser import needs_browser, print_to_pdf
from tests.fakes import fake_surroundings
from tests.samples import WALL_LEAN
from tests.terminal import SGR, finish, spawn

BRAILLE = {chr(c) for c in range(0x2801, 0x2900)}


def with_figure(block: str) -> str:
    return WALL_LEAN + "    figure:\n" + block


def problems(text: str) -> list[str]:
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue(text, label="cat.yaml")
    return [str(p) for p in caught.value.problems]


# -- the model -------------------------------------------------------------------------


def test_every_bundled_exercise_has_two_different_poses(catalogue: Catalogue) -> None:
    """All twelve exercises have a figure; it starts in the exercise's posture and the held pose differs."""
    assert len(catalogue.exercises) == 12
    for exercise in catalogue.exercises:
        figure = exercise.figure
        assert figure is not None, exercise.id
        assert figure.start.ground.value == exercise.posture.value, exercise.id
        assert resolve(figure.start) != resolve(figure.held), exercise.id


@pytest.mark.parametrize("ground", list(Ground))
def test_a_placed_body_rests_on_the_floor(ground: Ground) -> None:
    """Whatever the ground, the lowest point of the figure is at floor level, none below it."""
    body = place(resolve(Pose(ground)))
    lowest = min(y for _, y, _ in body.points.values())
    assert -0.01 < lowest < 0.6


def test_all_fours_puts_hands_and_knees_on_the_floor_together(catalogue: Catalogue) -> None:
    """On all fours the trunk tips until the supporting hand and knee touch the floor at the same height."""
    exercise = catalogue.find("back-stabiliser")
    assert exercise is not None
    assert exercise.figure is not None
    body = place(resolve(exercise.figure.held))
    hand = min(body["left.hand"][1], body["right.hand"][1])
    knee = min(body["left.knee"][1], body["right.knee"][1])
    assert abs(hand - knee) < 0.01


def test_the_moving_part_and_arrow_follow_the_change(catalogue: Catalogue) -> None:
    """Knees to chest: the lifted leg is drawn in the moving colour, and an arrow shows the knee's path."""
    exercise = catalogue.find("knees-to-chest")
    assert exercise is not None
    assert exercise.figure is not None
    scene = held_scene(exercise.figure)
    assert any(shape.role is Role.MOVING for shape in scene.shapes)
    assert scene.arrows
    assert any(shape.role is Role.GHOST for shape in scene.shapes)


def test_catalogue_with_figures_survives_the_cache_format(catalogue: Catalogue) -> None:
    """The poses are plain frozen data: a catalogue stored as the cache's JSON rebuilds unchanged."""
    import json

    from backrehab import cache
    from backrehab.catalogue.model import KINDS
    from backrehab.figures.pose import KINDS as FIGURE_KINDS

    text = json.dumps(cache.to_data(catalogue, set()))
    assert cache.from_data(text, KINDS + FIGURE_KINDS) == catalogue


def test_figure_is_optional_and_round_trips_to_json() -> None:
    """A custom exercise without a figure loads (no drawing); one with a figure gives it back under its keys."""
    assert parse_catalogue(WALL_LEAN).exercises[0].figure is None
    text = with_figure("      props: [worktop]\n      start: {}\n      held:\n        right: {knee: 90}\n")
    figure = parse_catalogue(text).exercises[0].to_dict()["figure"]
    assert figure == {
        "view": "side",
        "props": ["worktop"],
        "start": {"ground": "standing"},
        "held": {"ground": "standing", "right": {"knee": 90.0}},
    }


def test_angles_for_both_sides_and_one_side() -> None:
    """`knee: 30` bends both knees; `left: {knee: 90}` then overrides the left one."""
    text = with_figure("      start: {}\n      held:\n        knee: 30\n        left: {knee: 90}\n")
    held = parse_catalogue(text).exercises[0].figure.held  # type: ignore[union-attr]
    assert (held.left.knee, held.right.knee) == (90.0, 30.0)


def test_every_angle_of_a_pose_has_a_checked_range() -> None:
    """The angles a pose holds and writes back (its fields, `Limbs`' fields) are exactly those the loader checks."""
    from dataclasses import fields

    from backrehab.figures.pose import BODY_ANGLES

    not_angles = {"ground", "left", "right", "stomach", "floor"}
    assert set(BODY_ANGLES) == set(BODY_JOINTS) == {f.name for f in fields(Pose)} - not_angles
    assert [f.name for f in fields(Limbs)] == list(LIMB_JOINTS)


@st.composite
def poses(draw: st.DrawFn) -> Pose:
    def angles(table: dict[str, Range]) -> dict[str, float]:
        chosen = draw(st.sets(st.sampled_from(sorted(table))))
        return {name: draw(st.floats(table[name].low, table[name].high)) for name in chosen}

    return Pose(
        draw(st.sampled_from(Ground)),
        Limbs(**angles(LIMB_JOINTS)),
        Limbs(**angles(LIMB_JOINTS)),
        **angles(BODY_JOINTS),
    )


@settings(max_examples=60, deadline=None)
@given(
    start=poses(),
    held=poses(),
    view=st.sampled_from(View),
    props=st.lists(st.sampled_from(Prop), max_size=2, unique=True),
    width=st.integers(1, 40),
    height=st.integers(1, 12),
    phase=st.floats(0, 1),
)
def test_any_pose_in_range_can_be_drawn(
    start: Pose, held: Pose, view: View, props: list[Prop], width: int, height: int, phase: float
) -> None:
    """Whatever a custom catalogue writes within the ranges, the SVG and the cells come out, the cells at their size."""
    figure = Figure(start, held, view, tuple(props))
    assert figure_svg(figure, title="t").startswith("<svg")
    columns, rows = size_for(figure, width, height)
    assert 1 <= columns <= width
    assert 1 <= rows <= height
    drawn = figure_rows(figure, phase, columns, rows)
    assert [len(row) for row in drawn] == [columns] * rows


# -- validation --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("block", "message"),
    [
        (
            "      start: {}\n      held: {elbw: 30}\n",
            "cat.yaml:11:14: wall-lean.figure.held.elbw: unknown key (did you mean 'elbow'?)",
        ),
        (
            "      start: {}\n      held:\n        left: {wrist: 30}\n",
            "cat.yaml:12:16: wall-lean.figure.held.left.wrist: unknown key; known keys: ankle, elbow, hip, knee,",
        ),
        (
            "      start: {knee: 200}\n      held: {}\n",
            "cat.yaml:10:21: wall-lean.figure.start.knee: must be an angle from 0 to 165 degrees "
            "(the lower leg back (bending the knee)), got 200",
        ),
        (
            "      start: {}\n      held:\n        right: {hip: -90}\n",
            "cat.yaml:12:22: wall-lean.figure.held.right.hip: must be an angle from -45 to 150 degrees",
        ),
        (
            "      start: {knee: 1" + "0" * 400 + "}\n      held: {}\n",
            "cat.yaml:10:21: wall-lean.figure.start.knee: must be an angle from 0 to 165 degrees",
        ),
        (
            "      start: {}\n      held: {spine: -1.0e+309}\n",
            "cat.yaml:11:21: wall-lean.figure.held.spine: must be an angle from -20 to 20 degrees",
        ),
        (
            "      start: {spine: lots}\n      held: {}\n",
            "cat.yaml:10:22: wall-lean.figure.start.spine: must be an angle from -20 to 20 degrees",
        ),
        (
            "      start: {ground: sitting}\n      held: {}\n",
            "cat.yaml:10:23: wall-lean.figure.start.ground: must be one of front, back, all-fours,",
        ),
        (
            "      props: [sofa]\n      start: {}\n      held: {}\n",
            "cat.yaml:10:15: wall-lean.figure.props[1]: must be one of chair, worktop, got 'sofa'",
        ),
        ("      start: {}\n", "cat.yaml:10:7: wall-lean.figure: missing key 'held' (the held pose)"),
    ],
)
def test_bad_poses_are_located(block: str, message: str) -> None:
    """Unknown joints, angles out of range or not numbers, bad grounds or props, missing poses: line and column."""
    (line,) = problems(with_figure(block))
    assert line.startswith(message)


def test_a_limb_through_the_body_is_refused() -> None:
    """Lying face down with a thigh drawn up under the trunk is a pose no one could take: refused at the pose,
    saying which limb goes through what."""
    block = "      start: {}\n      held:\n        ground: front\n        left: {hip: 150}\n"
    (line,) = problems(with_figure(block))
    assert line == (
        "cat.yaml:12:9: wall-lean.figure.held: the left thigh passes through the body; "
        "change the angles so that it goes beside it"
    )


def test_a_leg_through_the_head_is_found() -> None:
    """The same rule for the head: a leg whose line crosses the head (here a shin moved onto it) is named.

    No pose within the joints' ranges brings a leg to the head, so the body is built by hand."""
    from dataclasses import replace

    from backrehab.figures.body import through_body

    body = place(resolve(Pose(Ground.BACK)))
    head = body["head"]
    moved = replace(body, points={**body.points, "left.ankle": (head[0], head[1], 0.2)})
    assert ("left lower leg", "head") in through_body(moved, 0.1)
    assert through_body(body, 0.1) == []


def test_no_pose_within_the_ranges_brings_a_leg_to_the_head() -> None:
    """Why the head's rule is tested on a hand-built body: over every ground and a grid of the leg's and the
    body's angles across their whole ranges, no leg reaches the head."""
    for ground in Ground:
        for hip in range(-45, 151, 15):
            for knee in range(0, 166, 33):
                for lean, roll, spine in ((-45, -90, -20), (0, 0, 0), (45, 90, 20), (90, 0, -20)):
                    pose = Pose(ground, left=Limbs(hip=hip, knee=knee), lean=lean, roll=roll, spine=spine, neck=60)
                    assert "head" not in {part for _, part in through_body(place(resolve(pose)), 0.1)}


def test_a_limb_the_loader_finds_in_the_head_is_refused_at_its_pose(monkeypatch: pytest.MonkeyPatch) -> None:
    """The loader's message for the head, located at the pose, should a future range let a limb reach it."""
    real = figure_check.through_body
    monkeypatch.setattr(
        figure_check, "through_body", lambda body, tolerance: [*real(body, tolerance), ("left foot", "head")]
    )
    block = "      start: {}\n      held:\n        ground: back\n"
    lines = problems(with_figure(block))
    assert "cat.yaml:12:9: wall-lean.figure.held: the left foot passes through the head; " in lines[-1]


def test_a_part_said_to_rest_on_the_floor_must_touch_it() -> None:
    """Standing on the left foot with the right knee lifted: `floor: [feet]` is refused at the list item,
    with how far the right foot is off the floor; `floor: [left-foot]` loads."""
    block = "      start: {floor: [feet]}\n      held:\n        right: {hip: 90, knee: 90}\n        floor: [PART]\n"
    (line,) = problems(with_figure(block.replace("PART", "feet")))
    assert line.startswith(
        "cat.yaml:13:17: wall-lean.figure.held.floor[1]: said to rest on the floor, but the right foot is 1."
    )
    assert parse_catalogue(with_figure(block.replace("PART", "left-foot"))).exercises[0].figure is not None


def test_floor_contacts_are_located_like_any_key() -> None:
    """An unknown part in `floor` and an unknown `stomach` are reported at their place."""
    found = problems(with_figure("      start: {floor: [elbows]}\n      held: {stomach: out}\n"))
    assert [line.split(": ")[0] for line in found] == ["cat.yaml:10:23", "cat.yaml:11:23"]


def test_every_bundled_floor_contact_holds(catalogue: Catalogue) -> None:
    """The bundled figures say what rests on the floor in every lying, kneeling and standing pose, and loading
    them checked it: feet flat in pelvic tilt, hands and knees down on all fours, hips flat in leg raise."""
    from backrehab.figures.pose import Contact

    for exercise in catalogue.exercises:
        assert exercise.figure is not None
        for pose in (exercise.figure.start, exercise.figure.held):
            assert pose.floor, exercise.id
    floors = {e.id: e.figure.held.floor for e in catalogue.exercises if e.figure}
    assert Contact.FEET in floors["pelvic-tilt"]
    assert {Contact.HANDS, Contact.KNEES} <= set(floors["deep-stomach-muscle-tone"])
    assert Contact.HIPS in floors["leg-raise"]


def test_the_hand_holds_the_foot_in_one_leg_stand(catalogue: Catalogue) -> None:
    """One-leg stand: the hand behind reaches the foot it holds (within a hand's width), as the leaflet says."""
    import math

    exercise = catalogue.find("one-leg-stand")
    assert exercise is not None
    assert exercise.figure is not None
    body = place(resolve(exercise.figure.held))
    foot = [(body["right.ankle"][i] + body["right.toe"][i]) / 2 for i in range(2)]
    assert math.dist(body["right.hand"][:2], foot) < 0.3


def test_knees_to_chest_brings_the_knee_to_the_chest_in_the_hands(catalogue: Catalogue) -> None:
    """The lifted knee is over the chest half of the trunk (not the belly), and both hands are at it."""
    import math

    exercise = catalogue.find("knees-to-chest")
    assert exercise is not None
    assert exercise.figure is not None
    body = place(resolve(exercise.figure.held))
    hips, shoulders = body["spine.0"][0], body["spine.6"][0]
    knee = body["right.knee"]
    assert abs(knee[0] - shoulders) < abs(knee[0] - hips) * 1.2
    assert math.dist(body["right.hand"][:2], knee[:2]) < 0.7


def test_every_pose_problem_at_once() -> None:
    """Two bad angles in two poses are both reported, each at its own place."""
    found = problems(with_figure("      start: {neck: 90}\n      held: {roll: 100}\n"))
    assert [line.split(": ")[0] for line in found] == ["cat.yaml:10:21", "cat.yaml:11:20"]


def test_validate_command_reports_a_bad_pose(tmp_path: Path) -> None:
    """`validate` on a catalogue with an angle out of range exits 2 with the file's line and column."""
    path = tmp_path / "mine.yaml"
    path.write_text(with_figure("      start: {}\n      held: {elbow: 170}\n"), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    assert f"Error: {path}:11:21: wall-lean.figure.held.elbow: must be an angle from 0 to 160 degrees" in result.output


# -- SVG --------------------------------------------------------------------------------


def test_svg_is_well_formed_and_titled(catalogue: Catalogue) -> None:
    """Every figure's SVG parses as XML, carries its title for screen readers and draws no text of its own."""
    for exercise in catalogue.exercises:
        assert exercise.figure is not None
        svg = figure_svg(exercise.figure, title=f"{exercise.name} <drawn>")
        root = ET.fromstring(svg)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        title = root.find("{http://www.w3.org/2000/svg}title")
        assert title is not None
        assert title.text == f"{exercise.name} <drawn>"
        assert root.find(".//{http://www.w3.org/2000/svg}text") is None


@needs_browser
def test_each_figure_renders_through_chromium_and_the_poses_differ(catalogue: Catalogue, tmp_path: Path) -> None:
    """Each exercise's start and held poses, printed by Chromium, are visible drawings that differ from each other."""
    pages = []
    for exercise in catalogue.exercises:
        assert exercise.figure is not None
        for phase in (0.0, 1.0):
            svg = render(moment_scene(exercise.figure, phase), title=exercise.name)
            pages.append(f"<div>{svg}</div>")
    page = tmp_path / "figures.html"
    page.write_text(
        "<!DOCTYPE html><style>@page { size: 80mm 60mm; margin: 4mm; }"
        " svg { display: block; width: 70mm; height: 45mm; } div + div { break-before: page; }</style>"
        + "".join(pages),
        encoding="utf-8",
    )
    pdf = print_to_pdf(page, tmp_path)
    subprocess.run(["pdftoppm", "-r", "40", "-gray", str(pdf), str(tmp_path / "page")], check=True, timeout=120)
    images = sorted(tmp_path.glob("page-*.pgm"))
    assert len(images) == 24
    inked = [_dark_pixels(image) for image in images]
    for number, exercise in enumerate(catalogue.exercises):
        start, held = inked[2 * number], inked[2 * number + 1]
        assert len(start) > 150, exercise.id
        assert len(held) > 150, exercise.id
        assert len(start ^ held) > 15, exercise.id


def _dark_pixels(image: Path) -> set[int]:
    """Where a binary PGM from pdftoppm is darker than the paper."""
    data = image.read_bytes()
    fields = data.split(maxsplit=4)
    assert fields[0] == b"P5"
    width, height = int(fields[1]), int(fields[2])
    pixels = data[len(data) - width * height :]
    return {i for i, value in enumerate(pixels) if value < 235}


# -- the terminal --------------------------------------------------------------------------


def test_braille_rows_fit_the_size_asked_for(catalogue: Catalogue) -> None:
    """The rasterised figure has exactly the rows and columns asked for, drawn in braille, the floor at the bottom."""
    exercise = catalogue.find("knees-to-chest")
    assert exercise is not None
    assert exercise.figure is not None
    rows = figure_rows(exercise.figure, 1.0, 24, 7)
    assert len(rows) == 7
    assert all(len(row) == 24 for row in rows)
    drawn = {char for row in rows for char, _ in row}
    assert drawn - {" "} <= BRAILLE
    assert any(role is Role.FLOOR for _, role in rows[-1])
    assert any(role is Role.MOVING for row in rows for _, role in row)


def test_show_in_a_terminal_draws_both_poses() -> None:
    """`show knee-rolls` in a real terminal draws the start and the hold in braille above the position.

    After a `list`, whose cached catalogue is read without its figures, so they come from the cache too.
    """
    CliRunner().invoke(main, ["list"], catch_exceptions=False)
    child = spawn(["show", "knee-rolls"], rows=40, columns=100)
    output = SGR.sub(b"", finish(child)).decode()
    assert sum(output.count(char) for char in BRAILLE) > 60
    assert "start" in output
    assert "hold" in output
    assert output.index("hold") < output.index("Position: Lying on your back")


@pytest.mark.parametrize(("columns", "drawn"), [(40, True), (30, False)])
def test_show_fits_the_figures_to_a_narrow_terminal(columns: int, drawn: bool) -> None:
    """At 40 columns both figures shrink to fit the panel whole; at 30 there is no room and none is drawn."""
    output = SGR.sub(b"", finish(spawn(["show", "knees-to-chest"], rows=40, columns=columns))).decode()
    figure_lines = [line for line in output.splitlines() if set(line) & BRAILLE]
    assert bool(figure_lines) is drawn
    assert all(line.rstrip().endswith("│") for line in figure_lines)  # the panel's right border, not cut off
    assert "Position: Lying on your" in output


@pytest.mark.parametrize("env", [{}, {"TERM": "dumb"}])
def test_piped_or_dumb_show_has_no_drawing(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Piped (and on a dumb terminal) `show` gives the position in words and no drawing for a screen reader."""
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    output = CliRunner().invoke(main, ["show", "knee-rolls"], catch_exceptions=False).output
    assert "Position: Lying on your back, knees bent, feet together." in output
    assert not set(output) & BRAILLE


def test_dumb_terminal_show_has_no_drawing() -> None:
    """In a real terminal whose TERM is dumb, `show` prints no braille."""
    output = finish(spawn(["show", "knee-rolls"], rows=40, columns=100, TERM="dumb")).decode()
    assert "Position: Lying on your back" in output
    assert not set(output) & BRAILLE


def test_piped_session_describes_the_position_without_drawing() -> None:
    """Piped, the lead-in says the position in words and the steps, with no drawing."""
    output = (
        CliRunner()
        .invoke(main, ["session", "--only", "deep-lunge"], catch_exceptions=False, obj=fake_surroundings())
        .output
    )
    lines = output.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("Get into position"))
    assert lines[at] == "Get into position (10 s): Kneeling on one knee with the other foot out in front."
    assert lines[at + 1].startswith("  1. Raise the back knee")
    assert not set(output) & BRAILLE


@pytest.mark.slow  # a real process
def test_plain_display_in_a_terminal_has_no_drawing() -> None:
    """`--display plain` in a real terminal, for a screen reader, gives the position in words and no braille."""
    args = ["session", "--yes", "--no-voice", "--no-sound", "--only", "knee-rolls", "--display", "plain"]
    output = SGR.sub(b"", finish(spawn([*args, "--speed", "100"], rows=30, columns=100))).decode()
    assert "Get into position (10 s): Lying on your back, knees bent, feet together." in output
    assert not set(output) & BRAILLE


def test_custom_catalogue_without_figures_runs(tmp_path: Path) -> None:
    """Without a figure, the lead-in goes straight from the position to the steps."""
    path = tmp_path / "one.yaml"
    path.write_text(WALL_LEAN, encoding="utf-8")
    output = (
        CliRunner()
        .invoke(main, ["--catalogue", str(path), "session"], catch_exceptions=False, obj=fake_surroundings())
        .output
    )
    assert "Get into position (10 s): Facing a wall.\n  1. Lean in.\n" in output


def lead_in_view(catalogue: Catalogue, exercise_id: str, elapsed: float, width: int = 100, height: int = 30) -> str:
    plan = make_plan(catalogue)
    step = next(s for s in plan.steps if s.exercise.id == exercise_id and s.kind is StepKind.LEAD_IN)
    console = Console(width=width, height=height, record=True, color_system=None, force_terminal=True)
    display = BigDisplay(catalogue, console, keys_active=True)
    display.steps, display.total, display.count = plan.steps, plan.total_seconds, len(plan.exercises)
    display.step, display.left, display.session_left = step, step.seconds - elapsed, 600
    console.print(display.render())
    return console.export_text()


def test_get_ready_figure_moves_between_the_poses(catalogue: Catalogue) -> None:
    """Beside the big countdown the figure starts in the starting pose, reaches the held pose, and comes back."""
    assert [phase_at(s) for s in range(7)] == [0.0, 0.0, 0.5, 1.0, 1.0, 0.5, 0.0]
    first, later = lead_in_view(catalogue, "knees-to-chest", 0), lead_in_view(catalogue, "knees-to-chest", 3)
    assert set(first) & BRAILLE
    assert set(later) & BRAILLE
    assert first != later


def test_get_ready_figure_leaves_room_for_the_digits_in_a_small_terminal(catalogue: Catalogue) -> None:
    """At 40×16 the big view keeps its digits; a figure is drawn only where it fits."""
    text = lead_in_view(catalogue, "deep-lunge", 0, 40, 16)
    assert "GET READY" in text
    assert all(len(line) <= 40 for line in text.splitlines())


# -- the docs --------------------------------------------------------------------------------

DOCS = Path(__file__).resolve().parent.parent / "docs"
CATALOGUE_PAGE = DOCS / "catalogue.md"
HANDOUT_PAGE = DOCS / "handout.md"


def test_joint_table_is_the_code_s() -> None:
    """The catalogue page's table of pose angles gives each joint's range and meaning as the loader checks them."""
    from backrehab.figures.check import BODY_JOINTS, LIMB_JOINTS

    text = CATALOGUE_PAGE.read_text(encoding="utf-8")
    table = text[text.index("<!-- joints -->\n") + 16 : text.index("<!-- /joints -->")]
    expected = "".join(
        f"| `{name}` | {limits.low:g} to {limits.high:g} | {limits.meaning} |\n"
        for name, limits in {**LIMB_JOINTS, **BODY_JOINTS}.items()
    )
    assert table == expected


def test_figure_example_is_the_bundled_one(catalogue: Catalogue) -> None:
    """The catalogue page's example `figure` parses to knees to chest's figure in the bundled catalogue."""
    import re

    block = re.search(r"```yaml\n(    figure:\n.*?)```", CATALOGUE_PAGE.read_text(encoding="utf-8"), re.DOTALL)
    assert block is not None
    parsed = parse_catalogue(WALL_LEAN.replace("standing", "back") + block[1]).exercises[0].figure
    bundled = catalogue.find("knees-to-chest")
    assert bundled is not None
    assert parsed == bundled.figure


def test_handout_page_shows_a_printed_page() -> None:
    """The handout page's picture of a printed page is a PNG in docs/."""
    assert "](handout-page.png)" in HANDOUT_PAGE.read_text(encoding="utf-8")
    assert (DOCS / "handout-page.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


@pytest.mark.parametrize("width", [40, 12])
def test_the_moving_figure_is_drawn_as_its_text(catalogue: Catalogue, width: int) -> None:
    """The get-ready figure, drawn a run of one colour at a time, looks cell for cell as the coloured text
    `show` prints, cut alike when the room is narrower than the figure."""

    from backrehab.figures.cells import figure_cells, figure_rows, to_text

    def cells(renderable: object) -> list[list[tuple[str, object]]]:
        console = Console(width=width, color_system="truecolor", force_terminal=True)
        lines = console.render_lines(renderable, console.options, pad=True)  # type: ignore[arg-type]
        return [[(char, segment.style or None) for segment in line for char in segment.text] for line in lines]

    for exercise in catalogue.exercises:
        assert exercise.figure is not None
        for phase in (0.0, 0.5, 1.0):
            drawn = figure_cells(exercise.figure, phase, 30, 8)
            assert cells(drawn) == cells(to_text(figure_rows(exercise.figure, phase, 30, 8)))
            assert figure_cells(exercise.figure, phase, 30, 8) is drawn  # kept: drawn once per moment


LYING = ("stomach-tone", "pelvic-tilt", "knee-rolls", "knees-to-chest", "buttock-tone", "leg-raise", "arm-raise")


@pytest.mark.parametrize("exercise_id", LYING)
def test_show_draws_lying_figures_at_least_five_rows_tall_without_colour(exercise_id: str) -> None:
    """`show` at 100×30 with NO_COLOR draws each lying figure's hold at least 5 braille rows tall, and the
    moving part is marked by an arrow, so it reads on a monochrome terminal."""
    child = spawn(["show", exercise_id], rows=30, columns=100, NO_COLOR="1")
    output = SGR.sub(b"", finish(child)).decode()
    drawn = [line for line in output.splitlines() if set(line) & BRAILLE]
    assert len(drawn) >= 5, output
    exercise = parse_catalogue(
        (Path(__file__).resolve().parent.parent / "exercises.yaml").read_text(encoding="utf-8")
    ).find(exercise_id)
    assert exercise is not None
    assert exercise.figure is not None
    assert moment_scene(exercise.figure, 1.0).arrows


def _with_figure(catalogue: Catalogue, exercise_id: str) -> Exercise:
    """The bundled exercise, which has a figure."""
    exercise = catalogue.find(exercise_id)
    assert exercise is not None
    assert exercise.figure is not None
    return exercise


@pytest.mark.parametrize("exercise_id", LYING)
def test_the_person_itself_is_at_least_five_rows_tall_in_show_at_100_columns(
    catalogue: Catalogue, exercise_id: str
) -> None:
    """Rows of an arrow above a flat body do not count: a figure too low side by side goes under its start."""
    exercise = _with_figure(catalogue, exercise_id)
    room = 100 - 4  # the panel's borders and padding
    width, height, stacked = figure_layout(exercise.figure, room)
    assert person_rows(exercise.figure, width, height) >= MIN_FIGURE_ROWS
    assert width <= (room if stacked else (room - 3) // 2)


def test_flat_figures_go_under_their_start_and_upright_ones_beside_it(catalogue: Catalogue) -> None:
    stacked = {e.id for e in catalogue.exercises if e.figure and figure_layout(e.figure, 96)[2]}
    assert {"stomach-tone", "leg-raise", "arm-raise"} <= stacked
    assert not stacked & {"one-leg-stand", "deep-lunge", "hamstring-stretch", "back-stabiliser"}


def _head_and_face(figure: Figure) -> tuple[Disc, Disc, list[Disc]]:
    """The held pose's head, its pale face and its eyes."""
    shapes = held_scene(figure).shapes
    face = next(s for s in shapes if isinstance(s, Disc) and s.role is Role.FACE)
    eyes = [s for s in shapes if isinstance(s, Disc) and s.role is Role.EYE]
    head = max(
        (s for s in shapes if isinstance(s, Disc) and s.role in (Role.BODY, Role.MOVING)), key=lambda d: d.radius
    )
    return head, face, eyes


@pytest.mark.parametrize("exercise_id", LYING)
def test_a_lying_figure_shows_which_way_its_face_points(catalogue: Catalogue, exercise_id: str) -> None:
    """Seen from the side, a face on the back looks up, in profile; face down it looks to the floor. Seen from
    above, a face looking up at the viewer has two eyes."""
    exercise = _with_figure(catalogue, exercise_id)
    head, face, eyes = _head_and_face(exercise.figure)
    if exercise.figure.view is View.SIDE:
        assert len(eyes) == 1
        up = face.centre[1] - head.centre[1]
        assert up > 0 if exercise.figure.held.ground is Ground.BACK else up < 0
    else:
        assert len(eyes) == 2


def _floor_y(figure: Figure) -> float:
    floor = next(s for s in held_scene(figure).shapes if s.role is Role.FLOOR)
    assert isinstance(floor, Stroke)
    return floor.points[0][1]


def test_no_arrow_comes_up_from_under_the_floor(catalogue: Catalogue) -> None:
    """Drawing the stomach in face down is an arrow from the belly into the trunk, not from below the floor."""
    for exercise in catalogue.exercises:
        assert exercise.figure is not None
        if exercise.figure.view is not View.SIDE:
            continue
        floor = _floor_y(exercise.figure)
        for path in held_scene(exercise.figure).arrows:
            assert min(y for _, y in path) > floor, exercise.id


def test_face_down_the_stomach_arrow_points_up_into_the_trunk(catalogue: Catalogue) -> None:
    exercise = _with_figure(catalogue, "stomach-tone")
    (path,) = held_scene(exercise.figure).arrows
    assert path[-1][1] > path[0][1]  # upwards, towards the spine
    assert path[-1][0] == pytest.approx(path[0][0])


def _distance_to_segment(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length))
    return float(((p[0] - a[0] - t * dx) ** 2 + (p[1] - a[1] - t * dy) ** 2) ** 0.5)


def test_the_knee_rolls_arrow_lies_clear_of_the_legs_and_points_the_way_they_roll(catalogue: Catalogue) -> None:
    """Seen from above, knees rolling over are a short arrow out from the leading knee, on no limb."""
    exercise = _with_figure(catalogue, "knee-rolls")
    scene = held_scene(exercise.figure)
    (path,) = scene.arrows
    limbs = [s for s in scene.shapes if isinstance(s, Stroke) and s.role in (Role.BODY, Role.MOVING, Role.FAR)]
    for point in path:
        for limb in limbs:
            for a, b in zip(limb.points, limb.points[1:], strict=False):
                assert _distance_to_segment(point, a, b) > limb.width / 2
    start, held = (moment_scene(exercise.figure, phase) for phase in (0.0, 1.0))
    knees = [s for s in held.shapes if isinstance(s, Stroke) and s.role is Role.MOVING]
    lowest_knee = min(y for s in knees for _, y in s.points)
    assert path[-1][1] < path[0][1] < lowest_knee  # down the picture: the way the knees went
    assert start.bounds == held.bounds


def test_seen_from_beyond_the_feet_a_face_up_looks_at_the_viewer() -> None:
    """From beyond the feet and above, a face turned up is turned towards the eye: two eyes, not a profile."""
    lying = Pose(Ground.BACK, left=Limbs(hip=45, knee=112, ankle=22), right=Limbs(hip=45, knee=112, ankle=22))
    figure = Figure(start=lying, held=Pose(Ground.BACK, roll=-45), view=View.FEET)
    _, _, eyes = _head_and_face(figure)
    assert len(eyes) == 2


@pytest.mark.parametrize("exercise_id", ["stomach-tone", "deep-stomach-muscle-tone"])
def test_the_stomach_drawn_in_colours_the_belly_not_the_whole_trunk(catalogue: Catalogue, exercise_id: str) -> None:
    """A trunk all in the moving colour with an arrow up read as lifting the body off the floor, or, on all
    fours, as arching the back like a cat, though the back moves too there."""
    exercise = _with_figure(catalogue, exercise_id)
    shapes = held_scene(exercise.figure).shapes
    trunk = [s for s in shapes if isinstance(s, Stroke) and s.width == pytest.approx(0.95)]
    assert trunk
    assert not [s for s in trunk if s.role is Role.MOVING]
    (belly,) = [s for s in shapes if isinstance(s, Disc) and s.role is Role.MOVING]
    (arrow,) = held_scene(exercise.figure).arrows
    assert abs(belly.centre[0] - arrow[0][0]) < belly.radius


def test_a_back_lifted_by_the_stomach_drawn_in_has_the_stomach_s_arrow_alone(catalogue: Catalogue) -> None:
    """Deep stomach muscle tone: one arrow, up into the belly; a second over the back read as arching it."""
    exercise = _with_figure(catalogue, "deep-stomach-muscle-tone")
    (path,) = held_scene(exercise.figure).arrows
    assert path[-1][1] > path[0][1]


def test_the_back_pressed_flat_is_an_arrow_inside_the_trunk_down_to_the_floor(catalogue: Catalogue) -> None:
    """Pelvic tilt: the arrow runs down through the lower back to the floor, not onto the belly from above."""
    exercise = _with_figure(catalogue, "pelvic-tilt")
    scene = held_scene(exercise.figure)
    (path,) = scene.arrows
    trunk = next(s for s in scene.shapes if isinstance(s, Stroke) and s.role is Role.MOVING and len(s.points) > 2)
    top = max(y for _, y in trunk.points) + trunk.width / 2
    assert path[-1][1] < path[0][1] < top  # downwards, from inside the trunk
    hips_x = trunk.points[0][0]
    shoulders_x = trunk.points[-1][0]
    assert abs(path[0][0] - hips_x) < abs(path[0][0] - shoulders_x)  # the lower back's half


def test_the_knee_brought_up_carries_the_arrow_not_the_foot(catalogue: Catalogue) -> None:
    """Knees to chest: the arrow ends at the knee drawn to the chest; from the foot it read as swinging it up."""
    exercise = _with_figure(catalogue, "knees-to-chest")
    held = place(resolve(exercise.figure.held))
    fixed = held[anchor(held, exercise.figure.held.ground)]
    (path,) = held_scene(exercise.figure).arrows
    end = (path[-1][0] + fixed[0], path[-1][1])  # the scene is drawn with the anchor at x = 0

    def gap(point: tuple[float, float, float]) -> float:
        return float(((end[0] - point[0]) ** 2 + (end[1] - point[1]) ** 2) ** 0.5)

    knee = max((held["left.knee"], held["right.knee"]), key=lambda p: p[1])
    toe = max((held["left.toe"], held["right.toe"]), key=lambda p: p[1])
    assert gap(knee) < gap(toe)


def test_a_curved_arrow_is_a_gentle_bow_whatever_its_length(catalogue: Catalogue) -> None:
    """A short movement's curve is no hook: its bow is under a third of the way it spans."""
    for exercise in catalogue.exercises:
        assert exercise.figure is not None
        for path in held_scene(exercise.figure).arrows:
            (ax, ay), (bx, by) = path[0], path[-1]
            chord = ((bx - ax) ** 2 + (by - ay) ** 2) ** 0.5
            bow = max(abs((bx - ax) * (ay - y) - (ax - x) * (by - ay)) / chord for x, y in path)
            assert bow <= chord / 3, exercise.id
