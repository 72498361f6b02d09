"""The `progress`, `check` and `note` command-line verbs: the same store as the app, no Qt."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from nsp_desktop import paths
from nsp_desktop.content import ContentError, load_toolkit
from nsp_desktop.core.team import views as team_views
from nsp_desktop.models import Toolkit
from nsp_desktop.store import Store, StoreError
from nsp_desktop.tracking import STATUS_LABELS, PolicyState, WorkspaceState

VERBS = ("progress", "check", "note")


class CommandError(Exception):
    """A mistake in the command (unknown ID or workspace): one line on stderr, exit 1."""


def add_parsers(verbs: argparse._SubParsersAction) -> None:
    """Add the verbs to the `nsp-desktop` parser."""
    progress = verbs.add_parser("progress", help="show checklist progress and statuses")
    progress.add_argument("--json", action="store_true", help="print JSON instead of a table")
    check = verbs.add_parser("check", help="tick a checklist item (or clear it with --undo)")
    check.add_argument("policy_id", metavar="POLICY_ID")
    check.add_argument("item_id", metavar="ITEM_ID")
    check.add_argument("--undo", action="store_true", help="clear the tick instead")
    note = verbs.add_parser("note", help="print a policy's note, or replace it with --set")
    note.add_argument("policy_id", metavar="POLICY_ID")
    note.add_argument("--set", metavar="TEXT", dest="text", help="replace the note with TEXT")
    for parser in (progress, check, note):
        parser.add_argument("--workspace", metavar="NAME", help="workspace (default: the current)")


def open_toolkit_and_store(args: argparse.Namespace) -> tuple[Toolkit, Store] | int:
    """The content and the store the verbs work on, or an exit code after a message."""
    try:
        toolkit = load_toolkit(Path(args.content) if args.content else paths.content_dir())
    except ContentError as error:
        print(f"nsp-desktop: the toolkit content cannot be read:\n{error}", file=sys.stderr)
        return 2
    try:
        store = Store.open(paths.data_paths(args.data_dir).data_dir)
    except (StoreError, OSError) as error:
        print(f"nsp-desktop: {error}", file=sys.stderr)
        return 3
    if store.recovered_from:
        print(
            f"nsp-desktop: the saved data was damaged; it was moved to {store.recovered_from}"
            " and a fresh store was started.",
            file=sys.stderr,
        )
    return toolkit, store


def run(args: argparse.Namespace) -> int:
    """Run one verb; every expected failure is a message on stderr and a non-zero exit."""
    opened = open_toolkit_and_store(args)
    if isinstance(opened, int):
        return opened
    toolkit, store = opened
    try:
        with store:
            workspace = store.workspace(args.workspace) if args.workspace else None
            workspace = workspace or store.current_workspace()
            if args.command == "progress":
                state = store.workspace_state(toolkit, workspace.id)
                return _progress(state, args.json, team_views.attribution(store, workspace.id))
            if args.command == "check":
                return _check(store, toolkit, workspace.id, args)
            return _note(store, toolkit, workspace.id, args)
    except (CommandError, StoreError) as error:
        print(f"nsp-desktop: {error}", file=sys.stderr)
        return 1


def _policy(toolkit: Toolkit, state: WorkspaceState, policy_id: str) -> PolicyState:
    policy = state.policy(policy_id)
    if policy is None or toolkit.page(policy_id) is None and not policy.retired:
        known = ", ".join(p.id for p in toolkit.policies)
        raise CommandError(f"unknown policy {policy_id!r} (policies: {known})")
    return policy


def _check(store: Store, toolkit: Toolkit, workspace_id: int, args) -> int:
    state = store.workspace_state(toolkit, workspace_id)
    policy = _policy(toolkit, state, args.policy_id)
    item = next((i for i in policy.items if i.id == args.item_id), None)
    if item is None:
        known = ", ".join(i.id for i in policy.items) or "none"
        raise CommandError(f"unknown item {args.item_id!r} in {policy.id!r} (items: {known})")
    store.set_done(workspace_id, policy.id, item.id, not args.undo, label=item.text)
    return 0


def _note(store: Store, toolkit: Toolkit, workspace_id: int, args) -> int:
    policy = _policy(toolkit, store.workspace_state(toolkit, workspace_id), args.policy_id)
    if args.text is None:
        text = store.note(workspace_id, policy.id)
        if text:
            print(text)
        return 0
    store.set_note(workspace_id, policy.id, args.text)
    return 0


def _progress(state: WorkspaceState, as_json: bool, changes: dict | None = None) -> int:
    if as_json:
        print(json.dumps(progress_json(state, changes), indent=2, ensure_ascii=False))
        return 0
    print(f"Workspace: {state.workspace.name}")
    for policy in state.policies:
        mark = "✓" if policy.preempted_friendly else " "
        retired = " (retired)" if policy.retired else ""
        print(
            f"{mark} {policy.done_count:>2}/{policy.total:<2} {STATUS_LABELS[policy.status]:<13}"
            f" {policy.title}{retired}"
        )
    done, total = state.progress()
    print(f"Overall: {done}/{total} items done")
    return 0


def progress_json(state: WorkspaceState, changes: dict | None = None) -> dict:
    """The `progress --json` document: policies in toolkit order with their items.

    `changes` maps (policy ID, item ID or "") to (who, when) for a shared workspace; otherwise
    `changed_by` is null and `changed_at` the item's tick time or the policy's last change.
    """
    changes = changes or {}

    def changed(policy: str, item: str, at: str | None) -> dict:
        by, when = changes.get((policy, item), (None, at))
        return {"changed_by": by, "changed_at": when}

    return {
        "workspace": state.workspace.name,
        "policies": [
            {
                "id": p.id,
                "title": p.title,
                "priority_id": p.priority_id,
                "preempted_friendly": p.preempted_friendly,
                "status": p.status,
                "status_changed_at": p.status_changed_at,
                "owner": p.owner,
                "due": p.due,
                "retired": p.retired,
                "done": p.done_count,
                "total": p.total,
                **changed(p.id, "", p.last_change),
                "items": [
                    {**item.as_json(), **changed(p.id, item.id, item.done_at)} for item in p.items
                ],
            }
            for p in state.policies
        ],
    }
