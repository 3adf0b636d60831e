"""What a session tells its listeners: the events the runner emits, and the summary at the end.

Displays, cues and the recorder depend on these types, not on the runner that
walks the plan, so each can be read and tested on its own.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from backrehab.catalogue.model import Caution, Exercise
from backrehab.plan import Plan, Step
from backrehab.session.outcomes import Outcome, Status


@dataclass(frozen=True)
class HoldCount:
    """How many of an exercise's holds are done, on each side ("left", "right", or "both" for no side).

    Counted once, by the runner, and carried by the events, so every listener sees the same figures.
    """

    by_side: Mapping[str, int] = field(default_factory=dict)

    @property
    def done(self) -> int:
        return sum(self.by_side.values())

    def add(self, step: Step) -> HoldCount:
        """This count with `step`'s hold done."""
        key = step.side.value if step.side else "both"
        return HoldCount({**self.by_side, key: self.by_side.get(key, 0) + 1})


@dataclass(frozen=True)
class SessionStarted:
    plan: Plan


@dataclass(frozen=True)
class OpeningShown:
    """Before the first step: what today holds, the advice, the safety note and the keys.

    The session waits `seconds` (plan seconds, so `--speed` shortens it) or until a key
    is pressed; 0 means it does not wait for a key (`--yes`, plain output, no keys). It
    waits `spoken` seconds in any case while the opening is said aloud.
    """

    plan: Plan
    seconds: float
    spoken: float = 0.0
    #: Whether the screen is kept from blanking while the session runs.
    screen_kept_on: bool = False

    @property
    def stays(self) -> bool:
        """Whether the session waits on the opening at all: a screen gone at once is not worth drawing."""
        return self.seconds > 0 or self.spoken > 0


@dataclass(frozen=True)
class PainStopShown:
    """`p` stopped `exercise` because it hurts: the whole session waits for a key (`q` quits).

    `next_exercise` (numbered `next_number`) is where any other key goes on; None when it was the last.
    """

    exercise: Exercise
    next_exercise: Exercise | None
    next_number: int | None


@dataclass(frozen=True)
class ExerciseStarted:
    exercise: Exercise
    number: int
    count: int


@dataclass(frozen=True)
class CautionShown:
    exercise: Exercise
    caution: Caution


class Answer(enum.Enum):
    """How a caution was answered: by the person, by `--yes`, or not at all (no terminal)."""

    YES = "yes"
    NO = "no"
    YES_BY_OPTION = "yes (--yes)"
    NOT_ASKED = "not asked"

    @property
    def accepted(self) -> bool:
        return self in (Answer.YES, Answer.YES_BY_OPTION)

    @property
    def asked(self) -> bool:
        return self in (Answer.YES, Answer.NO)


@dataclass(frozen=True)
class CautionAnswered:
    exercise: Exercise
    caution: Caution
    answer: Answer


@dataclass(frozen=True)
class StepStarted:
    step: Step
    #: Plan seconds left in the whole session when this step starts.
    session_left: float
    #: Where the step is in the plan's steps.
    index: int = 0


@dataclass(frozen=True)
class Tick:
    """A whole second of the step has passed: `left` seconds remain in it."""

    step: Step
    left: int
    session_left: float


@dataclass(frozen=True)
class Breathe:
    """Half-way through a hold: remind the person to keep breathing."""

    step: Step


@dataclass(frozen=True)
class StepFinished:
    step: Step
    #: The exercise's holds so far, this step's included.
    holds: HoldCount = HoldCount()


@dataclass(frozen=True)
class Paused:
    step: Step
    #: The plan second the session stopped at.
    at: float = 0.0


@dataclass(frozen=True)
class Resumed:
    step: Step
    #: The plan second the session goes on from.
    at: float = 0.0


@dataclass(frozen=True)
class HelpRequested:
    pass


@dataclass(frozen=True)
class ExerciseFinished:
    exercise: Exercise
    outcome: Outcome
    reason: str | None = None
    holds: HoldCount = HoldCount()


@dataclass(frozen=True)
class ExerciseResult:
    exercise: Exercise
    outcome: Outcome
    hold_seconds: int
    holds_planned: int
    holds_done: int
    #: Holds completed on each side ("left"/"right"), or under "both".
    by_side: dict[str, int] = field(default_factory=dict)
    reason: str | None = None


@dataclass(frozen=True)
class Summary:
    status: Status
    results: tuple[ExerciseResult, ...]
    #: Real seconds the session ran, less time paused or waiting for an answer.
    active_seconds: float
    #: Real seconds from the first step to the end.
    elapsed_seconds: float
    #: The signal that interrupted the session (SIGINT for Ctrl-C), if one did.
    signum: int | None = None

    @property
    def done(self) -> int:
        return sum(r.outcome is Outcome.DONE for r in self.results)

    @property
    def not_done(self) -> int:
        return len(self.results) - self.done

    @property
    def holds_done(self) -> int:
        return sum(r.holds_done for r in self.results)


@dataclass(frozen=True)
class SessionFinished:
    summary: Summary


class PainMoment(enum.Enum):
    """When pain is asked: before the session starts, or after it ends."""

    BEFORE = "before"
    AFTER = "after"


@dataclass(frozen=True)
class PainAsked:
    """The pain question is on the screen, answered with one key; `typed` is "1" while a 0 may still follow
    it to make 10."""

    moment: PainMoment
    typed: str = ""


@dataclass(frozen=True)
class PainAnswered:
    """The pain question's answer, 0 to 10, or None when it was skipped (or nobody answered in time)."""

    moment: PainMoment
    pain: int | None


Event = (
    SessionStarted
    | OpeningShown
    | PainStopShown
    | ExerciseStarted
    | CautionShown
    | CautionAnswered
    | StepStarted
    | Tick
    | Breathe
    | StepFinished
    | Paused
    | Resumed
    | HelpRequested
    | ExerciseFinished
    | SessionFinished
    | PainAsked
    | PainAnswered
)


class Listener(Protocol):
    def handle(self, event: Event) -> None: ...


class Display(Listener, Protocol):
    """What shows a session: it hears every event, shows the caution's question and is closed at the end."""

    #: Whether the opening should wait for someone to read it (a screen redrawn in place), or not (printed lines).
    opening_waits: bool

    def ask(self, exercise: Exercise, caution: Caution) -> None:
        """Show the caution's question; the answer is one key, read by the session."""
        ...

    def note(self, text: str) -> None:
        """Something a person should know about how the session will run (no speech engine, say): shown on
        the opening, where it is read; the session has already told standard error."""
        ...

    def close(self) -> None: ...


Confirm = Callable[[Exercise, Caution], Answer]


@dataclass(frozen=True)
class SpokenWaits:
    """How long the words said in each of the session's waits last (real seconds): the session waits at least
    that long, so they are heard whole. Worked out by whatever speaks them; the session knows no words.
    """

    #: The opening's words.
    opening: float = 0.0
    #: A caution's words with its question, by the caution's step index.
    cautions: Mapping[int, float] = field(default_factory=dict)
    #: How far into a caution's wait its spoken question begins: answered sooner, it is not asked.
    questions: Mapping[int, float] = field(default_factory=dict)
    #: The advice said when `p` stops an exercise, by exercise id.
    pain: Mapping[str, float] = field(default_factory=dict)


class Interrupted(Exception):
    """Raised (by a signal handler) to end a session at once; `signum` picks the exit status."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
