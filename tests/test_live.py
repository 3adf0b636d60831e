"""The live terminal views, rendered off-screen at chosen sizes."""

from __future__ import annotations

import pytest
from rich.console import Console

from backrehab.catalogue.model import Catalogue
from backrehab.plan import Plan, Step, StepKind, make_plan
from backrehab.screen import digits as bigdigits
from backrehab.screen.big import BigDisplay
from backrehab.screen.layout import Part, Priority, fit, key_hint
from backrehab.screen.live import CompactDisplay
from backrehab.session.events import CautionShown, OpeningShown, PainStopShown
from backrehab.wording import KEY_HELP


def hold_view(catalogue: Catalogue, cls: type, width: int, height: int, left: int = 7) -> str:  # type: ignore[type-arg]
    plan: Plan = make_plan(catalogue)
    step = next(s for s in plan.steps if s.exercise.id == "knee-rolls" and s.kind is StepKind.HOLD and s.rep == 2)
    console = Console(width=width, height=height, record=True, color_system=None, force_terminal=True)
    display = cls(catalogue, console, keys_active=True)
    display.steps, display.total, display.count = plan.steps, plan.total_seconds, len(plan.exercises)
    display.step, display.left, display.session_left = step, left, 600
    console.print(display.render())
    return console.export_text()


def test_big_digits_are_five_rows_and_scale() -> None:
    """The font is five rows tall at scale 1, and scale 3 is three times taller and wider."""
    assert len(bigdigits.render("7")) == 5
    assert len(bigdigits.render("7", 3)) == 15
    assert {len(row) for row in bigdigits.render("10", 3)} == {bigdigits.width("10", 3)}


def test_big_view_shows_rep_side_and_digits(catalogue: Catalogue) -> None:
    """At 80×24 the hold shows the name, rep and side above, 7 in big digits, HOLD and the key legend."""
    text = hold_view(catalogue, BigDisplay, 80, 24)
    assert "Knee rolls" in text
    assert "REP 2 OF 3, LEFT SIDE" in text
    assert "HOLD" in text
    assert "Keep breathing." in text
    assert "space pause · n next" in text
    digit_rows = [line for line in text.splitlines() if "██" in line]
    assert len(digit_rows) >= 10  # scaled up: taller than the five-row font


SIZES = [(40, 12), (39, 30), (100, 15), (100, 30), (200, 60)]


def big_screen(catalogue: Catalogue, width: int, height: int, **state: object) -> str:
    """The big view's text at `width`×`height`, with the display's state set from `state`."""
    plan = make_plan(catalogue)
    console = Console(width=width, height=height, record=True, color_system=None, force_terminal=True)
    display = BigDisplay(catalogue, console, keys_active=True)
    display.steps, display.total, display.count = plan.steps, plan.total_seconds, len(plan.exercises)
    display.session_left = 600
    for name, value in state.items():
        setattr(display, name, value)
    console.print(display.render())
    text = console.export_text()
    if width >= 40 and height >= 12:  # below that, what must be seen may run past the bottom, which the screen crops
        assert len(text.splitlines()) == height  # the layout fills the screen and never runs past its bottom
    return text


def step_of(catalogue: Catalogue, exercise_id: str, kind: StepKind, rep: int = 1) -> Step:
    plan = make_plan(catalogue)
    return next(s for s in plan.steps if s.exercise.id == exercise_id and s.kind is kind and s.rep in (None, rep))


def digit_rows(text: str) -> int:
    return sum("██" in line for line in text.splitlines())


