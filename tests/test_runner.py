"""The runner on a fake clock: deadlines, cautions, keys and endings, without waiting."""

from __future__ import annotations

import pytest

from backrehab.catalogue.model import Catalogue
from backrehab.plan import Plan, PlanOptions, StepKind, make_plan
from backrehab.session.events import (
    Answer,
    ExerciseFinished,
    ExerciseStarted,
    HelpRequested,
    OpeningShown,
    PainStopShown,
    Paused,
    Resumed,
    StepFinished,
    StepStarted,
    Tick,
)
from backrehab.session.keys import Command
from backrehab.session.outcomes import Outcome, Status
from backrehab.session.runner import QuitSession, answer_by_key, run_session

from .fakes import FakeClock, Recorder, ScriptedKeys, answer


def run(plan: Plan, clock: FakeClock, *, keys=None, confirm=None, speed: float = 1.0, opening: float = 0.0) -> tuple:  # type: ignore[no-untyped-def]
    recorder = Recorder(clock)
    summary = run_session(
        plan=plan,
        clock=clock,
        listeners=[recorder],
        confirm=confirm or answer(Answer.YES_BY_OPTION),
        keys=keys,
        speed=speed,
        opening_seconds=opening,
    )
    return summary, recorder


def test_every_step_starts_at_its_planned_offset(catalogue: Catalogue, clock: FakeClock) -> None:
    """Each step starts exactly at start + its offset, so lateness cannot pile up."""
    plan = make_plan(catalogue)
    start = clock.now()
    summary, recorder = run(plan, clock)
    starts = [t - start for t, _ in recorder.of(StepStarted)]
    planned = [o for o, s in zip(plan.offsets(), plan.steps, strict=True) if s.kind is not StepKind.CAUTION]
    assert starts == pytest.approx(planned)
    assert clock.now() - start == pytest.approx(plan.total_seconds)
    assert summary.status is Status.COMPLETED
    assert summary.done == 12
    assert summary.holds_done == 105


def test_speed_divides_every_duration(catalogue: Catalogue, clock: FakeClock) -> None:
    """--speed 100 runs the same steps in a hundredth of the time."""
    plan = make_plan(catalogue, PlanOptions(only=("pelvic-tilt",)))
    start = clock.now()
    run(plan, clock, speed=100)
    assert clock.now() - start == pytest.approx(plan.total_seconds / 100)


def test_late_wakeups_do_not_accumulate(catalogue: Catalogue) -> None:
    """A clock that always wakes 30 ms late still ends the session 30 ms late, not 30 ms per step."""

    class LateClock(FakeClock):
        def sleep_until(self, deadline: float) -> None:
            self.t = max(self.t, deadline + 0.03)

    clock = LateClock()
    plan = make_plan(catalogue, PlanOptions(only=("back-stabiliser",)))
    start = clock.now()
    run(plan, clock)
    assert clock.now() - start == pytest.approx(plan.total_seconds + 0.03)


def test_ticks_count_down_whole_seconds(catalogue: Catalogue, clock: FakeClock) -> None:
    """A 5-second hold ticks 4, 3, 2, 1 at one-second intervals."""
    plan = make_plan(catalogue, PlanOptions(only=("pelvic-tilt",), lead_in=0, rest=0))
    _, recorder = run(plan, clock)
    first_hold = [(t, e.left) for t, e in recorder.of(Tick) if e.step is plan.steps[0]]
    t0 = first_hold[0][0] - 1
    assert [(t - t0, left) for t, left in first_hold] == [(1, 4), (2, 3), (3, 2), (4, 1)]


def test_declined_caution_skips_only_that_exercise(catalogue: Catalogue, clock: FakeClock) -> None:
    """Answering no to the sciatica caution skips the stretch and goes on with the next exercise."""
    plan = make_plan(catalogue, PlanOptions(only=("hamstring-stretch", "one-leg-stand")))
    asked: list[str] = []
    summary, _ = run(plan, clock, confirm=answer(Answer.NO, asked))
    assert asked == ["hamstring-stretch"]
    outcomes = {r.exercise.id: (r.outcome, r.reason) for r in summary.results}
    assert outcomes == {
        "hamstring-stretch": (Outcome.DECLINED, "caution declined"),
        "one-leg-stand": (Outcome.DONE, None),
    }


