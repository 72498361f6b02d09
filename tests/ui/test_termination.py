"""SIGTERM (what a logout sends) is handled like closing the window: the typed note is saved."""

import os
import signal

from nsp_desktop.core.store import Store
from nsp_desktop.ui.termination import close_on_terminate


def test_sigterm_saves_the_note_being_typed_and_the_settings(qtbot, make_window, qapp, tmp_path):
    window = make_window()
    window.open_page("cancel-detention-contracts")
    qtbot.waitUntil(lambda: window.tracking.notes._key is not None)
    window.tracking.notes.editor.setPlainText("typed, not yet saved")  # the save timer is pending
    helper = close_on_terminate(qapp, window)
    quits = []
    qapp.aboutToQuit.connect(lambda: quits.append(True))
    try:
        os.kill(os.getpid(), signal.SIGTERM)
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=3000)
    finally:
        helper.uninstall()
    with Store.open(tmp_path) as store:
        saved = store.note(store.current_workspace().id, "cancel-detention-contracts")
    assert saved == "typed, not yet saved"
    assert (tmp_path / "settings.json").exists()
