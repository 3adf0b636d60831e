"""Streaks, the 12-week calendar and the pain trend: pure functions over recorded sessions.

Days are the person's local days. Which day a moment falls on is decided by a
`LocalDate` function passed in (the system's time zone by default), and
`today` is passed in too, so tests can pin midnight boundaries.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from backrehab.cache import STREAKS, store, stored
from backrehab.history.progression import SETTLED_DAYS
from backrehab.history.records import Attendance, SessionRecord

if TYPE_CHECKING:  # pragma: no cover
    from backrehab.history.store import History

LocalDate = Callable[[datetime], date]

HEAT_MAP_WEEKS = 12


def system_local_date(moment: datetime) -> date:
    """The day `moment` falls on in this computer's time zone."""
    return moment.astimezone().date()


@dataclass(frozen=True)
class Streaks:
    #: Days in a row with a completed session, up to today (or yesterday, while today is still open).
    current: int
    best: int


def completed_days(sessions: Iterable[SessionRecord], local_date: LocalDate = system_local_date) -> set[date]:
    return {local_date(s.started_at) for s in sessions if s.counts}


def streaks(days: Collection[date], today: date) -> Streaks:
    """Current and best runs of consecutive days.

    A streak that reached yesterday is still current today: the day is not
    over, so not having exercised yet does not break it.
    """
    start = today if today in days else today - timedelta(days=1)
    current = 0
    while start - timedelta(days=current) in days:
        current += 1
    best = run = 0
    previous: date | None = None
    for day in sorted(days):
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        best = max(best, run)
        previous = day
    return Streaks(current, max(best, current))


# -- streaks of a long history, from runs kept between runs -------------------------------

#: The runs of days in a row with a session that counts: (first day, last day), as ordinals, in order.
Runs = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class CountedRuns:
    """The counted days of every session up to `session`, as runs, for one time zone (`zone`): what
    streaks need from the settled sessions, kept so that a long history's days are not all read again.

    Like progression's checkpoints (`progression.py`): only settled sessions, and `started_at` and
    `sessions` are checked against the history before the runs are believed.
    """

    session: int
    started_at: str
    sessions: int
    zone: str
    runs: Runs


class KeptRuns(Protocol):
    """Where `CountedRuns` are kept between runs."""

    def load(self) -> CountedRuns | None: ...

    def save(self, runs: CountedRuns) -> None: ...


class CachedRuns:
    """`CountedRuns` in one entry of the derived-data cache, for one history file."""

    def __init__(self, folder: Path | None, database: Path) -> None:
        self.folder = folder
        self.inputs = (str(database),)

    def load(self) -> CountedRuns | None:
        found = stored(self.folder, STREAKS, self.inputs, kinds=(CountedRuns,))
        return found if isinstance(found, CountedRuns) else None

    def save(self, runs: CountedRuns) -> None:
        store(self.folder, STREAKS, self.inputs, runs)


def system_zone() -> str:
    """What decides `system_local_date`'s days: the zone's names and offsets, and TZ."""
    return f"{time.tzname} {time.timezone} {time.altzone} {os.environ.get('TZ')}"


def merged_runs(runs: Runs, days: Iterable[date]) -> Runs:
    """`runs` with `days` added, joined where they touch."""
    points = sorted({*(d.toordinal() for d in days)})
    spans = sorted([*runs, *((n, n) for n in points)])
    out: list[tuple[int, int]] = []
    for first, last in spans:
        if out and first <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], last))
        else:
            out.append((first, last))
    return tuple(out)


def streaks_of_runs(runs: Runs, today: date) -> Streaks:
    """`streaks` of the days the runs hold."""
    now = today.toordinal()
    held = any(first <= now <= last for first, last in runs)
    start = now if held else now - 1
    current = next((start - first + 1 for first, last in runs if first <= start <= last), 0)
    best = max((last - first + 1 for first, last in runs), default=0)
    return Streaks(current, max(best, current))


