"""The table of contents: the introduction, then each priority with its policies and ✓ marks."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from nsp_desktop.core.models import Toolkit

# Plain numbers for Qt.ItemDataRole.UserRole and Qt.TextWordWrap: touching the Qt namespace
# builds all its enums (~20 ms), which start-up leaves until after the first paint.
PAGE_ID = 256
PREEMPTED = 257
WORD_WRAP = 0x1000
ACCESSIBLE_TEXT = 11  # Qt.ItemDataRole.AccessibleTextRole: what a screen reader says
MEANS = "particularly useful in hostile or preempted states"  # what ✓ stands for, said aloud
MARKS = {"added": "new", "changed": "changed"}  # a policy's mark after a new edition, as shown


class Contents(QTreeWidget):
    """A tree of pages; choosing one emits `page_selected` with its ID."""

    page_selected = Signal(str)

    def __init__(self, toolkit: Toolkit, parent: QWidget | None = None):
        super().__init__(parent)
        self.setColumnCount(2)  # title, then progress ("2/5"), headed so it reads as a count
        self.setHeaderLabels([self.tr("Toolkit"), self.tr("Done")])
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setIndentation(14)
        header.sectionResized.connect(self._section_resized)
        self._width = 0  # the title column's width the rows were last fitted to
        self._heights: dict[tuple[str, int, bool], int] = {}
        self.setAccessibleName("Table of contents")
        self.setAccessibleDescription("Priorities and their policies; press Enter to open one")
        self._items: dict[str, QTreeWidgetItem] = {}
        self._marked: dict[str, tuple[str, str]] = {}  # page_id -> its text, said, unmarked
        self._build(toolkit)
        self.itemActivated.connect(self._emit)
        self.itemClicked.connect(self._emit)

    def _add(self, parent, page_id: str, text: str, tooltip: str = "") -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent, [text])
        item.setData(0, PAGE_ID, page_id)
        item.setData(1, ACCESSIBLE_TEXT, self.tr("progress not loaded yet"))
        if tooltip:
            item.setToolTip(0, tooltip)
        self._items[page_id] = item
        return item

    def _build(self, toolkit: Toolkit) -> None:
        intro = self._add(self, toolkit.introduction.id, toolkit.introduction.title)
        intro.setData(1, ACCESSIBLE_TEXT, self.tr("no checklist"))
        for priority in toolkit.priorities:
            node = self._add(self, priority.id, priority.title)
            font = node.font(0)
            font.setBold(True)
            node.setFont(0, font)
            for policy in toolkit.policies_of(priority.id):
                mark = "✓ " if policy.preempted_friendly else ""
                tip = toolkit.preempted_legend if policy.preempted_friendly else ""
                item = self._add(node, policy.id, mark + policy.title, tip)
                item.setData(0, PREEMPTED, policy.preempted_friendly)
                if policy.preempted_friendly:
                    item.setData(0, ACCESSIBLE_TEXT, f"{policy.title} — ✓ {self.tr(MEANS)}")
            node.setExpanded(True)  # before the first layout: expandAll would lay out at once

    def _emit(self, item: QTreeWidgetItem) -> None:
        self.page_selected.emit(item.data(0, PAGE_ID))

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit_rows()

    def _section_resized(self, section: int, *_) -> None:
        if section == 0:
            self._fit_rows()

    def _fit_rows(self) -> None:
        """Give each title the height it needs to wrap at the column's width, instead of being
        cut off. Set on the items (not asked of a delegate, row by row, as the view lays out)."""
        column = self.columnWidth(0)
        if column == self._width:
            return
        self._width = column
        plain = self.fontMetrics()
        for item in self._items.values():
            depth = 0 if item.parent() is None else 1
            width = max(80, column - self.indentation() * (depth + 1) - 20)
            bold = item.font(0).bold()
            key = (item.text(0), width, bold)
            if key not in self._heights:
                metrics = QFontMetrics(item.font(0)) if bold else plain
                rect = metrics.boundingRect(QRect(0, 0, width, 10_000), WORD_WRAP, key[0])
                self._heights[key] = rect.height() + 12
            item.setSizeHint(0, QSize(width, self._heights[key]))

    def set_preempted_only(self, only: bool) -> None:
        """Show only the ✓ policies (and the priorities that hold one), or everything."""
        for index in range(self.topLevelItemCount()):
            node = self.topLevelItem(index)
            shown = 0
            for child_index in range(node.childCount()):
                child = node.child(child_index)
                hide = only and not child.data(0, PREEMPTED)
                child.setHidden(hide)
                shown += not hide
            node.setHidden(only and (node.childCount() == 0 or shown == 0))

    def rebuild(self, toolkit: Toolkit) -> None:
        """Another edition of the toolkit is in use: its pages, unmarked and without progress."""
        self.clear()
        self._items, self._marked, self._width = {}, {}, 0
        self._build(toolkit)
        self._fit_rows()

    def set_marks(self, marks: dict[str, str]) -> None:
        """Mark policies new or changed in this edition ("added" or "changed", by ID) with a
        word after the title and said to a screen reader; policies not in `marks` lose theirs."""
        for page_id in [p for p in self._marked if p not in marks]:
            item, (text, said) = self._items[page_id], self._marked.pop(page_id)
            item.setText(0, text)
            item.setData(0, ACCESSIBLE_TEXT, said)
        for page_id, change in marks.items():
            item = self._items.get(page_id)
            if item is None or change not in MARKS:
                continue
            text, said = self._marked.setdefault(
                page_id, (item.text(0), item.data(0, ACCESSIBLE_TEXT) or item.text(0))
            )
            word = self.tr(MARKS[change])
            item.setText(0, f"{text}\u00a0·\u00a0{word}")  # the mark wraps with the last word
            item.setData(
                0,
                ACCESSIBLE_TEXT,
                self.tr("{0} — {1} in this edition, not opened yet").format(said, word),
            )
        self._width = 0  # the marked titles may wrap differently
        self._fit_rows()

    def marks(self) -> dict[str, str]:
        """page_id -> the word it is marked with ("new", "changed")."""
        return {p: self._items[p].text(0).rpartition("\u00a0")[2] for p in self._marked}

    def item_for(self, page_id: str) -> QTreeWidgetItem | None:
        return self._items.get(page_id)

    # Progress (tracking) ------------------------------------------------------------------

    def set_progress(self, page_id: str, text: str, tip: str = "") -> None:
        """Show a short progress badge ("2/5") beside a priority or policy."""
        item = self._items.get(page_id)
        if item is None:
            return
        if item.text(1) != text:
            item.setText(1, text)
        if item.toolTip(1) != tip:
            item.setToolTip(1, tip)
        done, _, total = text.partition("/")
        item.setData(1, ACCESSIBLE_TEXT, self.tr("{0} of {1} items done").format(done, total))

    def progress_text(self, page_id: str) -> str:
        item = self._items.get(page_id)
        return item.text(1) if item is not None else ""

    def select(self, page_id: str) -> None:
        item = self._items.get(page_id)
        if item is not None and self.currentItem() is not item:
            self.blockSignals(True)
            self.setCurrentItem(item)
            self.blockSignals(False)
            self.scrollToItem(item)
