"""Checkpoints of a long history: progression and streaks from them equal those of the whole history."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backrehab.cache import LATEST_CHECKPOINT, catalogue_holds, entry_path
from backrehab.catalogue.load import load_catalogue
from backrehab.history import progression
from backrehab.history.progression import (
    SETTLED_DAYS,
    CachedCheckpoints,
    Checkpoint,
    HoldProgress,
    progress_for,
    progress_from_history,
)
from backrehab.history.records import ResultRecord
from backrehab.history.stats import CountedRuns, Streaks, history_streaks, streaks
from backrehab.history.store import History
from backrehab.session.outcomes import Outcome, Status

CATALOGUE = load_catalogue()
#: Two exercises whose hold builds up, and one whose hold does not.
IDS = ("stomach-tone", "leg-raise", "pelvic-tilt")
EXERCISES = tuple(e for e in CATALOGUE.exercises if e.id in IDS)
FIRST_DAY = datetime(2026, 1, 1, 9, tzinfo=timezone.utc)


def utc_day(moment: datetime) -> date:
    return moment.astimezone(timezone.utc).date()


@dataclass
class KeptCheckpoints:
    """Checkpoints kept in memory, as `CachedCheckpoints` keeps them in the cache."""

    today: date
    kept: tuple[Checkpoint, ...] = ()
    saves: int = 0

    def load(self) -> tuple[Checkpoint, ...]:
        return self.kept

    def latest(self) -> Checkpoint | None:
        return max(self.kept, key=lambda c: c.session, default=None)

    def save(self, checkpoints: tuple[Checkpoint, ...]) -> None:
        self.kept = checkpoints
        self.saves += 1


@dataclass
class CountingHistory:
    """A history that counts the attempt rows progression reads."""

    history: History
    rows: list[int] = field(default_factory=list)

    def attempts(self, *args: Any, **kwargs: Any) -> Any:
        found = self.history.attempts(*args, **kwargs)
        self.rows.append(len(found))
        return found

    def __getattr__(self, name: str) -> Any:
        return getattr(self.history, name)


outcomes = st.sampled_from(
    [Outcome.DONE] * 6 + [Outcome.STOPPED_PAIN, Outcome.SKIPPED, Outcome.DECLINED, Outcome.NOT_REACHED]
)
sessions = st.lists(
    st.fixed_dictionaries(
        {
            "gap": st.integers(min_value=0, max_value=3),
            "outcomes": st.tuples(outcomes, outcomes, outcomes),
            "pain": st.sampled_from([(None, None), (3, 2), (2, 4), (5, 5)]),
            "demo": st.sampled_from([False] * 9 + [True]),
            "shorter": st.integers(min_value=0, max_value=9),
            "reset": st.sampled_from([None] * 12 + ["stomach-tone", "*"]),
            "logged": st.sampled_from([False] * 6 + [True]),
            "look": st.integers(min_value=0, max_value=4),
        }
    ),
    min_size=1,
    max_size=45,
)


def record(history: History, n: int, when: datetime, spec: dict[str, Any], holds: dict[str, int]) -> None:
    """One session as a run records it: at the current holds (now and then one set shorter by hand)."""
    rows = []
    for position, (exercise, outcome) in enumerate(zip(EXERCISES, spec["outcomes"], strict=True), start=1):
        hold = holds.get(exercise.id, exercise.hold_seconds) - (1 if spec["shorter"] == 0 else 0)
        done = 5 if outcome is Outcome.DONE else 0
        rows.append(ResultRecord(exercise.id, position, outcome, hold, 5, done, by_side={"both": done} if done else {}))
    if spec.get("logged"):  # entered afterwards, for a day a week earlier: a later id, an earlier start
        history.log_session(
            started_at=when - timedelta(days=7), options={}, pain_before=spec["pain"][0],
            pain_after=spec["pain"][1], results=rows,
        )  # fmt: skip
    else:
        session_id = history.begin_session(
            started_at=when, options={"speed": 1}, pain_before=spec["pain"][0], results=[], demo=spec["demo"]
        )
        status = Status.COMPLETED if any(r.outcome is Outcome.DONE for r in rows) else Status.NOTHING_DONE
        history.finish_session(session_id, status=status, active_seconds=60.0, results=rows, at=when)
        if spec["pain"][1] is not None:
            history.set_pain(session_id, after=spec["pain"][1])
    if spec["reset"] is not None:
        history.reset_progress(None if spec["reset"] == "*" else spec["reset"], at=when + timedelta(hours=1))


def whole_walk(history: History, last_day: date | None) -> dict[str, HoldProgress]:
    return progress_from_history(EXERCISES, history, last_day=last_day, local_date=utc_day)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sessions)
def test_a_walk_from_checkpoints_equals_the_whole_walk(specs: Sequence[dict[str, Any]]) -> None:
    """Sessions added day by day, with resets, pain stops, skips, declines, demos, pain that rose and sessions
    logged afterwards for an earlier day: after each,
    progress walked from the checkpoints (current, and to earlier days as a report asks) is the whole walk's."""
    with tempfile.TemporaryDirectory() as folder, History.create(Path(folder) / "history.sqlite3") as history:
        kept = KeptCheckpoints(today=FIRST_DAY.date())
        when = FIRST_DAY
        for n, spec in enumerate(specs, start=1):
            when += timedelta(days=spec["gap"], hours=1)
            holds = {i: p.current for i, p in whole_walk(history, None).items()}
            record(history, n, when, spec, holds)
            kept.today = when.date() + timedelta(days=spec["look"])
            assert progress_from_history(EXERCISES, history, local_date=utc_day, checkpoints=kept) == whole_walk(
                history, None
            )
            earlier = when.date() - timedelta(days=spec["look"] * 3)
            assert progress_from_history(
                EXERCISES, history, last_day=earlier, local_date=utc_day, checkpoints=kept
            ) == whole_walk(history, earlier)
        assert whole_walk(history, None) == progress_for(EXERCISES, history.sessions(), history.resets())


