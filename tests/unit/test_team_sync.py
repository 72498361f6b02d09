"""Two or three laptops sharing a workspace through one folder: what one does, the others see."""

import json

import pytest

from nsp_desktop.core.team import tables, views
from nsp_desktop.core.team.tables import TeamError
from tests.team_support import ITEM, POLICY, Laptop


def test_a_tick_reaches_a_colleague_and_a_later_untick_wins(team):
    ana, ben, _ = team
    ana.store.set_done(ana.workspace, POLICY, ITEM, True, label="Gather data")
    assert ana.sync().written == 1
    report = ben.sync()
    assert (report.applied, report.colleagues) == (1, 1)
    assert ben.done()
    ben.store.set_done(ben.workspace, POLICY, ITEM, False)
    ben.sync()
    ana.sync()
    assert not ana.done() and not ben.done()
    lines = views.history(ana.store, ana.workspace, POLICY)
    assert [line.split("  ", 1)[1] for line in lines] == [
        "Ana ✓ “Gather data”",
        "Ben ✗ “Gather data”",
    ]


def test_status_owner_due_and_who_changed_them(team):
    ana, ben, _ = team
    ana.store.set_status(ana.workspace, POLICY, "drafting", owner="Cllr. Ortiz", due="2027-03-01")
    ana.sync()
    ben.sync()
    policy = ben.state().policy(POLICY)
    assert (policy.status, policy.owner, policy.due) == ("drafting", "Cllr. Ortiz", "2027-03-01")
    ben.store.set_status(ben.workspace, POLICY, owner="Ben")
    ben.sync()
    ana.sync()
    policy = ana.state().policy(POLICY)
    assert (policy.status, policy.owner) == ("drafting", "Ben")
    who = views.attribution(ana.store, ana.workspace)
    assert who[(POLICY, "")][0] == "Ben"


def test_concurrent_note_edits_keep_both_texts_until_someone_edits(team):
    ana, ben, _ = team
    ana.store.set_note(ana.workspace, POLICY, "Clerk: contract renews in March.")
    ana.sync()
    ben.sync()
    ana.store.set_note(ana.workspace, POLICY, "Clerk: contract renews in April.")
    ben.store.set_note(ben.workspace, POLICY, "Clerk: contract renews in May.")
    ana.sync()
    ben.sync()
    ana.sync()
    for laptop in (ana, ben):
        note = laptop.state().policy(POLICY).note
        assert "renews in April." in note and "renews in May." in note
        assert views.conflicts(laptop.store.connection, laptop.workspace) == (POLICY,)
    assert ana.state().policy(POLICY).note == ben.state().policy(POLICY).note
    ben.store.set_note(ben.workspace, POLICY, "Clerk: contract renews in May (checked).")
    ben.sync()
    ana.sync()
    assert ana.state().policy(POLICY).note == "Clerk: contract renews in May (checked)."
    assert views.conflicts(ana.store.connection, ana.workspace) == ()


def test_note_edits_on_different_lines_merge(team):
    ana, ben, _ = team
    ana.store.set_note(ana.workspace, POLICY, "one\ntwo\nthree")
    ana.sync()
    ben.sync()
    ana.store.set_note(ana.workspace, POLICY, "ONE\ntwo\nthree")
    ben.store.set_note(ben.workspace, POLICY, "one\ntwo\nTHREE")
    ana.sync()
    ben.sync()
    ana.sync()
    assert ana.state().policy(POLICY).note == ben.state().policy(POLICY).note == "ONE\ntwo\nTHREE"


def test_own_items_are_added_ticked_edited_moved_and_deleted_everywhere(team):
    ana, ben, _ = team
    first = ana.store.add_item(ana.workspace, POLICY, "Brief the council")
    second = ana.store.add_item(ana.workspace, POLICY, "Call the sheriff")
    ana.sync()
    ben.sync()
    customs = ben.store.custom_items(ben.workspace, POLICY)
    assert [text for _, text in customs] == ["Brief the council", "Call the sheriff"]
    ben.store.set_done(ben.workspace, POLICY, customs[1][0], True, label="Call the sheriff")
    ben.store.edit_item(ben.workspace, customs[0][0], "Brief the whole council")
    ben.sync()
    ana.sync()
    assert ana.done(POLICY, second)
    ana.store.move_item(ana.workspace, second, -1)
    ana.store.delete_item(ana.workspace, first)
    ana.sync()
    ben.sync()
    assert [t for _, t in ben.store.custom_items(ben.workspace, POLICY)] == ["Call the sheriff"]
    assert ana.view() == ben.view()


def test_undo_and_import_are_shared_too(team, tmp_path):
    ana, ben, _ = team
    ana.store.set_done(ana.workspace, POLICY, ITEM, True)
    ana.store.set_status(ana.workspace, POLICY, "adopted")
    ana.store.undo(ana.workspace)  # the status change
    ana.sync()
    ben.sync()
    assert ben.done() and ben.state().policy(POLICY).status == "not-started"
    ana.store.import_rows(ana.workspace, notes=[(POLICY, "From a file", "2026-01-01T00:00:00Z")])
    ana.sync()
    ben.sync()
    assert ben.state().policy(POLICY).note == "From a file"


