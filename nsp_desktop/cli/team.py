"""The `team` verbs: join a shared folder, sync it, show its status. The same core as the app."""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys

from nsp_desktop.core import paths
from nsp_desktop.core.progress import Workspace
from nsp_desktop.core.store import Store, StoreError
from nsp_desktop.core.team import sync as team_sync
from nsp_desktop.core.team import tables, views
from nsp_desktop.core.team.tables import TeamError


def add_parser(verbs: argparse._SubParsersAction) -> None:
    """Add `team join|sync|status|leave|history` to the `nsp-desktop` parser."""
    team = verbs.add_parser("team", help="share a workspace with colleagues through a folder")
    actions = team.add_subparsers(dest="team_command", metavar="ACTION", required=True)
    join = actions.add_parser("join", help="share a workspace through FOLDER, or join its team")
    join.add_argument("folder", metavar="FOLDER", help="a folder your office already syncs")
    join.add_argument("--name", required=True, help="your name, as colleagues will see it")
    sync = actions.add_parser("sync", help="apply colleagues' changes and write yours")
    status = actions.add_parser(
        "status", help="folder, members, pending changes, conflicts (of one shared workspace)"
    )
    status.add_argument("--json", action="store_true", help="print JSON")
    leave = actions.add_parser("leave", help="stop sharing (your progress stays here)")
    history = actions.add_parser("history", help="who changed what in a policy, and when")
    history.add_argument("policy_id", metavar="POLICY_ID")
    for parser in (join, sync, status, leave, history):
        parser.add_argument("--workspace", metavar="NAME", help="workspace (default: the current)")


def run(args: argparse.Namespace) -> int:
    """Run one team action: a line on stdout when done, a sentence on stderr and 1 when not."""
    data_dir = paths.data_paths(args.data_dir).data_dir
    try:
        store = Store.open(data_dir)
    except (StoreError, OSError) as error:
        print(f"nsp-desktop: {error}", file=sys.stderr)
        return 3
    try:
        with store:
            return _ACTIONS[args.team_command](store, args, data_dir)
    except (TeamError, StoreError) as error:
        print(f"nsp-desktop team: {error}", file=sys.stderr)
        return 1
    except sqlite3.OperationalError as error:  # another program held the database too long
        print(f"nsp-desktop team: the saved data is busy ({error}); try again.", file=sys.stderr)
        return 1


def _join(store: Store, args: argparse.Namespace, data_dir) -> int:
    joined = team_sync.join(store, args.folder, args.name, data_dir, args.workspace)
    for warning in joined.warnings:
        print(f"nsp-desktop team: warning: {warning}", file=sys.stderr)
    what = "Started a team in" if joined.created else "Joined the team in"
    print(
        f"{what} {joined.report.folder} as {' '.join(args.name.split())}:"
        f" workspace “{joined.workspace.name}”."
    )
    return _report(joined.report)


def _sync(store: Store, args: argparse.Namespace, data_dir) -> int:
    chosen = _chosen(store, args)
    code = 0
    for workspace in chosen:
        code = max(code, _report(team_sync.sync(store, workspace.id)))
    return code


def _report(report: team_sync.SyncReport) -> int:
    for problem in report.problems:
        if problem.level != "note":
            print(f"nsp-desktop team: {problem.level}: {problem.text}", file=sys.stderr)
    print(report.summary())
    return 0 if report.ok else 1


def _status(store: Store, args: argparse.Namespace, data_dir) -> int:
    each = views.status(store, _chosen(store, args)[0].id)
    if args.json:
        print(json.dumps(each.as_json(), indent=2, ensure_ascii=False))
        return 0
    print(f"Workspace “{each.workspace}” shared through {each.folder} as {each.you}")
    print(f"  last synced: {each.last_sync or 'never'}; pending changes: {each.pending}")
    for member in each.members:
        you = " (you)" if member.you else ""
        print(f"  {member.name}{you}: last change {member.last_seen}")
    for policy in each.conflicts:
        print(f"  conflict: the note of {policy} holds two versions; edit it to resolve")
    for warning in each.warnings:
        print(f"  warning: {warning}")
    return 0


def _leave(store: Store, args: argparse.Namespace, data_dir) -> int:
    workspace = _one(store, args)
    folder = team_sync.leave(store, workspace.id)
    print(f"“{workspace.name}” is no longer shared through {folder}; its progress stays here.")
    return 0


def _history(store: Store, args: argparse.Namespace, data_dir) -> int:
    workspace = _one(store, args)
    lines = views.history(store, workspace.id, args.policy_id)
    print("\n".join(lines) if lines else f"No team changes to {args.policy_id} yet.")
    return 0


def _one(store: Store, args: argparse.Namespace) -> Workspace:
    return store.workspace(args.workspace) if args.workspace else store.current_workspace()


def _chosen(store: Store, args: argparse.Namespace) -> list[Workspace]:
    """--workspace; else the current one when shared; else every shared workspace, oldest first."""
    if args.workspace:
        return [store.workspace(args.workspace)]
    current = store.current_workspace()
    db = store.connection
    if tables.link(db, current.id):
        return [current]
    shared = {link.workspace_id for link in tables.links(db)}
    found = [w for w in store.workspaces() if w.id in shared]
    if not found:
        tables.linked(db, current.id)  # raises the "not shared" sentence
    return found


_ACTIONS = {
    "join": _join,
    "sync": _sync,
    "status": _status,
    "leave": _leave,
    "history": _history,
}
