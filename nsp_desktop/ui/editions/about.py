"""Help → About: the app, the toolkit edition in use and who signed it, and the way back to the
edition the app was shipped with (and forward again)."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nsp_desktop import APP_NAME, __version__
from nsp_desktop.core.models import Toolkit

BUNDLED = "bundled"  # core.editions.state.BUNDLED, without importing the editions core here


class AboutDialog(QDialog):
    """Shows `toolkit()` (the edition in use) and `EditionInfo` rows; `use_edition(name)` asks
    the controller to switch to "bundled" or an installed version."""

    use_edition = Signal(str)

    def __init__(self, toolkit: Callable[[], Toolkit], data_dir: str, parent: QWidget | None):
        super().__init__(parent)
        self.toolkit = toolkit
        self.data_dir = data_dir
        self.setWindowTitle(self.tr("About {0}").format(APP_NAME))
        self.text = QLabel()
        self.text.setObjectName("aboutText")
        self.text.setTextFormat(Qt.TextFormat.RichText)  # built here, every name escaped
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setMinimumWidth(440)
        self.switch = QPushButton()
        self.switch.clicked.connect(self._switch)
        self._target: str | None = None
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.switch, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.setSpacing(14)
        layout.addWidget(self.text)
        layout.addWidget(buttons)

    def show_editions(self, editions: list) -> None:
        """Redraw for the edition in use; `editions` are `core.editions.install.EditionInfo`."""
        toolkit = self.toolkit()
        in_use = next((e for e in editions if e.in_use), None)
        if in_use is None or in_use.name == BUNDLED:
            signed = self.tr("the edition this app was shipped with")
        else:
            key = escape(in_use.fingerprint).replace(" ", "&nbsp;")  # one line, never split
            signed = self.tr("installed from an edition pack signed by the key<br>{0}").format(
                f"<span style='font-family: monospace'>{key}</span>"
            )
        e = escape
        self.text.setText(
            f"<p><b>{e(APP_NAME)} {e(__version__)}</b></p>"
            f"<p>{e(toolkit.title)} — {e(toolkit.subtitle)}<br>"
            + self.tr("Publisher: {0}").format(e(toolkit.publisher))
            + "</p><p>"
            + self.tr("Edition in use: <b>{0}</b> (content version {1}),<br>{2}.").format(
                e(toolkit.edition), e(toolkit.version), signed
            )
            + "</p><p>"
            + self.tr("Your data folder: {0}").format(e(self.data_dir))
            + "<br>"
            + self.tr(
                "The app makes no network connection; your progress and notes stay on this "
                "computer."
            )
            + "</p>"
        )
        said = QTextDocument()
        said.setHtml(self.text.text())
        self.text.setAccessibleName(" ".join(said.toPlainText().replace("\u00a0", " ").split()))
        self._target = _target(editions, in_use)
        self.switch.setVisible(self._target is not None)
        if self._target == BUNDLED:
            self.switch.setText(self.tr("&Go back to the bundled edition"))
        elif self._target is not None:
            chosen = next(e for e in editions if e.name == self._target)
            self.switch.setText(
                self.tr("&Use {0} ({1}) again").format(chosen.edition, chosen.version)
            )
        self.switch.setAccessibleName(self.switch.text().replace("&", ""))

    def switch_target(self) -> str | None:
        """The edition the switch button puts in use ("bundled", a version, or None)."""
        return self._target

    def _switch(self) -> None:
        if self._target is not None:
            self.use_edition.emit(self._target)


def _target(editions: list, in_use) -> str | None:
    """From an installed edition: back to the bundled one. From the bundled one: forward to the
    newest installed edition, if there is one."""
    if in_use is not None and in_use.name != BUNDLED:
        return BUNDLED
    installed = [e for e in editions if e.name != BUNDLED and e.fingerprint != "?"]
    return installed[-1].name if installed else None
