"""Session settings in effect: the command line wins over the config file, which wins over defaults.

The plan's share of them (rest, lead-in, holds, routine, order) is worked out by `options.options_in_effect`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .defaults import DEFAULT_LEAD_IN, DEFAULT_REST, DisplayMode
from .options import first_set

if TYPE_CHECKING:  # pragma: no cover
    from .config import Config

DEFAULT_COUNTDOWN = 3

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
}


def effective_settings(config: Config) -> Iterator[tuple[str, str, str]]:
    """(key, value, where it comes from) for every setting, routines last."""
    from .config import SETTINGS, describe

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
    #: True when sound was asked for explicitly: then tones play even when output is not a terminal.
    sound_requested: bool
    countdown: int
    keys: bool


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
        sound_requested=bool(chosen_sound),
        countdown=first_set(countdown, config_countdown, default=DEFAULT_COUNTDOWN),
        keys=in_terminal,
    )
