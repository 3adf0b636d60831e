"""Derived data kept between runs, in the user cache folder: the checked catalogue, the current holds,
where walks through a long history start, and the history's stamp when it was last known good (see the
end of this docstring for the last two).

The first two cost every start more than the rest of `list` does: the catalogue means importing PyYAML and
checking every value (15–20 ms), the holds mean sqlite3, the history modules and every session that
builds up (about 10 ms). Worth keeping, measured on a busy 2-core machine: a warm `backrehab list`
(the bundled catalogue, output to /dev/null, best of 40 runs in a loop, twice over) takes 94–98 ms
with this cache, 118 ms with `--no-cache`, and took 94–110 ms when entries were pickles: reading
JSON back costs no more than unpickling did, and the cache still spares about a fifth of the start.

Each is kept in one file, an *entry*: one line of JSON holding its key and the stamps of the code,
then the value as JSON. Like a `.pyc`, an entry is believed only while its key is what it would be now:

- what it was derived from: the catalogue's exact text and path; for the holds, the history
  database's and write-ahead log's inode, size and modification time (taken *before* the history is
  read, so a write that lands meanwhile leaves the key old, not the holds) and each exercise's holds;
- the release, the folder its code is in (two installs of one release may differ) and the Python
  (its cache tag);
- the code: the source file of every module of ours loaded when the value was derived (the checker
  and whatever it calls) and of every class in the value (gathered while storing it), by size and
  modification time, as Python checks a `.pyc`. Nothing is listed by hand, so a module or a field
  added to the catalogue later is covered too; an edit to any of them makes the value again.

An entry is data only, never code: JSON of plain values (strings, numbers, booleans, None), with
tuples, lists, dicts, paths, enum members and frozen dataclasses written as tagged objects. It is
rebuilt only into the classes its reader names (`kinds`: the catalogue's own), by calling each class
with the fields stored, so a planted entry can at worst give a wrong catalogue, never run anything
(an unknown tag or field makes the entry unusable, and it is made again). Nothing is unpickled: a
pickle's loading runs whatever its writer chose, and the cache folder may be readable by a
process with more rights than its writer (think `sudo -E`). For the same reason an entry, or the
folder it is in, that is not owned by the user running backrehab or that others may write is not
read at all: a one-line note on stderr says so, the value is worked out afresh, and nothing is
written into a folder that is not the user's own.

The catalogue's figures are stored apart, inside its entry, and rebuilt only for a command that
draws or prints them: `list` and `show` into a pipe then build none of the pose classes (about 3 ms).
Their code is in the key all the same: a class's module is loaded while an instance of it exists.

Every write to the history deletes the holds entry once committed (`History.transaction`), and the
key covers what backrehab does not write itself: a history copied in, an older release.

Some entries outlive writes to the history, since what they hold is of sessions a write no longer
changes: progression's checkpoints (`history/progression.py`; the latest of them also in an entry of its
own, all that a walk to today reads) and the days that count for streaks (`history/stats.py`). Each is
read with `stored`, checked against the history by its reader before it is believed, brought up to date
and written back with `store`.

An entry is written whole or not at all (a temporary file renamed over the old one), readable by
its owner alone, and never the only copy of anything: one that is not a regular file, or cannot be
read, written or rebuilt, is passed over in silence, at the cost of one slower start.
`backrehab --no-cache` (or `BACKREHAB_NO_CACHE=1`) neither reads nor writes entries.

One entry holds no derived value but a fact: the history file's stamp (`history_key`) when it was last
known good, after `History.create`'s whole-file checks passed or after backrehab's own writes to it
(`history/store.py` says when it is recorded, and what it cannot see). While the file's stamp is still
that one, recording skips those checks, which read every page and every session: on ten years of daily
use, most of a session's start. The entry goes through `stored` and `store` like the others, so one
that another user owns or may write is never believed, and a release or code change makes it stale;
a stamp planted in the user's own entry can at worst spare those checks a file its planter could
have written anyway.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import os
import stat
import sys
from collections.abc import Callable, Iterable
from contextlib import suppress
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, TypeVar

from backrehab import __version__
from backrehab.printable import shown
from backrehab.userdirs import user_cache_path

if TYPE_CHECKING:  # pragma: no cover
    from backrehab.catalogue.model import Catalogue

T = TypeVar("T")

#: Bumped when an entry's layout or the meaning of its key changes.
FORMAT = "backrehab derived data 4"
#: The folder of the code that derives and reads entries: part of every key.
PACKAGE = str(Path(__file__).resolve().parent)
CATALOGUE = "catalogue"
#: Catalogues of the user's own (`--catalogue`): one entry, for the last one used.
OWN_CATALOGUE = "own-catalogue"
HOLDS = "current-holds"
#: Progression's checkpoints (`history/progression.py`): kept across writes to the history, checked against it.
CHECKPOINTS = "progress-checkpoints"
#: The latest of them alone, which is all a walk to today needs: a start reads it, not the year of weekly ones.
LATEST_CHECKPOINT = "progress-latest-checkpoint"
#: The days of the settled sessions that count, for streaks (`history/stats.py`): checked like the checkpoints.
STREAKS = "streak-days"
#: The history file's stamp when it was last known good (`history_checked`).
CHECKED = "history-checked"
SUFFIX = ".json"

#: Far more than any entry needs (the bundled catalogue's is 40 KiB): a larger file is not one of ours.
ENTRY_LIMIT = 16 * 1024 * 1024

#: The key under which a stored object names what it stands for: a built-in kind or a class.
TAG = "!"

#: A code file's identity, as Python's own `.pyc` check takes it: path, size, modification time.
Stamp = tuple[str, int, int]

#: Where a note about a cache not used goes: one line, already made printable.
Note = Callable[[str], None]


class _Missing:
    """No usable entry (a value of its own: None could be a derived value)."""


MISSING = _Missing()


class Unstorable(Exception):
    """A value holding something that is not plain data: it is not cached."""


class NotOurs(Exception):
    """An entry or folder another user may have written, in words that follow "not using PATH: "."""


def entry_path(folder: Path, name: str) -> Path:
    return folder / f"{name}{SUFFIX}"


def stamp(path: str) -> Stamp:
    info = Path(path).stat()
    return (path, info.st_size, info.st_mtime_ns)


def class_name(kind: type) -> str:
    return f"{kind.__module__}.{kind.__qualname__}"


def to_data(value: Any, modules: set[str]) -> Any:
    """`value` as JSON-ready plain values; the module of every class met is added to `modules`."""
    kind = type(value)
    if value is None or kind in (bool, int, float, str):
        return value
    if isinstance(value, enum.Enum):
        modules.add(kind.__module__)
        return {TAG: class_name(kind), "value": to_data(value.value, modules)}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        modules.add(kind.__module__)
        stored = {f.name: to_data(getattr(value, f.name), modules) for f in dataclasses.fields(value) if f.init}
        return {TAG: class_name(kind), "fields": stored}
    if kind in (tuple, list):
        return {TAG: kind.__name__, "items": [to_data(item, modules) for item in value]}
    if kind is dict:
        return {TAG: "dict", "items": [[to_data(k, modules), to_data(v, modules)] for k, v in value.items()]}
    if isinstance(value, PurePath):
        return {TAG: "path", "value": str(value)}
    raise Unstorable(kind.__name__)


def from_data(text: str | bytes, kinds: Iterable[type]) -> Any:
    """The value `to_data` stored as `text`, rebuilt into plain values and the classes in `kinds` alone.

    Loading JSON runs no code; the only classes made are those named in `kinds`, each called with
    its stored fields as a person's own code would. Anything else (an unknown tag or class, a field
    the class does not have) raises, and the entry is not used.
    """
    known = {class_name(kind): kind for kind in kinds}

    def rebuild(stored: dict[str, Any]) -> Any:
        tag = stored.get(TAG)
        if tag is None:  # a dataclass's fields, rebuilt with it
            return stored
        if tag == "tuple":
            return tuple(stored["items"])
        if tag == "list":
            return list(stored["items"])
        if tag == "dict":
            return dict(stored["items"])
        if tag == "path":
            return Path(stored["value"])
        kind = known[tag]
        if issubclass(kind, enum.Enum):
            return kind(stored["value"])
        return kind(**stored["fields"])

    return json.loads(text, object_hook=rebuild, parse_constant=_no_constant)


def _no_constant(name: str) -> Any:
    raise ValueError(name)  # NaN and Infinity are never written (`allow_nan=False`)


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


def check_ours(info: os.stat_result) -> None:
    """Raise `NotOurs` unless the file or folder `info` describes is the user's and only the user may write it."""
    if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        raise NotOurs(f"owned by another user (uid {info.st_uid})")
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise NotOurs("others may write to it")


