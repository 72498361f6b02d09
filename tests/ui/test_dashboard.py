"""The dashboard window closes the ways a person expects, and labels its ✓ for what it means."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from nsp_desktop.ui.tracking.dashboard import CHECK


def _open(qtbot, make_window):
    window = make_window()
    qtbot.keyClick(window.reader, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    board = window.tracking.dashboard
    qtbot.waitUntil(board.isVisible)
    return window, board


@pytest.mark.parametrize(
    "key",
    [
        (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
    ],
)
def test_esc_and_ctrl_w_close_the_dashboard(qtbot, make_window, key):
    window, board = _open(qtbot, make_window)
    qtbot.keyClick(board.table, *key)
    assert not board.isVisible()
    assert window.isVisible()


def test_the_dashboard_has_a_close_button(qtbot, make_window):
    _, board = _open(qtbot, make_window)
    assert board.close_button.isVisible() and board.close_button.text().replace("&", "") == "Close"
    qtbot.mouseClick(board.close_button, Qt.MouseButton.LeftButton)
    assert not board.isVisible()


def test_the_check_column_says_what_the_mark_means(qtbot, make_window):
    window, board = _open(qtbot, make_window)
    header = board.model.headerData(CHECK, Qt.Orientation.Horizontal)
    assert header != "✓" and "✓" in header
    legend = window.toolkit.preempted_legend
    assert legend in board.model.headerData(
        CHECK, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
    )
    marked = next(p.id for p in window.toolkit.policies if p.preempted_friendly)
    row = board.visible_policy_ids().index(marked)
    cell = board.proxy.index(row, CHECK)
    spoken = cell.data(Qt.ItemDataRole.AccessibleTextRole)
    assert spoken and "preempted" in spoken.lower()
    QApplication.processEvents()
    assert board.legend.isVisible() and legend in board.legend.text()


def test_the_contents_label_the_check_and_head_the_counts(qtbot, make_window):
    window = make_window()
    tree = window.contents
    assert window.legend.isVisible() and window.toolkit.preempted_legend in window.legend.text()
    assert not tree.isHeaderHidden()
    assert tree.headerItem().text(1) == "Done"
    marked = next(p for p in window.toolkit.policies if p.preempted_friendly)
    item = tree.item_for(marked.id)
    spoken = item.data(0, Qt.ItemDataRole.AccessibleTextRole)
    assert marked.title in spoken and "preempted" in spoken.lower()
    total = tree.progress_text(marked.id).split("/")[1]
    assert item.data(1, Qt.ItemDataRole.AccessibleTextRole) == f"0 of {total} items done"


def test_search_results_say_the_check_mark_and_the_snippet(qtbot, make_window):
    window = make_window()
    window.start_search(None)
    qtbot.waitUntil(lambda: window.search_panel.index is not None, timeout=20000)
    window.search.focus()
    qtbot.keyClicks(window.search_panel.box, "detention")
    window.search_panel.run_search()
    results = window.search_panel.results
    qtbot.waitUntil(lambda: results.count() > 0)
    spoken = [
        results.item(r).data(Qt.ItemDataRole.AccessibleTextRole) for r in range(results.count())
    ]
    hits = window.search_panel.hits
    for said, hit in zip(spoken, hits, strict=True):
        assert said.startswith(hit.title)
        assert ("preempted" in said) == hit.preempted
    assert any("detention" in said.lower().split(". ", 1)[-1] for said in spoken)
