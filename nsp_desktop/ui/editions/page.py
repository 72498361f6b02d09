"""The "What's new in this edition" page as the reader can show it.

The core marks words with <del> and <ins>, which Qt's rich text does not know (it would show
them as plain words): here they become struck-through and underlined words, in the theme's
colours, and the page says what the two marks mean, so colour is never the only sign.
"""

from __future__ import annotations

from nsp_desktop.core.editions.diff import EditionDiff
from nsp_desktop.core.editions.whatsnew import whats_new_html
from nsp_desktop.core.themes import Theme

LEGEND = (
    '<p class="meta">In the changes below, <s>struck-through words</s> were removed and '
    "<u><b>underlined words</b></u> are new. In the contents, each new or changed policy is "
    "marked “new” or “changed” until you open it.</p>"
)


def whats_new_page(diff: EditionDiff, theme: Theme) -> str:
    """The page's HTML for the reader, in `theme`'s colours."""
    html = whats_new_html(diff)
    for label in ("New step:", "Removed step:"):  # labels, not changed words: bold, never struck
        html = html.replace(f"<ins>{label}</ins>", f"<b>{label}</b>")
        html = html.replace(f"<del>{label}</del>", f"<b>{label}</b>")
    html = html.replace("<del>", f'<s style="color: {theme.muted}">').replace("</del>", "</s>")
    html = html.replace("<ins>", f'<u style="color: {theme.heading}"><b>')
    html = html.replace("</ins>", "</b></u>")
    if diff.old_version != diff.new_version:
        head, _, rest = html.partition("</p>")  # after "Compared with …"
        html = f"{head}</p>\n{LEGEND}{rest}"
    return html
