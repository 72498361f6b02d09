"""The `export` and `import` command-line verbs: the same core as the app's dialogs.

Text formats need no Qt; PDF and ODT load the Qt writers, offscreen when there is no display.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from nsp_desktop.cli.arguments import shown
from nsp_desktop.core.progress import Workspace, WorkspaceState

if TYPE_CHECKING:
    from nsp_desktop.core.store import Store

# Every start of the app builds this parser, so the modules behind the verbs (export, importer:
# csv, html, json, ...) are imported when a verb runs, not here.
FORMATS = ("md", "html", "pdf", "csv", "json", "odt")  # export.FORMATS: a test keeps them equal

VERBS = ("export", "import")
STDOUT = ("-", "/dev/stdout")  # `--out -`: a text format written to standard output


def add_parsers(verbs: argparse._SubParsersAction) -> None:
    """Add `export` and `import` to the `nsp-desktop` parser."""
    out = verbs.add_parser("export", help="export progress and notes to a file")
    out.add_argument("--format", choices=FORMATS, help="file format (default: from --out)")
    out.add_argument(
        "--out", metavar="PATH", required=True, help="the file to write ('-': standard output)"
    )
    out.add_argument("--workspace", metavar="NAME", help="workspace (default: the current)")
    which = out.add_mutually_exclusive_group()
    which.add_argument("--priority", metavar="ID", help="only this priority's policies")
    which.add_argument("--policy", metavar="ID", help="only this policy")
    out.add_argument(
        "--only-with-progress", action="store_true", help="only policies with progress or notes"
    )
    out.add_argument("--excel", action="store_true", help="CSV for Excel: with a byte-order mark")
    brief = "a one-page policy brief (PDF) of --policy instead of a progress report"
    out.add_argument("--brief", action="store_true", help=brief)
    into = verbs.add_parser("import", help="import a JSON export (merge, or --replace)")
    into.add_argument("path", metavar="PATH")
    into.add_argument(
        "--workspace", metavar="NAME", help="target workspace; a new one if no such name exists"
    )
    into.add_argument(
        "--replace", action="store_true", help="make the workspace exactly the file (else merge)"
    )
    into.add_argument("--dry-run", action="store_true", help="only show what would change")


def run(args: argparse.Namespace) -> int:
    """Run one verb; every expected failure is a message on stderr and a non-zero exit."""
    # deferred: every verb builds this family's parser; export and import load only for theirs
    from nsp_desktop.cli.tracking import open_toolkit_and_store
    from nsp_desktop.core import export, importer
    from nsp_desktop.core.store import StoreError

    opened = open_toolkit_and_store(args)
    if isinstance(opened, int):
        return opened
    toolkit, store = opened
    try:
        with store:
            if args.command == "export":
                return _export(store, toolkit, args)
            return _import(store, toolkit, args)
    except (export.ExportError, importer.ImportRefused, StoreError) as error:
        print(f"nsp-desktop: {shown(error)}", file=sys.stderr)
        return 1
    except sqlite3.Error as error:  # the data cannot be read (a failing disk, a damaged page)
        print(f"nsp-desktop: the saved data cannot be read: {shown(error)}", file=sys.stderr)
        return 3


def _format(args: argparse.Namespace) -> str:
    # deferred: every verb builds this family's parser; export and import load only for theirs
    from nsp_desktop.core import export

    if args.format:
        return args.format
    suffix = Path(args.out).suffix.lower().lstrip(".")
    found = {"markdown": "md", "htm": "html"}.get(suffix, suffix)
    if found not in export.FORMATS:
        raise export.ExportError(
            f"Cannot tell the format from {args.out!r}: give --format ({', '.join(export.FORMATS)})."
        )
    return found


def _export(store: Store, toolkit, args: argparse.Namespace) -> int:
    # deferred: every verb builds this family's parser; export and import load only for theirs
    from nsp_desktop.core import export
    from nsp_desktop.core.team import exchange

    fmt = _format(args)
    workspace = store.workspace(args.workspace) if args.workspace else store.current_workspace()
    state = store.workspace_state(toolkit, workspace.id)
    scope = export.Scope(args.priority, args.policy, args.only_with_progress)
    as_of = export.now_utc()
    export.select(toolkit, state, scope)  # unknown IDs fail here, before any Qt is loaded
    if args.brief:
        if fmt != "pdf" or not args.policy:
            raise export.ExportError(
                "A policy brief is a PDF of one policy: use --format pdf --policy ID."
            )
    if args.out in STDOUT:
        if fmt not in export.TEXT_FORMATS:
            raise export.ExportError(
                f"{fmt.upper()} is not text: give a file name with --out, not {args.out!r}."
            )
        text = export.render_text(fmt, toolkit, state, scope, as_of, excel=args.excel)
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    export.check_target(args.out)  # before gathering the history, which writes its snapshot
    if fmt in export.TEXT_FORMATS:
        history = None
        if fmt == "json":
            chosen = [p.id for p in export.select(toolkit, state, scope)]
            history = exchange.operations(store, workspace.id, chosen)
        text = export.render_text(fmt, toolkit, state, scope, as_of, args.excel, history)
        path = export.write_file(args.out, text)
    else:
        _headless()
        # deferred: Qt only for PDF and ODT
        from nsp_desktop.documents import writers as documents

        documents.ensure_app()
        if args.brief:
            path = documents.write_brief_pdf(args.out, toolkit, state, args.policy, as_of)
        else:
            path = documents.write_export(fmt, args.out, toolkit, state, scope, as_of)
    what = "a policy brief of " if args.brief else ""
    said = f"Exported {what}{scope.describe(toolkit)} of “{workspace.name}” to {path}"
    print(shown(said))
    return 0


def _headless() -> None:
    """Let Qt render without a screen (a terminal, a server, CI)."""
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _import(store: Store, toolkit, args: argparse.Namespace) -> int:
    # deferred: every verb builds this family's parser; export and import load only for theirs
    from nsp_desktop.core import importer
    from nsp_desktop.core.store import WorkspaceError
    from nsp_desktop.core.team import exchange

    file = importer.read(args.path)
    new_name: str | None = None
    workspace: Workspace | None = None
    if args.workspace:
        try:
            workspace = store.workspace(args.workspace)
        except WorkspaceError:
            new_name = args.workspace
    else:
        workspace = store.current_workspace()
    if workspace is None:
        current = WorkspaceState(Workspace(0, new_name or ""), ())
        target = f"new workspace “{new_name}”"
    else:
        current = store.workspace_state(toolkit, workspace.id)
        target = f"workspace “{workspace.name}”"
    plan = importer.plan(toolkit, current, file, replace=args.replace)
    history = None
    if file.operations and workspace is not None and not args.replace:
        history = exchange.outcome(store, workspace.id, file.operations)
        exchange.adjust(plan, current, file, history)
    how = "Replace" if args.replace else "Merge"
    print(shown(f"{how} {args.path} ({file.toolkit_edition}, as of {file.as_of}) into {target}:"))
    note = importer.edition_note(toolkit, file)
    if note:
        print(shown(note))
    print(shown(plan.summary()))
    for line in plan.changes:
        print(f"  {shown(line)}")
    if args.dry_run:
        print("Dry run: nothing was changed.")
        return 0
    with store.batch():  # the rows and the history: all of it, or nothing
        importer.apply(store, workspace.id if workspace else None, plan, new_workspace=new_name)
        if history is not None and workspace is not None:
            exchange.apply(store, workspace.id, history)
    print("Imported.")
    return 0
