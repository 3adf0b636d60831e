"""The person's files, read and written without surprises.

A name given on the command line may point at a FIFO (reading it waits forever),
a device such as /dev/zero (reading it never ends) or a symlink into some other
file. So files are read only when they are regular files, up to a size limit,
and written whole into a temporary file beside the target, then renamed over it:
a symlink there is replaced, not followed, and a crash leaves the old file or
the new one, never half of one. Only a regular file (or a symlink to one, or
nothing) is ever replaced: a device, FIFO, socket or folder at the target, or a
symlink to one (`/dev/stdout`), is refused, since writing "over" it would destroy
something the person never meant as an output file. A regular file replaced
keeps its permissions, and its owner where the writer may give it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

#: A catalogue or config file is a few kB; anything this big is not one.
TEXT_LIMIT = 1024 * 1024


class NotReadable(Exception):
    """A file that is not read, and why, in words that follow "cannot read FILE: "."""


#: What reading a text file with `read_regular_text` may raise: each is worded as "cannot read FILE: why".
READ_ERRORS = (OSError, UnicodeDecodeError, NotReadable)


class NotAFile(OSError):
    """A write's target that exists and is not a regular file: never replaced."""


def file_kind(mode: int) -> str:
    """What a file of this `st_mode` is, in words: "a FIFO", "a character device", ..."""
    kinds = (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISLNK, "a symlink"),
    )
    return next((words for test, words in kinds if test(mode)), "not a regular file")


def existing_target(path: Path) -> os.stat_result | None:
    """The regular file at `path` that a write would replace, None when a new file is made there.

    A symlink to a regular file, or to nothing, is replaced by a new file (what it points at is
    left alone). Raises `NotAFile` when anything else is there, or a symlink to it: the write must
    not replace it.
    """
    try:
        info = path.lstat()
    except FileNotFoundError:
        return None
    if stat.S_ISREG(info.st_mode):
        return info
    if stat.S_ISLNK(info.st_mode):
        try:
            target = path.stat()
        except FileNotFoundError:
            return None
        except OSError as error:
            if error.errno == errno.ELOOP:
                raise NotAFile(errno.ELOOP, "a symlink loop, not a regular file") from None
            raise
        if stat.S_ISREG(target.st_mode):
            return None
        raise NotAFile(errno.EEXIST, f"a symlink to {file_kind(target.st_mode)}, not to a regular file")
    raise NotAFile(errno.EEXIST, f"{file_kind(info.st_mode)}, not a regular file")


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

    An existing symlink at `path` is replaced by the new file, never written through; anything at
    `path` but a regular file (or a symlink to one) raises `NotAFile` and is left alone. A regular
    file replaced keeps its permissions and, where allowed, its owner; a new one gets `mode`,
    narrowed by the umask, as by open(). On any failure the temporary file is removed and `path` is
    as it was.
    """
    # Not at the top: tempfile (random, shutil): for a write, not every read.
    import tempfile

    before = existing_target(path)
    folder = path.parent
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    temporary = Path(name)
    try:
        if hasattr(os, "fchmod"):  # not on Windows, where mkstemp's file is the person's alone anyway
            if before is None:
                os.fchmod(fd, mode & ~_umask())
            else:
                _keep_owner(fd, before)
                os.fchmod(fd, stat.S_IMODE(before.st_mode))
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
        existing_target(path)  # checked again: something else may have been put there meanwhile
        temporary.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def _keep_owner(fd: int, before: os.stat_result) -> None:
    """Give the new file the old one's owner and group where this process may (root may; others only their groups)."""
    if not hasattr(os, "fchown"):
        return
    for uid, gid in ((before.st_uid, before.st_gid), (-1, before.st_gid)):
        try:
            os.fchown(fd, uid, gid)
            return
        except OSError:
            continue


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def size_text(size: int) -> str:
    """1 MiB for 1048576 bytes."""
    return f"{size / (1024 * 1024):g} MiB" if size >= 1024 * 1024 else f"{size / 1024:g} KiB"