@pytest.mark.parametrize(("width", "height"), SIZES)
@pytest.mark.parametrize(
    ("exercise_id", "kind", "rep", "must"),
    [
        ("knee-rolls", StepKind.LEAD_IN, 1, "Get into position"),
        ("knee-rolls", StepKind.HOLD, 2, "REP 2 OF 3, LEFT SIDE"),
        ("knee-rolls", StepKind.SWITCH, 2, "Next: rep 2 of 3, left side"),
        ("pelvic-tilt", StepKind.REST, 3, "Next: rep 3 of 5"),
    ],
)
def test_what_matters_is_visible_at_every_size(
    catalogue: Catalogue, width: int, height: int, exercise_id: str, kind: StepKind, rep: int, must: str
) -> None:
    """Down to 40×12, every phase shows the seconds in big digits, the exercise, what now, and the keys."""
    step = step_of(catalogue, exercise_id, kind, rep)
    text = big_screen(catalogue, width, height, step=step, left=7)
    assert step.exercise.name in text
    assert must in text
    assert digit_rows(text) >= 5
    assert "? keys" in text
    assert "q quit" in text


@pytest.mark.parametrize(("width", "height"), [(40, 12), (80, 24), (100, 30), (200, 60)])
def test_get_ready_digits_are_as_tall_as_the_hold_digits(catalogue: Catalogue, width: int, height: int) -> None:
    """Getting into position, the person is farthest from the screen: the digits are the hold's size, not smaller."""
    lead_in = big_screen(catalogue, width, height, step=step_of(catalogue, "knee-rolls", StepKind.LEAD_IN), left=10)
    hold = big_screen(catalogue, width, height, step=step_of(catalogue, "knee-rolls", StepKind.HOLD), left=10)
    assert digit_rows(lead_in) == digit_rows(hold) >= 5
    if height >= 30:
        assert digit_rows(hold) >= 20


def braille(line: str) -> bool:
    """Whether `line` holds part of a figure (drawn in braille dots)."""
    return any("\u2801" <= char <= "\u28ff" for char in line)


def test_picture_beside_the_get_ready_digits_when_there_is_room(catalogue: Catalogue) -> None:
    """At 100×30 and at 40×12 the knee rolls' figure stands beside the digits."""
    step = step_of(catalogue, "knee-rolls", StepKind.LEAD_IN)
    for width, height in ((100, 30), (40, 12)):
        text = big_screen(catalogue, width, height, step=step, left=10)
        assert any(braille(line) and "██" in line for line in text.splitlines())


def test_steps_go_before_the_keys_when_short_of_room(catalogue: Catalogue) -> None:
    """The numbered steps are dropped whole when they do not fit; at 100×60 they are shown."""
    step = step_of(catalogue, "knee-rolls", StepKind.LEAD_IN)
    assert "1. Let both knees roll" not in big_screen(catalogue, 100, 13, step=step, left=10)
    assert "3. Bring the knees back up" in big_screen(catalogue, 100, 60, step=step, left=10)


def test_key_hint_shortens_to_fit() -> None:
    """The key hint is as full as the width allows, and `? keys` at the least: never cut mid-word."""
    assert key_hint(80) == "space pause · n next · r restart · p it hurts · q quit · ? keys"
    assert key_hint(40) == "p it hurts · q quit · ? keys"
    assert key_hint(16) == "q quit · ? keys"
    assert key_hint(8) == "? keys"


def test_the_keys_in_full_at_40_by_12(catalogue: Catalogue) -> None:
    """After `?` at 40×12 every key is listed, and the digits and rep stay."""
    step = step_of(catalogue, "pelvic-tilt", StepKind.HOLD)
    text = big_screen(catalogue, 40, 12, step=step, left=3, show_keys=True)
    assert "REP 1 OF 5" in text
    assert digit_rows(text) == 5
    flat = " ".join(text.split())
    assert "space pause · n next · r restart · p it hurts · q quit · ? keys" in flat


@pytest.mark.parametrize(("width", "height"), [(40, 12), (100, 30)])
def test_opening_shows_today_the_safety_note_and_the_keys(catalogue: Catalogue, width: int, height: int) -> None:
    """The opening says what today holds, to stop what makes pain worse, how to pause and quit, and how to start."""
    plan = make_plan(catalogue)
    flat = " ".join(big_screen(catalogue, width, height, opening=OpeningShown(plan, 10)).split())
    assert "Today's session: 12 exercises, about 24 minutes." in flat
    assert "Stop any exercise that makes your pain worse." in flat
    assert "Keys: space pause · q quit · ? help" in flat
    assert "Press any key to start; it starts by itself after 10 s." in flat
    if height >= 30:
        assert all(advice in flat for advice in catalogue.advice)
        assert "Stomach tone, Pelvic tilt, Knee rolls," in flat


