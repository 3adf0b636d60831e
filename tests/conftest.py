"""Shared fixtures: every test runs with its own home, config and data directories."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from backrehab.cache import CATALOGUE, entry_path
from backrehab.catalogue.load import load_catalogue
from backrehab.catalogue.model import Catalogue

from .fakes import FakeClock

# The test modules' asserts are rewritten once and kept in __pycache__ even where PYTHONDONTWRITEBYTECODE
# is set: rewriting all of them again would cost every run, in every worker, about 4 s.
sys.dont_write_bytecode = False


@pytest.fixture(scope="session", autouse=True)
def suite_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """For the whole run — module-scoped fixtures, which start before `isolated_env`, and every process they
    start included — HOME, the XDG folders and BACKREHAB_HOME point into a temporary folder."""
    home = tmp_path_factory.mktemp("suite-home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOME", str(home))
        patch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
        patch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
        patch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
        patch.setenv("BACKREHAB_HOME", str(home / "data"))
        for name in ("BACKREHAB_CATALOGUE", "BACKREHAB_CONFIG", "BACKREHAB_DEBUG"):
            patch.delenv(name, raising=False)
        yield home


@pytest.fixture(scope="session")
def shared_cache(suite_home: Path) -> Path:
    """A cache folder for the whole run, never in a real home: for tests that synthesize the whole catalogue."""
    return suite_home / ".cache"


@pytest.fixture(scope="session")
def checked_catalogue_entry(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled catalogue checked once for the run, as the cache keeps it (`cache.py`)."""
    folder = tmp_path_factory.mktemp("warm-cache")
    load_catalogue(cache_folder=folder)
    return entry_path(folder, CATALOGUE)


@pytest.fixture(autouse=True)
def isolated_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest, checked_catalogue_entry: Path
) -> Path:
    """No test can read or write a real home: HOME and the XDG folders point into temporary folders.

    The cache folder starts with the bundled catalogue checked, as a person's does after the first start,
    so a test does not pay for checking it again; a test marked `cold_cache` starts with an empty one.
    """
    home = tmp_path / "home"
    home.mkdir()
    if request.node.get_closest_marker("cold_cache") is None and checked_catalogue_entry.exists():
        folder = home / ".cache" / "backrehab"
        folder.mkdir(parents=True, mode=0o700)
        shutil.copy2(checked_catalogue_entry, folder / checked_catalogue_entry.name)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setenv("COLUMNS", "100")
    for name in ("BACKREHAB_CATALOGUE", "BACKREHAB_HOME", "BACKREHAB_DEBUG", "BACKREHAB_NO_CACHE", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Sessions recorded in a history of their own (BACKREHAB_HOME), made when first written."""
    folder = tmp_path / "data"
    monkeypatch.setenv("BACKREHAB_HOME", str(folder))
    return folder


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A property tried over many generated examples is slow too: `-m "not slow"` leaves it for the full run."""
    for item in items:
        if getattr(getattr(item, "obj", None), "is_hypothesis_test", False):
            item.add_marker(pytest.mark.slow)
