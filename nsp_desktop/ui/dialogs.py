"""Every message box and file prompt goes through `dialogs`, so tests can answer without a modal."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QWidget


def _plain_box(parent, icon: str, title: str, text: str, *buttons: str):
    # deferred: a dialog's type loads when one is first shown, never at start-up
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(getattr(QMessageBox.Icon, icon), title, text, parent=parent)
    for name in buttons:
        box.addButton(getattr(QMessageBox.StandardButton, name))
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


class Dialogs:
    """The real dialogs; tests monkeypatch these methods to answer at once."""

    # QMessageBox is imported when first needed: start-up never shows one.

    # Messages carry names and file text: always plain text, never read as HTML.

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        _plain_box(parent, "Critical", title, text, "Ok").exec()

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        _plain_box(parent, "Information", title, text, "Ok").exec()

    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        # deferred: a dialog's type loads when one is first shown, never at start-up
        from PySide6.QtWidgets import QMessageBox

        box = _plain_box(parent, "Question", title, text, "Yes", "No")
        return box.exec() == QMessageBox.StandardButton.Yes

    def ask_text(
        self, parent: QWidget | None, title: str, label: str, text: str = ""
    ) -> str | None:
        """A line of text from the person, or None if they cancel."""
        # deferred: a dialog's type loads when one is first shown, never at start-up
        from PySide6.QtWidgets import QInputDialog

        value, ok = QInputDialog.getText(parent, title, label, text=text)
        return value if ok else None

    def choose(
        self, parent: QWidget | None, title: str, label: str, options: list[str], current: int = 0
    ) -> str | None:
        """One of `options`, or None if they cancel."""
        # deferred: a dialog's type loads when one is first shown, never at start-up
        from PySide6.QtWidgets import QInputDialog

        value, ok = QInputDialog.getItem(parent, title, label, options, current, False)
        return value if ok else None

    def get_save_path(
        self, parent: QWidget | None, title: str, suggested: str, filters: str = ""
    ) -> str | None:
        """A file name to write, or None when the person cancels."""
        # deferred: a dialog's type loads when one is first shown, never at start-up
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
        return path or None

    def get_open_path(self, parent: QWidget | None, title: str, filters: str = "") -> str | None:
        """A file to read, or None when the person cancels."""
        # deferred: a dialog's type loads when one is first shown, never at start-up
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(parent, title, "", filters)
        return path or None

    def get_folder(self, parent: QWidget | None, title: str, start: str = "") -> str | None:
        """A folder, or None when the person cancels."""
        from PySide6.QtWidgets import QFileDialog  # deferred: file dialogs only when asked for

        return QFileDialog.getExistingDirectory(parent, title, start) or None

    def print_setup(self, parent: QWidget | None, printer) -> bool:
        """The system print dialog for `printer` (a QPrinter); True to go ahead and print."""
        from PySide6.QtPrintSupport import QPrintDialog  # deferred: loaded only when someone prints

        return QPrintDialog(printer, parent).exec() == QDialog.DialogCode.Accepted

    def saved(self, parent: QWidget | None, title: str, text: str) -> str | None:
        """Tell the person a file was saved: "open" it, show its "folder", or None (Close)."""
        # deferred: a dialog's type loads when one is first shown, never at start-up
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=parent)
        role = QMessageBox.ButtonRole.ActionRole
        choices = {
            box.addButton(box.tr("&Open"), role): "open",
            box.addButton(box.tr("Show in &folder"), role): "folder",
        }
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        return choices.get(box.clickedButton())

    def open_file(self, path: str) -> bool:
        """Open a file or folder with the desktop's own application for it."""
        # deferred: a dialog's type loads when one is first shown, never at start-up
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        return QDesktopServices.openUrl(QUrl.fromLocalFile(path))

    def show_dialog(self, dialog: QDialog) -> None:
        """Open one of the app's own dialogs, window-modal, without blocking the caller."""
        dialog.open()


dialogs = Dialogs()
