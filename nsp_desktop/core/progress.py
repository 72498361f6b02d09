"""The plain read model of a person's progress: what the UI, the CLI and exports read from the store.

`Store.workspace_state(toolkit, workspace_id)` builds a `WorkspaceState`; nothing here speaks SQL or
Qt, so exports and tests can build and compare these values directly. (Only the store's
`workspace_state` needs this module, so opening the store at start-up does not import it.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

# Status values as stored (stable IDs), in the order a policy moves through them.
STATUSES: tuple[str, ...] = (
    "not-started",
    "researching",
    "drafting",
    "introduced",
    "adopted",
    "implemented",
    "not-pursuing",
)
STATUS_LABELS: dict[str, str] = {
    "not-started": "Not started",
    "researching": "Researching",
    "drafting": "Drafting",
    "introduced": "Introduced",
    "adopted": "Adopted",
    "implemented": "Implemented",
    "not-pursuing": "Not pursuing",
}
DEFAULT_STATUS = "not-started"
CUSTOM_PREFIX = "custom:"  # custom item IDs; a colon never appears in a content ID


def is_custom(item_id: str) -> bool:
    return item_id.startswith(CUSTOM_PREFIX)


class Workspace(NamedTuple):
    """A named set of ticks, statuses and notes (one jurisdiction)."""

    id: int
    name: str


__all__ = [
    "CUSTOM_PREFIX",
    "DEFAULT_STATUS",
    "STATUS_LABELS",
    "STATUSES",
    "ItemState",
    "PolicyState",
    "Workspace",
    "WorkspaceState",
    "is_custom",
]


@dataclass(frozen=True)
class ItemState:
    """One checklist item with the person's state; `retired` means its ID left the content."""

    id: str
    text: str
    done: bool
    done_at: str | None = None  # UTC ISO 8601, e.g. "2026-11-28T21:05:00Z"
    custom: bool = False
    retired: bool = False
    depth: int = 0
    parent_id: str | None = None

    def as_json(self) -> dict:
        """The item as the JSON exports and `progress --json` write it."""
        return {
            "id": self.id,
            "text": self.text,
            "done": self.done,
            "done_at": self.done_at,
            "custom": self.custom,
            "retired": self.retired,
        }


@dataclass(frozen=True)
class PolicyState:
    """A policy with its status, owner, due date, note and items (content, then custom)."""

    id: str
    title: str
    priority_id: str | None
    preempted_friendly: bool = False
    status: str = DEFAULT_STATUS
    status_changed_at: str | None = None
    owner: str = ""
    due: str = ""  # ISO date "YYYY-MM-DD" or ""
    note: str = ""
    note_updated_at: str | None = None
    items: tuple[ItemState, ...] = ()
    retired: bool = False  # the policy's ID is no longer in the content

    @property
    def active_items(self) -> tuple[ItemState, ...]:
        """Items that count towards progress: everything not retired."""
        return tuple(i for i in self.items if not i.retired)

    @property
    def done_count(self) -> int:
        return sum(1 for i in self.active_items if i.done)

    @property
    def total(self) -> int:
        return len(self.active_items)

    @property
    def last_change(self) -> str | None:
        """The latest of the status change, note edit and tick times."""
        stamps = [self.status_changed_at, self.note_updated_at, *(i.done_at for i in self.items)]
        present = [s for s in stamps if s]
        return max(present) if present else None


@dataclass(frozen=True)
class WorkspaceState:
    """Everything saved in one workspace, laid over the toolkit in reading order."""

    workspace: Workspace
    policies: tuple[PolicyState, ...]  # toolkit order, then retired policies
    _index: dict[str, PolicyState] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for policy in self.policies:
            self._index[policy.id] = policy

    def policy(self, policy_id: str) -> PolicyState | None:
        return self._index.get(policy_id)

    def progress(self, priority_id: str | None = None) -> tuple[int, int]:
        """(done, total) over one priority's policies, or every current policy when None."""
        chosen = [
            p
            for p in self.policies
            if not p.retired and (priority_id is None or p.priority_id == priority_id)
        ]
        return sum(p.done_count for p in chosen), sum(p.total for p in chosen)

    def retired_items(self) -> list[tuple[str, ItemState]]:
        """(policy ID, item) for every saved item whose ID is no longer in the content."""
        return [(p.id, i) for p in self.policies for i in p.items if i.retired or p.retired]
