"""The report for the physiotherapist: what was done over a period, how often, and how the pain went.

`build_period_report` is a pure function over the period's sessions and the holds at its two ends;
`read_period_report` reads exactly that much from the history (the period's window, and the attempts
progression needs) and calls it. `period_markdown` lays the report out as Markdown; the HTML page
with its charts is `period_html.py`.

What counts follows `history`: demo runs are left out (and their number said), a session counts
towards adherence when it was completed with at least one exercise done, and days are local days.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from backrehab.catalogue.model import Catalogue, Exercise
from backrehab.handout.sheet import md
from backrehab.history.progression import Checkpoints, progress_from_history
from backrehab.history.records import SessionRecord
from backrehab.history.stats import LocalDate, average
from backrehab.session.outcomes import Outcome
from backrehab.wording import day_text, plural

if TYPE_CHECKING:  # pragma: no cover
    from backrehab.history.store import History

#: The default period: the current calendar week and the five before it.
DEFAULT_WEEKS = 6
#: The most dates listed beside an exercise stopped for pain; the rest are counted.
STOP_DATES_SHOWN = 4
WHOLE_CATALOGUE = "every exercise (no routine)"


def default_since(today: date, weeks: int = DEFAULT_WEEKS) -> date:
    """The Monday `weeks - 1` weeks before this week's: whole calendar weeks, the current one so far."""
    return today - timedelta(days=today.weekday(), weeks=weeks - 1)


@dataclass(frozen=True)
class Week:
    """One calendar week (Monday to Sunday) of the period; the first and last may be cut by it."""

    monday: date
    #: The week's days inside the period.
    days: int
    #: Sessions completed with at least one exercise done: what adherence counts.
    completed: int
    #: Other sessions started (ended early, interrupted, nothing done).
    not_completed: int
    #: Days with a completed session.
    active_days: int
    checkins: int
    pain_before: float | None
    pain_after: float | None

    @property
    def whole(self) -> bool:
        return self.days == 7


@dataclass(frozen=True)
class ExerciseLine:
    """One exercise over the period: what became of it each time it was planned, and its hold."""

    exercise_id: str
    name: str
    done: int
    #: The days it was stopped with the `p` key, oldest first (a day twice if stopped twice).
    stopped_for_pain: tuple[date, ...]
    declined: int
    skipped: int
    #: Unfinished or not reached: the session ended before it was done.
    not_finished: int
    hold_start: int | None
    hold_end: int | None
    target: int | None


@dataclass(frozen=True)
class PainCheckin:
    session_id: int
    day: date
    #: Hours into the day the session started, so two sessions of a day are drawn apart.
    hour: float
    before: int | None
    after: int | None
    logged: bool = False


@dataclass(frozen=True)
class PeriodReport:
    first: date
    last: date
    made: date
    weeks: tuple[Week, ...]
    exercises: tuple[ExerciseLine, ...]
    pain: tuple[PainCheckin, ...]
    #: (what was run, sessions) in the order first used: a routine's name, or every exercise.
    routines: tuple[tuple[str, int], ...]
    #: Sessions started in the period, demos left out.
    sessions: int
    completed: int
    active_days: int
    demos_left_out: int
    #: Days of sessions entered afterwards rather than timed (none until the history records such).
    logged: tuple[date, ...]
    weekly_goal: int | None

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def per_week(self) -> float:
        """Completed sessions per seven days of the period."""
        return self.completed * 7 / self.days

    @property
    def weeks_meeting_goal(self) -> int | None:
        if self.weekly_goal is None:
            return None
        return sum(week.completed >= self.weekly_goal for week in self.weeks)

    @property
    def pain_before(self) -> float | None:
        return average(p.before for p in self.pain)

    @property
    def pain_after(self) -> float | None:
        return average(p.after for p in self.pain)


