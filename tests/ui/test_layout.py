"""Things that should stay where a person left them: pane widths, focus, scroll position."""

import json

from PySide6.QtCore import Qt
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
    window.search.focus()
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
    fraction = middle / bar.maximum()
    window.open_page("safe-schools")
    window.go_back()
    assert bar.value() == middle  # back returns to where you were
    window.close()
    again = make_window()
    assert again.current_page_id() == POLICY
    bar = again.reader.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    qtbot.wait(50)  # laid out at its final width: kept as a fraction, as the width may differ
    assert abs(bar.value() / bar.maximum() - fraction) < 0.02  # and so does a restart


BOX_ROOM = 48  # the check box, its spacing and the margins, as drawn left of a row's text


def _cut_rows(items) -> list[str]:
    """Checklist rows too short for their text wrapped beside the box (or set to elide it)."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QFontMetrics

    if items.textElideMode() != Qt.TextElideMode.ElideNone:
        return ["rows are elided with …"]
    cut = []
    for row in range(items.count()):
        item = items.item(row)
        rect = items.visualItemRect(item)
        needed = QFontMetrics(item.font()).boundingRect(
            QRect(0, 0, rect.width() - BOX_ROOM, 100_000),
            int(Qt.TextFlag.TextWordWrap),
            item.text(),
        )
        if needed.height() + 8 > rect.height():  # 8: the row's padding, above and below
            cut.append(item.text())
    return cut


def test_checklist_rows_show_their_whole_text(qtbot, make_window):
    window = make_window()
    items = window.tracking.checklist.items
    for width in (1100, 1280, 1600):
        window.resize(width, 800)
        for size in ("medium", "largest"):
            window.reading.set_text_size(size)
            for policy in window.toolkit.policies:
                window.open_page(policy.id)
                qtbot.wait(1)
                assert _cut_rows(items) == [], (width, size, policy.id)


def test_the_checklist_has_room_and_a_handle_you_can_see(qtbot, make_window):
    window = make_window()
    window.open_page(POLICY)
    qtbot.wait(20)
    items = window.tracking.checklist.items
    notes = window.tracking.notes.editor
    assert items.height() >= notes.height()  # the list is what a person works in
    handle = window.tracking.column.handle(1)
    assert handle.height() >= 6
    image = handle.grab().toImage()
    assert len({image.pixel(x, y) for x in range(image.width()) for y in range(image.height())}) > 1


def test_the_window_fits_a_small_screen(qtbot, make_window):
    window = make_window()
    window.open_page(POLICY)
    qtbot.wait(10)
    assert window.minimumSizeHint().height() <= 600  # 1366 × 768 less a panel and a title bar
