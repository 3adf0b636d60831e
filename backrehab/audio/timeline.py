"""The session's one audio timeline: every phrase and tone, when it starts and how long it lasts.

Speech and sound share one channel, so two things are never heard at once. The
timeline is worked out from the plan before the session starts, with each
phrase's real length (measured from the synthesized audio, or estimated from
its words), so `--plan --cues` can print it and the runner can play exactly it.

Times here are real seconds from the session's start, counting each wait (the
opening, a caution's question) as its shortest: as long as its speech. The
runner starts a cue at plan second `at` of step `step`, so a pause or a slow
answer moves what follows exactly as it moves the plan.

Must-hear cues are placed first, in order, each as early as it may start; a
nice-to-have cue is slipped in only where it delays no must-hear cue beyond its
slack, and is otherwise dropped. Nothing is ever cut off: a must-hear phrase
that cannot fit is said whole, what follows waits for it, and a note says so.
"""

from __future__ import annotations

import bisect
import enum
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from backrehab.catalogue.model import Catalogue
from backrehab.plan import Plan, Step, StepKind
from backrehab.session.events import SpokenWaits
from backrehab.wording import (
    KEEP_BREATHING,
    NUMBERS,
    RELAX,
    SESSION_COMPLETE_SAID,
    caution_text,
    done_said,
    hold_text,
    intro_text,
    next_said,
    opening_texts,
    pain_text,
    plural,
    question_text,
    switch_said,
    unplanned_texts,
)


class Sound(enum.Enum):
    """The tones a person must be able to tell apart by ear."""

    HOLD_START = "hold-start"
    HOLD_END = "hold-end"
    SIDE_CHANGE = "side-change"
    EXERCISE_END = "exercise-end"
    SESSION_END = "session-end"


#: Each tone as (frequency Hz, milliseconds) notes: one short high note to start a hold,
#: a lower one to end it, a rising pair to change side, three rising notes to end an
#: exercise and a longer four-note rise to end the session.
MELODIES: dict[Sound, tuple[tuple[int, int], ...]] = {
    Sound.HOLD_START: ((880, 160),),
    Sound.HOLD_END: ((587, 220),),
    Sound.SIDE_CHANGE: ((660, 110), (0, 50), (880, 110)),
    Sound.EXERCISE_END: ((523, 120), (659, 120), (784, 200)),
    Sound.SESSION_END: ((523, 160), (659, 160), (784, 160), (1047, 450)),
}


def tone_seconds(sound: Sound) -> float:
    return sum(ms for _, ms in MELODIES[sound]) / 1000


class CueKind(enum.Enum):
    SPEECH = "speech"
    TONE = "tone"


class Priority(enum.Enum):
    MUST = "must-hear"
    NICE = "nice-to-have"


@dataclass(frozen=True)
class Clip:
    """Something heard: words or a tone, and how many real seconds it lasts."""

    kind: CueKind
    text: str
    seconds: float
    sound: Sound | None = None


@dataclass(frozen=True)
class Cue:
    clip: Clip
    priority: Priority
    #: Real seconds from the session's start, waits counted at their shortest.
    start: float
    #: The plan step during which it starts (for a cue said during a caution: that caution's step; -1: the opening).
    step: int
    #: The plan second at which the runner starts it; a cue said during a wait starts with the wait.
    at: float
    #: Said during a wait (the opening, a caution) rather than at a moment of the plan.
    wait: bool = False
    #: The step it is about, when it starts in a later one (a late "relax" in the next lead-in): said only
    #: when the session got there from that step, not after a skip.
    about: int | None = None
    #: It says the exercise it is about was done ("Pelvic tilt done."): heard only once the session says so.
    done: bool = False

    @property
    def end(self) -> float:
        return self.start + self.clip.seconds

    @property
    def about_step(self) -> int:
        """The step it is about: the one it starts in unless it runs on from an earlier one."""
        return self.step if self.about is None else self.about

    def to_dict(self) -> dict[str, Any]:
        return {
            "offset": round(self.start, 3),
            "seconds": round(self.clip.seconds, 3),
            "kind": self.clip.kind.value,
            "priority": self.priority.value,
            "text": self.clip.text,
            "step": self.step,
            "wait": self.wait,
        }


