"""The person's files, read and written without surprises.

A name given on the command line may point at a FIFO (reading it waits forever),
a device such as /dev/zero (reading it never ends) or a symlink into some other
file. So files are read only when they are regular files, up to a size limit,
and written whole into a temporary file beside the target, then renamed over it:
a symlink there is replaced, not followed, and a crash leaves the old file or
the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

#: A catalogue or config file is a few kB; anything this big is not one.
TEXT_LIMIT = 1024 * 1024


class NotReadable(Exception):
    """A file that is not read, and why, in words that follow "cannot read FILE: "."""


#: What reading a text file with `read_regular_text` may raise: each is worded as "cannot read FILE: why".
READ_ERRORS = (OSError, UnicodeDecodeError, NotReadable)


def read_regular(path: Path, *, limit: int = TEXT_LIMIT) -> bytes:
    """The bytes of `path`, a regular file of at most `limit` bytes; `NotReadable` or `OSError` otherwise."""
    # O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer (the check below refuses it).
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotReadable("not a regular file")
        with os.fdopen(fd, "rb", closefd=False) as file:
            data = file.read(limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise NotReadable(f"larger than {size_text(limit)}, far more than such a file needs")
    return data


def read_regular_text(path: Path, *, limit: int = TEXT_LIMIT) -> str:
    """`read_regular` decoded as UTF-8, line endings made "\\n" as text mode would."""
    text = read_regular(path, limit=limit).decode("utf-8")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def is_regular(path: Path) -> bool:
    """True when `path` opens as a regular file, without waiting on a FIFO."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        return stat.S_ISREG(os.fstat(fd).st_mode)
    finally:
        os.close(fd)


def write_atomic(path: Path, text: str | bytes, *, mode: int = 0o666, newline: str | None = None) -> None:
    """Write `text` (or bytes, such as a PDF) to `path` through a temporary file in the same folder, renamed
    over it when complete.

    An existing symlink at `path` is replaced by the new file, never written through; on any failure
    the temporary file is removed and `path` is as it was. `mode` is narrowed by the umask, as by open().
    """
    import tempfile

    folder = path.parent
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    temporary = Path(name)
    try:
        if hasattr(os, "fchmod"):  # not on Windows, where mkstemp's file is the person's alone anyway
            os.fchmod(fd, mode & ~_umask())
        if isinstance(text, bytes):
            with os.fdopen(fd, "wb") as raw:
                raw.write(text)
                raw.flush()
                os.fsync(raw.fileno())
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as out:
                out.write(text)
                out.flush()
                os.fsync(out.fileno())
        temporary.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def size_text(size: int) -> str:
    """1 MiB for 1048576 bytes."""
    return f"{size / (1024 * 1024):g} MiB" if size >= 1024 * 1024 else f"{size / 1024:g} KiB"