def test_help_on_the_opening_lists_every_key(catalogue: Catalogue) -> None:
    """After ? on the opening at 100×30, every key is listed below the safety note."""
    plan = make_plan(catalogue)
    text = big_screen(catalogue, 100, 30, opening=OpeningShown(plan, 10), show_keys=True)
    assert "Stop any exercise that makes your pain worse." in text
    for key, what in KEY_HELP:
        assert f"{key:>5}  {what}" in text


@pytest.mark.parametrize(("width", "height"), [(40, 12), (100, 30)])
def test_pain_stop_screen(catalogue: Catalogue, width: int, height: int) -> None:
    """After p the screen says the exercise is stopped, to ask a physiotherapist, what is next and what keys do."""
    plan = make_plan(catalogue)
    stop = PainStopShown(plan.exercises[1], plan.exercises[2], 3)
    flat = " ".join(big_screen(catalogue, width, height, pain_stop=stop).split())
    assert "Pelvic tilt is stopped: it hurts." in flat
    assert "ask a physiotherapist" in flat
    assert "Next: exercise 3, Knee rolls." in flat
    assert "Press any key to go on, or q to quit." in flat


@pytest.mark.parametrize(("width", "height"), [(40, 12), (100, 30)])
def test_caution_screen_asks_for_one_key(catalogue: Catalogue, width: int, height: int) -> None:
    """The caution, its question and the keys that answer it are all on screen, down to 40×12."""
    exercise = next(e for e in catalogue.exercises if e.id == "hamstring-stretch")
    shown = CautionShown(exercise, exercise.cautions[0])
    flat = " ".join(big_screen(catalogue, width, height, caution=shown, asking=True).replace("│", "").split())
    assert "Caution — Hamstring stretch" in flat
    assert "ask a physiotherapist whether it is right for you." in flat
    assert "Do Hamstring stretch now?" in flat
    assert "Press y for yes, or n for no to skip it; q quits." in flat


def test_fit_drops_the_least_important_parts_whole() -> None:
    """Parts are dropped from the least important up until the rest fits, keeping their order."""
    parts = [Part("a", Priority.PROGRESS), Part("b", Priority.MUST), Part("c", Priority.DETAIL), Part("d", 1)]
    kept = fit(parts, 3, lambda renderable: 1)
    assert [part.renderable for part, _ in kept] == ["a", "b", "d"]
    assert [part.renderable for part, _ in fit(parts, 1, lambda renderable: 1)] == ["b"]


def test_fit_keeps_a_less_important_part_that_still_fits() -> None:
    """A reminder too tall for what is left is left out, but the one-row bar below it in importance is kept."""
    parts = [Part("now", Priority.MUST, rows=2), Part("reminder", Priority.NOTICE, rows=4), Part("bar", 4, rows=1)]
    assert [part.renderable for part, _ in fit(parts, 4, lambda renderable: 0)] == ["now", "bar"]


def test_compact_view(catalogue: Catalogue) -> None:
    """The compact view names the exercise, the rep and side, and the time left."""
    text = hold_view(catalogue, CompactDisplay, 80, 24)
    assert "Exercise 3 of 12 · Knee rolls" in text
    assert "Rep 2 of 3, left side" in text
    assert "HOLD  0:07" in text
    assert "10:00 left in session" in text


