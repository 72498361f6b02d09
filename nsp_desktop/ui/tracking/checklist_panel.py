"""The tracking panel beside a policy: status, owner, due date, progress and its checklist.

It holds layout only: every change is a signal, and the window redraws it from the store's state.
Built after the first paint, so using the Qt namespace here costs start-up nothing.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QEvent, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from nsp_desktop.core.progress import STATUS_LABELS, STATUSES, ItemState, PolicyState
from nsp_desktop.ui.controls import enable_clear_button
from nsp_desktop.ui.dates import local_date
from nsp_desktop.ui.tracking.due_date import DueDateField

ITEM_ID = Qt.ItemDataRole.UserRole
BOX_ROOM = 56  # the themed check box, its spacing and the row's margins, left of the text
ROW_PADDING = 16  # above and below the text, and the line between rows


class StatusBox(QComboBox):
    """A status list that changes only when the person opens it or uses the arrow keys:
    typing on it closed (type-ahead) or scrolling past it would change a saved status unseen."""

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if (
            event.text().isprintable()
            and event.text().strip()
            and not event.modifiers()
            & ~(Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier)
        ):
            event.ignore()
            return
        super().keyPressEvent(event)

    def wheelEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        event.ignore()


class ChecklistPanel(QWidget):
    """Shows one policy's tracking state; emits what the person changed."""

    ticked = Signal(str, bool)  # item_id, done
    status_chosen = Signal(str)
    owner_edited = Signal(str)
    due_edited = Signal(str)  # "YYYY-MM-DD" or ""
    add_requested = Signal()
    edit_requested = Signal(str)
    delete_requested = Signal(str)
    move_requested = Signal(str, int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.policy: PolicyState | None = None
        # Set by the team controller: policy ID -> {item ID: "Ben ✗ 10:05"} for the tooltips.
        self.changes_for: Callable[[str], dict[str, str]] | None = None
        self.title = QLabel(self.tr("Your progress"))
        self.title.setObjectName("panelTitle")

        self.status = StatusBox()
        self.status.setAccessibleName("Status of this policy")
        for status in STATUSES:
            self.status.addItem(STATUS_LABELS[status], status)
        self.status_since = QLabel(" ")  # always there, so a status chosen moves nothing
        self.status_since.setObjectName("panelMeta")
        self.owner = QLineEdit()
        self.owner.setPlaceholderText(self.tr("Who is leading?"))
        self.owner.setAccessibleName("Owner: who is leading")
        enable_clear_button(self.owner, self.tr("Clear owner"))
        self.due = DueDateField()
        status_row = QVBoxLayout()
        status_row.setSpacing(2)
        status_row.addWidget(self.status)
        status_row.addWidget(self.status_since)

        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setSpacing(6)
        form.addRow(self.tr("Status"), status_row)
        form.addRow(self.tr("Owner"), self.owner)
        form.addRow(self.tr("Due"), self.due)

        # The count is a label of its own, beside the bar, never drawn over its fill: text on
        # a fill that changes width cannot keep its contrast in every theme.
        self.progress_label = QLabel("")
        self.progress_label.setObjectName("progressLabel")
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName("Checklist progress")
        self.items = QListWidget()
        self.items.setWordWrap(True)
        self.items.setAccessibleName("Checklist")
        self.items.setSpacing(2)
        self.items.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.items.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.items.setResizeMode(QListWidget.ResizeMode.Adjust)
        # Rows are as tall as their wrapped text (fitted here, not left to the style, whose
        # estimate with the themed check box was a line short, so text ended in "…").
        self.items.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.items.setMinimumHeight(96)  # the window still fits a small laptop screen
        self.items.viewport().installEventFilter(self)
        self._fitted_width = 0

        self.add_button = self._tool("+ " + self.tr("Add item"), self.tr("Add your own item"))
        self.edit_button = self._tool(self.tr("Edit"), self.tr("Edit your item"))
        self.delete_button = self._tool(self.tr("Delete"), self.tr("Delete your item"))
        self.up_button = self._tool("↑", self.tr("Move your item up"))
        self.down_button = self._tool("↓", self.tr("Move your item down"))
        buttons = QHBoxLayout()
        buttons.setSpacing(4)
        for button in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.up_button)
        buttons.addWidget(self.down_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addLayout(form)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.items, 1)
        layout.addLayout(buttons)

        self.status.activated.connect(lambda _: self.status_chosen.emit(self.status.currentData()))
        self.owner.editingFinished.connect(self._owner_done)
        self.due.edited.connect(self._due_done)
        self.items.itemChanged.connect(self._item_changed)
        self.items.currentItemChanged.connect(lambda *_: self._enable_buttons())
        self.items.itemDoubleClicked.connect(self._double_clicked)
        self.add_button.clicked.connect(self.add_requested)
        self.edit_button.clicked.connect(lambda: self._emit_selected(self.edit_requested))
        self.delete_button.clicked.connect(lambda: self._emit_selected(self.delete_requested))
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self._enable_buttons()

    def focus_chain(self) -> list[QWidget]:
        """Its controls in the order Tab visits them."""
        buttons = [self.add_button, self.edit_button, self.delete_button]
        fields = [self.status, self.owner, self.due.edit]
        return [*fields, self.items, *buttons, self.up_button, self.down_button]

    def _tool(self, text: str, tip: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        return button

    # Drawing ------------------------------------------------------------------------------

    def show_policy(self, policy: PolicyState, workspace_name: str) -> None:
        """Redraw from the store's state, keeping the selected item and the scroll position."""
        self.policy = policy
        selected = self.selected_item_id()
        scroll = self.items.verticalScrollBar().value()
        name = html.escape(workspace_name)  # a tooltip is read as HTML when it looks like it
        self.title.setToolTip("<p>" + self.tr("Saved in the workspace “{0}”").format(name) + "</p>")
        self.status.setCurrentIndex(STATUSES.index(policy.status))
        since = local_date(policy.status_changed_at)
        self.status_since.setText(self.tr("since {0}").format(since) if since else " ")
        if not self.owner.hasFocus():
            self.owner.setText(policy.owner)
        self.due.set_iso(policy.due)
        self.progress.setMaximum(max(policy.total, 1))
        self.progress.setValue(policy.done_count)
        done = self.tr("{0} of {1} done").format(policy.done_count, policy.total)
        self.progress_label.setText(done)
        self.progress.setFormat(done)
        self.progress.setAccessibleDescription(done)
        self.items.blockSignals(True)
        self.items.clear()
        changes = self.changes_for(policy.id) if self.changes_for else {}
        for item in policy.items:
            self.items.addItem(self._row(item, changes.get(item.id, "")))
            if item.id == selected:
                self.items.setCurrentRow(self.items.count() - 1)
        self.items.blockSignals(False)
        self._fitted_width = 0
        self._fit_rows()
        self.items.verticalScrollBar().setValue(scroll)
        self._enable_buttons()

    def _fit_rows(self) -> None:
        """Give each row the height its text needs, wrapped beside the box at today's width."""
        width = self.items.viewport().width()
        if width == self._fitted_width:
            return
        self._fitted_width = width
        blocked = self.items.blockSignals(True)  # a size is not a tick: no itemChanged
        for row in range(self.items.count()):
            item = self.items.item(row)
            bounds = QFontMetrics(item.font()).boundingRect(
                QRect(0, 0, max(60, width - BOX_ROOM), 100_000),
                int(Qt.TextFlag.TextWordWrap),
                item.text(),
            )
            item.setSizeHint(QSize(max(60, width - 4), bounds.height() + ROW_PADDING))
        self.items.blockSignals(blocked)
        self.items.doItemsLayout()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.items.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_rows()
        return super().eventFilter(watched, event)

    def _row(self, item: ItemState, changed: str = "") -> QListWidgetItem:
        prefix = "    " * item.depth
        text = prefix + item.text
        if item.retired:
            text += "  " + self.tr("(retired: no longer in the toolkit)")
        row = QListWidgetItem(text)
        row.setData(ITEM_ID, item.id)
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not item.retired:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        row.setFlags(flags)
        row.setCheckState(Qt.CheckState.Checked if item.done else Qt.CheckState.Unchecked)
        tip = [self.tr("Your own item") if item.custom else self.tr("From the toolkit")]
        if item.done_at:
            tip.append(self.tr("Done {0}").format(local_date(item.done_at)))
        tip = [" · ".join(tip)]
        if changed:  # a colleague's name: text, never HTML
            tip.append(changed)
        lines = "<br>".join(html.escape(line) for line in tip)
        row.setToolTip(f"<p style='white-space:pre'>{lines}</p>")
        font = row.font()
        font.setItalic(item.custom or item.retired)
        row.setFont(font)
        if item.retired:
            row.setForeground(Qt.GlobalColor.gray)
        return row

    # Reading the person's changes ---------------------------------------------------------

    def selected_item_id(self) -> str | None:
        row = self.items.currentItem()
        return row.data(ITEM_ID) if row is not None else None

    def _selected_custom(self) -> str | None:
        item_id = self.selected_item_id()
        return item_id if item_id and item_id.startswith("custom:") else None

    def _enable_buttons(self) -> None:
        custom = self._selected_custom() is not None
        for button in (self.edit_button, self.delete_button, self.up_button, self.down_button):
            button.setEnabled(custom)

    def _item_changed(self, row: QListWidgetItem) -> None:
        if self.policy is None:
            return
        done = row.checkState() == Qt.CheckState.Checked
        saved = next((i.done for i in self.policy.items if i.id == row.data(ITEM_ID)), None)
        if done != saved:  # other changes to a row (its size) are not ticks
            self.ticked.emit(row.data(ITEM_ID), done)

    def _double_clicked(self, row: QListWidgetItem) -> None:
        if str(row.data(ITEM_ID)).startswith("custom:"):
            self.edit_requested.emit(row.data(ITEM_ID))

    def _emit_selected(self, signal) -> None:
        if (item_id := self._selected_custom()) is not None:
            signal.emit(item_id)

    def _move(self, offset: int) -> None:
        if (item_id := self._selected_custom()) is not None:
            self.move_requested.emit(item_id, offset)

    def _owner_done(self) -> None:
        if self.policy is not None and self.owner.text().strip() != self.policy.owner:
            self.owner_edited.emit(self.owner.text())

    def _due_done(self, iso: str) -> None:
        if self.policy is not None and iso != self.policy.due:
            self.due_edited.emit(iso)
