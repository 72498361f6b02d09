"""Track → Share with a team, in the window: refusals in a sentence, background syncing, who
changed what, conflicts resolved by a person, leaving. Two windows on two data folders share one
team folder, as two laptops would."""

import os

import pytest
from PySide6.QtCore import Qt

from nsp_desktop.core.team import views
from nsp_desktop.ui.team.controller import TeamController
from nsp_desktop.ui.tracking import dashboard as dash
from tests.ui.team_windows import (
    ITEM,
    POLICY,
    checked,
    open_window,
    quiet,
    row,
    share,
    shared,
    sync,
    tick,
)


@pytest.fixture
def two(qtbot, tmp_path, monkeypatch):
    """Ana's and Ben's windows, both in the team folder `tmp_path/team`, on the same policy."""
    quiet(monkeypatch)
    ana = open_window(qtbot, tmp_path / "ana")
    ben = open_window(qtbot, tmp_path / "ben")
    assert share(qtbot, ana, tmp_path / "team", "Ana").result()
    assert share(qtbot, ben, tmp_path / "team", "Ben").result()
    for window in (ana, ben):
        window.open_page(POLICY)
    return ana, ben


def test_sharing_refuses_the_data_folder_in_one_sentence(qtbot, tmp_path, monkeypatch):
    quiet(monkeypatch)
    window = open_window(qtbot, tmp_path / "data")
    dialog = share(qtbot, window, tmp_path / "data" / "team", "Ana")
    assert dialog.problem.isVisible() and dialog.isVisible()
    assert "inside NSP Desktop's data folder" in dialog.problem.text()
    assert dialog.problem.text().count(".") <= 2 and "Traceback" not in dialog.problem.text()
    dialog = share(qtbot, window, tmp_path, "Ana")  # the folder holding the database
    assert "holds NSP Desktop's own data folder" in dialog.problem.text()
    assert shared(window) is None


def test_sharing_refuses_a_folder_another_workspace_shares(qtbot, tmp_path, monkeypatch, answer):
    quiet(monkeypatch)
    window = open_window(qtbot, tmp_path / "data")
    assert share(qtbot, window, tmp_path / "team", "Ana").result()
    answer("ask_text", "Second")
    window.tracking.workspaces.create()
    assert window.tracking.state().workspace.name == "Second"
    dialog = share(qtbot, window, tmp_path / "team", "Ana")
    assert "is already shared through" in dialog.problem.text()
    assert shared(window) is None


def test_sharing_refuses_a_folder_that_cannot_be_made(qtbot, tmp_path, monkeypatch):
    quiet(monkeypatch)
    window = open_window(qtbot, tmp_path / "data")
    (tmp_path / "a-file").write_text("")
    dialog = share(qtbot, window, tmp_path / "a-file" / "team", "Ana")
    assert "cannot be used as a team folder" in dialog.problem.text()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_sharing_refuses_an_unwritable_folder(qtbot, tmp_path, monkeypatch):
    quiet(monkeypatch)
    window = open_window(qtbot, tmp_path / "data")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    dialog = share(qtbot, window, locked, "Ana")
    assert "cannot write to" in dialog.problem.text()


def test_the_folder_is_chosen_through_the_dialogs_helper(qtbot, tmp_path, monkeypatch, answer):
    quiet(monkeypatch)
    window = open_window(qtbot, tmp_path / "data")
    asked = answer("get_folder", str(tmp_path / "team"))
    dialog = window.team.share()
    dialog.browse.click()
    assert asked and dialog.folder.text() == str(tmp_path / "team")
    assert not dialog.share_button.isEnabled()  # no name yet
    dialog.name.setText("Ana")
    assert dialog.share_button.isEnabled()


def test_a_data_folder_inside_a_synced_folder_is_warned_about(qtbot, tmp_path, monkeypatch):
    quiet(monkeypatch)
    (tmp_path / "Nextcloud").mkdir()
    (tmp_path / "Nextcloud" / ".nextcloudsync.log").write_text("")
    window = open_window(qtbot, tmp_path / "Nextcloud" / "data")
    dialog = window.team.share()
    assert dialog.warning.isVisibleTo(dialog)
    assert "which Nextcloud syncs" in dialog.warning.text()
    quiet_window = open_window(qtbot, tmp_path / "elsewhere")
    assert not quiet_window.team.share().warning.isVisibleTo(quiet_window.team.share_dialog)


def test_a_tick_reaches_the_other_window_and_a_later_untick_wins(qtbot, two):
    ana, ben = two
    assert shared(ben).team_id == shared(ana).team_id
    tick(ana, True)
    sync(qtbot, ana)
    sync(qtbot, ben)
    qtbot.waitUntil(lambda: checked(ben))
    assert "Ana ✓" in row(ben).toolTip()
    assert ben.team.status.text().startswith("Last synced")
    tick(ben, False)  # later: wins
    sync(qtbot, ben)
    sync(qtbot, ana)
    qtbot.waitUntil(lambda: not checked(ana))
    assert "Ben ✗" in row(ana).toolTip()
    board = ana.tracking.show_dashboard()
    assert not board.table.isColumnHidden(dash.TEAM)
    assert board.cell(POLICY, dash.TEAM).startswith("Ben ")


