"""Text from data (workspace names, an import file's words) is shown as text, never as HTML."""

import json

from PySide6.QtCore import Qt

from nsp_desktop.core.store import Store
from nsp_desktop.ui.share.import_dialog import ImportDialog
from nsp_desktop.ui.tracking.dashboard import Dashboard
from tests.sample_progress import TOOLKIT

SPOOF = "<h1>Verified: this file changes nothing</h1><img src='/etc/hostname'>"


def test_the_import_preview_shows_the_files_words_as_text(qtbot, tmp_path):
    source = tmp_path / "spoof.json"
    source.write_text(
        json.dumps(
            {"format": "nsp-desktop-export", "schema_version": 1, "workspace": SPOOF,
             "toolkit_edition": SPOOF, "policies": []}
        )
    )  # fmt: skip
    with Store.open(tmp_path / "mine") as mine:
        dialog = ImportDialog(TOOLKIT, mine)
        qtbot.addWidget(dialog)
        assert dialog.load(str(source))
        assert dialog.about.textFormat() == Qt.TextFormat.PlainText
        assert dialog.summary.textFormat() == Qt.TextFormat.PlainText
        assert SPOOF in dialog.about.text()


def test_a_workspace_name_with_markup_reads_as_written(qtbot, tmp_path):
    with Store.open(tmp_path / "mine") as store:
        w = store.create_workspace("R&D <Springfield>")
        state = store.workspace_state(TOOLKIT, w.id)
    dashboard = Dashboard(TOOLKIT)
    qtbot.addWidget(dashboard)
    dashboard.show_state(state)
    assert "R&amp;D &lt;Springfield&gt;" in dashboard.summary.text()


def test_a_stale_window_keeps_the_note_changed_elsewhere(qtbot, make_window, tmp_path):
    window = make_window()
    window.open_page("cancel-detention-contracts")
    notes = window.tracking.notes
    qtbot.waitUntil(lambda: notes._key is not None)
    with Store.open(tmp_path) as elsewhere:  # another window saves first
        elsewhere.set_note(elsewhere.current_workspace().id, notes._key[1], "from the laptop")
    notes.editor.setPlainText("typed in the old window")
    notes.flush()
    with Store.open(tmp_path) as store:
        saved = store.note(store.current_workspace().id, notes._key[1])
    assert "typed in the old window" in saved and "from the laptop" in saved
    qtbot.waitUntil(lambda: "from the laptop" in notes.editor.toPlainText())


def test_a_note_over_the_limit_is_kept_in_the_editor_and_not_saved(qtbot, make_window, tmp_path):
    window = make_window()
    window.open_page("cancel-detention-contracts")
    notes = window.tracking.notes
    qtbot.waitUntil(lambda: notes._key is not None)
    notes.editor.setPlainText("x" * 50_001)
    notes.flush()
    assert "at most 50,000 characters" in notes.state.text()
    assert len(notes.editor.toPlainText()) == 50_001  # nothing typed is thrown away
    with Store.open(tmp_path) as store:
        assert store.note(store.current_workspace().id, notes._key[1]) == ""