def note_on_stderr(message: str) -> None:
    sys.stderr.write(f"backrehab: {message}\n")


def _plain_key(key: tuple[Any, ...]) -> Any:
    """The key as it reads back from JSON."""
    return json.loads(json.dumps(key))


def read_entry(path: Path, key: tuple[Any, ...], kinds: Iterable[type] = ()) -> Any:
    """The value stored under `key`, or MISSING for a missing, stale or unreadable entry.

    Raises `NotOurs` for an entry that another user owns or may write: the caller notes it.
    """
    fd = None
    try:
        # O_NONBLOCK: a FIFO here must not hang `list`; O_NOFOLLOW: a symlink is not one of ours.
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(path, flags)
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return MISSING
        check_ours(info)
        with os.fdopen(fd, "rb", closefd=False) as file:
            data = file.read(ENTRY_LIMIT + 1)
    except OSError:
        return MISSING
    finally:
        if fd is not None:
            os.close(fd)
    try:
        header, _, body = data.partition(b"\n")
        stored = json.loads(header)
        if stored["key"] != _plain_key(key) or any(stamp(s[0]) != tuple(s) for s in stored["stamps"]):
            return MISSING
        return from_data(body, kinds)
    except Exception:  # anything a damaged or foreign file can raise while read or rebuilt
        return MISSING


