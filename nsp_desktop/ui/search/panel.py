"""The search box above the contents, with its filters and ranked results under it.

Only the box exists before the first paint: the filters and the results list (search_results.py)
are built on first use, and the Qt namespace (slow to build) is imported inside the methods.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from nsp_desktop.core.models import Toolkit
from nsp_desktop.ui.controls import enable_clear_button

DEBOUNCE_MS = 150
EMPTY_HINT = (
    "Search titles, page text and checklists. Try <i>license plate</i>, <i>287g</i>, "
    "<i>jail beds</i> or <i>ICE</i>.<br>↑ ↓ choose · Enter opens · Esc goes back"
)


class SearchPanel(QWidget):
    """A search box with results under it; `hit_chosen(page_id, terms)` opens a hit."""

    hit_chosen = Signal(str, tuple)
    active_changed = Signal(bool)  # True while a query is shown instead of the contents
    dismissed = Signal()  # Esc on an empty box: back to the page
    results_shown = Signal()
    ready = Signal()  # the index is built: search works

    def __init__(self, toolkit: Toolkit, parent: QWidget | None = None):
        super().__init__(parent)
        self.toolkit = toolkit
        self.index = None
        self.hits: list = []
        self._active = False
        self._built = False
        self.box = QLineEdit()
        self.box.setPlaceholderText(self.tr("Search the toolkit   Ctrl+K"))
        self.box.setAccessibleName(self.tr("Search"))
        self.box.setAccessibleDescription(
            self.tr("Results appear as you type; Up and Down choose one, Enter opens it")
        )
        self.box.setObjectName("searchBox")
        self.box.installEventFilter(self)
        self.box.textChanged.connect(self._text_changed)
        # Its vertical size policy stays Qt's default until a search first shows: the contents
        # below, which expand, take the room (QSizePolicy's type costs start-up ~1 ms).
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(10, 10, 10, 6)
        self._layout.setSpacing(6)
        self._box_row = QHBoxLayout()
        self._box_row.setSpacing(6)
        self._box_row.addWidget(self.box)
        self._layout.addLayout(self._box_row)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_search)

    # Widgets built on first use ---------------------------------------------------------------

    def _build(self) -> None:
        if self._built:
            return
        self._built = True
        # deferred: the panel's widgets are built after the first paint
        from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QListWidget

        from nsp_desktop.ui.search.results import HitDelegate

        # The filters fit the pane as it is: the priority list on a line of its own, showing
        # what fits of a long title (sized to its longest one, it widened the whole pane).
        filters = QWidget()
        rows = QVBoxLayout(filters)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.setSpacing(4)
        row = QHBoxLayout()
        self.priority_filter = QComboBox()
        self.priority_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.priority_filter.setMinimumContentsLength(12)
        self.priority_filter.setAccessibleName(self.tr("Only this priority"))
        self.priority_filter.addItem(self.tr("All priorities"), None)
        for priority in self.toolkit.priorities:
            self.priority_filter.addItem(priority.title, priority.id)
        self.priority_filter.currentIndexChanged.connect(self.run_search)
        self.check_filter = QCheckBox(self.tr("✓ only"))
        self.check_filter.setToolTip(self.toolkit.preempted_legend)
        self.check_filter.setAccessibleName(self.tr("Only policies marked ✓"))
        self.check_filter.toggled.connect(self.run_search)
        self.notes_filter = QCheckBox(self.tr("My notes"))
        self.notes_filter.setChecked(True)
        self.notes_filter.setToolTip(self.tr("Search your notes as well as the toolkit"))
        self.notes_filter.setAccessibleName(self.tr("Search my notes too"))
        self.notes_filter.toggled.connect(self.run_search)
        rows.addWidget(self.priority_filter)
        row.addWidget(self.check_filter)
        row.addWidget(self.notes_filter)
        row.addStretch(1)
        rows.addLayout(row)
        self.filters = filters

        # deferred: the panel's widgets are built after the first paint
        from PySide6.QtGui import QPalette

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setObjectName("searchStatus")
        self.status.linkActivated.connect(self._status_link)
        self.results = QListWidget()
        self.results.setObjectName("searchResults")
        self.results.setAccessibleName(self.tr("Search results"))
        self.results.setItemDelegate(HitDelegate(self.results))
        self.results.setWordWrap(True)
        self.results.setUniformItemSizes(False)
        self.results.setMouseTracking(True)
        self.results.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.results.itemActivated.connect(self._open_item)
        self.results.itemClicked.connect(self._open_item)
        self.results.installEventFilter(self)
        self.hint = QLabel(self.tr(EMPTY_HINT))
        self.hint.setWordWrap(True)
        self.hint.setObjectName("searchHint")
        self.results.setFrameShape(QListWidget.Shape.NoFrame)
        for label in (self.status, self.hint):
            label.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # the theme's muted
        self.filler = QWidget()  # holds the space the results would take when there are none
        for widget in (self.hint, self.filters, self.status, self.results, self.filler):
            self._layout.addWidget(widget, 1 if widget in (self.results, self.filler) else 0)
            widget.hide()

    def set_toolkit(self, toolkit: Toolkit) -> None:
        """Another edition is in use: no index until its own arrives, no hits from the last."""
        self.toolkit = toolkit
        self.index = None
        self.clear()
        if self._built:
            self.priority_filter.blockSignals(True)
            while self.priority_filter.count() > 1:  # keeps "All priorities"
                self.priority_filter.removeItem(1)
            for priority in toolkit.priorities:
                self.priority_filter.addItem(priority.title, priority.id)
            self.priority_filter.setCurrentIndex(0)
            self.priority_filter.blockSignals(False)
            self.check_filter.setToolTip(toolkit.preempted_legend)

    # Index -------------------------------------------------------------------------------------

    def set_index(self, index) -> None:
        """Search is ready; run what was typed while the index was being built."""
        self.index = index
        if self.box.text().strip():
            self.run_search()
        self.ready.emit()

    # Searching ---------------------------------------------------------------------------------

    def _text_changed(self, text: str) -> None:
        self._build()
        self._set_active(bool(text.strip()))
        self.hint.setVisible(not text.strip() and self.box.hasFocus())
        self._timer.start()

    def _set_active(self, active: bool) -> None:
        self.filters.setVisible(active)
        self.status.setVisible(active)
        self.results.setVisible(active and bool(self.hits))
        self.filler.setVisible(active and not self.hits)
        # deferred: the panel's widgets are built after the first paint
        from PySide6.QtWidgets import QSizePolicy

        # Active, the panel fills the left pane; otherwise it leaves the space to the contents.
        policy = self.sizePolicy()
        policy.setVerticalPolicy(
            QSizePolicy.Policy.Expanding if active else QSizePolicy.Policy.Maximum
        )
        self.setSizePolicy(policy)
        if active != self._active:
            self._active = active
            self.active_changed.emit(active)

    def filters_in_use(self) -> bool:
        return self._built and (
            self.priority_filter.currentIndex() > 0 or self.check_filter.isChecked()
        )

    def run_search(self) -> None:
        """Search now for the box's text with the filters (typing waits DEBOUNCE_MS first)."""
        self._build()
        self._timer.stop()
        query = self.box.text()
        self.results.clear()
        self.hits = []
        if not query.strip():
            self._set_active(False)
            return
        if self.index is None:
            self.status.setText(self.tr("Preparing search…"))
            self._set_active(True)
            return
        try:  # the boundary: a bug in search must not take the window down
            self.hits = self.index.search(
                query,
                priority=self.priority_filter.currentData(),
                preempted_only=self.check_filter.isChecked(),
                as_you_type=True,
                include_notes=self.notes_filter.isChecked(),
            )
        except Exception:
            import logging  # deferred: only when search has failed

            logging.getLogger(__name__).exception("search failed for %r", query)
            self.status.setText(self.tr("Search failed for this query; the log has the details."))
            self._set_active(True)
            return
        # deferred: the panel's widgets are built after the first paint
        from PySide6.QtWidgets import QListWidgetItem

        from nsp_desktop.ui.reading.contents import ACCESSIBLE_TEXT, MEANS
        from nsp_desktop.ui.search.results import HIT_ROLE, WHERE_ROLE

        kinds = {"priority": self.tr("Priority"), "introduction": self.tr("Introduction")}
        for hit in self.hits:
            priority = self.toolkit.page(hit.priority_id or "")
            item = QListWidgetItem()
            item.setData(HIT_ROLE, hit)
            item.setData(WHERE_ROLE, kinds.get(hit.kind) or (priority.title if priority else ""))
            item.setData(0, hit.title)
            where = item.data(WHERE_ROLE)
            mark = (" — ✓ " + self.tr(MEANS)) if hit.preempted else ""
            spoken = f"{hit.title}{mark} — {where}. {hit.snippet}".strip()
            item.setData(ACCESSIBLE_TEXT, spoken)  # what a screen reader says for the row
            self.results.addItem(item)
        if self.hits:
            self.results.setCurrentRow(0)
            count = len(self.hits)
            text = (
                self.tr("{0} result{1}").format(count, "" if count == 1 else "s")
                if count < 20
                else self.tr("Best 20 results")
            )
            suggestion = self.index.suggest(query)
            if suggestion:
                text += " " + self.tr("for “{0}”").format(suggestion.replace("<", "&lt;"))
            self.status.setText(text)
        else:
            self.status.setText(self._no_results_text(query))
        self._set_active(True)
        self.results_shown.emit()

    def _no_results_text(self, query: str) -> str:
        # deferred: the panel's widgets are built after the first paint
        import html

        text = self.tr("No results for “{0}”.").format(html.escape(query.strip()[:60]))
        suggestion = self.index.suggest(query) if self.index else None
        if suggestion:
            text += " " + self.tr("Did you mean {0}?").format(
                f'<a href="suggest:{html.escape(suggestion)}">{html.escape(suggestion)}</a>'
            )
        elif self.index and (hints := self._closest(query)):  # the thesaurus
            offers = []
            for hint in hints:
                name = html.escape(hint.name)
                leads = "; ".join(html.escape(title) for _, title in hint.policies[:2])
                offers.append(
                    f'<a href="suggest:{name}">{name}</a>' + (f" ({leads})" if leads else "")
                )
            text += " " + self.tr("Did you mean: {0}?").format(", ".join(offers))
        if self.filters_in_use():
            text += " " + self.tr('<a href="clear-filters">Search without the filters</a>')
        return text

    def _closest(self, query: str) -> list:
        """The thesaurus's nearest topics; a bug there is logged and offers nothing."""
        try:
            return self.index.closest_concepts(query) if self.index else []
        except Exception:
            import logging  # deferred: only when search has failed

            logging.getLogger(__name__).exception("closest topics failed for %r", query)
            return []

    def _status_link(self, link: str) -> None:
        # deferred: the panel's widgets are built after the first paint
        import html

        if link.startswith("suggest:"):
            self.box.setText(html.unescape(link.removeprefix("suggest:")))
            self.run_search()
        elif link == "clear-filters":
            self.priority_filter.setCurrentIndex(0)
            self.check_filter.setChecked(False)
            self.run_search()

    # Choosing a hit ----------------------------------------------------------------------------

    def _open_item(self, item) -> None:
        hit = item.data(256)  # search_results.HIT_ROLE
        if hit is not None:
            self.hit_chosen.emit(hit.page_id, tuple(hit.terms))

    def open_current(self) -> None:
        """Open the chosen hit, or the first one."""
        if self._built and self.results.count():
            if self._timer.isActive():  # Enter typed before the debounce ran: use the new text
                self.run_search()
            item = self.results.currentItem() or self.results.item(0)
            if item is not None:
                self._open_item(item)

    def _move(self, step: int) -> None:
        if self._built and self.results.count():
            row = self.results.currentRow() + step
            self.results.setCurrentRow(max(0, min(self.results.count() - 1, row)))

    def dress(self, path: str) -> None:
        """A magnifying glass before the box and its × button (after the first paint: loading
        their images is not free, and the × only shows once there is text).

        A label, not a line-edit action: an action would be a button that Tab cannot reach.
        """
        # deferred: the panel's widgets are built after the first paint
        from PySide6.QtGui import QIcon
        from PySide6.QtWidgets import QLabel

        enable_clear_button(self.box, self.tr("Clear search"))

        icon = QLabel()
        icon.setPixmap(QIcon(path).pixmap(18, 18))
        icon.setAccessibleName(self.tr("Search"))
        self._box_row.insertWidget(0, icon)

    def focus_chain(self) -> list[QWidget]:
        """Its controls in the order Tab visits them."""
        if not self._built:
            return [self.box]
        filters = [self.priority_filter, self.check_filter, self.notes_filter]
        return [self.box, *filters, self.results]

    def focus_box(self) -> None:
        # deferred: the panel's widgets are built after the first paint
        from PySide6.QtCore import Qt

        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()

    def clear(self) -> None:
        self.box.clear()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.KeyPress and watched in (self.box, self._results_or_none()):
            # deferred: the panel's widgets are built after the first paint
            from PySide6.QtCore import Qt

            key = event.key()
            if watched is self.box and key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self._move(1 if key == Qt.Key.Key_Down else -1)
                return True
            if watched is self.box and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._timer.isActive():
                    self.run_search()
                self.open_current()
                return True
            if key == Qt.Key.Key_Escape:
                if self.box.text():
                    self.box.clear()
                    self.box.setFocus()
                else:
                    self.dismissed.emit()
                return True
        elif watched is self.box and event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            if self._built or event.type() == QEvent.Type.FocusIn:
                self._build()
                self.hint.setVisible(
                    event.type() == QEvent.Type.FocusIn and not self.box.text().strip()
                )
        return super().eventFilter(watched, event)

    def _results_or_none(self):
        return self.results if self._built else None
