"""The report for the physiotherapist: every figure from a history of known adherence, pain and stops."""

from __future__ import annotations

import re
import subprocess
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from backrehab.catalogue.model import Catalogue
from backrehab.cli.app import main
from backrehab.history.period import (
    PeriodReport,
    Week,
    build_period_report,
    default_since,
    period_markdown,
    read_period_report,
)
from backrehab.history.period_html import period_html
from backrehab.history.progression import progress_for, progress_from_history
from backrehab.history.records import ResultRecord, SessionRecord
from backrehab.history.store import History
from backrehab.session.outcomes import Outcome, Status
from tests.browser import needs_browser
from tests.fakes import fake_surroundings

UTC = timezone.utc
#: The report's two weeks: Monday 2 Nov to Sunday 15 Nov 2026.
FIRST, LAST = date(2026, 11, 2), date(2026, 11, 15)
IDS = ("pelvic-tilt", "back-stabiliser", "hamstring-stretch", "leg-raise")


def utc_day(moment: datetime) -> date:
    return moment.astimezone(UTC).date()


def at(day: int, month: int = 11, hour: int = 12) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=UTC)


def results(**outcomes: Outcome) -> tuple[ResultRecord, ...]:
    """One result per exercise of IDS, done unless named (underscores for hyphens)."""
    out = []
    for n, exercise_id in enumerate(IDS, start=1):
        outcome = outcomes.get(exercise_id.replace("-", "_"), Outcome.DONE)
        out.append(ResultRecord(exercise_id, n, outcome, 5, 5, 5 if outcome is Outcome.DONE else 2))
    return tuple(out)


def session(
    n: int, when: datetime, status: Status = Status.COMPLETED, pain: tuple[int | None, int | None] = (None, None), **kw
) -> SessionRecord:
    return SessionRecord(
        id=n,
        started_at=when,
        ended_at=when + timedelta(minutes=20),
        status=status,
        options=kw.pop("options", {"routine": []}),
        pain_before=pain[0],
        pain_after=pain[1],
        results=kw.pop("results", results()),
        **kw,
    )


#: Known adherence, pain and stops: two completed sessions in week one (one stopped for pain), a demo,
#: in week two a session with nothing done (declined), a logged one, one ended early; one before the period.
SESSIONS = (
    session(1, at(31, 10), pain=(9, 9)),
    session(2, at(2), pain=(4, 3), options={"routine": ["pelvic-tilt", "leg-raise"]}),
    session(3, at(3), pain=(5, 6), results=results(back_stabiliser=Outcome.STOPPED_PAIN, leg_raise=Outcome.SKIPPED)),
    session(4, at(4), pain=(1, 0), demo=True),
    session(
        5,
        at(9),
        Status.NOTHING_DONE,
        results=tuple(
            ResultRecord(i, n, Outcome.DECLINED if i == "hamstring-stretch" else Outcome.SKIPPED, 5)
            for n, i in enumerate(IDS, start=1)
        ),
    ),
    session(6, at(10), pain=(2, 2), logged=True),
    session(7, at(12), Status.ENDED_EARLY, pain=(6, None), results=results(hamstring_stretch=Outcome.NOT_REACHED)),
    session(8, at(13), results=results(back_stabiliser=Outcome.STOPPED_PAIN)),
)


@pytest.fixture
def report(catalogue: Catalogue) -> PeriodReport:
    return build_period_report(
        sessions=SESSIONS,
        catalogue=catalogue,
        first=FIRST,
        last=LAST,
        made=date(2026, 11, 16),
        local_date=utc_day,
        holds_start={"leg-raise": 5},
        holds_end={"leg-raise": 7},
        weekly_goal=3,
        routine_names={("pelvic-tilt", "leg-raise"): "morning"},
    )


def test_weeks_count_completed_sessions_and_their_days(report: PeriodReport) -> None:
    """Each week: sessions completed (demo left out), other sessions, days, check-ins and pain averages."""
    assert report.weeks == (
        Week(date(2026, 11, 2), 7, completed=2, not_completed=0, active_days=2, checkins=2, pain_before=4.5,
             pain_after=4.5),
        Week(date(2026, 11, 9), 7, completed=2, not_completed=2, active_days=2, checkins=2, pain_before=4.0,
             pain_after=2.0),
    )  # fmt: skip


def test_totals_goal_demos_and_logged(report: PeriodReport) -> None:
    """The period's totals: sessions, completed, days of 14, a week's average, weeks meeting the goal of 3."""
    assert (report.sessions, report.completed, report.active_days, report.days) == (6, 4, 4, 14)
    assert report.per_week == 2.0
    assert report.weeks_meeting_goal == 0
    assert report.demos_left_out == 1
    assert report.logged == (date(2026, 11, 10),)
    assert report.routines == (("morning", 1), ("every exercise (no routine)", 5))