def build_period_report(
    *,
    sessions: Sequence[SessionRecord],
    catalogue: Catalogue,
    first: date,
    last: date,
    made: date,
    local_date: LocalDate,
    holds_start: Mapping[str, int] | None = None,
    holds_end: Mapping[str, int] | None = None,
    targets: Mapping[str, int] | None = None,
    weekly_goal: int | None = None,
    routine_names: Mapping[tuple[str, ...], str] | None = None,
) -> PeriodReport:
    """The report of the `sessions` whose local day is from `first` to `last` (others are ignored).

    `holds_start` and `holds_end` are each exercise's hold as progression had it before the first day
    and after the last; `targets` the hold it builds up to. `routine_names` names the routines of the
    config file by their exercise ids, as sessions store them.
    """
    inside = [s for s in sessions if first <= local_date(s.started_at) <= last]
    real = [s for s in inside if not s.demo]
    return PeriodReport(
        first=first,
        last=last,
        made=made,
        weeks=tuple(_weeks(real, first, last, local_date)),
        exercises=tuple(_exercises(real, catalogue, local_date, holds_start or {}, holds_end or {}, targets or {})),
        pain=tuple(
            PainCheckin(
                s.id,
                local_date(s.started_at),
                s.started_at.hour + s.started_at.minute / 60,
                s.pain_before,
                s.pain_after,
                s.logged,
            )
            for s in real
            if s.pain_before is not None or s.pain_after is not None
        ),
        routines=tuple(_routines(real, routine_names or {})),
        sessions=len(real),
        completed=sum(s.counts for s in real),
        active_days=len({local_date(s.started_at) for s in real if s.counts}),
        demos_left_out=len(inside) - len(real),
        logged=tuple(local_date(s.started_at) for s in real if s.logged),
        weekly_goal=weekly_goal,
    )


def _weeks(sessions: Sequence[SessionRecord], first: date, last: date, local_date: LocalDate) -> list[Week]:
    weeks = []
    monday = first - timedelta(days=first.weekday())
    while monday <= last:
        sunday = monday + timedelta(days=6)
        days = (min(sunday, last) - max(monday, first)).days + 1
        these = [s for s in sessions if monday <= local_date(s.started_at) <= sunday]
        checked = [s for s in these if s.pain_before is not None or s.pain_after is not None]
        weeks.append(
            Week(
                monday=monday,
                days=days,
                completed=sum(s.counts for s in these),
                not_completed=sum(not s.counts for s in these),
                active_days=len({local_date(s.started_at) for s in these if s.counts}),
                checkins=len(checked),
                pain_before=average(s.pain_before for s in checked),
                pain_after=average(s.pain_after for s in checked),
            )
        )
        monday += timedelta(weeks=1)
    return weeks


def _exercises(
    sessions: Sequence[SessionRecord],
    catalogue: Catalogue,
    local_date: LocalDate,
    holds_start: Mapping[str, int],
    holds_end: Mapping[str, int],
    targets: Mapping[str, int],
) -> list[ExerciseLine]:
    """Every exercise planned at least once, in the catalogue's order; ids it no longer has come last."""
    outcomes: dict[str, list[tuple[date, Outcome]]] = {}
    for session in sessions:
        for result in session.results:
            if result.planned:
                outcomes.setdefault(result.exercise_id, []).append((local_date(session.started_at), result.outcome))
    order = [e.id for e in catalogue.exercises if e.id in outcomes] + sorted(
        i for i in outcomes if catalogue.find(i) is None
    )
    lines = []
    for exercise_id in order:
        found = outcomes[exercise_id]
        exercise = catalogue.find(exercise_id)
        count = {kind: sum(o is kind for _, o in found) for kind in Outcome}
        lines.append(
            ExerciseLine(
                exercise_id=exercise_id,
                name=exercise.name if exercise else exercise_id,
                done=count[Outcome.DONE],
                stopped_for_pain=tuple(sorted(day for day, o in found if o is Outcome.STOPPED_PAIN)),
                declined=count[Outcome.DECLINED],
                skipped=count[Outcome.SKIPPED],
                not_finished=count[Outcome.UNFINISHED] + count[Outcome.NOT_REACHED],
                hold_start=holds_start.get(exercise_id, exercise.hold_seconds if exercise else None),
                hold_end=holds_end.get(exercise_id, exercise.hold_seconds if exercise else None),
                target=targets.get(exercise_id, _target(exercise) if exercise else None),
            )
        )
    return lines


