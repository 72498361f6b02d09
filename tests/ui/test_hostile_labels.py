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
