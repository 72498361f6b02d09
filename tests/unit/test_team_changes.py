"""What the app shows of a team: who changed an item or a policy last, and a note's two versions."""

import pytest

from nsp_desktop.core.team import views
from tests.team_support import ITEM, POLICY, Laptop


@pytest.fixture
def team(tmp_path):
    ana, ben = Laptop(tmp_path, "Ana"), Laptop(tmp_path, "Ben")
    ana.join(tmp_path / "team")
    ben.join(tmp_path / "team")
    yield ana, ben
    ana.close()
    ben.close()


def test_a_colleagues_untick_is_named_with_its_mark(team):
    ana, ben = team
    ben.store.set_done(ben.workspace, POLICY, ITEM, True, "Gather")
    ben.sync()
    ben.store.set_done(ben.workspace, POLICY, ITEM, False, "Gather")
    ben.sync()
    ana.sync()
    seen = views.latest_changes(ana.store, ana.workspace)
    assert seen[(POLICY, ITEM)].who == "Ben"
    assert seen[(POLICY, ITEM)].field == "done" and seen[(POLICY, ITEM)].done is False
    assert seen[(POLICY, "")].who == "Ben"
    assert seen[(POLICY, ITEM)].when.endswith("Z")


def test_my_own_tick_shows_at_once_without_a_sync(team):
    ana, ben = team
    ben.store.set_done(ben.workspace, POLICY, ITEM, True, "Gather")
    ben.sync()
    ana.sync()
    ana.store.set_done(ana.workspace, POLICY, ITEM, False, "Gather")  # not recorded yet
    seen = views.latest_changes(ana.store, ana.workspace)
    assert (seen[(POLICY, ITEM)].who, seen[(POLICY, ITEM)].done) == ("Ana", False)


def test_an_unshared_workspace_names_no_one(tmp_path):
    solo = Laptop(tmp_path, "Solo")
    solo.store.set_done(solo.workspace, POLICY, ITEM, True, "Gather")
    assert views.latest_changes(solo.store, solo.workspace) == {}
    solo.close()


def test_a_conflicted_note_gives_both_versions_until_one_is_chosen(team):
    ana, ben = team
    ana.store.set_note(ana.workspace, POLICY, "Renews in March.")
    ana.sync()
    ben.sync()
    ana.store.set_note(ana.workspace, POLICY, "Renews in April.")
    ben.store.set_note(ben.workspace, POLICY, "Renews in May.")
    ana.sync()
    ben.sync()
    ana.sync()
    versions = views.note_versions(ana.store, ana.workspace, POLICY)
    assert sorted((v.who, v.text) for v in versions) == [
        ("Ana", "Renews in April."),
        ("Ben", "Renews in May."),
    ]
    ana.store.set_note(ana.workspace, POLICY, "Renews in May.")
    assert views.note_versions(ana.store, ana.workspace, POLICY) == ()
    assert views.conflicts(ana.store.connection, ana.workspace) == ()


def test_the_changes_version_moves_when_operations_arrive(team):
    ana, ben = team
    ana.sync()  # Ben's joining
    before = views.changes_version(ana.store)
    recorded = views.recorded_changes(ana.store, ana.workspace)
    ana.sync()
    assert views.changes_version(ana.store) == before  # nothing new
    ben.store.set_done(ben.workspace, POLICY, ITEM, True, "Gather")
    ben.sync()
    ana.sync()
    assert views.changes_version(ana.store) != before
    assert (POLICY, ITEM) not in recorded
    assert views.recorded_changes(ana.store, ana.workspace)[(POLICY, ITEM)].who == "Ben"


def test_a_note_that_only_looks_conflicted_is_not_listed(team):
    from nsp_desktop.core.team.merge import END_MARK

    ana, _ = team
    ana.store.set_note(ana.workspace, POLICY, f"pasted from elsewhere\n{END_MARK}\n")
    ana.sync()
    assert views.conflicts(ana.store.connection, ana.workspace) == ()


def test_a_colleagues_own_item_is_named_under_its_local_id(team):
    ana, ben = team
    ben.store.add_item(ben.workspace, POLICY, "Ask the sheriff")
    ben.sync()
    ana.sync()
    local = next(i.id for i in ana.state().policy(POLICY).items if i.custom)
    assert views.latest_changes(ana.store, ana.workspace)[(POLICY, local)].who == "Ben"
