"""The team tables, and the triggers that record every local change of a shared workspace.

Triggers rather than calls in each store method: every write path (ticks, statuses, notes, own
items, undo, import) is recorded with its time, including ones added later, and the store's methods
stay as they are. Every workspace's changes are recorded (its history: who changed what, and when
an item was unticked, which a JSON export carries), except while a sync or an import writes what
others did (a row in `team_quiet`, inside that write's own transaction).
"""

from __future__ import annotations

import json
import sqlite3

_NOW_MS = "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)"
_WHEN = "NOT EXISTS (SELECT 1 FROM team_quiet)"

TABLES = """
CREATE TABLE team_links (
    workspace_id INTEGER PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
    folder TEXT NOT NULL,
    team_id TEXT NOT NULL,
    member TEXT NOT NULL,
    joined_at TEXT NOT NULL,
    last_sync TEXT,
    next_seq INTEGER NOT NULL DEFAULT 1,
    clock TEXT
);
CREATE TABLE team_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    policy_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    a TEXT,
    b TEXT,
    c TEXT,
    at_ms INTEGER NOT NULL
);
CREATE INDEX team_changes_notes ON team_changes (workspace_id, policy_id) WHERE kind = 'note';
CREATE TABLE team_ops (
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    op_id TEXT NOT NULL,
    hlc TEXT NOT NULL,
    field TEXT NOT NULL,
    policy_id TEXT NOT NULL,
    line TEXT NOT NULL,
    written INTEGER NOT NULL
);
CREATE UNIQUE INDEX team_ops_id ON team_ops (workspace_id, op_id);
CREATE INDEX team_ops_policy ON team_ops (workspace_id, policy_id);
CREATE INDEX team_ops_pending ON team_ops (workspace_id) WHERE written = 0;
CREATE TABLE team_state (
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    field TEXT NOT NULL,
    policy_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    line TEXT NOT NULL,
    PRIMARY KEY (workspace_id, field, policy_id, item_id)
) WITHOUT ROWID;
CREATE TABLE team_items (
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    uid TEXT NOT NULL,
    row_id INTEGER NOT NULL UNIQUE,
    PRIMARY KEY (workspace_id, uid)
);
CREATE TABLE team_files (
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    size INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, path)
) WITHOUT ROWID;
CREATE TABLE team_quiet (flag INTEGER);
"""

# (table, event, kind, item, a, b, c): what each trigger records.
_RECORDED = (
    ("ticks", "INSERT", "'done'", "NEW.item_id", "'1'", "NEW.label", "NULL"),
    ("ticks", "DELETE", "'done'", "OLD.item_id", "'0'", "NULL", "NULL"),
    ("policy_status", "INSERT", "'status'", "''", "NEW.status", "NEW.owner", "NEW.due"),
    ("policy_status", "UPDATE", "'status'", "''", "NEW.status", "NEW.owner", "NEW.due"),
    ("policy_status", "DELETE", "'status'", "''", "'not-started'", "''", "''"),
    ("notes", "INSERT", "'note'", "''", "NEW.text", "NULL", "NULL"),
    ("notes", "UPDATE", "'note'", "''", "NEW.text", "NULL", "NULL"),
    ("notes", "DELETE", "'note'", "''", "''", "NULL", "NULL"),
    ("custom_items", "INSERT", "'item'", "NEW.id", "NEW.text", "NEW.position", "NULL"),
    ("custom_items", "UPDATE", "'item'", "NEW.id", "NEW.text", "NEW.position", "NULL"),
    ("custom_items", "DELETE", "'item-'", "OLD.id", "NULL", "NULL", "NULL"),
)


