"""The editions controller: open a signed `.nsppack`, switch editions, what's new, marks, About.

Each action is a thin wrapper over `core.editions`: call it, explain a refusal in one sentence,
and ask the window (by `toolkit_changed`) to read the toolkit again. The core brings hashlib,
libsodium and Whoosh, so it is imported on first use: never before the window's first paint.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from nsp_desktop.core import help_pages, paths
from nsp_desktop.core.content import ContentError, load_toolkit

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMenu

    from nsp_desktop.core.editions.diff import EditionDiff
    from nsp_desktop.core.models import Toolkit
    from nsp_desktop.ui.editions.about import AboutDialog
    from nsp_desktop.ui.reading.controller import Reading

PACK_FILTER = "Toolkit editions (*.nsppack);;All files (*)"


def _dialogs():
    from nsp_desktop.ui.dialogs import dialogs  # deferred: message boxes are not for first paint

    return dialogs


class Editions(QObject):
    """Owned by the window. `toolkit_changed(toolkit)` asks it to show another edition; `marks`
    gives the policies to mark in the contents (ID -> "added" or "changed")."""

    toolkit_changed = Signal(object)  # the edition in use changed: read this Toolkit now
    marks = Signal(dict)
    open_page = Signal(str)
    message = Signal(str, int)  # for the status bar, with how long to show it (ms)

    def __init__(
        self,
        window: QWidget,
        data_dir: str,
        reading: Reading,
        bundled: Path | None = None,
    ):
        super().__init__(window)
        self.window = window
        self.data_dir = Path(data_dir)
        self.reading = reading  # for the toolkit in use and the theme's colours
        self.bundled = Path(bundled) if bundled is not None else paths.content_dir()
        self._diff: EditionDiff | None = None
        self._unseen: dict[str, str] = {}  # marked policies: ID -> "added" or "changed"
        self._about: AboutDialog | None = None

    def add_actions(
        self, file_menu: QMenu, quit_action: QAction, help_menu: QMenu, shortcuts: QAction
    ) -> tuple[QAction, QAction]:
        """File → Open toolkit edition… (above Quit) and Help → What's new in this edition
        (above Keyboard shortcuts); returns both actions."""
        from PySide6.QtGui import QAction  # deferred: the window builds its actions after paint

        open_pack = QAction(self.tr("Open toolkit edition…"), self.window)
        open_pack.triggered.connect(lambda: self.choose_pack())
        file_menu.insertAction(quit_action, open_pack)
        file_menu.insertSeparator(quit_action)
        whats_new = QAction(self.tr("What's new in this edition"), self.window)
        whats_new.triggered.connect(lambda: self.open_page.emit(help_pages.WHATS_NEW))
        help_menu.insertAction(shortcuts, whats_new)
        for action in (open_pack, whats_new):
            self.window.addAction(action)  # as the window's own: there in meeting mode too
        return open_pack, whats_new

    # What changed ------------------------------------------------------------------------------

    def diff(self) -> EditionDiff:
        """From the edition in use before to the one in use now (worked out once per edition)."""
        if self._diff is None:
            # deferred: difflib and a second toolkit only when an edition is asked about
            from nsp_desktop.core.editions.whatsnew import edition_diff

            self._diff = edition_diff(self.data_dir, self.bundled)
        return self._diff

    def refresh_marks(self) -> None:
        """Mark the changed policies not opened yet (after the first paint, and after a switch)."""
        from nsp_desktop.core.editions import state  # deferred: as diff()

        self._unseen = {}  # no edition before this one: nothing changed (and no diff to pay)
        if state.read_in_use(self.data_dir, self.bundled).previous is not None:
            # deferred: as diff()
            from nsp_desktop.core.editions.whatsnew import unseen_policy_ids

            try:
                diff = self.diff()
                unseen = unseen_policy_ids(self.data_dir, self.bundled, diff)
                self._unseen = {p.id: p.change for p in diff.policies if p.id in unseen}
            except (ContentError, OSError):  # the edition before cannot be read: no marks
                pass
        self.marks.emit(dict(self._unseen))

    def page_shown(self, page_id: str) -> None:
        """A page was opened: a changed policy's mark goes, and stays gone."""
        if page_id not in self._unseen:
            return
        from nsp_desktop.core.editions.whatsnew import mark_seen  # deferred: as diff()

        del self._unseen[page_id]
        try:
            mark_seen(self.data_dir, self.bundled, page_id)
        except OSError:
            pass  # only a reminder: it goes for this session, and shows again next time
        self.marks.emit(dict(self._unseen))

    def whats_new(self) -> tuple[str, str]:
        """(title, HTML) of the "What's new in this edition" page."""
        from html import escape  # deferred: html is not for the first paint

        from nsp_desktop.ui.editions.page import whats_new_page  # deferred: as diff()

        title = self.tr("What's new in this edition")
        try:
            return title, whats_new_page(self.diff(), self.reading.current_theme())
        except (ContentError, OSError) as error:  # the edition before cannot be read
            said = self.tr("What changed cannot be shown: the edition before cannot be read ({0}).")
            return title, f"<h1>{escape(title)}</h1><p>{escape(said.format(error))}</p>"

    # Installing --------------------------------------------------------------------------------

    def choose_pack(self) -> bool:
        """File → Open toolkit edition…: ask for a pack, then install it."""
        path = _dialogs().get_open_path(self.window, self.tr("Open toolkit edition"), PACK_FILTER)
        return bool(path) and self.open_pack(path)

    def open_pack(self, path: str | Path) -> bool:
        """Check and install the pack at `path`, asking before trusting a new key or going back
        to an older edition; on success the window shows the new edition and its "What's new"
        page. Every refusal is its one sentence. True if installed."""
        # deferred: hashlib, libsodium and Whoosh (~250 ms) only when a pack is opened
        from nsp_desktop.core.editions import EditionError
        from nsp_desktop.core.editions.install import AlreadyHere

        title = self.tr("Toolkit edition not installed")
        try:
            done = self._install(Path(path))
        except AlreadyHere as here:
            if _dialogs().confirm(
                self.window,
                self.tr("Edition already here"),
                self.tr("{0}.\n\nPut it in use now?").format(_sentence(str(here).split(";")[0])),
            ):
                return self.use(here.name)
            return False
        except EditionError as error:
            _dialogs().error(self.window, title, _sentence(str(error)))
            return False
        except OSError as error:  # a full disk, a folder that cannot be written: nothing switched
            text = self.tr("The edition could not be written ({0}).").format(error)
            _dialogs().error(self.window, title, text)
            return False
        if done is None:
            self.message.emit(self.tr("The toolkit edition was not installed."), 8000)
            return False
        m = done.manifest
        if not self._show_edition():
            return False
        self.open_page.emit(help_pages.WHATS_NEW)
        self.message.emit(
            self.tr("Installed {0} ({1}), signed by key {2}.").format(
                m.edition, m.version, done.fingerprint
            ),
            10000,
        )
        return True

    def _install(self, path: Path):
        """`install`, asked again with the person's consent: to trust a new key, to go back to
        an older edition. None when they say no."""
        from nsp_desktop.core.editions.install import NotNewer, install  # deferred: as above
        from nsp_desktop.core.editions.verify import UnknownKey

        offered, older = None, False
        while True:
            try:
                return install(path, self.data_dir, self.bundled, offered, older)
            except UnknownKey as unknown:
                if offered is not None or not self._trust(unknown.fingerprint):
                    return None
                offered = unknown.public_key
            except NotNewer as error:
                if older or not self._go_back(str(error)):
                    return None
                older = True

    def _go_back(self, reason: str) -> bool:
        return _dialogs().confirm(
            self.window,
            self.tr("Install an older edition?"),
            self.tr(
                "{0}.\n\nInstall it anyway and read that older edition? Your ticks, notes and "
                "statuses are kept; you can go back from Help → About."
            ).format(_sentence(reason.split(";")[0])),
        )

    def _trust(self, fingerprint: str) -> bool:
        return _dialogs().confirm(
            self.window,
            self.tr("Trust this signing key?"),
            self.tr(
                "This toolkit edition is signed by a key you have not trusted yet.\n\n"
                "Key fingerprint:\n{0}\n\n"
                "Compare it with the fingerprint the trainer gave you (in person, on a call or "
                "in a handout). Only if they match, trust this key and install the edition. "
                "Later editions signed with it will install without asking."
            ).format(fingerprint),
        )

    # Switching ---------------------------------------------------------------------------------

    def use(self, name: str) -> bool:
        """Put "bundled" or an installed version in use, and show it. True if switched."""
        from nsp_desktop.core.editions import EditionError  # deferred: as open_pack()
        from nsp_desktop.core.editions.install import use

        try:
            use(self.data_dir, name, self.bundled)
        except (EditionError, OSError) as error:
            _dialogs().error(self.window, self.tr("Edition not changed"), _sentence(str(error)))
            return False
        if not self._show_edition():
            return False
        toolkit = self.toolkit()
        self.message.emit(
            self.tr("In use: {0} ({1}).").format(toolkit.edition, toolkit.version), 8000
        )
        return True

    def _show_edition(self) -> bool:
        """Read the edition in use and hand it to the window; the marks follow."""
        folder = paths.content_dir(self.data_dir)
        try:
            toolkit = load_toolkit(folder)
        except ContentError as error:  # checked when installed: only a disk that changed it
            _dialogs().error(self.window, self.tr("The edition cannot be read"), str(error))
            return False
        self._diff = None
        self.toolkit_changed.emit(toolkit)
        self.refresh_marks()
        if self._about is not None:
            self._about.show_editions(self.editions())
        return True

    def toolkit(self) -> Toolkit:
        return self.reading.toolkit

    def editions(self) -> list:
        """The bundled edition and the installed ones (`core.editions.install.EditionInfo`)."""
        from nsp_desktop.core.editions.install import list_editions  # deferred: as open_pack()

        return list_editions(self.data_dir, self.bundled)

    # About -------------------------------------------------------------------------------------

    def show_about(self) -> AboutDialog:
        """Help → About: the app, the edition in use and who signed it, and the way back."""
        from nsp_desktop.ui.editions.about import AboutDialog  # deferred: built when asked for

        if self._about is None:
            self._about = AboutDialog(self.toolkit, str(self.data_dir), self.window)
            self._about.use_edition.connect(self.use)
        self._about.show_editions(self.editions())
        _dialogs().show_dialog(self._about)
        return self._about


def _sentence(reason: str) -> str:
    """The core's reason ("the pack holds …") as a sentence on its own."""
    return reason[:1].upper() + reason[1:] if reason else reason