def _target(exercise: Exercise) -> int:
    return max(exercise.build_up_to_seconds or 0, exercise.hold_seconds)


def _routines(sessions: Sequence[SessionRecord], names: Mapping[tuple[str, ...], str]) -> list[tuple[str, int]]:
    used: dict[str, int] = {}
    for session in sessions:
        routine = session.options.get("routine") or []
        ids = tuple(str(i) for i in routine) if isinstance(routine, list) else ()
        if not ids:
            label = WHOLE_CATALOGUE
        else:
            label = names.get(ids) or f"a routine of {plural(len(ids), 'exercise')} no longer in the config file"
        used[label] = used.get(label, 0) + 1
    return list(used.items())


# -- reading it from the history ---------------------------------------------------


def read_period_report(
    *,
    history: History | None,
    catalogue: Catalogue,
    first: date,
    last: date,
    made: date,
    local_date: LocalDate,
    weekly_goal: int | None = None,
    routine_names: Mapping[tuple[str, ...], str] | None = None,
    checkpoints: Checkpoints | None = None,
) -> PeriodReport:
    """The report of `first` to `last`, reading only that window and the attempts the holds need (from
    progression's `checkpoints` where given)."""
    sessions: list[SessionRecord] = []
    holds_start: dict[str, int] = {}
    holds_end: dict[str, int] = {}
    targets: dict[str, int] = {}
    if history is not None:
        sessions = history.sessions_between(first, last, local_date)
        exercises = catalogue.exercises
        start = first - timedelta(days=1)
        before = progress_from_history(
            exercises, history, last_day=start, local_date=local_date, checkpoints=checkpoints
        )
        after = progress_from_history(exercises, history, last_day=last, local_date=local_date, checkpoints=checkpoints)
        holds_start = {i: p.current for i, p in before.items()}
        holds_end = {i: p.current for i, p in after.items()}
        targets = {i: p.target for i, p in after.items()}
    return build_period_report(
        sessions=sessions,
        catalogue=catalogue,
        first=first,
        last=last,
        made=made,
        local_date=local_date,
        holds_start=holds_start,
        holds_end=holds_end,
        targets=targets,
        weekly_goal=weekly_goal,
        routine_names=routine_names,
    )


# -- words shared by the Markdown and the HTML ----------------------------------------


