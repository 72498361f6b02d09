"""A person searches: types in the box, sees ranked hits, opens one, finds the words marked."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication


def searchable(qtbot, make_window):
    window = make_window()
    window.start_search()
    qtbot.waitUntil(lambda: window.search_panel.index is not None, timeout=10_000)
    return window


def shown_titles(panel) -> list[str]:
    return [panel.results.item(row).data(256).title for row in range(panel.results.count())]


def highlighted(window) -> list[str]:
    return [s.cursor.selectedText().lower() for s in window.reader.extraSelections()]


def test_type_wait_press_enter_and_the_page_opens_with_the_words_marked(qtbot, make_window):
    window = searchable(qtbot, make_window)
    panel = window.search_panel
    qtbot.keyClicks(panel.box, "jail beds")
    qtbot.waitUntil(lambda: panel.results.count() > 0)
    assert shown_titles(panel)[0].startswith("End 287(g) agreements")
    assert window.contents.isHidden()  # results take the contents' place
    assert not panel.results.isHidden()
    assert "3 results" in panel.status.text()

    qtbot.keyClick(panel.box, Qt.Key.Key_Return)
    assert window.current_page_id() == "end-287g-and-task-forces"
    marks = highlighted(window)
    assert "jail beds" in marks or {"jail", "beds"} <= set(marks)
    selections = window.reader.extraSelections()
    first = QTextCursor(selections[0].cursor)
    assert window.reader.verticalScrollBar().value() > 0  # the match is far down the page
    assert window.reader.viewport().rect().intersects(window.reader.cursorRect(first))
    assert "matches marked" in window.statusBar().currentMessage()

    qtbot.keyClick(panel.box, Qt.Key.Key_Escape)  # clears the query: the contents come back
    assert panel.box.text() == ""
    assert not window.contents.isHidden()


def test_arrow_keys_choose_a_hit_and_a_scrolled_match_is_in_view(qtbot, make_window):
    window = searchable(qtbot, make_window)
    panel = window.search_panel
    qtbot.keyClicks(panel.box, "detention")
    qtbot.waitUntil(lambda: panel.results.count() >= 3)
    second = panel.results.item(1).data(256)
    qtbot.keyClick(panel.box, Qt.Key.Key_Down)
    qtbot.keyClick(panel.box, Qt.Key.Key_Down)
    qtbot.keyClick(panel.box, Qt.Key.Key_Up)
    qtbot.keyClick(panel.box, Qt.Key.Key_Enter)
    assert window.current_page_id() == second.page_id
    assert any(mark.startswith("detention") for mark in highlighted(window))


def test_navigating_away_clears_the_marks(qtbot, make_window):
    window = searchable(qtbot, make_window)
    window.search_panel.box.setText("sanctuary")
    window.search_panel.run_search()
    window.search_panel.open_current()
    assert highlighted(window)
    window.open_page("safe-schools")
    assert highlighted(window) == []


def test_the_filters_narrow_the_results(qtbot, make_window):
    window = searchable(qtbot, make_window)
    panel = window.search_panel
    panel.box.setText("enforcement")
    panel.run_search()
    everything = len(panel.hits)
    panel.check_filter.setChecked(True)
    assert 0 < len(panel.hits) < everything
    assert all(hit.preempted for hit in panel.hits)
    panel.priority_filter.setCurrentIndex(panel.priority_filter.findData("no-public-space"))
    assert panel.hits and {hit.priority_id for hit in panel.hits} == {"no-public-space"}
    assert shown_titles(panel) == [hit.title for hit in panel.hits]


def test_no_results_says_so_and_offers_did_you_mean(qtbot, make_window):
    window = searchable(qtbot, make_window)
    panel = window.search_panel
    panel.box.setText("sanctuery")
    panel.run_search()
    assert shown_titles(panel) == ["Implement robust sanctuary policies"]
    assert "sanctuary" in panel.status.text()  # "1 result for “sanctuary”"

    panel.priority_filter.setCurrentIndex(panel.priority_filter.findData("no-data"))
    assert panel.results.count() == 0 and panel.results.isHidden()
    status = panel.status.text()
    assert "No results for “sanctuery”" in status and "Did you mean" in status
    panel._status_link("clear-filters")
    assert panel.priority_filter.currentIndex() == 0
    assert panel.results.count() == 1

    panel.box.setText("sanctuery xqzvbnm")
    panel._status_link("suggest:sanctuary")
    assert panel.box.text() == "sanctuary"


def test_typing_before_the_index_is_ready_shows_results_when_it_is(qtbot, make_window):
    window = make_window()
    panel = window.search_panel
    qtbot.keyClicks(panel.box, "fusion centers")
    panel.run_search()
    assert "Preparing search" in panel.status.text()
    window.start_search()
    qtbot.waitUntil(lambda: panel.results.count() > 0, timeout=10_000)
    assert panel.hits[0].page_id == "end-287g-and-task-forces"


def test_ctrl_k_and_slash_go_to_the_search_box(qtbot, make_window):
    window = searchable(qtbot, make_window)
    panel = window.search_panel
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_Slash)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.box, timeout=2000)
    window.reader.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.reader, timeout=2000)
    qtbot.keyClick(window.reader, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.box, timeout=2000)
    qtbot.keyClick(panel.box, Qt.Key.Key_Escape)  # empty box: back to the page
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.reader, timeout=2000)


def test_the_app_builds_the_index_after_first_paint_and_caches_it(tmp_path):
    import os
    import subprocess
    import sys

    from tests.helpers import ROOT

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    command = [sys.executable, "-m", "nsp_desktop", "--data-dir", str(tmp_path)]
    for _ in range(2):  # the second start loads the cached index
        run = subprocess.run(
            [*command, "--exit-when-search-ready"],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            timeout=60,
        )
        assert run.returncode == 0, run.stderr
        assert any(line.startswith("search-ready ") for line in run.stdout.splitlines())
        assert len(list((tmp_path / "cache").glob("search-*.json"))) == 1


def test_search_from_meeting_mode_and_with_the_contents_check_filter(qtbot, make_window):
    window = searchable(qtbot, make_window)
    window.preempted_only.setChecked(True)
    window.reading.set_meeting(True)
    window.search_action.trigger()
    assert not window.reading.meeting
    qtbot.keyClicks(window.search_panel.box, "enforcement")
    qtbot.waitUntil(lambda: window.search_panel.results.count() > 0)
    assert window.search_panel.check_filter.isChecked()
    assert all(hit.preempted for hit in window.search_panel.hits)
    assert window.preempted_only.isHidden() and window.legend.isHidden()
    window.search_panel.clear()
    assert not window.preempted_only.isHidden() and not window.legend.isHidden()


def test_a_note_typed_in_the_panel_is_found_by_search_and_can_be_left_out(qtbot, make_window):
    window = searchable(qtbot, make_window)
    window.open_page("cancel-detention-contracts")
    qtbot.keyClicks(window.tracking.notes.editor, "Sheriff Okonkwo meets us Tuesday")
    window.open_page("safe-schools")  # leaving the page saves the note
    panel = window.search_panel
    qtbot.keyClicks(panel.box, "okonkwo")
    qtbot.waitUntil(lambda: panel.results.count() > 0)
    assert shown_titles(panel) == ["Cancel federal detention contracts"]
    qtbot.keyClick(panel.notes_filter, Qt.Key.Key_Space)  # untick "My notes"
    qtbot.waitUntil(lambda: panel.results.count() == 0)
    assert "No results" in panel.status.text()


def test_switching_workspace_searches_that_workspace_s_notes(qtbot, make_window):
    window = searchable(qtbot, make_window)
    tracking = window.tracking
    tracking.store.set_note(tracking.workspace_id, "safe-schools", "Okafor runs the PTA")
    other = tracking.store.create_workspace("Shelby County")
    tracking.switch_workspace(other.id)
    panel = window.search_panel
    qtbot.keyClicks(panel.box, "okafor")
    qtbot.waitUntil(lambda: "No results" in panel.status.text())
    first = tracking.store.workspace("My workspace").id
    tracking.switch_workspace(first)
    panel.run_search()
    assert shown_titles(panel)[0].startswith("Develop policies and protocols")


def test_notes_saved_in_an_earlier_session_are_searchable(qtbot, make_window):
    window = make_window()
    window.tracking.store.set_note(window.tracking.workspace_id, "safe-schools", "Okafor")
    window.start_search()
    panel = window.search_panel
    qtbot.waitUntil(lambda: panel.index is not None, timeout=10_000)
    qtbot.keyClicks(panel.box, "okafor")
    qtbot.waitUntil(lambda: panel.results.count() > 0)
    assert shown_titles(panel)[0].startswith("Develop policies and protocols")


def test_a_failing_search_says_so_and_logs_the_bug(qtbot, make_window, monkeypatch, caplog):
    """The core lets a bug through; the search box is the boundary that explains and logs it."""
    window = searchable(qtbot, make_window)
    panel = window.search_panel

    def broken(*args):
        raise RuntimeError("a bug in ranking")

    monkeypatch.setattr(panel.index, "_search", broken)
    qtbot.keyClicks(panel.box, "jail")
    qtbot.waitUntil(lambda: "failed" in panel.status.text())
    assert panel.results.count() == 0
    assert "a bug in ranking" in caplog.text


def test_nothing_found_offers_the_closest_concepts_and_one_click_searches_it(qtbot, make_window):
    window = searchable(qtbot, make_window)
    panel = window.search_panel
    panel.box.setText("pretexual")
    panel.run_search()
    assert panel.results.count() == 0
    status = panel.status.text()
    assert "No results for “pretexual”" in status
    assert 'Did you mean: <a href="suggest:traffic stops">traffic stops</a>' in status
    where = "(Remove traffic enforcement from low-level traffic offenses)"
    assert where in status  # where the topic leads
    panel._status_link("suggest:traffic stops")
    assert panel.box.text() == "traffic stops"
    assert shown_titles(panel)[0].startswith("Remove traffic enforcement")
