"""The main window: contents on the left, the page, the tracking column; menus and a toolbar.

It does layout and actions only. Reading, search and tracking are controllers it owns; they tell
it what to redraw or show through signals.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QMainWindow,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from nsp_desktop import APP_NAME
from nsp_desktop.core import help_pages, paths
from nsp_desktop.core.models import Toolkit
from nsp_desktop.core.render import NOT_IN_EDITION, page_html
from nsp_desktop.core.settings import Settings
from nsp_desktop.ui.editions.controller import Editions
from nsp_desktop.ui.editions.reload import reload_toolkit
from nsp_desktop.ui.reading.contents import Contents
from nsp_desktop.ui.reading.controller import Reading
from nsp_desktop.ui.reading.navigation import Pages
from nsp_desktop.ui.reading.reader import Reader
from nsp_desktop.ui.search.controller import SearchController
from nsp_desktop.ui.splitter import GripSplitter
from nsp_desktop.ui.tracking.controller import Tracking

if TYPE_CHECKING:
    from PySide6.QtGui import QKeySequence

    from nsp_desktop.core.store import Store

DEFAULT_SIZE = (1280, 800)  # contents, page and the tracking panel side by side


def _with_standard(standard: QKeySequence.StandardKey, key: str) -> list[QKeySequence]:
    """The platform's keys plus `key`, without listing one twice (that makes both ambiguous)."""
    # deferred: keys are built after the first paint (QKeySequence's type costs start-up)
    from PySide6.QtGui import QKeySequence

    keys = QKeySequence.keyBindings(standard)
    wanted = QKeySequence(key)
    return keys if wanted in keys else [wanted, *keys]