def test_not_asked_caution_says_why(catalogue: Catalogue, clock: FakeClock) -> None:
    """Without a terminal and without --yes the stretch is skipped, saying there was nobody to ask."""
    plan = make_plan(catalogue, PlanOptions(only=("hamstring-stretch",)))
    summary, _ = run(plan, clock, confirm=answer(Answer.NOT_ASKED))
    (result,) = summary.results
    assert result.outcome is Outcome.DECLINED
    assert "no terminal" in (result.reason or "")


def test_time_spent_answering_does_not_shorten_the_lead_in(catalogue: Catalogue, clock: FakeClock) -> None:
    """Thirty seconds spent reading the caution moves every later deadline by thirty seconds."""
    plan = make_plan(catalogue, PlanOptions(only=("hamstring-stretch",)))
    start = clock.now()
    summary, recorder = run(plan, clock, confirm=answer(Answer.YES, clock=clock, takes=30))
    lead_in_start = recorder.of(StepStarted)[0][0]
    assert lead_in_start - start == 30
    assert clock.now() - start == pytest.approx(plan.total_seconds + 30)
    assert summary.active_seconds == pytest.approx(plan.total_seconds)


def test_pause_keeps_the_seconds_left(catalogue: Catalogue, clock: FakeClock) -> None:
    """Space at 3 s into a 5 s hold, space again 60 s later: the hold ends 2 s after resuming."""
    plan = make_plan(catalogue, PlanOptions(only=("pelvic-tilt",), lead_in=0))
    start = clock.now()
    keys = ScriptedKeys([(start + 3, Command.PAUSE), (start + 63, Command.PAUSE)])
    summary, recorder = run(plan, clock, keys=keys)
    first_end = recorder.of(StepFinished)[0][0]
    assert first_end - start == 65
    assert [t - start for t, _ in recorder.of(Paused)] == [3]
    assert [t - start for t, _ in recorder.of(Resumed)] == [63]
    assert clock.now() - start == pytest.approx(plan.total_seconds + 60)
    assert summary.active_seconds == pytest.approx(plan.total_seconds)


class StoppedKeys(ScriptedKeys):
    """Keys of a session stopped with Ctrl-Z at `since` and brought back with `fg` when SUSPENDED is read."""

    def __init__(self, script: list[tuple[float, Command]], since: float) -> None:
        super().__init__(script)
        self.suspended_since = since


def test_back_from_ctrl_z_the_session_is_paused_from_when_it_stopped(catalogue: Catalogue, clock: FakeClock) -> None:
    """Stopped 3 s into a hold, back 1 s later and paused until 50 s: the time stopped counts as paused, neither
    hold nor active time."""
    plan = make_plan(catalogue, PlanOptions(only=("pelvic-tilt",), lead_in=0))
    start = clock.now()
    keys = StoppedKeys([(start + 4, Command.SUSPENDED), (start + 50, Command.PAUSE)], since=start + 3)
    summary, recorder = run(plan, clock, keys=keys)
    assert [t - start for t, _ in recorder.of(Paused)] == [4]
    assert recorder.of(StepFinished)[0][0] - start == 52  # 2 s of the hold were left when it stopped
    assert summary.active_seconds == pytest.approx(plan.total_seconds)


def test_next_skips_the_rest_of_the_exercise(catalogue: Catalogue, clock: FakeClock) -> None:
    """n mid-exercise marks it skipped and starts the next exercise's lead-in at once."""
    plan = make_plan(catalogue, PlanOptions(only=("pelvic-tilt", "knee-rolls")))
    start = clock.now()
    keys = ScriptedKeys([(start + 12, Command.NEXT)])
    summary, recorder = run(plan, clock, keys=keys)
    outcomes = [(r.exercise.id, r.outcome, r.holds_done) for r in summary.results]
    assert outcomes == [("pelvic-tilt", Outcome.SKIPPED, 0), ("knee-rolls", Outcome.DONE, 6)]
    knee_lead_in = next(t for t, e in recorder.of(StepStarted) if e.step.exercise.id == "knee-rolls")
    assert knee_lead_in - start == 12


def test_restart_begins_the_exercise_again(catalogue: Catalogue, clock: FakeClock) -> None:
    """r goes back to the exercise's lead-in and its holds are counted afresh."""
    plan = make_plan(catalogue, PlanOptions(only=("pelvic-tilt",)))
    start = clock.now()
    summary, recorder = run(plan, clock, keys=ScriptedKeys([(start + 22, Command.RESTART)]))
    lead_ins = [t - start for t, e in recorder.of(StepStarted) if e.step.kind is StepKind.LEAD_IN]
    assert lead_ins == [0, 22]
    (result,) = summary.results
    assert (result.outcome, result.holds_done) == (Outcome.DONE, 5)