def write_entry(path: Path, key: tuple[Any, ...], value: Any) -> None:
    """Replace the entry in one step (a reader sees the old file or the new), private to its owner.

    Not `plainfiles.write_atomic`: a file that can always be made again needs neither its fsync nor
    the import of tempfile on the way to the first `list` after an edit.
    """
    modules: set[str] = set()
    try:
        body = json.dumps(to_data(value, modules), allow_nan=False, separators=(",", ":"))
    except (Unstorable, ValueError):
        return
    stamps = code_stamps(modules)
    if stamps is None:
        return
    header = json.dumps({"key": key, "stamps": stamps}, separators=(",", ":"))
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(f"{header}\n{body}")
        partial.replace(path)
    except OSError:
        with suppress(OSError):
            partial.unlink()


def folder_is_ours(folder: Path, note: Note) -> bool:
    """False, with a note, for a cache folder another user owns or may write; True otherwise (missing too)."""
    try:
        check_ours(folder.stat())
    except OSError:
        return True  # not there (made when written) or not a folder: writing it fails quietly
    except NotOurs as why:
        note(f"not using the cache folder {shown(str(folder))}: {why}; working it out afresh")
        return False
    return True


def cached(
    folder: Path | None,
    name: str,
    inputs: tuple[Any, ...],
    derive: Callable[[], T],
    *,
    kinds: Iterable[type] = (),
    trust: bool = True,
    note: Note = note_on_stderr,
) -> T:
    """The entry `name` when it was derived from `inputs` by the code there is now, else `derive()`, stored.

    The entry is rebuilt with no class but those in `kinds`. With `folder` None (no cache) it is always
    `derive()`; with `trust` False the entry is only written, never believed. A folder or entry another
    user owns or may write is `note`d and left alone. Errors of `derive` pass through and leave the
    entry as it was.
    """
    if folder is None or not folder_is_ours(folder, note):
        return derive()
    key = _key(inputs)
    path = entry_path(folder, name)
    if trust:
        try:
            found = read_entry(path, key, kinds)
        except NotOurs as why:
            note(f"not using the cache entry {shown(str(path))}: {why}; working it out afresh")
            found = MISSING
        if found is not MISSING:
            return found  # type: ignore[no-any-return]
    value = derive()
    write_entry(path, key, value)
    return value


