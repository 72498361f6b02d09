"""The `edition` verbs: keygen and pack for trainers; install, list, use and diff for everyone."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from nsp_desktop.core import paths

if TYPE_CHECKING:
    from nsp_desktop.core.editions.diff import EditionDiff, PageChange


def add_parser(verbs: argparse._SubParsersAction) -> None:
    """Add `nsp-desktop edition ACTION` to the parser."""
    edition = verbs.add_parser("edition", help="make, install and switch toolkit editions")
    actions = edition.add_subparsers(dest="edition_action", metavar="ACTION", required=True)
    keygen = actions.add_parser("keygen", help="make a signing key pair (KEYFILE and KEYFILE.pub)")
    keygen.add_argument("--out", metavar="KEYFILE", required=True, type=Path)
    pack = actions.add_parser("pack", help="make a signed .nsppack of a content folder")
    pack.add_argument("content_dir", metavar="CONTENT_DIR", type=Path)
    pack.add_argument("--key", metavar="KEYFILE", required=True, type=Path)
    pack.add_argument("--out", metavar="FILE", required=True, type=Path)
    pack.add_argument(
        "--follows",
        metavar="VERSION",
        help="the version this edition follows (default: `follows:` in toolkit.md, "
        "else the app's bundled edition)",
    )
    inst = actions.add_parser("install", help="check a .nsppack, install it and put it in use")
    inst.add_argument("pack", metavar="FILE", type=Path)
    inst.add_argument(
        "--trust-key", metavar="PUBFILE", type=Path, help="accept this trainer's public key"
    )
    inst.add_argument(
        "--allow-older", action="store_true", help="install an edition older than the one in use"
    )
    actions.add_parser("list", help="the editions here; * marks the one in use")
    choose = actions.add_parser("use", help="put the bundled edition or an installed one in use")
    choose.add_argument("name", metavar="bundled|VERSION")
    diff = actions.add_parser("diff", help="what changed from the edition before to the one in use")
    diff.add_argument("--json", action="store_true", help="print JSON instead of text")


def run(args: argparse.Namespace) -> int:
    """Run one action; a refusal is one sentence on stderr and exit status 1."""
    # deferred: add_parser runs for every verb of nsp-desktop, and these bring Whoosh and
    # libsodium (about 250 ms that `nsp-desktop progress` should not pay).
    from nsp_desktop.core.content import ContentError, load_toolkit
    from nsp_desktop.core.editions import EditionError, keys
    from nsp_desktop.core.editions.install import list_editions, rebuild_search_index, use
    from nsp_desktop.core.editions.pack import InvalidContent, build_pack

    data = paths.data_paths(args.data_dir)
    bundled = paths.content_dir()
    try:
        if args.edition_action == "keygen":
            fingerprint = keys.keygen(args.out)
            print(f"Wrote {args.out} (keep it secret) and {args.out}.pub (hand this out).")
            print(f"Fingerprint: {fingerprint}")
        elif args.edition_action == "pack":
            follows = args.follows or load_toolkit(bundled).version
            info = build_pack(args.content_dir, args.key, args.out, follows)
            m = info.manifest
            print(
                f"Wrote {args.out}: {m.toolkit_title}, {m.edition} ({m.version}, follows {m.follows})"
            )
            print(
                f"{len(m.files)} files, {info.size / 1024:.1f} KB, signed by key {info.fingerprint}"
            )
        elif args.edition_action == "install":
            return _install(args, data, bundled)
        elif args.edition_action == "list":
            for e in list_editions(data.data_dir, bundled):
                signed = f"  signed by {e.fingerprint}" if e.fingerprint else "  (bundled)"
                print(f"{'*' if e.in_use else ' '} {e.name:<12} {e.edition} ({e.version}){signed}")
        elif args.edition_action == "use":
            chosen = use(data.data_dir, args.name, bundled)
            rebuild_search_index(paths.content_dir(data.data_dir), data.cache_dir)
            print(f"In use: {chosen.current}.")
        else:
            return _diff(args, data.data_dir, bundled)
    except InvalidContent as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"nsp-desktop edition {args.edition_action}: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        raise  # `edition diff | head`: cli.main ends quietly
    except (EditionError, ContentError, OSError) as error:
        print(f"nsp-desktop edition {args.edition_action}: {error}", file=sys.stderr)
        return 1
    return 0


def _install(args: argparse.Namespace, data: paths.DataPaths, bundled: Path) -> int:
    # deferred: Whoosh and libsodium, as in run()
    from nsp_desktop.core.editions import EditionError, keys
    from nsp_desktop.core.editions.install import install, rebuild_search_index
    from nsp_desktop.core.editions.whatsnew import edition_diff  # deferred: as in run()

    try:
        offered = keys.load_public_key(args.trust_key) if args.trust_key else None
        done = install(args.pack, data.data_dir, bundled, offered, args.allow_older)
    except EditionError as error:
        print(f"Not installed: {error}", file=sys.stderr)
        return 1
    except OSError as error:  # a full disk, a folder that cannot be written: nothing was switched
        print(f"Not installed: the edition could not be written ({error}).", file=sys.stderr)
        return 1
    m = done.manifest
    rebuild_search_index(paths.content_dir(data.data_dir), data.cache_dir)
    print(f"Installed {m.toolkit_title}, {m.edition} ({m.version}); it is now in use.")
    print(f"Signed by key {done.fingerprint}{' (now trusted)' if done.newly_trusted else ''}.")
    print(_summary(edition_diff(data.data_dir, bundled)))
    print("Your ticks, notes and statuses are kept; items this edition removed show as retired.")
    return 0


def _counts(page: PageChange) -> str:
    parts = [
        (len(page.items_added), "item added", "items added"),
        (len(page.items_removed), "item removed", "items removed"),
        (len(page.items_changed), "item reworded", "items reworded"),
        (len(page.sentences), "sentence changed", "sentences changed"),
    ]
    said = [f"{n} {one if n == 1 else many}" for n, one, many in parts if n]
    said += [f"{name} changed" for name in page.fields]
    return f" ({', '.join(said)})" if said and page.change == "changed" else ""


def _summary(diff: EditionDiff) -> str:
    if diff.old_version == diff.new_version:
        return "No earlier edition to compare with."
    lines = [f"What changed from {diff.old_edition} ({diff.old_version}) to {diff.new_version}:"]
    lines += [f"  {p.change:<8} {p.id}: {p.title}{_counts(p)}" for p in diff.pages] or [
        "  nothing a reader sees"
    ]
    return "\n".join(lines)


def _diff(args: argparse.Namespace, data_dir: Path, bundled: Path) -> int:
    from nsp_desktop.core.editions.whatsnew import edition_diff  # deferred: as in run()

    diff = edition_diff(data_dir, bundled)
    if args.json:
        print(json.dumps(diff.to_json(), indent=2, ensure_ascii=False))
        return 0
    sys.stdout.reconfigure(errors="replace")  # type: ignore[union-attr]  # a console without ✓
    print(_summary(diff))
    for page in diff.pages:
        for item in page.items_added:
            print(f"  {page.id} + {item.id}: {item.text}")
        for item in page.items_removed:
            print(f"  {page.id} - {item.id}: {item.text}")
        for change in (*page.items_changed, *page.sentences):
            words = " ".join(
                w.text if w.op == "equal" else f"[{'-' if w.op == 'delete' else '+'}{w.text}]"
                for w in change.words
            )
            print(f"  {page.id} ~ {change.id or 'text'}: {words}")
    return 0
