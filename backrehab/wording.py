"""Every phrase and label a person reads or hears, written once: the screen, the voice, `list`, `show`,
the handout and the history take their words from here, so they can never disagree.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from backrehab.printable import shown
from backrehab.settings.defaults import STOP_IF_IT_HURTS

if TYPE_CHECKING:  # pragma: no cover
    from backrehab.catalogue.model import Catalogue, Exercise


#: Beside a hold that the leaflet gives no figure for, so nobody takes ours for the leaflet's.
CHOSEN_HOLD = "our choice, as the leaflet gives no time"
#: For an exercise whose steps ask to breathe normally: shown with its steps and on the handout.
BREATHE_THROUGHOUT = "Keep breathing throughout — do not hold your breath."

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_text(day: date, *, weekday: bool = False, year: bool = False) -> str:
    """ "2 Mar", "Mon 2 Mar", "2 Mar 2026": the same in every locale, short enough for a table column."""
    text = f"{day.day} {MONTH_NAMES[day.month - 1]}" + (f" {day.year}" if year else "")
    return f"{DAY_NAMES[day.weekday()]} {text}" if weekday else text


def pain_advice(catalogue: Catalogue) -> str:
    """What to say when an exercise hurts: the catalogue's advice, or ours when it gives none."""
    return catalogue.pain_advice or STOP_IF_IT_HURTS


#: Said on the opening when the screen is kept from blanking, and how to let it sleep.
SCREEN_KEPT_ON = "The screen stays on until the session ends (--no-keep-screen-on lets it sleep)."


def pain_stop_keys(last: bool) -> str:
    """What a key does at a stop for pain, shown and said: the session waits for one."""
    return "Press any key to end." if last else "Press any key to go on, or q to quit."


def plural(count: int, word: str) -> str:
    """ "1 exercise", "2 exercises": the count with its word, made plural by an s."""
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
    """ "about 4 minutes": never less than one."""
    return f"about {plural(max(1, round(seconds / 60)), 'minute')}"


def seconds_text(seconds: float) -> str:
    return f"{seconds:g} s"


def hold_plan_text(exercise: Exercise, hold: int | None = None) -> str:
    """ "5 s, building up to 10 s" — the hold as a person should read it."""
    hold = exercise.hold_seconds if hold is None else hold
    text = f"{hold} s"
    if exercise.build_up_to_seconds and exercise.build_up_to_seconds > hold:
        text += f", building up to {exercise.build_up_to_seconds} s"
    return text


def reps_text(exercise: Exercise, reps: int | None = None, *, word: str | None = None) -> str:
    """ "5", or "3 each knee" for an exercise done on each side; with `word`, "5 times", "1 time each knee"."""
    reps = exercise.reps if reps is None else reps
    count = plural(reps, word) if word else str(reps)
    if exercise.per_side:
        return f"{count} each {exercise.side_label or 'side'}"
    return count


def escape(text: str) -> str:
    """Catalogue text inside rich markup: a name such as "Tilt [/b]" is shown, not parsed, and a control
    character as its escape (`\\x1b`), never acted on by the terminal."""
    from rich.markup import escape as rich_escape

    return rich_escape(shown(text))


# -- a recording: what a file says where a live session would wait for a key ------------------------

#: Seconds of silence a recording gives where a live session waits for a key (the opening, a caution).
RECORDING_PAUSE = 10


def starting_in_text(seconds: int = RECORDING_PAUSE, *, first: bool = False) -> str:
    """Said before a recording's fixed pause, so the silence that follows is expected (`first`: the opening's)."""
    return f"{'Get ready' if first else 'Get into position'}. Starting in {seconds} seconds."


def recording_safety_text(catalogue: Catalogue) -> str:
    """The safety note at the start of a recording."""
    return f"This recording is not medical advice. {pain_advice(catalogue)}"


def spoken_time_text(seconds: float) -> str:
    """ "21 minutes 35 seconds": a place in a recording, as a voice says it."""
    whole = max(0, round(seconds))
    minutes, rest = divmod(whole, 60)
    parts = [plural(minutes, "minute")] if minutes else []
    if rest or not minutes:
        parts.append(plural(rest, "second"))
    return " ".join(parts)


def skip_text(exercise: Exercise, *, ends_at: float | None, split: bool) -> str:
    """After a caution in a recording: that the exercise may be left out, and how, with no key to press.

    `ends_at`: the recording's second where the exercise ends (None: it is the last one); `split`: one
    track per exercise, so the next track is the way past it.
    """
    safe = f"It is safe to leave {exercise.name} out:"
    if split:
        return f"{safe} skip to the next track."
    if ends_at is None:
        return f"{safe} it is the last exercise, so you can stop the recording here."
    return f"{safe} skip to the next chapter, or forward to {spoken_time_text(ends_at)}, where it ends."


def chapter_title(number: int, exercise: Exercise) -> str:
    """ "10. Hamstring stretch": a recording's chapter or track."""
    return f"{number}. {exercise.name}"
