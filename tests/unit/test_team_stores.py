"""Real stores and folders under random use: whatever a sync tool delivers when, all laptops agree."""

import random
import shutil

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nsp_desktop.core.store import ItemError
from nsp_desktop.core.team import tables
from tests.team_support import Laptop

POLICIES = {
    "cancel-detention-contracts": ("identify-detention-contracts", "gather-contract-data"),
    "cancel-alpr-contracts": ("identify-contracts",),
}


def _act(laptop: Laptop, rng: random.Random) -> None:
    store, ws = laptop.store, laptop.workspace
    policy = rng.choice(list(POLICIES))
    customs = store.custom_items(ws, policy)
    kind = rng.randrange(9)
    if kind <= 2:
        item = rng.choice(POLICIES[policy] + tuple(i for i, _ in customs))
        store.set_done(ws, policy, item, rng.random() < 0.6)
    elif kind == 3:
        store.set_status(ws, policy, rng.choice(("drafting", "adopted")), owner=rng.choice("AB"))
    elif kind == 4:
        lines = store.note(ws, policy).splitlines()
        lines.insert(rng.randrange(len(lines) + 1), f"{laptop.name} {rng.randrange(99)}")
        store.set_note(ws, policy, "\n".join(lines))
    elif kind == 5:
        store.add_item(ws, policy, f"{laptop.name}'s item {rng.randrange(99)}")
    elif kind == 6 and customs:
        item = rng.choice(customs)[0]
        try:
            rng.choice((store.delete_item, lambda w, i: store.move_item(w, i, -1)))(ws, item)
        except ItemError:
            pass
    elif kind == 7 and customs:
        store.edit_item(ws, rng.choice(customs)[0], f"edited by {laptop.name}")
    else:
        store.undo(ws)


def _deliver(source, target, rng: random.Random, everything: bool = False) -> None:
    """Copy finished files from one laptop's copy of the folder to another's, like a sync tool."""
    if source == target:
        return
    found = sorted(p for p in (source / "devices").rglob("*.jsonl"))
    chosen = found if everything else rng.sample(found, k=min(len(found), rng.randint(0, 3)))
    for path in chosen:
        relative = path.relative_to(source)
        copy = target / relative
        if copy.exists() and rng.random() < 0.3 and not everything:
            copy = copy.with_name(copy.stem + ".sync-conflict-20261202-000000-XYZ.jsonl")
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(seed=st.integers(0, 2**32), count=st.integers(2, 3), steps=st.integers(5, 30))
def test_laptops_converge_through_a_sync_tool_that_delivers_late_and_twice(
    tmp_path_factory, seed, count, steps
):
    rng = random.Random(seed)
    root = tmp_path_factory.mktemp("team")
    laptops = [Laptop(root, name) for name in ("Ana", "Ben", "Cai")[:count]]
    folders = [root / f"folder-{laptop.name}" for laptop in laptops]
    laptops[0].join(folders[0])
    for folder in folders[1:]:
        shutil.copytree(folders[0], folder)
    for laptop, folder in zip(laptops[1:], folders[1:], strict=True):
        laptop.join(folder)
    try:
        for _ in range(steps):
            n = rng.randrange(count)
            choice = rng.random()
            if choice < 0.6:
                _act(laptops[n], rng)
            elif choice < 0.8:
                laptops[n].sync()
            else:
                _deliver(folders[n], folders[rng.randrange(count)], rng)
        for laptop in laptops:
            laptop.sync()
        for source in folders:
            for target in folders:
                if source != target:
                    _deliver(source, target, rng, everything=True)
        for laptop in laptops:
            laptop.sync()
        seen = [laptop.view() for laptop in laptops]
        assert all(view == seen[0] for view in seen[1:])
        known = [tables.known_ids(laptop.store.connection, laptop.workspace) for laptop in laptops]
        assert all(ids == known[0] for ids in known[1:])  # nobody's change went missing
    finally:
        for laptop in laptops:
            laptop.close()
