"""The main window: contents on the left, the page on the right, back/forward above."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QSplitter, QStyle, QToolBar

from nsp_desktop import APP_NAME
from nsp_desktop.history import History
from nsp_desktop.models import Toolkit
from nsp_desktop.render import NOT_IN_EDITION, page_html
from nsp_desktop.settings import Settings
from nsp_desktop.store import Store
from nsp_desktop.ui.contents import Contents
from nsp_desktop.ui.reader import Reader
from nsp_desktop.ui.share_actions import install_export_actions
from nsp_desktop.ui.style import WINDOW_QSS
from nsp_desktop.ui.tracking import Tracking

DEFAULT_SIZE = (1280, 800)


def _with_standard(standard: QKeySequence.StandardKey, key: str) -> list[QKeySequence]:
    """The platform's keys plus `key`, without listing one twice (that makes both ambiguous)."""
    keys = QKeySequence.keyBindings(standard)
    wanted = QKeySequence(key)
    return keys if wanted in keys else [wanted, *keys]


class MainWindow(QMainWindow):
    """Reads the toolkit; remembers the last page and window size in `settings`.

    `store` keeps the person's progress; without one, the store in the settings' folder is opened.
    """

    first_painted = Signal()

    def __init__(self, toolkit: Toolkit, settings: Settings, store: Store | None = None):
        super().__init__()
        self.toolkit = toolkit
        self.settings = settings
        self.history = History()
        self.setStyleSheet(WINDOW_QSS)

        self.contents = Contents(toolkit)
        self.reader = Reader()
        self.splitter = QSplitter()  # horizontal
        self.splitter.addWidget(self.contents)
        self.splitter.addWidget(self.reader)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([320, 780])
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self._build_actions()
        self._build_tracking(store or Store.open(settings.path.parent))
        install_export_actions(self)

        self.contents.page_selected.connect(self.open_page)
        self.reader.page_link.connect(self.open_page)
        self.reader.resource_link.connect(self._explain_resource)
        self.reader.viewport().installEventFilter(self)
        self._painted = False

        width, height = settings.get("window_size", DEFAULT_SIZE)
        self.resize(int(width), int(height))
        start = settings.get("last_page")
        self.open_page(start if toolkit.page(start or "") else toolkit.introduction.id)

    def _build_actions(self) -> None:
        bar = QToolBar("Navigation")
        bar.setObjectName("navigation")
        bar.setMovable(False)
        self.addToolBar(bar)
        self.toolbar = bar
        self.back_action = QAction(self.tr("Back"), self)
        self.back_action.setShortcuts(_with_standard(QKeySequence.StandardKey.Back, "Alt+Left"))
        self.back_action.triggered.connect(self.go_back)
        self.forward_action = QAction(self.tr("Forward"), self)
        self.forward_action.setShortcuts(
            _with_standard(QKeySequence.StandardKey.Forward, "Alt+Right")
        )
        self.forward_action.triggered.connect(self.go_forward)
        for action in (self.back_action, self.forward_action):
            action.setToolTip(f"{action.text()} ({action.shortcut().toString()})")
            bar.addAction(action)

    # Tracking: checklists, status, notes, progress (nsp_desktop/ui/tracking.py) -------------

    def _build_tracking(self, store: Store) -> None:
        self.tracking = Tracking(self, store)
        self.splitter.addWidget(self.tracking.side)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([290, 640, 350])
        self.menuBar().addMenu(self.tracking.menu)
        self.reader.tick_link.connect(self.tracking.tick_link)

    def redraw_page(self) -> None:
        """Draw the open page again (its boxes changed), keeping the scroll position."""
        page = self.toolkit.page(self.history.current or "")
        if page is not None:
            self.reader.refresh_html(page_html(self.toolkit, page, self.tracking.done_map(page)))

    # Navigation ----------------------------------------------------------------------------

    def open_page(self, page_id: str) -> None:
        """Show a page and record it in the history."""
        if self.toolkit.page(page_id) is None:
            return
        self.history.visit(page_id)
        self._show(page_id)

    def go_back(self) -> None:
        if (page_id := self.history.back()) is not None:
            self._show(page_id)

    def go_forward(self) -> None:
        if (page_id := self.history.forward()) is not None:
            self._show(page_id)

    def current_page_id(self) -> str | None:
        return self.history.current

    def _show(self, page_id: str) -> None:
        page = self.toolkit.page(page_id)
        self.reader.show_html(page_html(self.toolkit, page, self.tracking.done_map(page)))
        self.tracking.page_shown(page_id)
        self.contents.select(page_id)
        self.setWindowTitle(f"{page.title} — {APP_NAME}")
        self.back_action.setEnabled(self.history.can_go_back())
        self.forward_action.setEnabled(self.history.can_go_forward())

    def _explain_resource(self, resource_id: str) -> None:
        page = self.toolkit.page(self.history.current or "")
        resource = page.resource(resource_id) if page else None
        label = resource.label if resource else resource_id
        self.statusBar().showMessage(
            self.tr("“{0}” is a companion resource named by the toolkit; it is {1}.").format(
                label, NOT_IN_EDITION
            ),
            8000,
        )

    # Start-up and shutdown -----------------------------------------------------------------

    def show_restored(self) -> None:
        """Show the window as it was left: maximised or at its last size."""
        if self.settings.get("window_maximized"):
            self.showMaximized()
        else:
            self.show()

    def _after_first_paint(self) -> None:
        """Work the first paint does not need: icons, and anything slow to import or build."""
        from PySide6.QtCore import Qt  # building the Qt namespace costs ~20 ms: not before paint

        style = self.style()
        self.back_action.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowBack))
        self.forward_action.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowForward))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.tracking.build()
        self.first_painted.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if not self._painted and event.type() == QEvent.Type.Paint:
            self._painted = True
            QTimer.singleShot(0, self._after_first_paint)
        return super().eventFilter(watched, event)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.tracking.close()  # saves the note being typed
        self.settings.set("last_page", self.history.current)
        self.settings.set("window_maximized", self.isMaximized())
        if not self.isMaximized():
            self.settings.set("window_size", [self.width(), self.height()])
        try:
            self.settings.save()
        except OSError as error:
            self.statusBar().showMessage(self.tr("Could not save preferences: {0}").format(error))
        super().closeEvent(event)
