"""The user's data, config and cache folders, without importing platformdirs in the common case.

Importing platformdirs (with tempfile, random and shutil behind it) takes about
4 ms, a tenth of what `backrehab list` adds to its imports. On Linux, with an
absolute $HOME and each XDG variable unset or absolute, the answer is plain
XDG: $XDG_DATA_HOME/backrehab, else ~/.local/share/backrehab (and likewise for
config and cache). Anything else — another platform, Android, a relative or
empty setting — is left to platformdirs. tests/test_userdirs.py checks both
give the same folder.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

APP = "backrehab"
DB_NAME = "history.sqlite3"
ENV_HOME = "BACKREHAB_HOME"
CONFIG_NAME = "config.yaml"
ENV_CONFIG = "BACKREHAB_CONFIG"


def _plain_xdg(variable: str, default: str) -> Path | None:
    """$variable/backrehab or ~/default/backrehab when plain XDG applies; None when platformdirs must decide."""
    if sys.platform != "linux" or hasattr(sys, "getandroidapilevel"):
        return None
    if "ANDROID_DATA" in os.environ or "ANDROID_ROOT" in os.environ:
        return None
    home = Path(os.environ.get("HOME", ""))
    base = os.environ.get(variable)
    if not home.is_absolute() or (base is not None and not Path(base).is_absolute()):
        return None
    return (Path(base) if base is not None else home / default) / APP


def user_data_path() -> Path:
    """Where the history is kept unless --data-dir or $BACKREHAB_HOME says otherwise."""
    fast = _plain_xdg("XDG_DATA_HOME", ".local/share")
    if fast is not None:
        return fast
    return _platformdirs_path("data")


def user_config_path() -> Path:
    """The folder of the config file."""
    fast = _plain_xdg("XDG_CONFIG_HOME", ".config")
    if fast is not None:
        return fast
    return _platformdirs_path("config")


def user_cache_path() -> Path:
    """Files backrehab can always make again: sounds, the checked catalogue."""
    fast = _plain_xdg("XDG_CACHE_HOME", ".cache")
    if fast is not None:
        return fast
    return _platformdirs_path("cache")


def config_path() -> Path:
    """Where the config file is: $BACKREHAB_CONFIG, else the platform's user config folder."""
    if os.environ.get(ENV_CONFIG):
        return Path(os.environ[ENV_CONFIG])
    return user_config_path() / CONFIG_NAME


def database_path(data_dir: Path | None = None) -> Path:
    """The history file: in `data_dir`, else $BACKREHAB_HOME, else the platform's user data folder."""
    if data_dir is None:
        home = os.environ.get(ENV_HOME)
        data_dir = Path(home) if home else user_data_path()
    return data_dir.expanduser() / DB_NAME


def _platformdirs_path(kind: str) -> Path:
    """platformdirs' folder of `kind` (data, config, cache), for every case plain XDG does not cover.

    Imported only then: it costs about 4 ms of every start, with tempfile, random and shutil behind it.
    """
    import platformdirs

    path: Path = getattr(platformdirs, f"user_{kind}_path")(APP, appauthor=False)
    return path
