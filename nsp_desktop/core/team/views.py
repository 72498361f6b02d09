"""What a person (or the UI, or `team status`) is shown: members, pending changes, conflicts,
who changed what and when, and a policy's history in plain lines.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from nsp_desktop.core.progress import STATUS_LABELS
from nsp_desktop.core.store import Store
from nsp_desktop.core.team import clock, merge, places, tables
from nsp_desktop.core.team import ops as op_lines
from nsp_desktop.core.team.ops import Op
from nsp_desktop.core.team.record import record


@dataclass(frozen=True)
class Member:
    name: str
    device: str
    last_seen: str  # UTC ISO time of the device's latest change
    you: bool


@dataclass(frozen=True)
class TeamStatus:
    """A shared workspace at a glance."""

    workspace: str
    folder: str
    you: str
    device: str
    last_sync: str | None
    members: tuple[Member, ...]
    pending: int  # this device's changes not yet in the folder
    conflicts: tuple[str, ...]  # policies whose note holds two versions
    warnings: tuple[str, ...]

    def as_json(self) -> dict:
        return {
            "workspace": self.workspace,
            "folder": self.folder,
            "you": self.you,
            "device": self.device,
            "last_sync": self.last_sync,
            "members": [m.__dict__ for m in self.members],
            "pending": self.pending,
            "conflicts": list(self.conflicts),
            "warnings": list(self.warnings),
        }


def status(store: Store, workspace_id: int) -> TeamStatus:
    db = store.connection
    link = tables.linked(db, workspace_id)
    device = db.execute("SELECT value FROM meta WHERE key = 'team_device'").fetchone()
    device = device[0] if device else ""
    rows = db.execute(
        "SELECT device, name, hlc FROM team_members WHERE workspace_id = ? ORDER BY hlc DESC",
        (workspace_id,),
    )
    members = [Member(name, each, clock.iso(latest), each == device) for each, name, latest in rows]
    pending = db.execute(
        "SELECT (SELECT COUNT(*) FROM team_changes WHERE workspace_id = ?)"
        " + (SELECT COALESCE(SUM(count), 0) FROM team_batches WHERE workspace_id = ?"
        " AND written = 0)",
        (workspace_id, workspace_id),
    ).fetchone()[0]
    name = next(w.name for w in store.workspaces() if w.id == workspace_id)
    warning = places.data_warning(store.path.parent)
    return TeamStatus(
        name, str(link.folder), link.member, device, link.last_sync, tuple(members), pending,
        conflicts(db, workspace_id), (warning,) if warning else (),
    )  # fmt: skip


def conflicts(db: sqlite3.Connection, workspace_id: int) -> tuple[str, ...]:
    """Policies whose note holds two overlapping versions, until a person edits it.

    Only notes whose saved text still holds the versions' closing line are merged to be sure
    (merging every note of a big team costs a third of a second; this query, next to nothing).
    """
    policies = [
        r[0]
        for r in db.execute(
            "SELECT policy_id FROM notes WHERE workspace_id = ? AND instr(text, ?) > 0"
            " AND policy_id IN (SELECT policy_id FROM team_notes WHERE workspace_id = ?)",
            (workspace_id, merge.END_MARK, workspace_id),
        )
    ]
    return tuple(
        p for p in sorted(policies) if merge.note(tables.note_ops(db, workspace_id, p)).conflicted
    )


def history(
    store: Store, workspace_id: int, policy_id: str, texts: dict[str, str] | None = None
) -> list[str]:
    """A policy's changes, oldest first: "2026-12-02 10:02 UTC  Ana ✓ Gather contract data".

    `texts` (item ID -> text, from the toolkit) names items whose operations carry no text.
    """
    return [
        f"{when[:16].replace('T', ' ')} UTC  {what}"
        for when, what in history_entries(store, workspace_id, policy_id, texts)
    ]


def history_entries(
    store: Store, workspace_id: int, policy_id: str, texts: dict[str, str] | None = None
) -> list[tuple[str, str]]:
    """`history` as (UTC ISO time, "Ana ✓ “Gather contract data”"), for a window to show the
    time where the person is."""
    record(store, workspace_id)
    found = tables.ops_of(store.connection, workspace_id, [policy_id])
    device = tables.device_id(store.connection)
    names = dict(texts or {})
    for op in found:
        if op.field == "item.text":
            names[op.item] = str(op.value)
        elif op.field == "done" and op.label:
            names.setdefault(op.item, op.label)
    entries = []
    for op in found:
        who = op.member or ("You" if op.device == device else "Someone")
        entries.append((clock.iso(op.hlc), f"{who} {_what(op, names)}"))
    return entries


def _what(op: Op, names: dict[str, str]) -> str:
    item = f"“{names.get(op.item) or op.label or op.item}”"
    if op.field == "done":
        return f"✓ {item}" if op.value else f"✗ {item}"
    if op.field == "status":
        return f"set the status to {STATUS_LABELS.get(str(op.value), op.value)}"
    if op.field in ("owner", "due"):
        what = "owner" if op.field == "owner" else "due date"
        return f"set the {what} to {op.value}" if op.value else f"cleared the {what}"
    if op.field == "note":
        return "edited the note"
    if op.field == "item.text":
        return f"wrote the item {item}"
    if op.field == "item.pos":
        return f"moved {item}"
    return f"deleted {item}" if op.value else f"restored {item}"


def attribution(store: Store, workspace_id: int) -> dict[tuple[str, str], tuple[str, str]]:
    """(policy ID, item ID or "") -> (who, when) of the latest change; empty when not shared."""
    return {key: (op.member, clock.iso(op.hlc)) for key, op in _latest(store, workspace_id).items()}


@dataclass(frozen=True)
class Change:
    """Who changed an item or a policy last, when (UTC ISO), and what: a field ("done", "note",
    "status", "item.text", ...) with `done` its value for a tick (True) or an untick (False)."""

    who: str
    when: str
    field: str
    done: bool = False


def changes_version(store: Store) -> int:
    """A number that changes whenever operations are added to the store, for a cache of
    `recorded_changes` (which reads every winner: a third of a second for a team of 100,000)."""
    return store.connection.execute("SELECT COALESCE(MAX(id), 0) FROM team_batches").fetchone()[0]


def recorded_changes(store: Store, workspace_id: int) -> dict[tuple[str, str], Change]:
    """`latest_changes` without this device's changes not yet made operations."""
    return {
        key: Change(op.member, clock.iso(op.hlc), op.field, op.value is True)
        for key, op in _latest(store, workspace_id).items()
    }