def test_pain_advice_stays_on_the_big_view_through_the_next_lead_in(catalogue: Catalogue) -> None:
    """After p, the advice to ask a physiotherapist is on screen until the next exercise's first hold."""
    from backrehab.session.events import ExerciseFinished, ExerciseStarted, StepStarted
    from backrehab.session.outcomes import Outcome

    plan = make_plan(catalogue)
    console = Console(width=100, height=40, record=True, color_system=None, force_terminal=True)
    display = BigDisplay(catalogue, console, keys_active=True)
    display.steps, display.total, display.count = plan.steps, plan.total_seconds, len(plan.exercises)
    pelvic, knee_rolls = plan.exercises[1], plan.exercises[2]
    lead_in = next(s for s in plan.steps if s.exercise is knee_rolls and s.kind is StepKind.LEAD_IN)
    first_hold = next(s for s in plan.steps if s.exercise is knee_rolls and s.kind is StepKind.HOLD)
    display.handle(ExerciseFinished(pelvic, Outcome.STOPPED_PAIN, "p key"))
    display.handle(ExerciseStarted(knee_rolls, 3, 12))
    display.handle(StepStarted(lead_in, 600))
    console.print(display.render())
    assert "physiotherapist" in console.export_text()
    display.handle(StepStarted(first_hold, 590))
    console.print(display.render())
    assert "physiotherapist" not in console.export_text()


@pytest.mark.parametrize(("width", "height"), [(1, 1), (10, 3), (20, 6), (30, 8), (39, 11)])
def test_below_the_smallest_size_nothing_breaks(catalogue: Catalogue, width: int, height: int) -> None:
    """Smaller than 40×12, every screen still draws without an error, the seconds as text if need be."""
    plan = make_plan(catalogue)
    hamstring = next(e for e in catalogue.exercises if e.id == "hamstring-stretch")
    states: list[dict[str, object]] = [
        {"opening": OpeningShown(plan, 10)},
        {"pain_stop": PainStopShown(plan.exercises[1], None, None)},
        {"caution": CautionShown(hamstring, hamstring.cautions[0]), "asking": True},
        {"step": step_of(catalogue, "knee-rolls", StepKind.LEAD_IN), "left": 9},
        {"step": step_of(catalogue, "pelvic-tilt", StepKind.HOLD), "left": 4, "show_keys": True, "paused": True},
    ]
    for state in states:
        big_screen(catalogue, width, height, **state)
    text = big_screen(catalogue, 20, 6, step=step_of(catalogue, "pelvic-tilt", StepKind.HOLD), left=4)
    assert "0:04" in text
    assert "REP 1 OF 5" in text


def test_compact_opening_prints_the_text_once_and_shows_how_to_go_on(catalogue: Catalogue) -> None:
    """In the compact view the opening's text is printed above; the live lines only say the keys and how to start."""
    plan = make_plan(catalogue)
    console = Console(width=80, height=24, record=True, color_system=None, force_terminal=True)
    display = CompactDisplay(catalogue, console, keys_active=True)
    display.steps, display.total, display.count = plan.steps, plan.total_seconds, len(plan.exercises)
    display.handle(OpeningShown(plan, 10))
    printed = console.export_text()
    assert "Today's session: 12 exercises, about 24 minutes." in printed
    console.print(display.render())
    assert console.export_text().splitlines() == [
        "Keys: space pause · q quit · ? help",
        "Press any key to start; it starts by itself after 10 s.",
    ]


def test_picture_above_the_digits_when_too_narrow_beside(catalogue: Catalogue) -> None:
    """At 40×30 the digits are too wide for the figure beside them: it goes above."""
    lines = big_screen(catalogue, 40, 30, step=step_of(catalogue, "knee-rolls", StepKind.LEAD_IN), left=10).splitlines()
    drawn = next(i for i, line in enumerate(lines) if braille(line))
    assert "██" not in lines[drawn]
    assert drawn < next(i for i, line in enumerate(lines) if "██" in line)


def test_compact_view_fits_a_small_terminal(catalogue: Catalogue) -> None:
    """At 40×12 the compact view's get-ready keeps the seconds, the position and the key hint, within the screen."""
    plan = make_plan(catalogue)
    console = Console(width=40, height=12, record=True, color_system=None, force_terminal=True)
    display = CompactDisplay(catalogue, console, keys_active=True)
    display.steps, display.total, display.count = plan.steps, plan.total_seconds, len(plan.exercises)
    display.step, display.left, display.session_left = step_of(catalogue, "knee-rolls", StepKind.LEAD_IN), 9, 600
    console.print(display.render())
    text = console.export_text()
    assert len(text.splitlines()) <= 11
    assert "Starting in 0:09" in text
    assert "Get into position" in text
    assert "q quit · ? keys" in text


