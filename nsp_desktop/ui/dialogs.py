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

    def ask_text(
        self, parent: QWidget | None, title: str, label: str, text: str = ""
    ) -> str | None:
        """A line of text from the person, or None if they cancel."""
        from PySide6.QtWidgets import QInputDialog

        value, ok = QInputDialog.getText(parent, title, label, text=text)
        return value if ok else None

    def choose(
        self, parent: QWidget | None, title: str, label: str, options: list[str], current: int = 0
    ) -> str | None:
        """One of `options`, or None if they cancel."""
        from PySide6.QtWidgets import QInputDialog

        value, ok = QInputDialog.getItem(parent, title, label, options, current, False)
        return value if ok else None


dialogs = Dialogs()
