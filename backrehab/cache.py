"""Derived data kept between runs, in the user cache folder: the checked catalogue and the current holds.

Both cost every start more than the rest of `list` does: the catalogue means importing PyYAML and
checking every value (15–20 ms), the holds mean sqlite3, the history modules and every session that
builds up (about 10 ms). Each is kept in one file, an *entry*, holding two pickles: its key, then
the value. Like a `.pyc`, an entry is believed only while its key is what it would be now:

- what it was derived from: the catalogue's exact text and path; for the holds, the history
  database's and write-ahead log's inode, size and modification time (taken *before* the history is
  read, so a write that lands meanwhile leaves the key old, not the holds) and each exercise's holds;
- the release, the folder its code is in (two installs of one release may differ) and the Python
  (its cache tag);
- the code: the source file of every module of ours loaded when the value was derived (the checker
  and whatever it calls) and of every class in the value (gathered while pickling), by size and
  modification time, as Python checks a `.pyc`. Nothing is listed by hand, so a module or a field
  added to the catalogue later is covered too; an edit to any of them makes the value again.

The catalogue's figures are pickled apart, inside its entry, and unpickled only for a command that
draws or prints them: `list` and `show` into a pipe then build none of the pose classes (about 3 ms).
Their code is in the key all the same: a class's module is loaded while an instance of it exists.

Every write to the history deletes the holds entry once committed (`History.transaction`), and the
key covers what backrehab does not write itself: a history copied in, an older release.

An entry is written whole or not at all (a temporary file renamed over the old one), readable by
its owner alone, and never the only copy of anything: one that is not a regular file, or cannot be
read, written or unpickled, is passed over in silence, at the cost of one slower start. Being a pickle, an entry is
as trusted as the `.pyc` files Python keeps for the user: the folder is the user's own (made 0700).
`backrehab --no-cache` (or `BACKREHAB_NO_CACHE=1`) neither reads nor writes entries.
"""

from __future__ import annotations

import io
import os
import pickle
import sys
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from backrehab import __version__

if TYPE_CHECKING:  # pragma: no cover
    from backrehab.catalogue.model import Catalogue

T = TypeVar("T")

#: Bumped when an entry's layout or the meaning of its key changes.
FORMAT = "backrehab derived data 3"
#: The folder of the code that derives and reads entries: part of every key.
PACKAGE = str(Path(__file__).resolve().parent)
CATALOGUE = "catalogue"
#: Catalogues of the user's own (`--catalogue`): one entry, for the last one used.
OWN_CATALOGUE = "own-catalogue"
HOLDS = "current-holds"
SUFFIX = ".pickle"

#: Far more than any entry needs (the bundled catalogue's is 16 KiB): a larger file is not one of ours.
ENTRY_LIMIT = 16 * 1024 * 1024

#: A code file's identity, as Python's own `.pyc` check takes it: path, size, modification time.
Stamp = tuple[str, int, int]


class _Missing:
    """No usable entry (a value of its own: None could be a derived value)."""


MISSING = _Missing()


def entry_path(folder: Path, name: str) -> Path:
    return folder / f"{name}{SUFFIX}"


def stamp(path: str) -> Stamp:
    info = Path(path).stat()
    return (path, info.st_size, info.st_mtime_ns)


class _Pickler(pickle.Pickler):
    """A pickler that notes the module of every object it meets, to key the entry on their code."""

    def __init__(self, file: Any) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.modules: set[str] = set()

    def reducer_override(self, obj: Any) -> Any:
        self.modules.add(obj.__module__ if isinstance(obj, type) else type(obj).__module__)
        return NotImplemented


def ours(name: str) -> bool:
    return name == "backrehab" or name.startswith("backrehab.")


def code_stamps(modules: set[str]) -> tuple[Stamp, ...] | None:
    """Stamps of the source of our modules loaded now and of those among `modules`; None if one cannot be read."""
    names = {name for name in sys.modules if ours(name)} | {name for name in modules if ours(name)}
    files = sorted({file for name in names if (file := getattr(sys.modules.get(name), "__file__", None))})
    try:
        return tuple(stamp(file) for file in files)
    except OSError:
        return None


def read_entry(path: Path, key: tuple[Any, ...]) -> Any:
    """The value stored under `key`, or MISSING for a missing, stale or unreadable entry."""
    from backrehab.plainfiles import read_regular

    try:
        file = io.BytesIO(read_regular(path, limit=ENTRY_LIMIT))  # a FIFO here must not hang `list`
        stored_key, stamps = pickle.load(file)
        if stored_key != key or any(stamp(s[0]) != s for s in stamps):
            return MISSING
        return pickle.load(file)
    except Exception:  # anything a missing, damaged or foreign file can raise while read or unpickled
        return MISSING


