"""Reading controls of the main window: find in page, citation, about, type size and zoom,
themes and meeting mode. A mixin of MainWindow, kept apart to keep each module small."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from nsp_desktop.core import help_pages, themes

ZOOM_STEPS = (50, 67, 80, 90, 100, 110, 125, 150, 175, 200, 250, 300)
MEETING_ZOOM = 1.6
# The reading size as a multiple of the system's font size (which carries its scaling).
TEXT_SIZES = {"small": 1.0, "medium": 1.25, "large": 1.5, "largest": 1.85}


class ReadingControls:
    """Needs the window's `reader`, `settings`, `toolkit`, `history` and the widgets it hides."""

    @property
    def find_bar(self):
        """The find-in-page bar under the page (a FindBar)."""
        if self._find_bar is None:
            from nsp_desktop.ui.reading.find_bar import FindBar

            self._find_bar = FindBar(self.reader)
            self.centre_layout.addWidget(self._find_bar)
            self.chain_focus()
        return self._find_bar

    def _find_next(self) -> None:
        self.find_bar.open() if not self.find_bar.isVisible() else self.find_bar.next()

    def _find_previous(self) -> None:
        self.find_bar.open() if not self.find_bar.isVisible() else self.find_bar.previous()

    def copy_citation(self) -> None:
        page = self.toolkit.page(self.history.current or "")
        if page is None:
            return
        text = help_pages.citation(self.toolkit, page)
        QApplication.clipboard().setText(text)
        self.statusBar().showMessage(self.tr("Citation copied: {0}").format(text), 8000)

    def show_about(self) -> None:
        from nsp_desktop.ui.dialogs import dialogs

        dialogs.info(
            self,
            self.tr("About NSP Desktop"),
            help_pages.about_text(self.toolkit, self.data_dir),
        )

    def zoom(self) -> int:
        return int(self.settings.get("zoom", 100))

    def set_zoom(self, percent: int) -> None:
        self.settings.set("zoom", max(ZOOM_STEPS[0], min(ZOOM_STEPS[-1], int(percent))))
        self.apply_theme()
        self.statusBar().showMessage(self.tr("Zoom {0}%").format(self.zoom()), 2000)

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

    def set_theme(self, theme_id: str) -> None:
        self.settings.set("theme", theme_id)
        self.apply_theme()

    def current_theme(self) -> themes.Theme:
        choice = self.settings.get("theme", themes.SYSTEM)
        if choice in themes.THEMES:
            return themes.THEMES[choice]
        from nsp_desktop.ui.theme import system_is_dark

        return themes.resolve(choice, system_is_dark())

    def apply_theme(self) -> None:
        """Colours for the window and the page, and the page's type size."""
        from nsp_desktop.ui.theme import palette_for

        theme = self.current_theme()
        QApplication.instance().setPalette(palette_for(theme))
        if self._painted:
            from nsp_desktop.ui.theme import window_stylesheet

            self.setStyleSheet(window_stylesheet(theme))
        size = self.text_size()
        self.reader.set_look(themes.reading_css(theme, size), theme.page, size)
        self.refresh_page()

    # Meeting mode ---------------------------------------------------------------------------

    @property
    def meeting_bar(self):
        """Where the presenter is and how to leave (a MeetingBar), built on first use."""
        if self._meeting_bar is None:
            from nsp_desktop.ui.reading.meeting import MeetingBar

            self._meeting_bar = MeetingBar(self.toolkit)
            self.centre_layout.insertWidget(0, self._meeting_bar)
        return self._meeting_bar

    def toggle_meeting(self) -> None:
        self.set_meeting(not self.meeting)

    def set_meeting(self, on: bool) -> None:
        """Full screen, large type, one policy at a time; Esc leaves."""
        if on == self.meeting:
            return
        self.meeting = on
        self.meeting_action.setChecked(on)
        for widget in (
            self.left,
            self.toolbar,
            self.menuBar(),
            self.statusBar(),
            self.tracking.side,
        ):
            widget.setVisible(not on)
        self.meeting_bar.setVisible(on)
        if on:
            self._was_maximized = self.isMaximized()
            self.showFullScreen()
            if self.history.current not in {p.id for p in self.toolkit.policies}:
                self.next_policy()
            self.reader.setFocus()
        else:
            self.showMaximized() if self._was_maximized else self.showNormal()
        self.apply_theme()

    def _meeting_key(self, event) -> bool:
        """A clicker's PageDown pages through the policy, then on to the next; → and ← move
        a policy at a time; Esc leaves."""
        from PySide6.QtCore import Qt

        key = event.key()
        bar = self.reader.verticalScrollBar()
        if key == Qt.Key.Key_PageDown and bar.value() < bar.maximum():
            bar.setValue(bar.value() + bar.pageStep())
        elif key == Qt.Key.Key_PageUp and bar.value() > 0:
            bar.setValue(bar.value() - bar.pageStep())
        elif key in (Qt.Key.Key_PageDown, Qt.Key.Key_Right):
            self.next_policy()
        elif key in (Qt.Key.Key_PageUp, Qt.Key.Key_Left):
            self.previous_policy()
        elif key == Qt.Key.Key_Escape:
            self.set_meeting(False)
        else:
            return False
        return True
