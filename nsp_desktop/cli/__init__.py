"""The `nsp-desktop` verbs (validate, search, progress, export, ...): the same core as the app, no
widgets. `nsp_desktop.app.main` sends a command line here when it names a verb or --self-test."""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from pathlib import Path

from nsp_desktop import __version__
from nsp_desktop.cli import arguments
from nsp_desktop.cli.arguments import shown
from nsp_desktop.core import paths
from nsp_desktop.core.content import ContentError, load_toolkit, validate

# Options of the app itself. A command line of only these has no verb, and its parser
# leaves out the verbs: building theirs would import their modules before the first paint.
_FLAGS = {"--self-test", "--exit-after-first-paint", "--exit-when-search-ready"}
_VALUED = {"--data-dir", "--content"}
PACK_SUFFIX = ".nsppack"  # `nsp-desktop FILE.nsppack` (a double-click) opens the app on it


def _is_pack(word: str) -> bool:
    return not word.startswith("-") and word.lower().endswith(PACK_SUFFIX)


def _without_verb(argv: list[str]) -> bool:
    words = iter(argv)
    for word in words:
        if word in _VALUED:
            if next(words, None) is None:
                return False
        elif word not in _FLAGS and word.partition("=")[0] not in _VALUED and not _is_pack(word):
            return False
    return True


def _parser(with_verbs: bool = True) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nsp-desktop",
        description="Offline reader and progress tracker for the No Secret Police policy toolkit.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--data-dir", metavar="DIR", help="keep all user data in DIR (portable use)"
    )
    parser.add_argument(
        "--content", metavar="DIR", help="read the toolkit from DIR instead of the built-in content"
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check that this install works (content, rendering, search, store, Qt offscreen), "
        "print a report and exit 0, or 1 naming the failing step",
    )
    parser.add_argument("--exit-after-first-paint", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--exit-when-search-ready", action="store_true", help=argparse.SUPPRESS)
    parser.set_defaults(edition_pack=None)
    if not with_verbs:
        parser.set_defaults(command=None)
        parser.add_argument(
            "edition_pack",
            nargs="?",
            metavar="FILE.nsppack",
            help="open the app and install this toolkit edition",
        )
        return parser
    verbs = parser.add_subparsers(dest="command", metavar="COMMAND")
    validate = verbs.add_parser("validate", help="check a content folder and list its problems")
    validate.add_argument("dir", nargs="?", help="content folder (default: the built-in content)")
    from nsp_desktop.cli import (
        tracking as tracking_cli,  # deferred: a verb family loads only for its verbs
    )

    tracking_cli.add_parsers(verbs)
    from nsp_desktop.cli import (
        share as share_cli,  # deferred: a verb family loads only for its verbs
    )

    share_cli.add_parsers(verbs)
    from nsp_desktop.cli import edition  # deferred: a verb family loads only for its verbs

    edition.add_parser(verbs)
    from nsp_desktop.cli import team  # deferred: a verb family loads only for its verbs

    team.add_parser(verbs)
    search = verbs.add_parser("search", help="search the toolkit; prints the best matches first")
    search.add_argument("query", nargs="+", help="words to look for (quote a phrase)")
    search.add_argument("--json", action="store_true", help="print a JSON array of hits")
    search.add_argument("--priority", metavar="ID", help="only pages of this priority")
    search.add_argument("--preempted", action="store_true", help="only policies marked ✓")
    search.add_argument("--limit", type=int, default=20, help="at most this many hits (20)")
    search.add_argument("--notes", action="store_true", help="search your notes too")
    search.add_argument("--workspace", metavar="NAME", help="whose notes (default: the current)")
    return parser


def _search(args: argparse.Namespace) -> int:
    # deferred: tomllib and dataclasses (~15 ms) load only for a search, never when the app opens
    from nsp_desktop.core.glossary import Glossary, GlossaryError, load_glossary

    folder = Path(args.content or paths.content_dir(paths.data_paths(args.data_dir).data_dir))
    try:
        toolkit = load_toolkit(folder)
    except ContentError as error:
        print(error, file=sys.stderr)
        return 2
    priorities = [p.id for p in toolkit.priorities]
    if args.priority is not None and args.priority not in priorities:
        print(
            f"nsp-desktop search: unknown priority {args.priority!r}; "
            f"choose one of: {', '.join(priorities)}",
            file=sys.stderr,
        )
        return 2
    try:
        glossary = load_glossary(folder)
    except GlossaryError as error:
        print(f"{error}\n(searching without the glossary)", file=sys.stderr)
        glossary = Glossary()
    notes = _notes(args) if args.notes else {}
    if notes is None:
        return 3
    from nsp_desktop.core.search import SearchIndex  # deferred: Whoosh (~200 ms) only for a search

    index = SearchIndex.build(toolkit, glossary, notes)
    query = " ".join(args.query)
    hits = index.search(query, args.priority, args.preempted, limit=max(0, args.limit))
    if args.json:
        print(json.dumps([hit.to_json() for hit in hits], indent=2))
        return 0
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="replace")  # a console that cannot show ✓ shows "?"
    if not hits:
        suggestion = index.suggest(query)
        hint = f" Did you mean: {suggestion}?" if suggestion else ""
        print(f"No results for {shown(repr(query))}.{shown(hint)}", file=sys.stderr)
        for topic in [] if suggestion else index.closest_concepts(query):  # the thesaurus
            leads = "; ".join(f"{pid}: {title}" for pid, title in topic.policies[:3])
            print(shown(f"Did you mean: {topic.name}? ({leads})"), file=sys.stderr)
    for hit in hits:
        priority = toolkit.page(hit.priority_id or "")
        where = f"  ({priority.title})" if priority and priority.id != hit.page_id else ""
        mark = " ✓" if hit.preempted else ""
        print(shown(f"{hit.page_id}: {hit.title}{mark}{where}"))
        if hit.snippet:
            print(f"    {shown(hit.snippet)}")
    return 0


