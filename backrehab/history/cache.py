"""The current holds, kept in a small file beside the history so `list` and `show` need not open it.

Working the holds out takes sqlite3, the history and progression modules and every session of the
exercises that build up: about 10 ms of a start-up whose goal is 15 ms above its imports
(benchmarks/README.md). The file is made again whenever it may be out of date, which two things tell:

- every write to the history deletes it once the write is committed (`History.transaction`);
- like a `.pyc` beside its source, it is keyed on what it was made from: the database file's and its
  write-ahead log's inode, size and modification time (taken *before* the history is read, so a write
  that lands meanwhile leaves the key old, not the holds), every exercise's id and holds, and this
  release. That covers what backrehab does not write itself: a history copied in, an older release.

It is never the only copy of anything: deleting it costs one slower start, and a file that cannot be
read or written is passed over in silence.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from contextlib import suppress
from typing import TYPE_CHECKING

from .. import __version__

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

    from ..catalogue import Catalogue

CACHE_NAME = "current-holds.cache"
#: Bumped when the file's layout or the meaning of its key changes.
FORMAT = "backrehab current holds 1"


def cache_path(database: Path) -> Path:
    return database.with_name(CACHE_NAME)


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


def catalogue_key(catalogue: Catalogue) -> str:
    return " ".join(f"{e.id}:{e.hold_seconds}:{e.build_up_to_seconds or 0}" for e in catalogue.exercises)


def header(history: str, catalogue: Catalogue) -> list[str]:
    return [FORMAT, f"release {__version__}", f"history {history}", f"catalogue {catalogue_key(catalogue)}"]


def read_cache(path: Path, expected: list[str]) -> dict[str, int] | None:
    """The holds in the file when its key is `expected`; None for a missing, old or unreadable file.

    The last line is "holds id=seconds ...": ids are lowercase words joined by '-', never '=' or a space.
    """
    from ..plainfiles import NotReadable, read_regular_text

    try:
        lines = read_regular_text(path, limit=64 * 1024).splitlines()  # a FIFO here must not hang `list`
    except (OSError, UnicodeDecodeError, NotReadable):
        return None
    if len(lines) != len(expected) + 1 or lines[:-1] != expected or not lines[-1].startswith("holds"):
        return None
    holds = {}
    for pair in lines[-1].split()[1:]:
        exercise_id, _, seconds = pair.partition("=")
        if not seconds.isdigit():
            return None
        holds[exercise_id] = int(seconds)
    return holds


def forget(database: Path) -> None:
    """Delete the cache beside `database`: called after every write to the history."""
    with suppress(OSError):
        cache_path(database).unlink()


def write_cache(path: Path, expected: list[str], holds: Mapping[str, int]) -> None:
    """Replace the file in one step (a reader sees the old file or the new), private to its owner."""
    text = "\n".join([*expected, " ".join(["holds", *(f"{i}={s}" for i, s in holds.items())])]) + "\n"
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
        partial.replace(path)
    except OSError:
        with suppress(OSError):
            partial.unlink()


def cached_holds(
    database: Path, catalogue: Catalogue, work_out: Callable[[], dict[str, int]], *, trust_cache: bool = True
) -> dict[str, int]:
    """The current holds from the cache beside `database` when its key still holds, else `work_out()`.

    No history file means no progress and nothing to cache. A fresh result is written back whenever the
    history's key could be read; with `trust_cache` False the file is only written, never believed.
    Errors of `work_out` pass through and leave the file as it was.
    """
    key = history_key(database)
    if key is None:
        return work_out()
    if key.startswith("- "):  # no database file
        return {}
    expected = header(key, catalogue)
    path = cache_path(database)
    if trust_cache:
        holds = read_cache(path, expected)
        if holds is not None:
            return holds
    holds = work_out()
    write_cache(path, expected, holds)
    return holds
