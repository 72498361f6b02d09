"""The store keeps ticks, statuses, custom items and notes, per workspace, and can undo them."""

import pytest

from nsp_desktop.core.content import load_toolkit
from nsp_desktop.core.store import (
    DEFAULT_WORKSPACE,
    ItemError,
    Store,
    StoreError,
    WorkspaceError,
    delete_user_files,
    user_files,
)
from tests.helpers import CONTENT

TOOLKIT = load_toolkit(CONTENT)
POLICY = "cancel-detention-contracts"
ITEMS = ("identify-detention-contracts", "gather-contract-data", "terminate-detention-contracts")


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path) as opened:
        yield opened


def ws(store) -> int:
    return store.current_workspace().id


def test_first_run_has_one_default_workspace(store):
    assert [w.name for w in store.workspaces()] == [DEFAULT_WORKSPACE]
    assert store.current_workspace().name == DEFAULT_WORKSPACE


def test_a_tick_is_kept_with_its_time_and_survives_reopening(tmp_path):
    with Store.open(tmp_path) as store:
        assert store.set_done(ws(store), POLICY, ITEMS[1], True)
        assert not store.set_done(ws(store), POLICY, ITEMS[1], True)  # idempotent
    with Store.open(tmp_path) as store:
        done = store.done_items(ws(store), POLICY)
        assert list(done) == [ITEMS[1]]
        assert done[ITEMS[1]].endswith("Z") and done[ITEMS[1]][:2] == "20"
        state = store.workspace_state(TOOLKIT, ws(store)).policy(POLICY)
        assert [i.done for i in state.items] == [False, True, False]
        assert (state.done_count, state.total) == (1, 3)
        assert store.set_done(ws(store), POLICY, ITEMS[1], False)
        assert store.done_items(ws(store), POLICY) == {}


def test_status_owner_and_due_date(store):
    w = ws(store)
    assert store.policy_status(w, POLICY) == ("not-started", None, "", "")
    store.set_status(w, POLICY, "drafting", owner="Cllr. Ortiz", due="2026-03-01")
    status, changed_at, owner, due = store.policy_status(w, POLICY)
    assert (status, owner, due) == ("drafting", "Cllr. Ortiz", "2026-03-01")
    assert changed_at is not None
    store.set_status(w, POLICY, owner="Mayor Lee")  # owner alone: status date does not move
    assert store.policy_status(w, POLICY) == ("drafting", changed_at, "Mayor Lee", "2026-03-01")
    with pytest.raises(StoreError, match="unknown status"):
        store.set_status(w, POLICY, "finished")
    policy = store.workspace_state(TOOLKIT, w).policy(POLICY)
    assert (policy.status, policy.owner, policy.due) == ("drafting", "Mayor Lee", "2026-03-01")


def test_custom_items_add_edit_reorder_delete(store):
    w = ws(store)
    first = store.add_item(w, POLICY, "Ask the sheriff for the IGSA text")
    second = store.add_item(w, POLICY, "Brief the council")
    store.edit_item(w, first, "Ask the sheriff for the full IGSA")
    store.move_item(w, second, -1)
    assert store.custom_items(w, POLICY) == [
        (second, "Brief the council"),
        (first, "Ask the sheriff for the full IGSA"),
    ]
    store.set_done(w, POLICY, first, True)
    items = store.workspace_state(TOOLKIT, w).policy(POLICY).items
    assert [i.id for i in items] == [*ITEMS, second, first]
    assert items[-1].custom and items[-1].done
    store.delete_item(w, first)
    assert store.custom_items(w, POLICY) == [(second, "Brief the council")]
    assert first not in store.done_items(w, POLICY)
    with pytest.raises(ItemError):
        store.edit_item(w, first, "gone")


def test_undo_reverses_ticks_statuses_and_item_edits_in_order(store):
    w = ws(store)
    store.set_done(w, POLICY, ITEMS[0], True)
    store.set_status(w, POLICY, "researching")
    item = store.add_item(w, POLICY, "Call the clerk")
    store.edit_item(w, item, "Call the county clerk")
    store.set_done(w, POLICY, item, True)
    store.delete_item(w, item)
    assert store.custom_items(w, POLICY) == []

    assert store.undo(w) == "delete item"
    assert store.custom_items(w, POLICY) == [(item, "Call the county clerk")]
    assert item in store.done_items(w, POLICY)  # the tick comes back with the item
    assert store.undo(w) == "tick"
    assert item not in store.done_items(w, POLICY)
    assert store.undo(w) == "edit item"
    assert store.custom_items(w, POLICY) == [(item, "Call the clerk")]
    assert store.undo(w) == "add item"
    assert store.custom_items(w, POLICY) == []
    assert store.undo(w) == "status"
    assert store.policy_status(w, POLICY)[0] == "not-started"
    assert store.undo(w) == "tick"
    assert store.done_items(w, POLICY) == {}
    assert store.undo(w) is None
    assert not store.can_undo(w)


