"""The `progress`, `check` and `note` command-line verbs: the same store as the app, no Qt."""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path

from nsp_desktop.cli.arguments import shown
from nsp_desktop.core import log, paths
from nsp_desktop.core.content import ContentError, load_toolkit
from nsp_desktop.core.fileutil import NotAFile, TooLarge, read_regular
from nsp_desktop.core.models import Toolkit
from nsp_desktop.core.progress import STATUS_LABELS, PolicyState, WorkspaceState
from nsp_desktop.core.report import CHECK_LABEL
from nsp_desktop.core.store import MAX_NOTE_CHARS, Store, StoreError
from nsp_desktop.core.team import views as team_views

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
    new = note.add_mutually_exclusive_group()
    new.add_argument(
        "--set",
        metavar="TEXT",
        dest="text",
        help="replace the note with TEXT ('-': standard input)",
    )
    new.add_argument(
        "--file", metavar="PATH", help="replace the note with the UTF-8 text of PATH ('-': stdin)"
    )
    for parser in (progress, check, note):
        parser.add_argument("--workspace", metavar="NAME", help="workspace (default: the current)")


def open_toolkit_and_store(args: argparse.Namespace) -> tuple[Toolkit, Store] | int:
    """The content and the store the verbs work on, or an exit code after a message."""
    try:
        in_use = paths.content_dir(paths.data_paths(args.data_dir).data_dir)
        toolkit = load_toolkit(Path(args.content) if args.content else in_use)
    except ContentError as error:
        print(f"nsp-desktop: the toolkit content cannot be read:\n{error}", file=sys.stderr)
        return 2
    try:
        store = Store.open(paths.data_paths(args.data_dir).data_dir)
    except (StoreError, OSError, sqlite3.Error) as error:
        print(f"nsp-desktop: {shown(error)}", file=sys.stderr)
        return 3
    for notice in store.notices():  # a damaged file set aside, a migration and its backup
        log.logger.warning(notice)
        print(f"nsp-desktop: {notice}", file=sys.stderr)
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
        print(f"nsp-desktop: {shown(error)}", file=sys.stderr)
        return 1
    except sqlite3.Error as error:  # the data cannot be read (a failing disk, a damaged page)
        print(f"nsp-desktop: the saved data cannot be read: {shown(error)}", file=sys.stderr)
        return 3


def _policy(toolkit: Toolkit, state: WorkspaceState, policy_id: str) -> PolicyState:
    policy = state.policy(policy_id)
    if policy is None or toolkit.page(policy_id) is None and not policy.retired:
        known = ", ".join(p.id for p in toolkit.policies)
        raise CommandError(f"unknown policy {shown(repr(policy_id))} (policies: {known})")
    return policy


def _check(store: Store, toolkit: Toolkit, workspace_id: int, args) -> int:
    state = store.workspace_state(toolkit, workspace_id)
    policy = _policy(toolkit, state, args.policy_id)
    item = next((i for i in policy.items if i.id == args.item_id), None)
    if item is None:
        known = ", ".join(i.id for i in policy.items) or "none"
        raise CommandError(
            f"unknown item {shown(repr(args.item_id))} in {policy.id!r} (items: {known})"
        )
    store.set_done(workspace_id, policy.id, item.id, not args.undo, label=item.text)
    return 0


def _note(store: Store, toolkit: Toolkit, workspace_id: int, args) -> int:
    policy = _policy(toolkit, store.workspace_state(toolkit, workspace_id), args.policy_id)
    if args.text is None and args.file is None:
        text = store.note(workspace_id, policy.id)
        if text:
            print(shown(text))
        return 0
    if args.file is not None:
        text = read_note(args.file)
    elif args.text == "-":
        text = read_note("-")
    else:
        text = args.text
    store.set_note(workspace_id, policy.id, text)
    return 0


def read_note(path: str) -> str:
    """A note's new text from a file or standard input ('-'): UTF-8, and no longer than a note
    may be (read no further than that, so /dev/zero or a pipe that never ends cannot fill memory)."""
    limit = MAX_NOTE_CHARS * 4 + 4  # a character is at most 4 bytes in UTF-8
    too_long = CommandError(f"a note may have at most {MAX_NOTE_CHARS:,} characters.")
    try:
        raw = sys.stdin.buffer.read(limit + 1) if path == "-" else read_regular(path, limit)
    except NotAFile:
        raise CommandError(f"{shown(path)} is not a regular file.") from None
    except TooLarge:
        raise too_long from None
    except OSError as error:
        raise CommandError(f"cannot read {shown(path)}: {error.strerror or error}.") from None
    if len(raw) > limit:
        raise too_long
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CommandError(f"{shown(path)} is not UTF-8 text; nothing was changed.") from None


def _progress(state: WorkspaceState, as_json: bool, changes: dict | None = None) -> int:
    if as_json:
        print(json.dumps(progress_json(state, changes), indent=2, ensure_ascii=False))
        return 0
    print(f"Workspace: {shown(state.workspace.name)}")
    print(f"✓ after a policy: {CHECK_LABEL}")  # beside a count it would read as "done"
    for policy in state.policies:
        mark = "  ✓" if policy.preempted_friendly else ""
        retired = " (retired)" if policy.retired else ""
        status = STATUS_LABELS.get(policy.status, policy.status)
        print(
            f"{policy.done_count:>2}/{policy.total:<2} {shown(status):<13}"
            f" {shown(policy.title)}{retired}{mark}"
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