def test_each_exercise_done_stopped_declined_skipped(report: PeriodReport) -> None:
    """Per exercise: done in full, the dates it was stopped for pain, declined, skipped, not finished, holds."""
    lines = {line.exercise_id: line for line in report.exercises}
    assert [line.exercise_id for line in report.exercises] == [
        "pelvic-tilt",
        "back-stabiliser",
        "leg-raise",
        "hamstring-stretch",
    ]  # the catalogue's order
    back = lines["back-stabiliser"]
    assert (back.done, back.stopped_for_pain, back.skipped) == (3, (date(2026, 11, 3), date(2026, 11, 13)), 1)
    hamstring = lines["hamstring-stretch"]
    assert (hamstring.done, hamstring.declined, hamstring.not_finished) == (4, 1, 1)
    leg = lines["leg-raise"]
    assert (leg.done, leg.skipped, leg.hold_start, leg.hold_end, leg.target) == (4, 2, 5, 7, 10)
    pelvic = lines["pelvic-tilt"]
    assert (pelvic.done, pelvic.hold_start, pelvic.hold_end, pelvic.target) == (5, 5, 5, 5)


def test_pain_points_leave_out_demos(report: PeriodReport) -> None:
    """The pain chart has every real check-in of the period, with its date; the demo's is not among them."""
    assert [(p.day.day, p.before, p.after, p.logged) for p in report.pain] == [
        (2, 4, 3, False),
        (3, 5, 6, False),
        (10, 2, 2, True),
        (12, 6, None, False),
    ]
    assert (report.pain_before, report.pain_after) == (4.25, pytest.approx(11 / 3))


def test_markdown_has_every_figure(report: PeriodReport) -> None:
    """The Markdown says the period, adherence against the goal, and the tables' rows, as a clinician reads them."""
    text = period_markdown(report)
    assert "**Period:** 2 Nov to 15 Nov 2026 (2 weeks) · **Routines:** morning (1 session), every exercise" in text
    assert (
        "**Adherence:** 4 sessions completed on 4 days of 14 (2.0 a week); 2 other sessions started but not "
        "completed. Goal: 3 sessions a week, met in 0 of 2 weeks. 1 demo run (at a --speed other than 1) left "
        "out; 1 session logged afterwards, not timed (10 Nov)."
    ) in text
    assert "| 9 Nov | 2 | 2 | 2 | no |" in text
    assert "| 9 Nov | 2 | 4.0 | 2.0 |" in text
    assert "| 10 Nov (logged) | 2 | 2 |" in text
    assert "| Back stabiliser | 3 | 2 (3 Nov, 13 Nov) | 0 | 1 | 0 | 10 s | 10 s |" in text
    assert "| Leg raise | 4 | 0 | 0 | 2 | 0 | 5 → 7 s | 10 s |" in text


def test_page_has_both_charts_with_their_tables(report: PeriodReport) -> None:
    """The HTML page holds the two SVG charts, each described for a screen reader, and the exercise table."""
    page = period_html(report)
    assert page.count("<svg") == 2
    assert "week of 9 Nov: 2 completed, 2 days; goal 3 a week" in page
    assert "12 Nov: before 6, after none" in page
    assert "2 (3 Nov, 13 Nov)" in page
    assert "<script" not in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_default_period_is_six_calendar_weeks() -> None:
    """By default the report starts on the Monday five weeks before this week's."""
    assert default_since(date(2026, 12, 9)) == date(2026, 11, 2)
    assert default_since(date(2026, 12, 7)) == date(2026, 11, 2)


# -- from a real history file ---------------------------------------------------------


