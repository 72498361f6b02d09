"""Help → Open log folder opens the folder the log is in; a store brought up from an older data
format is told once, in the status bar (issue 11)."""

import shutil

from PySide6.QtGui import QDesktopServices

from nsp_desktop.core import log
from nsp_desktop.core.store import DB_NAME
from tests.helpers import DATA


def test_help_menu_opens_the_log_folder(make_window, tmp_path, monkeypatch):
    asked = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: asked.append(url) or True)
    window = make_window()
    names = [a.text() for a in window.help_menu.actions()]
    assert "Open log folder" in names
    window.log_folder_action.trigger()
    expected = log.where().parent if log.where() else tmp_path / "logs"
    assert [url.toLocalFile() for url in asked] == [str(expected)]
    assert expected.is_dir()


def test_a_migrated_store_is_told_once_in_the_status_bar(make_window, tmp_path, qtbot):
    shutil.copy(DATA / "store-v1.sqlite3", tmp_path / DB_NAME)
    window = make_window()
    qtbot.waitUntil(lambda: "data format 1" in window.statusBar().currentMessage())
    message = window.statusBar().currentMessage()
    assert "brought up from data format 1" in message
    assert "copied to" in message  # where the backup of the old file is


def test_a_current_store_says_nothing(make_window, tmp_path):
    shutil.copy(DATA / "store-v1.sqlite3", tmp_path / DB_NAME)
    make_window().close()  # the migration happens, and is told, once
    window = make_window()
    assert "data format" not in window.statusBar().currentMessage()
