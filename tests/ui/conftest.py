"""Fixtures for driving the real window: a fresh data folder per test and no modal dialogs."""

import pytest

from nsp_desktop.core.content import load_toolkit
from nsp_desktop.core.settings import Settings
from nsp_desktop.core.store import Store
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
    monkeypatch.setattr(dialogs_module.dialogs, "ask_text", record("ask_text"))
    monkeypatch.setattr(dialogs_module.dialogs, "choose", record("choose"))
    monkeypatch.setattr(dialogs_module.dialogs, "saved", record("saved"))
    monkeypatch.setattr(dialogs_module.dialogs, "get_folder", record("get_folder"))
    monkeypatch.setattr(
        dialogs_module.dialogs, "open_file", lambda path: shown.append(("open", path))
    )
    return shown


@pytest.fixture
def answer(monkeypatch):
    """`answer("ask_text", "City of X")`: the next such dialogs answer this, recording the question."""
    asked = []

    def set_answer(kind, value):
        def show(parent, title, text, *rest):
            asked.append((kind, title, text))
            return value

        monkeypatch.setattr(dialogs_module.dialogs, kind, show)
        return asked

    return set_answer


@pytest.fixture
def make_window(qtbot, tmp_path):
    """Opens the main window on a data folder under tmp_path, as the app would."""
    from nsp_desktop.ui.main_window import MainWindow

    def make(toolkit=TOOLKIT):
        store = Store.open(tmp_path)
        window = MainWindow(
            toolkit, Settings(tmp_path / "settings.json"), str(tmp_path), store=store
        )
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=2000)  # shortcuts need an active window
        qtbot.waitUntil(lambda: window.tracking.checklist is not None)  # built after first paint
        return window

    return make
