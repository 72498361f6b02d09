"""The team tables as typed reads and writes: links, this device's ID, the winners, the clock."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from nsp_desktop.core.team import ops as op_lines
from nsp_desktop.core.team.merge import Target
from nsp_desktop.core.team.ops import Op

KEPT = ("team_batches", "team_notes", "team_members")  # the operations a workspace keeps


class TeamError(Exception):
    """A team action that cannot be done; the message says why in plain words."""


@dataclass(frozen=True)
class Link:
    """A workspace shared through a team folder, as this person."""

    workspace_id: int
    folder: Path
    team_id: str
    member: str
    joined_at: str
    last_sync: str | None
    next_seq: int
    clock: str | None


def link(db: sqlite3.Connection, workspace_id: int) -> Link | None:
    row = db.execute(
        "SELECT workspace_id, folder, team_id, member, joined_at, last_sync, next_seq, clock"
        " FROM team_links WHERE workspace_id = ?",
        (workspace_id,),
    ).fetchone()
    return Link(row[0], Path(row[1]), *row[2:]) if row else None


def links(db: sqlite3.Connection) -> list[Link]:
    ids = [r[0] for r in db.execute("SELECT workspace_id FROM team_links ORDER BY workspace_id")]
    return [found for i in ids if (found := link(db, i)) is not None]


def linked(db: sqlite3.Connection, workspace_id: int) -> Link:
    found = link(db, workspace_id)
    if found is None:
        raise TeamError(
            "this workspace is not shared with a team; share it with"
            " `nsp-desktop team join FOLDER --name NAME` first."
        )
    return found


def history_link(db: sqlite3.Connection, workspace_id: int) -> Link:
    """The workspace's link, or for an unshared one a stand-in: no folder, no name, its clock."""
    found = link(db, workspace_id)
    if found is not None:
        return found
    latest = db.execute(
        "SELECT MAX(hlc) FROM team_members WHERE workspace_id = ?", (workspace_id,)
    ).fetchone()[0]
    return Link(workspace_id, Path(), "", "", "", None, 1, latest)


def device_id(db: sqlite3.Connection) -> str:
    """This data folder's device ID, made on first use (a copy of the folder shares it: warned)."""
    row = db.execute("SELECT value FROM meta WHERE key = 'team_device'").fetchone()
    if row:
        return row[0]
    device = op_lines.new_id()
    db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('team_device', ?)", (device,))
    return db.execute("SELECT value FROM meta WHERE key = 'team_device'").fetchone()[0]


def winners(db: sqlite3.Connection, workspace_id: int) -> dict[Target, Op]:
    rows = db.execute("SELECT line FROM team_state WHERE workspace_id = ?", (workspace_id,))
    return {op.target: op for op in op_lines.trusted_many([r[0] for r in rows])}


def save_winners(
    db: sqlite3.Connection,
    workspace_id: int,
    table: dict[Target, Op],
    changed: set[Target],
    lines: dict[str, bytes] | None = None,
) -> None:
    """Keep the changed winners; `lines`: operation ID -> its line as read, where known."""
    lines = lines or {}
    rows = []
    for target in changed:
        op = table[target]
        rows.append((workspace_id, *target, lines.get(op.op_id) or op_lines.encode(op).encode()))
    db.executemany(
        "INSERT OR REPLACE INTO team_state (workspace_id, field, policy_id, item_id, line)"
        " VALUES (?, ?, ?, ?, ?)",
        rows,
    )


