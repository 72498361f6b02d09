"""The app's own pages (welcome, keyboard shortcuts) and the citation of a policy."""

from __future__ import annotations

from nsp_desktop import APP_NAME, __version__
from nsp_desktop.core.models import Page, Toolkit
from nsp_desktop.core.render import escape

WELCOME = "app-welcome"
SHORTCUTS = "app-shortcuts"
WHATS_NEW = "app-whats-new"  # drawn by the window's editions controller
APP_PAGES = {
    WELCOME: "Welcome",
    SHORTCUTS: "Keyboard shortcuts",
    WHATS_NEW: "What's new in this edition",
}


def _keys(shortcuts: dict[str, str], name: str, fallback: str) -> str:
    first = (shortcuts.get(name) or fallback).split(", ")[0]  # "Ctrl+K, /" -> "Ctrl+K"
    return f"<kbd>{escape(first)}</kbd>"


def welcome_html(toolkit: Toolkit, shortcuts: dict[str, str]) -> str:
    """First-run page: what the app holds and how to search, tick and export."""
    k = lambda name, fallback: _keys(shortcuts, name, fallback)  # noqa: E731
    return f"""
<p class="kicker">{escape(APP_NAME)} {escape(__version__)}</p>
<h1>Welcome</h1>
<p>This app holds the whole <i>{escape(toolkit.title)} — {escape(toolkit.subtitle)}</i>
({escape(toolkit.edition)}) by {escape(toolkit.publisher)}. It works without a network
connection and nothing you write leaves this computer.</p>
<h2>Find a policy</h2>
<p>Pick a priority or policy in the contents on the left, or press {k("Search", "Ctrl+K")} and type
any word you remember — results appear as you type. {k("Find in page", "Ctrl+F")} finds words in
the page you are reading.</p>
<h2>Track your progress</h2>
<p>Every policy has a checklist drawn from its own steps. Click a box (☐) to tick it; set the
policy's status, who is leading it and when it is due, and write notes beside the text. The
contents and the dashboard show progress per policy, per priority and overall.</p>
<h2>Share and present</h2>
<p>Export your notes and checklists from the File menu (Markdown, HTML, PDF, CSV, JSON), print a
page ({k("Print page…", "Ctrl+P")}) or save it as PDF ({k("Save page as PDF…", "Ctrl+Shift+S")}),
and use meeting mode ({k("Meeting mode", "F11")})
to show one policy at a time in large type.</p>
<p><a href="page:{toolkit.introduction.id}">Start reading the introduction →</a></p>
<p class="meta">All keyboard shortcuts: <a href="page:{SHORTCUTS}">Help → Keyboard shortcuts</a>.</p>
"""


def shortcuts_html(rows: list[tuple[str, str]]) -> str:
    """A table of every action that has a shortcut, as (action name, keys) rows."""
    body = "".join(
        f"<tr><td>{escape(name)}</td><td><kbd>{escape(keys)}</kbd></td></tr>" for name, keys in rows
    )
    return (
        "<h1>Keyboard shortcuts</h1>"
        "<p>Every action is also in the menus (Alt opens the menu bar). Tab moves between the "
        "contents, the page and the panels; in the page, Tab moves between links and checklist "
        "boxes and Enter follows one.</p>"
        f'<table cellpadding="6" cellspacing="0"><tr><th align="left">Action</th>'
        f'<th align="left">Keys</th></tr>{body}</table>'
    )


def citation(toolkit: Toolkit, page: Page) -> str:
    """A plain-text citation of a page, for pasting into a memo or an agenda."""
    parts = [f"{toolkit.publisher}, {toolkit.title}: {toolkit.subtitle} ({toolkit.edition})"]
    if page.kind == "policy" and (priority := toolkit.page(page.priority_id or "")):
        parts.append(f"{priority.title} — “{page.title}”")
    elif page.kind != "introduction":
        parts.append(f"“{page.title}”")
    else:
        parts.append(page.title)
    return ". ".join(parts) + "."
