"""The due-date field: typed in the person's date format, or picked from a calendar on today.

A line edit rather than a QDateEdit: that one swallows Tab while it shows "No due date" (a
keyboard trap), moves between its sections on Tab, and its calendar opened on its minimum date.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from nsp_desktop.ui.controls import enable_clear_button
from nsp_desktop.ui.dates import ISO_DATE, date_format, parse_date, show_date


class DueDateField(QWidget):
    """Emits `edited("YYYY-MM-DD")`, or `edited("")` when cleared, after the person's change."""

    edited = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._iso = ""
        self.edit = QLineEdit()
        self.edit.setAccessibleName(self.tr("Due date"))
        self.edit.installEventFilter(self)
        enable_clear_button(self.edit, self.tr("Clear the due date"))
        self.pick = QToolButton()
        self.pick.setText("▾")
        self.pick.setToolTip(self.tr("Choose from a calendar (Alt+Down)"))
        self.pick.setAccessibleName(self.tr("Choose the due date from a calendar"))
        self.pick.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # Alt+Down from the field does it
        self.problem = QLabel(" ")  # always there: a message appearing moves nothing
        self.problem.setObjectName("panelMeta")
        self.problem.setWordWrap(True)
        self.calendar: QCalendarWidget | None = None
        row = QHBoxLayout()
        row.setSpacing(4)
        row.addWidget(self.edit, 1)
        row.addWidget(self.pick)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(row)
        column.addWidget(self.problem)
        self._describe()
        self.edit.editingFinished.connect(self._typed)
        self.pick.clicked.connect(self.open_calendar)

    def display_format(self) -> str:
        return date_format()

    def _describe(self) -> None:
        example = show_date(QDate(QDate.currentDate().year(), 1, 15))
        self.edit.setPlaceholderText(self.tr("No due date — e.g. {0}").format(example))
        self.edit.setAccessibleDescription(
            self.tr("Type a date like {0}, or press Alt+Down for a calendar").format(example)
        )

    def set_iso(self, iso: str) -> None:
        """Show the saved date (without telling anyone: it is not the person's change)."""
        self._iso = iso
        date = QDate.fromString(iso, ISO_DATE) if iso else QDate()
        if not self.edit.hasFocus():
            self.edit.setText(show_date(date) if date.isValid() else "")
            self.problem.setText(" ")

    def iso(self) -> str:
        return self._iso

    def _commit(self, iso: str) -> None:
        self.problem.setText(" ")
        if iso != self._iso:
            self._iso = iso
            self.edited.emit(iso)

    def _typed(self) -> None:
        text = self.edit.text().strip()
        if not text:
            self._commit("")
            return
        date = parse_date(text)
        if date is None:
            example = show_date(QDate(QDate.currentDate().year(), 1, 15))
            self.problem.setText(self.tr("Not a date: type it like {0}").format(example))
            return
        self.edit.setText(show_date(date))
        self._commit(date.toString(ISO_DATE))

    def open_calendar(self) -> None:
        """A calendar under the field, on the saved date or today; Enter or a click chooses."""
        if self.calendar is None:
            self.calendar = QCalendarWidget(self)
            self.calendar.setWindowFlags(Qt.WindowType.Popup)
            self.calendar.setGridVisible(False)
            self.calendar.setAccessibleName(self.tr("Choose the due date"))
            self.calendar.activated.connect(self._chosen)
            self.calendar.clicked.connect(self._chosen)
        saved = QDate.fromString(self._iso, ISO_DATE) if self._iso else QDate()
        self.calendar.setSelectedDate(saved if saved.isValid() else QDate.currentDate())
        self.calendar.move(self.edit.mapToGlobal(self.edit.rect().bottomLeft()))
        self.calendar.show()
        self.calendar.setFocus()

    def _chosen(self, date: QDate) -> None:
        self.calendar.close()
        self.edit.setText(show_date(date))
        self.edit.setFocus()
        self._commit(date.toString(ISO_DATE))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            alt_down = event.key() == Qt.Key.Key_Down and (
                event.modifiers() & Qt.KeyboardModifier.AltModifier
            )
            if alt_down or event.key() == Qt.Key.Key_F4:
                self.open_calendar()
                return True
        return super().eventFilter(watched, event)
