"""The printable handout: what goes on the sheet a person puts on the fridge, and its Markdown form.

`build_handout` decides the content (which exercises, with which hold and reps,
which seven days to tick); `markdown` and `handout_html.html` only lay it out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from backrehab.catalogue.model import Catalogue, Exercise, Source
from backrehab.plan import PlanOptions, estimated_seconds
from backrehab.settings.defaults import safety_note
from backrehab.settings.routines import ResolvedRoutine
from backrehab.wording import (
    BREATHE_THROUGHOUT,
    CHOSEN_HOLD,
    clock_text,
    day_text,
    hold_plan_text,
    minutes_text,
    plural,
    reps_text,
)

#: On every sheet, whatever the catalogue says.
SAFETY_NOTE = safety_note("This sheet")
#: How to read the figures, above the first of them: readers new to them took the faint starting position
#: for a limb, and a limb on the far side for the start.
FIGURE_KEY = "In the pictures: dark blue, the position you hold; faint grey, where you start; orange, what moves."
DAYS = 7


@dataclass(frozen=True)
class Item:
    """One exercise as the sheet shows it: the person's hold and reps, not just the catalogue's."""

    exercise: Exercise
    hold: int
    reps: int
    seconds: float

    @property
    def hold_text(self) -> str:
        """ "5 s, building up to 10 s"."""
        return hold_plan_text(self.exercise, self.hold)

    @property
    def reps_text(self) -> str:
        """ "5 times" or "3 times each knee"."""
        return reps_text(self.exercise, self.reps, word="time")


@dataclass(frozen=True)
class Sheet:
    """One routine: a page of its own."""

    title: str
    items: tuple[Item, ...]
    #: The routine the sheet shows; None for the whole catalogue.
    routine: str | None = None

    @property
    def total_seconds(self) -> float:
        return sum(item.seconds for item in self.items)


@dataclass(frozen=True)
class Handout:
    sheets: tuple[Sheet, ...]
    #: The days of the tick-box table.
    days: tuple[date, ...]
    advice: tuple[str, ...]
    pain_advice: str | None
    source: Source | None
    made: date


def build_handout(
    *,
    catalogue: Catalogue,
    routines: Sequence[ResolvedRoutine] = (),
    options: PlanOptions,
    today: date,
) -> Handout:
    """One sheet per routine (the whole catalogue when none is given), with a week of days from `today`.

    `options` are the options in effect (rest, lead-in, the person's current holds), as a session
    would use them; a routine entry's own `hold_seconds` / `reps` win for that routine.
    """
    if routines:
        sheets = tuple(_routine_sheet(catalogue, routine, routine.apply(options)) for routine in routines)
    else:
        sheets = (Sheet("Your back exercises", tuple(_item(e, options) for e in catalogue.exercises)),)
    return Handout(
        sheets=sheets,
        days=tuple(today + timedelta(days=n) for n in range(DAYS)),
        advice=catalogue.advice,
        pain_advice=catalogue.pain_advice,
        source=catalogue.source,
        made=today,
    )


def _routine_sheet(catalogue: Catalogue, routine: ResolvedRoutine, options: PlanOptions) -> Sheet:
    items = []
    for exercise_id in routine.ids:
        exercise = catalogue.find(exercise_id)
        assert exercise is not None, "a resolved routine names only exercises of the catalogue"
        items.append(_item(exercise, options))
    return Sheet(f"Routine: {routine.name}", tuple(items), routine=routine.name)


def _item(exercise: Exercise, options: PlanOptions) -> Item:
    hold = options.holds.get(exercise.id, exercise.hold_seconds)
    reps = options.reps.get(exercise.id, exercise.reps)
    return Item(exercise, hold, reps, estimated_seconds(exercise, options))


def handout_summary(handout: Handout) -> str:
    """ "2 routines, 7 exercises", or "12 exercises" for the whole catalogue (no routine was asked for)."""
    routines = sum(1 for sheet in handout.sheets if sheet.routine is not None)
    exercises = sum(len(sheet.items) for sheet in handout.sheets)
    counted = plural(exercises, "exercise")
    return f"{plural(routines, 'routine')}, {counted}" if routines else counted


def summary_text(handout: Handout, sheet: Sheet) -> str:
    first, last = handout.days[0], handout.days[-1]
    return (
        f"{plural(len(sheet.items), 'exercise')}, {minutes_text(sheet.total_seconds)} a session · "
        f"week of {day_text(first, weekday=True)} to {day_text(last, weekday=True)} {last.year}"
    )


def source_text(handout: Handout) -> str | None:
    if handout.source is None:
        return None
    return f"Exercises from “{handout.source.title}”, {handout.source.publisher}."


def dose_parts(item: Item) -> list[str]:
    """Hold, reps and time, each a short phrase."""
    parts = [f"Hold {item.hold_text}", item.reps_text, f"takes about {clock_text(item.seconds)}"]
    if item.exercise.hold_source.value == "chosen" and item.hold == item.exercise.hold_seconds:
        parts[0] += f" ({CHOSEN_HOLD})"
    return parts


def extra_lines(item: Item) -> list[tuple[str, str]]:
    """(label, text) lines shown after the steps: breathing and progression."""
    lines = []
    if item.exercise.breathing_reminder:
        lines.append(("Breathe", BREATHE_THROUGHOUT))
    if item.exercise.progression:
        lines.append(("When it gets easy", item.exercise.progression))
    return lines


# -- Markdown ------------------------------------------------------------------

_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#"})


#: What starts a block when it begins a line: a rule or list (`---`, `- `, `+ `), a heading underline (`===`),
#: a fence (`~~~`), a numbered list (`1.`, `1)`). Its punctuation is escaped, so the text stays text.
_MD_BLOCK_START = re.compile(r"[-+=~]|\d{1,9}(?=[.)](?: |$))")


def md(text: str) -> str:
    """Text with Markdown's special characters escaped, on one line, and at its start nothing that begins
    a block: whatever the catalogue says, a step stays one step and the document keeps its shape."""
    flat = " ".join(text.split()).translate(_MD_SPECIAL)
    start = _MD_BLOCK_START.match(flat)
    if start is None:
        return flat
    if start[0].isdigit():
        return f"{start[0]}\\{flat[start.end() :]}"
    return "\\" + flat


def markdown(handout: Handout) -> str:
    """The handout as plain, readable Markdown; sheets are separated by a horizontal rule."""
    parts = [_markdown_sheet(handout, sheet) for sheet in handout.sheets]
    return "\n---\n\n".join(parts)


def _markdown_sheet(handout: Handout, sheet: Sheet) -> str:
    out = [f"# {md(sheet.title)}", "", md(summary_text(handout, sheet)), ""]
    out += [f"> **Safety.** {md(SAFETY_NOTE)}", ""]
    for number, item in enumerate(sheet.items, start=1):
        exercise = item.exercise
        out += [f"## {number}. {md(exercise.name)}", ""]
        out += [f"**Starting position:** {md(exercise.position)}", ""]
        out += [f"{n}. {md(step)}" for n, step in enumerate(exercise.steps, start=1)]
        out += ["", "**" + " · ".join(md(p) for p in dose_parts(item)) + "**", ""]
        for label, text in extra_lines(item):
            out += [f"*{md(label)}:* {md(text)}", ""]
        for caution in exercise.cautions:
            out += [f"> **⚠ Caution:** {md(caution.text)}", ""]
    if handout.advice or handout.pain_advice:
        out += ["## General advice", ""]
        out += [f"- {md(text)}" for text in handout.advice]
        if handout.pain_advice:
            out.append(f"- **{md(handout.pain_advice)}**")
        out.append("")
    out += ["## This week", "", "Tick a box each time you do an exercise.", ""]
    out.append("| Exercise | " + " | ".join(day_text(day, weekday=True) for day in handout.days) + " |")
    out.append("| --- | " + " | ".join(":-:" for _ in handout.days) + " |")
    for number, item in enumerate(sheet.items, start=1):
        out.append(f"| {number}. {md(item.exercise.name)} | " + " | ".join("☐" for _ in handout.days) + " |")
    out.append("")
    credit = source_text(handout)
    made = f"Printed with backrehab on {day_text(handout.made, weekday=True)} {handout.made.year}."
    out.append(f"*{md(credit) + ' ' if credit else ''}{made}*")
    return "\n".join(out) + "\n"
