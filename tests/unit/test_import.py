"""Importing a JSON export: exact round trip, merge (newer wins) or replace, refusals touch nothing."""

import json
import sqlite3

import pytest

from nsp_desktop.core import export, importer
from nsp_desktop.core.export import Scope
from nsp_desktop.core.importer import ImportRefused
from nsp_desktop.core.store import Store
from tests.sample_progress import (
    AS_OF,
    DETENTION,
    HOSTILE,
    SCHOOLS,
    TOOLKIT,
    filled_store,
)


def exported(store, scope=None) -> str:
    state = store.workspace_state(TOOLKIT, store.current_workspace().id)
    return export.to_json(TOOLKIT, state, scope or Scope(), AS_OF)


def snapshot(store, workspace_id=None) -> list:
    """Progress and notes as a person sees them (custom item IDs are local row numbers)."""
    workspace_id = workspace_id or store.current_workspace().id
    state = store.workspace_state(TOOLKIT, workspace_id)
    return [
        (
            p.id, p.retired, p.status, p.status_changed_at, p.owner, p.due, p.note,
            p.note_updated_at,
            [(None if i.custom else i.id, i.text, i.done, i.done_at, i.custom, i.retired)
             for i in p.items],
        )
        for p in state.policies
    ]  # fmt: skip


def do_import(store, text, replace=False, workspace_id=None):
    file = importer.parse(text)
    workspace_id = workspace_id or store.current_workspace().id
    plan = importer.plan(TOOLKIT, store.workspace_state(TOOLKIT, workspace_id), file, replace)
    importer.apply(store, workspace_id, plan)
    return plan


@pytest.fixture
def source(tmp_path, monkeypatch):
    with filled_store(tmp_path / "source", monkeypatch) as store:
        yield store


@pytest.mark.parametrize("replace", [False, True])
def test_round_trip_into_a_fresh_data_folder_is_identical(source, tmp_path, replace):
    text = exported(source)
    with Store.open(tmp_path / "fresh") as fresh:
        plan = do_import(fresh, text, replace=replace)
        assert snapshot(fresh) == snapshot(source)
        assert fresh.workspace_state(TOOLKIT, 1).policy(DETENTION).note == HOSTILE
        assert "policy-from-an-old-edition" in plan.unknown_ids  # kept, shown as retired
        assert len(plan.custom_added) == 2 and len(plan.ticked) == 3
        again = do_import(fresh, text, replace=replace)  # importing twice changes nothing
        assert again.changes == [] and snapshot(fresh) == snapshot(source)


def test_merge_keeps_newer_local_changes_and_takes_newer_file_changes(
    source, tmp_path, monkeypatch
):
    text = exported(source)  # made on days 1..17 of the fixed clock
    with Store.open(tmp_path / "mine") as mine:
        w = mine.current_workspace().id
        mine.set_note(w, DETENTION, "My newer note")  # day 18 onwards: newer than the file's
        mine.set_note(w, SCHOOLS, "")
        mine.set_done(w, DETENTION, "identify-detention-contracts", True)
        mine.add_item(w, DETENTION, "brief the  COUNCIL")  # same item as the file's, by text
        plan = do_import(mine, text)
        after = mine.workspace_state(TOOLKIT, w)
    detention = after.policy(DETENTION)
    assert detention.note == "My newer note"  # ours is newer
    assert after.policy(SCHOOLS).note == "Talk to the school board first."  # ours was empty
    assert detention.status == "drafting" and detention.owner == "Cllr. Ortiz"
    done = {i.text: i.done for i in detention.items}
    assert done["brief the  COUNCIL"] is False and "Brief the council" not in done
    assert done['Ask the clerk for the IGSA, "all pages"'] is True
    assert detention.items[0].done  # our own tick stays: merge never unticks
    assert detention.items[1].done  # the file's tick came in
    assert plan.note_changes == [TOOLKIT.page(SCHOOLS).title]


def test_merge_takes_a_status_only_when_the_file_changed_it_later(source, tmp_path, monkeypatch):
    text = exported(source)  # detention status changed on an early day of the fixed clock
    with Store.open(tmp_path / "mine") as mine:
        w = mine.current_workspace().id
        mine.set_status(w, DETENTION, "adopted", owner="Mayor Lee")  # later (a real clock)
        do_import(mine, text)
        assert mine.policy_status(w, DETENTION)[0::2] == ("adopted", "Mayor Lee")
    old = json.loads(text)
    for policy in old["policies"]:
        if policy["id"] == DETENTION:
            policy["status_changed_at"] = "2999-01-01T00:00:00Z"
    with Store.open(tmp_path / "mine") as mine:
        plan = do_import(mine, json.dumps(old))
        assert mine.policy_status(w, DETENTION)[0::2] == ("drafting", "Cllr. Ortiz")
        assert any("Adopted, owner Mayor Lee → Drafting" in c for c in plan.changes)


