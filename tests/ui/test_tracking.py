"""A person tracks progress: ticks items on the page, sets a status, writes notes, switches
workspace, undoes, and sees progress in the contents and the dashboard."""

from PySide6.QtCore import Qt

from nsp_desktop.core.content import load_toolkit
from nsp_desktop.core.progress import STATUSES
from nsp_desktop.core.store import DB_NAME, Store
from nsp_desktop.ui.tracking import dashboard as dash
from tests.helpers import copy_content
from tests.ui.actions import click_text

POLICY = "cancel-detention-contracts"
FIRST = "Determine whether any agencies in your locality"
SECOND = "Gather relevant data including how many detention beds"


def saved(window, policy_id=POLICY):
    """What is in the database right now, read through a second connection."""
    with Store.open(window.tracking.store.path.parent) as other:
        workspace = other.current_workspace().id
        return other.workspace_state(window.toolkit, workspace).policy(policy_id)


def box_before(window, text: str) -> str:
    """The box character (☐ or ☑) drawn in front of an item's text on the page."""
    page = window.reader.toPlainText()
    return page[page.index(text) - 3 : page.index(text)].strip()


def panel_checked(window) -> list[bool]:
    items = window.tracking.checklist.items
    return [items.item(n).checkState() == Qt.CheckState.Checked for n in range(items.count())]


def test_ticking_a_box_on_the_page_saves_it_and_updates_progress(qtbot, make_window):
    window = make_window()
    window.open_page(POLICY)
    priority = window.toolkit.page(POLICY).priority_id
    assert window.contents.progress_text(POLICY) == "0/3"
    before = window.contents.progress_text(priority)

    click_text(qtbot, window.reader, "☐")
    assert box_before(window, FIRST) == "☑"
    assert box_before(window, SECOND) == "☐"
    policy = saved(window)
    assert [i.done for i in policy.items] == [True, False, False]
    assert policy.items[0].done_at
    assert window.contents.progress_text(POLICY) == "1/3"
    assert window.contents.progress_text(priority) != before
    assert panel_checked(window) == [True, False, False]
    assert window.tracking.checklist.progress.value() == 1
    click_text(qtbot, window.reader, "☑")  # untick the same way
    assert [i.done for i in saved(window).items] == [False, False, False]
    assert window.contents.progress_text(POLICY) == "0/3"