def test_quit_ends_early_with_what_was_done(catalogue: Catalogue, clock: FakeClock) -> None:
    """q ends the session as ended early; the current exercise is unfinished, later ones not reached."""
    plan = make_plan(catalogue, PlanOptions(only=("pelvic-tilt", "knee-rolls")))
    start = clock.now()
    summary, _ = run(plan, clock, keys=ScriptedKeys([(start + 26, Command.QUIT)]))
    assert summary.status is Status.ENDED_EARLY
    assert [(r.outcome, r.holds_done) for r in summary.results] == [(Outcome.UNFINISHED, 2), (Outcome.NOT_REACHED, 0)]


def test_pain_stops_the_exercise_and_moves_on(catalogue: Catalogue, clock: FakeClock) -> None:
    """p marks the exercise "stopped: pain" and the session continues."""
    plan = make_plan(catalogue, PlanOptions(only=("pelvic-tilt", "knee-rolls")))
    start = clock.now()
    keys = ScriptedKeys([(start + 17, Command.PAIN), (start + 20, Command.OTHER)])
    summary, recorder = run(plan, clock, keys=keys)
    assert [r.outcome for r in summary.results] == [Outcome.STOPPED_PAIN, Outcome.DONE]
    assert summary.status is Status.COMPLETED
    finished = [e.outcome for _, e in recorder.of(ExerciseFinished)]
    assert finished == [Outcome.STOPPED_PAIN, Outcome.DONE]


def test_pain_stop_waits_for_a_key_and_moves_the_plan(catalogue: Catalogue, clock: FakeClock) -> None:
    """After p the session waits, saying what comes next; the next exercise starts at the key, on a shifted plan."""
    plan = make_plan(catalogue, PlanOptions(only=("pelvic-tilt", "knee-rolls")))
    start = clock.now()
    keys = ScriptedKeys([(start + 17, Command.PAIN), (start + 77, Command.OTHER)])
    summary, recorder = run(plan, clock, keys=keys)
    [(at, stop)] = recorder.of(PainStopShown)
    assert at == start + 17
    assert (stop.exercise.id, stop.next_exercise.id, stop.next_number) == ("pelvic-tilt", "knee-rolls", 2)
    rolls = [(t, e) for t, e in recorder.of(StepStarted) if e.step.exercise.id == "knee-rolls"]
    assert rolls[0][0] == start + 77  # the lead-in, once the key is pressed
    assert rolls[1][0] == start + 77 + rolls[0][1].step.seconds  # the first hold, its deadline moved by the wait
    assert summary.active_seconds == pytest.approx(clock.now() - start - 60)


def test_q_at_the_pain_stop_ends_the_session(catalogue: Catalogue, clock: FakeClock) -> None:
    """q while the pain stop waits ends the session early; the next exercise is never started."""
    plan = make_plan(catalogue, PlanOptions(only=("pelvic-tilt", "knee-rolls")))
    start = clock.now()
    keys = ScriptedKeys([(start + 17, Command.PAIN), (start + 30, Command.QUIT)])
    summary, recorder = run(plan, clock, keys=keys)
    assert summary.status is Status.ENDED_EARLY
    assert [r.outcome for r in summary.results] == [Outcome.STOPPED_PAIN, Outcome.NOT_REACHED]
    assert [e.exercise.id for _, e in recorder.of(ExerciseStarted)] == ["pelvic-tilt"]


def test_pain_in_the_last_exercise_says_the_session_ends(catalogue: Catalogue, clock: FakeClock) -> None:
    """p in the last exercise still waits, with nothing next; the session then ends, nothing done."""
    plan = make_plan(catalogue, PlanOptions(only=("pelvic-tilt",)))
    start = clock.now()
    summary, recorder = run(plan, clock, keys=ScriptedKeys([(start + 17, Command.PAIN), (start + 19, Command.OTHER)]))
    [(_, stop)] = recorder.of(PainStopShown)
    assert stop.next_exercise is None
    assert clock.now() == start + 19
    assert summary.status is Status.NOTHING_DONE


