"""Streaks, the 12-week calendar and pain points, on hand-made histories."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from backrehab.history.records import ResultRecord, SessionRecord
from backrehab.history.report import heat_map_text, pain_lines
from backrehab.history.stats import attendance_of, completed_days, heat_map, pain_points, streaks
from backrehab.session.outcomes import Outcome, Status

TODAY = date(2025, 3, 12)  # a Wednesday
NEW_YORK_WINTER = timezone(timedelta(hours=-5))


def at_utc(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=timezone.utc)


def record(
    n: int,
    started_at: datetime,
    status: Status = Status.COMPLETED,
    pain: tuple[int | None, int | None] = (None, None),
    done: bool = True,
) -> SessionRecord:
    """A session of one pelvic tilt, done (or not)."""
    outcome = Outcome.DONE if done else Outcome.DECLINED
    result = ResultRecord("pelvic-tilt", 1, outcome, 5, 5, 5 if done else 0)
    return SessionRecord(n, started_at, started_at, status, pain_before=pain[0], pain_after=pain[1], results=(result,))


def in_new_york(moment: datetime) -> date:
    return moment.astimezone(NEW_YORK_WINTER).date()


def days(*offsets: int) -> set[date]:
    return {TODAY - timedelta(days=o) for o in offsets}


def test_streak_counts_back_from_today() -> None:
    """Today and the two days before: a streak of 3; the older run of 4 is the best."""
    assert streaks(days(0, 1, 2, 5, 6, 7, 8), TODAY).current == 3
    assert streaks(days(0, 1, 2, 5, 6, 7, 8), TODAY).best == 4


def test_a_streak_up_to_yesterday_still_counts_today() -> None:
    """Not yet exercised today: the streak that reached yesterday is still current."""
    assert streaks(days(1, 2, 3), TODAY).current == 3


def test_a_gap_ends_the_streak() -> None:
    """Nothing yesterday or today: the current streak is 0, the best is kept."""
    value = streaks(days(2, 3, 4), TODAY)
    assert (value.current, value.best) == (0, 3)
    assert streaks(set(), TODAY) == streaks(set(), TODAY).__class__(0, 0)


def test_only_completed_sessions_make_a_streak_day() -> None:
    """A day with only an interrupted or ended-early session, or one where nothing was done, does not count."""
    sessions = [
        record(1, at_utc(TODAY, 9), Status.INTERRUPTED),
        record(2, at_utc(TODAY - timedelta(days=1), 9), Status.ENDED_EARLY),
        record(3, at_utc(TODAY - timedelta(days=2), 9)),
        record(4, at_utc(TODAY - timedelta(days=3), 9), done=False),
    ]
    assert completed_days(sessions, lambda m: m.date()) == days(2)


def test_the_local_day_decides_at_midnight() -> None:
    """03:30 UTC on the 12th is 22:30 on the 11th in New York: the session counts for the 11th there."""
    late_evening = record(1, at_utc(TODAY, 3, 30))
    assert completed_days([late_evening], lambda m: m.astimezone(timezone.utc).date()) == {TODAY}
    assert completed_days([late_evening], in_new_york) == {TODAY - timedelta(days=1)}
    assert streaks(completed_days([late_evening], in_new_york), TODAY).current == 1


def test_a_session_just_before_and_just_after_midnight_are_two_days() -> None:
    """23:59 and 00:01 local are consecutive days: a streak of 2."""
    before = datetime(2025, 3, 10, 23, 59, tzinfo=NEW_YORK_WINTER)
    after = datetime(2025, 3, 11, 0, 1, tzinfo=NEW_YORK_WINTER)
    found = completed_days([record(1, before), record(2, after)], in_new_york)
    assert found == {date(2025, 3, 10), date(2025, 3, 11)}
    assert streaks(found, TODAY).current == 2


def test_heat_map_is_twelve_weeks_monday_first_ending_this_week() -> None:
    """Twelve columns from Monday 11 weeks ago; today's later weekdays are left blank."""
    value = heat_map([], TODAY)
    assert len(value.weeks) == 12
    assert value.weeks[0][0].day == date(2024, 12, 23)
    assert value.weeks[0][0].day.weekday() == 0
    assert value.weeks[-1][2].day == TODAY
    assert [d.future for d in value.weeks[-1]] == [False, False, False, True, True, True, True]
    assert len(value.days()) == 11 * 7 + 3


def test_heat_map_marks_completed_and_started_days() -> None:
    """A completed day is ●, a day with only an unfinished session ○, nothing ·, the future blank."""
    sessions = [
        record(1, at_utc(TODAY, 9)),
        record(2, at_utc(TODAY, 18)),
        record(3, at_utc(TODAY - timedelta(days=1), 9), Status.ENDED_EARLY),
        record(4, at_utc(TODAY - timedelta(days=200), 9)),
    ]
    value = heat_map(attendance_of(sessions, lambda m: m.date()), TODAY)
    this_week = value.weeks[-1]
    assert (this_week[2].completed, this_week[2].sessions) == (2, 2)
    assert (this_week[1].completed, this_week[1].sessions) == (0, 1)
    assert sum(d.sessions for d in value.days()) == 3
    lines = heat_map_text(value)
    assert lines[1].startswith("Mon  · · ·")
    assert lines[2].endswith("○")
    assert lines[3].endswith("●")
    assert lines[4].endswith("·")
    assert lines[0] == "     " + "  Jan     Feb     Mar"  # each over the week its first day falls in


def test_heat_map_follows_the_local_day() -> None:
    """A session at 02:00 UTC on Wednesday lands on Tuesday's cell in New York."""
    value = heat_map(attendance_of([record(1, at_utc(TODAY, 2))], in_new_york), TODAY)
    assert value.weeks[-1][1].completed == 1
    assert value.weeks[-1][2].completed == 0


def test_pain_points_and_chart() -> None:
    """Sessions with a check-in become points; the chart has one mark per session, a dot for no answer."""
    sessions = [
        record(1, at_utc(TODAY, 9), pain=(6, 4)),
        record(2, at_utc(TODAY, 10)),
        record(3, at_utc(TODAY, 11), pain=(4, None)),
        record(4, at_utc(TODAY, 12), pain=(0, 10)),
    ]
    points = pain_points(sessions, lambda m: m.date())
    assert [p.session_id for p in points] == [1, 3, 4]
    assert pain_lines(points) == [
        "Pain, 0 (none) to 10 (worst), 3 check-ins, 12 Mar to 12 Mar:",
        "  10 ┤  ○",
        "   8 ┤",
        "   6 ┤●",
        "   4 ┤○●",
        "   2 ┤",
        "   0 ┤  ●",
        "     └───",
        "      12 Mar",
        "  ● before  ○ after  ◉ both; average before 3.3, after 7.0",
    ]


def test_pain_chart_dates_its_ends() -> None:
    """Over several days the axis names the first check-in's date at the left and the last one's at the right."""
    sessions = [record(n, at_utc(TODAY - timedelta(days=20 - n), 9), pain=(5, 5)) for n in range(1, 16)]
    lines = pain_lines(pain_points(sessions, lambda m: m.date()))
    assert lines[0].endswith("15 check-ins, 21 Feb to 7 Mar:")
    assert lines[3] == "   6 ┤" + "◉" * 15  # 5 is marked on 6's row, halfway going up
    assert lines[8] == "      21 Feb    7 Mar"
