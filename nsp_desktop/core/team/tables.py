"""The team tables as typed reads and writes: links, this device's ID, the winners, the clock."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

from nsp_desktop.core.team import ops as op_lines
from nsp_desktop.core.team.merge import Target
from nsp_desktop.core.team.ops import Op

_STORED = tuple(Op._fields.index(f) for f in ("op_id", "hlc", "field", "policy"))


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
        "SELECT MAX(hlc) FROM team_ops WHERE workspace_id = ?", (workspace_id,)
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
    db: sqlite3.Connection, workspace_id: int, table: dict[Target, Op], changed: set[Target]
) -> None:
    db.executemany(
        "INSERT OR REPLACE INTO team_state (workspace_id, field, policy_id, item_id, line)"
        " VALUES (?, ?, ?, ?, ?)",
        [(workspace_id, *t, op_lines.encode(table[t])) for t in changed],
    )


def store_ops(
    db: sqlite3.Connection,
    workspace_id: int,
    found: list[Op],
    written: bool,
    lines: list[str] | None = None,
) -> int:
    """Keep operations (each once, with their line when given); returns how many were new."""
    lines = lines if lines is not None else [op_lines.encode(o) for o in found]
    before = db.total_changes
    # The rows are zipped from the operations' own fields (C speed: a sync may bring 100,000).
    db.executemany(
        "INSERT OR IGNORE INTO team_ops (op_id, hlc, field, policy_id, line, workspace_id,"
        f" written) VALUES (?, ?, ?, ?, ?, {int(workspace_id)}, {int(written)})",
        zip(*(map(itemgetter(n), found) for n in _STORED), lines, strict=True),
    )
    return db.total_changes - before


def note_ops(db: sqlite3.Connection, workspace_id: int, policy_id: str) -> list[Op]:
    return notes_of(db, workspace_id, [policy_id]).get(policy_id, [])


def notes_of(db: sqlite3.Connection, workspace_id: int, policies: list[str]) -> dict[str, list[Op]]:
    """Every note edit of the given policies, by policy."""
    found: dict[str, list[Op]] = {}
    if not policies:
        return found
    marks = ", ".join("?" for _ in policies)
    rows = db.execute(
        f"SELECT line FROM team_ops WHERE workspace_id = ? AND field = 'note'"
        f" AND policy_id IN ({marks})",
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
