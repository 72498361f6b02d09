"""Writing the merged team state into the store's own tables, which stay the only thing read.

Only rows the team has an operation for are touched: anything else in the workspace is left as it
is (nothing local is ever dropped for want of an operation).
"""

from __future__ import annotations

import sqlite3
from operator import itemgetter

from nsp_desktop.core.progress import DEFAULT_STATUS
from nsp_desktop.core.team import clock, merge, tables
from nsp_desktop.core.team.merge import Target
from nsp_desktop.core.team.ops import CUSTOM_PREFIX, Op

_ID, _CLOCK = itemgetter(0), itemgetter(3)  # an operation's ID and clock reading


def fold_in(
    db: sqlite3.Connection,
    ws: int,
    found: list[Op],
    written: bool,
    lines: list[bytes] | None = None,
) -> int:
    """Keep operations from elsewhere and write what they decide (inside the caller's transaction,
    with the recording triggers quiet); returns how many were new here."""
    edits = [op for op in found if op[4] == "note"]
    # The notes' earlier edits are read before the new ones are kept, so only those are read back.
    notes = tables.notes_of(db, ws, sorted({op[5] for op in edits}))
    applied = tables.store_ops(db, ws, found, written, lines)
    winners = tables.winners(db, ws)
    changed = merge.apply(winners, found)
    by_id = dict(zip(map(_ID, found), lines, strict=True)) if lines is not None else None
    tables.save_winners(db, ws, winners, changed, by_id)
    if found:
        tables.set_clock(db, ws, [max(map(_CLOCK, found))])
    for op in edits:
        notes.setdefault(op[5], []).append(op)  # an edit kept before counts once: merged by ID
    write(db, ws, winners, notes)
    return applied


def write(
    db: sqlite3.Connection, workspace_id: int, winners: dict[Target, Op], notes: dict[str, list[Op]]
) -> None:
    """Make the workspace's rows say what the winners say, and the notes what all the edits of
    each given policy's note add up to."""
    items = _items(db, workspace_id, winners)
    _ticks(db, workspace_id, winners, items)
    _statuses(db, workspace_id, winners)
    for policy, found in sorted(notes.items()):
        _note(db, workspace_id, policy, found)


def _items(db: sqlite3.Connection, ws: int, winners: dict[Target, Op]) -> dict[str, int]:
    """Own items: created, edited, deleted and ordered as the team's; team ID -> live row.

    Written in batches (a big team brings thousands of items): new rows get their IDs here, after
    the highest this table has ever used, so they can be inserted in one statement.
    """
    rows = tables.item_rows(db, ws)
    present = {
        r[0]: (r[1], r[2])
        for r in db.execute("SELECT id, text, position FROM custom_items WHERE workspace_id = ?", (ws,))
    }  # fmt: skip
    gone: list[tuple[int, str, str]] = []
    texts: dict[str, tuple[str, Op]] = {}  # team ID -> (policy, its text operation)
    order: dict[str, list[tuple[object, str]]] = {}
    for (field, policy, uid), op in winners.items():
        if field != "item.text":
            continue
        deleted = winners.get(("item.deleted", policy, uid))
        if deleted is not None and deleted.value is True:
            if rows.get(uid) in present:
                gone.append((rows[uid], policy, f"custom:{rows[uid]}"))
            continue
        texts[uid] = (policy, op)
        position = winners.get(("item.pos", policy, uid))
        order.setdefault(policy, []).append((position.value if position else 0, uid))
    rank = {uid: n for each in order.values() for n, (_, uid) in enumerate(sorted(each), start=1)}
    next_id = _next_item_id(db)
    live: dict[str, int] = {}
    added, mapped, changed = [], [], []
    for uid, (policy, op) in texts.items():
        row = rows.get(uid)
        if row is None:
            row, next_id = next_id, next_id + 1
            mapped.append((ws, uid.removeprefix(CUSTOM_PREFIX), row))
        if row not in present:
            added.append((row, ws, policy, op.value, rank[uid], clock.iso(op.hlc)))
        elif present[row] != (op.value, rank[uid]):
            changed.append((op.value, rank[uid], row))
        live[uid] = row
    db.executemany("DELETE FROM custom_items WHERE id = ?", [g[:1] for g in gone])
    db.executemany(
        "DELETE FROM ticks WHERE workspace_id = ? AND policy_id = ? AND item_id = ?",
        [(ws, policy, item) for _, policy, item in gone],
    )
    db.executemany(
        "INSERT INTO custom_items (id, workspace_id, policy_id, text, position, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        added,
    )
    db.executemany("INSERT INTO team_items (workspace_id, uid, row_id) VALUES (?, ?, ?)", mapped)
    db.executemany("UPDATE custom_items SET text = ?, position = ? WHERE id = ?", changed)
    return live


