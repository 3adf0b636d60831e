"""The user's folders are the ones platformdirs names, also where backrehab works them out itself."""

from __future__ import annotations

import sys

import platformdirs
import pytest

from backrehab import userdirs

CASES = {
    "xdg unset": {"XDG_DATA_HOME": None, "XDG_CONFIG_HOME": None, "XDG_CACHE_HOME": None},
    "xdg absolute": {"XDG_DATA_HOME": "/srv/d", "XDG_CONFIG_HOME": "/srv/c/", "XDG_CACHE_HOME": "/srv//x"},
    "xdg empty": {"XDG_DATA_HOME": "", "XDG_CONFIG_HOME": "", "XDG_CACHE_HOME": ""},
    "xdg relative": {"XDG_DATA_HOME": "rel/d", "XDG_CONFIG_HOME": "c", "XDG_CACHE_HOME": "./x"},
    "home with a slash": {"HOME": "/home/someone/", "XDG_DATA_HOME": None, "XDG_CACHE_HOME": None},
    "home is root": {"HOME": "/", "XDG_DATA_HOME": None, "XDG_CONFIG_HOME": None, "XDG_CACHE_HOME": None},
}


@pytest.mark.skipif(sys.platform != "linux", reason="the plain XDG answer is only worked out on Linux")
@pytest.mark.parametrize("env", CASES.values(), ids=list(CASES))
def test_folders_match_platformdirs(monkeypatch: pytest.MonkeyPatch, env: dict[str, str | None]) -> None:
    """Data, config and cache folders are platformdirs' own, whatever the XDG variables and HOME say."""
    for name, value in env.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert userdirs.user_data_path() == platformdirs.user_data_path("backrehab", appauthor=False)
    assert userdirs.user_config_path() == platformdirs.user_config_path("backrehab", appauthor=False)
    assert userdirs.user_cache_path() == platformdirs.user_cache_path("backrehab", appauthor=False)


def test_the_common_case_does_not_import_platformdirs() -> None:
    """On Linux with plain XDG settings, the folders are worked out without platformdirs."""
    import subprocess

    code = (
        "import sys\n"
        "from backrehab.userdirs import user_data_path, user_config_path, user_cache_path\n"
        "user_data_path(); user_config_path(); user_cache_path()\n"
        "print('platformdirs' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ("False" if sys.platform == "linux" else "True")