#: The key of the opening's wait in `Timeline.waits`; a caution's wait is keyed by its step index.
OPENING = -1


@dataclass(frozen=True)
class Timeline:
    cues: tuple[Cue, ...]
    #: Phrases that can never fit where they belong, each said once.
    notes: tuple[str, ...] = ()
    #: The shortest each wait may last (real seconds), by step index (OPENING for the opening): its speech.
    waits: dict[int, float] = field(default_factory=dict)
    #: Real seconds per plan second: each plan second lasts 1/speed real seconds.
    speed: float = 1.0
    #: What may be said off the timeline, after a key (paused, skipped, stopped), by text.
    unplanned: dict[str, Clip] = field(default_factory=dict)
    #: The shortest a stop for pain may last, by exercise id: as long as its advice is spoken.
    pain: dict[str, float] = field(default_factory=dict)
    #: How far into a caution's wait (real seconds, by step index) its spoken question begins.
    questions: dict[int, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"speed": self.speed, "cues": [c.to_dict() for c in self.cues], "notes": list(self.notes)}

    def spoken_waits(self) -> SpokenWaits:
        """How long each wait's words last, and where a caution's question begins: what the session must wait for."""
        return SpokenWaits(
            opening=self.waits.get(OPENING, 0.0),
            cautions={key: seconds for key, seconds in self.waits.items() if key != OPENING},
            questions=dict(self.questions),
            pain=dict(self.pain),
        )


# -- what is said ---------------------------------------------------------------------

#: Holds at least this long get a "keep breathing" half-way through, whatever the exercise.
LONG_HOLD = 8.0


# -- the schedule -----------------------------------------------------------------------

#: Silence after each clip before the next may start: a player process takes some milliseconds to start
#: and to end, and without it each phrase would start a little later than the one before.
GAP = 0.1


def span(clip: Clip) -> float:
    """The time a clip holds the channel: its length and the silence after it."""
    return clip.seconds + GAP


#: A must-hear cue this much later than it should start is late enough to be worth a note.
LATE = 0.25
#: "Stomach tone done." is said this soon after the exercise's last hold ends, or not at all.
DONE_WITHIN = 2.0


@dataclass
class _Wish:
    """A cue not yet placed: the earliest it may start and the latest it should."""

    clip: Clip
    priority: Priority
    step: int
    earliest: float
    #: Must-hear: the latest start that is still on time (it can be pushed no later). Nice-to-have: the
    #: latest start at all.
    latest: float
    #: The real time its step ends: a must-hear cue that cannot start before then is about something over.
    step_end: float
    #: Nice-to-have: it must have ended by then.
    finish_by: float = float("inf")
    #: Nice-to-have: alternatives share a key, and only the first that fits is said.
    key: str = ""
    #: Nice-to-have: lower ranks are fitted first.
    rank: int = 0
    start: float = 0.0
    #: It says the exercise was done (see `Cue.done`).
    done: bool = False

    @property
    def end(self) -> float:
        return self.start + span(self.clip)


Lengths = Callable[[str], float]


class FixedWaits(Protocol):
    """For a recording, where no key can end a wait: what each wait says instead, and the silence after it."""

    def words(self, index: int, begins: float, texts: list[str]) -> tuple[list[str], float]:
        """The phrases for wait `index` (OPENING or a caution's step), which begins at real second `begins`
        (the live phrases are `texts`), and the seconds of silence that follow them."""


@dataclass(frozen=True)
class Voicing:
    """What a timeline is built with: the lengths of phrases and tones, and what is on."""

    speech: Lengths | None
    tone: Callable[[Sound], float] | None
    countdown: int = 3
    #: Whether a caution's question is asked (no --yes, someone to ask).
    ask: bool = True
    #: Whether the opening is shown and spoken (skipped by --yes).
    opening: bool = True
    speed: float = 1.0
    #: Whether keys work (standard input a terminal): the opening names them only then.
    keys: bool = True
    #: A recording's waits: other words, then a fixed pause (None: a live session's, ended by a key).
    fixed_waits: FixedWaits | None = None
    #: Whether the screen is kept from blanking: the opening says so then.
    screen_on: bool = False


