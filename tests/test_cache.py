"""Derived data in the cache folder: believed only while what it was made from is unchanged."""

from __future__ import annotations

import dataclasses
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from backrehab import cache
from backrehab.cache import HOLDS, cached, cached_holds, entry_path, forget_holds
from backrehab.catalogue.load import load_catalogue
from backrehab.catalogue.model import CatalogueError, bundled_path
from backrehab.cli.app import main

CATALOGUE = load_catalogue()


class WorkOut:
    """Stands in for reading the history: counts its calls and gives what it is told."""

    def __init__(self, holds: dict[str, int]) -> None:
        self.holds = holds
        self.calls = 0

    def __call__(self) -> dict[str, int]:
        self.calls += 1
        return dict(self.holds)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "history.sqlite3"
    path.parent.mkdir()
    path.write_bytes(b"x" * 100)
    return path


def grow(path: Path) -> None:
    """Change the file as a write would: its size (the modification time may not move within a tick)."""
    with path.open("ab") as file:
        file.write(b"y")


# -- the current holds ----------------------------------------------------------


def test_the_holds_are_worked_out_once_then_read_from_the_cache(folder: Path, database: Path) -> None:
    """A second look at the holds does not read the history; the entry is private to its owner."""
    work_out = WorkOut({"stomach-tone": 7})
    assert cached_holds(folder, database, CATALOGUE, work_out) == {"stomach-tone": 7}
    assert cached_holds(folder, database, CATALOGUE, work_out) == {"stomach-tone": 7}
    assert work_out.calls == 1
    assert stat.S_IMODE(entry_path(folder, HOLDS).stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_no_history_means_no_progress_and_no_file(folder: Path, tmp_path: Path) -> None:
    """Without a history file the holds are the catalogue's, and nothing is written anywhere."""
    work_out = WorkOut({"stomach-tone": 7})
    (tmp_path / "data").mkdir()
    assert cached_holds(folder, tmp_path / "data" / "history.sqlite3", CATALOGUE, work_out) == {}
    assert work_out.calls == 0
    assert list((tmp_path / "data").iterdir()) == []
    assert not folder.exists()


@pytest.mark.parametrize("changed", ["database", "write-ahead log appears", "write-ahead log grows", "replaced"])
def test_a_changed_history_file_is_read_again(folder: Path, database: Path, changed: str) -> None:
    """A history written by anyone (another release, a copy) is read again, even within one clock tick."""
    wal = database.with_name("history.sqlite3-wal")
    if changed == "write-ahead log grows":
        wal.write_bytes(b"")
    work_out = WorkOut({"stomach-tone": 6})
    cached_holds(folder, database, CATALOGUE, work_out)
    work_out.holds = {"stomach-tone": 7}
    if changed == "database":
        grow(database)
    elif changed.startswith("write-ahead log"):
        grow(wal)
    else:
        copy = database.with_name("copy")
        copy.write_bytes(database.read_bytes())
        copy.replace(database)  # same size and, within a tick, the same time: the inode differs
    assert cached_holds(folder, database, CATALOGUE, work_out) == {"stomach-tone": 7}
    assert work_out.calls == 2
    assert cached_holds(folder, database, CATALOGUE, work_out) == {"stomach-tone": 7}
    assert work_out.calls == 2


def test_another_history_folder_has_its_own_holds(folder: Path, database: Path, tmp_path: Path) -> None:
    """Two histories (--data-dir) never share holds, even with files of the same size and time."""
    other = tmp_path / "other" / "history.sqlite3"
    other.parent.mkdir()
    shutil.copy2(database, other)
    cached_holds(folder, database, CATALOGUE, WorkOut({"stomach-tone": 6}))
    assert cached_holds(folder, other, CATALOGUE, WorkOut({"stomach-tone": 9})) == {"stomach-tone": 9}


def test_an_empty_write_ahead_log_left_by_a_reader_changes_nothing(folder: Path, database: Path) -> None:
    """Reading the history leaves an empty log behind: that is no reason to read it again."""
    work_out = WorkOut({"stomach-tone": 6})
    cached_holds(folder, database, CATALOGUE, work_out)
    database.with_name("history.sqlite3-wal").write_bytes(b"")
    assert cached_holds(folder, database, CATALOGUE, work_out) == {"stomach-tone": 6}
    assert work_out.calls == 1


def test_forget_deletes_the_entry_so_a_write_within_the_same_tick_is_not_missed(folder: Path, database: Path) -> None:
    """After a history write the holds are worked out again, whatever the file's size and time say."""
    work_out = WorkOut({"stomach-tone": 6})
    cached_holds(folder, database, CATALOGUE, work_out)
    forget_holds(folder)
    forget_holds(folder)  # nothing there: no error
    work_out.holds = {}
    assert cached_holds(folder, database, CATALOGUE, work_out) == {}
    assert work_out.calls == 2


def test_forget_finds_the_user_cache_folder(isolated_env: Path, database: Path) -> None:
    """The history's writes, which know no cache folder, delete the entry in the user's."""
    folder = isolated_env / ".cache" / "backrehab"
    cached_holds(folder, database, CATALOGUE, WorkOut({"stomach-tone": 6}))
    forget_holds()
    assert not entry_path(folder, HOLDS).exists()


def test_another_catalogue_or_release_reads_the_history_again(
    folder: Path, database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Holds worked out for other exercise holds, or by another release, are not believed."""
    work_out = WorkOut({})
    cached_holds(folder, database, CATALOGUE, work_out)
    first = CATALOGUE.exercises[0]
    longer = dataclasses.replace(first, build_up_to_seconds=(first.build_up_to_seconds or first.hold_seconds) + 5)
    other = dataclasses.replace(CATALOGUE, exercises=(longer, *CATALOGUE.exercises[1:]))
    cached_holds(folder, database, other, work_out)
    assert work_out.calls == 2
    cached_holds(folder, database, other, work_out)
    assert work_out.calls == 2
    monkeypatch.setattr(cache, "__version__", "999")
    cached_holds(folder, database, other, work_out)
    assert work_out.calls == 3


def test_trust_false_works_out_the_holds_and_refreshes_the_entry(folder: Path, database: Path) -> None:
    """A session works the holds out from the history itself, and later commands see its answer."""
    work_out = WorkOut({"stomach-tone": 6})
    cached_holds(folder, database, CATALOGUE, work_out)
    work_out.holds = {"stomach-tone": 8}
    assert cached_holds(folder, database, CATALOGUE, work_out, trust=False) == {"stomach-tone": 8}
    assert cached_holds(folder, database, CATALOGUE, work_out) == {"stomach-tone": 8}
    assert work_out.calls == 2


def test_an_error_reading_the_history_passes_through_and_leaves_the_entry(folder: Path, database: Path) -> None:
    """A history that cannot be read is the caller's to tell; the cache keeps what it had."""
    cached_holds(folder, database, CATALOGUE, WorkOut({"stomach-tone": 6}))
    before = entry_path(folder, HOLDS).read_bytes()
    grow(database)

    def broken() -> dict[str, int]:
        raise RuntimeError("damaged")

    with pytest.raises(RuntimeError, match="damaged"):
        cached_holds(folder, database, CATALOGUE, broken)
    assert entry_path(folder, HOLDS).read_bytes() == before


# -- entries that cannot be used ------------------------------------------------


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",
        lambda data: data[: len(data) // 2],
        lambda data: data[:-5],
        lambda data: b"\xff\xfe\x00not json",
        lambda data: data.replace(cache.FORMAT.encode(), b"backrehab derived data 0"),
        lambda data: data.partition(b"\n")[0],
        lambda data: data.replace(b'"builtins.dict"', b'"os.system"').replace(b'"dict"', b'"os.system"'),
    ],
    ids=["empty", "cut in half", "cut short", "not json", "older format", "no value", "a class not named"],
)
def test_a_damaged_entry_is_made_again(folder: Path, database: Path, damage: object) -> None:
    """A cut-short, foreign or older entry is passed over in silence and replaced."""
    work_out = WorkOut({"stomach-tone": 6})
    cached_holds(folder, database, CATALOGUE, work_out)
    path = entry_path(folder, HOLDS)
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    assert cached_holds(folder, database, CATALOGUE, work_out) == {"stomach-tone": 6}
    assert work_out.calls == 2
    assert cached_holds(folder, database, CATALOGUE, work_out) == {"stomach-tone": 6}
    assert work_out.calls == 2


def test_a_damaged_catalogue_entry_is_checked_again(folder: Path) -> None:
    """A catalogue entry overwritten with junk gives the bundled catalogue, checked afresh."""
    load_catalogue(cache_folder=folder)
    entry_path(folder, cache.CATALOGUE).write_bytes(b"junk")
    assert load_catalogue(cache_folder=folder) == CATALOGUE


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_a_read_only_cache_folder_still_gives_the_holds_and_the_catalogue(folder: Path, database: Path) -> None:
    """A cache folder that cannot be written costs time, never a result or an error."""
    folder.mkdir(mode=0o500)
    try:
        work_out = WorkOut({"stomach-tone": 6})
        assert cached_holds(folder, database, CATALOGUE, work_out) == {"stomach-tone": 6}
        assert cached_holds(folder, database, CATALOGUE, work_out) == {"stomach-tone": 6}
        assert work_out.calls == 2
        assert load_catalogue(cache_folder=folder) == CATALOGUE
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_a_cache_folder_that_cannot_be_made_still_gives_the_holds_and_the_catalogue(
    folder: Path, database: Path
) -> None:
    """A file where the cache folder should be (no folder can be made there, as root too) changes nothing."""
    folder.write_bytes(b"")
    work_out = WorkOut({"stomach-tone": 6})
    assert cached_holds(folder, database, CATALOGUE, work_out) == {"stomach-tone": 6}
    assert cached_holds(folder, database, CATALOGUE, work_out) == {"stomach-tone": 6}
    assert work_out.calls == 2
    assert load_catalogue(cache_folder=folder) == CATALOGUE


def test_an_entry_that_cannot_be_replaced_leaves_no_partial_file(folder: Path, database: Path) -> None:
    """When the rename fails (a folder in the entry's place, as root too) no temporary file is left."""
    entry_path(folder, HOLDS).mkdir(parents=True)
    work_out = WorkOut({"stomach-tone": 6})
    assert cached_holds(folder, database, CATALOGUE, work_out) == {"stomach-tone": 6}
    assert cached_holds(folder, database, CATALOGUE, work_out) == {"stomach-tone": 6}
    assert work_out.calls == 2
    assert [p.name for p in folder.iterdir()] == [entry_path(folder, HOLDS).name]


# -- the checked catalogue ------------------------------------------------------


def own_catalogue(tmp_path: Path, text: str | None = None) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_text(text if text is not None else bundled_path().read_text(encoding="utf-8"), encoding="utf-8")
    return path


def test_a_cached_catalogue_is_not_checked_again(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second load takes the checked catalogue from the cache: equal to a fresh check, without one."""
    first = load_catalogue(cache_folder=folder)

    def no_check(*args: object, **kwargs: object) -> None:
        raise AssertionError("checked again")

    monkeypatch.setattr("backrehab.catalogue.check.parse_catalogue", no_check)
    assert load_catalogue(cache_folder=folder) == first == CATALOGUE


def test_an_edit_of_the_same_size_and_time_is_seen(folder: Path, tmp_path: Path) -> None:
    """The key is the catalogue's text itself: an edit that keeps size and modification time is not missed."""
    path = own_catalogue(tmp_path)
    assert load_catalogue(path, cache_folder=folder).exercises[0].reps == 3
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    assert "    reps: 3\n" in text
    path.write_text(text.replace("    reps: 3\n", "    reps: 4\n", 1), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert load_catalogue(path, cache_folder=folder).exercises[0].reps == 4


def test_an_own_catalogue_is_cached_beside_the_bundled_one(folder: Path, tmp_path: Path) -> None:
    """`--catalogue` files are cached too, without pushing out the bundled catalogue's entry."""
    path = own_catalogue(tmp_path)
    load_catalogue(cache_folder=folder)
    mine = load_catalogue(path, cache_folder=folder)
    assert mine.path == path
    assert sorted(p.name for p in folder.iterdir()) == ["catalogue.json", "own-catalogue.json"]
    assert load_catalogue(path, cache_folder=folder) == mine
    assert load_catalogue(cache_folder=folder) == CATALOGUE


def test_the_same_text_at_another_path_is_its_own_catalogue(folder: Path, tmp_path: Path) -> None:
    """A catalogue remembers its file, so a copy elsewhere is not taken for the first."""
    first = own_catalogue(tmp_path)
    second = tmp_path / "copy.yaml"
    shutil.copy2(first, second)
    load_catalogue(first, cache_folder=folder)
    assert load_catalogue(second, cache_folder=folder).path == second


def test_a_bad_catalogue_is_reported_every_time_and_never_cached(folder: Path, tmp_path: Path) -> None:
    """Problems are told at every run, located, and a bad file leaves no entry."""
    path = own_catalogue(tmp_path, "exercises: []\n")
    for _ in range(2):
        with pytest.raises(CatalogueError, match="must list at least one exercise"):
            load_catalogue(path, cache_folder=folder)
    assert not folder.exists()


@pytest.mark.parametrize(
    ("key_part", "other"),
    [("__version__", "999"), ("PACKAGE", "/elsewhere/backrehab")],
    ids=["another release", "another install of the release"],
)
def test_a_catalogue_checked_by_other_code_is_checked_again(
    folder: Path, monkeypatch: pytest.MonkeyPatch, key_part: str, other: str
) -> None:
    """A new release may check differently, and so may two installs of one (a checkout and a wheel):
    the first run of each checks the catalogue itself."""
    load_catalogue(cache_folder=folder)
    monkeypatch.setattr(cache, key_part, other)
    checks = count_checks(monkeypatch)
    load_catalogue(cache_folder=folder)
    load_catalogue(cache_folder=folder)
    assert checks == [1]


def test_the_figures_are_read_from_the_cache_only_when_asked_for(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without figures the cached catalogue is the same but for them; with them it is the whole catalogue."""
    assert CATALOGUE.figures.count(None) < len(CATALOGUE.exercises)
    bare = CATALOGUE.without_figures()
    assert load_catalogue(cache_folder=folder, figures=False) == bare  # checked just now
    checks = count_checks(monkeypatch)
    assert load_catalogue(cache_folder=folder, figures=False) == bare
    assert load_catalogue(cache_folder=folder) == CATALOGUE
    assert load_catalogue(cache_folder=folder, figures=False) == bare
    assert checks == [0]
    assert load_catalogue(cache_folder=None, figures=False) == CATALOGUE  # no cache: checked whole


def test_without_figures_keeps_everything_else() -> None:
    assert CATALOGUE.without_figures().with_figures(CATALOGUE.figures) == CATALOGUE
    assert [dataclasses.replace(e, figure=None) for e in CATALOGUE.exercises] == list(
        CATALOGUE.without_figures().exercises
    )


def test_the_state_reads_the_figures_again_when_a_command_needs_them(isolated_env: Path) -> None:
    """`options()` takes the catalogue without figures; a command that draws then still gets them."""
    from backrehab.cli.context import State

    load_catalogue(cache_folder=isolated_env / ".cache" / "backrehab")  # a warm cache
    state = State()
    state.options()
    assert state.catalogue(figures=False) == CATALOGUE.without_figures()
    assert state.catalogue() == CATALOGUE
    assert state.catalogue(figures=False) is state.catalogue()


def count_checks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the catalogue checks made from now on (in a one-item list)."""
    import backrehab.catalogue.check as catalogue_module

    checks = [0]
    real = catalogue_module.parse_catalogue

    def counting(*args: object, **kwargs: object) -> object:
        checks[0] += 1
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(catalogue_module, "parse_catalogue", counting)
    return checks


def copy_of_module(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the loaded module `name` at a copy of its source in tmp_path, so a test can edit "its code"."""
    module = sys.modules[name]
    assert module.__file__ is not None
    copy = tmp_path / name.replace(".", "-")
    shutil.copy2(module.__file__, copy)
    monkeypatch.setattr(module, "__file__", str(copy))
    return copy


@pytest.mark.parametrize(
    "module",
    [
        "backrehab.catalogue.model",
        "backrehab.catalogue.check",
        "backrehab.catalogue.yamlcheck",
        "backrehab.figures.check",
    ],
)
def test_a_changed_checker_checks_the_catalogue_again(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, module: str
) -> None:
    """An edit of the checker's code, even within a release, is a reason to check again, like a stale .pyc."""
    bundled = bundled_path()  # found beside catalogue.py, whose file the copy stands in for
    source = copy_of_module(module, tmp_path, monkeypatch)
    load_catalogue(bundled, cache_folder=folder)
    checks = count_checks(monkeypatch)
    load_catalogue(bundled, cache_folder=folder)
    assert checks == [0]
    grow(source)
    load_catalogue(bundled, cache_folder=folder)
    load_catalogue(bundled, cache_folder=folder)
    assert checks == [1]


def test_a_value_is_keyed_on_the_code_of_every_class_in_it(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit of the module that defines a class in the value makes the value again."""
    from backrehab.plan import PlanOptions
    from backrehab.settings.defaults import Order

    source = copy_of_module("backrehab.plan", tmp_path, monkeypatch)
    calls = []

    def derive() -> PlanOptions:
        calls.append(1)
        return PlanOptions(only=("pelvic-tilt",))

    for _ in range(2):
        assert cached(folder, "options", (), derive, kinds=(PlanOptions, Order)) == PlanOptions(only=("pelvic-tilt",))
    assert len(calls) == 1
    grow(source)
    cached(folder, "options", (), derive, kinds=(PlanOptions, Order))
    assert len(calls) == 2


def test_an_entry_that_is_not_a_regular_file_is_passed_over(folder: Path, database: Path) -> None:
    """A FIFO where an entry should be cannot hang `list`: it is not read, and the holds are worked out."""
    folder.mkdir()
    os.mkfifo(entry_path(folder, HOLDS))
    work_out = WorkOut({"stomach-tone": 6})
    assert cached_holds(folder, database, CATALOGUE, work_out) == {"stomach-tone": 6}
    assert work_out.calls == 1


# -- entries someone else planted -----------------------------------------------


class Planted:
    """A pickle that, if ever unpickled, writes a file: proof that loading ran code."""

    def __init__(self, proof: Path) -> None:
        self.proof = proof

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"echo ran > {self.proof}",))


@pytest.mark.cold_cache
def test_a_planted_pickle_is_never_run(isolated_env: Path, tmp_path: Path) -> None:
    """A pickle put where the old and the new entries live runs nothing; `list` works as ever."""
    import pickle

    proof = tmp_path / "PWNED"
    folder = isolated_env / ".cache" / "backrehab"
    folder.mkdir(parents=True, mode=0o700)
    for name in ("catalogue.pickle", "catalogue.json", "current-holds.pickle", "current-holds.json"):
        (folder / name).write_bytes(pickle.dumps(Planted(proof)))
    for _ in range(2):
        result = CliRunner().invoke(main, ["list"], catch_exceptions=False)
        assert result.exit_code == 0
        assert "Pelvic tilt" in result.output
    assert not proof.exists()


def test_an_entry_naming_a_class_it_may_not_make_is_not_used(folder: Path, tmp_path: Path) -> None:
    """An entry naming a class not the catalogue's own (here `os.system`) is checked afresh, running nothing."""
    proof = tmp_path / "PWNED"
    load_catalogue(cache_folder=folder)
    path = entry_path(folder, cache.CATALOGUE)
    header, _, _ = path.read_bytes().partition(b"\n")
    planted = b'{"!":"os.system","fields":{"command":"echo ran > %s"}}' % str(proof).encode()
    path.write_bytes(header + b"\n" + planted)
    assert load_catalogue(cache_folder=folder) == CATALOGUE
    assert not proof.exists()
    assert path.read_bytes().partition(b"\n")[2] != planted  # made again


@pytest.mark.parametrize("what", ["entry", "folder"])
def test_an_entry_others_may_write_is_noted_and_not_believed(
    folder: Path, database: Path, capsys: pytest.CaptureFixture[str], what: str
) -> None:
    """A group- or world-writable entry or folder is not read: one line on stderr, and the holds are worked out."""
    work_out = WorkOut({"stomach-tone": 6})
    cached_holds(folder, database, CATALOGUE, work_out)
    target = entry_path(folder, HOLDS) if what == "entry" else folder
    target.chmod(0o666 if what == "entry" else 0o777)
    capsys.readouterr()
    assert cached_holds(folder, database, CATALOGUE, work_out) == {"stomach-tone": 6}
    assert work_out.calls == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"not using the cache {what}" in err
    assert "others may write to it; working it out afresh" in err


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_an_entry_owned_by_another_user_is_not_believed(
    folder: Path, database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As root (think `sudo -E`) an entry of `nobody`'s is not read; a folder of theirs is not written either."""
    work_out = WorkOut({"stomach-tone": 6})
    cached_holds(folder, database, CATALOGUE, work_out)
    os.chown(entry_path(folder, HOLDS), 65534, 65534)
    assert cached_holds(folder, database, CATALOGUE, work_out) == {"stomach-tone": 6}
    assert work_out.calls == 2
    assert "owned by another user (uid 65534)" in capsys.readouterr().err
    assert entry_path(folder, HOLDS).stat().st_uid == 0  # made again, the user's own
    os.chown(folder, 65534, 65534)
    before = entry_path(folder, HOLDS).read_bytes()
    grow(database)
    assert cached_holds(folder, database, CATALOGUE, WorkOut({"stomach-tone": 9})) == {"stomach-tone": 9}
    assert "not using the cache folder" in capsys.readouterr().err
    assert entry_path(folder, HOLDS).read_bytes() == before


def test_a_symlinked_entry_is_passed_over(folder: Path, database: Path, tmp_path: Path) -> None:
    """An entry that is a symlink (perhaps to someone else's file) is not read."""
    work_out = WorkOut({"stomach-tone": 6})
    cached_holds(folder, database, CATALOGUE, work_out)
    elsewhere = tmp_path / "elsewhere"
    entry_path(folder, HOLDS).replace(elsewhere)
    entry_path(folder, HOLDS).symlink_to(elsewhere)
    assert cached_holds(folder, database, CATALOGUE, work_out) == {"stomach-tone": 6}
    assert work_out.calls == 2


def test_an_entry_is_data_only() -> None:
    """What is stored reads back as plain JSON, and rebuilds into equal frozen dataclasses."""
    import json

    stored = cache.to_data(CATALOGUE, set())
    text = json.dumps(stored)
    json.loads(text)  # plain data
    from backrehab.catalogue.model import KINDS
    from backrehab.figures.pose import KINDS as FIGURE_KINDS

    assert cache.from_data(text, KINDS + FIGURE_KINDS) == CATALOGUE


# -- the command line -----------------------------------------------------------


@pytest.mark.cold_cache
def test_list_fills_the_cache_and_no_cache_skips_it(isolated_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`list` keeps the checked catalogue; `--no-cache` and BACKREHAB_NO_CACHE=1 neither read nor write it."""
    folder = isolated_env / ".cache" / "backrehab"
    first = CliRunner().invoke(main, ["--no-cache", "list"], catch_exceptions=False)
    monkeypatch.setenv("BACKREHAB_NO_CACHE", "1")
    second = CliRunner().invoke(main, ["list"], catch_exceptions=False)
    assert not folder.exists()
    monkeypatch.delenv("BACKREHAB_NO_CACHE")
    cold = CliRunner().invoke(main, ["list"], catch_exceptions=False)
    assert [p.name for p in folder.iterdir()] == ["catalogue.json"]
    entry_path(folder, cache.CATALOGUE).write_bytes(b"junk")
    monkeypatch.setenv("BACKREHAB_NO_CACHE", "1")
    CliRunner().invoke(main, ["list"], catch_exceptions=False)
    assert entry_path(folder, cache.CATALOGUE).read_bytes() == b"junk"
    monkeypatch.delenv("BACKREHAB_NO_CACHE")
    warm = CliRunner().invoke(main, ["list"], catch_exceptions=False)
    assert first.output == second.output == cold.output == warm.output
    assert "Pelvic tilt" in warm.output


def test_an_edited_own_catalogue_shows_at_once(isolated_env: Path, tmp_path: Path) -> None:
    """`--catalogue FILE` edited between two runs: the second shows the edit."""
    path = own_catalogue(tmp_path)
    args = ["--catalogue", str(path), "show", "pelvic-tilt"]
    assert "Pelvic tilt" in CliRunner().invoke(main, args, catch_exceptions=False).output
    path.write_text(path.read_text(encoding="utf-8").replace("Pelvic tilt", "Pelvic tilts"), encoding="utf-8")
    assert "Pelvic tilts" in CliRunner().invoke(main, args, catch_exceptions=False).output


def test_the_console_script_starts_with_the_collector_off_and_a_session_turns_it_on(tmp_path: Path) -> None:
    """Short commands run and exit with the cyclic collector off; a session's run has it on, start-up frozen."""
    report = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: sys.stderr.write(f'collector {gc.isenabled()} frozen {gc.get_freeze_count() > 0}'))\n"
        "sys.argv = ['backrehab', *sys.argv[1:]]\n"
        "from backrehab.__main__ import main\n"
        "main()\n"
    )
    env = {**os.environ, "BACKREHAB_HOME": str(tmp_path / "data")}
    quick = subprocess.run([sys.executable, "-c", report, "list"], capture_output=True, text=True, env=env)
    assert quick.stderr == "collector False frozen False"
    session = ["session", "--yes", "--only", "pelvic-tilt", "--lead-in", "0", "--speed", "10000", "--no-history"]
    long = subprocess.run([sys.executable, "-c", report, *session], capture_output=True, text=True, env=env)
    assert long.returncode == 0, long.stderr
    assert long.stderr.endswith("collector True frozen True")
