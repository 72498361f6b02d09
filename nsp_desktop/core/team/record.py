"""Turning the changes the triggers recorded into operations with clock readings (not yet written).

Consecutive edits of one note between two syncs become one operation (notes are saved as a person
types); every tick and untick keeps its own, with its own time.
"""

from __future__ import annotations

import sqlite3

from nsp_desktop.core.progress import DEFAULT_STATUS, is_custom
from nsp_desktop.core.store import Store
from nsp_desktop.core.team import clock, merge, ops, tables
from nsp_desktop.core.team.ops import Op

_DEFAULTS = {"status": DEFAULT_STATUS, "owner": "", "due": "", "done": False}


class Recorder:
    """Makes this device's operations for one workspace, inside the caller's transaction."""

    def __init__(self, db: sqlite3.Connection, link: tables.Link, device: str):
        self.db, self.link, self.device = db, link, device
        self.workspace = link.workspace_id
        self.winners = tables.winners(db, self.workspace)
        self.items = tables.item_rows(db, self.workspace)
        self.uids = {row: uid for uid, row in self.items.items()}
        self.latest = link.clock
        self.made: list[Op] = []
        self.exact = False  # True: readings at the changes' own times (rows kept before history)
        self._same_ms: dict[int, int] = {}

    def op(self, field: str, policy: str, item: str, value: object, at_ms: int, **extra) -> Op:
        """A new operation of this device, after every reading seen so far."""
        if self.exact:
            counter = self._same_ms[at_ms] = self._same_ms.get(at_ms, -1) + 1
            reading = clock.encode(at_ms, counter, self.device)
            self.latest = max(self.latest or "", reading)
        else:
            reading = self.latest = clock.tick(self.latest, at_ms, self.device)
        made = Op(ops.new_id(), self.device, self.link.member, reading, field, policy, item,
                  value, **extra)  # fmt: skip
        self.made.append(made)
        merge.apply(self.winners, [made])
        return made

    def _set(self, field: str, policy: str, item: str, value: object, at_ms: int, **extra) -> None:
        held = self.winners.get((field, policy, item))
        if (held.value if held else _DEFAULTS.get(field)) != value:
            self.op(field, policy, item, value, at_ms, **extra)

    def _team_item(self, local: str) -> str | None:
        """The team-wide ID of an item: content IDs as they are, own items mapped (or None)."""
        if not is_custom(local):
            return local
        return self.uids.get(int(local.removeprefix("custom:")))

    def _own_item(self, row: int) -> str:
        """The team-wide ID of one of the person's own items, made on first sight."""
        if row not in self.uids:
            uid = ops.new_id()
            self.db.execute(
                "INSERT INTO team_items (workspace_id, uid, row_id) VALUES (?, ?, ?)",
                (self.workspace, uid, row),
            )
            self.uids[row] = ops.CUSTOM_PREFIX + uid
            self.items[ops.CUSTOM_PREFIX + uid] = row
        return self.uids[row]

    def flush(self) -> None:
        """Make operations of every recorded change, then forget the changes."""
        rows = self.db.execute(
            "SELECT id, kind, policy_id, item_id, a, b, c, at_ms FROM team_changes"
            " WHERE workspace_id = ? ORDER BY id",
            (self.workspace,),
        ).fetchall()
        last_note = {row[2]: row[0] for row in rows if row[1] == "note"}
        for change_id, kind, policy, item, a, b, c, at_ms in rows:
            if kind == "done":
                team_item = self._team_item(item)
                if team_item is not None:
                    self._set("done", policy, team_item, a == "1", at_ms, label=b or "")
            elif kind == "status":
                for field, value in (("status", a), ("owner", b), ("due", c)):
                    self._set(field, policy, "", value or "", at_ms)
            elif kind == "note" and last_note[policy] == change_id:
                self.note(policy, a or "", at_ms)
            elif kind == "item":
                uid = self._own_item(int(item))
                if ("item.deleted", policy, uid) in self.winners:  # undone deletion: alive again
                    self._set("item.deleted", policy, uid, False, at_ms)
                self._set("item.text", policy, uid, a or "", at_ms)
                self._set("item.pos", policy, uid, int(b or 0), at_ms)
            elif kind == "item-":
                known = self._team_item(f"custom:{item}")
                if known is not None:
                    self._set("item.deleted", policy, known, True, at_ms)
        self.db.execute(
            "DELETE FROM team_changes WHERE workspace_id = ? AND id <= ?",
            (self.workspace, rows[-1][0] if rows else 0),
        )
        self.save()

    def note(self, policy: str, text: str, at_ms: int) -> None:
        found = tables.note_ops(self.db, self.workspace, policy) + self._notes(policy)
        if self.exact and found:
            return  # the note has its history already
        current = merge.note(found)
        if current.text != text or current.conflicted:
            self.op("note", policy, "", text, at_ms, parents=current.heads)

    def _notes(self, policy: str) -> list[Op]:
        return [o for o in self.made if o.field == "note" and o.policy == policy]

    def save(self) -> None:
        """Keep the operations made (as not yet written to the folder) and the new winners."""
        if not self.made:
            return
        tables.store_ops(self.db, self.workspace, self.made, written=False, fresh=True)
        changed = {o.target for o in self.made if o.field != "note"}
        tables.save_winners(self.db, self.workspace, self.winners, changed)
        tables.set_clock(self.db, self.workspace, [self.latest] if self.latest else [])
        self.made = []


