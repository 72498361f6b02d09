"""Who changed what, as a person reads it: "Ben ✗ 10:05" beside an item, "Ana 10:02" in the dashboard.

Names come from colleagues' laptops: they are shown as text only. A tooltip is read as HTML when
it looks like HTML, so every tooltip made here is escaped inside a paragraph of its own.
"""

from __future__ import annotations

import html
import sqlite3
from collections.abc import Callable

from PySide6.QtCore import QDateTime, QLocale, Qt

from nsp_desktop.core.store import Store, StoreError
from nsp_desktop.core.team import views
from nsp_desktop.core.team.tables import TeamError
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


class Names:
    """Who changed what in the workspace shown, for the checklist's tooltips and the dashboard.

    What operations say is read again only when there are new ones (`views.changes_version`): the
    panel asks at every tick, and for a big team a read costs ~0.3 s. A sync in the worker reads
    it and hands it over with `keep`.
    """

    def __init__(self, store: Callable[[], Store], workspace: Callable[[], int]):
        self._store = store
        self._workspace = workspace
        self._recorded: tuple[tuple[int, int], dict] | None = None

    def keep(self, workspace: int, version: int, recorded: dict) -> None:
        self._recorded = ((workspace, version), recorded)

    def changes(self) -> dict[tuple[str, str], Change]:
        store, workspace = self._store(), self._workspace()
        try:
            key = (workspace, views.changes_version(store))
            if self._recorded is None or self._recorded[0] != key:
                self._recorded = (key, views.recorded_changes(store, workspace))
            return views.latest_changes(store, workspace, self._recorded[1])
        except (TeamError, StoreError, sqlite3.Error, OSError):
            return {}  # names are a help: a busy or closed store shows none rather than fail

    def item_changes(self, policy_id: str) -> dict[str, str]:
        """item ID -> "Ben ✗ 10:05", for the checklist's tooltips."""
        found = self.changes().items()
        return {item: mark(c) for (policy, item), c in found if policy == policy_id and item}

    def policy_changes(self) -> dict[str, tuple[str, str, str]]:
        """policy ID -> ("Ben 10:05", its tooltip, a sort key), for the dashboard's Team column."""
        return {
            policy: (f"{c.who} {moment(c.when)}", tooltip(mark(c)), c.when)
            for (policy, item), c in self.changes().items()
            if not item
        }