def test_a_colleagues_change_arrives_by_itself_through_the_watcher(qtbot, two):
    ana, ben = two
    sync(qtbot, ben)  # Ben watches Ana's device folder from now on
    assert any(p.endswith("devices") for p in ben.team.background.watcher.directories())
    tick(ana, True)
    sync(qtbot, ana)  # writes a file into the team folder; Ben is not asked to sync
    qtbot.waitUntil(lambda: checked(ben), timeout=10_000)


def test_my_own_change_goes_out_soon_by_itself(qtbot, two):
    ana, ben = two
    qtbot.waitUntil(lambda: ana.team.background.job is None)
    ana.team.background.settle.setInterval(60_000)  # no colleague's file wakes Ana's window here
    ana.team.background.push.setInterval(50)
    tick(ana, True)
    assert ana.team.background.push.isActive()

    def pending() -> int:
        return views.status(ana.tracking.store, ana.tracking.workspace_id).pending

    qtbot.waitUntil(lambda: pending() == 0, timeout=10_000)
    sync(qtbot, ben)
    qtbot.waitUntil(lambda: checked(ben))


def test_concurrent_note_edits_are_listed_with_both_texts_and_resolved(qtbot, two):
    ana, ben = two
    for window, text in ((ana, "Renews in March."),):
        window.tracking.notes.editor.setPlainText(text)
        window.tracking.notes.flush()
    sync(qtbot, ana)
    sync(qtbot, ben)
    assert ben.tracking.notes.editor.toPlainText() == "Renews in March."
    ana.tracking.notes.editor.setPlainText("Renews in April.")
    ana.tracking.notes.flush()
    ben.tracking.notes.editor.setPlainText("Renews in May.")
    ben.tracking.notes.flush()
    sync(qtbot, ana)
    sync(qtbot, ben)
    sync(qtbot, ana)
    assert "1 note conflict" in ana.team.status.text()
    dialog = ana.team.show_conflicts()
    assert dialog.policies.count() == 1 and dialog.selected() == POLICY
    assert sorted((v.who, v.text) for v in dialog.shown) == [
        ("Ana", "Renews in April."),
        ("Ben", "Renews in May."),
    ]
    keep_ben = next(b for b in dialog.choices if "Ben" in b.text())
    keep_ben.click()
    assert dialog.policies.count() == 0
    assert ana.tracking.notes.editor.toPlainText() == "Renews in May."
    assert "conflict" not in ana.team.status.text()
    sync(qtbot, ana)
    sync(qtbot, ben)
    assert ben.tracking.notes.editor.toPlainText() == "Renews in May."
    assert views.conflicts(ben.tracking.store.connection, ben.tracking.workspace_id) == ()


def test_a_conflict_can_be_resolved_by_editing_the_text(qtbot, two):
    ana, ben = two
    ana.tracking.notes.editor.setPlainText("one")
    ana.tracking.notes.flush()
    sync(qtbot, ana)
    sync(qtbot, ben)
    ana.tracking.notes.editor.setPlainText("one by Ana")
    ana.tracking.notes.flush()
    ben.tracking.notes.editor.setPlainText("one by Ben")
    ben.tracking.notes.flush()
    sync(qtbot, ben)
    sync(qtbot, ana)
    dialog = ana.team.show_conflicts()
    assert (
        "one by Ana" in dialog.editor.toPlainText() and "one by Ben" in dialog.editor.toPlainText()
    )
    dialog.editor.setPlainText("one, by both")
    dialog.save_button.click()
    assert dialog.policies.count() == 0
    assert ana.tracking.notes.editor.toPlainText() == "one, by both"


def test_the_history_of_a_policy_names_who_ticked_and_unticked(qtbot, two):
    ana, ben = two
    tick(ana, True)
    sync(qtbot, ana)
    sync(qtbot, ben)
    qtbot.waitUntil(lambda: checked(ben))
    tick(ben, False)
    history = ben.team.show_history()
    lines = [history.lines.item(n).text() for n in range(history.lines.count())]
    assert "Ben ✗ “Gather relevant data" in lines[0]  # newest first
    assert any("Ana ✓ “Gather relevant data" in line for line in lines)
    assert not any("UTC" in line for line in lines)  # local times, as in the tooltips


def test_leaving_stops_sharing_and_keeps_the_progress(qtbot, two):
    ana, _ = two
    tick(ana, True)
    ana.team.leave_action.trigger()  # the confirmation answers yes
    qtbot.waitUntil(ana.team.share_action.isEnabled, timeout=10_000)
    assert shared(ana) is None and checked(ana)
    assert not ana.team.status.isVisibleTo(ana) and not ana.team.leave_action.isEnabled()
    assert (
        ana.team.background.watcher.directories() == [] and not ana.team.background.timer.isActive()
    )