def _notes(args: argparse.Namespace) -> dict[str, str] | None:
    """The notes of --workspace (or the current one); None, with a message, if unreadable."""
    from nsp_desktop.core.store import (  # deferred: SQLite only when notes are searched
        Store,
        StoreError,
    )

    try:
        with Store.open(paths.data_paths(args.data_dir).data_dir) as store:
            if args.workspace:
                workspace = store.workspace(args.workspace)
            else:
                workspace = store.current_workspace()
            return store.notes(workspace.id)
    except (StoreError, OSError) as error:
        print(f"nsp-desktop search: {error}", file=sys.stderr)
        return None


def _validate(args: argparse.Namespace) -> int:
    folder = Path(args.dir or args.content or paths.content_dir())
    problems = validate(folder)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in {folder}", file=sys.stderr)
        return 1
    print(f"{folder}: valid")
    return 0


def parse(argv: list[str]) -> argparse.Namespace:
    """The command line as options; the verbs' parsers are built only when a verb is given.

    Output streams are made safe for any text; an argument no verb can use (an empty
    --data-dir, text that is not UTF-8, ...) raises Refused with the sentence to print.
    """
    args = _parser(with_verbs=not _without_verb(argv)).parse_args(argv)
    arguments.safe_streams()
    if refused := arguments.problem(args):
        raise Refused(f"nsp-desktop: {refused}")
    return args


class Refused(Exception):
    """A command line that cannot be run as given; the message is the sentence to print."""


def opens_app(args: argparse.Namespace) -> bool:
    """True when the command line names no verb: the window should open."""
    return args.command is None and not args.self_test


def main(argv: list[str] | None = None) -> int:
    """Run the verb `argv` names; exit status 2 with a hint when it names none."""
    try:
        args = parse(sys.argv[1:] if argv is None else argv)
    except Refused as refused:
        print(refused, file=sys.stderr)
        return 1
    if opens_app(args):
        print(
            "nsp-desktop: no command given (run nsp-desktop alone to open the app)", file=sys.stderr
        )
        return 2
    return run(args)


def run(args: argparse.Namespace) -> int:
    """Run a parsed verb; a reader that stops early (`| head`) ends it quietly, and an error
    nobody foresaw is one line for the person and a full traceback in the log."""
    from nsp_desktop.core import log  # deferred: logging (~15 ms) only for a verb, not the app

    log.start(paths.data_paths(args.data_dir).log_dir)
    try:
        return _dispatch(args)
    except BrokenPipeError:  # `nsp-desktop progress | head`: the reader stopped; so do we
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no error at exit
        return 141  # what a shell reports for a process ended by SIGPIPE
    except Exception as error:  # the boundary: core raises, this explains
        print(log.unexpected(type(error), error, error.__traceback__), file=sys.stderr)
        return 1


def _dispatch(args: argparse.Namespace) -> int:
    if args.self_test:
        from nsp_desktop.documents import selftest  # deferred: Qt only for the self-test

        return selftest.main(args.content)
    if args.command == "validate":
        return _validate(args)
    if args.command in ("progress", "check", "note"):
        from nsp_desktop.cli import (
            tracking as tracking_cli,  # deferred: a verb family loads only for its verbs
        )

        return tracking_cli.run(args)
    if args.command in ("export", "import"):
        from nsp_desktop.cli import (
            share as share_cli,  # deferred: a verb family loads only for its verbs
        )

        return share_cli.run(args)
    if args.command == "team":
        from nsp_desktop.cli import team  # deferred: a verb family loads only for its verbs

        return team.run(args)
    if args.command == "edition":
        from nsp_desktop.cli import edition  # deferred: a verb family loads only for its verbs

        return edition.run(args)
    return _search(args)
