"""Reading in a meeting, driven by keys: zoom, find, meeting mode, ✓ filter, citation, themes."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLineEdit,
    QTextEdit,
    QToolBar,
)

from nsp_desktop import __version__

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def test_zoom_keys_change_the_type_and_are_remembered(qtbot, make_window):
    window = make_window()
    start = window.reader.font().pointSizeF()
    qtbot.keyClick(window.reader, Qt.Key.Key_Plus, CTRL)
    qtbot.keyClick(window.reader, Qt.Key.Key_Plus, CTRL)
    assert window.reading.zoom() == 125
    assert window.reader.font().pointSizeF() > start * 1.2
    qtbot.keyClick(window.reader, Qt.Key.Key_Minus, CTRL)
    assert window.reading.zoom() == 110
    window.close()
    again = make_window()
    assert again.reading.zoom() == 110
    qtbot.keyClick(again.reader, Qt.Key.Key_0, CTRL)
    assert again.reading.zoom() == 100
    assert again.reader.font().pointSizeF() == start


def test_find_in_page_counts_steps_and_closes(qtbot, make_window):
    window = make_window()
    window.open_page("end-287g-and-task-forces")
    expected = window.reader.toPlainText().lower().count("agreement")
    qtbot.keyClick(window.reader, Qt.Key.Key_F, CTRL)
    assert window.reading.find_bar.isVisible()
    qtbot.keyClicks(window.reading.find_bar.field, "agreement")
    assert window.reading.find_bar.count.text() == f"1 of {expected}"
    assert len(window.reader.extraSelections()) == expected  # every match highlighted
    qtbot.keyClick(window.reading.find_bar.field, Qt.Key.Key_Return)
    assert window.reading.find_bar.count.text() == f"2 of {expected}"
    qtbot.keyClick(window.reading.find_bar.field, Qt.Key.Key_Return, SHIFT)
    assert window.reading.find_bar.count.text() == f"1 of {expected}"
    qtbot.keyClick(window.reading.find_bar.field, Qt.Key.Key_F3)
    assert window.reading.find_bar.count.text() == f"2 of {expected}"
    qtbot.keyClick(window.reading.find_bar.field, Qt.Key.Key_Escape)
    assert not window.reading.find_bar.isVisible()
    assert window.reader.extraSelections() == []


def test_find_says_when_nothing_matches(qtbot, make_window):
    window = make_window()
    window.open_page("safe-schools")
    qtbot.keyClick(window.reader, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(window.reading.find_bar.field, "zebra")
    assert window.reading.find_bar.count.text() == "No matches"


def test_meeting_mode_one_policy_at_a_time(qtbot, make_window):
    window = make_window()
    window.open_page("cancel-alpr-contracts")
    normal = window.reader.font().pointSizeF()
    qtbot.keyClick(window.reader, Qt.Key.Key_F11)
    assert window.reading.meeting and window.isFullScreen()
    assert not window.left.isVisible() and not window.menuBar().isVisible()
    assert window.reader.font().pointSizeF() > normal * 1.5
    qtbot.keyClick(window.reader, Qt.Key.Key_Right)
    assert window.current_page_id() == "robust-sanctuary-policies"  # skips the priority page
    qtbot.keyClick(window.reader, Qt.Key.Key_Right)
    assert window.current_page_id() == "end-287g-and-task-forces"
    qtbot.keyClick(window.reader, Qt.Key.Key_Left)
    assert window.current_page_id() == "robust-sanctuary-policies"
    qtbot.keyClick(window.reader, Qt.Key.Key_Escape)
    assert not window.reading.meeting and not window.isFullScreen()
    assert window.left.isVisible()
    assert window.reader.font().pointSizeF() == normal


def test_meeting_page_down_pages_within_a_policy_then_on(qtbot, make_window):
    """A presenter's clicker sends PageDown and PageUp: the rest of a long policy comes first."""
    window = make_window()
    window.open_page("robust-sanctuary-policies")
    window.reading.set_meeting(True)
    qtbot.waitUntil(lambda: window.reader.verticalScrollBar().maximum() > 0)
    bar = window.reader.verticalScrollBar()
    qtbot.keyClick(window.reader, Qt.Key.Key_PageDown)
    assert window.current_page_id() == "robust-sanctuary-policies"
    assert bar.value() > 0
    for _ in range(60):
        if window.current_page_id() != "robust-sanctuary-policies":
            break
        qtbot.keyClick(window.reader, Qt.Key.Key_PageDown)
    assert window.current_page_id() == "end-287g-and-task-forces"  # at the end, the next one
    assert window.reader.verticalScrollBar().value() == 0
    qtbot.keyClick(window.reader, Qt.Key.Key_PageUp)  # at the top: back to the previous one
    assert window.current_page_id() == "robust-sanctuary-policies"