def store_ops(
    db: sqlite3.Connection,
    workspace_id: int,
    found: list[Op],
    written: bool,
    lines: list[bytes] | None = None,
    fresh: bool = False,
) -> int:
    """Keep operations not kept before (by ID), with their lines when given; returns how many.

    One batch row per policy (see schema.BATCHES); note edits also get a row each, and each
    device its latest clock reading. `fresh`: the operations were just made here, so none can be
    kept already.
    """
    lines = lines if lines is not None else [op_lines.encode(o).encode() for o in found]
    known = set() if fresh else known_ids(db, workspace_id)
    batches: dict[str, tuple[list[str], list[bytes]]] = {}
    notes: list[tuple[str, str, str, bytes]] = []
    devices: dict[str, tuple[str, str]] = {}
    for op, line in zip(found, lines, strict=True):
        op_id, device, member, hlc, field, policy = op[:6]
        if op_id in known:
            continue
        known.add(op_id)
        batch = batches.get(policy)
        if batch is None:
            batch = batches[policy] = ([], [])
        batch[0].append(op_id)
        batch[1].append(line)
        if field == "note":
            notes.append((policy, op_id, hlc, line))
        held = devices.get(device)
        if held is None or hlc > held[0]:
            devices[device] = (hlc, member)
    ws, done = int(workspace_id), int(written)
    db.executemany(
        "INSERT INTO team_batches (workspace_id, policy_id, written, count, ids, lines)"
        f" VALUES ({ws}, ?, {done}, ?, ?, ?)",
        [(p, len(ids), ",".join(ids), b"\n".join(each)) for p, (ids, each) in batches.items()],
    )
    db.executemany(
        f"INSERT INTO team_notes (workspace_id, policy_id, op_id, hlc, line)"
        f" VALUES ({ws}, ?, ?, ?, ?)",
        notes,
    )
    db.executemany(
        f"INSERT INTO team_members (workspace_id, device, hlc, name) VALUES ({ws}, ?, ?, ?)"
        " ON CONFLICT (workspace_id, device) DO UPDATE SET hlc = excluded.hlc,"
        " name = excluded.name WHERE excluded.hlc > team_members.hlc",
        [(device, *held) for device, held in devices.items()],
    )
    return sum(len(ids) for ids, _ in batches.values())


def known_ids(db: sqlite3.Connection, workspace_id: int) -> set[str]:
    """The IDs of every operation the workspace keeps."""
    rows = db.execute("SELECT ids FROM team_batches WHERE workspace_id = ?", (workspace_id,))
    return set().union(*(ids.split(",") for (ids,) in rows))


def lines_of(
    db: sqlite3.Connection, workspace_id: int, policies: list[str] | None = None
) -> list[bytes]:
    """The lines of every operation kept (or of the given policies'), in no particular order."""
    if policies is None:
        rows = db.execute(
            "SELECT lines FROM team_batches WHERE workspace_id = ?", (workspace_id,)
        ).fetchall()
    else:
        marks = ", ".join("?" for _ in policies)
        rows = db.execute(
            f"SELECT lines FROM team_batches WHERE workspace_id = ? AND policy_id IN ({marks})",
            (workspace_id, *policies),
        ).fetchall()
    return [line for (text,) in rows for line in text.split(b"\n")]


def ops_of(
    db: sqlite3.Connection, workspace_id: int, policies: list[str] | None = None
) -> list[Op]:
    """Every operation kept (or the given policies'), oldest first."""
    found = op_lines.trusted_many(lines_of(db, workspace_id, policies))
    return sorted(found, key=_order)


def _order(op: Op) -> tuple[str, str]:
    return (op.hlc, op.op_id)


def pending(db: sqlite3.Connection, workspace_id: int) -> list[tuple[int, bytes]]:
    """This device's batches not yet written to the folder: (batch ID, its lines), oldest first."""
    return db.execute(
        "SELECT id, lines FROM team_batches WHERE workspace_id = ? AND written = 0 ORDER BY id",
        (workspace_id,),
    ).fetchall()


def note_ops(db: sqlite3.Connection, workspace_id: int, policy_id: str) -> list[Op]:
    return notes_of(db, workspace_id, [policy_id]).get(policy_id, [])


def notes_of(db: sqlite3.Connection, workspace_id: int, policies: list[str]) -> dict[str, list[Op]]:
    """Every note edit of the given policies, by policy."""
    found: dict[str, list[Op]] = {}
    if not policies:
        return found
    marks = ", ".join("?" for _ in policies)
    rows = db.execute(
        f"SELECT line FROM team_notes WHERE workspace_id = ? AND policy_id IN ({marks})",
        (workspace_id, *policies),
    )
    for op in op_lines.trusted_many([r[0] for r in rows]):
        found.setdefault(op.policy, []).append(op)
    return found


def set_clock(db: sqlite3.Connection, workspace_id: int, readings: list[str]) -> None:
    """Move the workspace's clock to the newest reading seen (it never goes back)."""
    if readings:
        db.execute(
            "UPDATE team_links SET clock = MAX(COALESCE(clock, ''), ?) WHERE workspace_id = ?",
            (max(readings), workspace_id),
        )


def item_rows(db: sqlite3.Connection, workspace_id: int) -> dict[str, int]:
    """Team item ID ("custom:u…") -> this store's custom item row."""
    rows = db.execute("SELECT uid, row_id FROM team_items WHERE workspace_id = ?", (workspace_id,))
    return {op_lines.CUSTOM_PREFIX + uid: row_id for uid, row_id in rows}
