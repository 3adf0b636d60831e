"""The end screen and the pain questions answered with one key: read on a fake clock, shown, said, stored."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from rich.console import Console

from backrehab.audio.cues import Cues
from backrehab.catalogue.model import Catalogue
from backrehab.cli.app import main
from backrehab.plan import PlanOptions, make_plan
from backrehab.screen import digits as bigdigits
from backrehab.screen.big import BigDisplay
from backrehab.screen.live import CompactDisplay
from backrehab.session.checkin import TEN_WAIT, read_pain, wait_for_any_key
from backrehab.session.events import ExerciseResult, PainAnswered, PainAsked, PainMoment, Summary
from backrehab.session.outcomes import Outcome, Status
from backrehab.wording import PAIN_AFTER_SPOKEN, PAIN_BEFORE_SPOKEN

from .fakes import FakeClock, RecordingChannel, TypingTerminalKeys, fake_surroundings
from .test_cues import timeline_for


class TimedText:
    """Keys typed at given clock times, as the text each read returns."""

    def __init__(self, script: list[tuple[float, str]]) -> None:
        self.script = script

    def read(self, clock: FakeClock, deadline: float | None) -> str | None:  # type: ignore[override]
        if self.script and (deadline is None or self.script[0][0] <= deadline):
            at, text = self.script.pop(0)
            clock.sleep_until(at)
            return text
        assert deadline is not None, "waited for a key that is never pressed"
        clock.sleep_until(deadline)
        return None


@pytest.mark.parametrize(
    ("script", "pain"),
    [
        ([(1.0, "7")], 7),
        ([(1.0, "0")], 0),
        ([(1.0, "10")], 10),  # both keys read in one go
        ([(1.0, "1"), (1.0 + TEN_WAIT - 0.1, "0")], 10),
        ([(1.0, "1"), (1.0 + TEN_WAIT + 0.5, "0")], 1),  # the 0 came too late: the answer was 1
        ([(1.0, "x"), (2.0, "\x1b[A"), (3.0, "3")], 3),  # other keys mean nothing
        ([(1.0, "s")], None),
        ([(1.0, " ")], None),
        ([(1.0, "\r")], None),
        ([], None),  # nobody answered in time
    ],
)
def test_pain_is_one_key_and_ten_is_a_one_then_a_zero(script: list[tuple[float, str]], pain: int | None) -> None:
    """A digit is the answer; 1 then 0 within a moment is 10; s, space and Enter skip; no key in time skips."""
    clock = FakeClock(start=0.0)
    assert read_pain(TimedText(list(script)), clock, 60.0) == pain  # type: ignore[arg-type]


def test_a_lone_one_waits_a_moment_for_a_zero_then_is_one() -> None:
    """After a 1 the question waits `TEN_WAIT` seconds, telling the screen once, then takes 1."""
    clock = FakeClock(start=0.0)
    told: list[float] = []
    pain = read_pain(TimedText([(2.0, "1")]), clock, 60.0, lambda: told.append(clock.now()))  # type: ignore[arg-type]
    assert (pain, told, clock.now()) == (1, [2.0], 2.0 + TEN_WAIT)


def test_the_end_screen_closes_by_itself_after_its_time() -> None:
    """With no key pressed the end screen waits its time, then goes."""
    clock = FakeClock(start=0.0)
    keys = TypingTerminalKeys("")
    wait_for_any_key(keys, clock, 300.0)  # type: ignore[arg-type]
    assert clock.now() == 300.0


def invoke(*args: str, typed: str) -> str:
    surroundings = fake_surroundings(stdin_is_terminal=lambda: True, keys=lambda: TypingTerminalKeys(typed))
    result = CliRunner().invoke(main, list(args), catch_exceptions=False, obj=surroundings)
    assert result.exit_code == 0, result.output
    return result.output


def stored_pains() -> tuple[int | None, int | None]:
    output = CliRunner().invoke(main, ["history", "--json", "--all"], catch_exceptions=False).output
    data = json.loads(output)
    (session,) = data["sessions"] if isinstance(data, dict) else data
    return session["pain_before"], session["pain_after"]


@pytest.mark.parametrize(("typed", "pains"), [("64", (6, 4)), ("10s", (10, None)), ("s1", (None, 1))])
def test_both_check_ins_are_one_key_each_in_a_terminal(typed: str, pains: tuple[int | None, int | None]) -> None:
    """With keys, pain before and after are each asked with one key (10 as 1 then 0), and stored."""
    output = invoke("session", "--only", "pelvic-tilt", typed=typed)
    assert "How is your pain before you start, from 0 (none) to 10 (the worst)?" in output
    assert "How is your pain now, from 0 (none) to 10 (the worst)?" in output
    assert stored_pains() == pains


def summary_of(catalogue: Catalogue) -> Summary:
    exercises = make_plan(catalogue).exercises
    outcomes = [Outcome.DONE, Outcome.DONE, Outcome.STOPPED_PAIN, Outcome.SKIPPED, Outcome.DECLINED]
    results = tuple(
        ExerciseResult(e, o, 5, 5, 5 if o is Outcome.DONE else 0) for e, o in zip(exercises, outcomes, strict=False)
    )
    return Summary(Status.COMPLETED, results, 100.0, 120.0)


def end_screen(catalogue: Catalogue, cls: type, width: int, height: int, **state: object) -> str:  # type: ignore[type-arg]
    console = Console(width=width, height=height, record=True, color_system=None, force_terminal=True)
    display = cls(catalogue, console, keys_active=True)
    display.summary = summary_of(catalogue)
    for name, value in state.items():
        setattr(display, name, value)
    console.print(display.render())
    return console.export_text()


@pytest.mark.parametrize(("width", "height"), [(100, 30), (200, 50), (40, 12)])
@pytest.mark.parametrize("cls", [BigDisplay, CompactDisplay])
def test_the_end_screen_tells_how_it_ended_what_was_done_and_asks_pain(
    catalogue: Catalogue,
    cls: type,  # type: ignore[type-arg]
    width: int,
    height: int,
) -> None:
    """The end screen shows the outcome, true counts of each way an exercise ended, and the pain question with its
    keys, at every size down to 40×12; the big view sets the question's scale in big type."""
    text = end_screen(catalogue, cls, width, height, pain=PainAsked(PainMoment.AFTER))
    flat = " ".join(text.split())
    assert "2 fully done · 1 stopped: it hurt · 1 skipped · 1 declined" in flat
    assert "Press a number. For 10, press 1 then 0. s, space or Enter skips." in flat
    if cls is BigDisplay:
        assert len(text.splitlines()) == height
        big_rows = sum("██" in line for line in text.splitlines())
        # The outcome, "pain now?" and the scale in big type where the width allows; the scale alone at 40×12.
        assert big_rows >= (15 if width >= 100 else 5)
    else:
        assert "Well done!" in flat
        assert "0–10" in flat


