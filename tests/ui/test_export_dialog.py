"""The Export dialog starts where a person keeps documents, remembers their choices, offers Open."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from nsp_desktop.ui import dialogs as dialogs_module


@pytest.fixture
def opened(monkeypatch):
    """The dialogs the app opens, without showing them."""
    shown = []
    monkeypatch.setattr(dialogs_module.dialogs, "show_dialog", shown.append)
    return shown


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A home folder with Documents in it, and a working folder elsewhere."""
    folder = tmp_path / "home"
    (folder / "Documents").mkdir(parents=True)
    (tmp_path / "started-here").mkdir()
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder / ".config"))
    monkeypatch.chdir(tmp_path / "started-here")
    return folder


def _export(qtbot, window, opened):
    window.share_actions.export_action.trigger()
    return opened[-1]


def _save(qtbot, dialog) -> None:
    box = dialog.findChild(QDialogButtonBox)
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)


def test_export_starts_in_documents_not_the_working_folder(qtbot, make_window, home, opened):
    window = make_window()
    dialog = _export(qtbot, window, opened)
    assert Path(dialog.path.text()).parent == home / "Documents"


def test_export_remembers_format_and_folder(qtbot, make_window, home, opened, tmp_path):
    window = make_window()
    dialog = _export(qtbot, window, opened)
    dialog.set_format("csv")
    (tmp_path / "council").mkdir()
    dialog.path.setText(str(tmp_path / "council" / "progress.csv"))
    _save(qtbot, dialog)
    assert (tmp_path / "council" / "progress.csv").exists()
    again = _export(qtbot, window, opened)
    assert again.chosen_format() == "csv"
    assert Path(again.path.text()).parent == tmp_path / "council"
    assert again.path.text().endswith(".csv")


def test_after_saving_the_file_or_its_folder_can_be_opened(
    qtbot, make_window, home, opened, monkeypatch, no_modal_dialogs
):
    window = make_window()
    monkeypatch.setattr(dialogs_module.dialogs, "saved", lambda *a: "folder")
    dialog = _export(qtbot, window, opened)
    _save(qtbot, dialog)
    assert ("open", str(home / "Documents")) in no_modal_dialogs
    monkeypatch.setattr(dialogs_module.dialogs, "saved", lambda *a: "open")
    dialog = _export(qtbot, window, opened)
    _save(qtbot, dialog)
    assert ("open", dialog.path.text()) in no_modal_dialogs


def _media_box(pdf: bytes) -> tuple[int, int]:
    import re

    found = re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    return round(float(found.group(1))), round(float(found.group(2)))


LETTER, A4 = (612, 792), (595, 842)


@pytest.mark.parametrize(("name", "size"), [("en_US", LETTER), ("en_GB", A4), ("de_DE", A4)])
def test_pdf_paper_follows_the_locale(make_window, name, size):
    from PySide6.QtCore import QLocale

    from nsp_desktop.documents import writers

    before = QLocale()
    QLocale.setDefault(QLocale(name))
    try:
        make_window()  # installs the paper choice: "from my region" by default
        assert _media_box(writers.pdf_bytes("<p>x</p>", "header", "title")) == size
    finally:
        QLocale.setDefault(before)


def test_paper_size_can_be_chosen(make_window):
    from nsp_desktop.documents import writers

    window = make_window()
    window.share_actions.paper_actions["letter"].trigger()
    assert _media_box(writers.pdf_bytes("<p>x</p>", "header", "title")) == LETTER
    assert window.settings.get("paper_size") == "letter"
    window.share_actions.paper_actions["a4"].trigger()
    assert _media_box(writers.pdf_bytes("<p>x</p>", "header", "title")) == A4
    window.share_actions.paper_actions["auto"].trigger()


def test_pdf_header_time_is_local_and_in_the_locale(make_window):
    from datetime import UTC, datetime

    from PySide6.QtCore import QLocale

    from nsp_desktop.documents import writers

    before = QLocale()
    QLocale.setDefault(QLocale("en_US"))
    try:
        shown = writers.shown_time(datetime(2026, 3, 14, 15, 9, tzinfo=UTC))
    finally:
        QLocale.setDefault(before)
    assert "UTC" not in shown and "2026-03-14" not in shown
    assert shown.startswith("3/14/26")
