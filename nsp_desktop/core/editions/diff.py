"""What changed between two editions, page by page: by stable ID, with word-level rewording."""

from __future__ import annotations

import difflib
import re
from typing import Any, NamedTuple

from nsp_desktop.core.models import Page, Toolkit, plain_text

_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+")


class WordOp(NamedTuple):
    """A run of words kept (`equal`), taken out (`delete`) or put in (`insert`)."""

    op: str
    text: str


class Reworded(NamedTuple):
    """A sentence or item whose words changed: `old` is empty when added, `new` when removed."""

    id: str  # the item's ID; "" for a sentence of the text
    old: str
    new: str
    words: tuple[WordOp, ...]


class ItemRef(NamedTuple):
    id: str
    text: str


class PageChange(NamedTuple):
    """How one page (a policy, a priority or the introduction) differs between two editions."""

    id: str
    kind: str
    title: str
    change: str  # "added", "removed" or "changed"
    old_title: str = ""
    fields: tuple[str, ...] = ()  # other things that changed: "priority", "check mark"
    items_added: tuple[ItemRef, ...] = ()
    items_removed: tuple[ItemRef, ...] = ()
    items_changed: tuple[Reworded, ...] = ()
    sentences: tuple[Reworded, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "change": self.change,
            "old_title": self.old_title or None,
            "fields": list(self.fields),
            "items": {
                "added": [r._asdict() for r in self.items_added],
                "removed": [r._asdict() for r in self.items_removed],
                "changed": [_reworded_json(r) for r in self.items_changed],
            },
            "sentences": [_reworded_json(r) for r in self.sentences],
        }


class EditionDiff(NamedTuple):
    old_version: str
    new_version: str
    old_edition: str
    new_edition: str
    pages: tuple[PageChange, ...]  # in the new edition's reading order, removed pages last

    @property
    def policies(self) -> tuple[PageChange, ...]:
        return tuple(p for p in self.pages if p.kind == "policy")

    def changed_policy_ids(self) -> frozenset[str]:
        """Policies to mark in the contents: added or changed (removed ones are not there)."""
        return frozenset(p.id for p in self.policies if p.change != "removed")

    def to_json(self) -> dict[str, Any]:
        return {
            "from": {"version": self.old_version, "edition": self.old_edition},
            "to": {"version": self.new_version, "edition": self.new_edition},
            "policies": [p.to_json() for p in self.policies],
            "other_pages": [p.to_json() for p in self.pages if p.kind != "policy"],
        }


def _reworded_json(r: Reworded) -> dict[str, Any]:
    data: dict[str, Any] = {"old": r.old, "new": r.new, "words": [list(w) for w in r.words]}
    return {"id": r.id, **data} if r.id else data


def word_diff(old: str, new: str) -> tuple[WordOp, ...]:
    """The words of `old` turned into `new`, as runs of kept, deleted and inserted words."""
    a, b = old.split(), new.split()
    ops: list[WordOp] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            ops.append(WordOp("equal", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            ops.append(WordOp("delete", " ".join(a[i1:i2])))
        if j2 > j1:
            ops.append(WordOp("insert", " ".join(b[j1:j2])))
    return tuple(ops)


def sentences(page: Page) -> list[str]:
    """The page's running text (not its checklist items) as plain sentences."""
    found: list[str] = []
    for block in page.blocks:
        if isinstance(block, str):
            for paragraph in block.split("\n\n"):
                found.extend(s for s in _SENTENCE_END.split(plain_text(paragraph)) if s)
    return found


def _sentence_changes(old: list[str], new: list[str]) -> tuple[Reworded, ...]:
    changes: list[Reworded] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        gone, came = old[i1:i2], new[j1:j2]
        paired = min(len(gone), len(came))
        for before, after in zip(gone[:paired], came[:paired], strict=True):
            changes.append(Reworded("", before, after, word_diff(before, after)))
        changes.extend(Reworded("", s, "", word_diff(s, "")) for s in gone[paired:])
        changes.extend(Reworded("", "", s, word_diff("", s)) for s in came[paired:])
    return tuple(changes)


def _refs(page: Page) -> tuple[ItemRef, ...]:
    return tuple(ItemRef(item.id, item.text) for item in page.items)


def page_change(old: Page | None, new: Page | None) -> PageChange | None:
    """How `old` became `new` (either may be missing), or None when nothing a reader sees changed."""
    if new is None and old is not None:
        return PageChange(old.id, old.kind, old.title, "removed", items_removed=_refs(old))
    if old is None and new is not None:
        return PageChange(new.id, new.kind, new.title, "added", items_added=_refs(new))
    assert old is not None and new is not None
    before = {item.id: item for item in old.items}
    after = {item.id: item for item in new.items}
    fields = tuple(
        name
        for name, differs in (
            ("priority", old.priority_id != new.priority_id),
            ("check mark", old.preempted_friendly != new.preempted_friendly),
            ("resources", old.resources != new.resources),
        )
        if differs
    )
    change = PageChange(
        new.id,
        new.kind,
        new.title,
        "changed",
        old_title=old.title if old.title != new.title else "",
        fields=fields,
        items_added=tuple(ItemRef(i.id, i.text) for i in new.items if i.id not in before),
        items_removed=tuple(ItemRef(i.id, i.text) for i in old.items if i.id not in after),
        items_changed=tuple(
            Reworded(i.id, before[i.id].text, i.text, word_diff(before[i.id].text, i.text))
            for i in new.items
            if i.id in before and before[i.id].text != i.text
        ),
        sentences=_sentence_changes(sentences(old), sentences(new)),
    )
    shown = (
        change.old_title,
        change.fields,
        change.items_added,
        change.items_removed,
        change.items_changed,
        change.sentences,
    )
    if any(shown) or old.blocks != new.blocks:
        return change
    return None


def diff_toolkits(old: Toolkit, new: Toolkit) -> EditionDiff:
    """Every page that was added, removed or changed from `old` to `new`."""
    changes = [page_change(old.page(page.id), page) for page in new.pages()]
    changes += [page_change(page, None) for page in old.pages() if new.page(page.id) is None]
    return EditionDiff(
        old.version,
        new.version,
        old.edition,
        new.edition,
        tuple(c for c in changes if c is not None),
    )