def test_the_end_screen_shows_the_answer_and_a_pending_one(catalogue: Catalogue) -> None:
    """A 1 waiting for a 0 says so; an answer is shown big, then in words."""
    typed = end_screen(catalogue, BigDisplay, 100, 30, pain=PainAsked(PainMoment.AFTER, typed="1"))
    assert "1 … press 0 now for 10" in typed
    answered = end_screen(
        catalogue,
        BigDisplay,
        100,
        30,
        pain=PainAsked(PainMoment.AFTER),
        pain_answer=PainAnswered(PainMoment.AFTER, 7),
    )
    assert "Pain 7 of 10: noted." in answered
    assert bigdigits.render("7")[0].strip() in answered


def test_with_nothing_to_ask_the_end_screen_says_how_to_close_it(catalogue: Catalogue) -> None:
    """No check-in: the end screen says a key closes it."""
    assert "Press any key to close." in end_screen(catalogue, BigDisplay, 100, 30)


@pytest.mark.parametrize(
    ("moment", "spoken"), [(PainMoment.BEFORE, PAIN_BEFORE_SPOKEN), (PainMoment.AFTER, PAIN_AFTER_SPOKEN)]
)
def test_the_pain_questions_are_said(catalogue: Catalogue, moment: PainMoment, spoken: str) -> None:
    """Each pain question is said aloud when it is asked, once, and not again while a 1 waits for a 0."""
    clock = FakeClock()
    channel = RecordingChannel(clock)
    cues = Cues(catalogue, channel=channel, timeline=timeline_for(catalogue, PlanOptions(only=("pelvic-tilt",))))
    cues.handle(PainAsked(moment))
    cues.handle(PainAsked(moment, typed="1"))
    assert [clip.text for _, clip, _ in channel.heard] == [spoken]


def test_a_missing_speech_engine_is_told_on_the_opening(catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch) -> None:
    """--voice with no engine: the warning goes to the opening of the big view, not only to standard error."""
    from backrehab.audio import cues as audio_cues
    from backrehab.session.events import OpeningShown
    from backrehab.session.wiring import find_voice
    from backrehab.settings.ineffect import resolve

    monkeypatch.setattr(audio_cues, "find_engine", lambda: None)
    settings = resolve(
        None, display=None, voice=True, voice_name=None, sound=None, countdown=None, out_terminal=True, in_terminal=True
    )
    console = Console(width=100, height=30, record=True, color_system=None, force_terminal=True)
    display = BigDisplay(catalogue, console, keys_active=True)
    assert find_voice(settings, display.note) == (None, None)
    plan = make_plan(catalogue, PlanOptions(only=("pelvic-tilt",)))
    display.steps, display.total, display.count = plan.steps, plan.total_seconds, 1
    display.opening = OpeningShown(plan, 10.0)
    console.print(display.render())
    assert "No speech engine found" in " ".join(console.export_text().split())


def test_the_opening_says_when_it_holds_the_screen_on(catalogue: Catalogue) -> None:
    """When the screen is kept on, the opening says so aloud, as it shows it; when not, it says nothing of it."""
    import dataclasses

    from backrehab.audio.speech import estimate_seconds
    from backrehab.audio.timeline import OPENING, Voicing, build_timeline
    from backrehab.wording import SCREEN_KEPT_ON_SPOKEN

    plan = make_plan(catalogue, PlanOptions(only=("pelvic-tilt",)))
    voicing = Voicing(estimate_seconds, None, opening=True)
    for screen_on in (True, False):
        timeline = build_timeline(plan, catalogue, dataclasses.replace(voicing, screen_on=screen_on))
        said = [cue.clip.text for cue in timeline.cues if cue.step == OPENING]
        assert (SCREEN_KEPT_ON_SPOKEN in said) is screen_on
