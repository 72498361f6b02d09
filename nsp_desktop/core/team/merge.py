"""Merging operations: per field the latest clock wins; notes merge three-way and keep conflicts.

Everything here is a pure function of a set of operations, so the result does not depend on the
order files arrive in, or on how often one arrives: merging is commutative, associative and
idempotent, and every device that has seen the same operations shows the same state.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from nsp_desktop.core.team import clock
from nsp_desktop.core.team.ops import Op

Target = tuple[str, str, str]  # (field, policy ID, item ID or "")
END_MARK = "----- end of the two versions -----"  # closes the versions of a conflicted note


def apply(winners: dict[Target, Op], ops: Iterable[Op]) -> set[Target]:
    """Fold operations into the latest-wins table (notes excluded); returns the targets changed."""
    changed: set[Target] = set()
    for op in ops:  # by index, not by name: a sync folds 100,000 operations, and names cost twice
        _, _, _, hlc, field, policy, item = op[:7]
        if field == "note":
            continue
        target = (field, policy, item)
        held = winners.get(target)
        if held is None or hlc > held[3] or hlc == held[3] and op[0] > held[0]:
            winners[target] = op
            changed.add(target)
    return changed


@dataclass(frozen=True)
class Note:
    """A policy's note as merged: its text, whether two edits overlapped, and its newest versions."""

    text: str
    conflicted: bool
    heads: tuple[str, ...]  # operation IDs a new edit is made from
    base: str = (
        ""  # the newest version every head was made from (what a conflict is measured against)
    )


def note(ops: Iterable[Op]) -> Note:
    """The note the edits of one policy add up to (a DAG of versions, merged at its heads)."""
    by_id = {op.op_id: op for op in ops}
    replaced = {parent for op in by_id.values() for parent in op.parents}
    heads = sorted((op for op in by_id.values() if op.op_id not in replaced), key=_order)
    if not heads:
        return Note("", False, ())
    if len(heads) == 1:
        return Note(str(heads[0].value), False, (heads[0].op_id,))
    common = set.intersection(*(_ancestors(head, by_id) for head in heads))
    base = str(max((by_id[i] for i in common), key=_order).value) if common else ""
    text, conflicted, name = str(heads[0].value), False, _name(heads[0])
    for head in heads[1:]:
        text, clash = merge3(base, text, str(head.value), name, _name(head))
        conflicted = conflicted or clash
        name = "the merged"
    return Note(text, conflicted, tuple(head.op_id for head in heads), base)


def _order(op: Op) -> tuple[str, str]:
    return op.order


def _name(op: Op) -> str:
    return f"{op.member or 'Someone'}'s ({clock.iso(op.hlc)[:16].replace('T', ' ')} UTC)"


def _ancestors(op: Op, by_id: dict[str, Op]) -> set[str]:
    seen = {op.op_id}
    stack = list(op.parents)
    while stack:
        parent = stack.pop()
        if parent in seen or parent not in by_id:
            continue
        seen.add(parent)
        stack.extend(by_id[parent].parents)
    return seen


def merge3(base: str, ours: str, theirs: str, our_name: str, their_name: str) -> tuple[str, bool]:
    """Merge two edits of `base` line by line; where they overlap keep both, marked. (text, clash)."""
    if ours == theirs or theirs == base:
        return ours, False
    if ours == base:
        return theirs, False
    old, mine, yours = (_lines(t) for t in (base, ours, theirs))
    changes = sorted(
        [(i1, i2, 0, lines) for i1, i2, lines in _changes(old, mine)]
        + [(i1, i2, 1, lines) for i1, i2, lines in _changes(old, yours)]
    )
    out: list[str] = []
    position, k, clash = 0, 0, False
    while k < len(changes):
        low, high = changes[k][0], changes[k][1]
        group = [changes[k]]
        k += 1
        while k < len(changes) and changes[k][0] <= high:
            high = max(high, changes[k][1])
            group.append(changes[k])
            k += 1
        out += old[position:low]
        a = _region(old, [c for c in group if c[2] == 0], low, high)
        b = _region(old, [c for c in group if c[2] == 1], low, high)
        if {c[2] for c in group} == {0}:
            out += a
        elif {c[2] for c in group} == {1} or a == b:
            out += b
        else:
            clash = True
            out += [f"----- {our_name} version -----\n", *_ended(a)]
            out += [f"----- {their_name} version -----\n", *_ended(b)]
            out += [END_MARK + "\n"]
        position = high
    out += old[position:]
    return "".join(out), clash


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _ended(lines: list[str]) -> list[str]:
    if lines and not lines[-1].endswith("\n"):
        return [*lines[:-1], lines[-1] + "\n"]
    return lines


def _changes(old: list[str], new: list[str]) -> list[tuple[int, int, list[str]]]:
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    return [(i1, i2, new[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def _region(old: list[str], group: list, low: int, high: int) -> list[str]:
    """One side's text for old[low:high], given that side's changes inside that range."""
    out: list[str] = []
    position = low
    for i1, i2, _, lines in group:
        out += old[position:i1]
        out += lines
        position = i2
    return out + old[position:high]


@dataclass
class TeamState:
    """What a set of operations adds up to: the winning operation per field, and every note."""

    winners: dict[Target, Op]
    notes: dict[str, Note]


def fold(ops: Iterable[Op]) -> TeamState:
    """The state of a set of operations from scratch (duplicates count once)."""
    unique = {op.op_id: op for op in ops}
    winners: dict[Target, Op] = {}
    apply(winners, unique.values())
    by_policy: dict[str, list[Op]] = {}
    for op in unique.values():
        if op.field == "note":
            by_policy.setdefault(op.policy, []).append(op)
    return TeamState(winners, {policy: note(each) for policy, each in by_policy.items()})
