"""The line above the page in meeting mode: which policy of how many, and how to move and leave."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from nsp_desktop.core.models import Toolkit


class MeetingBar(QLabel):
    """“Policy 3 of 11 — title”, then the keys: a presenter (and the room) sees where they are."""

    def __init__(self, toolkit: Toolkit, parent: QWidget | None = None):
        super().__init__(parent)
        self.toolkit = toolkit
        self.setObjectName("meetingBar")
        self.setWordWrap(True)
        self.setAccessibleName(self.tr("Meeting mode"))
        self.hide()

    def show_page(self, page_id: str | None) -> None:
        ids = [p.id for p in self.toolkit.policies]
        keys = self.tr("→ / ← next or previous policy · PageDown / PageUp page · Esc leaves")
        if page_id in ids:
            where = self.tr("Policy {0} of {1}").format(ids.index(page_id) + 1, len(ids))
            self.setText(f"{where}   ·   {keys}")
        else:
            self.setText(keys)