def _trigger(table: str, event: str, kind: str, item: str, a: str, b: str, c: str) -> str:
    row = "OLD" if event == "DELETE" else "NEW"
    # A note is saved as a person types: only its latest unrecorded text is worth keeping.
    earlier = (
        f" DELETE FROM team_changes WHERE workspace_id = {row}.workspace_id AND kind = 'note'"
        f" AND policy_id = {row}.policy_id;"
        if table == "notes"
        else ""
    )
    return (
        f"CREATE TRIGGER team_{table}_{event.lower()} AFTER {event} ON {table}"
        f" WHEN {_WHEN} BEGIN{earlier}"
        " INSERT INTO team_changes (workspace_id, kind, policy_id, item_id, a, b, c, at_ms)"
        f" VALUES ({row}.workspace_id, {kind}, {row}.policy_id, {item}, {a}, {b}, {c}, {_NOW_MS});"
        " END"
    )


def migrate(db: sqlite3.Connection) -> None:
    """Add the team tables and triggers (a step of the store's migration ladder)."""
    for statement in TABLES.split(";"):
        if statement.strip():
            db.execute(statement)
    for recorded in _RECORDED:
        db.execute(_trigger(*recorded))


# Version 4: operations kept in batches, not a row each. Storing 100,000 colleagues' operations a
# row each cost half a second of a big sync in SQLite alone (binding and indexing each row); one
# row for the new operations of a policy costs a tenth of that. A batch holds its operations' IDs
# (to keep each operation once) and their lines, as bytes, as the files had them; note edits also
# get a row each (merging a note reads all of its edits), and each device its latest clock reading
# and name.
BATCHES = """
CREATE TABLE team_batches (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    policy_id TEXT NOT NULL,
    written INTEGER NOT NULL,
    count INTEGER NOT NULL,
    ids TEXT NOT NULL,
    lines TEXT NOT NULL
);
CREATE INDEX team_batches_policy ON team_batches (workspace_id, policy_id);
CREATE INDEX team_batches_pending ON team_batches (workspace_id) WHERE written = 0;
CREATE TABLE team_notes (
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    policy_id TEXT NOT NULL,
    op_id TEXT NOT NULL,
    hlc TEXT NOT NULL,
    line TEXT NOT NULL
);
CREATE INDEX team_notes_policy ON team_notes (workspace_id, policy_id);
CREATE TABLE team_members (
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    device TEXT NOT NULL,
    name TEXT NOT NULL,
    hlc TEXT NOT NULL,
    PRIMARY KEY (workspace_id, device)
) WITHOUT ROWID;
"""


def batch_ops(db: sqlite3.Connection) -> None:
    """Version 4: move every operation from `team_ops` into batches, in the order they were kept."""
    for statement in BATCHES.split(";"):
        if statement.strip():
            db.execute(statement)
    rows = db.execute(
        "SELECT workspace_id, policy_id, written, op_id, field, hlc, line FROM team_ops"
        " ORDER BY rowid"
    ).fetchall()
    batches: dict[tuple[int, str, int], tuple[list[str], list[str]]] = {}
    members: dict[tuple[int, str], tuple[str, str]] = {}
    for workspace, policy, written, op_id, field, hlc, line in rows:
        ids, lines = batches.setdefault((workspace, policy, written), ([], []))
        ids.append(op_id)
        lines.append(line)
        if field == "note":
            db.execute(
                "INSERT INTO team_notes (workspace_id, policy_id, op_id, hlc, line)"
                " VALUES (?, ?, ?, ?, ?)",
                (workspace, policy, op_id, hlc, line.encode()),
            )
        device = hlc[-16:]
        if (workspace, device) not in members or hlc > members[workspace, device][0]:
            members[workspace, device] = (hlc, json.loads(line)["by"])
    db.executemany(
        "INSERT INTO team_batches (workspace_id, policy_id, written, count, ids, lines)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [
            (*key, len(ids), ",".join(ids), "\n".join(lines).encode())
            for key, (ids, lines) in batches.items()
        ],
    )
    db.executemany(
        "INSERT INTO team_members (workspace_id, device, hlc, name) VALUES (?, ?, ?, ?)",
        [(*key, *value) for key, value in members.items()],
    )
    db.execute("UPDATE team_state SET line = CAST(line AS BLOB)")  # lines are kept as bytes
    db.execute("DROP TABLE team_ops")
