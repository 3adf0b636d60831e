"""The pain question answered with one key, on the screen the person is looking at.

A digit is the answer. 10 is a 1 followed by a 0 within `TEN_WAIT` seconds; a 1
with nothing after it is 1. `s`, space, Enter (and `q`) skip the question. The
question goes to the listeners as events (`PainAsked`, `PainAnswered`), so the
screen shows it and the voice says it; this module knows neither.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from backrehab.session.clock import Clock
from backrehab.session.events import Listener, PainAnswered, PainAsked, PainMoment
from backrehab.session.keys import Command, Keys, KeyText

#: Real seconds a 1 waits for a 0 to make 10 (not scaled by --speed: it is the time a hand takes).
TEN_WAIT = 1.5
#: Keys that skip the question.
SKIP_KEYS = frozenset("s \r\nq")


def ask_pain_by_key(
    *,
    keys: KeyText,
    clock: Clock,
    listeners: Sequence[Listener],
    moment: PainMoment,
    seconds: float | None,
) -> int | None:
    """Ask for pain from 0 to 10 with one key; None when skipped, or when no key came within `seconds`
    (real seconds; None waits for ever)."""

    def emit(event: PainAsked | PainAnswered) -> None:
        for listener in listeners:
            listener.handle(event)

    emit(PainAsked(moment))
    deadline = None if seconds is None else clock.now() + seconds
    pain = read_pain(keys, clock, deadline, lambda: emit(PainAsked(moment, typed="1")))
    emit(PainAnswered(moment, pain))
    return pain


def read_pain(
    keys: KeyText, clock: Clock, deadline: float | None, one_typed: Callable[[], None] | None = None
) -> int | None:
    """The pain keyed in before `deadline`; `one_typed` (a callable) is told when a 1 waits for a 0."""
    typed = ""
    while True:
        waiting_for_zero = typed == "1"
        text = keys.read(clock, clock.now() + TEN_WAIT if waiting_for_zero else deadline)
        if text is None:  # no key in time, or input ended
            return 1 if waiting_for_zero else None
        for key in text.lower():
            if waiting_for_zero:
                return 10 if key == "0" else 1
            if key in SKIP_KEYS:
                return None
            if key == "1":
                typed, waiting_for_zero = "1", True
                if one_typed is not None:
                    one_typed()
                continue
            if key.isdigit() and key.isascii():
                return int(key)


def wait_for_any_key(keys: Keys, clock: Clock, seconds: float | None) -> None:
    """Wait for any key, or `seconds` (real seconds; None: for ever); back from Ctrl-Z it waits on."""
    deadline = None if seconds is None else clock.now() + seconds
    while True:
        command = keys.wait(clock, deadline)
        if command is not Command.SUSPENDED:
            return