def test_meeting_mode_says_where_you_are_and_how_to_leave(qtbot, make_window):
    window = make_window()
    window.open_page("end-287g-and-task-forces")
    window.reading.set_meeting(True)
    number = [p.id for p in window.toolkit.policies].index("end-287g-and-task-forces") + 1
    banner = window.reading.meeting_bar
    assert banner.isVisible()
    assert f"Policy {number} of {len(window.toolkit.policies)}" in banner.text()
    assert "Esc" in banner.text()
    qtbot.keyClick(window.reader, Qt.Key.Key_Right)
    assert f"Policy {number + 1} of" in banner.text()
    window.reading.set_meeting(False)
    assert not banner.isVisible()


def test_preempted_filter_shows_only_marked_policies_with_the_legend(qtbot, make_window):
    window = make_window()
    qtbot.keyClick(window.preempted_only, Qt.Key.Key_Space)
    shown = [p.id for p in window.toolkit.policies if not window.contents.item_for(p.id).isHidden()]
    assert shown == [p.id for p in window.toolkit.policies if p.preempted_friendly]
    assert window.contents.item_for("no-public-funds").isHidden()  # holds no ✓ policy
    assert window.legend.isVisible()
    assert "hostile or heavily preempted states" in window.legend.text()
    qtbot.keyClick(window.preempted_only, Qt.Key.Key_Space)
    assert not window.contents.item_for("remove-traffic-enforcement").isHidden()


def test_copy_citation(qtbot, make_window):
    window = make_window()
    window.open_page("cancel-detention-contracts")
    qtbot.keyClick(window.reader, Qt.Key.Key_C, CTRL | SHIFT)
    text = QApplication.clipboard().text()
    for part in ("No Secret Police", "December 2025", "No Collaboration with Secret Police"):
        assert part in text
    assert "“Cancel federal detention contracts”" in text


def test_recently_viewed_and_about(qtbot, make_window, no_modal_dialogs):
    window = make_window()
    for page in ("safe-schools", "cancel-alpr-contracts"):
        window.open_page(page)
    window.recent_menu.aboutToShow.emit()
    titles = [a.text() for a in window.recent_menu.actions()]
    assert titles[:2] == ["Cancel Automated License Plate Reader (ALPR) contracts", titles[1]]
    assert "Develop policies and protocols" in titles[1]
    window.about_action.trigger()  # a dialog of its own now: it can switch editions
    from nsp_desktop.ui.editions.about import AboutDialog

    text = window.findChild(AboutDialog).text.text()
    assert __version__ in text and "December 2025" in text and "Local Progress" in text
    assert "data folder" in text


def test_shortcuts_page_lists_every_shortcut(qtbot, make_window):
    window = make_window()
    qtbot.keyClick(window.reader, Qt.Key.Key_F1)
    text = window.reader.toPlainText()
    for action in window.actions():
        if action.shortcut().toString():
            assert action.text() in text, action.text()


def test_themes_switch_and_stick(qtbot, make_window):
    window = make_window()
    dark = next(a for a in window.theme_group.actions() if a.data() == "dark")
    dark.trigger()
    assert window.reader.palette().base().color().name() == "#16181c"
    window.close()
    again = make_window()
    assert again.reading.current_theme().id == "dark"


def _interactive(widget) -> bool:
    kinds = (QAbstractButton, QLineEdit, QAbstractItemView, QTextEdit, QComboBox)
    return isinstance(widget, kinds) and widget.isVisible()


def test_every_interactive_widget_has_a_name_and_keyboard_access(qtbot, make_window):
    window = make_window()
    window.reading.find_bar.open()
    window.search_panel.box.setText("detention")  # builds the filters and the results list
    window.search_panel.run_search()
    problems = []
    for widget in (
        window.findChildren(QAbstractButton)
        + window.findChildren(QLineEdit)
        + (window.findChildren(QAbstractItemView) + window.findChildren(QTextEdit))
    ):
        if not _interactive(widget):
            continue
        name = QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)
        if not name.strip():
            problems.append(f"{type(widget).__name__} without an accessible name")
        # Toolbar buttons are reached through the menus; a field's × button by Esc or deleting.
        reached_otherwise = isinstance(widget.parent(), (QToolBar, QLineEdit))
        if not reached_otherwise and not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            problems.append(f"{name or type(widget).__name__} cannot be reached with Tab")
    toolbar_actions = [a for a in window.toolbar.actions() if not a.isSeparator()]
    menu_actions = {a for menu in window.menuBar().actions() for a in menu.menu().actions()}
    problems += [
        f"{a.text()} only in the toolbar" for a in toolbar_actions if a not in menu_actions
    ]
    assert problems == []


def test_text_size_setting_scales_the_page_and_is_remembered(qtbot, make_window):
    window = make_window()
    medium = window.reader.font().pointSizeF()
    large = next(a for a in window.text_size_group.actions() if a.data() == "large")
    large.trigger()
    assert abs(window.reader.font().pointSizeF() - medium * 1.5 / 1.25) < 0.15  # CSS rounds
    qtbot.keyClick(window.reader, Qt.Key.Key_Plus, CTRL)  # zoom scales the chosen size
    assert window.reader.font().pointSizeF() > medium * 1.5 / 1.25
    window.close()
    again = make_window()
    assert again.settings.get("text_size") == "large"
    assert next(a for a in again.text_size_group.actions() if a.isChecked()).data() == "large"
