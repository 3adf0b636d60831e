"""Shared fixtures: every test runs with its own home, config and data directories."""

from __future__ import annotations

from pathlib import Path

import pytest

from backrehab.catalogue import Catalogue, load_catalogue

from .fakes import FakeClock


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test can read or write a real home: HOME and the XDG folders point into tmp_path."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setenv("COLUMNS", "100")
    for name in ("BACKREHAB_CATALOGUE", "BACKREHAB_HOME", "BACKREHAB_DEBUG", "BACKREHAB_NO_CACHE", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()
