"""Gradual progression: the hold rises after three full sessions in a row, stops at the target, and pain holds it."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from backrehab.catalogue.model import Catalogue
from backrehab.history.progression import Attempt, ProgressionRule, current_holds, hold_progress, progress_for
from backrehab.history.records import ProgressReset, ResultRecord, SessionRecord
from backrehab.session.outcomes import Outcome, Status

DONE = Attempt(Outcome.DONE, 5)


def done_at(hold: int) -> Attempt:
    return Attempt(Outcome.DONE, hold)


def test_the_hold_rises_exactly_at_the_third_qualifying_session(catalogue: Catalogue) -> None:
    """Stomach tone (5 s, building up to 10 s): still 5 s after two full sessions, 6 s after the third."""
    exercise = catalogue.find("stomach-tone")
    assert exercise is not None
    assert hold_progress(exercise, [DONE, DONE]).current == 5
    after_three = hold_progress(exercise, [DONE, DONE, DONE])
    assert after_three.current == 6
    assert after_three.counted == 0


def test_each_step_needs_three_sessions_at_the_new_hold(catalogue: Catalogue) -> None:
    """After rising to 6 s, three more full sessions at 6 s make 7 s; two do not."""
    exercise = catalogue.find("stomach-tone")
    assert exercise is not None
    first = [DONE, DONE, DONE]
    assert hold_progress(exercise, [*first, done_at(6), done_at(6)]).current == 6
    assert hold_progress(exercise, [*first, done_at(6), done_at(6), done_at(6)]).current == 7


def test_the_hold_stops_at_the_target(catalogue: Catalogue) -> None:
    """However many sessions, the hold never passes build_up_to_seconds (10 s)."""
    exercise = catalogue.find("leg-raise")
    assert exercise is not None
    attempts = [done_at(hold) for hold in range(5, 11) for _ in range(3)] + [done_at(10)] * 9
    progress = hold_progress(exercise, attempts)
    assert progress.current == 10
    assert progress.at_target


def test_an_exercise_without_a_target_never_changes(catalogue: Catalogue) -> None:
    """Pelvic tilt has no build_up_to_seconds: its hold stays at 5 s."""
    exercise = catalogue.find("pelvic-tilt")
    assert exercise is not None
    assert hold_progress(exercise, [DONE] * 30).current == 5


def test_more_pain_after_than_before_holds_progression(catalogue: Catalogue) -> None:
    """A session with more pain after than before does not count and starts the count again."""
    exercise = catalogue.find("stomach-tone")
    assert exercise is not None
    sore = Attempt(Outcome.DONE, 5, pain_rose=True)
    progress = hold_progress(exercise, [DONE, DONE, sore])
    assert progress.current == 5
    assert progress.counted == 0
    assert progress.held_because == "more pain after the session than before"
    assert hold_progress(exercise, [DONE, DONE, sore, DONE, DONE]).current == 5
    assert hold_progress(exercise, [DONE, DONE, sore, DONE, DONE, DONE]).current == 6


def test_stopping_for_pain_or_skipping_does_not_count(catalogue: Catalogue) -> None:
    """Stopped with p, skipped with n or left unfinished: the run of full sessions starts again."""
    exercise = catalogue.find("stomach-tone")
    assert exercise is not None
    for outcome in (Outcome.STOPPED_PAIN, Outcome.SKIPPED, Outcome.UNFINISHED):
        assert hold_progress(exercise, [DONE, DONE, Attempt(outcome, 5), DONE]).current == 5
    assert hold_progress(exercise, [DONE, Attempt(Outcome.STOPPED_PAIN, 5)]).held_because == "stopped for pain"


def test_the_rule_is_one_value_with_its_numbers(catalogue: Catalogue) -> None:
    """Another rule (2 sessions, +2 s) changes the outcome without touching the code that applies it."""
    exercise = catalogue.find("stomach-tone")
    assert exercise is not None
    assert hold_progress(exercise, [DONE, DONE], ProgressionRule(sessions_per_step=2, step_seconds=2)).current == 7


def session(number: int, outcome: Outcome = Outcome.DONE, *, planned: bool = True, pain=(None, None)) -> SessionRecord:  # type: ignore[no-untyped-def]
    at = datetime(2025, 3, 1, 8, tzinfo=timezone.utc) + timedelta(days=number)
    return SessionRecord(
        id=number,
        started_at=at,
        ended_at=at,
        status=Status.COMPLETED,
        pain_before=pain[0],
        pain_after=pain[1],
        results=(ResultRecord("stomach-tone", 1, outcome, 5, planned=planned),),
    )


def test_sessions_that_left_the_exercise_out_neither_count_nor_break(catalogue: Catalogue) -> None:
    """A session with --only other exercises, or one that never reached it, does not break the run."""
    sessions = [
        session(1),
        session(2, Outcome.SKIPPED, planned=False),
        session(3),
        session(4, Outcome.NOT_REACHED),
        session(5),
    ]
    assert progress_for(catalogue.exercises, sessions)["stomach-tone"].current == 6


def test_pain_check_ins_of_a_session_reach_the_rule(catalogue: Catalogue) -> None:
    """Pain 3 before and 5 after in a recorded session holds progression for what was done in it."""
    sessions = [session(1), session(2), session(3, pain=(3, 5))]
    assert progress_for(catalogue.exercises, sessions)["stomach-tone"].current == 5
    sessions = [session(1), session(2), session(3, pain=(5, 3))]
    assert progress_for(catalogue.exercises, sessions)["stomach-tone"].current == 6


def test_a_reset_starts_again_from_the_catalogue_hold(catalogue: Catalogue) -> None:
    """After `progress --reset`, only sessions recorded later count; a reset of another exercise changes nothing."""
    sessions = [session(n) for n in range(1, 4)]
    assert progress_for(catalogue.exercises, sessions)["stomach-tone"].current == 6
    assert progress_for(catalogue.exercises, sessions, [ProgressReset("stomach-tone", 3)])["stomach-tone"].current == 5
    assert progress_for(catalogue.exercises, sessions, [ProgressReset(None, 1)])["stomach-tone"].counted == 2
    assert progress_for(catalogue.exercises, sessions, [ProgressReset("leg-raise", 3)])["stomach-tone"].current == 6


def test_only_moved_holds_go_into_the_plan(catalogue: Catalogue) -> None:
    """The plan's hold map holds exercises whose hold has moved, nothing else."""
    sessions = [session(n) for n in range(1, 4)]
    assert current_holds(progress_for(catalogue.exercises, sessions)) == {"stomach-tone": 6}
