"""The report's two charts as inline SVG, drawn by hand: sessions a week as bars, pain over time on 0–10.

Why by hand and not with a library: the two charts are a few rectangles, lines and labels.
Measured on this project's machine (Python 3.11.7, a fresh venv, `pip install matplotlib pygal`,
December 2026): matplotlib 3.11 and what it pulls in (numpy, pillow, fonttools, kiwisolver,
contourpy, ...) take about 135 MB of site-packages, and `import matplotlib.pyplot` (SVG backend)
takes 0.9 s once its font cache exists, 1.1 s the first time, against 0.01 s for a bare
interpreter. pygal 3.1 is small (2 MB, 0.10 s to import), but it is one more dependency for
two charts, and its styles tell series apart by colour. Drawing by hand keeps `report` to the
project's own dependencies and lets every series be told apart without colour: the bars are
hatched, "before" is a solid line with filled dots and "after" a dashed line with open squares,
and every bar has its number printed on it, so a black-and-white photocopy loses nothing.

Every number a chart shows is also in a table beside it on the page (`period_html.py`); each SVG
carries a title and a description that lists its values, for a screen reader.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from html import escape

from backrehab.history.period import PainCheckin, Week, week_label
from backrehab.wording import day_text

INK = "#1b1b1b"
GRID = "#b5b5b5"
BEFORE = "#1d5a85"
AFTER = "#8a3b12"
FONT = 'font-family="sans-serif"'


def nice_top(value: int) -> int:
    """The axis' top for bars up to `value`: at least 1, a whole number that the steps divide."""
    if value <= 8:
        return max(1, value)
    step = axis_step(value)
    return int(math.ceil(value / step) * step)


def axis_step(top: int) -> int:
    """Gridline spacing: 1 up to 8, then 2 or 5 or 10, for at most about 8 lines."""
    for step in (1, 2, 5, 10, 20, 50):
        if top / step <= 8:
            return step
    return 100


