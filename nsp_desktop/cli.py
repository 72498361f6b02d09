"""The `nsp-desktop` command: opens the app, or runs a verb (validate, ...) on the same core, no Qt."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from nsp_desktop import __version__, paths


def _parser() -> argparse.ArgumentParser:
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
    verbs = parser.add_subparsers(dest="command", metavar="COMMAND")
    validate = verbs.add_parser("validate", help="check a content folder and list its problems")
    validate.add_argument("dir", nargs="?", help="content folder (default: the built-in content)")
    return parser


def _validate(args: argparse.Namespace) -> int:
    from nsp_desktop.content import validate

    folder = Path(args.dir or args.content or paths.content_dir())
    problems = validate(folder)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in {folder}", file=sys.stderr)
        return 1
    print(f"{folder}: valid")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.self_test:
        from nsp_desktop import selftest

        return selftest.main(args.content)
    if args.command == "validate":
        return _validate(args)
    from nsp_desktop.app import run

    return run(args)