def test_ticking_keeps_the_scroll_position(qtbot, make_window):
    window = make_window()
    window.resize(900, 420)
    window.open_page("end-287g-and-task-forces")
    bar = window.reader.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())
    position = bar.value()
    last_box = window.reader.toPlainText().rindex("☐")
    cursor = window.reader.textCursor()
    cursor.setPosition(last_box)
    window.reader.setTextCursor(cursor)
    point = window.reader.cursorRect(cursor).center()
    point.setX(point.x() + 4)
    qtbot.mouseClick(window.reader.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert saved(window, "end-287g-and-task-forces").done_count == 1
    assert bar.value() == position


def test_ticking_in_the_panel_ticks_the_page(qtbot, make_window):
    window = make_window()
    window.open_page(POLICY)
    window.tracking.checklist.items.item(1).setCheckState(Qt.CheckState.Checked)
    assert box_before(window, SECOND) == "☑"
    assert [i.done for i in saved(window).items] == [False, True, False]


def test_status_owner_and_due_date_are_saved(qtbot, make_window):
    window = make_window()
    window.open_page(POLICY)
    panel = window.tracking.checklist
    index = STATUSES.index("drafting")
    panel.status.setCurrentIndex(index)
    panel.status.activated.emit(index)
    panel.owner.setFocus()
    qtbot.keyClicks(panel.owner, "Cllr. Ortiz")
    qtbot.keyClick(panel.owner, Qt.Key.Key_Return)
    panel.due.edit.setFocus()
    panel.due.edit.setText("2027-03-01")  # ISO is understood in every locale
    qtbot.keyClick(panel.due.edit, Qt.Key.Key_Return)
    policy = saved(window)
    assert (policy.status, policy.owner, policy.due) == ("drafting", "Cllr. Ortiz", "2027-03-01")
    assert "since" in panel.status_since.text()
    panel.due.edit.clear()
    qtbot.keyClick(panel.due.edit, Qt.Key.Key_Return)
    assert saved(window).due == ""
    assert "Drafting" in window.contents.item_for(POLICY).toolTip(1)


def test_a_note_is_saved_while_typing_and_on_quit(qtbot, make_window):
    window = make_window()
    window.open_page(POLICY)
    editor = window.tracking.notes.editor
    qtbot.keyClicks(editor, "Clerk says the IGSA renews in March.")
    qtbot.waitUntil(lambda: saved(window).note == "Clerk says the IGSA renews in March.")
    qtbot.keyClicks(editor, " Call Thursday.")
    window.close()  # before the pause that would save it
    with Store.open(window.tracking.store.path.parent) as store:
        assert store.note(store.current_workspace().id, POLICY).endswith("Call Thursday.")
    again = make_window()
    again.open_page(POLICY)
    assert again.tracking.notes.editor.toPlainText().endswith("Call Thursday.")


def test_a_note_is_saved_when_the_application_quits(qtbot, make_window):
    from PySide6.QtWidgets import QApplication

    window = make_window()
    window.open_page(POLICY)
    qtbot.keyClicks(window.tracking.notes.editor, "typed just before quitting")
    QApplication.instance().aboutToQuit.emit()  # e.g. the session ends: no close event
    assert saved(window).note == "typed just before quitting"


def test_meeting_mode_hides_the_tracking_panel(qtbot, make_window):
    window = make_window()
    window.reading.set_meeting(True)
    assert not window.tracking.side.isVisible()
    window.reading.set_meeting(False)
    assert window.tracking.side.isVisible()


def test_a_note_is_saved_when_moving_to_another_page(qtbot, make_window):
    window = make_window()
    window.open_page(POLICY)
    qtbot.keyClicks(window.tracking.notes.editor, "quick thought")
    with qtbot.waitSignal(window.tracking.notes_saved) as saved_signal:  # for search to re-index
        window.open_page("safe-schools")
    assert saved_signal.args[1] == POLICY
    assert window.tracking.store.notes(window.tracking.workspace_id) == {POLICY: "quick thought"}
    assert saved(window).note == "quick thought"
    assert window.tracking.notes.editor.toPlainText() == ""


def test_workspaces_keep_their_own_progress(qtbot, make_window, answer):
    window = make_window()
    window.open_page(POLICY)
    click_text(qtbot, window.reader, "☐")
    asked = answer("ask_text", "Shelby County")
    window.tracking.workspaces.new_action.trigger()
    assert asked and window.tracking.state().workspace.name == "Shelby County"
    assert window.tracking.workspaces.combo.currentText() == "Shelby County"
    assert box_before(window, FIRST) == "☐"
    assert window.contents.progress_text(POLICY) == "0/3"

    combo = window.tracking.workspaces.combo
    home = combo.findText("My workspace")
    combo.setCurrentIndex(home)
    combo.activated.emit(home)
    assert box_before(window, FIRST) == "☑"
    assert window.contents.progress_text(POLICY) == "1/3"

    answer("ask_text", "City of Springfield")
    window.tracking.workspaces.rename_action.trigger()
    assert window.tracking.workspaces.combo.currentText() == "City of Springfield"
    window.tracking.workspaces.delete_action.trigger()  # confirmed by the fixture
    assert [w.name for w in window.tracking.store.workspaces()] == ["Shelby County"]


def test_ctrl_z_undoes_ticks_and_statuses(qtbot, make_window):
    window = make_window()
    window.open_page(POLICY)
    click_text(qtbot, window.reader, "☐")
    panel = window.tracking.checklist
    panel.status.setCurrentIndex(1)
    panel.status.activated.emit(1)
    assert saved(window).status == STATUSES[1]
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert saved(window).status == "not-started"
    assert panel.status.currentData() == "not-started"
    qtbot.keyClick(window.reader, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert box_before(window, FIRST) == "☐"
    assert saved(window).done_count == 0
    assert "Undone" in window.statusBar().currentMessage()
    assert not window.tracking.undo_action.isEnabled()


def test_own_items_can_be_added_ticked_deleted_and_undeleted(qtbot, make_window, answer):
    window = make_window()
    window.open_page(POLICY)
    panel = window.tracking.checklist
    answer("ask_text", "Brief the council")
    panel.add_button.click()
    assert panel.items.item(3).text() == "Brief the council"
    assert window.contents.progress_text(POLICY) == "0/4"
    panel.items.item(3).setCheckState(Qt.CheckState.Checked)
    assert window.contents.progress_text(POLICY) == "1/4"
    assert window.statusBar().currentMessage().startswith("Ticked: Brief the council")
    panel.items.setCurrentRow(3)
    answer("ask_text", "Brief the full council")
    panel.edit_button.click()
    assert saved(window).items[3].text == "Brief the full council"
    panel.items.setCurrentRow(3)
    panel.delete_button.click()
    assert panel.items.count() == 3 and window.contents.progress_text(POLICY) == "0/3"
    window.tracking.undo_action.trigger()
    assert panel.items.item(3).text() == "Brief the full council"
    assert window.contents.progress_text(POLICY) == "1/4"


def test_dashboard_lists_every_policy_and_follows_changes(qtbot, make_window):
    window = make_window()
    board = window.tracking.show_dashboard()
    qtbot.addWidget(board)
    assert len(board.visible_policy_ids()) == len(window.toolkit.policies)
    assert board.cell(POLICY, dash.PROGRESS) == "0/3"
    window.open_page(POLICY)
    click_text(qtbot, window.reader, "☐")
    assert board.cell(POLICY, dash.PROGRESS) == "1/3"
    assert board.cell(POLICY, dash.CHANGED)

    board.only_checked.setChecked(True)
    shown = board.visible_policy_ids()
    assert POLICY in shown
    assert shown == [p.id for p in window.tracking.state().policies if p.preempted_friendly]
    board.only_checked.setChecked(False)
    board.status.setCurrentIndex(board.status.findData("adopted"))
    assert board.visible_policy_ids() == []
    board.status.setCurrentIndex(0)
    board.priority.setCurrentIndex(board.priority.findData("no-data"))
    assert board.visible_policy_ids() == ["cancel-alpr-contracts"]
    board.priority.setCurrentIndex(0)

    board.table.sortByColumn(dash.PROGRESS, Qt.SortOrder.DescendingOrder)
    assert board.visible_policy_ids()[0] == POLICY
    row = board.visible_policy_ids().index(POLICY)
    board.table.doubleClicked.emit(board.proxy.index(row, dash.TITLE))
    assert window.current_page_id() == POLICY


def test_delete_all_my_data_starts_afresh(qtbot, make_window, tmp_path, no_modal_dialogs):
    window = make_window()
    window.open_page(POLICY)
    click_text(qtbot, window.reader, "☐")
    (tmp_path / "settings.json").write_text("{}")
    window.tracking.delete_all_action.trigger()
    assert any(kind == "confirm" for kind, *_ in no_modal_dialogs)
    assert not (tmp_path / "settings.json").exists()
    assert saved(window).done_count == 0
    assert box_before(window, FIRST) == "☐"
    assert window.contents.progress_text(POLICY) == "0/3"


def test_a_damaged_store_is_reported_with_where_it_was_kept(
    make_window, tmp_path, no_modal_dialogs
):
    (tmp_path / DB_NAME).write_bytes(b"not a database" * 100)
    make_window()
    errors = [text for kind, _, text in no_modal_dialogs if kind == "error"]
    assert errors and f"{DB_NAME}.corrupt-" in errors[0]


def test_retired_items_are_shown_in_the_panel(qtbot, make_window, tmp_path):
    with Store.open(tmp_path) as store:
        store.set_done(store.current_workspace().id, POLICY, "gather-contract-data", True, "Old")
    content = copy_content(tmp_path)
    page = next((content / "policies").glob("*-cancel-detention-contracts.md"))
    page.write_text(page.read_text().replace("{#gather-contract-data}", "{#gather-data}"))
    window = make_window(load_toolkit(content))
    window.open_page(POLICY)
    items = window.tracking.checklist.items
    assert items.count() == 4
    assert "retired" in items.item(3).text() and items.item(3).text().startswith("Old")
    assert window.contents.progress_text(POLICY) == "0/3"


def test_changes_made_by_another_instance_show_when_the_window_is_activated(qtbot, make_window):
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    window = make_window()
    window.open_page(POLICY)
    with Store.open(window.tracking.store.path.parent) as other:  # the CLI, or a second window
        other.set_done(other.current_workspace().id, POLICY, "gather-contract-data", True)
    assert box_before(window, SECOND) == "☐"
    QApplication.sendEvent(window, QEvent(QEvent.Type.WindowActivate))
    assert box_before(window, SECOND) == "☑"
    assert window.contents.progress_text(POLICY) == "1/3"


def test_a_workspace_deleted_by_another_instance_falls_back(qtbot, make_window, answer):
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    window = make_window()
    answer("ask_text", "Shelby County")
    window.tracking.workspaces.new_action.trigger()
    with Store.open(window.tracking.store.path.parent) as other:
        other.delete_workspace(other.workspace("Shelby County").id)
    QApplication.sendEvent(window, QEvent(QEvent.Type.WindowActivate))
    assert window.tracking.state().workspace.name == "My workspace"
    assert window.tracking.workspaces.combo.currentText() == "My workspace"


def _opened_on(tmp_path, qtbot, last_page: str):
    """A window as the app opens it: the store given as a function, opened when needed."""
    import json

    from nsp_desktop.core.settings import Settings
    from nsp_desktop.ui.main_window import MainWindow
    from tests.ui.conftest import TOOLKIT

    with Store.open(tmp_path) as store:
        workspace = store.current_workspace().id
        item = TOOLKIT.page(POLICY).items[0].id
        store.set_done(workspace, POLICY, item, True)
    (tmp_path / "settings.json").write_text(json.dumps({"welcomed": True, "last_page": last_page}))
    opened = []

    def open_store():
        opened.append(True)
        return Store.open(tmp_path)

    window = MainWindow(TOOLKIT, Settings(tmp_path / "settings.json"), str(tmp_path), open_store)
    qtbot.addWidget(window)
    return window, opened


def test_a_policy_page_first_shown_has_its_ticks_from_the_store(qtbot, tmp_path):
    window, opened = _opened_on(tmp_path, qtbot, POLICY)
    assert opened == [True]  # before the window is even shown: its boxes need the store
    assert box_before(window, FIRST) == "☑" and box_before(window, SECOND) == "☐"


def test_a_page_without_ticks_opens_the_store_just_after_the_first_paint(qtbot, tmp_path):
    window, opened = _opened_on(tmp_path, qtbot, "introduction")
    assert opened == []
    window.show()
    qtbot.waitUntil(lambda: opened == [True])
    qtbot.waitUntil(lambda: window.tracking.checklist is not None)
    assert window.contents.progress_text(POLICY) == "1/3"  # progress read from it
    window.open_page(POLICY)
    assert box_before(window, FIRST) == "☑"
    window.close()
