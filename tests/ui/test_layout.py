"""Things that should stay where a person left them: pane widths, focus, scroll position."""

import json

from PySide6.QtWidgets import QApplication

from nsp_desktop.core import help_pages

POLICY = "robust-sanctuary-policies"


def test_welcome_names_the_keys_that_print_and_save_a_pdf(qtbot, make_window):
    window = make_window()
    window.open_page(help_pages.WELCOME)
    text = " ".join(window.reader.toPlainText().split())
    assert "print a page (Ctrl+P)" in text
    assert "save it as PDF (Ctrl+Shift+S)" in text


def test_opening_search_does_not_widen_the_contents(qtbot, make_window):
    window = make_window()
    window.start_search(None)
    qtbot.waitUntil(lambda: window.search_panel.index is not None, timeout=20000)
    qtbot.wait(20)
    before = window.splitter.sizes()
    window.focus_search()
    qtbot.keyClicks(window.search_panel.box, "detention")
    window.search_panel.run_search()
    qtbot.waitUntil(lambda: window.search_panel.results.count() > 0)
    qtbot.wait(20)
    assert window.splitter.sizes() == before


def test_a_returning_start_puts_focus_in_the_page(qtbot, make_window, tmp_path):
    (tmp_path / "settings.json").write_text(json.dumps({"welcomed": True, "last_page": POLICY}))
    window = make_window()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    assert QApplication.focusWidget() is window.reader


def test_the_scroll_position_in_a_page_comes_back(qtbot, make_window, tmp_path):
    window = make_window()
    window.open_page(POLICY)
    bar = window.reader.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum() // 2)
    middle = bar.value()
    window.open_page("safe-schools")
    window.go_back()
    assert bar.value() == middle  # back returns to where you were
    window.close()
    again = make_window()
    assert again.current_page_id() == POLICY
    qtbot.waitUntil(lambda: again.reader.verticalScrollBar().maximum() > 0)
    assert abs(again.reader.verticalScrollBar().value() - middle) <= 2  # and so does a restart
