"""The page view: a QTextBrowser with a comfortable reading column and the app's own links."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QTextBrowser, QWidget

if TYPE_CHECKING:
    from PySide6.QtCore import QUrl

MAX_COLUMN_EM = 42  # about 75 characters a line at the reading size


class Reader(QTextBrowser):
    """Shows one page; links to pages, checklist boxes and resources become signals."""

    page_link = Signal(str)
    tick_link = Signal(str, str)
    resource_link = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        # Always there, so a long page is laid out once at its width, not again when a scroll
        # bar appears. (Set as a property: the enum would build the Qt namespace, ~20 ms.)
        self.setProperty("verticalScrollBarPolicy", 2)  # Qt.ScrollBarAlwaysOn
        self.document().setDocumentMargin(24)
        name = self.tr("Page text")
        about = self.tr("The page being read; Tab moves between its links and checklist boxes")
        # The viewport is what a screen reader is told has focus: it carries the name too.
        for widget in (self, self.viewport()):
            widget.setAccessibleName(name)
            widget.setAccessibleDescription(about)
        self.anchorClicked.connect(self._on_anchor)

    def set_look(self, css: str, background: str, size_pt: float) -> None:
        """The reading stylesheet (colours, type size) for pages shown from now on."""
        self.document().setDefaultStyleSheet(css)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Base, QColor(background))
        self.setPalette(palette)
        font = self.font()
        font.setPointSizeF(size_pt)
        self.setFont(font)  # the column width follows the type size

    content_root = None  # the content folder: the only place a page's images may come from

    def loadResource(self, kind: int, url: QUrl):  # noqa: N802 (Qt's name)
        """Closed to everything but images inside the content folder (no files, no network)."""
        # deferred: only when a page asks for an image
        from nsp_desktop.documents.sealed import sealed_resource

        return sealed_resource(self.content_root, kind, url)

    def show_html(self, html: str) -> None:
        self.setHtml(html)
        self.verticalScrollBar().setValue(0)

    def _on_anchor(self, url: QUrl) -> None:
        scheme, _, target = url.toString().partition(":")
        if scheme == "page":
            self.page_link.emit(target)
        elif scheme == "tick":
            page_id, _, item_id = target.partition("/")
            self.tick_link.emit(page_id, item_id)
        elif scheme == "resource":
            self.resource_link.emit(target)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        column = int(self.fontMetrics().averageCharWidth() * MAX_COLUMN_EM * 1.8)
        spare = max(0, self.width() - column)
        self.setViewportMargins(spare // 2, 0, spare - spare // 2, 0)
        super().resizeEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002 (Qt's names)
        """Tab moves between the page's links, then on to the next control. (Qt finds a link
        at the page's very start again and again on Shift+Tab: a trap, unless we leave.)"""
        before = self.textCursor()
        moved = super().focusNextPrevChild(next)
        after = self.textCursor()
        same = (after.anchor(), after.position()) == (before.anchor(), before.position())
        if moved and self.hasFocus() and before.hasSelection() and same:
            after.clearSelection()
            self.setTextCursor(after)
            return QWidget.focusNextPrevChild(self, next)
        return moved

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        # Space pages down like every reader; QTextBrowser otherwise ignores it.
        from PySide6.QtCore import Qt  # deferred: the Qt namespace is slow to build

        if event.key() == Qt.Key.Key_Space and not event.modifiers():
            bar = self.verticalScrollBar()
            bar.setValue(bar.value() + bar.pageStep())
            return
        super().keyPressEvent(event)