def stored(
    folder: Path | None, name: str, inputs: tuple[Any, ...], *, kinds: Iterable[type] = (), note: Note = note_on_stderr
) -> Any:
    """The entry `name` if derived from `inputs` by the code there is now, rebuilt from `kinds`; else MISSING.

    For a value that is brought up to date rather than made again (`store` writes it back).
    """
    if folder is None or not folder_is_ours(folder, note):
        return MISSING
    path = entry_path(folder, name)
    try:
        return read_entry(path, _key(inputs), kinds)
    except NotOurs as why:
        note(f"not using the cache entry {shown(str(path))}: {why}; working it out afresh")
        return MISSING


def store(folder: Path | None, name: str, inputs: tuple[Any, ...], value: Any) -> None:
    """Keep `value` as the entry `name`, derived from `inputs`; nothing into a folder that is not the user's own."""
    if folder is not None and folder_is_ours(folder, lambda _: None):
        write_entry(entry_path(folder, name), _key(inputs), value)


def _key(inputs: tuple[Any, ...]) -> tuple[Any, ...]:
    return (FORMAT, __version__, PACKAGE, sys.implementation.cache_tag, inputs)


def cached_catalogue(
    folder: Path | None,
    text: str,
    path: Path,
    check: Callable[[], Catalogue],
    *,
    own: bool,
    kinds: Iterable[type],
    figure_kinds: Callable[[], Iterable[type]],
    figures: bool = True,
) -> Catalogue:
    """The catalogue checked from `text` (read from `path`), kept until the text, path or checker change.

    The entry holds the catalogue without its figures (made of `kinds`), then the figures as JSON text
    of their own (made of `figure_kinds()`); with `figures` False they are not rebuilt, and every
    exercise's figure is None.
    """
    checked: list[Catalogue] = []

    def check_and_part() -> tuple[Catalogue, str]:
        catalogue = check()
        checked.append(catalogue)
        try:
            stored_figures = json.dumps(to_data(catalogue.figures, set()), allow_nan=False, separators=(",", ":"))
        except (Unstorable, ValueError):
            stored_figures = ""  # rebuilds as nothing: a start that needs the figures checks the catalogue
        return catalogue.without_figures(), stored_figures

    entry = OWN_CATALOGUE if own else CATALOGUE
    bare, stored_figures = cached(folder, entry, (str(path), text), check_and_part, kinds=kinds)
    if checked:  # checked just now: the figures are at hand
        return checked[0] if figures else bare
    if not figures:
        return bare
    try:
        return bare.with_figures(from_data(stored_figures, figure_kinds()))
    except Exception:  # an entry whose figures do not rebuild is as good as none
        return check()


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
        folder = user_cache_path()
    with suppress(OSError):
        entry_path(folder, HOLDS).unlink()


def history_checked(folder: Path, database: Path, note: Note = note_on_stderr) -> bool:
    """Whether the history file is, by its stamp, exactly as it was when `record_checked` last recorded it."""
    now = history_key(database)
    return now is not None and stored(folder, CHECKED, (str(database.absolute()),), note=note) == now


def record_checked(folder: Path, database: Path) -> None:
    """Record the history file's stamp as that of a file known good: checked whole, or written by us since.

    Taken once our connection is closed: the last connection to close writes the write-ahead log back
    into the file and deletes the log, which changes the file's stamp; the next start sees that one.
    """
    now = history_key(database)
    if now is not None:
        store(folder, CHECKED, (str(database.absolute()),), now)
