"""Notes for the open policy: saved as the person types (debounced), and on every switch or quit."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

SAVE_AFTER_MS = 600  # a pause in typing this long saves the note


class NotesPanel(QWidget):
    """A plain-text editor bound to one (workspace, policy) at a time.

    `save(workspace_id, policy_id, text)` is called after a pause in typing and by `flush()`; the
    window calls `flush()` before switching page or workspace and when it closes.
    """

    saved = Signal(str)  # policy_id

    def __init__(self, save: Callable[[int, str, str], None], parent: QWidget | None = None):
        super().__init__(parent)
        self._save = save
        self._key: tuple[int, str] | None = None
        self._dirty = False
        self.title = QLabel(self.tr("Notes"))
        self.title.setObjectName("panelTitle")
        self.editor = QPlainTextEdit()
        self.editor.setTabChangesFocus(True)  # Tab leaves the notes, as from every other field
        self.editor.setAccessibleName("Notes for this policy")
        self.editor.setPlaceholderText(
            self.tr("Your notes on this policy: who to call, what was said, what comes next…")
        )
        self.state = QLabel("")
        self.state.setTextFormat(Qt.TextFormat.PlainText)
        self.state.setObjectName("panelMeta")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 12)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.state)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SAVE_AFTER_MS)
        self.timer.timeout.connect(self.flush)
        self.editor.textChanged.connect(self._typed)

    def show_note(self, workspace_id: int, policy_id: str, text: str) -> None:
        """Bind the editor to another policy (the caller flushes the old one first)."""
        self.flush()
        self._key = (workspace_id, policy_id)
        self.editor.blockSignals(True)
        self.editor.setPlainText(text)
        self.editor.blockSignals(False)
        self.editor.document().clearUndoRedoStacks()
        self._dirty = False
        self.state.setText(self.tr("Saved on this computer as you type.") if text else "")

    def _typed(self) -> None:
        if self._key is None:
            return
        self._dirty = True
        self.state.setText(self.tr("Editing…"))
        self.timer.start()

    def flush(self) -> None:
        """Save now if anything changed since the last save."""
        self.timer.stop()
        if not self._dirty or self._key is None:
            return
        workspace_id, policy_id = self._key
        try:
            self._save(workspace_id, policy_id, self.editor.toPlainText())
        except Exception as error:  # keep the text in the editor and say why it is not saved
            self.state.setText(self.tr("Not saved: {0}").format(error))
            return
        self._dirty = False
        self.state.setText(self.tr("Saved."))
        self.saved.emit(policy_id)