def ten_weeks(history: History) -> datetime:
    """Seventy daily sessions, every exercise done in full: the holds that build up rise."""
    when = FIRST_DAY
    for n in range(70):
        when = FIRST_DAY + timedelta(days=n)
        spec = {"outcomes": (Outcome.DONE,) * 3, "pain": (None, None), "demo": False, "shorter": 1, "reset": None}
        record(history, n + 1, when, spec, {i: p.current for i, p in whole_walk(history, None).items()})
    return when


def test_a_walk_from_a_checkpoint_reads_only_the_sessions_after_it(tmp_path: Path) -> None:
    """Once a checkpoint is kept, the next walk reads the attempts of the last few days alone, and agrees."""
    with History.create(tmp_path / "history.sqlite3") as history:
        last = ten_weeks(history)
        kept = KeptCheckpoints(today=last.date())
        counting = CountingHistory(history)
        first = progress_from_history(EXERCISES, counting, checkpoints=kept)  # type: ignore[arg-type]
        again = progress_from_history(EXERCISES, counting, checkpoints=kept)  # type: ignore[arg-type]
        assert first == again == whole_walk(history, None)
        # two exercises build up; the sessions after the checkpoint are those of the unsettled days
        assert counting.rows == [2 * 70, 2 * SETTLED_DAYS]
        assert kept.saves == 1


def test_a_checkpoint_the_history_no_longer_holds_is_not_used(tmp_path: Path) -> None:
    """Another history in the file's place (fewer sessions, other dates) walks everything, and gets its own holds."""
    path = tmp_path / "history.sqlite3"
    with History.create(path) as history:
        last = ten_weeks(history)
    kept = KeptCheckpoints(today=last.date())
    with History.create(path) as history:
        assert progress_from_history(EXERCISES, history, checkpoints=kept)["stomach-tone"].current > 5
    path.unlink()
    with History.create(path) as history:
        spec = {"outcomes": (Outcome.DONE,) * 3, "pain": (None, None), "demo": False, "shorter": 1, "reset": None}
        record(history, 1, FIRST_DAY, spec, {})
        assert progress_from_history(EXERCISES, history, checkpoints=kept) == whole_walk(history, None)
        assert progress_from_history(EXERCISES, history, checkpoints=kept)["stomach-tone"].current == 5


def test_a_reset_after_a_checkpoint_applies(tmp_path: Path) -> None:
    """progress --reset after the checkpoint was taken: the walk starts again from the catalogue's hold."""
    with History.create(tmp_path / "history.sqlite3") as history:
        last = ten_weeks(history)
        kept = KeptCheckpoints(today=last.date())
        assert progress_from_history(EXERCISES, history, checkpoints=kept)["leg-raise"].current > 5
        history.reset_progress("leg-raise", at=last + timedelta(hours=1))
        after = progress_from_history(EXERCISES, history, checkpoints=kept)
        assert after == whole_walk(history, None)
        assert after["leg-raise"].current == 5
        assert after["stomach-tone"].current > 5


def test_checkpoints_are_kept_in_the_cache_between_runs(tmp_path: Path) -> None:
    """The cache entry reads back as it was written; another catalogue's holds (or no cache) find none."""
    with History.create(tmp_path / "history.sqlite3") as history:
        last = ten_weeks(history)
        cache = tmp_path / "cache"
        kept = CachedCheckpoints(cache, history.path, catalogue_holds(CATALOGUE), today=last.date())
        assert kept.load() == ()
        assert progress_from_history(EXERCISES, history, checkpoints=kept) == whole_walk(history, None)
        loaded = kept.load()
        assert loaded
        assert loaded[-1].day == (last.date() - timedelta(days=SETTLED_DAYS)).isoformat()
        assert CachedCheckpoints(cache, history.path, "other holds", today=last.date()).load() == ()
        assert CachedCheckpoints(None, history.path, catalogue_holds(CATALOGUE), today=last.date()).load() == ()


