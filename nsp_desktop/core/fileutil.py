"""Atomic file writes: a temp file in the same folder, fsync, then replace — never a partial file;
and bounded reads of files that must be regular files.

The one place the app writes a whole file (exports, settings, caches), so the rules that keep a
write from harming anything else live here: only a regular file (or a missing name) is ever
replaced; a symlink is followed to the regular file it names, never replaced itself; a device,
FIFO, socket or folder is refused; a file marked read-only stays as it is; the temporary name is
short, so a target name at the file system's limit still works.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

PRIVATE = 0o600  # the app's own files: only the person can read them
_TEMP_PREFIX, _TEMP_SUFFIX = ".nsp-", ".tmp"  # ~17 characters in all, whatever the target's name


class UnsafeTarget(OSError):
    """A target that must not be replaced by a file of ours; the message says why in plain words."""


def safe_target(path: Path) -> Path:
    """The file a write to `path` should replace: `path`, or the regular file its symlink names.

    UnsafeTarget for anything else (a device, FIFO, socket, folder, dangling or looping link,
    or a file marked read-only).
    """
    path = Path(path)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return path
    if stat.S_ISLNK(info.st_mode):
        real = Path(os.path.realpath(path))
        try:
            info = os.stat(real)
        except OSError:
            raise UnsafeTarget(
                errno.EINVAL, f"{path} is a link to {real}, which does not exist"
            ) from None
        path = real
    kind = _kind(info.st_mode)
    if kind:
        raise UnsafeTarget(errno.EINVAL, f"{path} is {kind}, not a regular file")
    if not info.st_mode & 0o222 or not os.access(path, os.W_OK):
        raise UnsafeTarget(errno.EACCES, f"{path} is read-only")
    return path


def _kind(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write(path: Path, data: bytes | str, mode: int | None = PRIVATE) -> Path:
    """Write `data` so readers see the old file or the new one, never a mix; returns the file.

    `mode` is the file's permissions (the app's own files: 0600, always); None is for files meant
    to be shared (exports): a new one follows the person's umask, a replaced one keeps its own.
    """
    target = safe_target(Path(path))
    raw = data.encode("utf-8") if isinstance(data, str) else data
    final = mode
    if final is None:
        try:
            final = stat.S_IMODE(os.stat(target).st_mode)
        except FileNotFoundError:
            final = 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=_TEMP_PREFIX, suffix=_TEMP_SUFFIX, dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            if hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), final)
            else:  # Windows (before Python 3.13): by name; only the read-only bit means anything
                os.chmod(tmp, final)
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _sync_folder(target.parent)
    return target


class NotAFile(Exception):
    """A device, pipe, socket or folder where a regular file was expected."""


class TooLarge(Exception):
    """A file larger than its reader takes."""


def read_regular(path: str | Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes. NotAFile for anything else, found on
    the open file before a byte is read (the open never waits on a pipe; /dev/zero is never read);
    TooLarge past `limit` (never reading more than one byte past it); OSError if unreadable."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise NotAFile(path)
        if info.st_size > limit:
            raise TooLarge(path)
        raw = handle.read(limit + 1)  # a file may grow, or not know its size (/proc)
    if len(raw) > limit:
        raise TooLarge(path)
    return raw


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (where the platform allows opening a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
