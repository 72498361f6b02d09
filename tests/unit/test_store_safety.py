"""Saved progress survives crashes, bad files, newer files, content updates and a second instance."""

import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from nsp_desktop.core.content import load_toolkit
from nsp_desktop.core.store import DB_NAME, SCHEMA_VERSION, Store, StoreError, StoreTooNew
from tests.helpers import CONTENT, DATA, ROOT, copy_content

TOOLKIT = load_toolkit(CONTENT)
POLICY = "cancel-detention-contracts"

WRITER = textwrap.dedent(
    """
    import sys
    from nsp_desktop.core.store import Store
    store = Store.open(sys.argv[1])
    workspace = store.current_workspace().id
    tag, count = sys.argv[2], int(sys.argv[3])
    for n in range(count):
        store.set_done(workspace, "policy-" + tag, f"item-{n}", True)
        if n % 3 == 0:
            store.set_note(workspace, "policy-" + tag, f"note {n}")
        print(n, flush=True)  # the acknowledgement: printed only after the commit returned
    """
)


def writer(data_dir, tag: str, count: int) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(data_dir), tag, str(count)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )


def test_sigkill_mid_writes_loses_no_acknowledged_write(tmp_path):
    child = writer(tmp_path, "a", 100_000)
    acked = -1
    for line in child.stdout:
        acked = int(line)
        if acked >= 150:
            break
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)
    for line in child.stdout:  # acks already written before the kill still count
        acked = int(line)
    assert child.returncode == -signal.SIGKILL
    with Store.open(tmp_path) as store:
        assert store.recovered_from is None
        assert store.integrity_ok()
        done = store.done_items(store.current_workspace().id, "policy-a")
        missing = [n for n in range(acked + 1) if f"item-{n}" not in done]
        assert missing == []
        assert store.note(store.current_workspace().id, "policy-a").startswith("note ")


def test_two_instances_writing_at_once_lose_nothing(tmp_path):
    with Store.open(tmp_path) as mine:  # this one stays open, as a running app would
        first, second = writer(tmp_path, "a", 150), writer(tmp_path, "b", 150)
        workspace = mine.current_workspace().id
        for n in range(50):
            mine.set_done(workspace, "policy-c", f"item-{n}", True)
        assert first.wait(timeout=60) == 0 and second.wait(timeout=60) == 0
        for tag, count in (("a", 150), ("b", 150), ("c", 50)):
            assert len(mine.done_items(workspace, f"policy-{tag}")) == count
        assert mine.integrity_ok()


def test_a_corrupt_database_is_moved_aside_and_a_fresh_one_started(tmp_path):
    with Store.open(tmp_path) as store:
        store.set_done(store.current_workspace().id, POLICY, "gather-contract-data", True)
    path = tmp_path / DB_NAME
    raw = bytearray(path.read_bytes())
    raw[100:4096] = b"\xde\xad" * ((4096 - 100) // 2)  # scribble over the schema page
    path.write_bytes(bytes(raw))

    with Store.open(tmp_path) as store:
        assert store.recovered_from is not None
        assert store.recovered_from.name.startswith(f"{DB_NAME}.corrupt-")
        assert store.recovered_from.read_bytes() == bytes(raw)  # kept, byte for byte
        assert store.done_items(store.current_workspace().id, POLICY) == {}
        assert store.integrity_ok()


def test_garbage_instead_of_a_database_is_moved_aside(tmp_path):
    (tmp_path / DB_NAME).write_bytes(b"this is not a database at all" * 200)
    with Store.open(tmp_path) as store:
        assert store.recovered_from.exists()
        store.set_note(store.current_workspace().id, POLICY, "fresh")


def test_a_newer_database_is_refused_and_left_untouched(tmp_path):
    with Store.open(tmp_path) as store:
        store.set_note(store.current_workspace().id, POLICY, "from the future")
    path = tmp_path / DB_NAME
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.commit()
    db.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    files = sorted(p.name for p in tmp_path.iterdir())

    with pytest.raises(StoreTooNew, match="newer version of NSP Desktop"):
        Store.open(tmp_path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == files


def test_migration_from_version_1_keeps_everything_and_backs_up_first(tmp_path):
    shutil.copy(DATA / "store-v1.sqlite3", tmp_path / DB_NAME)
    with Store.open(tmp_path) as store:
        assert store.migrated_from == 1
        backup = sqlite3.connect(store.backup_path)
        assert backup.execute("PRAGMA user_version").fetchone() == (1,)
        assert backup.execute("SELECT COUNT(*) FROM ticks").fetchone() == (3,)
        assert backup.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        backup.close()
        assert [w.name for w in store.workspaces()] == ["City of Springfield", "Shelby County"]
        city = store.workspace("City of Springfield").id
        policy = store.workspace_state(TOOLKIT, city).policy(POLICY)
        assert [i.done for i in policy.items] == [True, True, False]
        assert policy.items[0].done_at == "2026-01-06T11:00:00Z"
        assert policy.note == "Clerk says the IGSA renews in March."
        assert policy.status == "not-started"
        store.set_status(city, POLICY, "drafting")  # the new tables work
        store.add_item(city, POLICY, "new in version 2")
    with Store.open(tmp_path) as store:
        assert store.migrated_from is None and store.backup_path is None  # once only
        assert sqlite3.connect(tmp_path / DB_NAME).execute("PRAGMA user_version").fetchone() == (
            SCHEMA_VERSION,
        )


def test_content_ids_that_vanish_are_kept_and_shown_as_retired(tmp_path):
    with Store.open(tmp_path / "data") as store:
        w = store.current_workspace().id
        store.set_done(w, POLICY, "gather-contract-data", True, label="Gather relevant data")
        store.set_done(w, "safe-schools", "adopt-safe-schools-policy", True)
        store.set_status(w, "safe-schools", "adopted")
        store.set_note(w, "safe-schools", "adopted in May")

    content = copy_content(tmp_path)
    policy_file = next((content / "policies").glob("*-cancel-detention-contracts.md"))
    text = policy_file.read_text()
    text = text.replace("{#gather-contract-data}", "{#gather-detention-data}")
    policy_file.write_text(text)
    next((content / "policies").glob("*-safe-schools.md")).unlink()
    changed = load_toolkit(content)

    with Store.open(tmp_path / "data") as store:
        state = store.workspace_state(changed, store.current_workspace().id)
        policy = state.policy(POLICY)
        new = next(i for i in policy.items if i.id == "gather-detention-data")
        assert not new.done and not new.retired  # a new item appears unticked
        old = next(i for i in policy.items if i.id == "gather-contract-data")
        assert old.retired and old.done and old.text == "Gather relevant data"
        assert (policy.done_count, policy.total) == (0, 3)  # retired items do not count
        gone = state.policy("safe-schools")
        assert gone.retired and gone.status == "adopted" and gone.note == "adopted in May"
        assert gone.items[0].retired and gone.items[0].done
        assert state.policies[-1] is gone  # after the toolkit's own policies
        assert len(state.retired_items()) == 2


def test_a_locked_database_is_reported_not_moved_aside(tmp_path, monkeypatch):
    from nsp_desktop.core.store import schema as store_module

    shutil.copy(DATA / "store-v1.sqlite3", tmp_path / DB_NAME)  # rollback journal: locks block
    before = (tmp_path / DB_NAME).read_bytes()
    holder = sqlite3.connect(tmp_path / DB_NAME, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 100)
    try:
        with pytest.raises(StoreError, match="cannot be"):
            Store.open(tmp_path)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert [p.name for p in tmp_path.iterdir()] == [DB_NAME]
    assert (tmp_path / DB_NAME).read_bytes() == before
