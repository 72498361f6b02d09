"""Workspace controls: a switcher in the toolbar and a menu to create, rename, switch and delete."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QMenu, QWidget

from nsp_desktop.core.progress import Workspace
from nsp_desktop.core.store import Store, StoreError
from nsp_desktop.ui.dialogs import dialogs


class WorkspaceControls:
    """Asks the person (through `dialogs`) and calls `switch(workspace_id)` after any change."""

    def __init__(
        self,
        parent: QWidget,
        store: Callable[[], Store],
        current: Callable[[], int],
        switch: Callable[[int], None],
    ):
        self.parent = parent
        self._store = store
        self._current = current
        self._switch = switch
        self.combo = QComboBox()
        self.combo.setAccessibleName("Workspace")
        self.combo.setToolTip(
            parent.tr("Each workspace keeps its own ticks, statuses and notes (one per place)")
        )
        self.combo.setMinimumContentsLength(14)
        self.combo.activated.connect(lambda n: self._switch(self.combo.itemData(n)))
        self.menu = QMenu(parent.tr("&Workspaces"), parent)
        self.menu.aboutToShow.connect(self._fill_menu)
        self.new_action = QAction(parent.tr("&New workspace…"), parent)
        self.new_action.triggered.connect(self.create)
        self.rename_action = QAction(parent.tr("&Rename this workspace…"), parent)
        self.rename_action.triggered.connect(self.rename)
        self.delete_action = QAction(parent.tr("&Delete this workspace…"), parent)
        self.delete_action.triggered.connect(self.delete)
        self._fill_menu()

    def row(self) -> QHBoxLayout:
        """ "Workspace: [switcher]", for the top of the side panel (always visible)."""
        row = QHBoxLayout()
        row.setContentsMargins(12, 10, 12, 0)
        label = QLabel(self.parent.tr("&Workspace:"))
        label.setBuddy(self.combo)
        row.addWidget(label)
        row.addWidget(self.combo, 1)
        return row

    def refresh(self) -> None:
        """Redraw the switcher from the store."""
        workspaces = self._store().workspaces()
        self.combo.blockSignals(True)
        self.combo.clear()
        for workspace in workspaces:
            self.combo.addItem(workspace.name, workspace.id)
        self.combo.setCurrentIndex(max(0, self.combo.findData(self._current())))
        self.combo.blockSignals(False)

    def _fill_menu(self) -> None:
        self.menu.clear()
        group = QActionGroup(self.menu)
        for workspace in self._store().workspaces():
            action = self.menu.addAction(workspace.name)
            action.setCheckable(True)
            action.setChecked(workspace.id == self._current())
            action.setActionGroup(group)
            action.triggered.connect(lambda _=False, w=workspace.id: self._switch(w))
        self.menu.addSeparator()
        for action in (self.new_action, self.rename_action, self.delete_action):
            self.menu.addAction(action)

    def _current_workspace(self) -> Workspace:
        return next(w for w in self._store().workspaces() if w.id == self._current())

    def create(self) -> None:
        name = dialogs.ask_text(
            self.parent,
            self.parent.tr("New workspace"),
            self.parent.tr("Name of the place to track (for example “City of Springfield”):"),
        )
        if not name:
            return
        try:
            workspace = self._store().create_workspace(name)
        except StoreError as error:
            dialogs.error(self.parent, self.parent.tr("Cannot create the workspace"), str(error))
            return
        self._switch(workspace.id)

    def rename(self) -> None:
        current = self._current_workspace()
        name = dialogs.ask_text(
            self.parent,
            self.parent.tr("Rename workspace"),
            self.parent.tr("New name for “{0}”:").format(current.name),
            current.name,
        )
        if not name or name == current.name:
            return
        try:
            self._store().rename_workspace(current.id, name)
        except StoreError as error:
            dialogs.error(self.parent, self.parent.tr("Cannot rename the workspace"), str(error))
            return
        self._switch(current.id)

    def delete(self) -> None:
        current = self._current_workspace()
        if not dialogs.confirm(
            self.parent,
            self.parent.tr("Delete workspace"),
            self.parent.tr(
                "Delete the workspace “{0}” with all its ticks, statuses and notes?\n\n"
                "This cannot be undone."
            ).format(current.name),
        ):
            return
        store = self._store()
        store.delete_workspace(current.id)
        self._switch(store.workspaces()[0].id)
