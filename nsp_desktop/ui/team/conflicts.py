"""Track → Note conflicts…: notes two people edited at once, each version whole, resolved by a person.

Layout only: choosing a version or saving an edited text emits `resolved(policy_id, text)`; the
controller saves it and redraws the list with `show_conflicts`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from nsp_desktop.core.team.views import NoteVersion
from nsp_desktop.ui.team.changes import moment

POLICY_ID = Qt.ItemDataRole.UserRole


def _text(text: str = "", name: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # colleagues' names: never read as HTML
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    return label


class ConflictsDialog(QDialog):
    """The policies whose note holds two versions; for the one selected, each version and an editor."""

    resolved = Signal(str, str)  # policy ID, the note's new text

    def __init__(
        self,
        load: Callable[[str], tuple[tuple[NoteVersion, ...], str]],
        parent: QWidget | None = None,
    ):
        """`load(policy_id)` gives the versions and the note as saved now (both versions, marked)."""
        super().__init__(parent)
        self._load = load
        self.setWindowTitle(self.tr("Note conflicts — NSP Desktop"))
        self.resize(900, 560)
        self.summary = _text("", "dashboardSummary")
        self.policies = QListWidget()
        self.policies.setAccessibleName(self.tr("Policies whose note was edited twice at once"))
        self.versions = QWidget()
        self.versions_layout = QHBoxLayout(self.versions)
        self.versions_layout.setContentsMargins(0, 0, 0, 0)
        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName(self.tr("The note as it should be"))
        self.editor.setTabChangesFocus(True)
        self.save_button = QPushButton(self.tr("Save this &note"))
        self.save_button.clicked.connect(
            lambda: self._resolve(self.editor.toPlainText(), edited=True)
        )
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.versions, 3)
        column.addWidget(_text(self.tr("Or write the note as it should be:")))
        column.addWidget(self.editor, 2)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_button)
        column.addLayout(row)
        split = QSplitter()
        split.addWidget(self.policies)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([240, 640])
        self.right = right
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)
        self.policies.currentItemChanged.connect(lambda *_: self._show_selected())
        self.choices: list[QPushButton] = []
        self.shown: tuple[NoteVersion, ...] = ()

    def show_conflicts(self, policies: list[tuple[str, str]]) -> None:
        """(policy ID, title) of each policy in conflict; keeps the selection where it can."""
        keep = self.selected()
        self.policies.blockSignals(True)
        self.policies.clear()
        for policy_id, title in policies:
            item = QListWidgetItem(title)  # item text is never read as HTML
            item.setData(POLICY_ID, policy_id)
            self.policies.addItem(item)
            if policy_id == keep:
                self.policies.setCurrentItem(item)
        if self.policies.currentItem() is None and self.policies.count():
            self.policies.setCurrentRow(0)
        self.policies.blockSignals(False)
        count = len(policies)
        self.summary.setText(
            self.tr("No notes are in conflict.")
            if not count
            else (
                self.tr("A note was changed on two computers at the same time, in the same lines.")
                if count == 1
                else self.tr(
                    "{0} notes were changed on two computers at the same time, in the same lines."
                ).format(count)
            )
            + self.tr(
                " Both versions are kept until you choose one or write the note as it should be."
            )
        )
        self.right.setEnabled(bool(count))
        self._show_selected()

    def selected(self) -> str | None:
        item = self.policies.currentItem()
        return item.data(POLICY_ID) if item is not None else None

    def _show_selected(self) -> None:
        while self.versions_layout.count():
            held = self.versions_layout.takeAt(0).widget()
            if held is not None:
                held.deleteLater()
        self.choices = []
        policy_id = self.selected()
        self.shown, merged = self._load(policy_id) if policy_id else ((), "")
        for version in self.shown:
            box = QWidget()
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            whose = self.tr("{0}'s version, {1}").format(version.who, moment(version.when))
            heading = _text(whose, "panelTitle")
            bold = heading.font()
            bold.setBold(True)
            heading.setFont(bold)
            column.addWidget(heading)
            text = QPlainTextEdit(version.text)
            text.setReadOnly(True)
            text.setAccessibleName(whose)
            column.addWidget(text, 1)
            keep = QPushButton(self.tr("Keep {0}'s version").format(version.who))
            keep.setAccessibleName(keep.text())
            keep.clicked.connect(lambda _=False, chosen=version.text: self._resolve(chosen))
            column.addWidget(keep)
            self.choices.append(keep)
            self.versions_layout.addWidget(box, 1)
        self.editor.setPlainText(merged)

    def _resolve(self, text: str, edited: bool = False) -> None:
        policy_id = self.selected()
        if policy_id is not None:
            self.resolved.emit(policy_id, text)