def test_sharing_takes_the_progress_made_before(tmp_path):
    ana, ben = Laptop(tmp_path, "Ana"), Laptop(tmp_path, "Ben")
    ana.store.set_done(ana.workspace, POLICY, ITEM, True, at="2026-01-05T10:00:00Z")
    ana.store.add_item(ana.workspace, POLICY, "Brief the council")
    ben.store.set_note(ben.workspace, POLICY, "Ben's own notes")  # Ben's workspace has progress
    ana.join(tmp_path / "shared")
    joined = ben.join(tmp_path / "shared")
    assert joined.workspace.name == "My workspace (team)"  # Ben's own workspace is kept apart
    assert ben.done()
    assert ben.state().policy(POLICY).items[-1].text == "Brief the council"
    assert ben.state().policy(POLICY).note == ""
    assert views.history(ben.store, ben.workspace, POLICY)[0].startswith(
        "2026-01-05 10:00 UTC  Ana ✓"
    )
    ana.close()
    ben.close()


def test_three_laptops_converge_after_syncing_in_any_order(tmp_path):
    folder = tmp_path / "shared"
    laptops = [Laptop(tmp_path, n) for n in ("Ana", "Ben", "Cai")]
    for laptop in laptops:
        laptop.join(folder)
    for n, laptop in enumerate(laptops):
        laptop.store.set_done(laptop.workspace, POLICY, ITEM, n % 2 == 0)
        laptop.store.set_status(laptop.workspace, POLICY, ("drafting", "adopted", "introduced")[n])
        laptop.store.set_note(laptop.workspace, "cancel-alpr-contracts", f"note by {laptop.name}")
    for laptop in (laptops[2], laptops[0], laptops[1], laptops[2], laptops[0]):
        laptop.sync()
    views_ = {laptop.view() for laptop in laptops}
    assert len(views_) == 1
    assert laptops[0].state().policy(POLICY).status == "introduced"  # Cai's was the latest
    for laptop in laptops:
        laptop.close()


def test_refuses_a_team_folder_holding_the_data_folder_and_the_reverse(tmp_path):
    laptop = Laptop(tmp_path, "Ana")
    with pytest.raises(TeamError, match="holds NSP Desktop's own data folder"):
        laptop.join(tmp_path)
    with pytest.raises(TeamError, match="inside NSP Desktop's data folder"):
        laptop.join(laptop.data_dir / "team")
    assert not (tmp_path / "nsp-team.json").exists()
    laptop.close()


def test_warns_when_the_data_folder_is_inside_a_synced_folder(tmp_path):
    synced = tmp_path / "Sync"
    (synced / ".stfolder").mkdir(parents=True)
    laptop = Laptop(synced, "Ana")
    joined = laptop.join(tmp_path / "team")
    assert any("Syncthing" in w and str(synced) in w for w in joined.warnings)
    laptop.close()


def test_status_lists_members_pending_changes_and_conflicts(team):
    ana, ben, folder = team
    ana.store.set_done(ana.workspace, POLICY, ITEM, True)
    found = views.status(ana.store, ana.workspace)
    assert found.pending == 1
    assert {m.name for m in found.members} == {"Ana"}  # Ben joined after Ana's last sync
    ana.sync()
    found = views.status(ana.store, ana.workspace).as_json()
    assert found["pending"] == 0 and found["folder"] == str(folder)
    assert [m["name"] for m in json.loads(json.dumps(found))["members"]] == ["Ana", "Ben"]


def test_an_unshared_workspace_keeps_its_history_with_untick_times(tmp_path):
    laptop = Laptop(tmp_path, "Ana")
    laptop.store.set_done(laptop.workspace, POLICY, ITEM, True, label="Gather data")
    laptop.store.set_done(laptop.workspace, POLICY, ITEM, False)
    lines = views.history(laptop.store, laptop.workspace, POLICY)
    assert [line.split("  ", 1)[1] for line in lines] == [
        "You ✓ “Gather data”",
        "You ✗ “Gather data”",
    ]
    assert views.attribution(laptop.store, laptop.workspace) == {}  # "who" is for shared ones
    laptop.close()


def test_joining_a_team_into_a_named_workspace_with_progress_is_refused(tmp_path):
    ana, ben = Laptop(tmp_path, "Ana"), Laptop(tmp_path, "Ben")
    ana.join(tmp_path / "shared")
    ben.store.set_done(ben.workspace, POLICY, ITEM, True)
    with pytest.raises(TeamError, match="already has progress"):
        ben.join(tmp_path / "shared", workspace="My workspace")
    assert ben.done() and ben.store.connection.execute(
        "SELECT COUNT(*) FROM team_links"
    ).fetchone() == (0,)
    joined = ben.join(tmp_path / "shared", workspace="Council")
    assert joined.workspace.name == "Council" and not joined.created
    ana.close()
    ben.close()


def test_deleting_a_shared_workspace_leaves_no_team_rows_and_the_folder_as_it_was(team):
    ana, ben, folder = team
    ana.store.set_done(ana.workspace, POLICY, ITEM, True)
    ana.sync()
    before = sorted(p.name for p in folder.rglob("*"))
    ana.store.delete_workspace(ana.workspace)
    db = ana.store.connection
    for table in ("team_links", *tables.KEPT, "team_state", "team_changes", "team_files"):
        assert db.execute(f"SELECT COUNT(*) FROM {table}").fetchone() == (0,), table
    assert sorted(p.name for p in folder.rglob("*")) == before
