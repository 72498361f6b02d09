"""Which page is shown: history, Back and Forward, scroll positions, recent pages, policy steps."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from nsp_desktop.core import help_pages
from nsp_desktop.core.history import History
from nsp_desktop.core.models import Page, Toolkit
from nsp_desktop.core.settings import Settings
from nsp_desktop.ui.reading.reader import Reader
from nsp_desktop.ui.reading.scroll import ScrollMemory

RECENT_LIMIT = 12


class Pages(QObject):
    """Puts pages in the reader; the window draws the rest (title, contents, panels) on `shown`.

    `page_html(page_id)` gives (title, HTML): the window knows its own pages and the ticks.
    """

    shown = Signal(str, str)  # page_id, title

    def __init__(
        self,
        parent: QObject,
        toolkit: Toolkit,
        reader: Reader,
        settings: Settings,
        page_html: Callable[[str], tuple[str, str]],
    ):
        super().__init__(parent)
        self.toolkit = toolkit
        self.reader = reader
        self.settings = settings
        self.page_html = page_html
        self.history = History()
        self.scroll = ScrollMemory(reader.verticalScrollBar())

    def known(self, page_id: str | None) -> bool:
        return bool(page_id) and (
            self.toolkit.page(page_id) is not None or page_id in help_pages.APP_PAGES
        )

    def current(self) -> str | None:
        return self.history.current

    def open(self, page_id: str) -> None:
        """Show a page and record it in the history (at its top)."""
        if not self.known(page_id):
            return
        self.scroll.remember(self.history.current)
        self.history.visit(page_id)
        self._show(page_id)

    def back(self) -> None:
        self.scroll.remember(self.history.current)
        if (page_id := self.history.back()) is not None:
            self._show(page_id)
            self.scroll.restore_page(page_id)  # where it was left

    def forward(self) -> None:
        self.scroll.remember(self.history.current)
        if (page_id := self.history.forward()) is not None:
            self._show(page_id)
            self.scroll.restore_page(page_id)

    def refresh(self) -> None:
        """Render the current page again (after a tick, a theme or size change), same scroll."""
        if self.history.current:
            self._show(self.history.current, keep_scroll=True)

    def _show(self, page_id: str, keep_scroll: bool = False) -> None:
        title, html = self.page_html(page_id)
        position = self.reader.verticalScrollBar().value()
        if not keep_scroll:
            self.scroll.forget_pending()
        self.reader.show_html(html)
        if keep_scroll:
            self.reader.verticalScrollBar().setValue(position)
        if self.toolkit.page(page_id) is not None:
            recent = [p for p in self.settings.get("recent", []) if p != page_id]
            self.settings.set("recent", [page_id, *recent][:RECENT_LIMIT])
        self.shown.emit(page_id, title)

    def recent(self) -> list[Page]:
        pages = (self.toolkit.page(p) for p in self.settings.get("recent", []))
        return [page for page in pages if page is not None]

    def step(self, step: int) -> None:
        """The next (1) or previous (-1) policy; from another page, the nearest one after it."""
        ids = [p.id for p in self.toolkit.policies]
        current = self.history.current
        if current in ids:
            target = ids.index(current) + step
        else:
            pages = [p.id for p in self.toolkit.pages()]
            at = pages.index(current) if current in pages else 0
            following = [p for p in pages[at:] if p in ids]
            target = ids.index(following[0]) if following else len(ids) - 1
            target = target if step > 0 else target - 1
        if 0 <= target < len(ids):
            self.open(ids[target])