def build_timeline(plan: Plan, catalogue: Catalogue, voicing: Voicing) -> Timeline:
    """Every cue of the session in order, none overlapping, each with its start."""
    return _Builder(plan, catalogue, voicing).build()


class _Builder:
    def __init__(self, plan: Plan, catalogue: Catalogue, voicing: Voicing) -> None:
        self.plan, self.catalogue, self.v = plan, catalogue, voicing
        self.offsets = plan.offsets()
        self.cues: list[Cue] = []
        self.notes: list[str] = []
        self.noted: set[str] = set()
        self.waits: dict[int, float] = {}
        self.questions: dict[int, float] = {}
        #: Real seconds added to plan time by the waits so far.
        self.shift = 0.0
        self.cursor = 0.0

    # -- pieces --

    def speech(self, text: str) -> Clip | None:
        return Clip(CueKind.SPEECH, text, self.v.speech(text)) if self.v.speech else None

    def tone(self, sound: Sound) -> Clip | None:
        return Clip(CueKind.TONE, sound.value, self.v.tone(sound), sound) if self.v.tone else None

    def real(self, plan_seconds: float) -> float:
        return plan_seconds / self.v.speed + self.shift

    def note(self, key: str, text: str) -> None:
        if key not in self.noted:
            self.noted.add(key)
            self.notes.append(text)

    # -- the walk --

    def build(self) -> Timeline:
        steps, offsets = self.plan.steps, self.offsets
        if self.v.opening:
            self.wait(
                OPENING, 0.0, opening_texts(self.catalogue, self.plan, keys=self.v.keys, screen_on=self.v.screen_on)
            )
        segment: list[_Wish] = []
        for index, step in enumerate(steps):
            if step.kind is StepKind.CAUTION:
                self.place(segment)
                segment = []
                assert step.caution is not None
                question = question_text(step.exercise) if self.v.ask else None
                texts = [caution_text(step.exercise, step.caution.text)] + ([question] if question else [])
                self.wait(index, offsets[index], texts, question)
                continue
            segment += self.wishes(index, step, offsets[index])
        self.place(segment)
        unplanned = [c for c in map(self.speech, unplanned_texts(self.catalogue, self.plan)) if c is not None]
        pain = {e.id: self.speech(pain_text(e, self.catalogue, self.plan)) for e in self.plan.exercises}
        return Timeline(
            cues=tuple(self.cues),
            notes=tuple(self.notes),
            waits=dict(self.waits),
            speed=self.v.speed,
            unplanned={clip.text: clip for clip in unplanned},
            pain={key: clip.seconds for key, clip in pain.items() if clip is not None},
            questions=dict(self.questions),
        )

    def wait(self, index: int, at: float, texts: list[str], question: str | None = None) -> None:
        """Cues said one after another while the session waits; the wait lasts at least as long."""
        begins = self.real(at)
        start = max(begins, self.cursor)
        pause = 0.0
        if self.v.fixed_waits is not None:
            texts, pause = self.v.fixed_waits.words(index, start, texts)
        for text in texts:
            clip = self.speech(text)
            if clip is None:
                continue
            if text == question:
                self.questions[index] = start - begins
            self.cues.append(Cue(clip, Priority.MUST, start, index, at, wait=True))
            start += span(clip)
        start += pause
        self.cursor = start
        self.waits[index] = start - begins
        self.shift += start - begins

    def wishes(self, index: int, step: Step, offset: float) -> list[_Wish]:
        """What this step would say and play, at the moments it would."""
        steps, offsets = self.plan.steps, self.offsets
        out: list[_Wish] = []

        def step_end(i: int) -> float:
            return self.real(offsets[i] + steps[i].seconds) if i < len(steps) else float("inf")

        def must(clip: Clip | None, i: int, earliest: float, latest: float | None = None, until: float = 0) -> None:
            if clip is not None:
                late = earliest if latest is None else latest
                out.append(_Wish(clip, Priority.MUST, i, earliest, late, until or step_end(i)))

        def nice(
            clip: Clip | None, i: int, earliest: float, latest: float, finish_by: float, rank: int, key: str = ""
        ) -> None:
            if clip is not None:
                out.append(_Wish(clip, Priority.NICE, i, earliest, latest, step_end(i), finish_by, key, rank))

        exercise = step.exercise
        begin, end = self.real(offset), self.real(offset + step.seconds)
        if step.kind is StepKind.LEAD_IN:
            intro = self.speech(intro_text(exercise))
            if intro is not None:
                must(intro, index, begin, max(begin, end - span(intro)))
            return out
        if step.kind is not StepKind.HOLD:
            return out  # rests and side changes are announced as the hold before them ends
        previous = steps[index - 1] if index else None
        if previous is None or previous.number != step.number or previous.kind is StepKind.CAUTION:
            must(self.speech(intro_text(exercise)), index, begin)  # no lead-in: just before the first hold
        start_tone = self.tone(Sound.HOLD_START)
        must(start_tone, index, begin)
        must(self.speech(hold_text(step)), index, begin, begin + (span(start_tone) if start_tone else 0.0))
        following = steps[index + 1] if index + 1 < len(steps) else None
        same_exercise = following is not None and following.number == step.number
        after = index + 1 if same_exercise else index  # the step the hold's end cues belong to
        rest_end = step_end(index + 1) if same_exercise else float("inf")
        # An exercise's last words may run into the next one's lead-in, not into its first hold.
        next_hold = next((i for i in range(index + 1, len(steps)) if steps[i].kind is StepKind.HOLD), None)
        until = step_end(after) if same_exercise else (self.real(offsets[next_hold]) if next_hold else float("inf"))
        breathe = exercise.breathing_reminder or step.seconds >= LONG_HOLD
        if breathe:
            earliest = begin + (end - begin) / 2 if step.seconds >= LONG_HOLD else begin
            nice(self.speech(KEEP_BREATHING), index, earliest, end, end, 0, f"breathe:{index}")
        for left in range(min(self.v.countdown, math.ceil(step.seconds) - 1), 0, -1):
            when = self.real(offset + step.seconds - left)
            word = NUMBERS[left] if left < len(NUMBERS) else str(left)
            nice(self.speech(word), index, when, when + 0.1, end, 1)
        # The hold's end: the one tone that says most, then "relax" and what comes next.
        if following is None:
            sound = Sound.SESSION_END
        elif not same_exercise:
            sound = Sound.EXERCISE_END
        elif following.kind is StepKind.SWITCH:
            sound = Sound.SIDE_CHANGE
        else:
            sound = Sound.HOLD_END
        end_tone = self.tone(sound)
        must(end_tone, after, end, until=until)
        right_after = end + (span(end_tone) if end_tone else 0.0)
        if following is not None and same_exercise and following.kind is StepKind.SWITCH:
            must(self.speech(switch_said(following)), after, end, right_after, until)
        else:
            must(self.speech(RELAX), after, end, right_after, until)
        if exercise.breathing_reminder:  # not heard in the hold: in the rest that follows it
            nice(self.speech(KEEP_BREATHING), after, end, rest_end, rest_end, 0, f"breathe:{index}")
        if same_exercise and following is not None and following.kind is StepKind.REST and index + 2 < len(steps):
            nice(self.speech(next_said(steps[index + 2])), after, end, rest_end, rest_end, 2)
        if not same_exercise:  # right after "relax", or not at all
            nice(self.speech(done_said(exercise)), after, end, end + DONE_WITHIN, until, 2)
            if out and out[-1].clip.text == done_said(exercise):
                out[-1].done = True
        if following is None:
            must(self.speech(SESSION_COMPLETE_SAID), after, end, float("inf"), until)
        return out

    # -- placing --

    def place(self, wishes: list[_Wish]) -> None:
        """Must-hear cues in order, as early as each may start; then nice-to-have ones where they fit."""
        placed: list[_Wish] = []
        for wish in (w for w in wishes if w.priority is Priority.MUST):
            wish.start = max(wish.earliest, self.cursor)
            name = self.plan.steps[wish.step].exercise.name
            if wish.start > wish.step_end or (wish.start == wish.step_end > wish.earliest):
                self.note(
                    f"drop:{wish.step}",
                    f"{name}: '{wish.clip.text}' is not said: what comes before it is still being said when "
                    "its step ends.",
                )
                continue
            if wish.start > wish.latest + LATE and placed:
                before = placed[-1]
                self.note(
                    f"late:{name}",
                    f"{name}: '{before.clip.text}' ({before.clip.seconds:.1f} s) does not fit before "
                    f"'{wish.clip.text}', which waits {wish.start - wish.latest:.1f} s for it: each is said whole.",
                )
            placed.append(wish)
            self.cursor = wish.end
        said: set[str] = set()
        for wish in sorted((w for w in wishes if w.priority is Priority.NICE), key=lambda w: w.rank):
            if wish.key and wish.key in said:
                continue
            if self._insert(placed, wish) and wish.key:
                said.add(wish.key)
        steps, offsets = self.plan.steps, self.offsets
        for wish in placed:
            at = (wish.start - self.shift) * self.v.speed
            step = wish.step
            # A cue that starts after its step has ended is started by the step it falls in (never past a wait).
            while step + 1 < len(steps) and steps[step + 1].kind is not StepKind.CAUTION and offsets[step + 1] < at:
                step += 1
            about = wish.step if step != wish.step else None
            self.cues.append(Cue(wish.clip, wish.priority, wish.start, step, at, about=about, done=wish.done))
        if placed:
            self.cursor = max(self.cursor, placed[-1].end)

    @staticmethod
    def _insert(placed: list[_Wish], wish: _Wish) -> bool:
        """Slip a nice-to-have cue in where it delays nothing beyond its slack; False when it cannot."""
        # After the cue that starts at or before its earliest moment; failing that, in each later gap.
        i = bisect.bisect_right([w.start for w in placed], wish.earliest)
        while i <= len(placed):
            start = max(wish.earliest, placed[i - 1].end if i else wish.earliest)
            if start > wish.latest or start + span(wish.clip) > wish.finish_by:
                return False
            pushed = _pushes(placed, i, start + span(wish.clip))
            if pushed is not None:
                wish.start = start
                for later, new_start in pushed:
                    later.start = new_start
                placed.insert(i, wish)
                return True
            i += 1
        return False