def history_streaks(
    history: History, today: date, local_date: LocalDate, kept: KeptRuns | None = None, zone: str = ""
) -> Streaks:
    """Streaks from the history's counted days: those of the settled sessions from `kept` (when it holds,
    for `zone`), the others read, and what has settled since kept for the next run."""
    found = kept.load() if kept is not None else None
    if found is not None and (
        found.zone != zone or not history.checkpoint_holds(found.session, found.started_at, found.sessions)
    ):
        found = None
    runs, after = (found.runs, found.session) if found is not None else ((), 0)
    moments = history.counted_moments(after=after)
    if kept is not None:
        mark = history.checkpoint_marks([today - timedelta(days=SETTLED_DAYS)])
        for session, started_at, sessions in mark.values():
            if session > after:
                runs = merged_runs(runs, (local_date(m) for n, m in moments if n <= session))
                moments = [(n, m) for n, m in moments if n > session]
                kept.save(CountedRuns(session, started_at, sessions, zone, runs))
    return streaks_of_runs(merged_runs(runs, (local_date(m) for _, m in moments)), today)


@dataclass(frozen=True)
class Day:
    day: date
    #: Sessions completed that day.
    completed: int = 0
    #: Sessions started that day, whatever became of them.
    sessions: int = 0
    #: After today: not yet lived, drawn blank.
    future: bool = False
    #: Of the sessions completed that day, those logged afterwards (`backrehab log`) rather than timed.
    logged: int = 0


@dataclass(frozen=True)
class HeatMap:
    #: Columns, oldest first; each a week from Monday to Sunday.
    weeks: tuple[tuple[Day, ...], ...]

    def days(self) -> list[Day]:
        return [day for week in self.weeks for day in week if not day.future]


def attendance_of(sessions: Iterable[SessionRecord], local_date: LocalDate = system_local_date) -> list[Attendance]:
    """The sessions as the calendar sees them (demos left out): for sessions already read whole."""
    return [Attendance(local_date(s.started_at), s.counts, s.logged) for s in sessions if not s.demo]


def heat_map(attendance: Iterable[Attendance], today: date, weeks: int = HEAT_MAP_WEEKS) -> HeatMap:
    """The last `weeks` calendar weeks, the current one included, Monday first."""
    completed: dict[date, int] = {}
    started: dict[date, int] = {}
    logged: dict[date, int] = {}
    for session in attendance:
        day = session.day
        started[day] = started.get(day, 0) + 1
        if session.counts:
            completed[day] = completed.get(day, 0) + 1
            if session.logged:
                logged[day] = logged.get(day, 0) + 1
    first = today - timedelta(days=today.weekday(), weeks=weeks - 1)
    columns = []
    for w in range(weeks):
        column = []
        for d in range(7):
            day = first + timedelta(weeks=w, days=d)
            column.append(
                Day(day, completed.get(day, 0), started.get(day, 0), future=day > today, logged=logged.get(day, 0))
            )
        columns.append(tuple(column))
    return HeatMap(tuple(columns))


@dataclass(frozen=True)
class PainPoint:
    session_id: int
    day: date
    before: int | None
    after: int | None


def pain_points(sessions: Sequence[SessionRecord], local_date: LocalDate = system_local_date) -> list[PainPoint]:
    """Every session with a pain check-in, oldest first; demos left out."""
    return [
        PainPoint(s.id, local_date(s.started_at), s.pain_before, s.pain_after)
        for s in sessions
        if (s.pain_before is not None or s.pain_after is not None) and not s.demo
    ]


def average(values: Iterable[int | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def since(
    sessions: Sequence[SessionRecord], days: int | None, today: date, local_date: LocalDate
) -> list[SessionRecord]:
    """The sessions of the last `days` days, today included (all of them for None)."""
    if days is None:
        return list(sessions)
    first = today - timedelta(days=days - 1)
    return [s for s in sessions if local_date(s.started_at) >= first]
