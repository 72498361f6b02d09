"""What's new in the edition in use: the diff from the one before, as HTML for the reader, and
which changed policies the person has not opened yet (for marks in the contents)."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from nsp_desktop.core.content import load_toolkit
from nsp_desktop.core.editions.diff import EditionDiff, PageChange, Reworded, diff_toolkits
from nsp_desktop.core.editions.state import edition_content, editions_dir, read_in_use
from nsp_desktop.core.fileutil import atomic_write

SEEN_FILE = "seen.json"
_VERB = {"added": "New policy", "removed": "Removed policy", "changed": "Changed"}


def edition_diff(data_dir: Path, bundled: Path) -> EditionDiff:
    """From the edition in use before to the one in use now (no changes when there is none)."""
    in_use = read_in_use(data_dir, bundled)
    new = load_toolkit(edition_content(data_dir, in_use.current, bundled) or bundled)
    before = edition_content(data_dir, in_use.previous, bundled) if in_use.previous else None
    return diff_toolkits(load_toolkit(before) if before else new, new)


def _words(change: Reworded) -> str:
    tags = {"equal": "{}", "delete": "<del>{}</del>", "insert": "<ins>{}</ins>"}
    return " ".join(tags[w.op].format(escape(w.text)) for w in change.words)


def _policy_html(page: PageChange) -> str:
    title = escape(page.title)
    link = title if page.change == "removed" else f'<a href="page:{page.id}">{title}</a>'
    parts = [f'<h2 class="change-{page.change}">{_VERB[page.change]}: {link}</h2>']
    if page.old_title:
        parts.append(f"<p>Formerly “{escape(page.old_title)}”.</p>")
    if page.fields:
        parts.append(f"<p>Changed: {escape(', '.join(page.fields))}.</p>")
    if page.change != "changed":
        return "\n".join(parts)
    rows = [f"<li><ins>New step:</ins> {escape(i.text)}</li>" for i in page.items_added]
    rows += [
        f"<li><del>Removed step:</del> {escape(i.text)} "
        "(your tick on it, if any, is kept as retired)</li>"
        for i in page.items_removed
    ]
    rows += [f"<li>Reworded step: {_words(i)}</li>" for i in page.items_changed]
    rows += [f"<li>{_words(s)}</li>" for s in page.sentences]
    if rows:
        parts.append("<ul>\n" + "\n".join(rows) + "\n</ul>")
    return "\n".join(parts)


def whats_new_html(diff: EditionDiff) -> str:
    """The "What's new in this edition" page: each policy added, removed or changed, in order."""
    if diff.old_version == diff.new_version:
        return f"<h1>{escape(diff.new_edition)}</h1>\n<p>No earlier edition to compare with.</p>"
    head = (
        f"<h1>What's new in {escape(diff.new_edition)}</h1>\n"
        f'<p class="meta">Compared with {escape(diff.old_edition)} ({escape(diff.old_version)}). '
        "Your ticks, notes and statuses are kept.</p>"
    )
    body = [_policy_html(p) for p in diff.policies] or ["<p>No policy changed.</p>"]
    return "\n".join([head, *body])


def _seen(data_dir: Path, edition: str) -> set[str]:
    try:
        data = json.loads((editions_dir(data_dir) / SEEN_FILE).read_text(encoding="utf-8"))
        if data.get("edition") == edition and isinstance(data.get("seen"), list):
            return {s for s in data["seen"] if isinstance(s, str)}
    except (OSError, ValueError, AttributeError):
        pass
    return set()


def unseen_policy_ids(
    data_dir: Path, bundled: Path, diff: EditionDiff | None = None
) -> frozenset[str]:
    """Policies added or changed in the edition in use that the person has not opened since."""
    diff = edition_diff(data_dir, bundled) if diff is None else diff
    return diff.changed_policy_ids() - _seen(data_dir, read_in_use(data_dir, bundled).current)


def mark_seen(data_dir: Path, bundled: Path, policy_id: str) -> bool:
    """Note that a changed policy was opened (its mark goes); True if a mark went."""
    if policy_id not in unseen_policy_ids(data_dir, bundled):
        return False
    edition = read_in_use(data_dir, bundled).current
    seen = sorted(_seen(data_dir, edition) | {policy_id})
    text = json.dumps({"format_version": 1, "edition": edition, "seen": seen}, indent=1) + "\n"
    atomic_write(editions_dir(data_dir) / SEEN_FILE, text)
    return True
