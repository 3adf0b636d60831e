"""Short texts shared by the static views (`list`, `show`, `--plan`) and the live session.

Kept apart from `display.py`, which needs the runner's event classes, so
that `list` and `show` print their tables without loading the session's code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .catalogue import Exercise


#: Said at the start of every session whose catalogue gives no `pain_advice` of its own.
SAFETY_NOTE = "Stop any exercise that makes your pain worse, and ask a physiotherapist if in doubt."


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def clock_text(seconds: float) -> str:
    """12:05 for 725 seconds; whole seconds, rounded up so 0:00 means done."""
    whole = max(0, int(-(-seconds // 1)))
    return f"{whole // 60}:{whole % 60:02d}"


def duration_text(seconds: float) -> str:
    """12:05 for 725 seconds, rounded to the nearest second: for time spent, not time left."""
    whole = max(0, round(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def minutes_text(seconds: float) -> str:
    minutes = max(1, round(seconds / 60))
    return f"about {minutes} minute{'s' if minutes != 1 else ''}"


def seconds_text(seconds: float) -> str:
    return f"{seconds:g} s"


def hold_plan_text(exercise: Exercise, hold: int | None = None) -> str:
    """ "5 s, building up to 10 s" — the hold as a person should read it."""
    hold = exercise.hold_seconds if hold is None else hold
    text = f"{hold} s"
    if exercise.build_up_to_seconds and exercise.build_up_to_seconds > hold:
        text += f", building up to {exercise.build_up_to_seconds} s"
    return text


def reps_text(exercise: Exercise, reps: int | None = None) -> str:
    reps = exercise.reps if reps is None else reps
    if exercise.per_side:
        return f"{reps} each {exercise.side_label or 'side'}"
    return str(reps)


def escape(text: str) -> str:
    """Catalogue text inside rich markup: a name such as "Tilt [/b]" is shown, not parsed."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)