def weeks_svg(weeks: Sequence[Week], goal: int | None, *, width: int = 360, height: int = 150) -> str:
    """Completed sessions each week as hatched bars with their number above, and the goal as a dashed line."""
    left, right, top, bottom = 26, 6, 14, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    highest = nice_top(max([w.completed for w in weeks] + [goal or 0, 1]))
    step = axis_step(highest)

    def y(value: float) -> float:
        return top + plot_h - plot_h * value / highest

    described = "; ".join(f"week of {week_label(w)}: {w.completed} completed, {w.active_days} days" for w in weeks) + (
        f"; goal {goal} a week" if goal else ""
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="weeks-title weeks-desc" class="chart">',
        '<title id="weeks-title">Sessions completed each week</title>',
        f'<desc id="weeks-desc">{escape(described)}</desc>',
        '<defs><pattern id="hatch" width="4" height="4" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">'
        f'<rect width="4" height="4" fill="#dbe7f0"/><line x1="0" y1="0" x2="0" y2="4" stroke="{INK}" '
        'stroke-width="1.4"/></pattern></defs>',
    ]
    parts += _y_axis(range(0, highest + 1, step), y, left, width - right)
    slot = plot_w / max(len(weeks), 1)
    bar = min(slot * 0.62, 34)
    for n, week in enumerate(weeks):
        middle = left + slot * (n + 0.5)
        if week.completed:
            parts.append(
                f'<rect x="{middle - bar / 2:.1f}" y="{y(week.completed):.1f}" width="{bar:.1f}" '
                f'height="{y(0) - y(week.completed):.1f}" fill="url(#hatch)" stroke="{INK}" stroke-width="0.8"/>'
            )
        parts.append(
            f'<text x="{middle:.1f}" y="{y(week.completed) - 3:.1f}" font-size="9" font-weight="bold" '
            f'text-anchor="middle" {FONT} fill="{INK}">{week.completed}</text>'
        )
        parts.append(
            f'<text x="{middle:.1f}" y="{height - bottom + 11}" font-size="8.5" text-anchor="middle" {FONT} '
            f'fill="{INK}">{escape(day_text(week.monday))}</text>'
        )
        if not week.whole:
            parts.append(
                f'<text x="{middle:.1f}" y="{height - bottom + 20}" font-size="7.5" text-anchor="middle" {FONT} '
                f'fill="{INK}">({week.days} of 7 days)</text>'
            )
    if goal:
        parts.append(
            f'<line x1="{left}" y1="{y(goal):.1f}" x2="{width - right}" y2="{y(goal):.1f}" stroke="{INK}" '
            'stroke-width="1.2" stroke-dasharray="5 3"/>'
        )
    parts.append(
        f'<line x1="{left}" y1="{y(0):.1f}" x2="{width - right}" y2="{y(0):.1f}" stroke="{INK}" stroke-width="1"/>'
    )
    goal_key = f" · dashed line: the goal, {goal} a week" if goal else ""
    parts.append(
        f'<text x="{left}" y="{height - 2}" font-size="8" {FONT} fill="{INK}">week starting Monday{goal_key}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def pain_svg(points: Sequence[PainCheckin], first: date, last: date, *, width: int = 360, height: int = 150) -> str:
    """Pain before (solid line, filled dots) and after (dashed line, open squares) each session, on 0–10."""
    left, right, top, bottom = 26, 8, 16, 22
    plot_w, plot_h = width - left - right, height - top - bottom
    span = max((last - first).days + 1, 1)

    def x(point: PainCheckin) -> float:
        return left + plot_w * ((point.day - first).days + point.hour / 24) / span

    def y(value: float) -> float:
        return top + plot_h - plot_h * value / 10

    described = "; ".join(
        f"{day_text(p.day)}: before {'none' if p.before is None else p.before}, "
        f"after {'none' if p.after is None else p.after}"
        for p in points
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="pain-title pain-desc" class="chart">',
        '<title id="pain-title">Pain before and after each session, 0 (none) to 10 (worst)</title>',
        f'<desc id="pain-desc">{escape(described or "no check-ins")}</desc>',
    ]
    parts += _y_axis(range(0, 11, 2), y, left, width - right)
    day = first
    while day <= last:
        if day.weekday() == 0 or day == first:
            at = left + plot_w * (day - first).days / span
            parts.append(
                f'<line x1="{at:.1f}" y1="{y(0):.1f}" x2="{at:.1f}" y2="{y(0) + 3:.1f}" stroke="{INK}" '
                'stroke-width="0.8"/>'
            )
            parts.append(
                f'<text x="{at:.1f}" y="{height - bottom + 12}" font-size="8.5" text-anchor="middle" {FONT} '
                f'fill="{INK}">{escape(day_text(day))}</text>'
            )
        day = date.fromordinal(day.toordinal() + 1)
    parts.append(
        f'<line x1="{left}" y1="{y(0):.1f}" x2="{width - right}" y2="{y(0):.1f}" stroke="{INK}" stroke-width="1"/>'
    )
    for values, colour, dash in (
        ([(x(p), y(p.before)) for p in points if p.before is not None], BEFORE, ""),
        ([(x(p), y(p.after)) for p in points if p.after is not None], AFTER, ' stroke-dasharray="4 2.5"'),
    ):
        if len(values) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in values)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="1.3"{dash} '
                'stroke-linejoin="round"/>'
            )
    for p in points:
        if p.before is not None:
            parts.append(_dot(x(p), y(p.before)))
        if p.after is not None:
            parts.append(_square(x(p), y(p.after)))
    legend_y = 8
    parts.append(
        f'<line x1="{left}" y1="{legend_y - 3}" x2="{left + 16}" y2="{legend_y - 3}" stroke="{BEFORE}" '
        'stroke-width="1.3"/>' + _dot(left + 8, legend_y - 3)
    )
    parts.append(f'<text x="{left + 20}" y="{legend_y}" font-size="8.5" {FONT} fill="{INK}">before the session</text>')
    parts.append(
        f'<line x1="{left + 110}" y1="{legend_y - 3}" x2="{left + 126}" y2="{legend_y - 3}" stroke="{AFTER}" '
        'stroke-width="1.3" stroke-dasharray="4 2.5"/>' + _square(left + 118, legend_y - 3)
    )
    parts.append(f'<text x="{left + 130}" y="{legend_y}" font-size="8.5" {FONT} fill="{INK}">after the session</text>')
    if not points:
        parts.append(
            f'<text x="{left + plot_w / 2:.1f}" y="{top + plot_h / 2:.1f}" font-size="10" text-anchor="middle" '
            f'{FONT} fill="{INK}">No pain check-ins in this period</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _dot(cx: float, cy: float) -> str:
    return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="2.4" fill="{BEFORE}" stroke="{INK}" stroke-width="0.6"/>'


def _square(cx: float, cy: float) -> str:
    return (
        f'<rect x="{cx - 2.3:.1f}" y="{cy - 2.3:.1f}" width="4.6" height="4.6" fill="#fff" stroke="{AFTER}" '
        'stroke-width="1.2"/>'
    )


def _y_axis(values: Iterable[int], y: Callable[[float], float], left: float, right: float) -> list[str]:
    """A faint grid line across the plot at each of `values`, and its number to the left."""
    parts = []
    for value in values:
        parts.append(
            f'<line x1="{left}" y1="{y(value):.1f}" x2="{right}" y2="{y(value):.1f}" stroke="{GRID}" '
            'stroke-width="0.5"/>'
        )
        parts.append(
            f'<text x="{left - 4}" y="{y(value) + 3:.1f}" font-size="8.5" text-anchor="end" {FONT} '
            f'fill="{INK}">{value}</text>'
        )
    return parts