def test_undo_is_per_workspace(store):
    home = ws(store)
    other = store.create_workspace("Shelby County").id
    store.set_done(home, POLICY, ITEMS[0], True)
    store.set_done(other, POLICY, ITEMS[1], True)
    store.undo(home)
    assert store.done_items(home, POLICY) == {}
    assert list(store.done_items(other, POLICY)) == [ITEMS[1]]


def test_notes_are_kept_per_policy_and_listed_for_search(store):
    w = ws(store)
    assert store.note(w, POLICY) == ""
    store.set_note(w, POLICY, "IGSA renews in March")
    store.set_note(w, "safe-schools", "")
    assert store.note(w, POLICY) == "IGSA renews in March"
    assert store.notes(w) == {POLICY: "IGSA renews in March"}
    policy = store.workspace_state(TOOLKIT, w).policy(POLICY)
    assert policy.note == "IGSA renews in March" and policy.note_updated_at


def test_workspaces_are_separate_and_can_be_renamed_switched_and_deleted(store):
    home = store.current_workspace()
    county = store.create_workspace("  Shelby   County ")
    assert county.name == "Shelby County"
    store.set_done(county.id, POLICY, ITEMS[0], True)
    store.set_note(county.id, POLICY, "county note")
    assert store.done_items(home.id, POLICY) == {}
    with pytest.raises(WorkspaceError, match="already exists"):
        store.create_workspace("shelby county")
    store.rename_workspace(county.id, "Shelby Co.")
    assert store.workspace("shelby co.").id == county.id
    store.set_current_workspace(county.id)
    assert store.current_workspace().name == "Shelby Co."
    store.delete_workspace(county.id)
    assert [w.name for w in store.workspaces()] == [home.name]
    assert store.current_workspace() == home
    with pytest.raises(WorkspaceError, match="no workspace called"):
        store.workspace("Shelby Co.")
    store.delete_workspace(home.id)  # the last one: a fresh default takes its place
    assert [w.name for w in store.workspaces()] == [DEFAULT_WORKSPACE]


def test_progress_per_priority_and_overall(store):
    w = ws(store)
    for item in ITEMS:
        store.set_done(w, POLICY, item, True)
    state = store.workspace_state(TOOLKIT, w)
    priority = TOOLKIT.page(POLICY).priority_id
    done, total = state.progress(priority)
    assert done == 3 and total == sum(len(p.items) for p in TOOLKIT.policies_of(priority))
    assert state.progress() == (3, sum(len(p.items) for p in TOOLKIT.policies))
    assert [p.id for p in state.policies] == [
        p.id for pr in TOOLKIT.priorities for p in TOOLKIT.policies_of(pr.id)
    ]


def test_delete_all_my_data_removes_only_the_apps_files(tmp_path):
    (tmp_path / "settings.json").write_text("{}")
    (tmp_path / "holiday-photos").mkdir()
    with Store.open(tmp_path) as store:
        store.set_done(ws(store), POLICY, ITEMS[0], True)
    assert sorted(p.name for p in user_files(tmp_path)) == [
        "nsp-desktop.sqlite3",
        "nsp-desktop.sqlite3.generation",
        "settings.json",
    ]
    delete_user_files(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["holiday-photos"]
    with Store.open(tmp_path) as store:
        assert store.done_items(ws(store), POLICY) == {}


def test_a_batch_is_one_transaction_all_or_nothing(store):
    w = ws(store)
    with store.batch():
        store.set_done(w, POLICY, ITEMS[0], True, at="2026-01-06T11:00:00Z")
        store.set_status(w, POLICY, "adopted", at="2026-02-01T09:00:00Z")
        store.set_note(w, POLICY, "imported", at="2026-02-02T09:00:00Z")
    policy = store.workspace_state(TOOLKIT, w).policy(POLICY)
    assert policy.items[0].done_at == "2026-01-06T11:00:00Z"
    assert (policy.status_changed_at, policy.note_updated_at) == (
        "2026-02-01T09:00:00Z",
        "2026-02-02T09:00:00Z",
    )
    with pytest.raises(StoreError), store.batch():
        store.set_done(w, POLICY, ITEMS[1], True)
        store.set_note(w, POLICY, "half an import")
        store.set_status(w, POLICY, "no-such-status")
    assert ITEMS[1] not in store.done_items(w, POLICY)
    assert store.note(w, POLICY) == "imported"


def test_adding_items_keeps_the_undo_log_to_its_limit(tmp_path, monkeypatch):
    from nsp_desktop.core.store import repository

    monkeypatch.setattr(repository, "UNDO_KEEP", 5)
    with Store.open(tmp_path) as store:
        w = store.current_workspace().id
        for n in range(12):
            store.add_item(w, "safe-schools", f"Item {n}")
        kept = store._db.execute("SELECT COUNT(*) FROM undo_log").fetchone()[0]
        assert kept == 5
        assert store.undo(w) == "add item"
        assert store.custom_items(w, "safe-schools")[-1][1] == "Item 10"
