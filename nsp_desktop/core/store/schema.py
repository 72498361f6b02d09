"""Opening the store's SQLite file: integrity, the schema ladder, backups and recovery."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from nsp_desktop.core.team import schema as team_schema

if TYPE_CHECKING:
    from nsp_desktop.core.store.repository import Store

DB_NAME = "nsp-desktop.sqlite3"
# A random token written beside a new database: a window whose token no longer matches the file's
# (the data was deleted, or replaced, by another window) stops saving instead of writing into a
# file no one will read again.
GENERATION_NAME = f"{DB_NAME}.generation"
DEFAULT_WORKSPACE = "My workspace"
BUSY_TIMEOUT_MS = 10_000

_V1 = """
CREATE TABLE workspaces (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    created_at TEXT NOT NULL
);
CREATE TABLE ticks (
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    policy_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    done_at TEXT NOT NULL,
    PRIMARY KEY (workspace_id, policy_id, item_id)
);
CREATE TABLE notes (
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    policy_id TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (workspace_id, policy_id)
);
"""

# Version 2: item text kept with each tick (so a retired item still reads as it did), note times,
# policy status/owner/due, custom items, the undo log and the current workspace.
_V2 = """
ALTER TABLE ticks ADD COLUMN label TEXT NOT NULL DEFAULT '';
ALTER TABLE notes ADD COLUMN updated_at TEXT;
CREATE TABLE policy_status (
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    policy_id TEXT NOT NULL,
    status TEXT NOT NULL,
    changed_at TEXT,
    owner TEXT NOT NULL DEFAULT '',
    due TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (workspace_id, policy_id)
);
CREATE TABLE custom_items (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    policy_id TEXT NOT NULL,
    text TEXT NOT NULL,
    position INTEGER NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX custom_items_policy ON custom_items (workspace_id, policy_id, position);
CREATE TABLE undo_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    before TEXT NOT NULL,
    made_at TEXT NOT NULL
);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

# _MIGRATIONS[n] takes a database from user_version n to n + 1: SQL text, or a function of the
# connection (version 3: the team tables, and the triggers that record every change as history,
# whose bodies hold ';', which the text ladder splits on; version 4: team operations in batches).
_MIGRATIONS: tuple[str | Callable[[sqlite3.Connection], None], ...] = (
    _V1,
    _V2,
    team_schema.migrate,
    team_schema.batch_ops,
)
SCHEMA_VERSION = len(_MIGRATIONS)


class StoreError(Exception):
    """A problem with the saved data that the person should be told about in plain words."""


class StoreTooNew(StoreError):
    """The database was written by a newer NSP Desktop; it is left untouched."""


class WorkspaceError(StoreError):
    """An unknown workspace, or a name already taken."""


class StoreUnreadable(StoreError):
    """The saved data cannot be opened at all (damaged beyond recovery, unknown format, no access)."""


class StoreReadOnly(StoreError):
    """The saved data can be read but not changed (a read-only folder, disk or file)."""


def now() -> str:
    """The current UTC time as stored: ISO 8601 to the second with a Z."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def migrate(store: Store) -> None:
    """Bring the database to SCHEMA_VERSION: a backup first, then the ladder, in one transaction."""
    found = store._db.execute("PRAGMA user_version").fetchone()[0]
    if found > SCHEMA_VERSION:
        store.close()
        raise too_new(store.path, found)
    if store.read_only:
        if found != SCHEMA_VERSION:
            store.close()
            raise StoreUnreadable(
                f"{store.path} is read-only and in an older data format ({found}) that this"
                " version must update before it can use it. Copy the folder somewhere writable"
                " and start NSP Desktop with --data-dir pointing there."
            )
        return
    if found == SCHEMA_VERSION and store._db.execute("SELECT 1 FROM workspaces").fetchone():
        return  # the usual start: nothing to write, so no commit and no fsync
    if found < SCHEMA_VERSION and found > 0:
        store.backup_path = store.path.with_name(f"{DB_NAME}.v{found}-backup-{stamp()}")
        # Created empty and private first: the copy holds the same notes as the database.
        os.close(os.open(store.backup_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        backup = sqlite3.connect(store.backup_path)
        with backup:
            store._db.backup(backup)
        backup.close()
    with store._write() as db:
        # Re-read inside the lock: another instance may have migrated meanwhile.
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise too_new(store.path, version)
        if 0 < version < SCHEMA_VERSION:  # 0 is a new, empty file: nothing to tell
            store.migrated_from = version
        for step in range(version, SCHEMA_VERSION):
            migration = _MIGRATIONS[step]
            if callable(migration):
                migration(db)
                continue
            for statement in migration.split(";"):
                if statement.strip():
                    db.execute(statement)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        if db.execute("SELECT COUNT(*) FROM workspaces").fetchone()[0] == 0:
            db.execute(
                "INSERT INTO workspaces (name, created_at) VALUES (?, ?)",
                (DEFAULT_WORKSPACE, now()),
            )


# Helpers for opening ----------------------------------------------------------------------


def connect_checked(path: Path) -> sqlite3.Connection:
    """Connect, check integrity and settle the journal mode; DatabaseError when corrupt.

    A newer database is only read here, never written: the version check comes before WAL.
    """
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    try:
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise too_new(path, version)
        if version < 0:
            raise StoreUnreadable(
                f"{path} has an unknown data format ({version}); it is not one NSP Desktop wrote."
                " It has been left untouched: start with another --data-dir, or move it away."
            )
        result = connection.execute("PRAGMA integrity_check").fetchall()
        if result != [("ok",)]:
            raise sqlite3.DatabaseError("; ".join(r[0] for r in result[:5]))
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = FULL")
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("PRAGMA secure_delete = ON")  # deleted text is zeroed, not left behind
    except BaseException:
        connection.close()
        raise
    return connection


def is_corrupt(error: sqlite3.DatabaseError) -> bool:
    """Damage to the file itself, as opposed to a lock, a permission or a full disk."""
    name = getattr(error, "sqlite_errorname", "") or ""
    # A plain DatabaseError with no SQLite error name is our own failed integrity_check.
    return type(error) is sqlite3.DatabaseError or name.startswith(
        ("SQLITE_CORRUPT", "SQLITE_NOTADB")
    )


def too_new(path: Path, version: int) -> StoreTooNew:
    return StoreTooNew(
        f"{path} was saved by a newer version of NSP Desktop (data format {version}; this version"
        f" reads up to {SCHEMA_VERSION}). It has been left untouched: please use the newer"
        " version, or start this one with another --data-dir."
    )


def move_aside(path: Path) -> Path:
    """Rename a corrupt database (and its WAL and shared-memory files) to a timestamped name."""
    target = path.with_name(f"{path.name}.corrupt-{stamp()}")
    for suffix in ("", "-wal", "-shm"):
        part = Path(f"{path}{suffix}")
        if part.exists():
            part.replace(Path(f"{target}{suffix}"))
    return target
