"""File-menu actions for sharing: Export…, Import…, Policy brief…, Print (Ctrl+P), Save page as PDF.

`install_export_actions(window)` is the one call the main window makes. The actions find the store
when they run: `window.store` when the window has one, else the data folder's store, opened for
the length of the action.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu

from nsp_desktop import APP_NAME
from nsp_desktop.core import paths
from nsp_desktop.core.store import Store, StoreError


def _dialogs():
    """The dialogs helper, imported on first use: nothing here is needed for the first paint."""
    # deferred: a message box's type loads when one is shown
    from nsp_desktop.ui.dialogs import dialogs

    return dialogs


def _export():
    # deferred: the export machinery (csv, html, json) only for an export
    from nsp_desktop.core import export

    return export


class ShareActions:
    """The actions and what they do; kept on the window as `window.share_actions`."""

    def __init__(self, window: QMainWindow):
        self.window = window
        self.open_dialog = None  # the Export or Import dialog last opened (tests read it)
        self._keys: list[tuple[QAction, str]] = []
        tr = window.tr
        self.export_action = self._action(tr("Export progress and notes…"), self.export)
        self.import_action = self._action(tr("Import progress and notes…"), self.import_)
        self.brief_action = self._action(tr("Policy brief as PDF…"), self.brief)
        self.print_action = self._action(tr("Print page…"), self.print_page, "Ctrl+P")
        self.pdf_action = self._action(tr("Save page as PDF…"), self.save_page_pdf, "Ctrl+Shift+S")

    def _action(self, text: str, slot, key: str = "") -> QAction:
        action = QAction(text, self.window)
        if key:
            self._keys.append((action, key))
        action.triggered.connect(lambda _=False: slot())
        self.window.addAction(action)  # shortcuts work even when the menu bar is hidden
        return action

    def set_shortcuts(self) -> None:
        """Give the actions their keys (the window installs these after its first paint)."""
        # deferred: keys are set after the first paint
        from PySide6.QtGui import QKeySequence

        for action, key in self._keys:
            action.setShortcut(QKeySequence(key))
            action.setToolTip(f"{action.text().replace('&', '')} ({key})")

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
        """The window's store (its tracking's, when it has one), else the data folder's, opened."""
        own = self._own_store()
        if own is not None:
            yield own
            return
        opened = self._open_store()
        try:
            yield opened
        finally:
            opened.close()

    def _own_store(self) -> Store | None:
        tracking = getattr(self.window, "tracking", None)
        if tracking is not None:
            if getattr(tracking, "notes", None) is not None:
                tracking.notes.flush()  # a note typed a moment ago belongs in the export
            return tracking.store
        return getattr(self.window, "store", None)

    def _open_store(self) -> Store:
        data_dir = getattr(self.window, "data_dir", None) or None
        return Store.open(paths.data_paths(data_dir).data_dir)

    def _workspace_id(self, store: Store) -> int:
        """The workspace the window shows."""
        tracking = getattr(self.window, "tracking", None)
        shown = getattr(tracking, "workspace_id", None)
        return shown if shown is not None else store.current_workspace().id

    def _policy_id(self) -> str | None:
        page_id = self.window.current_page_id()
        page = self.window.toolkit.page(page_id or "")
        return page_id if page and page.kind == "policy" else None

    def _page_title(self) -> str:
        page = self.window.toolkit.page(self.window.current_page_id() or "")
        return page.title if page else APP_NAME

    # Export and import --------------------------------------------------------------------

    def export(self) -> None:
        # deferred: only when the dialog opens
        from nsp_desktop.ui.share.export_dialog import ExportDialog

        self._open(
            lambda store: ExportDialog(
                self.window.toolkit,
                store,
                self.window,
                self._policy_id(),
                settings=getattr(self.window, "settings", None),
            )
        )

    def import_(self) -> None:
        # deferred: only when the dialog opens
        from nsp_desktop.ui.share.import_dialog import ImportDialog

        self._open(
            lambda store: ImportDialog(
                self.window.toolkit, store, self.window, self._workspace_id(store)
            )
        )

    def _open(self, make) -> None:
        own = self._own_store()
        try:
            store = own or self._open_store()
        except (StoreError, OSError) as error:
            _dialogs().error(
                self.window, self.window.tr("Your saved data cannot be opened"), str(error)
            )
            return
        dialog = make(store)
        if own is None:
            dialog.finished.connect(lambda _: store.close())
        dialog.finished.connect(lambda _: self._refresh())
        dialog.accepted.connect(lambda: self._said(dialog))
        self.open_dialog = dialog
        _dialogs().show_dialog(dialog)

    def _refresh(self) -> None:
        """After an import: redraw the window from what is now saved."""
        tracking = getattr(self.window, "tracking", None)
        if tracking is not None:
            tracking.reload()

    # Printing and PDFs --------------------------------------------------------------------

    def brief(self) -> Path | None:
        """Save the current policy's one-page brief."""
        policy_id = self._policy_id()
        if policy_id is None:
            _dialogs().info(
                self.window,
                self.window.tr("Policy brief"),
                self.window.tr("Open a policy first: a brief is made of one policy."),
            )
            return None
        as_of = _export().now_utc()
        name = f"brief-{policy_id}-{as_of:%Y-%m-%d}.pdf"
        path = _dialogs().get_save_path(
            self.window, self.window.tr("Save policy brief"), name, "PDF (*.pdf)"
        )
        if not path:
            return None
        # deferred: PDF and ODT writing only when asked for
        from nsp_desktop.documents import writers as documents

        try:
            with self.store() as store:
                state = store.workspace_state(self.window.toolkit, self._workspace_id(store))
            return self._done(
                documents.write_brief_pdf(path, self.window.toolkit, state, policy_id, as_of)
            )
        except (_export().ExportError, StoreError, OSError) as error:
            _dialogs().error(self.window, self.window.tr("The brief was not saved"), str(error))
            return None

    def save_page_pdf(self) -> Path | None:
        """The page as shown, as a PDF with a header and page numbers."""
        title = self._page_title()
        name = "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-")[:60] + ".pdf"
        path = _dialogs().get_save_path(
            self.window, self.window.tr("Save page as PDF"), name, "PDF (*.pdf)"
        )
        if not path:
            return None
        # deferred: PDF and ODT writing only when asked for
        from nsp_desktop.documents import writers as documents

        toolkit = self.window.toolkit
        header = f"{toolkit.title} · {toolkit.edition} · {title}"
        try:
            data = documents.document_pdf_bytes(self.page_document(), header, title)
            return self._done(_export().write_file(path, data))
        except _export().ExportError as error:
            _dialogs().error(self.window, self.window.tr("The PDF was not saved"), str(error))
            return None

    def print_page(self) -> bool:
        """Print the page as shown through the system print dialog; True when it was sent."""
        # deferred: print support only when someone prints
        from PySide6.QtPrintSupport import QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self._page_title())
        if not _dialogs().print_setup(self.window, printer):
            return False
        self.page_document().print_(printer)
        return True

    def page_document(self):
        """The current page for paper: its text and ticks in print styles, whatever the theme."""
        # deferred: PDF and ODT writing only when asked for
        from nsp_desktop.core import render
        from nsp_desktop.documents import writers as documents

        page = self.window.toolkit.page(self.window.current_page_id() or "")
        if page is None:
            return self.window.reader.document().clone()
        tracking = getattr(self.window, "tracking", None)
        done = tracking.done_map(page) if tracking is not None else {}
        html = render.page_html(self.window.toolkit, page, done)
        return documents.html_document(html, images_from=self.window.toolkit.root)

    def paper_menu(self, parent: QMenu) -> QMenu:
        """Paper size for PDFs: from the person's region (Letter in the US), A4 or Letter."""
        # deferred: the menu is filled after the first paint
        from PySide6.QtGui import QActionGroup

        # deferred: PDF and ODT writing only when asked for
        from nsp_desktop.documents import writers as documents

        tr = self.window.tr
        settings = getattr(self.window, "settings", None)
        chosen = settings.get("paper_size", "auto") if settings is not None else "auto"
        documents.set_paper(chosen)
        menu = QMenu(tr("Paper size for PDFs"), parent)
        group = QActionGroup(menu)
        self.paper_actions = {}
        for paper, label in (
            ("auto", tr("From my region")),
            ("a4", tr("A4")),
            ("letter", tr("US Letter")),
        ):
            action = menu.addAction(label)
            action.setCheckable(True)
            action.setChecked(paper == chosen)
            action.setActionGroup(group)
            action.triggered.connect(lambda _=False, p=paper: self._set_paper(p))
            self.paper_actions[paper] = action
        return menu

    def _set_paper(self, paper: str) -> None:
        # deferred: PDF and ODT writing only when asked for
        from nsp_desktop.documents import writers as documents

        documents.set_paper(paper)
        settings = getattr(self.window, "settings", None)
        if settings is not None:
            settings.set("paper_size", paper)

    def _said(self, dialog) -> None:
        written = getattr(dialog, "written", None)
        if written is not None:
            self._done(written)
        elif getattr(dialog, "imported", False):
            self.window.statusBar().showMessage(self.window.tr("Imported"), 8000)

    def _done(self, path: Path) -> Path:
        """Say where the file went, and offer to open it or the folder that holds it."""
        tr = self.window.tr
        self.window.statusBar().showMessage(tr("Saved {0}").format(path), 8000)
        choice = _dialogs().saved(self.window, tr("Saved"), tr("Saved as\n\n{0}").format(path))
        if choice == "open":
            _dialogs().open_file(str(path))
        elif choice == "folder":
            _dialogs().open_file(str(Path(path).parent))
        return path


def install_export_actions(window: QMainWindow) -> ShareActions:
    """Add the sharing actions to the window's File menu (made if it has none)."""
    shared = ShareActions(window)
    menu: QMenu | None = getattr(window, "file_menu", None)
    if menu is None:
        bar = window.menuBar()
        menu = QMenu(window.tr("&File"), window)
        first_menu = bar.actions()[0] if bar.actions() else None
        bar.insertMenu(first_menu, menu)  # File comes first, whatever was added before
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
    menu.insertMenu(first, shared.paper_menu(menu))
    shared.set_shortcuts()
    window.share_actions = shared
    return shared