def test_replace_makes_the_workspace_exactly_the_file(source, tmp_path):
    text = exported(source)
    with Store.open(tmp_path / "mine") as mine:
        w = mine.current_workspace().id
        mine.set_done(w, DETENTION, "identify-detention-contracts", True)
        mine.set_note(w, "safe-schools", "Mine")
        mine.add_item(w, "safe-schools", "Mine too")
        preview = importer.plan(
            TOOLKIT, mine.workspace_state(TOOLKIT, w), importer.parse(text), replace=True
        )
        assert any("Untick: Cancel federal detention contracts" in c for c in preview.changes)
        assert "Remove your own item: Develop policies" in "\n".join(preview.changes)
        importer.apply(mine, w, preview)
        assert snapshot(mine) == snapshot(source)


def test_replace_with_a_one_policy_export_touches_only_that_policy(source, tmp_path):
    text = exported(source, Scope(policy_id=DETENTION))
    with Store.open(tmp_path / "mine") as mine:
        w = mine.current_workspace().id
        mine.set_note(w, SCHOOLS, "Keep me")
        mine.set_note(w, DETENTION, "Replace me")
        do_import(mine, text, replace=True)
        assert mine.note(w, SCHOOLS) == "Keep me"
        assert mine.note(w, DETENTION) == HOSTILE


def test_import_into_a_new_workspace(source, tmp_path):
    text = exported(source)
    with Store.open(tmp_path / "mine") as mine:
        mine.set_note(1, SCHOOLS, "Untouched")
        plan = importer.plan(TOOLKIT, export_empty(), importer.parse(text), replace=False)
        made = importer.apply(mine, None, plan, new_workspace="County board")
        assert [w.name for w in mine.workspaces()] == ["My workspace", "County board"]
        assert snapshot(mine, made.id) == snapshot(source)
        assert mine.note(1, SCHOOLS) == "Untouched"


def export_empty():
    from nsp_desktop.core.progress import Workspace, WorkspaceState

    return WorkspaceState(Workspace(0, "new"), ())


def db_bytes(store) -> list:
    return list(store._db.iterdump())


@pytest.mark.parametrize(
    "text, message",
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "not an NSP Desktop JSON export"),
        ('{"format": "something-else"}', "not an NSP Desktop JSON export"),
        ('{"format": "nsp-desktop-export", "schema_version": 99, "policies": []}', "newer version"),
        (
            '{"format": "nsp-desktop-export", "schema_version": "1", "policies": []}',
            "schema_version",
        ),
        ('{"format": "nsp-desktop-export", "schema_version": 1, "policies": {}}', "damaged"),
        (
            '{"format": "nsp-desktop-export", "schema_version": 1, "policies": [{"id": "p",'
            ' "status": "conquered", "items": []}]}',
            "unknown status",
        ),
        (
            '{"format": "nsp-desktop-export", "schema_version": 1, "policies": [{"id": "p",'
            ' "items": [{"id": "i", "done": true}]}]}',
            "no done_at",
        ),
        (
            '{"format": "nsp-desktop-export", "schema_version": 1, "policies": [{"id": "p",'
            ' "items": [{"id": "i", "done": true, "done_at": "yesterday"}]}]}',
            "should be a time",
        ),
    ],
)
def test_refused_files_say_why_and_leave_the_data_untouched(source, tmp_path, text, message):
    before = db_bytes(source)
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportRefused, match=message):
        importer.read(path)
    assert db_bytes(source) == before


def test_a_file_that_is_not_text_or_not_there_is_refused(tmp_path):
    (tmp_path / "bin.json").write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ImportRefused, match="not a text file"):
        importer.read(tmp_path / "bin.json")
    with pytest.raises(ImportRefused, match="Cannot read"):
        importer.read(tmp_path / "missing.json")


def test_an_import_that_fails_halfway_changes_nothing(source, tmp_path):
    text = exported(source)
    with Store.open(tmp_path / "mine") as mine:
        mine.set_note(1, SCHOOLS, "Before")
        before = db_bytes(mine)
        plan = importer.plan(TOOLKIT, mine.workspace_state(TOOLKIT, 1), importer.parse(text), True)
        plan.customs.append((None, "breaks the NOT NULL rule", None))  # fails after the wipe
        with pytest.raises(sqlite3.IntegrityError):
            importer.apply(mine, 1, plan)
        assert db_bytes(mine) == before


def test_a_file_from_another_edition_says_so_and_keeps_what_this_edition_lacks(source, tmp_path):
    document = json.loads(exported(source))
    assert importer.edition_note(TOOLKIT, importer.parse(json.dumps(document))) is None
    document["toolkit_edition"], document["toolkit_version"] = "June 2026", "2026.06.1"
    document["policies"][0]["items"].append(
        {
            "id": "new-step-2026",
            "text": "A new step",
            "done": True,
            "done_at": "2026-06-02T10:00:00Z",
        }
    )
    file = importer.parse(json.dumps(document))
    assert "June 2026 edition" in importer.edition_note(TOOLKIT, file)
    with Store.open(tmp_path / "mine") as mine:
        plan = importer.plan(TOOLKIT, mine.workspace_state(TOOLKIT, 1), file, replace=False)
        assert "cancel-alpr-contracts/new-step-2026" in plan.unknown_ids
        importer.apply(mine, 1, plan)
        policy = mine.workspace_state(TOOLKIT, 1).policy("cancel-alpr-contracts")
        kept = next(i for i in policy.items if i.id == "new-step-2026")
        assert kept.retired and kept.done and kept.text == "A new step"
        assert policy.total == 3  # a retired item does not count towards progress