def write_entry(path: Path, key: tuple[Any, ...], value: Any) -> None:
    """Replace the entry in one step (a reader sees the old file or the new), private to its owner.

    Not `plainfiles.write_atomic`: a file that can always be made again needs neither its fsync nor
    the import of tempfile on the way to the first `list` after an edit.
    """
    body = io.BytesIO()
    pickler = _Pickler(body)
    pickler.dump(value)
    stamps = code_stamps(pickler.modules)
    if stamps is None:
        return
    data = pickle.dumps((key, stamps), protocol=pickle.HIGHEST_PROTOCOL) + body.getvalue()
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        partial.replace(path)
    except OSError:
        with suppress(OSError):
            partial.unlink()


def cached(
    folder: Path | None,
    name: str,
    inputs: tuple[Any, ...],
    derive: Callable[[], T],
    *,
    trust: bool = True,
) -> T:
    """The entry `name` when it was derived from `inputs` by the code there is now, else `derive()`, stored.

    With `folder` None (no cache) it is always `derive()`; with `trust` False the entry is only
    written, never believed. Errors of `derive` pass through and leave the entry as it was.
    """
    if folder is None:
        return derive()
    key = (FORMAT, __version__, PACKAGE, sys.implementation.cache_tag, inputs)
    path = entry_path(folder, name)
    if trust:
        found = read_entry(path, key)
        if found is not MISSING:
            return found  # type: ignore[no-any-return]
    value = derive()
    write_entry(path, key, value)
    return value


def cached_catalogue(
    folder: Path | None,
    text: str,
    path: Path,
    check: Callable[[], Catalogue],
    *,
    own: bool,
    figures: bool = True,
) -> Catalogue:
    """The catalogue checked from `text` (read from `path`), kept until the text, path or checker change.

    The entry holds the catalogue without its figures, then the figures pickled on their own; with
    `figures` False they are not unpickled, and every exercise's figure is None.
    """
    checked: list[Catalogue] = []

    def check_and_part() -> tuple[Catalogue, bytes]:
        catalogue = check()
        checked.append(catalogue)
        return catalogue.without_figures(), pickle.dumps(catalogue.figures, protocol=pickle.HIGHEST_PROTOCOL)

    bare, pickled_figures = cached(folder, OWN_CATALOGUE if own else CATALOGUE, (str(path), text), check_and_part)
    if checked:  # checked just now: the figures are at hand
        return checked[0] if figures else bare
    return bare.with_figures(pickle.loads(pickled_figures)) if figures else bare


def history_key(database: Path) -> str | None:
    """What identifies the history's content, cheaply; None when that cannot be told.

    A file not there is "-", and so is an empty write-ahead log: a reader leaves one behind (it cannot
    delete it), and it holds nothing the database file does not.
    """
    parts = []
    for path in (database, database.with_name(f"{database.name}-wal")):
        try:
            info = path.stat()
        except FileNotFoundError:
            parts.append("-")
            continue
        except OSError:
            return None
        is_empty_log = path is not database and info.st_size == 0
        parts.append("-" if is_empty_log else f"{info.st_ino}:{info.st_size}:{info.st_mtime_ns}")
    return " ".join(parts)


def catalogue_holds(catalogue: Catalogue) -> str:
    """Each exercise's id and holds: what the current holds are worked out against."""
    return " ".join(f"{e.id}:{e.hold_seconds}:{e.build_up_to_seconds or 0}" for e in catalogue.exercises)


def cached_holds(
    folder: Path | None,
    database: Path,
    catalogue: Catalogue,
    work_out: Callable[[], dict[str, int]],
    *,
    trust: bool = True,
) -> dict[str, int]:
    """The current holds from the cache while the history and catalogue are unchanged, else `work_out()`.

    No history file means no progress and nothing to cache. A session, which times the holds, passes
    `trust` False: the holds are worked out from the history itself, and the entry refreshed.
    """
    history = history_key(database)
    if history is None:
        return work_out()
    if history.startswith("- "):  # no database file
        return {}
    inputs = (str(database), history, catalogue_holds(catalogue))
    return cached(folder, HOLDS, inputs, work_out, trust=trust)


def forget_holds(folder: Path | None = None) -> None:
    """Delete the holds entry: called after every write to the history."""
    if folder is None:
        from backrehab.userdirs import user_cache_path

        folder = user_cache_path()
    with suppress(OSError):
        entry_path(folder, HOLDS).unlink()
