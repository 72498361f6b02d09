"""The reading controller: find in page, citation, type size and zoom, themes and meeting mode."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QVBoxLayout, QWidget

from nsp_desktop.core import help_pages, themes
from nsp_desktop.core.models import Toolkit
from nsp_desktop.core.settings import Settings
from nsp_desktop.ui.reading.reader import Reader

if TYPE_CHECKING:
    from PySide6.QtGui import QActionGroup

    from nsp_desktop.ui.reading.find_bar import FindBar
    from nsp_desktop.ui.reading.meeting import MeetingBar

ZOOM_STEPS = (50, 67, 80, 90, 100, 110, 125, 150, 175, 200, 250, 300)
MEETING_ZOOM = 1.6
# The reading size as a multiple of the system's font size (which carries its scaling).
TEXT_SIZES = {"small": 1.0, "medium": 1.25, "large": 1.5, "largest": 1.85}


class Reading(QObject):
    """How the page looks and how it is presented; owned by the window, which it tells what to
    redraw through signals. `window` is the top-level window it styles and makes full screen."""

    restyled = Signal()  # type or colours changed: the window redraws the page, same scroll
    message = Signal(str, int)  # for the status bar, with how long to show it (ms)
    next_policy = Signal()  # asked for in meeting mode (→, or PageDown at a page's end)
    previous_policy = Signal()
    meeting_changed = Signal(bool)
    controls_added = Signal()  # the find bar was built: the window re-chains its Tab order

    def __init__(
        self,
        window: QMainWindow,
        reader: Reader,
        centre: QVBoxLayout,
        settings: Settings,
        toolkit: Toolkit,
        current_page: Callable[[], str | None],
    ):
        super().__init__(window)
        self.window = window
        self.reader = reader
        self.centre = centre
        self.settings = settings
        self.toolkit = toolkit
        self.current_page = current_page
        self.meeting = False
        self.styled = False  # the window's style sheet is in use (from just after first paint)
        # What meeting mode hides, given by the window (a function: some are made on demand).
        self.chrome: Callable[[], list[QWidget]] = list
        self._was_maximized = False
        self._find_bar: FindBar | None = None
        self._meeting_bar: MeetingBar | None = None

    # Find in page ----------------------------------------------------------------------------

    @property
    def find_bar(self) -> FindBar:
        """The find-in-page bar under the page, built (and imported) on first use."""
        if self._find_bar is None:
            # deferred: built on first use
            from nsp_desktop.ui.reading.find_bar import FindBar

            self._find_bar = FindBar(self.reader)
            self.centre.addWidget(self._find_bar)
            self.controls_added.emit()
        return self._find_bar

    def find_open(self) -> bool:
        return self._find_bar is not None and self._find_bar.isVisible()

    def close_find(self) -> None:
        if self.find_open():
            self._find_bar.close_bar()

    def find_next(self) -> None:
        self.find_bar.open() if not self.find_bar.isVisible() else self.find_bar.next()

    def find_previous(self) -> None:
        self.find_bar.open() if not self.find_bar.isVisible() else self.find_bar.previous()

    def focus_chain(self) -> list[QWidget]:
        """The page, then the find bar's controls when it exists."""
        return [self.reader, *(self._find_bar.focus_chain() if self._find_bar else [])]

    def page_shown(self, page_id: str) -> None:
        """The window shows another page: the find bar and the meeting line follow it."""
        if self._find_bar is not None:
            self._find_bar.refresh()
        if self._meeting_bar is not None:
            self._meeting_bar.show_page(page_id)

    def set_toolkit(self, toolkit: Toolkit) -> None:
        """Another edition of the toolkit is in use (citations and meeting mode follow it)."""
        self.toolkit = toolkit
        if self._meeting_bar is not None:
            self._meeting_bar.toolkit = toolkit

    # Citation ----------------------------------------------------------------------------

    def copy_citation(self) -> None:
        page = self.toolkit.page(self.current_page() or "")
        if page is None:
            return
        text = help_pages.citation(self.toolkit, page)
        QApplication.clipboard().setText(text)
        self.message.emit(self.tr("Citation copied: {0}").format(text), 8000)

    # Type size and zoom --------------------------------------------------------------------

    def zoom(self) -> int:
        return int(self.settings.get("zoom", 100))

    def set_zoom(self, percent: int) -> None:
        self.settings.set("zoom", max(ZOOM_STEPS[0], min(ZOOM_STEPS[-1], int(percent))))
        self.apply_theme()
        self.message.emit(self.tr("Zoom {0}%").format(self.zoom()), 2000)

    def zoom_in(self) -> None:
        self.set_zoom(next((z for z in ZOOM_STEPS if z > self.zoom()), ZOOM_STEPS[-1]))

    def zoom_out(self) -> None:
        self.set_zoom(next((z for z in reversed(ZOOM_STEPS) if z < self.zoom()), ZOOM_STEPS[0]))

    def zoom_reset(self) -> None:
        self.set_zoom(100)

    def text_size(self) -> float:
        """The page's type size in points: the system font, the text size, zoom, meeting mode."""
        base = QApplication.font().pointSizeF()
        scale = TEXT_SIZES.get(self.settings.get("text_size", "medium"), 1.25)
        base = (base if base > 0 else 10.0) * scale
        size = base * self.zoom() / 100
        return size * MEETING_ZOOM if self.meeting else size

    def set_text_size(self, size_id: str) -> None:
        """The reading size (Small to Largest); zoom then scales it for the moment."""
        self.settings.set("text_size", size_id if size_id in TEXT_SIZES else "medium")
        self.apply_theme()

    # Themes ----------------------------------------------------------------------------------

    def set_theme(self, theme_id: str) -> None:
        self.settings.set("theme", theme_id)
        self.apply_theme()

    def current_theme(self) -> themes.Theme:
        choice = self.settings.get("theme", themes.SYSTEM)
        if choice in themes.THEMES:
            return themes.THEMES[choice]
        # deferred: theme helpers load with the style sheet, after the first paint
        from nsp_desktop.ui.theme import system_is_dark

        return themes.resolve(choice, system_is_dark())

    def add_look_menus(self, view: QMenu) -> tuple[QActionGroup, QActionGroup]:
        """View → Theme and View → Text size, each choice ticked as saved."""
        # deferred: menus are filled after the first paint
        from PySide6.QtGui import QAction, QActionGroup

        tr = self.tr
        groups = []
        for title, key, default, choices, choose in (
            (
                tr("Theme"),
                "theme",
                themes.SYSTEM,
                [(themes.SYSTEM, tr("Follow the system"))]
                + [(t.id, tr(t.name)) for t in themes.THEMES.values()],
                self.set_theme,
            ),
            (
                tr("Text size"),
                "text_size",
                "medium",
                [
                    ("small", tr("Small")),
                    ("medium", tr("Medium")),
                    ("large", tr("Large")),
                    ("largest", tr("Largest")),
                ],
                self.set_text_size,
            ),
        ):
            menu = view.addMenu(title)
            group = QActionGroup(self)
            chosen = self.settings.get(key, default)
            for value, label in choices:
                action = QAction(label, group, checkable=True)
                action.setData(value)
                action.setChecked(value == chosen)
                action.triggered.connect(lambda _=False, v=value, c=choose: c(v))
                menu.addAction(action)
            groups.append(group)
        return groups[0], groups[1]

    def use_style_sheet(self) -> None:
        """From now on colours come from the window's style sheet too (after the first paint:
        parsing it is start-up time nothing on screen needs)."""
        if self.styled:
            return
        self.styled = True
        # deferred: theme helpers load with the style sheet, after the first paint
        from nsp_desktop.ui.theme import window_stylesheet

        self.window.setStyleSheet(window_stylesheet(self.current_theme()))

    def apply_theme(self) -> None:
        """Colours for the window and the page, and the page's type size, all from one theme."""
        # deferred: theme helpers load with the style sheet, after the first paint
        from nsp_desktop.ui.theme import palette_for

        theme = self.current_theme()
        QApplication.instance().setPalette(palette_for(theme))
        if self.styled:
            # deferred: theme helpers load with the style sheet, after the first paint
            from nsp_desktop.ui.theme import window_stylesheet

            self.window.setStyleSheet(window_stylesheet(theme))
        size = self.text_size()
        self.reader.set_look(themes.reading_css(theme, size), theme.page, size)
        self.restyled.emit()

    # Meeting mode ---------------------------------------------------------------------------

    @property
    def meeting_bar(self) -> MeetingBar:
        """Where the presenter is and how to leave, built on first use."""
        if self._meeting_bar is None:
            # deferred: built when meeting mode is first used
            from nsp_desktop.ui.reading.meeting import MeetingBar

            self._meeting_bar = MeetingBar(self.toolkit)
            self.centre.insertWidget(0, self._meeting_bar)
        return self._meeting_bar

    def toggle_meeting(self) -> None:
        self.set_meeting(not self.meeting)

    def set_meeting(self, on: bool) -> None:
        """Full screen, large type, one policy at a time; Esc leaves."""
        if on == self.meeting:
            return
        self.meeting = on
        for widget in self.chrome():
            widget.setVisible(not on)
        self.meeting_bar.setVisible(on)
        self.meeting_bar.show_page(self.current_page())
        if on:
            self._was_maximized = self.window.isMaximized()
            self.window.showFullScreen()
            if self.current_page() not in {p.id for p in self.toolkit.policies}:
                self.next_policy.emit()
            self.reader.setFocus()
        else:
            self.window.showMaximized() if self._was_maximized else self.window.showNormal()
        self.meeting_changed.emit(on)
        self.apply_theme()

    def meeting_key(self, event) -> bool:
        """A clicker's PageDown pages through the policy, then on to the next; → and ← move
        a policy at a time; Esc leaves. True when the key was used."""
        # deferred: the Qt namespace (~20 ms of enums) is never built before the first paint
        from PySide6.QtCore import Qt

        key = event.key()
        bar = self.reader.verticalScrollBar()
        if key == Qt.Key.Key_PageDown and bar.value() < bar.maximum():
            bar.setValue(bar.value() + bar.pageStep())
        elif key == Qt.Key.Key_PageUp and bar.value() > 0:
            bar.setValue(bar.value() - bar.pageStep())
        elif key in (Qt.Key.Key_PageDown, Qt.Key.Key_Right):
            self.next_policy.emit()
        elif key in (Qt.Key.Key_PageUp, Qt.Key.Key_Left):
            self.previous_policy.emit()
        elif key == Qt.Key.Key_Escape:
            self.set_meeting(False)
        else:
            return False
        return True
