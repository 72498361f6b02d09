"""A person reads the toolkit: opens policies from the contents, follows links, goes back."""

import json

from PySide6.QtCore import Qt

from tests.ui.actions import click_contents, click_text


def page_text(window) -> str:
    return window.reader.toPlainText()


def test_first_run_welcomes_then_reopens_where_left(qtbot, make_window):
    window = make_window()
    assert window.windowTitle().startswith("Welcome")
    assert "Find a policy" in page_text(window) and "Track your progress" in page_text(window)
    click_text(qtbot, window.reader, "Start reading the introduction")
    assert "Local governments are the last line of defense" in page_text(window)
    window.close()
    assert make_window().windowTitle().startswith("Introduction")


def test_the_welcome_page_names_the_actions_own_keys(qtbot, make_window):
    from PySide6.QtGui import QKeySequence

    window = make_window()
    window.search_action.setShortcuts([QKeySequence("Ctrl+J")])
    window.open_page("app-welcome")
    assert "Ctrl+J" in page_text(window) and "Ctrl+K" not in page_text(window)


def test_click_a_policy_read_its_steps_and_go_back(qtbot, make_window):
    window = make_window()
    window.open_page("introduction")
    click_contents(qtbot, window, "cancel-detention-contracts")
    assert window.windowTitle() == "Cancel federal detention contracts — NSP Desktop"
    text = page_text(window)
    assert "Cancel federal detention contracts" in text
    assert "Gather relevant data including how many detention beds there are" in text
    assert "✓" in text and "hostile or heavily preempted states" in text
    assert "☐" in text  # its checklist items are shown as items

    qtbot.keyClick(window.reader, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.windowTitle().startswith("Introduction")
    qtbot.keyClick(window.reader, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.windowTitle().startswith("Cancel federal detention contracts")


def test_links_in_the_page_navigate_and_buttons_go_back(qtbot, make_window):
    window = make_window()
    window.open_page("introduction")
    click_text(qtbot, window.reader, "No Public Space for Secret Police")
    assert window.current_page_id() == "no-public-space"
    click_text(qtbot, window.reader, "Conduct inspections of ICE facilities")
    assert window.current_page_id() == "inspect-ice-facilities"
    assert "zoning and permitting violations" in page_text(window)
    window.back_action.trigger()
    window.back_action.trigger()
    assert window.current_page_id() == "introduction"
    window.back_action.trigger()
    assert not window.back_action.isEnabled()
    assert window.forward_action.isEnabled()


def test_a_companion_resource_explains_itself_instead_of_a_dead_link(qtbot, make_window):
    window = make_window()
    window.open_page("cancel-alpr-contracts")
    click_text(qtbot, window.reader, "oversight investigative questions")
    assert window.current_page_id() == "cancel-alpr-contracts"
    message = window.statusBar().currentMessage()
    assert "oversight investigative questions" in message
    assert "not part of this offline edition" in message


def test_reopens_on_the_last_page_with_the_last_size(qtbot, make_window, tmp_path):
    window = make_window()
    window.open_page("safe-schools")
    window.resize(900, 640)
    window.close()
    saved = json.loads((tmp_path / "settings.json").read_text())
    assert saved["last_page"] == "safe-schools"
    again = make_window()
    assert again.current_page_id() == "safe-schools"
    assert (again.width(), again.height()) == (900, 640)
