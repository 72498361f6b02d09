"""Merging is idempotent: importing the same file a second time changes nothing (hypothesis)."""

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nsp_desktop.core import export, importer
from nsp_desktop.core.store import Store
from tests.sample_progress import AS_OF, TOOLKIT

POLICIES = [p.id for p in TOOLKIT.policies[:3]]
TEXTS = ["Call the clerk", "call the clerk ", "Brief council", "x"]

op = st.one_of(
    st.tuples(st.just("tick"), st.integers(0, 2), st.integers(0, 3)),
    st.tuples(st.just("status"), st.integers(0, 2), st.sampled_from(["drafting", "adopted"])),
    st.tuples(st.just("note"), st.integers(0, 2), st.sampled_from(["", "n1", "n2 longer"])),
    st.tuples(st.just("own"), st.integers(0, 2), st.sampled_from(TEXTS)),
    st.tuples(st.just("own-tick"), st.integers(0, 2), st.integers(0, 5)),
)


def build(folder: Path, ops) -> Store:
    store = Store.open(folder)
    w = store.current_workspace().id
    for kind, p, arg in ops:
        policy = TOOLKIT.page(POLICIES[p])
        if kind == "tick" and arg < len(policy.items):
            store.set_done(w, policy.id, policy.items[arg].id, True)
        elif kind == "status":
            store.set_status(w, policy.id, arg, owner="Ortiz")
        elif kind == "note":
            store.set_note(w, policy.id, arg)
        elif kind == "own":
            store.add_item(w, policy.id, arg)
        elif kind == "own-tick":
            own = store.custom_items(w, policy.id)
            if arg < len(own):
                store.set_done(w, policy.id, own[arg][0], True)
    return store


def exported(store: Store) -> importer.ExportFile:
    state = store.workspace_state(TOOLKIT, store.current_workspace().id)
    return importer.parse(export.to_json(TOOLKIT, state, export.Scope(), AS_OF))


def merge(store: Store, file, replace=False) -> importer.Plan:
    w = store.current_workspace().id
    plan = importer.plan(TOOLKIT, store.workspace_state(TOOLKIT, w), file, replace=replace)
    importer.apply(store, w, plan)
    return plan


def rows(store: Store) -> list[str]:
    return [line for line in store._db.iterdump() if "undo_log" not in line]


def seen(store: Store) -> list:
    """What a person sees (a replace writes own items afresh, so their row IDs may change)."""
    state = store.workspace_state(TOOLKIT, store.current_workspace().id)
    return [
        (p.id, p.status, p.owner, p.note, [(i.text, i.done, i.done_at) for i in p.items])
        for p in state.policies
    ]


FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.lists(op, max_size=12))
def test_importing_your_own_export_changes_nothing(ops):
    with tempfile.TemporaryDirectory() as folder, build(Path(folder), ops) as store:
        before = rows(store)
        plan = merge(store, exported(store))
        assert plan.changes == [] and rows(store) == before


@FAST
@given(st.lists(op, max_size=10), st.lists(op, max_size=10), st.booleans())
def test_a_second_import_of_the_same_file_changes_nothing(mine, theirs, replace):
    with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
        with build(Path(a), theirs) as source:
            file = exported(source)
        with build(Path(b), mine) as store:
            merge(store, file, replace)
            after_first = seen(store) if replace else rows(store)
            again = merge(store, file, replace)
            assert again.changes == []
            assert (seen(store) if replace else rows(store)) == after_first
