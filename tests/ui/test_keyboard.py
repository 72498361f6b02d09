"""By keyboard alone: Tab goes round every control once, in a designed order, and leaves each."""

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QToolBar, QWidget

POLICY = "cancel-alpr-contracts"
TAB, BACKTAB = Qt.Key.Key_Tab, Qt.Key.Key_Backtab


def _tab_stops(window) -> set[QWidget]:
    """Every control showing that Tab should reach (toolbar buttons are reached by the menus,
    a field's × button by Esc or deleting)."""
    stops = set()
    for widget in window.findChildren(QWidget):
        takes_tab = widget.focusPolicy() & Qt.FocusPolicy.TabFocus == Qt.FocusPolicy.TabFocus
        if not (takes_tab and widget.isVisible() and widget.isEnabled()):
            continue
        if widget.focusProxy() is not None or isinstance(widget.parent(), (QLineEdit, QToolBar)):
            continue
        if widget.window() is window:
            stops.add(widget)
    return stops


def _walk(qtbot, start: QWidget, key=TAB, limit: int = 120) -> list[QWidget]:
    """Press `key` from `start` until focus comes back to it: the controls visited, in order,
    each stay counted once however many keys it keeps (the page moves between its links)."""
    start.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is start)
    visits = [start]
    for _ in range(limit):
        qtbot.keyClick(QApplication.focusWidget(), key)
        now = QApplication.focusWidget()
        if now is start:
            return visits
        if now is not visits[-1]:
            visits.append(now)
    raise AssertionError(f"focus never came back round; stuck at {visits[-1].accessibleName()}")


def _names(widgets) -> list[str]:
    return [w.accessibleName() or type(w).__name__ for w in widgets]


def _policy_window(qtbot, make_window):
    window = make_window()
    window.open_page(POLICY)
    qtbot.waitUntil(window.tracking.workspaces.combo.isVisible)  # shown by a queued call
    return window


def test_tab_visits_every_control_once_and_comes_back_round(qtbot, make_window):
    window = _policy_window(qtbot, make_window)
    visits = _walk(qtbot, window.search_panel.box)
    assert len(visits) == len(set(visits)), _names(visits)  # no control twice, no trap
    assert set(_names(visits)) == set(_names(_tab_stops(window)))
    panel = window.tracking.checklist
    designed = [
        window.search_panel.box,
        window.preempted_only,
        window.contents,
        window.reader,
        window.tracking.workspaces.combo,
        panel.status,
        panel.owner,
        panel.due.edit,
        panel.items,
        window.tracking.notes.editor,
    ]
    wanted = _names(designed)
    assert [name for name in _names(visits) if name in wanted] == wanted, " | ".join(_names(visits))


def test_shift_tab_goes_round_the_other_way(qtbot, make_window):
    window = _policy_window(qtbot, make_window)
    forward = _walk(qtbot, window.search_panel.box)
    backward = _walk(qtbot, window.search_panel.box, BACKTAB)
    assert backward[1:] == forward[1:][::-1]


def test_tab_leaves_the_due_date_whether_or_not_it_holds_one(qtbot, make_window):
    window = _policy_window(qtbot, make_window)
    field = window.tracking.checklist.due.edit
    for typed in ("", "3/1/2027"):
        field.setFocus()
        qtbot.waitUntil(field.hasFocus)
        field.setText(typed)
        qtbot.keyClick(field, TAB)
        assert QApplication.focusWidget() is not field


def test_notes_take_tab_as_leaving_not_as_a_tab_character(qtbot, make_window):
    window = _policy_window(qtbot, make_window)
    editor = window.tracking.notes.editor
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    qtbot.keyClick(editor, TAB)
    assert "\t" not in editor.toPlainText()
    assert QApplication.focusWidget() is not editor


def test_due_date_calendar_opens_on_today(qtbot, make_window):
    panel = _policy_window(qtbot, make_window).tracking.checklist
    panel.due.edit.setFocus()
    qtbot.keyClick(panel.due.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    calendar = panel.due.calendar
    assert calendar.isVisible()
    assert calendar.selectedDate() == QDate.currentDate()