def period_text(report: PeriodReport) -> str:
    """ "3 Nov to 14 Dec 2026 (6 weeks)"."""
    same_year = report.first.year == report.last.year
    days = report.days
    length = plural(days // 7, "week") if days % 7 == 0 else plural(days, "day")
    return f"{day_text(report.first, year=not same_year)} to {day_text(report.last, year=True)} ({length})"


def adherence_text(report: PeriodReport) -> str:
    """One sentence: sessions, days, per week, and the goal."""
    text = (
        f"{plural(report.completed, 'session')} completed on {plural(report.active_days, 'day')} of "
        f"{report.days} ({report.per_week:.1f} a week)"
    )
    others = report.sessions - report.completed
    if others:
        text += f"; {plural(others, 'other session')} started but not completed"
    if report.weekly_goal is not None:
        text += (
            f". Goal: {plural(report.weekly_goal, 'session')} a week, met in {report.weeks_meeting_goal} "
            f"of {plural(len(report.weeks), 'week')}"
        )
    return text + "."


def left_out_text(report: PeriodReport) -> str:
    """What the figures leave out or mark: demos and logged sessions."""
    parts = []
    if report.demos_left_out:
        parts.append(f"{plural(report.demos_left_out, 'demo run')} (at a --speed other than 1) left out")
    else:
        parts.append("no demo runs")
    if report.logged:
        days = ", ".join(day_text(d) for d in report.logged[:STOP_DATES_SHOWN])
        more = f" and {len(report.logged) - STOP_DATES_SHOWN} more" if len(report.logged) > STOP_DATES_SHOWN else ""
        parts.append(f"{plural(len(report.logged), 'session')} logged afterwards, not timed ({days}{more})")
    return "; ".join(parts) + "."


def routines_text(report: PeriodReport) -> str:
    if not report.routines:
        return "none (no sessions)"
    return ", ".join(f"{name} ({plural(count, 'session')})" for name, count in report.routines)


def stops_text(line: ExerciseLine) -> str:
    """ "2 (3 Nov, 10 Nov)", "0"."""
    if not line.stopped_for_pain:
        return "0"
    days = [day_text(d) for d in line.stopped_for_pain[:STOP_DATES_SHOWN]]
    more = len(line.stopped_for_pain) - STOP_DATES_SHOWN
    if more > 0:
        days.append(f"+{more} more")
    return f"{len(line.stopped_for_pain)} ({', '.join(days)})"


def hold_text(line: ExerciseLine) -> str:
    """ "5 → 7 s", "10 s" when it did not move."""
    if line.hold_start is None or line.hold_end is None:
        return "—"
    if line.hold_start == line.hold_end:
        return f"{line.hold_end} s"
    return f"{line.hold_start} → {line.hold_end} s"


def score_text(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def week_label(week: Week) -> str:
    """ "3 Nov", or "8 Dec (3 days)" for a week the period cuts."""
    return day_text(week.monday) + ("" if week.whole else f" ({plural(week.days, 'day')})")


# -- Markdown -----------------------------------------------------------------------


def period_markdown(report: PeriodReport) -> str:
    """The report as Markdown: the same figures as the page, as text and tables."""
    out = [
        "# Exercise report",
        "",
        f"**Period:** {period_text(report)} · **Routines:** {md(routines_text(report))}",
        "",
        f"**Adherence:** {md(adherence_text(report))} {md(left_out_text(report))}",
        "",
        "## Sessions a week",
        "",
        "| week of | completed | other sessions | days with a session |"
        + (" goal met |" if report.weekly_goal else ""),
        "| --- | ---: | ---: | ---: |" + (" :-: |" if report.weekly_goal else ""),
    ]
    for week in report.weeks:
        row = f"| {week_label(week)} | {week.completed} | {week.not_completed} | {week.active_days} |"
        if report.weekly_goal:
            row += " yes |" if week.completed >= report.weekly_goal else " no |"
        out.append(row)
    out += ["", "## Pain, 0–10", ""]
    if report.pain:
        out.append(
            f"{plural(len(report.pain), 'check-in')}; average before {score_text(report.pain_before)}, "
            f"after {score_text(report.pain_after)}."
        )
        out += ["", "| week of | check-ins | before (average) | after (average) |", "| --- | ---: | ---: | ---: |"]
        for week in report.weeks:
            out.append(
                f"| {week_label(week)} | {week.checkins} | {score_text(week.pain_before)} | "
                f"{score_text(week.pain_after)} |"
            )
        out += ["", "| date | before | after |", "| --- | ---: | ---: |"]
        for point in report.pain:
            logged = " (logged)" if point.logged else ""
            out.append(f"| {day_text(point.day)}{logged} | {_blank(point.before)} | {_blank(point.after)} |")
    else:
        out.append("No pain check-ins in this period.")
    out += [
        "",
        "## Exercises",
        "",
        "| exercise | done in full | stopped for pain | declined | skipped | not finished | hold | target |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for line in report.exercises:
        out.append(
            f"| {md(line.name)} | {line.done} | {stops_text(line)} | {line.declined} | {line.skipped} | "
            f"{line.not_finished} | {hold_text(line)} | {_seconds(line.target)} |"
        )
    if not report.exercises:
        out.append("| no exercise was planned in this period | | | | | | | |")
    out += ["", f"*Made with backrehab on {day_text(report.made, year=True)}. {NOTE}*", ""]
    return "\n".join(out)


#: What the report is and is not, under every copy of it.
NOTE = (
    "Recorded by the person's own exercise timer: sessions completed have at least one exercise done; "
    "pain is their own 0–10 rating before and after a session."
)


def _blank(value: int | None) -> str:
    return "—" if value is None else str(value)


def _seconds(value: int | None) -> str:
    return "—" if value is None else f"{value} s"
