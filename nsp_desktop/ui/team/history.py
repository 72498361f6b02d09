"""Track → History of this policy…: who ticked, unticked and changed what, and when, in plain lines."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QVBoxLayout, QWidget

from nsp_desktop.ui.team.changes import moment


class HistoryDialog(QDialog):
    """A policy's changes, newest first ("10:05  Ben ✗ “Gather contract data”", local time)."""

    def __init__(self, title: str, entries: list[tuple[str, str]], parent: QWidget | None = None):
        """`entries`: (UTC ISO time, what was done), oldest first (`views.history_entries`)."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("History — NSP Desktop"))
        self.resize(640, 420)
        heading = QLabel(title)
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setObjectName("panelTitle")
        heading.setWordWrap(True)
        self.lines = QListWidget()  # item text is never read as HTML: names come from colleagues
        self.lines.setAccessibleName(self.tr("Changes to this policy, newest first"))
        self.lines.setWordWrap(True)
        for when, what in reversed(entries):
            self.lines.addItem(f"{moment(when)}  {what}")
        if not entries:
            self.lines.addItem(self.tr("No changes recorded yet."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.addWidget(heading)
        layout.addWidget(self.lines, 1)
        layout.addWidget(buttons)
