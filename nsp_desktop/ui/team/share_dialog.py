"""Track → Share this workspace with a team…: the folder, the name colleagues see, and why not.

It holds layout only: Share emits `share_requested(folder, name)`; the controller joins in the
background and answers with `refuse(sentence)` (the dialog stays open) or closes it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nsp_desktop.ui.dialogs import dialogs


def _text(text: str = "", name: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # paths and names: never read as HTML
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    return label


class ShareDialog(QDialog):
    """Asks where the team folder is and what name colleagues will see."""

    share_requested = Signal(str, str)  # folder, name

    def __init__(self, workspace: str, name: str, warning: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Share with a team — NSP Desktop"))
        self.setMinimumWidth(560)
        about = _text(
            self.tr(
                "Choose a folder your office already syncs (Nextcloud, OneDrive, Syncthing, a"
                " network drive). Colleagues who choose the same folder see each other's ticks,"
                " statuses and notes of “{0}”. NSP Desktop's own data stays on this computer."
            ).format(workspace)
        )
        self.folder = QLineEdit()
        self.folder.setAccessibleName(self.tr("Team folder"))
        self.folder.setPlaceholderText(self.tr("A folder inside the synced folder"))
        self.browse = QPushButton(self.tr("C&hoose…"))
        self.browse.setAccessibleName(self.tr("Choose the team folder"))
        self.browse.clicked.connect(self._choose)
        where = QHBoxLayout()
        where.addWidget(self.folder, 1)
        where.addWidget(self.browse)
        self.name = QLineEdit(name)
        self.name.setAccessibleName(self.tr("Your name, as colleagues will see it"))
        self.name.setPlaceholderText(self.tr("As colleagues will see it"))
        self.name.setMaxLength(100)
        form = QFormLayout()
        for text, field, row in ((self.tr("&Folder"), self.folder, where),
                                 (self.tr("Your &name"), self.name, self.name)):  # fmt: skip
            label = QLabel(text)  # with a buddy, "&" marks the Alt key instead of showing
            label.setBuddy(field)
            form.addRow(label, row)
        self.warning = _text("⚠ " + warning if warning else "", "teamWarning")
        self.warning.setVisible(bool(warning))
        self.problem = _text("", "teamProblem")
        bold = self.problem.font()
        bold.setBold(True)  # the refusal stands out from the warning above it
        self.problem.setFont(bold)
        self.problem.setVisible(False)
        self.problem.setAccessibleName(self.tr("Why the folder cannot be used"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.share_button = self.buttons.addButton(
            self.tr("&Share"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.share_button.setDefault(True)
        self.buttons.accepted.connect(self._share)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(10)
        for part in (about, form, self.warning, self.problem, self.buttons):
            if isinstance(part, QFormLayout):
                layout.addLayout(part)
            else:
                layout.addWidget(part)
        self.adjustSize()
        self.folder.textChanged.connect(self._enable)
        self.name.textChanged.connect(self._enable)
        self._enable()

    def _choose(self) -> None:
        chosen = dialogs.get_folder(self, self.tr("Choose the team folder"), self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def _enable(self) -> None:
        ready = bool(self.folder.text().strip() and self.name.text().strip())
        self.share_button.setEnabled(ready)

    def _share(self) -> None:
        if not self.share_button.isEnabled():
            return
        self.problem.setVisible(False)
        self.share_button.setEnabled(False)  # until the answer comes
        self.share_requested.emit(self.folder.text().strip(), self.name.text().strip())

    def refuse(self, sentence: str) -> None:
        """The folder or name cannot be used: say why, and let the person choose again."""
        self.problem.setText(sentence)
        self.problem.setVisible(True)
        self._enable()
        self.adjustSize()  # room for the sentence: the fields above keep their height