def test_a_folder_that_went_away_is_said_in_the_status_bar_not_a_dialog(
    qtbot, two, tmp_path, no_modal_dialogs
):
    import shutil

    ana, _ = two
    shutil.rmtree(tmp_path / "team")
    outcomes = sync(qtbot, ana)
    assert isinstance(outcomes[ana.tracking.workspace_id], str)
    assert ana.team.status.text().startswith("Not synced")
    assert "went away" in ana.team.status.toolTip() or "team folder" in ana.team.status.toolTip()
    assert not [d for d in no_modal_dialogs if d[0] == "error"]


def test_a_name_with_markup_is_shown_as_written(qtbot, tmp_path, monkeypatch):
    quiet(monkeypatch)
    eve = open_window(qtbot, tmp_path / "eve")
    ana = open_window(qtbot, tmp_path / "ana")
    assert share(qtbot, eve, tmp_path / "team", "<b>Eve</b>").result()
    assert share(qtbot, ana, tmp_path / "team", "Ana").result()
    eve.open_page(POLICY)
    ana.open_page(POLICY)
    tick(eve, True)
    sync(qtbot, eve)
    sync(qtbot, ana)
    qtbot.waitUntil(lambda: checked(ana))
    assert "&lt;b&gt;Eve&lt;/b&gt; ✓" in row(ana).toolTip()
    assert ana.team.status.textFormat() == Qt.TextFormat.PlainText


def test_nothing_of_the_team_is_made_before_the_first_paint(qtbot, tmp_path):
    from nsp_desktop.core.settings import Settings
    from nsp_desktop.core.store import Store
    from nsp_desktop.ui.main_window import MainWindow
    from tests.ui.conftest import TOOLKIT

    store = Store.open(tmp_path)
    window = MainWindow(TOOLKIT, Settings(tmp_path / "s.json"), str(tmp_path), store=store)
    qtbot.addWidget(window)
    assert getattr(window, "team", None) is None


def test_a_window_opened_later_syncs_by_itself_and_names_who_changed(qtbot, tmp_path, monkeypatch):
    quiet(monkeypatch)
    ana = open_window(qtbot, tmp_path / "ana")
    assert share(qtbot, ana, tmp_path / "team", "Ana").result()
    ana.open_page(POLICY)
    tick(ana, True)
    sync(qtbot, ana)
    ana.close()
    monkeypatch.setattr(TeamController, "FIRST_SYNC_MS", 0)
    again = open_window(qtbot, tmp_path / "ana")  # on the policy, drawn before the team's part
    assert again.current_page_id() == POLICY
    qtbot.waitUntil(lambda: "Ana ✓" in row(again).toolTip(), timeout=10_000)
    assert again.team.status.text().startswith("Last synced")


@pytest.mark.parametrize("theme", ["light", "dark", "high-contrast"])
def test_the_team_texts_stand_out_in_every_theme(qtbot, two, theme, tmp_path):
    from nsp_desktop.core.themes import THEMES
    from tests.ui.pixels import widget_contrast

    _, ben = two
    next(a for a in ben.theme_group.actions() if a.data() == theme).trigger()
    sync(qtbot, ben)
    assert THEMES[theme] and ben.team.status.isVisible()
    assert widget_contrast(ben.team.status)[0] >= 4.5
    dialog = share(qtbot, ben, tmp_path, "Ben")  # the folder holding Ben's data: refused
    assert dialog.problem.isVisible()
    assert widget_contrast(dialog.problem)[0] >= 4.5


def test_a_tick_made_with_the_command_line_on_another_laptop_arrives(qtbot, tmp_path, monkeypatch):
    from nsp_desktop.app import main

    quiet(monkeypatch)
    ana = open_window(qtbot, tmp_path / "ana")
    assert share(qtbot, ana, tmp_path / "team", "Ana").result()
    ana.open_page(POLICY)
    sync(qtbot, ana)  # Ana's window watches the team folder from now on
    cy = ["--data-dir", str(tmp_path / "cy")]
    assert main([*cy, "team", "join", str(tmp_path / "team"), "--name", "Cy"]) == 0
    assert main([*cy, "check", POLICY, ITEM]) == 0
    assert main([*cy, "team", "sync"]) == 0
    qtbot.waitUntil(lambda: checked(ana), timeout=10_000)  # by the watcher, not asked
    assert "Cy ✓" in row(ana).toolTip()


def test_an_unexpected_error_in_a_sync_is_logged_and_said_in_one_line(
    qtbot, two, monkeypatch, caplog, no_modal_dialogs
):
    from nsp_desktop.core.team import sync as team_sync

    ana, _ = two

    def broken(store, workspace_id):
        raise RuntimeError("a bug")

    monkeypatch.setattr(team_sync, "sync", broken)
    sync(qtbot, ana)
    assert "unexpected error: RuntimeError: a bug" in ana.team.status.toolTip()
    assert "Traceback" in caplog.text and "a bug" in caplog.text
    assert not [d for d in no_modal_dialogs if d[0] == "error"]
