"""The Export dialog: scope, workspace and format in; one file out, through the same core as the CLI."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from nsp_desktop.core import export, report
from nsp_desktop.core.models import Toolkit
from nsp_desktop.core.settings import Settings
from nsp_desktop.core.store import Store, StoreError
from nsp_desktop.ui.dialogs import dialogs

FORMAT_LABELS = {
    "md": "Markdown (.md)",
    "html": "Web page (.html)",
    "pdf": "PDF (.pdf)",
    "csv": "Spreadsheet, CSV (.csv)",
    "json": "JSON, for importing elsewhere (.json)",
    "odt": "Word processor, ODT (.odt)",
}
FILTERS = {
    "md": "Markdown (*.md)",
    "html": "HTML (*.html)",
    "pdf": "PDF (*.pdf)",
    "csv": "CSV (*.csv)",
    "json": "JSON (*.json)",
    "odt": "OpenDocument text (*.odt)",
}


def documents_folder() -> Path:
    """The person's Documents folder, or their home folder when there is none."""
    # deferred: only when the dialog opens
    from PySide6.QtCore import QStandardPaths

    where = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(where) if where and Path(where).is_dir() else Path.home()


class ExportDialog(QDialog):
    """Choose what to export and where; `export_now()` writes the file (errors go to `dialogs`)."""

    def __init__(
        self,
        toolkit: Toolkit,
        store: Store,
        parent: QWidget | None = None,
        policy_id: str | None = None,
        workspace_id: int | None = None,
        settings: Settings | None = None,
    ):
        super().__init__(parent)
        self.toolkit = toolkit
        self.store = store
        self.settings = settings
        self.written: Path | None = None
        self.setWindowTitle(self.tr("Export progress and notes"))

        self.workspace = QComboBox()
        current = workspace_id or store.current_workspace().id
        for workspace in store.workspaces():
            self.workspace.addItem(workspace.name, workspace.id)
        self.workspace.setCurrentIndex(max(0, self.workspace.findData(current)))
        self.workspace.setAccessibleName(self.tr("Workspace"))

        self.everything = QRadioButton(self.tr("&Everything"))
        self.one_priority = QRadioButton(self.tr("One &priority:"))
        self.one_policy = QRadioButton(self.tr("One polic&y:"))
        self.scope_group = QButtonGroup(self)
        for button in (self.everything, self.one_priority, self.one_policy):
            self.scope_group.addButton(button)
        self.priority = QComboBox()
        self.priority.setAccessibleName(self.tr("Priority"))
        for priority in toolkit.priorities:
            self.priority.addItem(priority.title, priority.id)
        self.policy = QComboBox()
        self.policy.setAccessibleName(self.tr("Policy"))
        for policy in toolkit.policies:  # the ✓ after the title, with its meaning (never "✓ Title")
            if policy.preempted_friendly:
                self.policy.addItem(
                    f"{policy.title} (✓ {self.tr('useful if preempted')})", policy.id
                )
                self.policy.setItemData(
                    self.policy.count() - 1, toolkit.preempted_legend, Qt.ItemDataRole.ToolTipRole
                )
            else:
                self.policy.addItem(policy.title, policy.id)
        # A long title is cut in the closed list: the mark's meaning is said under it as well.
        self.mark = QLabel()
        self.mark.setToolTip(toolkit.preempted_legend)
        self._marked = {p.id for p in toolkit.policies if p.preempted_friendly}
        self.policy.currentIndexChanged.connect(self._show_mark)
        if policy_id and self.policy.findData(policy_id) >= 0:
            self.policy.setCurrentIndex(self.policy.findData(policy_id))
            self.priority.setCurrentIndex(
                max(0, self.priority.findData(toolkit.page(policy_id).priority_id))
            )
        self.everything.setChecked(True)
        self.only_progress = QCheckBox(self.tr("Only policies with progress or &notes"))

        self.format = QComboBox()
        self.format.setAccessibleName(self.tr("Format"))
        for fmt in export.FORMATS:
            self.format.addItem(FORMAT_LABELS[fmt], fmt)
        self.excel = QCheckBox(self.tr("E&xcel-friendly (adds a byte-order mark)"))

        self.path = QLineEdit()
        self.path.setAccessibleName(self.tr("File"))
        self.choose = QPushButton(self.tr("C&hoose…"))
        self.choose.clicked.connect(self.choose_path)

        scope = QGridLayout()
        scope.addWidget(self.everything, 0, 0)
        scope.addWidget(self.one_priority, 1, 0)
        scope.addWidget(self.priority, 1, 1)
        scope.addWidget(self.one_policy, 2, 0)
        scope.addWidget(self.policy, 2, 1)
        scope.addWidget(self.mark, 3, 1)
        scope.addWidget(self.only_progress, 4, 0, 1, 2)
        scope.setColumnStretch(1, 1)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(self.choose)
        form = QFormLayout()
        form.addRow(self.tr("&Workspace:"), self.workspace)
        form.addRow(self.tr("Scope:"), scope)
        form.addRow(self.tr("&Format:"), self.format)
        form.addRow("", self.excel)
        file_label = QLabel(self.tr("F&ile:"))
        file_label.setBuddy(self.path)  # the row holds a layout: the label needs its buddy
        form.addRow(file_label, file_row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("&Export"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

        for combo in (self.workspace, self.priority, self.policy, self.format):
            # Policy titles are long: show what fits, the full title in the open list.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(28)
        self.resize(640, self.sizeHint().height())
        self.format.currentIndexChanged.connect(self._format_changed)
        self.priority.currentIndexChanged.connect(lambda: self.one_priority.setChecked(True))
        self.policy.currentIndexChanged.connect(lambda: self.one_policy.setChecked(True))
        self._format_changed()
        self._show_mark()
        remembered = settings.get("export_format") if settings is not None else None
        if remembered in export.FORMATS:
            self.set_format(remembered)
        self.path.setText(str(self.folder() / self._suggested_name()))

    # Reading the choices ------------------------------------------------------------------

    def _show_mark(self) -> None:
        marked = self.policy.currentData() in self._marked
        self.mark.setText(f"✓ {report.CHECK_LABEL}" if marked else "")

    def scope(self) -> export.Scope:
        priority = self.priority.currentData() if self.one_priority.isChecked() else None
        policy = self.policy.currentData() if self.one_policy.isChecked() else None
        return export.Scope(priority, policy, self.only_progress.isChecked())

    def chosen_format(self) -> str:
        return self.format.currentData()

    def set_format(self, fmt: str) -> None:
        self.format.setCurrentIndex(self.format.findData(fmt))

    def _format_changed(self) -> None:
        fmt = self.chosen_format()
        self.excel.setEnabled(fmt == "csv")
        current = self.path.text().strip()
        if current:
            self.path.setText(str(Path(current).with_suffix(export.SUFFIXES[fmt])))

    def folder(self) -> Path:
        """Where exports go: the folder last used, else the person's Documents folder (never
        the folder the app happened to be started from)."""
        remembered = self.settings.get("export_folder") if self.settings is not None else None
        if remembered and Path(remembered).is_dir():  # "" (never chosen) is no folder
            return Path(remembered)
        return documents_folder()

    def _suggested_name(self) -> str:
        fmt = self.chosen_format()
        return export.suggested_name(self.workspace.currentText(), fmt, export.now_utc())

    def choose_path(self) -> None:
        fmt = self.chosen_format()
        name = self._suggested_name()
        current = self.path.text().strip()
        start = str((Path(current).parent if current else self.folder()) / name)
        chosen = dialogs.get_save_path(self, self.tr("Export to"), start, FILTERS[fmt])
        if chosen:
            if not Path(chosen).suffix:
                chosen += export.SUFFIXES[fmt]
            self.path.setText(chosen)

    # Exporting ----------------------------------------------------------------------------

    def export_now(self) -> Path | None:
        """Write the export; returns the file, or None after telling the person what went wrong."""
        if not self.path.text().strip():
            self.choose_path()
        if not self.path.text().strip():
            return None
        # deferred: only when the dialog opens
        from nsp_desktop.documents import writers as documents

        try:
            state = self.store.workspace_state(self.toolkit, self.workspace.currentData())
            self.written = documents.write_export(
                self.chosen_format(),
                self.path.text().strip(),
                self.toolkit,
                state,
                self.scope(),
                export.now_utc(),
                excel=self.excel.isChecked(),
            )
        except (export.ExportError, StoreError) as error:
            dialogs.error(self, self.tr("Export failed"), str(error))
            return None
        self._remember()
        return self.written

    def _remember(self) -> None:
        """The format and folder are where the next export starts."""
        if self.settings is None or self.written is None:
            return
        self.settings.set("export_format", self.chosen_format())
        self.settings.set("export_folder", str(self.written.parent))
        try:
            self.settings.save()
        except OSError:
            pass  # a preference, not the export: it is saved again when the window closes

    def _accept(self) -> None:
        if self.export_now() is not None:
            self.accept()
