"""Wires the store to the window: ticks on the page, the side panels, progress, dashboard, undo.

Every action is a thin wrapper: call one `Store` method (which commits durably), then redraw
everything from `Store.workspace_state`. The side column is a plain container until the first paint;
its widgets are built afterwards so start-up pays nothing for them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QLabel, QMenu, QVBoxLayout, QWidget

from nsp_desktop.core.models import Page, Toolkit

if TYPE_CHECKING:
    from nsp_desktop.core.progress import WorkspaceState
    from nsp_desktop.core.store import Store
    from nsp_desktop.ui.tracking.checklist_panel import ChecklistPanel
    from nsp_desktop.ui.tracking.dashboard import Dashboard
    from nsp_desktop.ui.tracking.notes_panel import NotesPanel


def _dialogs():
    """The dialogs helper, imported on first use: message boxes are not needed for the first paint."""
    # deferred: a message box's type loads when one is shown
    from nsp_desktop.ui.dialogs import dialogs

    return dialogs


class Tracking(QObject):
    """The person's progress in the window; owns the store connection.

    `notes_saved(workspace_id, policy_id)` fires after a note is written, so a search index of
    the notes (`Store.notes(workspace_id)`) can be refreshed; `workspace_changed` after a switch.
    """

    notes_saved = Signal(int, str)
    workspace_changed = Signal(int)
    built = Signal()  # the side panels exist now: the window chains them into its Tab order
    message = Signal(str, int)  # for the status bar, with how long to show it (ms)
    page_changed = Signal()  # what is saved changed: the window redraws the page's boxes
    progress = Signal(str, str, str)  # page_id, "2/5", a tip: for the contents' badges
    open_page = Signal(str)  # the dashboard asks for a policy
    data_deleted = Signal()  # "Delete all my data" removed the preferences too

    def __init__(
        self,
        window: QWidget,
        toolkit: Toolkit,
        store: Store | Callable[[], Store],
        current_page: Callable[[], str | None],
    ):
        """`store` is the person's store, or a function that opens it: then it is opened when
        first needed (by a page with checklist items, or just after the first paint), and
        raises StoreError or OSError there if it cannot be."""
        super().__init__(window)
        self.window = window  # the parent of its dialogs and menu; watched for activation
        self.toolkit = toolkit
        self.current_page = current_page
        self._store: Store | None = None
        self._open_store = store if callable(store) else None
        self._workspace_id = 0
        self._state: WorkspaceState | None = None
        self._seen_version = 0
        self._closed = False
        self._note_base: dict[tuple[int, str], str] = {}  # each note as the editor last had it
        if self._open_store is None:
            self._adopt(store)
        self.announce_recovery = True  # a dialog after the first paint if the store was damaged
        self.checklist: ChecklistPanel | None = None
        self.notes: NotesPanel | None = None
        self.dashboard: Dashboard | None = None
        self.team_changes = None  # set by the team controller: the dashboard's Team column
        self.workspaces = None

        self.side = QWidget()
        self.side.setObjectName("trackingSide")
        self.side.setMinimumWidth(260)
        self._side_layout = QVBoxLayout(self.side)
        self._side_layout.setContentsMargins(0, 0, 0, 0)
        self.placeholder = QLabel("")
        self.placeholder.setObjectName("panelPlaceholder")
        self.placeholder.setWordWrap(True)
        self._side_layout.addWidget(self.placeholder)

        # Actions get their shortcuts after the first paint: a QKeySequence built now would
        # pull in the Qt namespace (~20 ms) before anything is on screen.
        self.menu = QMenu(self.tr("&Track"), window)

    # The store, opened on first use ---------------------------------------------------------

    def _adopt(self, store: Store) -> None:
        self._store = store
        self._workspace_id = store.current_workspace().id
        self._seen_version = store.data_version()

    @property
    def store(self) -> Store:
        if self._store is None:
            self._adopt(self._open_store())
        return self._store

    @store.setter
    def store(self, store: Store) -> None:
        self._store = store

    @property
    def workspace_id(self) -> int:
        self.store  # noqa: B018 (opens it, if need be)
        return self._workspace_id

    @workspace_id.setter
    def workspace_id(self, workspace_id: int) -> None:
        self._workspace_id = workspace_id

    # Building after the first paint -------------------------------------------------------

    def build(self) -> None:
        """Create the panels, the workspace switcher and the menu; tell about recovered data."""
        # deferred: the Qt namespace (~20 ms of enums) is never built before the first paint
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QApplication

        from nsp_desktop.ui.splitter import GripSplitter
        from nsp_desktop.ui.tracking.checklist_panel import ChecklistPanel
        from nsp_desktop.ui.tracking.notes_panel import NotesPanel
        from nsp_desktop.ui.tracking.workspaces import WorkspaceControls

        self._build_actions()
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.checklist = ChecklistPanel()
        self.notes = NotesPanel(self._save_note)
        column = GripSplitter(Qt.Orientation.Vertical, vertical=True)
        column.addWidget(self.checklist)
        column.addWidget(self.notes)
        column.setStretchFactor(0, 3)  # the checklist is what a person works in
        column.setStretchFactor(1, 1)
        column.setChildrenCollapsible(False)
        column.show_grips()  # built after the first paint: its grips can show at once
        self._side_layout.addWidget(column, 1)
        self.column = column

        panel = self.checklist
        panel.ticked.connect(lambda item_id, done: self._tick(self._page_id(), item_id, done))
        panel.status_chosen.connect(lambda s: self._act(self.store.set_status, s))
        panel.owner_edited.connect(lambda o: self._act(self.store.set_status, owner=o))
        panel.due_edited.connect(lambda d: self._act(self.store.set_status, due=d))
        panel.add_requested.connect(self.add_item)
        panel.edit_requested.connect(self.edit_item)
        panel.delete_requested.connect(
            lambda i: self._do(self.store.delete_item, self.workspace_id, i, said="Item deleted")
        )
        panel.move_requested.connect(
            lambda i, n: self._do(self.store.move_item, self.workspace_id, i, n)
        )
        self.notes.saved.connect(lambda _: self._changed(redraw_page=False))

        self.workspaces = WorkspaceControls(
            self.window, lambda: self.store, lambda: self.workspace_id, self.switch_workspace
        )
        self._side_layout.insertLayout(0, self.workspaces.row())
        self.menu.addMenu(self.workspaces.menu)
        self.menu.addSeparator()
        self.menu.addAction(self.delete_all_action)
        self.workspaces.refresh()
        self._update_contents()  # badges re-lay the contents out: after the first paint
        self.window.installEventFilter(self)
        QApplication.instance().aboutToQuit.connect(self.close)  # a quit without a close event
        self.page_shown(self._page_id())
        self.built.emit()
        self._tell_about_recovery()

    def focus_chain(self) -> list[QWidget]:
        """The side column's controls in the order Tab visits them (none before it is built)."""
        if self.checklist is None:
            return []
        return [self.workspaces.combo, *self.checklist.focus_chain(), self.notes.editor]

    def _build_actions(self) -> None:
        # deferred: actions are built after the first paint
        from PySide6.QtGui import QAction, QKeySequence

        window = self.window
        self.undo_action = QAction(self.tr("Undo"), window)
        self.undo_action.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Undo))
        self.undo_action.triggered.connect(self.undo)
        self.dashboard_action = QAction(self.tr("Dashboard"), window)
        self.dashboard_action.setShortcut(QKeySequence("Ctrl+D"))
        self.dashboard_action.triggered.connect(self.show_dashboard)
        self.delete_all_action = QAction(self.tr("Delete all my data…"), window)
        self.delete_all_action.triggered.connect(self.delete_all_data)
        for action in (self.dashboard_action, self.undo_action):
            self.menu.addAction(action)
            window.addAction(action)
        self.menu.addSeparator()

    def _tell_about_recovery(self) -> None:
        if self.store.recovered_from is not None and self.announce_recovery:
            _dialogs().error(
                self.window,
                self.tr("Your saved progress could not be read"),
                self.tr(
                    "The file holding your ticks, statuses and notes was damaged. It has been "
                    "kept, unchanged, as:\n\n{0}\n\nNSP Desktop has started a fresh one."
                ).format(self.store.recovered_from),
            )

    # Reading the state --------------------------------------------------------------------

    def state(self) -> WorkspaceState:
        if self._state is None:
            self._state = self.store.workspace_state(self.toolkit, self.workspace_id)
        return self._state

    def done_map(self, page: Page) -> dict[str, bool]:
        """item_id -> ticked, for the page the reader is about to draw (one cheap query)."""
        if page.kind != "policy":
            return {}
        return dict.fromkeys(self.store.done_items(self.workspace_id, page.id), True)

    def _page_id(self) -> str:
        return self.current_page() or ""

    def page_shown(self, page_id: str) -> None:
        """The window opened a page: point the side panels at it."""
        if self.checklist is None:
            return
        page = self.toolkit.page(page_id)
        policy = self.state().policy(page_id) if page and page.kind == "policy" else None
        self.notes.flush()
        self.column.setVisible(policy is not None)
        self.placeholder.setVisible(policy is None)
        if policy is None:
            self.placeholder.setText(self._overview_text(page))
            return
        self.checklist.show_policy(policy, self.state().workspace.name)
        self._note_base[(self.workspace_id, policy.id)] = policy.note
        self.notes.show_note(self.workspace_id, policy.id, policy.note)

    def _overview_text(self, page: Page | None) -> str:
        """For the introduction or a priority: a summary of its policies' progress."""
        # deferred: only for the overview of a priority page
        import html

        from nsp_desktop.core.progress import STATUS_LABELS as status_labels

        state = self.state()
        if page is not None and page.kind == "priority":
            heading, done_total = page.title, state.progress(page.id)
            policies = [p for p in state.policies if p.priority_id == page.id]
        else:
            heading, done_total = state.workspace.name, state.progress()
            policies = [p for p in state.policies if not p.retired]
        rows = [
            f"<p style='font-size:11pt'><b>{html.escape(heading)}</b></p>"
            f"<p>{done_total[0]} of {done_total[1]} checklist items done</p>"
            "<table cellspacing='0' cellpadding='3' width='100%'>"
        ]
        for policy in policies:  # no ✓ here: beside a count it reads as "done"
            rows.append(
                f"<tr><td width='44' align='right'><b>{policy.done_count}/{policy.total}</b></td>"
                f"<td>{html.escape(policy.title)}<br><span>"
                f"{status_labels[policy.status]}</span></td></tr>"
            )
        rows.append(
            "</table><p><i>Open a policy to tick its items, set its status and write notes.</i></p>"
        )
        return "".join(rows)

    # Changes ------------------------------------------------------------------------------

    def _do(self, method, *args, said: str = "", **kwargs) -> bool:
        """Run one store change; on failure say why and redraw what is really saved."""
        # deferred: SQLite loads after the first paint
        import sqlite3

        from nsp_desktop.core.store import StoreError

        try:
            method(*args, **kwargs)
        except (StoreError, sqlite3.Error, OSError) as error:
            _dialogs().error(self.window, self.tr("Could not save"), str(error))
            self._changed()
            return False
        self._changed()
        if said:
            self.message.emit(self.tr("{0} — Ctrl+Z to undo").format(said), 6000)
        return True

    def _act(self, method, *args, **kwargs) -> None:
        """A change to the open policy."""
        self._do(method, self.workspace_id, self._page_id(), *args, **kwargs)

    def tick_link(self, page_id: str, item_id: str) -> None:
        """A box was clicked in the page: flip it."""
        policy = self.state().policy(page_id)
        item = next((i for i in policy.items if i.id == item_id), None) if policy else None
        if item is not None:
            self._tick(page_id, item_id, not item.done)

    def _tick(self, page_id: str, item_id: str, done: bool) -> None:
        policy = self.state().policy(page_id)
        item = next((i for i in policy.items if i.id == item_id), None) if policy else None
        label = item.text if item else ""
        said = ("Ticked" if done else "Unticked") + (f": {_shorten(label)}" if label else "")
        self._do(self.store.set_done, self.workspace_id, page_id, item_id, done, label, said=said)

    def add_item(self) -> None:
        page = self.toolkit.page(self._page_id())
        text = _dialogs().ask_text(
            self.window,
            self.tr("Add an item"),
            self.tr("Your own checklist item for “{0}”:").format(page.title if page else ""),
        )
        if text and text.strip():
            self._do(self.store.add_item, self.workspace_id, self._page_id(), text)

    def edit_item(self, item_id: str) -> None:
        policy = self.state().policy(self._page_id())
        item = next((i for i in policy.items if i.id == item_id), None) if policy else None
        if item is None:
            return
        text = _dialogs().ask_text(
            self.window, self.tr("Edit item"), self.tr("Your item:"), item.text
        )
        if text and text.strip() and text.strip() != item.text:
            self._do(self.store.edit_item, self.workspace_id, item_id, text)

    def undo(self) -> None:
        # deferred: SQLite loads after the first paint
        import sqlite3

        from nsp_desktop.core.store import StoreError

        try:
            label = self.store.undo(self.workspace_id)
        except (StoreError, sqlite3.Error) as error:
            _dialogs().error(self.window, self.tr("Could not undo"), str(error))
            return
        self._changed()
        message = self.tr("Undone: {0}").format(label) if label else "Nothing to undo"
        self.message.emit(message, 5000)

    def _save_note(self, workspace_id: int, policy_id: str, text: str) -> None:
        key = (workspace_id, policy_id)
        conflict = self.store.set_note(workspace_id, policy_id, text, base=self._note_base.get(key))
        self._note_base[key] = conflict.merged if conflict else text
        self.notes_saved.emit(workspace_id, policy_id)
        if conflict:  # changed in another window meanwhile: both kept; show them, once saved
            # deferred: only when a note conflict is shown
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, lambda: self.notes.show_note(*key, conflict.merged))
            self.window.statusBar().showMessage(
                self.window.tr("This note was also changed in another window: both are kept."),
                10000,
            )

    def switch_workspace(self, workspace_id: int) -> None:
        if self.notes is not None:
            self.notes.flush()
        self.store.set_current_workspace(workspace_id)
        self.workspace_id = workspace_id
        self._changed()
        self.workspace_changed.emit(workspace_id)
        self.message.emit(self.tr("Workspace: {0}").format(self.state().workspace.name), 5000)

    def delete_all_data(self) -> None:
        # deferred: SQLite loads after the first paint
        from nsp_desktop.core.store import Store, delete_user_files

        folder = self.store.path.parent
        if not _dialogs().confirm(
            self.window,
            self.tr("Delete all my data"),
            self.tr(
                "Delete the files NSP Desktop keeps in\n\n{0}\n\n— every workspace, tick, status "
                "and note, their backups, your preferences, installed editions, the log and the "
                "search cache. Other files in that folder are left alone. This cannot be undone."
            ).format(folder),
        ):
            return
        if self.notes is not None:
            self.notes.show_note(0, "", "")  # saves what was typed, then unbinds the editor
        self.store.close()
        try:
            deletion = delete_user_files(folder)
        finally:
            self.store = Store.open(folder)
        self.data_deleted.emit()
        self.workspace_id = self.store.current_workspace().id
        self._changed()
        _dialogs().info(
            self.window,
            self.tr("Your data was deleted"),
            self.tr("{0}\n\nNSP Desktop starts afresh.").format(deletion.summary()),
        )

    # Redrawing ----------------------------------------------------------------------------

    def reload(self) -> None:
        """Redraw everything from what is saved (after an import, say)."""
        self._changed()

    def _changed(self, redraw_page: bool = True) -> None:
        """Something was saved: redraw contents, panels, dashboard and the page's boxes."""
        self._state = None
        self._seen_version = self.store.data_version()
        if all(w.id != self.workspace_id for w in self.store.workspaces()):
            self.workspace_id = self.store.current_workspace().id  # deleted by another instance
        self._update_contents()
        if self.workspaces is not None:
            self.workspaces.refresh()
        if redraw_page:
            self.page_changed.emit()  # the page's boxes, and the panels (via page_shown)
        if self.dashboard is not None:
            self.dashboard.show_state(self.state())
        if self.checklist is not None:
            self.undo_action.setEnabled(self.store.can_undo(self.workspace_id))

    def _update_contents(self) -> None:
        # deferred: the read model loads with the store, after the first paint
        from nsp_desktop.core.progress import STATUS_LABELS

        state = self.state()
        for priority in self.toolkit.priorities:
            done, total = state.progress(priority.id)
            self.progress.emit(priority.id, f"{done}/{total}", "items done")
        for policy in state.policies:
            if not policy.retired:
                tip = f"{STATUS_LABELS[policy.status]} · {policy.done_count} of {policy.total} done"
                self.progress.emit(policy.id, f"{policy.done_count}/{policy.total}", tip)

    def show_dashboard(self) -> Dashboard:
        if self.dashboard is None:
            # deferred: built when first opened
            from nsp_desktop.ui.tracking.dashboard import Dashboard

            self.dashboard = Dashboard(self.toolkit, self.window)
            self.dashboard.team_changes = self.team_changes
            self.dashboard.policy_opened.connect(self.open_page)
        self.dashboard.show_state(self.state())
        self.dashboard.show()
        self.dashboard.raise_()
        return self.dashboard

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        # Another instance or the CLI may have saved something while this window was inactive.
        if (
            event.type() == QEvent.Type.WindowActivate
            and not self._closed
            and self.store.data_version() != self._seen_version
        ):
            self._changed()
        return super().eventFilter(watched, event)

    def close(self) -> None:
        """Save the note being typed and close the database (the window is closing)."""
        if self._closed:
            return
        if self.notes is not None:
            self.notes.flush()
        if self._store is not None:
            self._store.close()
        self._closed = True


def _shorten(text: str, limit: int = 60) -> str:
    """The item as a status line can show it: whole, or cut at a word with an ellipsis."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