# -- streaks from kept runs of days --------------------------------------------------


@dataclass
class KeptDays:
    """Runs of counted days kept in memory, as `CachedRuns` keeps them in the cache."""

    kept: CountedRuns | None = None

    def load(self) -> CountedRuns | None:
        return self.kept

    def save(self, runs: CountedRuns) -> None:
        self.kept = runs


days = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=3),
        st.sampled_from([Status.COMPLETED] * 4 + [Status.ENDED_EARLY, Status.INTERRUPTED, Status.NOTHING_DONE]),
        st.sampled_from([False] * 9 + [True]),
        st.integers(min_value=0, max_value=3),
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(days)
def test_streaks_from_kept_days_equal_streaks_of_every_day(specs: Sequence[tuple[int, Status, bool, int]]) -> None:
    """Sessions day by day, some not completed, some demos, some logged afterwards for an earlier day, some days
    off, looked at days later: the streaks
    from the kept runs and the sessions since are those of every counted day."""
    with tempfile.TemporaryDirectory() as folder, History.create(Path(folder) / "history.sqlite3") as history:
        kept = KeptDays()
        when = FIRST_DAY
        for gap, status, demo, look in specs:
            when += timedelta(days=gap, hours=1)
            if status is Status.NOTHING_DONE:  # stands for a session logged afterwards, for a day ten days back
                history.log_session(
                    started_at=when - timedelta(days=10), options={}, pain_before=None, pain_after=None, results=[]
                )
            else:
                session_id = history.begin_session(started_at=when, options={}, pain_before=None, results=[], demo=demo)
                history.finish_session(session_id, status=status, active_seconds=1.0, results=[], at=when)
            today = when.date() + timedelta(days=look)
            expected = streaks(history.counted_days(utc_day), today)
            assert history_streaks(history, today, utc_day, kept, "UTC") == expected


def test_kept_days_of_another_time_zone_are_not_used(tmp_path: Path) -> None:
    """Days kept in one time zone are read again in another: a day is a local day."""
    with History.create(tmp_path / "history.sqlite3") as history:
        last = ten_weeks(history)
        kept = KeptDays()
        assert history_streaks(history, last.date(), utc_day, kept, "UTC") == Streaks(70, 70)
        assert kept.kept is not None
        assert kept.kept.zone == "UTC"
        planted = CountedRuns(kept.kept.session, kept.kept.started_at, kept.kept.sessions, "UTC", ())
        kept.kept = planted
        assert history_streaks(history, last.date(), utc_day, kept, "UTC").best < 70  # believed in its own zone
        kept.kept = planted
        assert history_streaks(history, last.date(), utc_day, kept, "Europe/Paris") == Streaks(70, 70)


def test_a_walk_to_today_reads_the_latest_checkpoint_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The year of weekly checkpoints is read only to keep them when new ones are saved; a walk to today, as
    every start makes, reads the latest one's small entry and agrees with the whole walk."""
    with History.create(tmp_path / "history.sqlite3") as history:
        last = ten_weeks(history)
        cache = tmp_path / "cache"
        kept = CachedCheckpoints(cache, history.path, catalogue_holds(CATALOGUE), today=last.date())
        progress_from_history(EXERCISES, history, checkpoints=kept)
        assert kept.latest() == max(kept.load(), key=lambda c: c.session)
        assert len(kept.load()) > 1
        read: list[str] = []
        real = progression.stored
        monkeypatch.setattr(progression, "stored", lambda *a, **k: read.append(a[1]) or real(*a, **k))
        counting = CountingHistory(history)
        walk = progress_from_history(EXERCISES, counting, checkpoints=kept)  # type: ignore[arg-type]
        assert walk == whole_walk(history, None)
        assert read == [LATEST_CHECKPOINT]
        assert counting.rows == [2 * SETTLED_DAYS]


def test_checkpoints_kept_before_the_latest_had_its_own_entry_still_serve(tmp_path: Path) -> None:
    with History.create(tmp_path / "history.sqlite3") as history:
        last = ten_weeks(history)
        cache = tmp_path / "cache"
        kept = CachedCheckpoints(cache, history.path, catalogue_holds(CATALOGUE), today=last.date())
        progress_from_history(EXERCISES, history, checkpoints=kept)
        entry_path(cache, LATEST_CHECKPOINT).unlink()
        assert kept.latest() == max(kept.load(), key=lambda c: c.session)
