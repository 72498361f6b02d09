"""The person's saved progress in SQLite: the only module that speaks SQL.

Durability: WAL journal with `synchronous=FULL`, so every commit fsyncs the WAL before the call
returns; a tick survives a crash or a power cut once `set_done` has returned. (NORMAL would only
survive an application crash, not a power cut.) Every change is one short `BEGIN IMMEDIATE`
transaction with a `busy_timeout`, which is also how two app instances (or the app and the CLI)
safely share one database: SQLite serialises the writers and readers see committed rows.

Versions: `PRAGMA user_version` and a ladder in `_MIGRATIONS`; a backup copy is made before an
existing database is migrated; a newer database is refused and left untouched; a corrupt one is moved
aside (never deleted) and a fresh store is started, with `Store.recovered_from` saying where it went.

Rows refer to content by ID (policy_id, item_id); rows whose IDs left the content are kept and shown
as retired by `workspace_state`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from nsp_desktop.core.progress import (
    CUSTOM_PREFIX,
    DEFAULT_STATUS,
    STATUSES,
    ItemState,
    PolicyState,
    Workspace,
    WorkspaceState,
    is_custom,
)
from nsp_desktop.core.store import opening, schema
from nsp_desktop.core.store.limits import MAX_NOTE_CHARS, MAX_TEXT_CHARS
from nsp_desktop.core.store.schema import (
    DB_NAME,
    DEFAULT_WORKSPACE,
    StoreError,
    StoreReadOnly,
    StoreUnreadable,
    WorkspaceError,
    now,
)

if TYPE_CHECKING:
    from nsp_desktop.core.models import Toolkit

UNDO_KEEP = 200  # undo steps kept per workspace
CONFLICT_LINE = "——— Changed in another window at the same time (both kept) ———"


@dataclass(frozen=True)
class NoteConflict:
    """A note saved over a change made elsewhere: both texts were kept, in `merged`."""

    theirs: str
    merged: str


class ItemError(StoreError):
    """An unknown custom item."""


# Primary keys of the tables the undo log restores.
_KEYS = {
    "ticks": ("workspace_id", "policy_id", "item_id"),
    "policy_status": ("workspace_id", "policy_id"),
    "custom_items": ("id",),
}


def _custom_id(row_id: int) -> str:
    return f"{CUSTOM_PREFIX}{row_id}"


def _row_id(item_id: str) -> int:
    try:
        return int(item_id.removeprefix(CUSTOM_PREFIX))
    except ValueError:
        raise ItemError(f"unknown custom item {item_id!r}") from None


class Store:
    """An open database. Every method commits before it returns; all times are UTC ISO strings."""

    def __init__(self, path: Path, connection: sqlite3.Connection):
        self.path = path
        self._db = connection
        self.recovered_from: Path | None = None  # where a corrupt database was moved
        self.backup_path: Path | None = None  # the copy made before the last migration
        self.migrated_from: int | None = None
        self.read_only = False  # read-only data: reading and exporting work, changes are refused
        self.read_only_reason = ""
        self._generation: str | None = None  # see schema.GENERATION_NAME

    # Opening ------------------------------------------------------------------------------

    @classmethod
    def open(cls, data_dir: str | Path) -> Store:
        """Open (or create) the store in `data_dir`.

        StoreTooNew for a newer database; StoreUnreadable when it cannot be opened at all. Data
        that can be read but not written (a read-only folder or disk) opens with `read_only`
        set: every change then raises StoreReadOnly, and reading and exporting still work.
        """
        folder = Path(data_dir)
        connection, recovered, read_only = opening.connect(folder)
        store = cls(folder / DB_NAME, connection)
        store.recovered_from = recovered
        store.read_only = read_only is not None
        store.read_only_reason = read_only or ""
        try:
            schema.migrate(store)
        except sqlite3.Error as error:
            store.close()
            raise StoreUnreadable(f"{store.path} cannot be prepared for use: {error}") from None
        store._generation = None if read_only else opening.generation(folder, create=True)
        return store

    def notices(self) -> list[str]:
        """What opening did that the person should be told (and the log keep): a damaged file
        set aside, an older format brought up to date and the backup made first."""
        said = []
        if self.recovered_from is not None:
            said.append(
                f"The saved progress was damaged; it was kept as {self.recovered_from}"
                " and a fresh store was started."
            )
        if self.migrated_from is not None:
            backup = f"; the old file was copied to {self.backup_path}" if self.backup_path else ""
            said.append(
                f"Saved progress was brought up from data format {self.migrated_from}"
                f" to {schema.SCHEMA_VERSION}{backup}."
            )
        return said

    @property
    def connection(self) -> sqlite3.Connection:
        """The open connection, for core modules that keep their own tables (the team's)."""
        return self._db

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One durable transaction: committed (and fsynced) when the block ends without error.

        Inside `batch()` it joins the batch's transaction, which commits once at the end. A failure
        of SQLite itself (busy, full disk, read-only) becomes a StoreError in plain words.
        """
        if self._db.in_transaction:
            yield self._db
            return
        if self.read_only:
            raise StoreReadOnly(
                f"Nothing can be saved in {self.path.parent}: {self.read_only_reason}. Reading"
                " and exporting still work; free some space, or copy the folder somewhere"
                " writable and use --data-dir, to go on."
            )
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise StoreError(f"Could not save: {opening.plain(error)}.") from None
        try:
            self._check_generation()
            yield self._db
        except BaseException:
            with suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")
            raise
        try:
            self._db.execute("COMMIT")
        except sqlite3.Error as error:
            with suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")
            raise StoreError(f"Could not save: {opening.plain(error)}.") from None

    def _check_generation(self) -> None:
        if self._generation is None:
            return
        if opening.generation(self.path.parent, create=False) != self._generation:
            raise StoreError(
                f"The saved data in {self.path.parent} was deleted or replaced by another NSP"
                " Desktop window, so this window no longer saves. Close it and start NSP Desktop"
                " again."
            )

    @contextmanager
    def batch(self) -> Iterator[Store]:
        """Make many changes one transaction: all saved at the end, or none if anything fails.

        For an import: `with store.batch(): store.set_done(...); store.set_note(...)`.
        """
        with self._write():
            yield self

    # Workspaces ---------------------------------------------------------------------------

    def workspaces(self) -> list[Workspace]:
        """Every workspace, in the order they were created."""
        rows = self._db.execute("SELECT id, name FROM workspaces ORDER BY id").fetchall()
        return [Workspace(*row) for row in rows]

    def workspace(self, name: str) -> Workspace:
        """The workspace called `name` (case-insensitive); WorkspaceError if there is none."""
        row = self._db.execute("SELECT id, name FROM workspaces WHERE name = ?", (name,)).fetchone()
        if row is None:
            known = ", ".join(w.name for w in self.workspaces())
            raise WorkspaceError(f"no workspace called {name!r} (workspaces: {known})")
        return Workspace(*row)

    def current_workspace(self) -> Workspace:
        """The workspace last switched to, or the first one."""
        row = self._db.execute(
            "SELECT w.id, w.name FROM meta m JOIN workspaces w ON w.id = CAST(m.value AS INTEGER)"
            " WHERE m.key = 'current_workspace'"
        ).fetchone()
        return Workspace(*row) if row else self.workspaces()[0]

    def set_current_workspace(self, workspace_id: int) -> None:
        self._check_workspace(workspace_id)
        with self._write() as db:
            db.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('current_workspace', ?)",
                (str(workspace_id),),
            )

    def create_workspace(self, name: str) -> Workspace:
        name = _workspace_name(name)
        with self._write() as db:
            try:
                cursor = db.execute(
                    "INSERT INTO workspaces (name, created_at) VALUES (?, ?)", (name, now())
                )
            except sqlite3.IntegrityError:
                raise WorkspaceError(f"a workspace called {name!r} already exists") from None
        return Workspace(_row(cursor), name)

    def rename_workspace(self, workspace_id: int, name: str) -> None:
        name = _workspace_name(name)
        self._check_workspace(workspace_id)
        with self._write() as db:
            try:
                db.execute("UPDATE workspaces SET name = ? WHERE id = ?", (name, workspace_id))
            except sqlite3.IntegrityError:
                raise WorkspaceError(f"a workspace called {name!r} already exists") from None

    def delete_workspace(self, workspace_id: int) -> None:
        """Delete a workspace and everything in it; the last one is replaced by a fresh default."""
        self._check_workspace(workspace_id)
        with self._write() as db:
            for table in ("ticks", "notes", "policy_status", "custom_items", "undo_log"):
                db.execute(f"DELETE FROM {table} WHERE workspace_id = ?", (workspace_id,))
            db.execute("DELETE FROM workspaces WHERE id = ?", (workspace_id,))
            if db.execute("SELECT COUNT(*) FROM workspaces").fetchone()[0] == 0:
                db.execute(
                    "INSERT INTO workspaces (name, created_at) VALUES (?, ?)",
                    (DEFAULT_WORKSPACE, now()),
                )

    def _check_workspace(self, workspace_id: int) -> None:
        found = self._db.execute("SELECT 1 FROM workspaces WHERE id = ?", (workspace_id,))
        if found.fetchone() is None:
            raise WorkspaceError(f"no workspace with id {workspace_id}")

    # Ticks --------------------------------------------------------------------------------

    def set_done(
        self,
        workspace_id: int,
        policy_id: str,
        item_id: str,
        done: bool,
        label: str = "",
        at: str | None = None,
    ) -> bool:
        """Tick or untick an item (idempotent); True if it changed. Durable when it returns.

        `label` is the item's text, kept so the tick still reads well if the item is retired;
        `at` is the done time to record (an import keeps the original), by default now.
        """
        key = (workspace_id, policy_id, item_id)
        where = "workspace_id = ? AND policy_id = ? AND item_id = ?"
        with self._write() as db:
            present = db.execute(f"SELECT 1 FROM ticks WHERE {where}", key).fetchone()
            if bool(present) == done:
                return False
            self._log(db, workspace_id, "tick" if done else "untick", [("ticks", key)])
            if done:
                db.execute(
                    "INSERT INTO ticks (workspace_id, policy_id, item_id, done_at, label)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (*key, at or now(), label),
                )
            else:
                db.execute(f"DELETE FROM ticks WHERE {where}", key)
        return True

    def done_items(self, workspace_id: int, policy_id: str) -> dict[str, str]:
        """item_id -> done_at for the ticked items of one policy (content and custom)."""
        rows = self._db.execute(
            "SELECT item_id, done_at FROM ticks WHERE workspace_id = ? AND policy_id = ?",
            (workspace_id, policy_id),
        )
        return dict(rows.fetchall())

    # Custom items -------------------------------------------------------------------------

    def add_item(self, workspace_id: int, policy_id: str, text: str) -> str:
        """Add the person's own item at the end of a policy's list; returns its ID."""
        _check_text(text, MAX_TEXT_CHARS, "an item")
        self._check_workspace(workspace_id)
        with self._write() as db:
            row_id = _insert_custom_item(db, workspace_id, policy_id, text)
            self._remember(db, workspace_id, "add item", [["custom_items", [row_id], None]])
        return _custom_id(row_id)

    def edit_item(self, workspace_id: int, item_id: str, text: str) -> None:
        _check_text(text, MAX_TEXT_CHARS, "an item")
        row_id = self._custom_row(workspace_id, item_id)[0]
        with self._write() as db:
            self._log(db, workspace_id, "edit item", [("custom_items", (row_id,))])
            db.execute("UPDATE custom_items SET text = ? WHERE id = ?", (text.strip(), row_id))

    def delete_item(self, workspace_id: int, item_id: str) -> None:
        """Delete a custom item and its tick (undoable)."""
        row_id, policy_id = self._custom_row(workspace_id, item_id)[:2]
        tick = (workspace_id, policy_id, item_id)
        with self._write() as db:
            self._log(
                db, workspace_id, "delete item", [("custom_items", (row_id,)), ("ticks", tick)]
            )
            db.execute("DELETE FROM custom_items WHERE id = ?", (row_id,))
            db.execute(
                "DELETE FROM ticks WHERE workspace_id = ? AND policy_id = ? AND item_id = ?", tick
            )

    def move_item(self, workspace_id: int, item_id: str, offset: int) -> None:
        """Move a custom item `offset` places up (negative) or down among its policy's items."""
        row_id, policy_id = self._custom_row(workspace_id, item_id)[:2]
        ids = [
            r[0]
            for r in self._db.execute(
                "SELECT id FROM custom_items WHERE workspace_id = ? AND policy_id = ?"
                " ORDER BY position, id",
                (workspace_id, policy_id),
            )
        ]
        index = ids.index(row_id)
        target = max(0, min(len(ids) - 1, index + offset))
        if target == index:
            return
        ids.insert(target, ids.pop(index))
        with self._write() as db:
            self._log(db, workspace_id, "move item", [("custom_items", (i,)) for i in ids])
            for position, each in enumerate(ids, start=1):
                db.execute("UPDATE custom_items SET position = ? WHERE id = ?", (position, each))

    def custom_items(self, workspace_id: int, policy_id: str) -> list[tuple[str, str]]:
        """(item ID, text) of a policy's custom items in their order."""
        rows = self._db.execute(
            "SELECT id, text FROM custom_items WHERE workspace_id = ? AND policy_id = ?"
            " ORDER BY position, id",
            (workspace_id, policy_id),
        )
        return [(_custom_id(row_id), text) for row_id, text in rows]

    def _custom_row(self, workspace_id: int, item_id: str) -> tuple[int, str, str]:
        row_id = _row_id(item_id) if is_custom(item_id) else -1
        row = self._db.execute(
            "SELECT id, policy_id, text FROM custom_items WHERE id = ? AND workspace_id = ?",
            (row_id, workspace_id),
        ).fetchone()
        if row is None:
            raise ItemError(f"unknown custom item {item_id!r}")
        return row

    # Policy status ------------------------------------------------------------------------

    def set_status(
        self,
        workspace_id: int,
        policy_id: str,
        status: str | None = None,
        *,
        owner: str | None = None,
        due: str | None = None,
        at: str | None = None,
    ) -> None:
        """Change any of status, owner and due date (ISO "YYYY-MM-DD" or ""); None leaves it.

        `changed_at` moves (to `at`, by default now) only when the status itself changes.
        """
        if status is not None and status not in STATUSES:
            raise StoreError(f"unknown status {status!r} (one of: {', '.join(STATUSES)})")
        for value, what in ((owner, "an owner"), (due, "a due date")):
            if value is not None:
                _check_text(value, MAX_TEXT_CHARS, what)
        self._check_workspace(workspace_id)
        key = (workspace_id, policy_id)
        with self._write() as db:
            row = db.execute(
                "SELECT status, changed_at, owner, due FROM policy_status"
                " WHERE workspace_id = ? AND policy_id = ?",
                key,
            ).fetchone()
            old = row or (DEFAULT_STATUS, None, "", "")
            new_status = old[0] if status is None else status
            changed_at = (at or now()) if new_status != old[0] else old[1]
            new = (
                new_status,
                changed_at,
                old[2] if owner is None else owner.strip(),
                old[3] if due is None else due.strip(),
            )
            if row is not None and new == tuple(row) or row is None and new == old:
                return
            label = "status" if new_status != old[0] else "owner or due date"
            self._log(db, workspace_id, label, [("policy_status", key)])
            db.execute(
                "INSERT OR REPLACE INTO policy_status"
                " (workspace_id, policy_id, status, changed_at, owner, due)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (*key, *new),
            )

    def policy_status(self, workspace_id: int, policy_id: str) -> tuple[str, str | None, str, str]:
        """(status, changed_at, owner, due) of a policy; defaults when never set."""
        row = self._db.execute(
            "SELECT status, changed_at, owner, due FROM policy_status"
            " WHERE workspace_id = ? AND policy_id = ?",
            (workspace_id, policy_id),
        ).fetchone()
        return tuple(row) if row else (DEFAULT_STATUS, None, "", "")

    # Notes --------------------------------------------------------------------------------

    def note(self, workspace_id: int, policy_id: str) -> str:
        row = self._db.execute(
            "SELECT text FROM notes WHERE workspace_id = ? AND policy_id = ?",
            (workspace_id, policy_id),
        ).fetchone()
        return row[0] if row else ""

    def set_note(
        self,
        workspace_id: int,
        policy_id: str,
        text: str,
        at: str | None = None,
        *,
        base: str | None = None,
    ) -> NoteConflict | None:
        """Replace a policy's note (not undoable: notes are edited as text, with their own undo).

        `at` is the edit time to record (an import keeps the original), by default now. `base` is
        the text the editor started from: if the saved note has changed since (another window, the
        CLI), both are kept — this text, then the other under a line saying so — and the
        NoteConflict returned says what was merged, for the window to show.
        """
        _check_text(text, MAX_NOTE_CHARS, "a note")
        self._check_workspace(workspace_id)
        conflict = None
        with self._write() as db:
            row = db.execute(
                "SELECT text FROM notes WHERE workspace_id = ? AND policy_id = ?",
                (workspace_id, policy_id),
            ).fetchone()
            saved = row[0] if row else ""
            if saved == text:
                return None
            if base is not None and saved != base and saved.strip():
                merged = f"{text.rstrip()}\n\n{CONFLICT_LINE}\n{saved}"
                if len(merged) > MAX_NOTE_CHARS:
                    raise StoreError(
                        "This note was changed in another window; the two together would be too"
                        " long to keep. Copy your text, then reopen the policy."
                    )
                conflict = NoteConflict(theirs=saved, merged=merged)
                text = merged
            db.execute(
                "INSERT OR REPLACE INTO notes (workspace_id, policy_id, text, updated_at)"
                " VALUES (?, ?, ?, ?)",
                (workspace_id, policy_id, text, at or now()),
            )
        return conflict

    def notes(self, workspace_id: int) -> dict[str, str]:
        """policy_id -> note text for every non-empty note of a workspace (for search)."""
        rows = self._db.execute(
            "SELECT policy_id, text FROM notes WHERE workspace_id = ? AND text != ''",
            (workspace_id,),
        )
        return dict(rows.fetchall())

    # Undo ---------------------------------------------------------------------------------

    def _log(
        self, db: sqlite3.Connection, workspace_id: int, label: str, rows: list[tuple[str, tuple]]
    ) -> None:
        """Record the before-image of the rows a change is about to touch."""
        before = []
        for table, key in rows:
            columns = _KEYS[table]
            where = " AND ".join(f"{c} = ?" for c in columns)
            cursor = db.execute(f"SELECT * FROM {table} WHERE {where}", key)
            found = cursor.fetchone()
            names = [d[0] for d in cursor.description]
            before.append(
                [table, list(key), dict(zip(names, found, strict=True)) if found else None]
            )
        self._remember(db, workspace_id, label, before)

    def _remember(
        self, db: sqlite3.Connection, workspace_id: int, label: str, before: list[list]
    ) -> None:
        """One undo step, and the oldest ones past UNDO_KEEP forgotten."""
        db.execute(
            "INSERT INTO undo_log (workspace_id, label, before, made_at) VALUES (?, ?, ?, ?)",
            (workspace_id, label, json.dumps(before), now()),
        )
        db.execute(
            "DELETE FROM undo_log WHERE workspace_id = ? AND id <= ("
            " SELECT id FROM undo_log WHERE workspace_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)",
            (workspace_id, workspace_id, UNDO_KEEP),
        )

    def can_undo(self, workspace_id: int) -> bool:
        found = self._db.execute("SELECT 1 FROM undo_log WHERE workspace_id = ?", (workspace_id,))
        return found.fetchone() is not None

    def undo(self, workspace_id: int) -> str | None:
        """Undo the workspace's last tick, status or item change; returns its label, or None."""
        with self._write() as db:
            row = db.execute(
                "SELECT id, label, before FROM undo_log WHERE workspace_id = ?"
                " ORDER BY id DESC LIMIT 1",
                (workspace_id,),
            ).fetchone()
            if row is None:
                return None
            log_id, label, before = row
            for table, key, image in reversed(json.loads(before)):
                where = " AND ".join(f"{c} = ?" for c in _KEYS[table])
                db.execute(f"DELETE FROM {table} WHERE {where}", key)
                if image is not None:
                    names = ", ".join(image)
                    marks = ", ".join("?" for _ in image)
                    db.execute(
                        f"INSERT INTO {table} ({names}) VALUES ({marks})", list(image.values())
                    )
            db.execute("DELETE FROM undo_log WHERE id = ?", (log_id,))
        return label

    # The read model -----------------------------------------------------------------------

    def workspace_state(self, toolkit: Toolkit, workspace_id: int) -> WorkspaceState:
        """Everything saved in a workspace over the toolkit; vanished IDs come back as retired."""
        row = self._db.execute(
            "SELECT id, name FROM workspaces WHERE id = ?", (workspace_id,)
        ).fetchone()
        if row is None:
            raise WorkspaceError(f"no workspace with id {workspace_id}")
        args = (workspace_id,)
        ticks: dict[str, dict[str, tuple[str, str]]] = {}
        for policy_id, item_id, done_at, label in self._db.execute(
            "SELECT policy_id, item_id, done_at, label FROM ticks WHERE workspace_id = ?", args
        ):
            ticks.setdefault(policy_id, {})[item_id] = (done_at, label)
        statuses = {  # a status this version does not know (a hand-edited row) reads as the default
            r[0]: (r[1] if r[1] in STATUSES else DEFAULT_STATUS, *r[2:])
            for r in self._db.execute(
                "SELECT policy_id, status, changed_at, owner, due FROM policy_status"
                " WHERE workspace_id = ?",
                args,
            )
        }
        notes = {
            r[0]: r[1:]
            for r in self._db.execute(
                "SELECT policy_id, text, updated_at FROM notes WHERE workspace_id = ?", args
            )
        }
        customs: dict[str, list[tuple[str, str]]] = {}
        for row_id, policy_id, text in self._db.execute(
            "SELECT id, policy_id, text FROM custom_items WHERE workspace_id = ?"
            " ORDER BY position, id",
            args,
        ):
            customs.setdefault(policy_id, []).append((_custom_id(row_id), text))

        def items_of(policy_id: str, content: tuple) -> tuple[ItemState, ...]:
            done = dict(ticks.get(policy_id, {}))
            out = []
            for item in content:
                stamp = done.pop(item.id, (None, ""))[0]
                out.append(
                    ItemState(item.id, item.text, stamp is not None, stamp, False, False,
                              item.depth, item.parent_id)
                )  # fmt: skip
            for item_id, text in customs.get(policy_id, []):
                stamp = done.pop(item_id, (None, ""))[0]
                out.append(ItemState(item_id, text, stamp is not None, stamp, custom=True))
            for item_id, (stamp, label) in done.items():  # ticked, but gone from the content
                out.append(
                    ItemState(item_id, label or item_id, True, stamp, is_custom(item_id), True)
                )
            return tuple(out)

        def policy_state(policy_id: str, title: str, priority_id, check: bool, content, retired):
            status, changed_at, owner, due = statuses.get(policy_id, (DEFAULT_STATUS, None, "", ""))
            note, note_at = notes.get(policy_id, ("", None))
            return PolicyState(
                policy_id, title, priority_id, check, status, changed_at, owner, due, note,
                note_at, items_of(policy_id, content), retired,
            )  # fmt: skip

        policies = []
        for priority in toolkit.priorities:
            for p in toolkit.policies_of(priority.id):
                policies.append(
                    policy_state(p.id, p.title, p.priority_id, p.preempted_friendly, p.items, False)
                )
        known = {p.id for p in policies}
        saved = set(ticks) | set(statuses) | set(notes) | set(customs)
        for policy_id in sorted(saved - known):
            policies.append(policy_state(policy_id, policy_id, None, False, (), True))
        return WorkspaceState(Workspace(*row), tuple(policies))

    def data_version(self) -> int:
        """Changes when another connection (a second instance, the CLI) commits a change."""
        return self._db.execute("PRAGMA data_version").fetchone()[0]

    def integrity_ok(self) -> bool:
        return self._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    # Export / import ----------------------------------------------------------------------

    def import_rows(
        self,
        workspace_id: int | None,
        *,
        new_workspace: str | None = None,
        replace: bool = False,
        wipe_policies: Sequence[str] | None = None,
        ticks: Iterable[tuple[str, str, str | None, str]] = (),
        statuses: Iterable[tuple[str, str, str | None, str, str]] = (),
        notes: Iterable[tuple[str, str, str | None]] = (),
        customs: Iterable[tuple[str, str, str | None]] = (),
    ) -> Workspace:
        """Write an import in ONE transaction: all of it, or (on any error) nothing.

        `new_workspace` creates the target inside the same transaction. `replace` first clears the
        workspace (or only `wipe_policies`) and its undo history. Rows keep the file's times:
        ticks (policy, item, done_at, label), statuses (policy, status, changed_at, owner, due),
        notes (policy, text, updated_at), custom items (policy, text, done_at or None).
        """
        with self._write() as db:
            if new_workspace is not None:
                name = _workspace_name(new_workspace)
                try:
                    cursor = db.execute(
                        "INSERT INTO workspaces (name, created_at) VALUES (?, ?)", (name, now())
                    )
                except sqlite3.IntegrityError:
                    raise WorkspaceError(f"a workspace called {name!r} already exists") from None
                workspace_id = _row(cursor)
            row = db.execute(
                "SELECT id, name FROM workspaces WHERE id = ?", (workspace_id,)
            ).fetchone()
            if row is None or workspace_id is None:
                raise WorkspaceError(f"no workspace with id {workspace_id}")
            if replace:
                tables = ("ticks", "notes", "policy_status", "custom_items")
                for table in tables:
                    if wipe_policies is None:
                        db.execute(f"DELETE FROM {table} WHERE workspace_id = ?", (workspace_id,))
                    else:
                        db.executemany(
                            f"DELETE FROM {table} WHERE workspace_id = ? AND policy_id = ?",
                            [(workspace_id, p) for p in wipe_policies],
                        )
                db.execute("DELETE FROM undo_log WHERE workspace_id = ?", (workspace_id,))
            db.executemany(
                "INSERT OR REPLACE INTO ticks (workspace_id, policy_id, item_id, done_at, label)"
                " VALUES (?, ?, ?, ?, ?)",
                [(workspace_id, *tick) for tick in ticks],
            )
            db.executemany(
                "INSERT OR REPLACE INTO policy_status"
                " (workspace_id, policy_id, status, changed_at, owner, due)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [(workspace_id, *status) for status in statuses],
            )
            db.executemany(
                "INSERT OR REPLACE INTO notes (workspace_id, policy_id, text, updated_at)"
                " VALUES (?, ?, ?, ?)",
                [(workspace_id, *note) for note in notes],
            )
            for policy_id, text, done_at in customs:
                row_id = _insert_custom_item(db, workspace_id, policy_id, text)
                if done_at:
                    db.execute(
                        "INSERT OR REPLACE INTO ticks"
                        " (workspace_id, policy_id, item_id, done_at, label) VALUES (?, ?, ?, ?, ?)",
                        (workspace_id, policy_id, _custom_id(row_id), done_at, text),
                    )
        return Workspace(*row)


def _insert_custom_item(
    db: sqlite3.Connection, workspace_id: int, policy_id: str, text: str
) -> int:
    """Append a person's own item to a policy's list (inside the caller's transaction)."""
    last = db.execute(
        "SELECT COALESCE(MAX(position), 0) FROM custom_items WHERE workspace_id = ? AND policy_id = ?",
        (workspace_id, policy_id),
    ).fetchone()[0]
    cursor = db.execute(
        "INSERT INTO custom_items (workspace_id, policy_id, text, position, created_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (workspace_id, policy_id, text.strip(), last + 1, now()),
    )
    return _row(cursor)


def _row(cursor: sqlite3.Cursor) -> int:
    """The ID an INSERT just made (always set after an INSERT into a rowid table)."""
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def _workspace_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise WorkspaceError("a workspace needs a name")
    _check_text(name, 200, "a workspace name")
    return name


def _check_text(text: str, limit: int, what: str) -> None:
    """Refuse text the store must not take: over its limit, or not valid Unicode."""
    if len(text) > limit:
        raise StoreError(
            f"{what[0].upper()}{what[1:]} may have at most {limit:,} characters; this one has"
            f" {len(text):,}. Nothing was saved."
        )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise StoreError(
            f"{what[0].upper()}{what[1:]} holds text that is not valid Unicode."
        ) from None
