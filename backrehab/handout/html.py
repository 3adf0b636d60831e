"""The handout as one self-contained HTML page, laid out for printing on A4 or Letter.

Everything is inline (the CSS, no fonts, images or scripts from elsewhere), so
the file prints the same wherever it is opened, and every piece of text from
the catalogue or config is escaped.
"""

from __future__ import annotations

from html import escape

from backrehab.figures.svg import figure_size, figure_svg
from backrehab.handout.formats import Paper
from backrehab.handout.sheet import (
    FIGURE_KEY,
    SAFETY_NOTE,
    Handout,
    Item,
    Sheet,
    dose_parts,
    extra_lines,
    source_text,
    summary_text,
)
from backrehab.wording import DAY_NAMES, day_text

CSS = """
:root { --ink: #1b1b1b; --muted: #4f4f4f; --line: #8a8a8a; --accent: #1d5a85; --tint: #eaf2f8;
        --warn: #a4231b; --warn-tint: #fbeae8; }
* { box-sizing: border-box; }
html { color: var(--ink); background: #fff; -webkit-print-color-adjust: exact; print-color-adjust: exact;
       font: 9pt/1.25 sans-serif; }
body { margin: 0 auto; padding: 10mm 8mm; max-width: 200mm; }
h1, h2, h3, p, ol, ul { margin: 0; }
.sheet + .sheet { break-before: page; margin-top: 12mm; }
header { border-bottom: 2pt solid var(--accent); padding-bottom: 1.2mm; margin-bottom: 2.5mm; }
h1 { font-size: 16pt; line-height: 1.15; color: var(--accent); }
.summary { color: var(--muted); font-size: 9pt; margin-top: 0.8mm; }
.safety { border: 1.2pt solid var(--warn); background: var(--warn-tint); border-radius: 2mm;
          padding: 1.5mm 3mm; margin-bottom: 2.5mm; font-size: 8.5pt; }
.safety strong { color: var(--warn); }
.title { display: flex; justify-content: space-between; align-items: flex-end; gap: 4mm; }
.key { color: var(--muted); font-size: 7.5pt; line-height: 1.15; max-width: 88mm; text-align: right; }
.columns { column-count: 2; column-gap: 3.5mm; }
.exercise, .week { break-inside: avoid; page-break-inside: avoid; display: flow-root; margin: 0 0 2mm; }
.exercise { border: 0.8pt solid var(--line); border-radius: 2.5mm; padding: 2mm 2.2mm 2.2mm; font-size: 8.6pt; }
.week { padding: 0 1mm; }
.closing { break-inside: avoid; page-break-inside: avoid; margin-top: 1.5mm; border-top: 0.8pt solid var(--line);
           padding-top: 1.2mm; }
.exercise h2 { font-size: 10.5pt; line-height: 1.2; margin-bottom: 1.5mm; display: flex; align-items: center;
               gap: 2mm; }
.number { flex: none; display: inline-block; min-width: 6.5mm; height: 6.5mm; border-radius: 3.25mm;
          background: var(--accent); color: #fff; font-size: 10pt; line-height: 6.5mm; text-align: center; }
.figure { float: right; margin: 0 0 1mm 1.8mm; padding: 0.6mm 0.8mm; background: #f4f7fa; border-radius: 1.5mm; }
.figure svg { display: block; }
.position { margin-bottom: 1mm; }
.steps { padding-left: 5.5mm; }
.steps li { margin: 0.4mm 0; }
.dose { margin-top: 1.4mm; display: flex; flex-wrap: wrap; gap: 1.2mm; }
.dose span { background: var(--tint); border-radius: 1.2mm; padding: 0.4mm 1.6mm; font-weight: bold; }
.dose span.time { font-weight: normal; color: var(--muted); }
.extra { margin-top: 1.2mm; }
.caution { margin-top: 2mm; border: 1.5pt solid var(--warn); background: var(--warn-tint); border-radius: 1.5mm;
           padding: 1.5mm 2.5mm; font-size: 9pt; }
.caution strong { color: var(--warn); display: block; }
h3 { font-size: 11.5pt; color: var(--accent); margin-bottom: 1.2mm; }
.advice h3 { font-size: 10pt; margin-bottom: 0.8mm; }
.advice ul { columns: 3; column-gap: 5mm; padding-left: 4mm; font-size: 8pt; line-height: 1.2; }
.advice li { margin: 0 0 0.6mm; break-inside: avoid; }
.week table { width: 100%; border-collapse: collapse; font-size: 8pt; table-layout: fixed; }
.week th, .week td { border: 0.8pt solid var(--line); padding: 0.6mm 0.5mm; }
.week thead th { font-size: 7pt; white-space: normal; overflow-wrap: anywhere; }
.week thead th { background: var(--tint); font-weight: bold; text-align: center; }
.week th.name { text-align: left; width: 36%; font-weight: normal; padding-left: 1mm; white-space: normal; }
.week thead th.name { font-weight: bold; }
.week td { height: 4.8mm; }
.week .heading { display: flex; flex-wrap: wrap; align-items: baseline; column-gap: 2.5mm; margin-bottom: 1mm; }
.week .heading h3 { margin: 0; }
.week .hint { font-size: 8.5pt; color: var(--muted); }
footer { margin-top: 0.8mm; color: var(--muted); font-size: 8pt; }
@media print { body { padding: 0; max-width: none; } .sheet + .sheet { margin-top: 0; } }
@media screen and (max-width: 160mm) { .columns { column-count: 1; } }
"""