def record(history: History, item: SessionRecord) -> None:
    planned = [ResultRecord(r.exercise_id, r.position, Outcome.NOT_REACHED, r.hold_seconds) for r in item.results]
    session_id = history.begin_session(
        started_at=item.started_at,
        options=dict(item.options),
        pain_before=item.pain_before,
        results=planned,
        demo=item.demo,
    )
    history.finish_session(session_id, status=item.status, active_seconds=600, results=item.results, at=item.started_at)
    if item.pain_after is not None:
        history.set_pain(session_id, after=item.pain_after)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A history of SESSIONS (the logged one as an ordinary one: the file has no such column yet)."""
    folder = tmp_path / "data"
    with History.create(folder / "history.sqlite3") as history:
        for item in SESSIONS:
            record(history, item)
    return folder


#: The day the commands run on: the Monday after the period.
REPORT_DAY = at(16)


def invoke(data_dir: Path, *args: str, today: datetime = REPORT_DAY) -> Result:
    obj = fake_surroundings(wall=lambda: today)
    return CliRunner().invoke(main, ["--data-dir", str(data_dir), *args], obj=obj)


def test_read_from_the_file_matches_the_pure_report(data_dir: Path, catalogue: Catalogue) -> None:
    """Reading the window from SQLite gives the figures the pure function gives from the same sessions."""
    history = History.read(data_dir / "history.sqlite3")
    assert history is not None
    with history:
        read = read_period_report(
            history=history, catalogue=catalogue, first=FIRST, last=LAST, made=date(2026, 11, 16), local_date=utc_day
        )
    assert (read.sessions, read.completed, read.active_days, read.demos_left_out) == (6, 4, 4, 1)
    assert [w.completed for w in read.weeks] == [2, 2]
    assert [(p.before, p.after) for p in read.pain] == [(4, 3), (5, 6), (2, 2), (6, None)]


def test_command_prints_markdown(data_dir: Path) -> None:
    """`report -o -` prints the Markdown of the period asked for."""
    result = invoke(data_dir, "report", "-o", "-", "--since", "2026-11-02", "--until", "2026-11-15")
    assert result.exit_code == 0, result.output
    assert "4 sessions completed on 4 days of 14 (2.0 a week)" in result.output
    assert "| Back stabiliser | 3 | 2 (3 Nov, 13 Nov) |" in result.output


def test_weekly_goal_comes_from_the_config(data_dir: Path, tmp_path: Path) -> None:
    """`weekly_goal` in the config file is the goal each week is measured against."""
    config = tmp_path / "config.yaml"
    config.write_text("weekly_goal: 2\n")
    output = tmp_path / "report.html"
    result = CliRunner().invoke(
        main,
        ["--config", str(config), "--data-dir", str(data_dir), "report", "-o", str(output), "--since", "2026-11-02",
         "--until", "2026-11-15"],
        obj=fake_surroundings(wall=lambda: REPORT_DAY),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Goal: 2 sessions a week, met in 2 of 2 weeks." in output.read_text()
    assert output.stat().st_mode & 0o777 == 0o600


def test_default_period_ends_today(data_dir: Path) -> None:
    """Without dates, the period runs from the Monday five weeks back to today."""
    result = invoke(data_dir, "report", "-o", "-")
    assert "**Period:** 12 Oct to 16 Nov 2026 (36 days)" in result.output
    assert "5 sessions completed on 5 days of 36" in result.output  # 31 Oct's is inside now


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "2026-11-15", "--until", "2026-11-02"], "Error: --since 2026-11-15 is after --until 2026-11-02"),
        (["--since", "2025-01-01"], "a report covers at most 91"),
        (["-o", "report.txt"], "Error: cannot tell the format of report.txt"),
        (["-o", "/no/such/folder/report.html"], "Error: cannot write /no/such/folder/report.html: no folder"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(data_dir: Path, args: list[str], message: str) -> None:
    """A period that is empty or too long, a name of no known format, or a folder that is not there: one line."""
    given = args if "-o" in args else ["-o", "-", *args]
    result = invoke(data_dir, "report", *given)
    assert result.exit_code == 2
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_date_that_is_not_one_is_click_usage_error(data_dir: Path) -> None:
    """A day that does not exist fails with click's own message and exit 2, no traceback."""
    result = invoke(data_dir, "report", "-o", "-", "--since", "2026-02-30")
    assert result.exit_code == 2
    assert "February 2026 has 28 days" in result.output


def test_progress_from_attempts_matches_progress_from_sessions(data_dir: Path, catalogue: Catalogue) -> None:
    """Progression read through SQL attempts equals progression walked over whole session records."""
    history = History.read(data_dir / "history.sqlite3")
    assert history is not None
    with history:
        lean = progress_from_history(catalogue.exercises, history)
        whole = progress_for(catalogue.exercises, history.sessions(), history.resets())
        until = progress_from_history(catalogue.exercises, history, last_day=date(2026, 11, 3), local_date=utc_day)
        early = [s for s in history.sessions() if utc_day(s.started_at) <= date(2026, 11, 3)]
        assert until == progress_for(catalogue.exercises, early, history.resets())
    assert lean == whole


@needs_browser
def test_pdf_is_one_page_with_every_section(data_dir: Path, tmp_path: Path) -> None:
    """Printed by Chromium, the report is one page holding every section and the period."""
    output = tmp_path / "report.pdf"
    result = invoke(data_dir, "report", "-o", str(output), "--since", "2026-11-02", "--until", "2026-11-15")
    assert result.exit_code == 0, result.output
    info = subprocess.run(["pdfinfo", str(output)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+(\d+)$", info, re.MULTILINE)[1] == "1"  # type: ignore[index]
    text = subprocess.run(["pdftotext", "-layout", str(output), "-"], capture_output=True, text=True, check=True)
    for section in ("Exercise report", "Adherence", "Sessions a week", "Pain, 0 (none) to 10 (worst)",
                    "Each exercise", "Back stabiliser", "2 Nov to 15 Nov 2026", "Left out"):  # fmt: skip
        assert section in text.stdout