def latest_changes(
    store: Store,
    workspace_id: int,
    recorded: dict[tuple[str, str], Change] | None = None,
) -> dict[tuple[str, str], Change]:
    """Like `attribution`, saying what was changed, and counting this device's changes not yet
    made operations (a tick shows as the person's own at once, with nothing written for it).
    `recorded`: `recorded_changes` as read before, when `changes_version` has not changed since.
    Empty when the workspace is not shared."""
    db = store.connection
    link = tables.link(db, workspace_id)
    if link is None:
        return {}
    found = dict(recorded_changes(store, workspace_id) if recorded is None else recorded)
    rows = db.execute(  # oldest first: the newest of each target ends up kept
        "SELECT kind, policy_id, item_id, a, at_ms FROM team_changes WHERE workspace_id = ?"
        " ORDER BY id",
        (workspace_id,),
    )
    fields = {"done": "done", "status": "status", "note": "note", "item": "item.text"}
    for kind, policy, item, value, at_ms in rows:
        when = clock.iso(clock.encode(max(int(at_ms), 0), 0, "0" * 16))
        change = Change(link.member, when, fields.get(kind, "item.deleted"), value == "1")
        local = item if kind == "done" else f"custom:{item}" if kind == "item" else ""
        for key in ((policy, local), (policy, "")) if local else ((policy, ""),):
            found[key] = change
    return found


@dataclass(frozen=True)
class NoteVersion:
    """One of the versions a conflicted note was merged from: whose, when (UTC ISO), its text."""

    who: str
    when: str
    text: str


def note_versions(store: Store, workspace_id: int, policy_id: str) -> tuple[NoteVersion, ...]:
    """The versions of a policy's note that overlap (oldest first); empty when it has no conflict."""
    record(store, workspace_id)  # a resolution typed a moment ago counts
    found = tables.note_ops(store.connection, workspace_id, policy_id)
    merged = merge.note(found)
    if not merged.conflicted:
        return ()
    by_id = {op.op_id: op for op in found}
    heads = [by_id[i] for i in merged.heads]
    return tuple(NoteVersion(o.member or "Someone", clock.iso(o.hlc), str(o.value)) for o in heads)


def _latest(store: Store, workspace_id: int) -> dict[tuple[str, str], Op]:
    """(policy ID, item ID or "") -> the latest operation on it; empty when not shared."""
    db = store.connection
    if tables.link(db, workspace_id) is None:
        return {}
    rows = tables.item_rows(db, workspace_id)
    latest: dict[tuple[str, str], Op] = {}
    found = list(tables.winners(db, workspace_id).values())
    # A note's newest edit is one of its heads (an edit made from it would come later), so it is
    # the note's latest change without merging every note.
    notes = db.execute(
        "SELECT line, MAX(hlc) FROM team_notes WHERE workspace_id = ? GROUP BY policy_id",
        (workspace_id,),
    )
    found += op_lines.trusted_many([r[0] for r in notes])
    for op in found:
        if op.field == "member":
            continue
        item = op.item
        if item.startswith(op_lines.CUSTOM_PREFIX):
            item = f"custom:{rows[item]}" if item in rows else item
        for key in ((op.policy, item), (op.policy, "")) if item else ((op.policy, ""),):
            if key not in latest or op.order > latest[key].order:
                latest[key] = op
    return latest
