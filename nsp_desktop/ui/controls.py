"""Small helpers shared by the panels' controls."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QToolButton


def enable_clear_button(edit: QLineEdit, name: str) -> None:
    """Show the field's × button, named for screen readers.

    The button is a mouse convenience: from the keyboard, select all and delete (or Esc, where
    the field says so) does the same, so it stays out of the Tab order as Qt places it.
    """
    edit.setClearButtonEnabled(True)
    for action in edit.actions():
        action.setText(name)
    for button in edit.findChildren(QToolButton):
        button.setAccessibleName(name)