class MainWindow(QMainWindow):
    """Reads the toolkit; remembers the last page, window, zoom and theme in `settings`.

    `store` keeps the person's progress: a Store, or a function that opens one. That one is
    opened when a page first needs it (a policy's ticks) or just after the first paint: the first
    paint of any other page does not wait for SQLite. If it cannot be opened then,
    `store_failed` says why.
    """

    on_screen = Signal()  # the first paint has finished: for observers, who do no work in it
    first_painted = Signal()  # just after on_screen: the time for work the paint did not need
    store_failed = Signal(str)  # the store, opened after the first paint, could not be

    def __init__(
        self,
        toolkit: Toolkit,
        settings: Settings,
        data_dir: str,
        store: Store | Callable[[], Store],
    ):
        super().__init__()
        self.toolkit = toolkit
        self.settings = settings
        self.data_dir = data_dir
        self._painted = False
        self._search_worker = None
        self._actions_built = False

        self.contents = Contents(toolkit)
        self.preempted_only = QCheckBox(self.tr("✓ only"))
        self.preempted_only.setAccessibleName(self.tr("Show only ✓ policies"))
        self.preempted_only.setToolTip(toolkit.preempted_legend)
        self.legend = QLabel(f"✓ {toolkit.preempted_legend}")  # always: ✓ is not "done"
        self.legend.setWordWrap(True)
        self.legend.setObjectName("legend")
        self.legend.setAccessibleName(self.tr("What the ✓ mark means"))
        self.left = QWidget()
        left_layout = QVBoxLayout(self.left)
        left_layout.setContentsMargins(6, 6, 0, 0)
        for widget in (self.preempted_only, self.legend, self.contents):
            left_layout.addWidget(widget)

        self.reader = Reader()
        self.reader.content_root = toolkit.root  # images only from the content folder
        self.centre = QWidget()
        self.centre_layout = QVBoxLayout(self.centre)
        self.centre_layout.setContentsMargins(0, 0, 0, 0)
        self.centre_layout.setSpacing(0)
        self.centre_layout.addWidget(self.reader)
        self.reading = Reading(
            self, self.reader, self.centre_layout, settings, toolkit, self.current_page_id
        )
        self.tracking = Tracking(self, toolkit, store, self.current_page_id)
        self.search = SearchController(self, toolkit, self.reader, self.reading, self.tracking)
        self.search_panel = self.search.panel
        left_layout.insertWidget(0, self.search_panel)

        self.splitter = GripSplitter()  # horizontal
        self.splitter.addWidget(self.left)
        self.splitter.addWidget(self.centre)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([320, 780])
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self.splitter.addWidget(self.tracking.side)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([290, 640, 350])
        self._build_toolbar()
        self._build_menus()
        self.menuBar().insertMenu(self.help_menu.menuAction(), self.tracking.menu)
        self._connect_controllers()

        self.contents.page_selected.connect(self.open_page)
        self.reader.page_link.connect(self.open_page)
        self.reader.resource_link.connect(self._explain_resource)
        self.reader.tick_link.connect(self.tracking.tick_link)
        self.preempted_only.toggled.connect(self._filter_preempted)
        self.reader.viewport().installEventFilter(self)
        self.reader.installEventFilter(self)  # keys reach the reader, paints its viewport
        self.pages = Pages(self, toolkit, self.reader, settings, self._page_html)
        self.pages.shown.connect(self._page_shown)
        self.editions = Editions(self, data_dir, self.reading)  # toolkit editions (.nsppack)
        self.editions.toolkit_changed.connect(lambda toolkit: reload_toolkit(self, toolkit))
        self.editions.marks.connect(self.contents.set_marks)
        self.editions.open_page.connect(self.open_page)
        self.editions.message.connect(self._say)
        self.pages.shown.connect(lambda page_id, _: self.editions.page_shown(page_id))

        self.chain_focus()
        self.reading.apply_theme()
        width, height = settings.get("window_size", DEFAULT_SIZE)
        self.resize(int(width), int(height))
        start = settings.get("last_page")
        if not settings.get("welcomed"):
            start = help_pages.WELCOME
            settings.set("welcomed", True)
        self.open_page(start if self.pages.known(start) else toolkit.introduction.id)
        scrolled = settings.get("last_scroll", 0.0)
        if start == self.pages.current() and isinstance(scrolled, (int, float)):
            self.pages.scroll.restore(min(1.0, max(0.0, float(scrolled))))
        self.reader.setFocus()  # a returning reader starts in the page, not on a check box

    def _connect_controllers(self) -> None:
        """What the controllers ask of the window, by signal."""
        reading, tracking, search = self.reading, self.tracking, self.search
        reading.chrome = lambda: [
            self.left,
            self.toolbar,
            self.menuBar(),
            self.statusBar(),
            tracking.side,
        ]
        reading.restyled.connect(self.refresh_page)
        reading.next_policy.connect(self.next_policy)
        reading.previous_policy.connect(self.previous_policy)
        reading.controls_added.connect(self.chain_focus)
        tracking.page_changed.connect(self.refresh_page)
        tracking.progress.connect(self.contents.set_progress)
        tracking.open_page.connect(self.open_page)
        tracking.data_deleted.connect(self.settings.clear)
        tracking.built.connect(self.chain_focus)
        tracking.built.connect(self._tell_store_notices)
        search.open_page.connect(self.open_page)
        for controller in (reading, tracking, search):
            controller.message.connect(self._say)
        self.search_panel.active_changed.connect(self._search_active)
        self.search_panel.dismissed.connect(self.reader.setFocus)
        self.first_painted.connect(
            lambda: self.search_panel.dress(str(paths.resources_dir() / "icons" / "search.svg"))
        )

    def _say(self, text: str, milliseconds: int = 0) -> None:
        self.statusBar().showMessage(text, milliseconds)

    def _tell_store_notices(self) -> None:
        """Once, when the panels are built: what opening the store did (an older data format
        brought up to date, and where its backup is); the store says it only on that opening."""
        said = " ".join(self.tracking.store.notices())
        if said:
            self._say(said)

    def open_log_folder(self) -> None:
        """Help → Open log folder: the file a bug report needs, in the system's file manager."""
        from PySide6.QtCore import QUrl  # deferred: as the action, after the first paint
        from PySide6.QtGui import QDesktopServices  # deferred: as the action

        from nsp_desktop.core import log  # deferred: the log starts after the first paint

        place = log.where()
        folder = place.parent if place else paths.data_paths(self.data_dir).log_dir
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def start_search(self, cache_dir=None) -> None:
        """Load or build the search index, off the UI thread."""
        self.search.start(cache_dir)

    # Actions and menus ---------------------------------------------------------------------

    def _action(self, text: str, slot, keys=(), checkable: bool = False) -> QAction:
        action = QAction(self)  # not QAction(text, self): matching that call builds QIcon's type
        action.setText(text)
        if keys:
            # deferred: keys are built after the first paint (QKeySequence's type costs start-up)
            from PySide6.QtGui import QKeySequence

            action.setShortcuts([QKeySequence(k) if isinstance(k, str) else k for k in keys])
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work in meeting mode too, with the menus hidden
        return action

    def _build_toolbar(self) -> None:
        """Back and Forward; their keys come with the other actions, after the first paint."""
        self.back_action = self._action(self.tr("Back"), self.go_back)
        self.forward_action = self._action(self.tr("Forward"), self.go_forward)
        bar = QToolBar(self.tr("Navigation"))
        bar.setObjectName("navigation")
        bar.setMovable(False)
        bar.setAccessibleName(self.tr("Navigation toolbar"))
        self.addToolBar(bar)
        self.toolbar = bar
        bar.addAction(self.back_action)
        bar.addAction(self.forward_action)

    def _build_menus(self) -> None:
        """The menu titles; their actions are added after the first paint."""
        tr = self.tr
        menus = self.menuBar()
        self.file_menu = menus.addMenu(tr("&File"))
        self.edit_menu = menus.addMenu(tr("&Edit"))
        self.view_menu = menus.addMenu(tr("&View"))
        self.go_menu = menus.addMenu(tr("&Go"))
        self.help_menu = menus.addMenu(tr("&Help"))

    def build_actions(self) -> None:
        """Every action with its keys, in the menus. Done just after the first paint (building
        them, their key sequences and menus costs start-up time nothing on screen needs), or
        earlier when a page lists the shortcuts."""
        if self._actions_built:
            return
        self._actions_built = True
        from PySide6.QtGui import QKeySequence  # deferred: its type costs start-up time

        tr = self.tr
        standard = QKeySequence.StandardKey
        self.back_action.setShortcuts(_with_standard(standard.Back, "Alt+Left"))
        self.forward_action.setShortcuts(_with_standard(standard.Forward, "Alt+Right"))
        self.find_action = self._action(
            tr("Find in page"), lambda: self.reading.find_bar.open(), ["Ctrl+F"]
        )
        self.find_next_action = self._action(tr("Find next"), self.reading.find_next, ["F3"])
        self.find_previous_action = self._action(
            tr("Find previous"), self.reading.find_previous, ["Shift+F3"]
        )
        self.citation_action = self._action(
            tr("Copy citation"), self.reading.copy_citation, ["Ctrl+Shift+C"]
        )
        self.zoom_in_action = self._action(
            tr("Zoom in"), self.reading.zoom_in, ["Ctrl++", "Ctrl+="]
        )
        self.zoom_out_action = self._action(tr("Zoom out"), self.reading.zoom_out, ["Ctrl+-"])
        self.zoom_reset_action = self._action(
            tr("Actual size"), self.reading.zoom_reset, ["Ctrl+0"]
        )
        self.meeting_action = self._action(
            tr("Meeting mode"), self.reading.toggle_meeting, ["F11"], checkable=True
        )
        self.next_policy_action = self._action(tr("Next policy"), self.next_policy, ["Ctrl+]"])
        self.previous_policy_action = self._action(
            tr("Previous policy"), self.previous_policy, ["Ctrl+["]
        )
        self.welcome_action = self._action(
            tr("Welcome"), lambda: self.open_page(help_pages.WELCOME)
        )
        self.shortcuts_action = self._action(
            tr("Keyboard shortcuts"), lambda: self.open_page(help_pages.SHORTCUTS), ["F1"]
        )
        self.about_action = self._action(
            tr("About NSP Desktop"), lambda: self.editions.show_about()
        )
        self.log_folder_action = self._action(tr("Open log folder"), self.open_log_folder)
        self.quit_action = self._action(tr("Quit"), self.close, ["Ctrl+Q"])
        self.reading.meeting_changed.connect(self.meeting_action.setChecked)
        self._fill_menus()
        self.open_edition_action, self.whats_new_action = self.editions.add_actions(
            self.file_menu, self.quit_action, self.help_menu, self.shortcuts_action
        )
        for action in self.actions():
            if action.shortcut().toString():
                keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                action.setToolTip(f"{action.text()} ({keys})")
        self.search_action = self._action(tr("Search"), self.search.focus, ["Ctrl+K", "/"])
        self.search_action.setToolTip(tr("Search the toolkit (Ctrl+K or /)"))
        self.edit_menu.insertAction(self.edit_menu.actions()[0], self.search_action)
        self._update_actions()
        if self.pages.current() == help_pages.WELCOME:
            self.refresh_page()

    def _fill_menus(self) -> None:
        tr = self.tr
        self.file_menu.addAction(self.quit_action)
        edit = self.edit_menu
        for action in (self.find_action, self.find_next_action, self.find_previous_action):
            edit.addAction(action)
        edit.addSeparator()
        edit.addAction(self.citation_action)
        view = self.view_menu
        self.theme_group, self.text_size_group = self.reading.add_look_menus(view)
        view.addSeparator()
        for action in (self.zoom_in_action, self.zoom_out_action, self.zoom_reset_action):
            view.addAction(action)
        view.addSeparator()
        view.addAction(self.meeting_action)
        go = self.go_menu
        for action in (self.back_action, self.forward_action):
            go.addAction(action)
        go.addSeparator()
        go.addAction(self.previous_policy_action)
        go.addAction(self.next_policy_action)
        self.recent_menu = go.addMenu(tr("Recently viewed"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        for action in (
            self.welcome_action, self.shortcuts_action, self.log_folder_action, self.about_action
        ):  # fmt: skip
            self.help_menu.addAction(action)

    def shortcut_rows(self) -> list[tuple[str, str]]:
        self.build_actions()
        # deferred: keys are built after the first paint (QKeySequence's type costs start-up)
        from PySide6.QtGui import QKeySequence

        native = QKeySequence.SequenceFormat.NativeText
        rows = []
        for action in self.actions():
            keys = ", ".join(k.toString(native) for k in action.shortcuts())
            if keys:
                rows.append((action.text().replace("&", ""), keys))
        rows.append((self.tr("Focus the contents, the page, the panels"), "Tab, Shift+Tab"))
        rows.append((self.tr("Next / previous policy in meeting mode"), "→, ←"))
        rows.append((self.tr("Page down / up in meeting mode, then on"), "PageDown, PageUp"))
        rows.append((self.tr("Leave meeting mode or close find"), "Esc"))
        return rows

    def chain_focus(self) -> None:
        """The designed Tab order: left to right, each pane top to bottom, then round again.
        Re-chained whenever a pane builds its widgets (hidden ones are skipped by Qt)."""
        chain = [*self.search_panel.focus_chain(), self.preempted_only, self.contents]
        chain += self.reading.focus_chain()
        chain += self.tracking.focus_chain()
        for before, after in zip(chain, [*chain[1:], chain[0]], strict=True):
            QWidget.setTabOrder(before, after)

    # Navigation ----------------------------------------------------------------------------

    def open_page(self, page_id: str) -> None:
        self.pages.open(page_id)

    def go_back(self) -> None:
        self.pages.back()

    def go_forward(self) -> None:
        self.pages.forward()

    def current_page_id(self) -> str | None:
        return self.pages.current()

    def refresh_page(self) -> None:
        self.pages.refresh()

    def next_policy(self) -> None:
        self.pages.step(1)

    def previous_policy(self) -> None:
        self.pages.step(-1)

    def _page_html(self, page_id: str) -> tuple[str, str]:
        """(title, HTML) of a toolkit page or one of the app's own pages."""
        if page_id == help_pages.WELCOME:
            # The keys it names are the actions' own. Before they exist (the first paint of a
            # first start), it names the usual ones, and is redrawn when they come.
            shortcuts = dict(self.shortcut_rows()) if self._actions_built else {}
            return self.tr("Welcome"), help_pages.welcome_html(self.toolkit, shortcuts)
        if page_id == help_pages.WHATS_NEW:
            return self.editions.whats_new()
        if page_id == help_pages.SHORTCUTS:
            return self.tr("Keyboard shortcuts"), help_pages.shortcuts_html(self.shortcut_rows())
        page = self.toolkit.page(page_id)
        return page.title, page_html(self.toolkit, page, self.tracking.done_map(page))

    def _page_shown(self, page_id: str, title: str) -> None:
        """A page is in the reader: the title, the contents, the panels and actions follow."""
        self.tracking.page_shown(page_id)
        self.contents.select(page_id)
        self.setWindowTitle(f"{title} — {APP_NAME}")
        self._update_actions()
        self.reading.page_shown(page_id)

    def _update_actions(self) -> None:
        self.back_action.setEnabled(self.pages.history.can_go_back())
        self.forward_action.setEnabled(self.pages.history.can_go_forward())
        if self._actions_built:
            self.citation_action.setEnabled(
                self.toolkit.page(self.pages.current() or "") is not None
            )

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for page in self.pages.recent():
            action = self.recent_menu.addAction(page.title)
            action.triggered.connect(lambda _=False, p=page.id: self.open_page(p))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction(self.tr("Nothing yet")).setEnabled(False)

    def _explain_resource(self, resource_id: str) -> None:
        page = self.toolkit.page(self.pages.current() or "")
        resource = page.resource(resource_id) if page else None
        label = resource.label if resource else resource_id
        self.statusBar().showMessage(
            self.tr("“{0}” is a companion resource named by the toolkit; it is {1}.").format(
                label, NOT_IN_EDITION
            ),
            8000,
        )

    def _filter_preempted(self, only: bool) -> None:
        self.contents.set_preempted_only(only)

    def _search_active(self, active: bool) -> None:
        """While a query is shown, the results take the contents' place."""
        if active and self.preempted_only.isChecked():
            self.search_panel.check_filter.setChecked(True)  # reading ✓ only: search ✓ only
        for widget in (self.preempted_only, self.legend, self.contents):
            widget.setVisible(not active)
        self.chain_focus()

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        # deferred: the Qt namespace (~20 ms of enums) is never built before the first paint
        from PySide6.QtCore import Qt

        key = event.key()
        if key == Qt.Key.Key_Escape and self.reading.meeting:
            self.reading.set_meeting(False)
        elif key == Qt.Key.Key_Escape and self.reading.find_open():
            self.reading.close_find()
        else:
            super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if not self._painted and kind == QEvent.Type.Paint:
            self._painted = True
            QTimer.singleShot(0, self._first_paint_done)
        elif self.reading.meeting and kind == QEvent.Type.KeyPress:
            if self.reading.meeting_key(event):
                return True
        return super().eventFilter(watched, event)

    # Start-up and shutdown -----------------------------------------------------------------

    def show_restored(self) -> None:
        """Show the window as it was left: maximised or at its last size."""
        if self.settings.get("window_maximized"):
            self.showMaximized()
        else:
            self.show()

    def _first_paint_done(self) -> None:
        """The window is on screen: say so, then do the work that could wait for it."""
        self.on_screen.emit()
        self.build_actions()
        # deferred: SQLite loads after the first paint
        from nsp_desktop.core.store import StoreError

        try:
            self.tracking.store  # noqa: B018 (opened now, if the first page did not need it)
        except (StoreError, OSError) as error:
            self.store_failed.emit(str(error))
            return
        self.first_painted.emit()
        QTimer.singleShot(0, self._after_first_paint)

    def _after_first_paint(self) -> None:
        """Work the first paint did not need. The search index is built first, alone: Python
        runs one thread at a time, and this work would slow the build down by as much as it
        takes. So it waits until search is ready (or 600 ms, if it never comes), then runs in
        small steps, between which the event loop answers the person at the keyboard."""
        steps = [
            self._show_focus_rings,  # first: the panels built next are styled once, not twice
            self.splitter.show_grips,
            self.tracking.build,
            self._dress_toolbar,
            self._install_share_actions,
            self.editions.refresh_marks,  # needs the edition before: a second toolkit, a diff
            self._install_team,
        ]
        started = []

        def run_steps() -> None:
            if started:
                return
            started.append(True)
            for number, step in enumerate(steps):
                QTimer.singleShot(number, step)

        if self.search.building():
            self.search_panel.ready.connect(run_steps)
            QTimer.singleShot(600, run_steps)
        else:
            run_steps()

    def _dress_toolbar(self) -> None:
        from PySide6.QtCore import (
            Qt,  # deferred: building the Qt namespace costs ~20 ms: not before paint
        )
        from PySide6.QtGui import QIcon

        icons = paths.resources_dir() / "icons"
        self.back_action.setIcon(QIcon(str(icons / "go-back.svg")))
        self.forward_action.setIcon(QIcon(str(icons / "go-forward.svg")))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)

    def _install_share_actions(self) -> None:
        # deferred: the File menu's sharing actions come after the first paint
        from nsp_desktop.ui.share.actions import install_export_actions

        install_export_actions(self)  # File menu: export, import, print

    def _install_team(self) -> None:
        from nsp_desktop.ui.team.controller import TeamController  # deferred: after first paint

        self.team = TeamController(self, self.tracking)  # Track menu: share, leave, conflicts
        self.team.message.connect(self._say)

    def _show_focus_rings(self) -> None:
        self.reading.use_style_sheet()  # focus rings and themed boxes

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if self.reading.meeting:
            self.reading.set_meeting(False)  # redraws the page: while the store is still open
        self.tracking.close()  # saves the note being typed
        self.settings.set("last_page", self.pages.current())
        self.settings.set("last_scroll", round(self.pages.scroll.fraction(), 4))
        self.settings.set("window_maximized", self.isMaximized())
        if not self.isMaximized():
            self.settings.set("window_size", [self.width(), self.height()])
        try:
            self.settings.save()
        except OSError as error:
            self.statusBar().showMessage(self.tr("Could not save preferences: {0}").format(error))
        super().closeEvent(event)
