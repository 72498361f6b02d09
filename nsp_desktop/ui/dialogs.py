"""Every message box and file prompt goes through `dialogs`, so tests can answer without a modal."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


class Dialogs:
    """The real dialogs; tests monkeypatch these methods to answer at once."""

    # QMessageBox is imported when first needed: start-up never shows one.

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(parent, title, text)

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(parent, title, text)

    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(parent, title, text)
        return answer == QMessageBox.StandardButton.Yes


dialogs = Dialogs()
