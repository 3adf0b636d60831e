"""The report for the physiotherapist as one self-contained HTML page: one A4 or Letter sheet.

Like the handout (`handout/html.py`), everything is inline — the CSS and the two SVG charts — so the
file prints the same wherever it is opened, and the PDF is this page printed by the handout's
browser path (`handout/pdf.py`). Each chart has its numbers in a small table beside it, and the
page reads in black and white: hatching, dashes and marker shapes, never colour alone.
"""

from __future__ import annotations

from html import escape

from backrehab.handout.formats import Paper
from backrehab.history.charts import pain_svg, weeks_svg
from backrehab.history.period import (
    NOTE,
    PeriodReport,
    adherence_text,
    hold_text,
    left_out_text,
    period_text,
    routines_text,
    score_text,
    stops_text,
    week_label,
)
from backrehab.wording import day_text

PAGE_SIZES = {Paper.AUTO: "", Paper.A4: " size: A4;", Paper.LETTER: " size: letter;"}

CSS = """
:root { --ink: #1b1b1b; --muted: #474747; --line: #8a8a8a; --accent: #1d5a85; --tint: #eef3f7; }
* { box-sizing: border-box; }
html { color: var(--ink); background: #fff; -webkit-print-color-adjust: exact; print-color-adjust: exact;
       font: 9pt/1.3 sans-serif; }
body { margin: 0 auto; padding: 10mm 8mm; max-width: 200mm; }
h1, h2, p { margin: 0; }
header { border-bottom: 2pt solid var(--accent); padding-bottom: 1.2mm; margin-bottom: 2.5mm;
         display: flex; justify-content: space-between; align-items: baseline; gap: 4mm; }
h1 { font-size: 15pt; line-height: 1.15; color: var(--accent); }
header p { color: var(--muted); font-size: 8.5pt; text-align: right; }
.facts { margin-bottom: 3mm; display: grid; grid-template-columns: auto 1fr; gap: 0.6mm 3mm; }
.facts dt { font-weight: bold; }
.facts dd { margin: 0; }
h2 { font-size: 10.5pt; color: var(--accent); margin-bottom: 1mm; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 5mm; margin-bottom: 3mm; }
section { break-inside: avoid; page-break-inside: avoid; }
.chart { display: block; width: 100%; height: auto; margin-bottom: 1mm; }
table { border-collapse: collapse; width: 100%; font-size: 8pt; }
th, td { border: 0.6pt solid var(--line); padding: 0.5mm 1.2mm; text-align: right; vertical-align: top; }
th { background: var(--tint); font-weight: bold; }
th:first-child, td:first-child, td.text { text-align: left; }
td.stops { text-align: left; }
.exercises td:first-child { white-space: nowrap; }
.none { color: var(--muted); font-style: italic; }
footer { margin-top: 2.5mm; border-top: 0.8pt solid var(--line); padding-top: 1.2mm; color: var(--muted);
         font-size: 7.5pt; }
@media print { body { padding: 0; max-width: none; } }
@media screen and (max-width: 160mm) { .pair { grid-template-columns: 1fr; } }
"""


def period_html(report: PeriodReport, *, paper: Paper = Paper.AUTO) -> str:
    """The whole report as one page."""
    page = f"@page {{{PAGE_SIZES[paper]} margin: 11mm 12mm; }}"
    made = f"Made with backrehab on {day_text(report.made, year=True)}"
    body = (
        f"<header><h1>Exercise report</h1><p>{escape(made)}</p></header>\n"
        '<dl class="facts">'
        f"<dt>Period</dt><dd>{escape(period_text(report))}</dd>"
        f"<dt>Adherence</dt><dd>{escape(adherence_text(report))}</dd>"
        f"<dt>Routines</dt><dd>{escape(routines_text(report))}</dd>"
        f"<dt>Left out</dt><dd>{escape(left_out_text(report))}</dd>"
        "</dl>\n"
        f'<div class="pair">\n{_weeks(report)}\n{_pain(report)}\n</div>\n'
        f"{_exercises(report)}\n"
        f"<footer>{escape(NOTE)}</footer>\n"
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Exercise report, {escape(period_text(report))} — backrehab</title>\n"
        f"<style>\n{page}{CSS}</style>\n</head>\n<body>\n{body}</body>\n</html>\n"
    )


def _weeks(report: PeriodReport) -> str:
    goal = report.weekly_goal
    head = "<th>Week of</th><th>Completed</th><th>Other</th><th>Days</th>" + ("<th>Goal met</th>" if goal else "")
    rows = []
    for week in report.weeks:
        cells = (
            f"<td>{escape(week_label(week))}</td><td>{week.completed}</td><td>{week.not_completed}</td>"
            f"<td>{week.active_days}</td>"
        )
        if goal:
            cells += f"<td>{'yes' if week.completed >= goal else 'no'}</td>"
        rows.append(f"<tr>{cells}</tr>")
    met = f"<th>{report.weeks_meeting_goal} of {len(report.weeks)}</th>" if goal else ""
    rows.append(
        f"<tr><th>Period</th><th>{report.completed}</th><th>{report.sessions - report.completed}</th>"
        f"<th>{report.active_days}</th>{met}</tr>"
    )
    return (
        '<section class="weeks"><h2>Sessions a week</h2>'
        f"{weeks_svg(report.weeks, goal)}"
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        "</section>"
    )


def _pain(report: PeriodReport) -> str:
    rows = "".join(
        f"<tr><td>{escape(week_label(week))}</td><td>{week.checkins}</td><td>{score_text(week.pain_before)}</td>"
        f"<td>{score_text(week.pain_after)}</td></tr>"
        for week in report.weeks
    )
    totals = (
        f"<tr><th>Period</th><th>{len(report.pain)}</th><th>{score_text(report.pain_before)}</th>"
        f"<th>{score_text(report.pain_after)}</th></tr>"
    )
    return (
        '<section class="pain"><h2>Pain, 0 (none) to 10 (worst)</h2>'
        f"{pain_svg(report.pain, report.first, report.last)}"
        "<table><thead><tr><th>Week of</th><th>Check-ins</th><th>Before, average</th><th>After, average</th>"
        f"</tr></thead><tbody>{rows}{totals}</tbody></table>"
        "</section>"
    )


def _exercises(report: PeriodReport) -> str:
    head = (
        "<th>Exercise</th><th>Done in full</th><th>Stopped for pain</th><th>Caution declined</th>"
        "<th>Skipped</th><th>Not finished</th><th>Hold, start → end</th><th>Target</th>"
    )
    rows = "".join(
        f'<tr><td>{escape(line.name)}</td><td>{line.done}</td><td class="stops">{escape(stops_text(line))}</td>'
        f"<td>{line.declined}</td><td>{line.skipped}</td><td>{line.not_finished}</td>"
        f"<td>{escape(hold_text(line))}</td><td>{'—' if line.target is None else f'{line.target} s'}</td></tr>"
        for line in report.exercises
    )
    if not rows:
        rows = '<tr><td class="none" colspan="8">No exercise was planned in this period.</td></tr>'
    return (
        '<section class="exercises"><h2>Each exercise, every time it was planned</h2>'
        f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
        "</section>"
    )