PAGE_SIZES = {Paper.AUTO: "", Paper.A4: " size: A4;", Paper.LETTER: " size: letter;"}


def html(handout: Handout, *, paper: Paper = Paper.AUTO) -> str:
    """The whole handout: one page per sheet (routine), each starting on a new printed page."""
    title = " · ".join(sheet.title for sheet in handout.sheets)
    page = f"@page {{{PAGE_SIZES[paper]} margin: 11mm 12mm; }}"
    sheets = "\n".join(_sheet(handout, sheet) for sheet in handout.sheets)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)} — backrehab</title>\n"
        f"<style>\n{page}{CSS}</style>\n</head>\n<body>\n{sheets}\n</body>\n</html>\n"
    )


def _sheet(handout: Handout, sheet: Sheet) -> str:
    exercises = "\n".join(_exercise(number, item) for number, item in enumerate(sheet.items, start=1))
    credit = source_text(handout)
    made = f"Printed with backrehab on {day_text(handout.made, weekday=True)} {handout.made.year}."
    drawn = any(item.exercise.figure is not None for item in sheet.items)
    # Beside the title, in room the line has spare: a page of its own holds a short routine with some to spare.
    key = f'<p class="key">{escape(FIGURE_KEY)}</p>' if drawn else ""
    return (
        '<section class="sheet">\n'
        f'<header><div class="title"><h1>{escape(sheet.title)}</h1>{key}</div>'
        f'<p class="summary">{escape(summary_text(handout, sheet))}</p></header>\n'
        f'<p class="safety"><strong>Safety.</strong> {escape(SAFETY_NOTE)}</p>\n'
        f'<div class="columns">\n{exercises}\n{_week(handout, sheet)}</div>\n'
        '<div class="closing">\n'
        f"{_advice(handout)}"
        f"<footer>{escape(credit) + ' ' if credit else ''}{escape(made)}</footer>\n"
        "</div>\n</section>"
    )


def _exercise(number: int, item: Item) -> str:
    exercise = item.exercise
    parts = ['<article class="exercise">']
    heading = f'<h2><span class="number">{number}</span> {escape(exercise.name)}</h2>'
    if exercise.figure is None:
        parts.append(heading)
    else:
        # Beside the text, which runs on below it, so the figure is large and the card short: a figure
        # taller than wide (standing, kneeling up) from the top of the card, the heading beside it too; a
        # wide one (lying, on all fours) under the heading, which it would squeeze.
        width, height = figure_size(exercise.figure)
        label = f"{exercise.name}: the held position drawn over the starting position, shown faint"
        figure = f'<div class="figure">{figure_svg(exercise.figure, title=label)}</div>'
        parts += [figure, heading] if height > width else [heading, figure]
    parts.append(f'<p class="position"><strong>Starting position:</strong> {escape(exercise.position)}</p>')
    parts.append('<ol class="steps">' + "".join(f"<li>{escape(step)}</li>" for step in exercise.steps) + "</ol>")
    hold, reps, time = dose_parts(item)
    parts.append(
        f'<p class="dose"><span>{escape(hold)}</span><span>{escape(reps)}</span>'
        f'<span class="time">{escape(time)}</span></p>'
    )
    for label, text in extra_lines(item):
        parts.append(f'<p class="extra"><strong>{escape(label)}:</strong> {escape(text)}</p>')
    for caution in exercise.cautions:
        parts.append(f'<div class="caution"><strong>⚠ Caution</strong>{escape(caution.text)}</div>')
    return "\n".join(parts) + "\n</article>"


def _advice(handout: Handout) -> str:
    if not handout.advice and not handout.pain_advice:
        return ""
    items = [f"<li>{escape(text)}</li>" for text in handout.advice]
    if handout.pain_advice:
        items.append(f"<li><strong>{escape(handout.pain_advice)}</strong></li>")
    return f'<section class="advice"><h3>General advice</h3><ul>{"".join(items)}</ul></section>\n'


def _week(handout: Handout, sheet: Sheet) -> str:
    # "Mon" above "2": the month is in the sheet's summary, and a narrow column keeps its date whole.
    head = "".join(f"<th>{DAY_NAMES[day.weekday()]}<br>{day.day}</th>" for day in handout.days)
    boxes = "<td></td>" * len(handout.days)
    rows = "".join(
        f'<tr><th class="name">{number}. {escape(item.exercise.name)}</th>{boxes}</tr>'
        for number, item in enumerate(sheet.items, start=1)
    )
    return (
        '<section class="week"><div class="heading"><h3>This week</h3>'
        '<p class="hint">Tick a box each time you do an exercise.</p></div>'
        f'<table><thead><tr><th class="name">Exercise</th>{head}</tr></thead><tbody>{rows}</tbody></table>'
        "</section>\n"
    )
