"""Opening the store's folder: recovery from damage (once, under a lock), read-only and full
disks, the generation marker, and the files' permissions."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path

from nsp_desktop.core.store import schema
from nsp_desktop.core.store.schema import DB_NAME, GENERATION_NAME, StoreError, StoreUnreadable


def connect(folder: Path) -> tuple[sqlite3.Connection, Path | None, str | None]:
    """(connection, where a damaged file was moved, why the data is read-only or None)."""
    path = folder / DB_NAME
    try:
        if not folder.is_dir():
            folder.mkdir(parents=True, mode=0o700)  # only the person can list the data
    except OSError as error:
        if not (folder.is_dir() and cannot_write(error)):
            raise StoreUnreadable(f"{folder} cannot be used for saved data: {error}") from None
    recovered = None
    read_only = None
    existed = {suffix: Path(f"{path}{suffix}").exists() for suffix in ("-wal", "-shm")}
    try:
        connection = _connect_recovering(folder, path)
        if isinstance(connection, Path):
            recovered, connection = connection, schema.connect_checked(path)
    except StoreError:
        raise
    except (sqlite3.Error, OSError) as error:
        if cannot_write(error):
            read_only = "it is read-only here (a read-only folder, file or disk)"
        elif _disk_trouble(error):
            read_only = f"the disk is full or reports errors ({error})"
        else:
            raise StoreUnreadable(f"{path} cannot be opened: {error}") from None
        connection = connect_read_only(path)
        _drop_stubs(path, existed)
    _private(path)
    return connection, recovered, read_only


def _connect_recovering(folder: Path, path: Path) -> sqlite3.Connection | Path:
    """A checked connection; or, for a damaged file, the place it was moved aside to.

    Several processes may find the same damaged file at once: the move happens under a lock on
    the folder, and only if the file is still the one found damaged — never a fresh good
    database that another process has just put in its place.
    """
    seen = identity(path)
    try:
        return schema.connect_checked(path)
    except sqlite3.DatabaseError as error:
        if not schema.is_corrupt(error):
            raise
    with folder_lock(folder):
        if identity(path) != seen:  # already recovered by someone else
            return schema.connect_checked(path)
        try:
            connection = schema.connect_checked(path)
        except sqlite3.DatabaseError as error:
            if not schema.is_corrupt(error):
                raise
        else:
            return connection  # fine after all (a write was in progress)
        moved = schema.move_aside(path)
        schema.connect_checked(path).close()  # the fresh file exists before the lock goes
        return moved


def connect_read_only(path: Path) -> sqlite3.Connection:
    """Open for reading only: a read-only folder, disk or file still lets a person rescue the data.

    `immutable` is the last resort (no locks, no -shm file) for a folder SQLite cannot write at all.
    """
    if not path.is_file():
        raise StoreUnreadable(f"{path} does not exist and cannot be created here (read-only).")
    uri = path.resolve().as_uri()
    last: sqlite3.Error | None = None
    for query in ("?mode=ro", "?mode=ro&immutable=1"):
        connection = sqlite3.connect(f"{uri}{query}", uri=True, isolation_level=None)
        try:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version > schema.SCHEMA_VERSION:
                raise schema.too_new(path, version)
            if connection.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise StoreUnreadable(f"{path} is damaged and read-only, so it cannot be repaired.")
            return connection
        except sqlite3.Error as error:
            connection.close()
            last = error
        except BaseException:
            connection.close()
            raise
    raise StoreUnreadable(f"{path} cannot be opened even for reading: {last}") from None


def cannot_write(error: BaseException) -> bool:
    """A refusal to write (read-only file, folder or disk; no permission), not damage."""
    if isinstance(error, PermissionError):
        return True
    if isinstance(error, OSError):
        return error.errno in (13, 30)  # EACCES, EROFS
    name = getattr(error, "sqlite_errorname", "") or ""
    return name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM")) or (
        "readonly" in str(error) or "unable to open" in str(error)
    )


def plain(error: sqlite3.Error) -> str:
    """What a failed write means, in plain words."""
    name = getattr(error, "sqlite_errorname", "") or ""
    text = str(error)
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
        return "another NSP Desktop window or command is busy with the data; try again in a moment"
    if name.startswith("SQLITE_FULL") or "full" in text:
        return "the disk is full; free some space and try again"
    if name.startswith("SQLITE_READONLY") or "readonly" in text:
        return "the data is read-only here (a read-only folder, file or disk)"
    if name.startswith("SQLITE_IOERR") or "I/O" in text:
        return "the disk reported an error while saving"
    return text


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on the data folder (where the platform allows it) while recovering."""
    try:
        import fcntl  # deferred: POSIX only, tried where it is used
    except ImportError:  # Windows: the inode check in `Store.open` still applies
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def identity(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def generation(folder: Path, create: bool) -> str | None:
    """The data folder's generation token, made (once, race-free) when `create`; None if none."""
    marker = Path(folder) / GENERATION_NAME
    if create and not marker.exists():
        # Written in full under a temporary name, then linked into place: a reader never sees a
        # half-written token, and of two processes racing, the first link wins for both.
        try:
            fd, tmp = tempfile.mkstemp(prefix=".nsp-", suffix=".tmp", dir=folder)
            with os.fdopen(fd, "w") as handle:
                handle.write(
                    os.urandom(16).hex()
                )  # not `secrets`: its OpenSSL costs ~4 ms at start
                handle.flush()
                os.fsync(handle.fileno())
            try:
                os.link(tmp, marker)
            except FileExistsError:
                pass
            except OSError:  # a file system without hard links
                with contextlib.suppress(FileExistsError):
                    os.rename(tmp, marker) if not marker.exists() else None
            finally:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
        except OSError:
            return None
    try:
        return marker.read_text(encoding="ascii")
    except (OSError, ValueError):
        return None


def _disk_trouble(error: BaseException) -> bool:
    """A full or failing disk while opening: the data may still be readable."""
    name = getattr(error, "sqlite_errorname", "") or ""
    return name.startswith(("SQLITE_FULL", "SQLITE_IOERR")) or (
        isinstance(error, OSError) and error.errno == 28  # ENOSPC
    )


def _drop_stubs(path: Path, existed: dict[str, bool]) -> None:
    """Remove the -wal/-shm stubs a failed open left (on a full disk: a 3-byte -shm).

    Only files that were not there before and that no live connection can be using: a connection
    in WAL mode always has a shared-memory file of at least 32 KiB.
    """
    shm, wal = Path(f"{path}-shm"), Path(f"{path}-wal")
    try:
        if existed["-shm"] or shm.stat().st_size >= 32768:
            return
    except OSError:
        return
    with suppress(OSError):
        if not existed["-wal"] and wal.stat().st_size == 0:
            wal.unlink()
    with suppress(OSError):
        shm.unlink()


def _private(path: Path) -> None:
    """The database and its journal files are the person's alone (0600), where permissions exist."""
    if os.name != "posix":
        return
    for suffix in ("", "-wal", "-shm"):
        with suppress(OSError):
            Path(f"{path}{suffix}").chmod(0o600)
