"""Immutable data types for the toolkit; everything else passes these around.

Named tuples rather than frozen dataclasses: the same immutability, equality and repr, for half
the cost of defining them at start-up (dataclasses generate and compile code for every class).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|\*|__)(.+?)\1")


def plain_text(markdown_text: str) -> str:
    """Markdown inline text as a reader sees it: link labels kept, markup dropped."""
    text = _LINK.sub(r"\1", markdown_text)
    text = _EMPHASIS.sub(r"\2", text)
    return " ".join(text.split())


class Resource(NamedTuple):
    """A companion resource the toolkit names but does not include (no address is known)."""

    id: str
    label: str


class ChecklistItem(NamedTuple):
    """One step or measure of a policy; `markdown` is its text as written in the content."""

    id: str
    markdown: str
    depth: int = 0
    parent_id: str | None = None
    numbered: bool = True

    @property
    def text(self) -> str:
        return plain_text(self.markdown)


class Checklist(NamedTuple):
    """A run of checklist items shown together in a page (a numbered or bulleted list)."""

    items: tuple[ChecklistItem, ...]


# A page body is a sequence of Markdown text blocks and checklist blocks, in reading order.
Block = str | Checklist


class Page(NamedTuple):
    """Anything the reader can show: the introduction, a priority or a policy."""

    id: str
    kind: str  # "introduction", "priority" or "policy"
    title: str
    source: str  # the content file this page came from, for error messages
    blocks: tuple[Block, ...] = ()
    resources: tuple[Resource, ...] = ()
    priority_id: str | None = None
    order: int = 0
    preempted_friendly: bool = False
    # Items quoted from the text when the policy has no list of steps of its own.
    summary_items: tuple[ChecklistItem, ...] = ()

    @property
    def items(self) -> tuple[ChecklistItem, ...]:
        """Every checklist item of the page in reading order."""
        found: list[ChecklistItem] = []
        for block in self.blocks:
            if isinstance(block, Checklist):
                found.extend(block.items)
        found.extend(self.summary_items)
        return tuple(found)

    @property
    def body_text(self) -> str:
        """The page text without markup, for search and snippets."""
        parts: list[str] = []
        for block in self.blocks:
            if isinstance(block, Checklist):
                parts.extend(item.text for item in block.items)
            else:
                parts.append(plain_text(block))
        return "\n".join(parts)

    def resource(self, resource_id: str) -> Resource | None:
        return next((r for r in self.resources if r.id == resource_id), None)


class Toolkit:
    """The whole toolkit: metadata, the introduction, priorities and policies in reading order."""

    def __init__(
        self,
        title: str,
        subtitle: str,
        edition: str,
        version: str,
        publisher: str,
        preempted_legend: str,
        introduction: Page,
        priorities: tuple[Page, ...],
        policies: tuple[Page, ...],
        root: Path | None = None,  # the content folder it was read from
    ):
        self.title = title
        self.subtitle = subtitle
        self.edition = edition
        self.version = version
        self.publisher = publisher
        self.preempted_legend = preempted_legend
        self.introduction = introduction
        self.priorities = priorities
        self.policies = policies
        self.root = root
        self._index = {page.id: page for page in self.pages()}
        self._memo: dict[str, str] = {}

    def __repr__(self) -> str:
        return f"Toolkit({self.title!r}, edition={self.edition!r}, version={self.version!r})"

    def pages(self) -> tuple[Page, ...]:
        """Every page in the toolkit's own order: introduction, then each priority and its policies."""
        ordered = [self.introduction]
        for priority in self.priorities:
            ordered.append(priority)
            ordered.extend(self.policies_of(priority.id))
        return tuple(ordered)

    @property
    def content_hash(self) -> str:
        """A digest of the content files (computed on first use: start-up does not need it)."""
        if "hash" not in self._memo:
            self._memo["hash"] = folder_digest(self.root) if self.root else ""
        return self._memo["hash"]

    def page(self, page_id: str) -> Page | None:
        return self._index.get(page_id)

    def policies_of(self, priority_id: str) -> tuple[Page, ...]:
        return tuple(p for p in self.policies if p.priority_id == priority_id)


def folder_digest(root: Path) -> str:
    """A digest of every content file, so caches and exports can tell editions apart."""
    import hashlib  # deferred: loading OpenSSL's hashes costs start-up ~4 ms

    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file():  # regular files only: never a device or a pipe
            digest.update(path.relative_to(root).as_posix().encode())
            with path.open("rb") as handle:  # in pieces: a large file need not fit in memory
                for piece in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(piece)
    return digest.hexdigest()