def _next_item_id(db: sqlite3.Connection) -> int:
    """The ID the next own item would get (AUTOINCREMENT never reuses one, even a deleted one)."""
    row = db.execute(
        "SELECT MAX(COALESCE((SELECT MAX(id) FROM custom_items), 0),"
        " COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'custom_items'), 0))"
    ).fetchone()
    return int(row[0]) + 1


def _ticks(db: sqlite3.Connection, ws: int, winners: dict[Target, Op], live: dict[str, int]):
    here = {
        (r[0], r[1]): (r[2], r[3])
        for r in db.execute(
            "SELECT policy_id, item_id, done_at, label FROM ticks WHERE workspace_id = ?", (ws,)
        )
    }
    for (field, policy, item), op in winners.items():
        if field != "done":
            continue
        if item.startswith(CUSTOM_PREFIX):
            if item not in live:
                continue
            item = f"custom:{live[item]}"
        current = here.get((policy, item))
        if op.value is True:
            wanted = (clock.iso(op.hlc), op.label or (current[1] if current else ""))
            if current != wanted:
                db.execute(
                    "INSERT OR REPLACE INTO ticks (workspace_id, policy_id, item_id, done_at, label)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (ws, policy, item, *wanted),
                )
        elif current is not None:
            db.execute(
                "DELETE FROM ticks WHERE workspace_id = ? AND policy_id = ? AND item_id = ?",
                (ws, policy, item),
            )


def _statuses(db: sqlite3.Connection, ws: int, winners: dict[Target, Op]) -> None:
    policies = {p for (f, p, _) in winners if f in ("status", "owner", "due")}
    for policy in policies:
        row = db.execute(
            "SELECT status, changed_at, owner, due FROM policy_status"
            " WHERE workspace_id = ? AND policy_id = ?",
            (ws, policy),
        ).fetchone()
        current = tuple(row) if row else (DEFAULT_STATUS, None, "", "")
        status, owner, due = (winners.get((f, policy, "")) for f in ("status", "owner", "due"))
        wanted = (
            status.value if status else current[0],
            clock.iso(status.hlc) if status else current[1],
            owner.value if owner else current[2],
            due.value if due else current[3],
        )
        if wanted != current:
            db.execute(
                "INSERT OR REPLACE INTO policy_status"
                " (workspace_id, policy_id, status, changed_at, owner, due) VALUES (?, ?, ?, ?, ?, ?)",
                (ws, policy, *wanted),
            )


def _note(db: sqlite3.Connection, ws: int, policy: str, found: list[Op]) -> None:
    merged = merge.note(found)
    newest = max((o.hlc for o in found if o.op_id in merged.heads), default=None)
    row = db.execute(
        "SELECT text FROM notes WHERE workspace_id = ? AND policy_id = ?", (ws, policy)
    ).fetchone()
    if (row[0] if row else "") != merged.text:
        db.execute(
            "INSERT OR REPLACE INTO notes (workspace_id, policy_id, text, updated_at)"
            " VALUES (?, ?, ?, ?)",
            (ws, policy, merged.text, clock.iso(newest) if newest else None),
        )