def test_a_view_redrawn_after_a_resize_is_laid_out_for_the_new_size(catalogue: Catalogue) -> None:
    """Lines measured for one size are not reused at another: after a resize the view matches a fresh one's."""
    plan = make_plan(catalogue)
    step = next(s for s in plan.steps if s.exercise.id == "knee-rolls" and s.kind is StepKind.LEAD_IN)

    def screen(display: BigDisplay, width: int, height: int) -> str:
        display.console.size = (width, height)
        display.console.print(display.render())
        return display.console.export_text()

    def view() -> BigDisplay:
        console = Console(width=200, height=60, record=True, color_system=None, force_terminal=True)
        display = BigDisplay(catalogue, console, keys_active=True)
        display.steps, display.total, display.count = plan.steps, plan.total_seconds, len(plan.exercises)
        display.step, display.left, display.session_left = step, 4, 600
        return display

    resized = view()
    for width, height in [(200, 60), (100, 30), (40, 12), (100, 30)]:
        assert screen(resized, width, height) == screen(view(), width, height)


@pytest.mark.parametrize("justify", [None, "right", "center", "left"])
@pytest.mark.parametrize("width", [80, 30, 12])
def test_the_digits_are_drawn_as_one_block_set_as_asked(justify: str | None, width: int) -> None:
    """Set right, centred or left in a column (a table's, say), the big digits move as one block: every row by the
    same columns, so a 1 whose rows end in blanks, or a 2 whose rows begin with them, keeps its shape."""
    from rich.segment import Segment

    from backrehab.screen.big import Digits

    rows = bigdigits.render("21", 2)
    console = Console(width=80, color_system="truecolor", force_terminal=True)
    options = console.options.update(width=width, justify=justify)  # type: ignore[arg-type]
    lines = console.render_lines(Digits(rows, "bold green"), options)
    texts = ["".join(segment.text for segment in line) for line in lines]
    spare = max(0, width - len(rows[0]))
    margin = {"right": spare, "center": spare // 2}.get(justify or "", 0)
    assert [text[margin : margin + len(rows[0])] for text in texts] == [row[:width] for row in rows]
    assert {Segment.get_line_length(line) for line in lines} == {width}


def test_what_is_kept_of_a_step_s_screen_follows_every_change(catalogue: Catalogue) -> None:
    """The step's layout is kept between seconds, yet a pause, the keys, a notice or the next step show at once,
    the same as on a view drawn afresh."""
    from backrehab.session.events import HelpRequested, Paused, Resumed, StepStarted, Tick

    plan = make_plan(catalogue)
    hold = step_of(catalogue, "pelvic-tilt", StepKind.HOLD)
    rest = next(s for s in plan.steps if s.exercise.id == "pelvic-tilt" and s.kind is StepKind.REST)
    console = Console(width=100, height=30, record=True, color_system=None, force_terminal=True)
    display = BigDisplay(catalogue, console, keys_active=True)
    display.steps, display.total, display.count = plan.steps, plan.total_seconds, len(plan.exercises)

    def screen() -> str:
        console.print(display.render())
        return console.export_text()

    def fresh() -> str:
        return big_screen(
            catalogue,
            100,
            30,
            step=display.step,
            left=display.left,
            session_left=display.session_left,
            paused=display.paused,
            show_keys=display.show_keys,
        )

    display.handle(StepStarted(hold, 600))
    assert "HOLD" in screen()
    display.handle(Tick(hold, 4, 599))
    assert screen() == fresh()
    display.handle(Paused(hold))
    assert "PAUSED" in (paused := screen())
    assert paused == fresh()
    display.handle(Resumed(hold))
    display.handle(HelpRequested())
    assert "restart exercise" in (helped := screen())
    assert helped == fresh()
    display.handle(HelpRequested())
    display.handle(StepStarted(rest, 590))
    assert "REST" in (rested := screen())
    assert "HOLD" not in rested
    assert rested == fresh()


@pytest.mark.parametrize(("answer", "shown"), [("YES", "Yes: starting Hamstring stretch."), ("NO", "No: skipping")])
def test_an_answered_caution_shows_the_answer_while_it_is_read_out(
    catalogue: Catalogue, answer: str, shown: str
) -> None:
    """After y or n the caution stays while it is still read out, with the answer in place of the keys, so a
    person sees the key was taken; the next step replaces it."""
    from backrehab.session.events import Answer, CautionAnswered, StepStarted

    hamstring = next(e for e in catalogue.exercises if e.id == "hamstring-stretch")
    caution = hamstring.cautions[0]
    console = Console(width=100, height=30, record=True, color_system=None, force_terminal=True)
    display = BigDisplay(catalogue, console, keys_active=True)
    plan = make_plan(catalogue)
    display.steps, display.total, display.count = plan.steps, plan.total_seconds, len(plan.exercises)
    display.handle(CautionShown(hamstring, caution))
    display.ask(hamstring, caution)

    def screen() -> str:
        console.print(display.render())
        return " ".join(console.export_text().split())

    assert "Press y for yes" in screen()
    display.handle(CautionAnswered(hamstring, caution, Answer[answer]))
    answered = screen()
    assert shown in answered
    assert "sciatic" in answered
    assert "Press y for yes" not in answered
    display.handle(StepStarted(step_of(catalogue, "hamstring-stretch", StepKind.LEAD_IN), 300))
    assert "sciatic" not in screen()


def digit_block(text: str) -> tuple[int, list[str]]:
    """The big digits on a screen: the column their block begins at, and its rows cut to the block's cells."""
    lines = [line for line in text.splitlines() if "█" in line]
    first = min(line.index("█") for line in lines)
    last = max(line.rindex("█") for line in lines)
    return first, [line[first : last + 1].ljust(last + 1 - first) for line in lines]


def glyph_block(digit: int, scale: int) -> list[str]:
    """The font's own rows for `digit` at `scale`, cut to its cells as `digit_block` cuts the screen's."""
    return digit_block("\n".join(bigdigits.render(str(digit), scale)))[1]


PHASES = [
    ("pelvic-tilt", StepKind.LEAD_IN, 1),
    ("pelvic-tilt", StepKind.HOLD, 2),
    ("pelvic-tilt", StepKind.REST, 3),
    ("knee-rolls", StepKind.LEAD_IN, 1),
    ("knee-rolls", StepKind.HOLD, 2),
    ("knee-rolls", StepKind.SWITCH, 2),
]


@pytest.mark.parametrize(("width", "height"), [(40, 12), (100, 30), (200, 50)])
def test_every_digit_is_drawn_as_the_font_draws_it_in_one_place_in_every_phase(
    catalogue: Catalogue, width: int, height: int
) -> None:
    """0 to 9 read as the font's glyphs in get-ready (the figure beside them), hold, rest and side change, and each
    digit stands in the same columns in every phase of an exercise: the seconds never jump as the phase changes."""
    for exercise_id in ("pelvic-tilt", "knee-rolls"):
        phases = [(kind, rep) for name, kind, rep in PHASES if name == exercise_id]
        for digit in range(10):
            places = set()
            for kind, rep in phases:
                text = big_screen(catalogue, width, height, step=step_of(catalogue, exercise_id, kind, rep), left=digit)
                if kind is StepKind.LEAD_IN:
                    assert any(braille(line) and "█" in line for line in text.splitlines()), "no figure beside"
                column, block = digit_block(text)
                scale = len(block) // bigdigits.HEIGHT
                assert block == glyph_block(digit, scale), f"{digit} in {kind.value} at {width}×{height}"
                places.add((column, len(block[0])))
            assert len(places) == 1, f"{digit} moves between phases of {exercise_id} at {width}×{height}: {places}"
