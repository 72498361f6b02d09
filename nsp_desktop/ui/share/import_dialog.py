"""The Import dialog: pick a JSON export, see what would change, then merge or replace."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from nsp_desktop.core import importer
from nsp_desktop.core.models import Toolkit
from nsp_desktop.core.progress import Workspace, WorkspaceState
from nsp_desktop.core.store import Store, StoreError
from nsp_desktop.ui.dialogs import dialogs

NEW_WORKSPACE = -1


class ImportDialog(QDialog):
    """`load(path)` reads and previews; `import_now()` applies the plan in one transaction."""

    def __init__(
        self,
        toolkit: Toolkit,
        store: Store,
        parent: QWidget | None = None,
        workspace_id: int | None = None,
    ):
        super().__init__(parent)
        self.toolkit = toolkit
        self.store = store
        self.file: importer.ExportFile | None = None
        self.plan: importer.Plan | None = None
        self.imported = False
        self.setWindowTitle(self.tr("Import a JSON export"))

        self.path = QLineEdit()
        self.path.setReadOnly(True)
        self.path.setAccessibleName(self.tr("File"))
        self.choose = QPushButton(self.tr("C&hoose…"))
        self.choose.clicked.connect(self.choose_file)
        self.about = QLabel()
        self.about.setWordWrap(True)
        self.about.setTextFormat(Qt.TextFormat.PlainText)  # the file's own words: never HTML
        self.workspace = QComboBox()
        self.workspace.setAccessibleName(self.tr("Import into workspace"))
        self.workspace.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.workspace.setMinimumContentsLength(24)
        current = workspace_id or store.current_workspace().id
        for workspace in store.workspaces():
            self.workspace.addItem(workspace.name, workspace.id)
        self.workspace.addItem(self.tr("A new workspace…"), NEW_WORKSPACE)
        self.workspace.setCurrentIndex(max(0, self.workspace.findData(current)))
        self.new_name = QLineEdit()
        self.new_name.setAccessibleName(self.tr("New workspace name"))
        self.new_name.setPlaceholderText(self.tr("Name of the new workspace"))
        self.merge = QRadioButton(self.tr("&Merge: for each item, the newer change wins"))
        self.replace = QRadioButton(
            self.tr("&Replace: make the workspace exactly what the file says")
        )
        self.mode = QButtonGroup(self)
        self.mode.addButton(self.merge)
        self.mode.addButton(self.replace)
        self.merge.setChecked(True)
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName(self.tr("What will change"))
        self.summary = QLabel(self.tr("Choose a file to see what would change."))
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)

        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.choose)
        form = QFormLayout()
        file_label = QLabel(self.tr("&File:"))
        file_label.setBuddy(self.choose)  # the row holds a layout: the label needs its buddy
        form.addRow(file_label, row)
        form.addRow("", self.about)
        form.addRow(self.tr("&Into:"), self.workspace)
        form.addRow("", self.new_name)
        form.addRow(self.tr("How:"), self.merge)
        form.addRow("", self.replace)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText(self.tr("&Import"))
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.buttons)
        self.resize(640, 520)

        self.workspace.currentIndexChanged.connect(self.refresh)
        self.merge.toggled.connect(self.refresh)
        self.new_name.textChanged.connect(self._sync)
        self.refresh()

    def choose_file(self) -> None:
        path = dialogs.get_open_path(self, self.tr("Import from"), "JSON export (*.json)")
        if path:
            self.load(path)

    def load(self, path: str) -> bool:
        """Read and check the file; a refused file is explained and nothing is planned."""
        self.path.setText(str(path))
        try:
            self.file = importer.read(path)
        except importer.ImportRefused as error:
            self.file = None
            dialogs.error(self, self.tr("Cannot import this file"), str(error))
        self.refresh()
        return self.file is not None

    def _target(self) -> WorkspaceState:
        workspace_id = self.workspace.currentData()
        if workspace_id == NEW_WORKSPACE:
            return WorkspaceState(Workspace(NEW_WORKSPACE, self.new_name.text()), ())
        return self.store.workspace_state(self.toolkit, workspace_id)

    def refresh(self) -> None:
        """Plan the import for the current choices and show what it would change."""
        self.new_name.setVisible(self.workspace.currentData() == NEW_WORKSPACE)
        if self.file is None:
            self.plan = None
            self.about.setText("")
            self.preview.setPlainText("")
            self.summary.setText(self.tr("Choose a file to see what would change."))
        else:
            f = self.file
            about = self.tr("Workspace “{0}”, {1} edition of the toolkit, as of {2}.").format(
                f.workspace, f.toolkit_edition, f.as_of
            )
            other = importer.edition_note(self.toolkit, f)
            self.about.setText(f"{about} {other}" if other else about)
            self.plan = importer.plan(
                self.toolkit, self._target(), f, replace=self.replace.isChecked()
            )
            self.summary.setText(self.plan.summary())
            self.preview.setPlainText("\n".join(self.plan.changes))
        self._sync()

    def _sync(self) -> None:
        needs_name = self.workspace.currentData() == NEW_WORKSPACE
        self.import_button.setEnabled(
            self.plan is not None and (not needs_name or bool(self.new_name.text().strip()))
        )

    def import_now(self) -> bool:
        """Apply the plan (one transaction); True when it was written."""
        if self.plan is None:
            return False
        workspace_id = self.workspace.currentData()
        new_name = self.new_name.text().strip() if workspace_id == NEW_WORKSPACE else None
        if self.plan.replace and new_name is None:
            question = self.tr(
                "Replace everything in “{0}” that the file covers? This cannot be undone."
            ).format(self.workspace.currentText())
            if not dialogs.confirm(self, self.tr("Replace"), question):
                return False
        try:
            importer.apply(
                self.store, None if new_name else workspace_id, self.plan, new_workspace=new_name
            )
        except (StoreError, sqlite3.Error) as error:
            dialogs.error(self, self.tr("Import failed"), str(error))
            return False
        self.imported = True
        return True

    def _accept(self) -> None:
        if self.import_now():
            self.accept()
