"""How tests/data/store-v1.sqlite3 was made: a version-1 database as NSP Desktop 0.1 left it.

Kept for the record; the committed file is the fixture, so the migration test upgrades real bytes.
Run from the repository root: python tests/data/make_store_v1.py
"""

import sqlite3
from pathlib import Path

from nsp_desktop.core.store.schema import _V1

TARGET = Path(__file__).with_name("store-v1.sqlite3")

if __name__ == "__main__":
    TARGET.unlink(missing_ok=True)
    db = sqlite3.connect(TARGET)
    db.executescript(_V1)
    db.executescript(
        """
        INSERT INTO workspaces (id, name, created_at) VALUES
            (1, 'City of Springfield', '2026-01-05T10:00:00Z'),
            (2, 'Shelby County', '2026-02-01T09:30:00Z');
        INSERT INTO ticks VALUES
            (1, 'cancel-detention-contracts', 'identify-detention-contracts', '2026-01-06T11:00:00Z'),
            (1, 'cancel-detention-contracts', 'gather-contract-data', '2026-01-07T12:00:00Z'),
            (2, 'cancel-alpr-contracts', 'identify-contracts', '2026-02-02T08:00:00Z');
        INSERT INTO notes VALUES
            (1, 'cancel-detention-contracts', 'Clerk says the IGSA renews in March.');
        PRAGMA user_version = 1;
        """
    )
    db.commit()
    db.close()
