"""A version-3 data folder (team operations a row each) opens as version 4 (batches) and shows
exactly what version 3 showed: history, progress, members, pending changes and conflicts."""

import json
import shutil
import sqlite3

from nsp_desktop.core.store import DB_NAME, Store
from nsp_desktop.core.team import ops, tables, views
from nsp_desktop.core.team.record import record
from tests.helpers import DATA
from tests.team_support import POLICY, TOOLKIT

OTHER = "cancel-alpr-contracts"


def _open(tmp_path) -> Store:
    shutil.copy(DATA / "store-v3.sqlite3", tmp_path / DB_NAME)
    return Store.open(tmp_path)


def test_a_version_3_team_workspace_shows_the_same_after_the_move_to_batches(tmp_path):
    expected = json.loads((DATA / "store-v3.expected.json").read_text())
    with _open(tmp_path) as store:
        assert store.migrated_from == 3
        backup = sqlite3.connect(store.backup_path)
        assert backup.execute("SELECT COUNT(*) FROM team_ops").fetchone()[0] > 0
        backup.close()
        ws = store.current_workspace().id
        texts = {i.id: i.text for p in TOOLKIT.policies for i in p.items}
        for policy in (POLICY, OTHER):
            assert views.history(store, ws, policy, texts) == expected["history"][policy]
        status = views.status(store, ws)
        assert status.pending == expected["pending"] == 1
        assert [list(m) for m in expected["members"]] == [
            [m.name, m.device, m.last_seen] for m in status.members
        ]
        assert list(status.conflicts) == expected["conflicts"]
        state = store.workspace_state(TOOLKIT, ws)
        seen = [
            [p.id, p.status, p.owner, p.due, p.note,
             [[i.text if i.custom else i.id, i.done, i.retired] for i in p.items]]
            for p in state.policies
        ]  # fmt: skip
        assert seen == expected["view"]


def test_the_moved_operations_are_each_kept_once_and_the_pending_one_still_goes_out(tmp_path):
    before = sqlite3.connect(DATA / "store-v3.sqlite3")
    rows = before.execute("SELECT op_id, written, line FROM team_ops").fetchall()
    before.close()
    with _open(tmp_path) as store:
        db = store.connection
        ws = store.current_workspace().id
        assert tables.known_ids(db, ws) == {op_id for op_id, _, _ in rows}
        waiting = [line for _, text in tables.pending(db, ws) for line in text.split(b"\n")]
        assert waiting == [line.encode() for _, written, line in rows if not written]
        assert ops.decode(waiting[0]).field == "done"
        assert (
            db.execute("SELECT name FROM sqlite_master WHERE name = 'team_ops'").fetchone() is None
        )
        store.set_note(ws, OTHER, "After the move")  # recording goes on, into a new batch
        record(store, ws)
        assert views.status(store, ws).pending == 2
        assert len(tables.known_ids(db, ws)) == len(rows) + 1
