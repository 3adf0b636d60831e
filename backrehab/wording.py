"""Every phrase and label a person reads or hears, written once: the screen, the voice, `list`, `show`,
the handout and the history take their words from here, so they can never disagree.

One exception: the safety note and the advice to stop what hurts are `settings.defaults`', because
`backrehab --help` shows them and builds nothing else of a session.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from backrehab.plan import Step, StepKind
from backrehab.printable import shown
from backrehab.session.outcomes import Outcome, Status
from backrehab.settings.defaults import STOP_IF_IT_HURTS

if TYPE_CHECKING:  # pragma: no cover
    from backrehab.catalogue.model import Catalogue, Exercise
    from backrehab.plan import Plan
    from backrehab.session.events import PainMoment, Summary


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
#: The same, said aloud on the opening.
SCREEN_KEPT_ON_SPOKEN = "The screen stays on until the session ends."


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
    # Not at the top: rich: for the live views' markup, not for --plan.
    from rich.markup import escape as rich_escape

    return rich_escape(shown(text))


# -- a session, on the screen and aloud ----------------------------------------------------------

KEY_HELP = (
    ("space", "pause / resume"),
    ("n", "next exercise"),
    ("r", "restart exercise"),
    ("p", "stop: it hurts"),
    ("q", "quit"),
    ("?", "keys"),
)


def rep_text(step: Step) -> str:
    text = f"rep {step.rep} of {step.reps}"
    side = step.side_text
    return f"{text}, {side}" if side else text


def next_text(step: Step) -> str:
    """ "Next: rep 3 of 5, right leg" — what a rest or a change of side leads to (they carry the next hold's rep)."""
    return f"Next: {rep_text(step)}"


#: The keys the opening names: enough to pause and to leave, and where to find the rest.
OPENING_KEYS = "Keys: space pause · q quit · ? help"


def opening_wait_text(seconds: float) -> str:
    """How the opening ends: a key, or `seconds` going by (none: only a key)."""
    return (
        f"Press any key to start; it starts by itself after {seconds:g} s."
        if seconds > 0
        else "Press any key to start."
    )


def caution_question(exercise: Exercise) -> str:
    return f"Do {exercise.name} now?"


#: How a caution is answered, aloud: one key, like every other key of a session.
CAUTION_KEYS_SAID = "Press y for yes, or n for no to skip it."
#: The same on the screen, with the way out.
CAUTION_KEYS = f"{CAUTION_KEYS_SAID[:-1]}; q quits."


def stopped_text(exercise: Exercise) -> str:
    """ "Pelvic tilt is stopped: it hurts." — on the screen and aloud."""
    return f"{exercise.name} is stopped: it hurts."


def pain_stop_lines(exercise: Exercise, next_exercise: Exercise | None, next_number: int | None) -> list[str]:
    """What the pain stop says besides the advice: what was stopped, what comes next, what a key does now."""
    if next_exercise is None:
        return [stopped_text(exercise), "That was the last exercise.", pain_stop_keys(True)]
    return [
        stopped_text(exercise),
        f"Next: exercise {next_number}, {next_exercise.name}.",
        pain_stop_keys(False),
    ]


def describe_exercise(step_count: int, number: int, exercise: Exercise, first_hold: Step | None) -> str:
    hold = int(first_hold.seconds) if first_hold else exercise.hold_seconds
    reps = first_hold.reps if first_hold and first_hold.reps else exercise.reps
    return (
        f"Exercise {number} of {step_count}: {exercise.name} — "
        f"{reps_text(exercise, reps)} × {hold_plan_text(exercise, hold)}"
    )


def describe_step(step: Step) -> str:
    name = step.exercise.name
    if step.kind is StepKind.HOLD:
        return f"{name}: {rep_text(step)}: hold {seconds_text(step.seconds)}"
    if step.kind is StepKind.REST:
        return f"Relax — rest {seconds_text(step.seconds)}. {next_text(step)}"
    if step.kind is StepKind.SWITCH:
        return f"{switch_text(step)} — get ready ({seconds_text(step.seconds)}). {next_text(step)}"
    if step.kind is StepKind.LEAD_IN:
        return f"{GET_INTO_POSITION} ({seconds_text(step.seconds)}): {step.exercise.position}"
    return f"{name}"


def switch_text(step: Step) -> str:
    """ "Other side: right knee" ("Other side: right" when the label is just "side")."""
    if step.exercise.side_label in (None, "side") and step.side:
        return f"Other side: {step.side.value}"
    return f"Other side: {step.side_text}"


def breathe_text(exercise: Exercise) -> str:
    """Half-way through a hold, on the screen: louder for an exercise whose steps ask to breathe normally."""
    return f"{KEEP_BREATHING[:-1]}! Do not hold your breath." if exercise.breathing_reminder else KEEP_BREATHING


def outcome_text(outcome: Outcome, reason: str | None) -> str:
    return f"{outcome.value} ({reason})" if reason and outcome is not Outcome.DONE else outcome.value


def summary_lines(summary: Summary, advice: str | None = None) -> list[str]:
    """The closing summary; when an exercise was stopped because it hurt, the advice again at the end."""
    status = STATUS_TEXT[summary.status]
    lines = [
        f"{status}: {summary.done} of {len(summary.results)} exercises done, "
        f"{summary.not_done} not done; {plural(summary.holds_done, 'hold')} completed; "
        f"active time {duration_text(summary.active_seconds)}."
    ]
    for result in summary.results:
        if result.outcome is not Outcome.DONE:
            lines.append(f"  {result.exercise.name}: {outcome_text(result.outcome, result.reason)}")
    if any(r.outcome is Outcome.STOPPED_PAIN for r in summary.results):
        lines.append(advice or STOP_IF_IT_HURTS)
    return lines


#: While a session is paused, on every live screen.
PAUSED_LABEL = "PAUSED — space to go on"


def caution_title(exercise: Exercise) -> str:
    return f"Caution — {exercise.name}"


def caution_answer_text(exercise: Exercise, *, yes: bool) -> str:
    """What the caution's question was answered, shown while the caution is still read out."""
    return f"Yes: starting {exercise.name}." if yes else f"No: skipping {exercise.name}."


def exercise_of_text(number: int, count: int) -> str:
    """ "Exercise 3 of 12": where the session is, above each live screen."""
    return f"Exercise {number} of {count}"


#: Asked in a line, where standard input is not a terminal: before and after a session.
PAIN_QUESTION = "Pain right now, 0–10? (Enter to skip) "
#: Once the history is written after another process let go of it.
HISTORY_FREE_AGAIN = "The history is free again: this session is recorded."


def history_busy_text(give_up: str) -> str:
    """Said once while the final write waits for another process's lock."""
    return f"The history is busy; trying again… press {give_up} to give up."


#: What a lead-in asks, before the exercise's starting position.
GET_INTO_POSITION = "Get into position"


def position_text(exercise: Exercise) -> str:
    """ "Get into position: Lying on your back…" — the lead-in's line on the live screens."""
    return f"{GET_INTO_POSITION}: {exercise.position}"


def today_text(count: int, total_seconds: float) -> str:
    """ "Today's session: 4 exercises, about 9 minutes." — the opening's first line, shown and said."""
    return f"Today's session: {plural(count, 'exercise')}, {minutes_text(total_seconds)}."


def intro_lines(catalogue: Catalogue, count: int, total_seconds: float) -> list[str]:
    lines = [today_text(count, total_seconds)]
    lines += [f"- {advice}" for advice in catalogue.advice]
    lines.append(pain_advice(catalogue))
    return lines


#: How a session ended, as its summary and the end of the session say it.
STATUS_TEXT = {
    Status.COMPLETED: "Session complete",
    Status.NOTHING_DONE: "Session over, nothing done",
    Status.ENDED_EARLY: "Session ended early",
    Status.INTERRUPTED: "Session interrupted",
}
SESSION_COMPLETE_SAID = f"{STATUS_TEXT[Status.COMPLETED]}. Well done."


NUMBERS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
KEEP_BREATHING = "Keep breathing."
KEYS_TEXT = "Press space to pause, and q to quit."
PAUSED = "Paused."
GO_ON = "Go on."
RELAX = "Relax."
SESSION_ENDED = "Session ended."


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def intro_text(exercise: Exercise) -> str:
    return f"{exercise.name}. {exercise.position}"


def hold_text(step: Step) -> str:
    side = f"{step.side_text}, " if step.side_text else ""
    return _capital(f"{side}rep {step.rep} of {step.reps}. Hold.")


def switch_said(step: Step) -> str:
    """ "Relax. Other side: right knee." — the screen's words for a change of side, said."""
    return f"{RELAX} {switch_text(step)}."


def next_said(step: Step) -> str:
    """ "Next: rep 3 of 5, right leg." — the screen's words for what a rest leads to, said."""
    return f"{next_text(step)}."


def caution_text(exercise: Exercise, text: str) -> str:
    return f"Caution before {exercise.name}. {text}"


def question_text(exercise: Exercise) -> str:
    """The caution's question as the screen asks it, and how to answer with one key."""
    return f"{caution_question(exercise)} {CAUTION_KEYS_SAID}"


def pain_text(exercise: Exercise, catalogue: Catalogue, plan: Plan) -> str:
    """Said when `p` stops an exercise because it hurts: the advice, and that the session waits for a key."""
    last = exercise == plan.exercises[-1]
    return f"{stopped_text(exercise)} {pain_advice(catalogue)} {pain_stop_keys(last)}"


def opening_texts(catalogue: Catalogue, plan: Plan, *, keys: bool = True, screen_on: bool = False) -> list[str]:
    """What today holds, the safety note, when keys work the two that matter most (the advice is on the
    screen), and when it is so that the screen is kept on."""
    texts = [today_text(len(plan.exercises), plan.total_seconds)]
    texts.append(pain_advice(catalogue))
    if keys:
        texts.append(KEYS_TEXT)
    if screen_on:
        texts.append(SCREEN_KEPT_ON_SPOKEN)
    return texts


def unplanned_texts(catalogue: Catalogue, plan: Plan) -> list[str]:
    """What may be said off the timeline, after a key: pause, skip, pain, an early end, the pain questions."""
    texts = [PAUSED, GO_ON, SESSION_ENDED, SESSION_COMPLETE_SAID, PAIN_BEFORE_SPOKEN, PAIN_AFTER_SPOKEN]
    for exercise in plan.exercises:
        texts += [skipped_said(exercise), pain_text(exercise, catalogue, plan)]
    return texts


def done_said(exercise: Exercise) -> str:
    """ "Stomach tone done.": said only once the session says it was done."""
    return f"{exercise.name} done."


def skipped_said(exercise: Exercise) -> str:
    return f"{exercise.name} skipped."


# -- a recording: what a file says where a live session would wait for a key ------------------------

#: Seconds of silence a recording gives where a live session waits for a key (the opening, a caution).
RECORDING_PAUSE = 10


def starting_in_text(seconds: int = RECORDING_PAUSE, *, first: bool = False) -> str:
    """Said before a recording's fixed pause, so the silence that follows is expected (`first`: the opening's)."""
    return f"{'Get ready' if first else GET_INTO_POSITION}. Starting in {seconds} seconds."


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


#: The pain question before and after a session, said aloud; answered with one key.
PAIN_BEFORE_SPOKEN = "Before you start: how is your pain, from 0 to 10? Press a number, or s to skip."
PAIN_AFTER_SPOKEN = "How is your pain now, from 0 to 10? Press a number, or s to skip."
#: The question as the screen shows it, in big type where there is room, and in words below it.
PAIN_BEFORE_HEADING = "Your pain?"
PAIN_AFTER_HEADING = "Pain now?"
PAIN_SCALE = "0–10"
PAIN_BEFORE_TEXT = "How is your pain before you start, from 0 (none) to 10 (the worst)?"
PAIN_AFTER_TEXT = "How is your pain now, from 0 (none) to 10 (the worst)?"
PAIN_KEYS = "Press a number. For 10, press 1 then 0. s, space or Enter skips."
#: While a 1 may still become 10.
PAIN_ONE_TYPED = "1 … press 0 now for 10"


def pain_noted(pain: int | None) -> str:
    """What the screen shows once the pain question is answered."""
    return "Skipped." if pain is None else f"Pain {pain} of 10: noted."


#: The end screen's heading, in big type, by how the session ended ("completed", "ended early", …).
END_HEADINGS = {
    "completed": "Well done!",
    "ended early": "Ended early",
    "nothing done": "Nothing done",
    "interrupted": "Interrupted",
}
#: The end screen's closing line when nothing more is asked.
END_KEYS = "Press any key to close."


def pain_question_text(moment: PainMoment) -> str:
    # By value: `list` and `show` take their words from here and build none of the session's events.
    return PAIN_BEFORE_TEXT if moment.value == "before" else PAIN_AFTER_TEXT


#: What each outcome is called in the end screen's counts, in the order they are listed.
END_COUNT_WORDS = (
    (Outcome.DONE, "fully done"),
    (Outcome.STOPPED_PAIN, "stopped: it hurt"),
    (Outcome.SKIPPED, "skipped"),
    (Outcome.DECLINED, "declined"),
    (Outcome.UNFINISHED, "not finished"),
    (Outcome.NOT_REACHED, "not reached"),
)


def end_counts(summary: Summary) -> list[str]:
    """How many exercises ended each way, the ways none ended left out: "2 done in full", "1 skipped"."""
    counts = []
    for outcome, words in END_COUNT_WORDS:
        count = sum(result.outcome is outcome for result in summary.results)
        if count or outcome is Outcome.DONE:
            counts.append(f"{count} {words}")
    return counts
