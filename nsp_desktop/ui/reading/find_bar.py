"""Find in page: highlights every match, counts them ("3 of 12") and steps through them."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QColor, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QTextEdit, QToolButton, QWidget

from nsp_desktop.ui.controls import enable_clear_button


class FindBar(QWidget):
    """A bar under the page; Enter/Shift+Enter or F3/Shift+F3 step, Esc closes."""

    closed = Signal()

    def __init__(self, reader: QTextEdit, parent: QWidget | None = None):
        super().__init__(parent)
        self.reader = reader
        self.matches: list[QTextCursor] = []
        self.current = -1
        self.field = QLineEdit()
        self.field.setPlaceholderText(self.tr("Find in page"))
        self.field.setAccessibleName(self.tr("Find in page"))
        enable_clear_button(self.field, self.tr("Clear find"))
        self.count = QLabel()
        self.count.setAccessibleName(self.tr("Matches"))
        self.count.setMinimumWidth(90)
        self.previous_button = self._button("↑", self.tr("Previous match (Shift+Enter)"))
        self.next_button = self._button("↓", self.tr("Next match (Enter)"))
        self.close_button = self._button("✕", self.tr("Close find (Esc)"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 10, 4)
        label = QLabel(self.tr("Find:"))
        label.setBuddy(self.field)
        for widget in (label, self.field, self.count, self.previous_button, self.next_button):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(self.close_button)
        self.field.textChanged.connect(self.search)
        self.field.installEventFilter(self)
        self.previous_button.clicked.connect(self.previous)
        self.next_button.clicked.connect(self.next)
        self.close_button.clicked.connect(self.close_bar)
        self.hide()

    def focus_chain(self) -> list[QWidget]:
        """Its controls in the order Tab visits them."""
        return [self.field, self.previous_button, self.next_button, self.close_button]

    def _button(self, text: str, name: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(name)
        button.setAccessibleName(name)
        return button

    def open(self) -> None:
        self.show()
        self.field.setFocus()
        self.field.selectAll()
        self.search(self.field.text())

    def close_bar(self) -> None:
        self.hide()
        self.matches = []
        self.reader.setExtraSelections([])
        self.reader.setFocus()
        self.closed.emit()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        """In the field: Enter finds the next match, Shift+Enter the previous, Esc closes."""
        if event.type() != QEvent.Type.KeyPress:
            return False
        from PySide6.QtCore import (
            Qt,  # deferred: only on a key press: the Qt namespace is slow to build
        )

        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.close_bar()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            self.previous() if shift else self.next()
        else:
            return False
        return True

    def search(self, text: str) -> None:
        """Find every match of `text` in the page, case-insensitively, and highlight them all."""
        self.matches = []
        document = self.reader.document()
        if text:
            cursor = document.find(text, 0)
            while not cursor.isNull():
                self.matches.append(cursor)
                cursor = document.find(text, cursor)
        start = self.reader.textCursor().selectionStart()
        self.current = next(
            (n for n, c in enumerate(self.matches) if c.selectionStart() >= start), 0
        )
        self._show_current()

    def refresh(self) -> None:
        """The page changed under the bar: search it again."""
        if self.isVisible():
            self.search(self.field.text())

    def next(self) -> None:
        if self.matches:
            self.current = (self.current + 1) % len(self.matches)
            self._show_current()

    def previous(self) -> None:
        if self.matches:
            self.current = (self.current - 1) % len(self.matches)
            self._show_current()

    def _show_current(self) -> None:
        everywhere, here = QColor("#fde68a"), QColor("#f59e0b")
        selections = []
        for number, cursor in enumerate(self.matches):
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            selection.format.setBackground(here if number == self.current else everywhere)
            selection.format.setForeground(QColor("#000000"))
            selections.append(selection)
        self.reader.setExtraSelections(selections)
        if self.matches:
            cursor = QTextCursor(self.matches[self.current])
            cursor.setPosition(cursor.selectionStart())
            self.reader.setTextCursor(cursor)
            self.reader.ensureCursorVisible()
            self.count.setText(self.tr("{0} of {1}").format(self.current + 1, len(self.matches)))
        else:
            self.count.setText(self.tr("No matches") if self.field.text() else "")