def snapshot(db: sqlite3.Connection, workspace_id: int) -> None:
    """Record everything a workspace holds as changes, so sharing it shares its progress so far."""
    now = clock.wall_ms()
    rows: list[tuple] = []
    for policy, item, done_at, label in db.execute(
        "SELECT policy_id, item_id, done_at, label FROM ticks WHERE workspace_id = ?",
        (workspace_id,),
    ):
        rows.append((clock.from_iso(done_at, now), "done", policy, item, "1", label, None))
    for policy, status, changed_at, owner, due in db.execute(
        "SELECT policy_id, status, changed_at, owner, due FROM policy_status WHERE workspace_id = ?",
        (workspace_id,),
    ):
        rows.append((clock.from_iso(changed_at, now), "status", policy, "", status, owner, due))
    for policy, text, updated_at in db.execute(
        "SELECT policy_id, text, updated_at FROM notes WHERE workspace_id = ?", (workspace_id,)
    ):
        rows.append((clock.from_iso(updated_at, now), "note", policy, "", text, None, None))
    for row_id, policy, text, position, created_at in db.execute(
        "SELECT id, policy_id, text, position, created_at FROM custom_items WHERE workspace_id = ?",
        (workspace_id,),
    ):
        rows.append((clock.from_iso(created_at, now) - 1, "item", policy, str(row_id), text,
                     str(position), None))  # fmt: skip
    db.executemany(
        "INSERT INTO team_changes (at_ms, kind, policy_id, item_id, a, b, c, workspace_id)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(*row, workspace_id) for row in sorted(rows, key=lambda r: (r[0], r[1] != "item"))],
    )


def ensure_history(db: sqlite3.Connection, workspace_id: int, device: str) -> None:
    """Make operations of recorded changes, then give every row still without one an operation at
    the row's own time (rows saved before history was kept), so the history explains every row."""
    recorder = Recorder(db, tables.history_link(db, workspace_id), device)
    recorder.flush()
    snapshot(db, workspace_id)
    recorder.exact = True
    recorder.flush()


def record(store: Store, workspace_id: int) -> None:
    """Turn the workspace's recorded changes into operations now (no folder needed)."""
    db = store.connection
    if db.execute(
        "SELECT 1 FROM team_changes WHERE workspace_id = ? LIMIT 1", (workspace_id,)
    ).fetchone():
        with store.batch():
            Recorder(db, tables.history_link(db, workspace_id), tables.device_id(db)).flush()
