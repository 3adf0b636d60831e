"""What is in effect: the command line wins over the config file, which wins over the built-in defaults.

Worked out once, here, for every command: `options_in_effect` gives the plan's options (rest,
lead-in, holds, routine, order), so `list`, `show`, `routines`, `export` and `session` agree on how
long each exercise takes; `resolve` gives how a session looks and sounds.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar, overload

from backrehab.plan import PlanOptions
from backrehab.settings.defaults import DEFAULT_COUNTDOWN, DEFAULT_LEAD_IN, DEFAULT_REST, DisplayMode, Order

if TYPE_CHECKING:  # pragma: no cover
    from backrehab.settings.configfile import Config
    from backrehab.settings.routines import ResolvedRoutine

T = TypeVar("T")


@overload
def first_set(*values: T | None, default: T) -> T: ...


@overload
def first_set(*values: T | None) -> T | None: ...


def first_set(*values: T | None, default: T | None = None) -> T | None:
    """The first value that is set (not None), in order of precedence; `default` when none is."""
    return next((value for value in values if value is not None), default)


def options_in_effect(
    config: Config | None,
    *,
    holds: Mapping[str, int],
    rest: float | None = None,
    lead_in: float | None = None,
    order: Order | None = None,
    routine: ResolvedRoutine | None = None,
    only: tuple[str, ...] = (),
    skip: tuple[str, ...] = (),
) -> PlanOptions:
    """The plan options for `list`, `show`, `routines`, `export` and `session` alike.

    Rest and lead-in: the command line's (None when not given), else the config file's
    (`config` is None when there is no file), else the defaults. `holds` are the person's
    current holds (progression); a routine's own holds and reps win over them for its
    exercises. Every command that shows a time uses this, so they all agree on how long an
    exercise takes.
    """
    options = PlanOptions(
        only=only,
        skip=skip,
        rest=first_set(rest, config.rest if config else None, default=DEFAULT_REST),
        lead_in=first_set(lead_in, config.lead_in if config else None, default=DEFAULT_LEAD_IN),
        order=first_set(order, default=Order.SOURCE),
        holds=dict(holds),
    )
    return routine.apply(options) if routine is not None else options


#: What each setting is when neither the command line nor the config file sets it.
DEFAULTS = {
    "voice": "on in a terminal when a speech engine is installed, off otherwise",
    "voice_name": "the speech engine's own default",
    "sound": "on in a terminal, off otherwise",
    "display": "big in a terminal, plain otherwise",
    "rest": f"{DEFAULT_REST:g}",
    "lead_in": f"{DEFAULT_LEAD_IN:g}",
    "countdown": f"{DEFAULT_COUNTDOWN}",
    "weekly_goal": "none (the report shows sessions a week without a goal)",
    "keep_screen_on": "true",
}


def effective_settings(config: Config) -> Iterator[tuple[str, str, str]]:
    """(key, value, where it comes from) for every setting, routines last."""
    # Not at the top: the config file's classes, PyYAML: for `config show`.
    from backrehab.settings.configfile import SETTINGS, describe

    from_file = dict(describe(config))
    for key in SETTINGS:
        if key == "routines":
            continue
        if key in from_file:
            yield key, from_file[key], "config file"
        else:
            yield key, DEFAULTS[key], "default"
    for key, value in from_file.items():
        if key.startswith("routines."):
            yield key, value, "config file"


@dataclass(frozen=True)
class SessionSettings:
    """How a session looks and sounds, every choice made."""

    display: DisplayMode
    voice: bool
    #: True when voice was asked for (option or config), so a missing engine is worth a warning.
    voice_requested: bool
    voice_name: str | None
    sound: bool
    countdown: int
    keys: bool
    #: Keep the screen from blanking while the session runs, where the system has a way.
    keep_screen_on: bool = True


def resolve(
    config: Config | None,
    *,
    display: DisplayMode | None,
    voice: bool | None,
    voice_name: str | None,
    sound: bool | None,
    countdown: int | None,
    out_terminal: bool,
    in_terminal: bool,
    keep_screen_on: bool | None = None,
) -> SessionSettings:
    """Command line over config file (None when there is none) over defaults; what a pipe cannot show is
    turned off."""
    if config is None:
        config_display = config_voice = config_sound = config_voice_name = config_countdown = None
    else:
        config_display, config_voice, config_sound = config.display, config.voice, config.sound
        config_voice_name, config_countdown = config.voice_name, config.countdown
    chosen_display = first_set(display, config_display, default=DisplayMode.BIG if out_terminal else DisplayMode.PLAIN)
    chosen_voice = first_set(voice, config_voice)
    chosen_sound = first_set(sound, config_sound)
    return SessionSettings(
        display=chosen_display if out_terminal else DisplayMode.PLAIN,
        voice=chosen_voice if chosen_voice is not None else out_terminal,
        voice_requested=bool(chosen_voice),
        voice_name=first_set(voice_name, config_voice_name),
        sound=chosen_sound if chosen_sound is not None else out_terminal,
        countdown=first_set(countdown, config_countdown, default=DEFAULT_COUNTDOWN),
        keys=in_terminal,
        keep_screen_on=first_set(keep_screen_on, config.keep_screen_on if config else None, default=True),
    )