def _pushes(placed: list[_Wish], i: int, cursor: float) -> list[tuple[_Wish, float]] | None:
    """The new starts of the cues from `i` on if one more ends at `cursor` before them; None if any would be late."""
    moved: list[tuple[_Wish, float]] = []
    for later in placed[i:]:
        if later.start >= cursor:
            break
        if later.priority is Priority.MUST and cursor > max(later.latest, later.start):
            return None
        if later.priority is Priority.NICE:
            return None  # a nice-to-have cue already placed keeps its moment
        moved.append((later, cursor))
        cursor += span(later.clip)
    return moved


def _clock(seconds: float) -> str:
    """0:07.3: minutes, seconds and tenths."""
    tenths = round(seconds * 10)
    return f"{tenths // 600}:{tenths % 600 / 10:04.1f}"


def cue_lines(timeline: Timeline, lengths: str) -> list[str]:
    """The timeline as a person reads it: offset, length, kind, priority and what is heard."""
    cues = timeline.cues
    if not cues:
        return ["Nothing is heard: voice and sound are off."]
    # The session goes on when a key ends the opening (or its time is up): what follows counts from then.
    opening = timeline.waits.get(OPENING, 0.0)
    end = max(cue.end for cue in cues) - opening
    lines = [f"{plural(len(cues), 'cue')} over {_clock(end)}, lengths {lengths}; none overlaps:"]
    for i, cue in enumerate(cues):
        after = cue.step != OPENING
        if opening and after and (i == 0 or cues[i - 1].step == OPENING):
            lines.append("-- the opening ends (a key, or its time is up); what follows counts from then --")
        offset = cue.start - (opening if after else 0.0)
        lines.append(
            f"{_clock(offset):>8}  {cue.clip.seconds:4.1f} s  {cue.clip.kind.value:<6}  "
            f"{cue.priority.value:<12}  {cue.clip.text}{'  (while waiting)' if cue.wait else ''}"
        )
    lines += [f"Does not fit: {note}" for note in timeline.notes]
    return lines
