"""File-menu actions for sharing: Export…, Import…, Policy brief…, Print (Ctrl+P), Save page as PDF.

`install_export_actions(window)` is the one call the main window makes. The actions find the store
when they run: `window.store` when the window has one, else the data folder's store, opened for
the length of the action.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from nsp_desktop import APP_NAME, export, paths
from nsp_desktop.store import Store, StoreError
from nsp_desktop.ui.dialogs import dialogs


class ShareActions:
    """The actions and what they do; kept on the window as `window.share_actions`."""

    def __init__(self, window: QMainWindow):
        self.window = window
        self.open_dialog = None  # the Export or Import dialog last opened (tests read it)
        tr = window.tr
        self.export_action = self._action(tr("&Export progress and notes…"), self.export)
        self.import_action = self._action(tr("&Import progress and notes…"), self.import_)
        self.brief_action = self._action(tr("Policy &brief as PDF…"), self.brief)
        self.print_action = self._action(tr("&Print page…"), self.print_page, "Ctrl+P")
        self.pdf_action = self._action(tr("&Save page as PDF…"), self.save_page_pdf, "Ctrl+Shift+S")

    def _action(self, text: str, slot, key: str = "") -> QAction:
        action = QAction(text, self.window)
        if key:
            action.setShortcut(QKeySequence(key))
        action.triggered.connect(lambda _=False: slot())
        self.window.addAction(action)  # shortcuts work even when the menu bar is hidden
        return action

    @property
    def actions(self) -> list[QAction]:
        return [
            self.export_action,
            self.import_action,
            self.brief_action,
            self.print_action,
            self.pdf_action,
        ]

    @contextmanager
    def store(self) -> Iterator[Store]:
        own = getattr(self.window, "store", None)
        if own is not None:
            yield own
            return
        data_dir = getattr(self.window, "data_dir", None) or None
        opened = Store.open(paths.data_paths(data_dir).data_dir)
        try:
            yield opened
        finally:
            opened.close()

    def _policy_id(self) -> str | None:
        page_id = self.window.current_page_id()
        page = self.window.toolkit.page(page_id or "")
        return page_id if page and page.kind == "policy" else None

    def _page_title(self) -> str:
        page = self.window.toolkit.page(self.window.current_page_id() or "")
        return page.title if page else APP_NAME

    # Export and import --------------------------------------------------------------------

    def export(self) -> None:
        from nsp_desktop.ui.export_dialog import ExportDialog

        self._open(
            lambda store: ExportDialog(self.window.toolkit, store, self.window, self._policy_id())
        )

    def import_(self) -> None:
        from nsp_desktop.ui.import_dialog import ImportDialog

        self._open(lambda store: ImportDialog(self.window.toolkit, store, self.window))

    def _open(self, make) -> None:
        own = getattr(self.window, "store", None)
        try:
            store = own or Store.open(
                paths.data_paths(getattr(self.window, "data_dir", None) or None).data_dir
            )
        except (StoreError, OSError) as error:
            dialogs.error(
                self.window, self.window.tr("Your saved data cannot be opened"), str(error)
            )
            return
        dialog = make(store)
        if own is None:
            dialog.finished.connect(lambda _: store.close())
        dialog.finished.connect(lambda _: self._refresh())
        self.open_dialog = dialog
        dialogs.show_dialog(dialog)

    def _refresh(self) -> None:
        refresh = getattr(self.window, "refresh_page", None)
        if callable(refresh):
            refresh()

    # Printing and PDFs --------------------------------------------------------------------

    def brief(self) -> Path | None:
        """Save the current policy's one-page brief."""
        policy_id = self._policy_id()
        if policy_id is None:
            dialogs.info(
                self.window,
                self.window.tr("Policy brief"),
                self.window.tr("Open a policy first: a brief is made of one policy."),
            )
            return None
        as_of = export.now_utc()
        name = f"brief-{policy_id}-{as_of:%Y-%m-%d}.pdf"
        path = dialogs.get_save_path(
            self.window, self.window.tr("Save policy brief"), name, "PDF (*.pdf)"
        )
        if not path:
            return None
        from nsp_desktop.ui import documents

        try:
            with self.store() as store:
                workspace = store.current_workspace()
                state = store.workspace_state(self.window.toolkit, workspace.id)
            return self._done(
                documents.write_brief_pdf(path, self.window.toolkit, state, policy_id, as_of)
            )
        except (export.ExportError, StoreError, OSError) as error:
            dialogs.error(self.window, self.window.tr("The brief was not saved"), str(error))
            return None

    def save_page_pdf(self) -> Path | None:
        """The page as shown, as a PDF with a header and page numbers."""
        title = self._page_title()
        name = "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-")[:60] + ".pdf"
        path = dialogs.get_save_path(
            self.window, self.window.tr("Save page as PDF"), name, "PDF (*.pdf)"
        )
        if not path:
            return None
        from nsp_desktop.ui import documents

        toolkit = self.window.toolkit
        header = f"{toolkit.title} · {toolkit.edition} · {title}"
        try:
            data = documents.page_pdf_bytes(self.window.reader.document(), header, title)
            return self._done(export.write_file(path, data))
        except export.ExportError as error:
            dialogs.error(self.window, self.window.tr("The PDF was not saved"), str(error))
            return None

    def print_page(self) -> bool:
        """Print the page as shown through the system print dialog; True when it was sent."""
        from PySide6.QtPrintSupport import QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self._page_title())
        if not dialogs.print_setup(self.window, printer):
            return False
        self.window.reader.document().print_(printer)
        return True

    def _done(self, path: Path) -> Path:
        self.window.statusBar().showMessage(self.window.tr("Saved {0}").format(path), 8000)
        return path


def install_export_actions(window: QMainWindow) -> ShareActions:
    """Add the sharing actions to the window's File menu (made if it has none)."""
    shared = ShareActions(window)
    menu: QMenu | None = getattr(window, "file_menu", None)
    if menu is None:
        menu = window.menuBar().addMenu(window.tr("&File"))
        window.file_menu = menu
    existing = menu.actions()
    first = existing[0] if existing else None
    groups = (shared.actions[:3], shared.actions[3:])
    for group in groups:
        menu.insertActions(first, group)
        if first is not None:
            menu.insertSeparator(first)
        else:
            menu.addSeparator()
    window.share_actions = shared
    return shared
