"""Turns a toolkit page into the HTML the reader shows (Qt's rich-text subset of HTML and CSS)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path

from nsp_desktop.core.fileutil import NotAFile, TooLarge, atomic_write, read_regular
from nsp_desktop.core.models import Checklist, ChecklistItem, Page, Toolkit

NOT_IN_EDITION = "not part of this offline edition"
_LIST_STYLES = ("decimal", "lower-alpha", "lower-roman")
_RESOURCE_HREF = re.compile(r'<a href="resource:([^"]*)"')
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})


def escape(text: str) -> str:
    """html.escape without importing the html package (and its entity tables) at start-up."""
    return text.translate(_ESCAPES)


# Images a content folder may show: inside the folder, regular files, of these kinds and sizes.
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")
MAX_IMAGE_BYTES = 5 * 1024 * 1024


def image_problem(root: Path, name: str) -> str | None:
    """Why `name` (an image reference in content Markdown) may not be shown, or None if it may.

    Only a relative path to a regular file inside the content folder: never an absolute path, a
    URL (`file:`, `http:`, `//host/...`), a Windows drive or UNC path, nor a way out through `..`
    or a symlink.
    """
    if not name or name.startswith(("/", "\\")) or "\\" in name or ":" in name:
        return "only a relative path to an image inside the content folder is allowed"
    if "?" in name or "#" in name or "%" in name:
        return "an image path may not carry a query, an anchor or %-escapes"
    if not name.lower().endswith(IMAGE_SUFFIXES):
        return f"images must be one of {', '.join(IMAGE_SUFFIXES)}"
    base = Path(root).resolve()
    target = (base / name).resolve()
    if base not in target.parents:
        return "the image is outside the content folder"
    if not target.is_file():
        return "no such image file in the content folder"
    if target.stat().st_size > MAX_IMAGE_BYTES:
        return f"the image is larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MB"
    return None


def content_image(root: Path | None, name: str) -> bytes | None:
    """The bytes of an image the content may show (see `image_problem`), else None."""
    if root is None or image_problem(root, name) is not None:
        return None

    try:  # checked again on the open file: it may have changed
        return read_regular((Path(root) / name).resolve(), MAX_IMAGE_BYTES)
    except (NotAFile, TooLarge, OSError):
        return None


CACHE_FORMAT = 1
_markdown = None
# Markdown source -> HTML, filled from a cache file so start-up need not import Python-Markdown.
_converted: dict[str, str] = {}


def _md(text: str) -> str:
    if text in _converted:
        return _converted[text]
    global _markdown
    if _markdown is None:
        import markdown  # deferred: most starts find every block in the cache

        _markdown = markdown.Markdown(output_format="html")
    html_text = _markdown.reset().convert(text)
    _converted[text] = html_text = _RESOURCE_HREF.sub(
        lambda m: (
            f'<a class="resource" title="Companion resource, {NOT_IN_EDITION}" '
            f'href="resource:{m.group(1)}"'
        ),
        html_text,
    )
    return html_text


def cache_file(cache_dir: Path) -> Path:
    # Keys are the Markdown source itself, so an entry can never be stale, only unused.
    return Path(cache_dir) / f"rendered-v{CACHE_FORMAT}.json"


def load_cache(path: Path) -> None:
    """Use earlier conversions of this content edition; a missing or bad file is ignored."""
    try:
        loaded = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if isinstance(loaded, dict):
        _converted.update({k: v for k, v in loaded.items() if isinstance(v, str)})


def save_cache(path: Path, toolkit: Toolkit) -> None:
    """Keep every page's converted Markdown (and nothing else) for the next start."""
    sources = [item.markdown for page in toolkit.pages() for item in page.items]
    sources += [b for page in toolkit.pages() for b in page.blocks if isinstance(b, str)]
    wanted = {source: _md(source) for source in sources}  # converts only what is missing
    try:
        saved = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        saved = None
    if saved != wanted:
        atomic_write(path, json.dumps(wanted, ensure_ascii=False))


def _inline(text: str) -> str:
    converted = _md(text)
    return converted.removeprefix("<p>").removesuffix("</p>")


