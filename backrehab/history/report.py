"""What `history` and `progress` print: the sessions table, streaks, the calendar, the pain trend, CSV and JSON."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from rich import box
from rich.table import Table
from rich.text import Text

from backrehab.catalogue.model import Catalogue
from backrehab.history.progression import RULE, HoldProgress, ProgressionRule
from backrehab.history.records import Attendance, SessionRecord
from backrehab.history.stats import (
    Day,
    HeatMap,
    LocalDate,
    PainPoint,
    Streaks,
    average,
    heat_map,
    pain_points,
)
from backrehab.printable import shown
from backrehab.session.outcomes import Outcome, Status
from backrehab.wording import day_text, duration_text, plural

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import RenderableType

#: The most check-ins the pain chart shows (the latest ones).
PAIN_CHART_WIDTH = 40
CSV_FIELDS = (
    "session",
    "date",
    "started_at",
    "session_status",
    "demo",
    "logged",
    "pain_before",
    "pain_after",
    "position",
    "exercise",
    "name",
    "planned",
    "outcome",
    "reason",
    "hold_seconds",
    "holds_planned",
    "holds_done",
    "left",
    "right",
    "both",
)


@dataclass(frozen=True)
class Report:
    """Everything `history` shows, computed once for the table, the JSON and the CSV."""

    sessions: tuple[SessionRecord, ...]
    streaks: Streaks
    heat_map: HeatMap
    pain: tuple[PainPoint, ...]
    today: date
    days: int | None


def make_report(
    attendance: Iterable[Attendance],
    shown: Sequence[SessionRecord],
    *,
    streak: Streaks,
    today: date,
    days: int | None,
    local_date: LocalDate,
) -> Report:
    """The `streak` (from the whole history); the calendar from the sessions' `attendance` (its twelve weeks
    at least); the table and the pain trend from the sessions `shown`."""
    return Report(
        sessions=tuple(shown),
        streaks=streak,
        heat_map=heat_map(attendance, today),
        pain=tuple(pain_points(shown, local_date)),
        today=today,
        days=days,
    )


# -- text -----------------------------------------------------------------------


def pain_text(before: int | None, after: int | None) -> str:
    if before is None and after is None:
        return "—"
    return f"{'–' if before is None else before}→{'–' if after is None else after}"


def sessions_table(report: Report, local_date: LocalDate) -> RenderableType:
    days = f"last {plural(report.days, 'day')}" if report.days else "all"
    table = Table(title=f"Sessions ({days})", title_justify="left", box=box.SIMPLE_HEAD)
    # Cells as plain Text, never wrapped: a month of rows then costs a few milliseconds, not a markup parse
    # and a wrap of every cell.
    table.add_column("date", no_wrap=True)
    table.add_column("time", no_wrap=True)
    table.add_column("took", justify="right", no_wrap=True)
    table.add_column("done", justify="right", no_wrap=True)
    table.add_column("not done", justify="right", no_wrap=True)
    table.add_column("pain", justify="center", no_wrap=True)
    table.add_column("status", no_wrap=True)
    for session in report.sessions:
        day = local_date(session.started_at)
        took = session.duration_seconds
        style = {
            Status.COMPLETED: "green",
            Status.NOTHING_DONE: "yellow",
            Status.ENDED_EARLY: "yellow",
            Status.INTERRUPTED: "red",
        }[session.status]
        status = Text(session.status.value, style=style)
        for mark, shown_as in ((session.demo, " (demo)"), (session.logged, " (logged)")):
            if mark:
                status.append(shown_as, style="dim")
        table.add_row(
            Text(day_text(day, weekday=True)),
            Text(f"{session.started_at:%H:%M}"),
            Text("—" if took is None else duration_text(took)),
            Text(str(session.done)),
            Text(str(session.not_done)),
            Text(pain_text(session.pain_before, session.pain_after)),
            status,
        )
    return table


def streak_text(value: Streaks) -> str:
    current = (
        f"{plural(value.current, 'day')} in a row"
        if value.current
        else "none yet (no completed session today or yesterday)"
    )
    return f"Streak: {current} (best: {plural(value.best, 'day')})."


def heat_map_text(value: HeatMap) -> list[str]:
    """Rows Monday to Sunday, a column a week; ● completed, ○ started only, · nothing."""
    starts = [(n, d.day) for n, week in enumerate(value.weeks) for d in week if d.day.day == 1]
    if not starts or starts[0][0] >= 2:  # room to name the month the calendar opens in
        starts.insert(0, (0, value.weeks[0][0].day))
    months = ""
    for column, first in starts:
        months = months.ljust(2 * column) + f"{first:%b}"
    lines = ["     " + months]
    for weekday in range(7):
        row = [week[weekday] for week in value.weeks]
        lines.append(f"{row[0].day:%a}  " + " ".join(day_mark(day) for day in row).rstrip())
    lines.append("     ● completed  ○ started, not completed or nothing done  · no session")
    logged = sum(day.logged for day in value.days())
    if logged:
        lines.append(f"     ● includes {plural(logged, 'session')} logged afterwards, not timed")
    return lines


def day_mark(day: Day) -> str:
    if day.future:
        return " "
    if day.completed:
        return "●"
    return "○" if day.sessions else "·"


#: The pain chart's rows, top first: each check-in is marked on the row nearest its score.
PAIN_ROWS = (10, 8, 6, 4, 2, 0)
BEFORE_MARK, AFTER_MARK, BOTH_MARK = "●", "○", "◉"


def pain_row(value: int) -> int:
    """The row a score is marked on: the nearest of PAIN_ROWS, a score halfway going up (5 on 6's row)."""
    return min(PAIN_ROWS, key=lambda row: (abs(row - value), -row))


def pain_lines(points: Sequence[PainPoint]) -> list[str]:
    """The latest check-ins on a 0–10 axis, one column each, oldest at the left, with the first and last dates."""
    if not points:
        return ["Pain: no check-ins yet (they are asked before and after a session in a terminal)."]
    shown = points[-PAIN_CHART_WIDTH:]
    first, last = day_text(shown[0].day), day_text(shown[-1].day)
    lines = [f"Pain, 0 (none) to 10 (worst), {plural(len(shown), 'check-in')}, {first} to {last}:"]
    for row in PAIN_ROWS:
        marks = []
        for point in shown:
            on_before = point.before is not None and pain_row(point.before) == row
            on_after = point.after is not None and pain_row(point.after) == row
            marks.append(
                BOTH_MARK if on_before and on_after else BEFORE_MARK if on_before else AFTER_MARK if on_after else " "
            )
        lines.append(f"  {row:>2} ┤" + "".join(marks).rstrip())
    width = len(shown)
    lines.append("     └" + "─" * width)
    if len(shown) > 1 and width >= len(first) + len(last) + 1:
        lines.append("      " + first + last.rjust(width - len(first)))
    else:
        lines.append("      " + (first if first == last else f"{first} to {last}"))
    before, after = average(p.before for p in shown), average(p.after for p in shown)
    averages = []
    if before is not None:
        averages.append(f"before {before:.1f}")
    if after is not None:
        averages.append(f"after {after:.1f}")
    lines.append(f"  {BEFORE_MARK} before  {AFTER_MARK} after  {BOTH_MARK} both; average " + ", ".join(averages))
    return lines


def print_report(report: Report, local_date: LocalDate, console: Any) -> None:
    if report.sessions:
        console.print(sessions_table(report, local_date))
    else:
        days = f" in the last {plural(report.days, 'day')}" if report.days else ""
        console.print(f"No sessions{days}.")
    console.print(streak_text(report.streaks))
    console.print()
    console.print(f"Last {len(report.heat_map.weeks)} weeks:")
    for line in heat_map_text(report.heat_map):
        console.print(line, highlight=False)
    console.print()
    for line in pain_lines(report.pain):
        console.print(line, highlight=False)


# -- machine-readable -------------------------------------------------------------


def report_json(report: Report, database: Path) -> dict[str, Any]:
    return {
        "database": str(database),
        "today": report.today.isoformat(),
        "days": report.days,
        "streak": {"current": report.streaks.current, "best": report.streaks.best},
        "heat_map": [
            {"date": d.day.isoformat(), "sessions": d.sessions, "completed": d.completed}
            for d in report.heat_map.days()
        ],
        "pain": [
            {"session": p.session_id, "date": p.day.isoformat(), "before": p.before, "after": p.after}
            for p in report.pain
        ],
        "sessions": [s.to_dict() for s in report.sessions],
    }


def write_csv(
    rows: Iterable[Sequence[Any]],
    catalogue: Catalogue,
    out: IO[str],
    local_date: LocalDate,
    *,
    first: date | None = None,
) -> int:
    """One row per exercise result, for a physiotherapist's spreadsheet; returns the rows written.

    `rows` are `History.result_rows`, oldest first, written as they come (from `first`, a local day,
    if given): the work is linear in the rows, and no session record is built.
    """
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    names = {e.id: e.name for e in catalogue.exercises}
    exercises: dict[str, str] = {}  # each id and name made inert and written as CSV once, not once a row
    known = {o.value for o in Outcome}
    written = 0
    session_id: int | None = None
    session: str | None = None
    lines: list[str] = []
    for row in rows:
        if row[0] != session_id:
            session_id = row[0]
            local = local_date(datetime.fromisoformat(row[1]))
            session = None
            if first is None or local >= first:
                demo = "yes" if row[3] else "no"
                logged = "yes" if row[17] else "no"
                fields = (row[0], local.isoformat(), row[1], row[2], demo, logged, _blank(row[4]), _blank(row[5]))
                session = _csv_line(fields)
        if session is None:
            continue
        exercise = exercises.get(row[7])
        if exercise is None:
            exercise = exercises[row[7]] = _csv_line((inert(row[7]), inert(names.get(row[7], ""))))
        counts = row[11:17]
        numbers = ",".join(map(str, counts))
        position = str(row[6])
        plain = position.isdigit() and numbers.count(",") == 5 and numbers.replace(",", "").isdigit()
        if plain and not row[10] and row[9] in known:
            # the common row, of digits and words that need no quoting, written without the csv module
            planned = "yes" if row[8] else "no"
            lines.append(f"{session},{position},{exercise},{planned},{row[9]},,{numbers}\n")
        else:
            result = (row[6], inert(row[7]), inert(names.get(row[7], "")), "yes" if row[8] else "no", row[9])
            lines.append(f"{session},{_csv_line((*result, inert(row[10]) if row[10] else '', *counts))}\n")
        written += 1
        if len(lines) >= 4096:
            out.write("".join(lines))
            lines.clear()
    out.write("".join(lines))
    return written


def _csv_line(fields: Iterable[Any]) -> str:
    """Fields as the csv module writes them, without the line's end."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(fields)  # the same end as the file's, which decides quoting
    return buffer.getvalue()[:-1]


#: What a spreadsheet takes for the start of a formula (tab and carriage return can lead into one too).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(text: str) -> str:
    """Text a spreadsheet shows as text: one starting like a formula gets a leading apostrophe.

    A control character (from a tampered history: a catalogue cannot hold one) is written as its
    escape, so `history --csv -` cannot act on the terminal.
    """
    text = shown(text)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _blank(value: int | None) -> str:
    return "" if value is None else str(value)


# -- progress ---------------------------------------------------------------------


def rule_text(rule: ProgressionRule = RULE) -> str:
    return (
        f"A hold that builds up goes up by {plural(rule.step_seconds, 'second')} after "
        f"{rule.sessions_per_step} sessions in a row with the exercise done in full, up to its target. "
        "Stopping it for pain, skipping it, or more pain after a session than before starts the count again."
    )


def next_step_text(progress: HoldProgress, rule: ProgressionRule = RULE) -> str:
    if not progress.builds_up:
        return "fixed"
    if progress.at_target:
        return "at target"
    text = f"{progress.counted} of {rule.sessions_per_step} sessions"
    if progress.held_because:
        text += f" (held: {progress.held_because})"
    return text


def progress_table(progress: Mapping[str, HoldProgress], rule: ProgressionRule = RULE) -> RenderableType:
    table = Table(title="Holds", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("name")
    table.add_column("now", justify="right", no_wrap=True)
    table.add_column("target", justify="right", no_wrap=True)
    table.add_column(f"towards +{rule.step_seconds} s")
    for item in progress.values():
        table.add_row(
            item.exercise.id,
            item.exercise.name,
            f"{item.current} s",
            f"{item.target} s",
            next_step_text(item, rule),
        )
    return table


def progress_json(progress: Mapping[str, HoldProgress], rule: ProgressionRule = RULE) -> dict[str, Any]:
    return {
        "rule": {"sessions_per_step": rule.sessions_per_step, "step_seconds": rule.step_seconds},
        "exercises": [
            {
                "id": p.exercise.id,
                "start": p.start,
                "current": p.current,
                "target": p.target,
                "counted": p.counted,
                "held_because": p.held_because,
            }
            for p in progress.values()
        ],
    }
