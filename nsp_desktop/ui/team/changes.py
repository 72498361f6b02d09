"""Who changed what, as a person reads it: "Ben ✗ 10:05" beside an item, "Ana 10:02" in the dashboard.

Names come from colleagues' laptops: they are shown as text only. A tooltip is read as HTML when
it looks like HTML, so every tooltip made here is escaped inside a paragraph of its own.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QDateTime, QLocale, Qt

from nsp_desktop.core.team.views import Change
from nsp_desktop.ui.dates import show_date

_SAID = {
    "status": "set the status",
    "owner": "set the owner",
    "due": "set the due date",
    "note": "edited the note",
    "item.text": "wrote this item",
    "item.pos": "moved this item",
    "item.deleted": "deleted an item",
}


def moment(stamp: str) -> str:
    """A UTC ISO time where the person is: "10:05" today, else their date and the time."""
    when = QDateTime.fromString(stamp, Qt.DateFormat.ISODate)
    if not when.isValid():
        return stamp
    local = when.toLocalTime()
    time = QLocale().toString(local.time(), QLocale.FormatType.ShortFormat)
    if local.date() == QDateTime.currentDateTime().date():
        return time
    return f"{show_date(local.date())} {time}"


def mark(change: Change) -> str:
    """ "Ben ✗ 10:05", "Ana ✓ 2/12/2026 09:40", "Ana set the status 10:02"."""
    what = ("✓" if change.done else "✗") if change.field == "done" else _SAID.get(change.field, "")
    return " ".join(part for part in (change.who or "Someone", what, moment(change.when)) if part)


def tooltip(*lines: str) -> str:
    """Lines of text as a tooltip that shows them as written, whatever characters they hold."""
    return "<p style='white-space:pre'>" + "<br>".join(html.escape(line) for line in lines) + "</p>"