def badge(toolkit: Toolkit) -> str:
    return (
        f'<p class="badge"><span class="check">&nbsp;✓&nbsp;</span> '
        f'<span class="legend">{escape(toolkit.preempted_legend)}</span></p>'
    )


def _items_html(items: list[ChecklistItem], done: Mapping[str, bool], page_id: str) -> str:
    """Nested lists of items; each box is a link the reader turns into a tick."""
    out: list[str] = []
    depth = -1
    for item in items:
        if item.depth > depth:
            depth += 1
            style = _LIST_STYLES[depth % 3] if item.numbered else "none"
            out.append(f'<ol class="checklist" style="list-style-type: {style}">')
        else:
            out.append("</li>")
            while depth > item.depth:
                out.append("</ol></li>")
                depth -= 1
        ticked = bool(done.get(item.id))
        out.append(
            f'<li><a name="item-{item.id}"></a><a class="box {"done" if ticked else "todo"}" '
            f'title="{"Done" if ticked else "Not done"}: click to change" '
            f'href="tick:{page_id}/{item.id}">{"☑" if ticked else "☐"}</a>&nbsp; '
            f"{_inline(item.markdown)}"
        )
    if depth >= 0:
        out.append("</li>" + "</ol></li>" * depth + "</ol>")
    return "".join(out)


def _header(toolkit: Toolkit, page: Page) -> str:
    parts = []
    if page.kind == "policy":
        priority = toolkit.page(page.priority_id or "")
        if priority:
            parts.append(
                f'<p class="kicker"><a href="page:{priority.id}">{escape(priority.title)}</a></p>'
            )
    elif page.kind == "priority":
        number = next(n for n, p in enumerate(toolkit.priorities, 1) if p.id == page.id)
        parts.append(f'<p class="kicker">Priority {number} of {len(toolkit.priorities)}</p>')
    elif page.kind == "introduction":
        parts.append(
            f'<p class="kicker">{escape(toolkit.title)} · {escape(toolkit.subtitle)}'
            f" · {escape(toolkit.edition)}</p>"
        )
    parts.append(f"<h1>{escape(page.title)}</h1>")
    if page.preempted_friendly:
        parts.append(badge(toolkit))
    return "".join(parts)


def _priority_listing(toolkit: Toolkit, page: Page) -> str:
    rows = []
    for policy in toolkit.policies_of(page.id):
        mark = '<span class="check">&nbsp;✓&nbsp;</span> ' if policy.preempted_friendly else ""
        count = len(policy.items)
        rows.append(
            f'<li>{mark}<a href="page:{policy.id}">{escape(policy.title)}</a>'
            f' <span class="meta">— {count} checklist item{"s" if count != 1 else ""}</span></li>'
        )
    legend = ""
    if any(p.preempted_friendly for p in toolkit.policies_of(page.id)):
        legend = (
            f'<p class="meta"><span class="check">&nbsp;✓&nbsp;</span> '
            f"{escape(toolkit.preempted_legend)}</p>"
        )
    return f'<ul class="listing">{"".join(rows)}</ul>{legend}'


def _resources_box(page: Page) -> str:
    if not page.resources:
        return ""
    labels = ", ".join(f"<b>{escape(r.label)}</b>" for r in page.resources)
    return (
        '<table class="resources" width="100%" cellpadding="10"><tr><td>'
        f"<p><b>Companion resources</b></p><p>The toolkit names {labels}. "
        f"They are {NOT_IN_EDITION}.</p>"
        "</td></tr></table>"
    )


def page_html(toolkit: Toolkit, page: Page, done: Mapping[str, bool] | None = None) -> str:
    """The full HTML of a page; `done` maps checklist item IDs to their ticked state."""
    done = done or {}
    parts = [_header(toolkit, page)]
    for block in page.blocks:
        if isinstance(block, Checklist):
            parts.append(_items_html(list(block.items), done, page.id))
        else:
            parts.append(_md(block))
    if page.summary_items:
        parts.append('<h2>Checklist</h2><p class="meta">Drawn from the policy text above.</p>')
        parts.append(_items_html(list(page.summary_items), done, page.id))
    if page.kind == "priority":
        parts.append(_priority_listing(toolkit, page))
    parts.append(_resources_box(page))
    return "".join(parts)