def test_opening_waits_until_a_key_or_its_time(catalogue: Catalogue, clock: FakeClock) -> None:
    """The opening stays up for its 10 s, or until a key; the plan starts from then."""
    plan = make_plan(catalogue, PlanOptions(only=("pelvic-tilt",)))
    start = clock.now()
    _, recorder = run(plan, clock, keys=ScriptedKeys([]), opening=10)
    assert [t for t, _ in recorder.of(OpeningShown)] == [start]
    assert recorder.of(StepStarted)[0][0] == start + 10
    assert clock.now() == start + 10 + plan.total_seconds
    clock = FakeClock()
    _, recorder = run(plan, clock, keys=ScriptedKeys([(clock.now() + 3, Command.OTHER)]), opening=10)
    assert recorder.of(StepStarted)[0][0] == clock.t - plan.total_seconds == 1003.0


def test_opening_is_shortened_by_speed_and_skipped_without_keys(catalogue: Catalogue, clock: FakeClock) -> None:
    """At --speed 10 the opening waits 1 s; with no keys to press it does not wait at all."""
    plan = make_plan(catalogue, PlanOptions(only=("pelvic-tilt",)))
    _, recorder = run(plan, clock, keys=ScriptedKeys([]), opening=10, speed=10)
    assert recorder.of(StepStarted)[0][0] == 1001.0
    clock = FakeClock()
    _, recorder = run(plan, clock, opening=10)
    [(_, shown)] = recorder.of(OpeningShown)
    assert shown.seconds == 0
    assert recorder.of(StepStarted)[0][0] == 1000.0


def test_ctrl_c_at_the_opening_reaches_no_exercise(catalogue: Catalogue) -> None:
    """Ctrl-C on the opening: interrupted, no exercise cut short, and the seconds waited are not active time."""

    class CtrlC:
        def wait(self, clock: FakeClock, deadline: float | None) -> Command | None:
            clock.advance(4)
            raise KeyboardInterrupt

    clock = FakeClock()
    plan = make_plan(catalogue, PlanOptions(only=("pelvic-tilt",)))
    summary, _ = run(plan, clock, keys=CtrlC(), opening=10)
    assert summary.status is Status.INTERRUPTED
    assert [r.outcome for r in summary.results] == [Outcome.NOT_REACHED]
    assert (summary.elapsed_seconds, summary.active_seconds) == (4, 0)


def test_help_at_the_opening_shows_the_keys_and_waits_on(catalogue: Catalogue, clock: FakeClock) -> None:
    """? on the opening lists the keys and waits past the 10 s for another key, which starts the session."""
    plan = make_plan(catalogue, PlanOptions(only=("pelvic-tilt",)))
    keys = ScriptedKeys([(clock.now() + 2, Command.HELP), (clock.now() + 40, Command.OTHER)])
    _, recorder = run(plan, clock, keys=keys, opening=10)
    assert [t for t, _ in recorder.of(HelpRequested)] == [1002.0]
    assert recorder.of(StepStarted)[0][0] == 1040.0


def test_q_at_the_opening_ends_the_session_before_it_starts(catalogue: Catalogue, clock: FakeClock) -> None:
    """q on the opening screen ends the session early with nothing started."""
    plan = make_plan(catalogue, PlanOptions(only=("pelvic-tilt",)))
    summary, recorder = run(plan, clock, keys=ScriptedKeys([(clock.now() + 2, Command.QUIT)]), opening=10)
    assert summary.status is Status.ENDED_EARLY
    assert recorder.of(StepStarted) == []


def test_a_caution_is_answered_by_one_key(clock: FakeClock) -> None:
    """y is yes and n is no; Enter, space and other keys answer nothing; q ends the session."""
    keys = ScriptedKeys([(1001, Command.OTHER), (1002, Command.PAUSE), (1003, Command.YES)])
    assert answer_by_key(keys, clock) is Answer.YES
    assert answer_by_key(ScriptedKeys([(1004, Command.OTHER), (1005, Command.NEXT)]), clock) is Answer.NO
    with pytest.raises(QuitSession):
        answer_by_key(ScriptedKeys([(1006, Command.QUIT)]), clock)


def test_ctrl_c_gives_an_interrupted_summary(catalogue: Catalogue) -> None:
    """KeyboardInterrupt mid-hold ends the session with a summary instead of an exception."""

    class InterruptingClock(FakeClock):
        def sleep_until(self, deadline: float) -> None:
            if deadline - 1000 > 20:
                raise KeyboardInterrupt
            super().sleep_until(deadline)

    clock = InterruptingClock()
    plan = make_plan(catalogue, PlanOptions(only=("pelvic-tilt", "knee-rolls")))
    summary, _ = run(plan, clock)
    assert summary.status is Status.INTERRUPTED
    assert [(r.outcome, r.holds_done) for r in summary.results] == [(Outcome.UNFINISHED, 1), (Outcome.NOT_REACHED, 0)]
