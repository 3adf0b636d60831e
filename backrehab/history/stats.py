"""Streaks, the 12-week calendar and the pain trend: pure functions over recorded sessions.

Days are the person's local days. Which day a moment falls on is decided by a
`LocalDate` function passed in (the system's time zone by default), and
`today` is passed in too, so tests can pin midnight boundaries.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from backrehab.history.records import SessionRecord

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


def heat_map(
    sessions: Iterable[SessionRecord],
    today: date,
    local_date: LocalDate = system_local_date,
    weeks: int = HEAT_MAP_WEEKS,
) -> HeatMap:
    """The last `weeks` calendar weeks, the current one included, Monday first."""
    completed: dict[date, int] = {}
    started: dict[date, int] = {}
    logged: dict[date, int] = {}
    for session in sessions:
        if session.demo:
            continue
        day = local_date(session.started_at)
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
