"""Dates as a person meets them: typed and shown in their locale, picked from today, steady layout."""

import pytest
from PySide6.QtCore import QDate, QLocale, Qt

from nsp_desktop.core.progress import STATUSES

POLICY = "cancel-alpr-contracts"


@pytest.fixture
def locale():
    """`locale("en_US")`: the person's locale for the rest of the test."""
    before = QLocale()

    def use(name: str) -> None:
        QLocale.setDefault(QLocale(name))

    yield use
    QLocale.setDefault(before)


def _panel(make_window):
    window = make_window()
    window.open_page(POLICY)
    return window, window.tracking.checklist


def _saved_due(window) -> str:
    return window.tracking.store.workspace_state(window.toolkit, 1).policy(POLICY).due


@pytest.mark.parametrize(("name", "typed"), [("en_US", "1/15/2027"), ("en_GB", "15/01/2027")])
def test_a_date_typed_the_local_way_is_saved_and_shown_that_way(
    qtbot, make_window, locale, name, typed
):
    locale(name)
    window, panel = _panel(make_window)
    field = panel.due.edit
    field.setFocus()
    qtbot.keyClicks(field, typed)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert _saved_due(window) == "2027-01-15"
    assert field.text() == QLocale().toString(QDate(2027, 1, 15), panel.due.display_format())
    assert "2027" in field.text() and "-" not in field.text()


def test_a_date_that_is_not_one_is_said_so_and_not_saved(qtbot, make_window, locale):
    locale("en_US")
    window, panel = _panel(make_window)
    panel.due.edit.setFocus()
    qtbot.keyClicks(panel.due.edit, "next Tuesday")
    qtbot.keyClick(panel.due.edit, Qt.Key.Key_Return)
    assert _saved_due(window) == ""
    assert "Not a date" in panel.due.problem.text()


def test_choosing_from_the_calendar_by_keyboard(qtbot, make_window):
    window, panel = _panel(make_window)
    panel.due.edit.setFocus()
    qtbot.keyClick(panel.due.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    calendar = panel.due.calendar
    qtbot.keyClick(calendar.focusWidget() or calendar, Qt.Key.Key_Right)  # tomorrow
    qtbot.keyClick(calendar.focusWidget() or calendar, Qt.Key.Key_Return)
    assert not calendar.isVisible()
    assert _saved_due(window) == QDate.currentDate().addDays(1).toString("yyyy-MM-dd")


def test_clearing_the_due_date(qtbot, make_window):
    window, panel = _panel(make_window)
    panel.due.set_iso("2027-03-01")
    panel.due.edit.setFocus()
    panel.due.edit.clear()
    qtbot.keyClick(panel.due.edit, Qt.Key.Key_Return)
    assert _saved_due(window) == ""


def test_choosing_a_status_does_not_move_what_is_under_the_pointer(qtbot, make_window):
    window, panel = _panel(make_window)
    qtbot.wait(10)  # laid out, as on screen
    before = {w: w.mapTo(window, w.rect().topLeft()) for w in (panel.owner, panel.due)}
    index = STATUSES.index("researching")
    panel.status.setCurrentIndex(index)
    panel.status.activated.emit(index)
    qtbot.wait(10)
    assert "since" in panel.status_since.text()
    assert {w: w.mapTo(window, w.rect().topLeft()) for w in before} == before


def test_typing_on_the_closed_status_box_does_not_change_the_status(qtbot, make_window):
    window, panel = _panel(make_window)
    panel.status.setFocus()
    qtbot.keyClicks(panel.status, "ai")  # "Adopted", then "Introduced", by type-ahead
    state = window.tracking.store.workspace_state(window.toolkit, 1).policy(POLICY)
    assert state.status == STATUSES[0]
    assert panel.status.currentIndex() == 0


def test_times_a_person_sees_are_local_and_in_their_format(locale):
    from nsp_desktop.ui.dates import local_date

    locale("en_US")
    assert local_date("2026-11-28") == "11/28/2026"
    locale("de_DE")
    assert local_date("2026-11-28") == "28.11.2026"
    stamp = "2026-11-28T23:30:00Z"
    from PySide6.QtCore import QDateTime

    expected = QDateTime.fromString(stamp, Qt.DateFormat.ISODate).toLocalTime().date()
    assert local_date(stamp) == QLocale().toString(expected, "dd.MM.yyyy")


def test_without_a_locale_dates_read_as_iso(locale):
    from nsp_desktop.ui.dates import local_date

    locale("C")
    assert local_date("2026-11-28") == "2026-11-28"
