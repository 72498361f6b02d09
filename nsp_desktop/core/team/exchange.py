"""History in JSON exports: a merge by file decides as a merge by folder does, and can untick.

An export carries the operations behind its policies' ticks, statuses and notes. Importing it with
a merge folds those operations with the workspace's own history (kept for every workspace): per
field the latest change wins, an untick too, and notes merge three-way. People's own items still
merge by their text (their team IDs differ between unrelated laptops).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from nsp_desktop.core.progress import DEFAULT_STATUS, STATUS_LABELS, is_custom
from nsp_desktop.core.store import Store
from nsp_desktop.core.team import materialize, merge, tables
from nsp_desktop.core.team import ops as op_lines
from nsp_desktop.core.team.ops import Op
from nsp_desktop.core.team.record import Recorder, ensure_history

FIELDS = ("done", "status", "owner", "due", "note")


def carried(op: Op) -> bool:
    """Whether a file's operation is merged as history (content items, statuses, notes)."""
    return op.field in FIELDS and not is_custom(op.item)


def operations(store: Store, workspace_id: int, policies: Iterable[str]) -> list[dict]:
    """The history of the given policies, oldest first, as JSON objects for an export."""
    db = store.connection
    if not store.read_only:  # read-only data still exports, with the history it has
        with store.batch():
            ensure_history(db, workspace_id, tables.device_id(db))
    found = tables.ops_of(db, workspace_id, sorted(set(policies)))
    return [json.loads(op_lines.encode(op)) for op in found if carried(op)]


@dataclass
class Outcome:
    """What merging a file's history changes, in a person's words, and the operations to keep."""

    operations: list[Op]
    ticked: list[tuple[str, str]] = field(default_factory=list)  # (policy, item)
    unticked: list[tuple[str, str]] = field(default_factory=list)
    statuses: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # policy -> new
    notes: list[str] = field(default_factory=list)  # policies whose note changes
    decided: set[tuple[str, str]] = field(default_factory=set)  # (kind, policy[/item]) settled

    def decides(self, kind: str, policy: str, item: str = "") -> bool:
        return (kind, f"{policy}/{item}" if item else policy) in self.decided


def outcome(store: Store, workspace_id: int, theirs: Iterable[Op]) -> Outcome:
    """Fold a file's operations with the workspace's history; nothing is written but history."""
    db = store.connection
    if not store.read_only:  # read-only data still exports, with the history it has
        with store.batch():
            ensure_history(db, workspace_id, tables.device_id(db))
    found = [op for op in theirs if carried(op)]
    result = Outcome(found)
    policies = sorted({op.policy for op in found})
    if not policies:
        return result
    state = merge.fold(tables.ops_of(db, workspace_id, policies) + found)
    ticks = {
        (r[0], r[1])
        for r in db.execute(
            "SELECT policy_id, item_id FROM ticks WHERE workspace_id = ?", (workspace_id,)
        )
    }
    for op in found:
        if op.field == "done":
            result.decided.add(("done", f"{op.policy}/{op.item}"))
            winner = state.winners[op.target]
            here = (op.policy, op.item) in ticks
            if winner.value is True and not here and (op.policy, op.item) not in result.ticked:
                result.ticked.append((op.policy, op.item))
            elif winner.value is False and here and (op.policy, op.item) not in result.unticked:
                result.unticked.append((op.policy, op.item))
        elif op.field == "note":
            result.decided.add(("note", op.policy))
        else:
            result.decided.add(("status", op.policy))
    for policy in sorted({p for kind, p in result.decided if kind == "status"}):
        row = db.execute(
            "SELECT status, owner, due FROM policy_status WHERE workspace_id = ? AND policy_id = ?",
            (workspace_id, policy),
        ).fetchone()
        now = tuple(row) if row else (DEFAULT_STATUS, "", "")
        new = tuple(
            state.winners[(f, policy, "")].value if (f, policy, "") in state.winners else now[n]
            for n, f in enumerate(("status", "owner", "due"))
        )
        if new != now:
            result.statuses[policy] = new  # type: ignore[assignment]
    for policy in sorted({p for kind, p in result.decided if kind == "note"}):
        row = db.execute(
            "SELECT text FROM notes WHERE workspace_id = ? AND policy_id = ?",
            (workspace_id, policy),
        ).fetchone()
        if state.notes[policy].text != (row[0] if row else ""):
            result.notes.append(policy)
    return result


def describe(status: tuple[str, str, str]) -> str:
    text = STATUS_LABELS.get(status[0], status[0])
    return (
        text
        + (f", owner {status[1]}" if status[1] else "")
        + (f", due {status[2]}" if status[2] else "")
    )


def apply(store: Store, workspace_id: int, found: Outcome) -> None:
    """Keep the file's operations as history and write what they decide (inside the caller's
    transaction when there is one); a shared workspace passes them on at its next sync."""
    db = store.connection
    shared = tables.link(db, workspace_id) is not None
    with store.batch():
        # The plan's rows written just before become history first, so they stand as written.
        Recorder(db, tables.history_link(db, workspace_id), tables.device_id(db)).flush()
        db.execute("INSERT INTO team_quiet (flag) VALUES (1)")
        materialize.fold_in(db, workspace_id, found.operations, written=not shared)
        db.execute("DELETE FROM team_quiet")


def adjust(plan, current, file, found: Outcome) -> None:
    """Let the history decide what it covers in an import plan (`importer.Plan`), and say so."""
    mine = {p.id: p for p in current.policies}
    theirs = {fp.id: fp for fp in file.policies}

    def title(policy: str) -> str:
        here = mine.get(policy)
        there = theirs.get(policy)
        return here.title if here and not here.retired else there.title if there else policy

    texts = {(fp.id, i.id): i.text for fp in file.policies for i in fp.items}
    for policy in current.policies:
        for item in policy.items:
            texts.setdefault((policy.id, item.id), item.text)

    def label(policy: str, item: str) -> str:
        return f"{title(policy)}: {texts.get((policy, item), item)}"

    done = {(k, p) for k, p in found.decided if k == "done"}
    gone = {label(*p.split("/", 1)) for _, p in done}
    plan.ticks = [t for t in plan.ticks if not found.decides("done", t[0], t[1])]
    plan.ticked = [x for x in plan.ticked if x not in gone] + [label(*t) for t in found.ticked]
    plan.unticked = [x for x in plan.unticked if x not in gone]
    plan.unticked += [label(*t) for t in found.unticked]
    decided = {p for k, p in found.decided if k == "status"}
    plan.statuses = [s for s in plan.statuses if s[0] not in decided]
    prefixes = tuple(f"{title(p)}: " for p in decided)
    plan.status_changes = [x for x in plan.status_changes if not x.startswith(prefixes or ("\0",))]
    for policy, new in found.statuses.items():
        here = mine.get(policy)
        old = (here.status, here.owner, here.due) if here else (DEFAULT_STATUS, "", "")
        plan.status_changes.append(f"{title(policy)}: {describe(old)} → {describe(new)}")
    decided = {p for k, p in found.decided if k == "note"}
    plan.notes = [n for n in plan.notes if n[0] not in decided]
    titles = {title(p) for p in decided}
    plan.note_changes = [x for x in plan.note_changes if x not in titles]
    plan.note_changes += [title(p) for p in found.notes]
