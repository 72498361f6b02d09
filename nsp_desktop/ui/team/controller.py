"""Team progress in the window: Track → Share / Leave / Sync now / Note conflicts / History, the
background sync, and who changed what (checklist tooltips, the dashboard's Team column, the
status bar's "Last synced").

The window owns one `TeamController`, made just after the first paint; nothing here runs before
it. Its `background` (ui/team/syncing.py) syncs off the UI thread; when colleagues' changes came in,
the window redraws from the store (`Tracking.reload`).
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMainWindow

from nsp_desktop.core.store import Store
from nsp_desktop.core.team import places, tables, views
from nsp_desktop.core.team import sync as team_sync
from nsp_desktop.core.team.sync import SyncReport
from nsp_desktop.ui import workers
from nsp_desktop.ui.dialogs import dialogs
from nsp_desktop.ui.team.changes import Names, moment, tooltip
from nsp_desktop.ui.team.conflicts import ConflictsDialog
from nsp_desktop.ui.team.history import HistoryDialog
from nsp_desktop.ui.team.share_dialog import ShareDialog
from nsp_desktop.ui.team.syncing import (
    EXPECTED,
    BackgroundSync,
    Synced,
    explain,
    join_job,
    leave_job,
)
from nsp_desktop.ui.tracking.controller import Tracking


class TeamController(QObject):
    """Sharing the current workspace with a team, and keeping it in step in the background."""

    message = Signal(str, int)  # for the status bar, with how long to show it (ms)
    synced = Signal(object)  # {workspace ID: SyncReport or a sentence} after each sync

    FIRST_SYNC_MS = 500

    def __init__(self, window: QMainWindow, tracking: Tracking):
        super().__init__(window)
        self.window = window
        self.tracking = tracking
        self.data_dir = tracking.store.path.parent
        self.errors: dict[int, str] = {}  # workspace ID -> why its last sync failed
        self.sync_ms = 0.0  # the last sync, start to answer (in the worker)
        self.redraw_ms = 0.0  # the redraw after it (on the UI thread)
        self.share_dialog: ShareDialog | None = None
        self.conflicts_dialog: ConflictsDialog | None = None
        self.history_dialog: HistoryDialog | None = None
        self._reloading = False
        self._stopped = False
        self.names = Names(lambda: self.store, lambda: self.tracking.workspace_id)
        self.conflicted: dict[int, tuple[str, ...]] = {}  # workspace ID -> its note conflicts
        self._failure = ""

        self.status = QLabel("")
        self.status.setObjectName("teamStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # a colleague's words: text only
        self.status.setAccessibleName(self.tr("Team sync"))
        self.status.setVisible(False)  # in the status bar once a workspace shown is shared
        self.background = BackgroundSync(self.data_dir, lambda: bool(self._links()), self)
        self.background.answered.connect(self._synced)
        self.background.failed.connect(self._failed)
        self._build_actions()

        tracking.checklist.changes_for = self.names.item_changes
        tracking.team_changes = self.names.policy_changes
        if tracking.dashboard is not None:
            tracking.dashboard.team_changes = self.names.policy_changes
        tracking.workspace_changed.connect(lambda _: self._workspace_changed())
        tracking.page_changed.connect(self._local_change)
        tracking.notes_saved.connect(lambda *_: self._local_change())
        window.installEventFilter(self)
        self.refresh()
        if self._links():
            QTimer.singleShot(self.FIRST_SYNC_MS, self.sync_now)
            self.background.keep_going(True)
        self._named = False  # the first sync's answer redraws: names in tooltips and the dashboard

    def _build_actions(self) -> None:
        tr = self.tr
        menu = self.tracking.menu
        self.share_action = QAction(tr("Share this workspace with a team…"), self.window)
        self.leave_action = QAction(tr("Leave team"), self.window)
        self.sync_action = QAction(tr("Sync with the team now"), self.window)
        self.conflicts_action = QAction(tr("Note conflicts…"), self.window)
        self.history_action = QAction(tr("History of this policy…"), self.window)
        slots = (self.share, self.leave, self.sync_now, self.show_conflicts, self.show_history)
        actions = (self.share_action, self.leave_action, self.sync_action,
                   self.conflicts_action, self.history_action)  # fmt: skip
        before = self.tracking.delete_all_action
        for action, slot in zip(actions, slots, strict=True):
            action.triggered.connect(lambda _=False, s=slot: s())
            menu.insertAction(before, action)
        menu.insertSeparator(before)

    # The store and the workspace -------------------------------------------------------------

    @property
    def store(self) -> Store:
        return self.tracking.store

    def _link(self) -> tables.Link | None:
        return tables.link(self.store.connection, self.tracking.workspace_id)

    def _links(self) -> list[tables.Link]:
        return tables.links(self.store.connection)

    # Syncing -------------------------------------------------------------------------------

    def sync_now(self) -> None:
        """Track → Sync with the team now (and every other reason to sync)."""
        self.background.sync_now()

    def _failed(self, why: str) -> None:
        self._failure = why  # the worker could not even open the store: said for this workspace

    def _synced(self, result: Synced) -> None:
        if self._stopped:
            return
        self.sync_ms = self.background.sync_ms
        self.conflicted.update(result.conflicts)
        shown = self.tracking.workspace_id
        if shown in result.recorded:
            self.names.keep(shown, *result.recorded[shown])
        self.errors = {}
        for workspace_id, outcome in result.outcomes.items():
            if isinstance(outcome, str):
                self.errors[workspace_id] = outcome
            elif not outcome.ok:
                self.errors[workspace_id] = next(
                    p.text for p in outcome.problems if p.level == "error"
                )
        if self._failure:
            self.errors[shown], self._failure = self._failure, ""
        mine = result.outcomes.get(shown)
        if isinstance(mine, SyncReport) and (mine.applied or not self._named):
            self._named = True
            started = time.perf_counter()
            self._reload()
            self.redraw_ms = (time.perf_counter() - started) * 1000
        self.refresh()
        self.synced.emit(result.outcomes)

    def _reload(self) -> None:
        self._reloading = True
        try:
            self.tracking.reload()
        finally:
            self._reloading = False

    def _local_change(self) -> None:
        """The person changed something: it goes out to the team soon."""
        if not self._reloading and not self._stopped and self._link() is not None:
            self.background.push.start()

    def _workspace_changed(self) -> None:
        self.refresh()
        if self._link() is not None:
            self.sync_now()

    # What the status bar and the menu say ----------------------------------------------------

    def refresh(self) -> None:
        """The status bar's "Last synced …" and which team actions apply, for the workspace shown."""
        if self._stopped:
            return
        link = self._link()
        shared = link is not None
        self.share_action.setEnabled(not shared)
        for action in (self.leave_action, self.sync_action, self.conflicts_action):
            action.setEnabled(shared)
        if shared and self.status.parent() is None:  # a status bar costs the window 22 px
            self.window.statusBar().addPermanentWidget(self.status)
        self.status.setVisible(shared)
        self.background.keep_going(bool(self._links()))
        if link is None:
            return
        synced = (
            self.tr("Last synced {0}").format(moment(link.last_sync))
            if link.last_sync
            else self.tr("Not synced yet")
        )
        conflicts = len(self.conflicted.get(link.workspace_id, ()))  # found by the last sync
        self.conflicts_action.setText(
            self.tr("Note conflicts ({0})…").format(conflicts)
            if conflicts
            else self.tr("Note conflicts…")
        )
        parts = [synced]
        if conflicts:
            parts.append(
                self.tr("1 note conflict")
                if conflicts == 1
                else self.tr("{0} note conflicts").format(conflicts)
            )
        error = self.errors.get(link.workspace_id)
        if error and link.last_sync:
            parts.insert(0, self.tr("Not synced"))
        self.status.setText(" · ".join(parts))
        lines = [self.tr("Shared as {0} through {1}").format(link.member, link.folder)]
        self.status.setToolTip(tooltip(*lines, *([error] if error else [])))

    # Share, leave -------------------------------------------------------------------------------

    def share(self) -> ShareDialog:
        """Track → Share this workspace with a team…"""
        if self.share_dialog is not None:
            self.share_dialog.close()
        names = [link.member for link in self._links()]
        warning = places.data_warning(self.data_dir) or ""
        workspace = self.tracking.state().workspace.name
        dialog = ShareDialog(workspace, names[-1] if names else "", warning, self.window)
        dialog.share_requested.connect(lambda folder, name: self._join(dialog, folder, name))
        self.share_dialog = dialog
        dialogs.show_dialog(dialog)
        return dialog

    def _join(self, dialog: ShareDialog, folder: str, name: str) -> None:
        if self.tracking.notes is not None:
            self.tracking.notes.flush()  # what was typed a moment ago is shared too
        job = workers.StoreJob(self.data_dir, join_job(folder, name, self.data_dir))
        job.done.connect(lambda joined: self._joined(dialog, joined))
        job.failed.connect(lambda error: dialog.refuse(explain(error)))
        workers.start(job)

    def _joined(self, dialog: ShareDialog, joined: team_sync.Joined) -> None:
        dialog.accept()
        if joined.workspace.id != self.tracking.workspace_id:
            self.tracking.switch_workspace(joined.workspace.id)
        else:
            self._reload()
        what = (
            self.tr("Started a team in {0}")
            if joined.created
            else self.tr("Joined the team in {0}")
        )
        said = what.format(joined.report.folder) + self.tr(": workspace “{0}”.").format(
            joined.workspace.name
        )
        self.message.emit(said, 10000)
        problems = [p.text for p in joined.report.problems if p.level != "note"]
        if problems:
            dialogs.info(self.window, self.tr("Shared, with a problem"), "\n\n".join(problems))
        self.background.keep_going(True)
        self.sync_now()  # watches the folder from now on
        self.refresh()

    def leave(self) -> None:
        """Track → Leave team: stop sharing; the progress stays here as a local workspace."""
        link = self._link()
        if link is None:
            return
        name = self.tracking.state().workspace.name
        if not dialogs.confirm(
            self.window,
            self.tr("Leave the team"),
            self.tr(
                "Stop sharing “{0}” through\n\n{1}\n\nYour progress stays here; colleagues keep"
                " theirs. Your changes not yet in the folder are written first, if it is there."
            ).format(name, link.folder),
        ):
            return
        if self.tracking.notes is not None:
            self.tracking.notes.flush()
        job = workers.StoreJob(self.data_dir, leave_job(link.workspace_id))
        job.done.connect(lambda folder: self._left(name, folder))
        job.failed.connect(
            lambda error: dialogs.error(self.window, self.tr("Could not leave"), explain(error))
        )
        workers.start(job)

    def _left(self, name: str, folder: Path) -> None:
        self.errors.pop(self.tracking.workspace_id, None)
        self._reload()
        self.refresh()
        self.message.emit(
            self.tr("“{0}” is no longer shared through {1}; its progress stays here.").format(
                name, folder
            ),
            10000,
        )

    # Conflicts and history ------------------------------------------------------------------------

    def _conflicted(self) -> list[tuple[str, str]]:
        workspace = self.tracking.workspace_id
        found = self.conflicted[workspace] = views.conflicts(self.store.connection, workspace)
        return [(p, page.title if (page := self.tracking.toolkit.page(p)) else p) for p in found]

    def _versions(self, policy_id: str) -> tuple[tuple[views.NoteVersion, ...], str]:
        workspace = self.tracking.workspace_id
        return views.note_versions(self.store, workspace, policy_id), self.store.note(
            workspace, policy_id
        )

    def show_conflicts(self) -> ConflictsDialog:
        """Track → Note conflicts…"""
        if self.conflicts_dialog is None:
            self.conflicts_dialog = ConflictsDialog(self._versions, self.window)
            self.conflicts_dialog.resolved.connect(self._resolve)
        self.conflicts_dialog.show_conflicts(self._conflicted())
        dialogs.show_dialog(self.conflicts_dialog)
        return self.conflicts_dialog

    def _resolve(self, policy_id: str, text: str) -> None:
        workspace = self.tracking.workspace_id
        if self.tracking.notes is not None:
            self.tracking.notes.flush()
        try:
            self.store.set_note(workspace, policy_id, text)
            team_sync.record(self.store, workspace)  # resolved now, not at the next sync
        except EXPECTED as error:
            dialogs.error(self.window, self.tr("Could not save"), str(error))
            return
        self._reload()
        if self.conflicts_dialog is not None:
            self.conflicts_dialog.show_conflicts(self._conflicted())
        else:
            self._conflicted()
        self.refresh()
        self.message.emit(self.tr("Note saved; it goes to the team at the next sync."), 6000)
        self.background.push.start()

    def show_history(self) -> HistoryDialog | None:
        """Track → History of this policy…"""
        page = self.tracking.toolkit.page(self.tracking.current_page() or "")
        if page is None or page.kind != "policy":
            self.message.emit(self.tr("Open a policy to see its history."), 5000)
            return None
        texts = {item.id: item.text for item in page.items}
        try:
            lines = views.history_entries(self.store, self.tracking.workspace_id, page.id, texts)
        except EXPECTED as error:
            dialogs.error(self.window, self.tr("Could not read the history"), str(error))
            return None
        if self.history_dialog is not None:
            self.history_dialog.close()
        self.history_dialog = HistoryDialog(page.title, lines, self.window)
        dialogs.show_dialog(self.history_dialog)
        return self.history_dialog

    # Closing --------------------------------------------------------------------------------------

    def stop(self) -> None:
        """The window is closing: no more syncs (one running finishes; the app waits for it)."""
        self._stopped = True
        self.background.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.stop()
        return super().eventFilter(watched, event)
