"""Command-line words checked before any verb runs, and data made safe to print to a terminal.

Kept free of heavy imports: `cli.main` calls it on every start, the window's included.
"""

from __future__ import annotations

import argparse
import re
import sys

# What a terminal would act on instead of showing: C0 and C1 controls, DEL, and the bidirectional
# overrides that can make text read differently from what it is. Newlines and tabs stay.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def shown(text: object) -> str:
    """`text` for a terminal: every control character written out (ESC as \\x1b), never obeyed."""

    def escape(match: re.Match) -> str:
        code = ord(match.group(0))
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _CONTROL.sub(escape, str(text))


def _not_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def problem(args: argparse.Namespace) -> str | None:
    """Why these arguments must be refused before anything runs, or None."""
    for option, name in (("data_dir", "--data-dir"), ("content", "--content")):
        value = getattr(args, option, None)
        if value is not None and not value.strip():
            return f"{name} needs a folder name; an empty one would mean the current folder."
    workspace = getattr(args, "workspace", None)
    if workspace is not None and not workspace.strip():
        return "--workspace needs a name; leave it out to use the current workspace."
    limit = getattr(args, "limit", None)
    if isinstance(limit, int) and limit < 1:
        return f"--limit must be 1 or more, not {limit}."
    words = [getattr(args, key, None) for key in TEXT_ARGUMENTS]
    words += list(getattr(args, "query", None) or [])
    for word in words:
        if isinstance(word, str) and _not_unicode(word):
            return (
                f"{shown(word.encode('utf-8', 'surrogateescape'))} is not valid UTF-8 text;"
                " nothing was changed."
            )
    return None


# Arguments that are text to be saved or matched (paths may be any bytes the system allows).
TEXT_ARGUMENTS = ("workspace", "text", "policy_id", "item_id", "priority", "policy")


def safe_streams() -> None:
    """Printing a name or path that the terminal cannot encode writes escapes, never fails."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):
                pass
