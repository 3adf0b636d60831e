"""Session settings in effect: the command line wins over the config file, which wins over defaults."""

from __future__ import annotations

from collections.abc import Iterator

from .config import SETTINGS, Config, describe
from .plan import DEFAULT_LEAD_IN, DEFAULT_REST

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
}


def effective_settings(config: Config) -> Iterator[tuple[str, str, str]]:
    """(key, value, where it comes from) for every setting, routines last."""
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
