"""How tests/data/store-v3.sqlite3 and store-v3.expected.json were made: a data folder of version 3
(team operations a row each), shared with a colleague, with a change not yet written to the folder.

Kept for the record; the committed files are the fixture, made by the version-3 code (commit
7fb36c8), so the migration test upgrades real bytes and compares with what that version showed.
Run from a checkout of that commit: python tests/data/make_store_v3.py
"""

import json
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from nsp_desktop.core.team import views  # noqa: E402
from tests.team_support import ITEM, POLICY, TOOLKIT, Laptop  # noqa: E402

HERE = Path(__file__).parent
OTHER = "cancel-alpr-contracts"

if __name__ == "__main__":
    root = Path(tempfile.mkdtemp())
    ana, ben = Laptop(root, "Ana"), Laptop(root, "Ben")
    ana.join(root / "team")
    ben.join(root / "team")
    ana.store.set_done(ana.workspace, POLICY, ITEM, True)
    ana.store.set_note(ana.workspace, POLICY, "First line\nSecond line\n")
    ana.store.add_item(ana.workspace, POLICY, "Ana's own item")
    ana.sync()
    ben.sync()
    ben.store.set_done(ben.workspace, POLICY, ITEM, False)
    ben.store.set_note(ben.workspace, POLICY, "First line\nBen's second line\n")
    ben.store.set_status(ben.workspace, OTHER, "drafting", owner="Ben")
    ana.store.set_note(ana.workspace, POLICY, "First line\nAna's second line\n")
    ana.sync()
    ben.sync()
    ben.store.set_done(ben.workspace, OTHER, "identify-contracts", True)  # pending: not synced
    texts = {i.id: i.text for p in TOOLKIT.policies for i in p.items}
    history = {p: views.history(ben.store, ben.workspace, p, texts) for p in (POLICY, OTHER)}
    status = views.status(ben.store, ben.workspace)  # after history, which recorded the tick
    expected = {
        "history": history,
        "view": ben.view(),
        "pending": status.pending,
        "members": [(m.name, m.device, m.last_seen) for m in status.members],
        "conflicts": list(status.conflicts),
    }
    ben.close()
    ana.close()
    shutil.copy(ben.data_dir / "nsp-desktop.sqlite3", HERE / "store-v3.sqlite3")
    (HERE / "store-v3.expected.json").write_text(json.dumps(expected, indent=1) + "\n")
    shutil.rmtree(root)
