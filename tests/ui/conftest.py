"""Fixtures for driving the real window: a fresh data folder per test and no modal dialogs."""

import pytest

from nsp_desktop.content import load_toolkit
from nsp_desktop.settings import Settings
from nsp_desktop.ui import dialogs as dialogs_module
from tests.helpers import CONTENT

TOOLKIT = load_toolkit(CONTENT)


@pytest.fixture(autouse=True)
def no_modal_dialogs(monkeypatch):
    """Records what would have been shown; a test that expects a dialog reads `shown`."""
    shown = []

    def record(kind, answer=None):
        def show(parent, title, text, *rest):
            shown.append((kind, title, text))
            return answer

        return show

    monkeypatch.setattr(dialogs_module.dialogs, "error", record("error"))
    monkeypatch.setattr(dialogs_module.dialogs, "info", record("info"))
    monkeypatch.setattr(dialogs_module.dialogs, "confirm", record("confirm", True))
    return shown


@pytest.fixture
def make_window(qtbot, tmp_path):
    """Opens the main window on a data folder under tmp_path, as the app would."""
    from nsp_desktop.ui.main_window import MainWindow

    def make():
        window = MainWindow(TOOLKIT, Settings(tmp_path / "settings.json"))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=2000)  # shortcuts need an active window
        return window

    return make
