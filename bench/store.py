"""Time of a durable checklist tick: `Store.set_done` from call to return (committed and fsynced).

Usage: python bench/store.py [--ticks N] [--dir DIR]
Ticks and unticks the real toolkit's items in turn, in a store with some history behind it, and
prints p50/p95. For scale it also times the floor: one bare SQLite INSERT + COMMIT with the same
settings (WAL, synchronous=FULL) on the same disk, and prints the ratio. DIR must be on the disk a
user's data would be on (a tmpfs makes fsync free and the figures meaningless); the default is a
temporary folder inside the repository.
"""

import argparse
import itertools
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, median, percentile

sys.path.insert(0, str(ROOT))

from nsp_desktop.core.content import load_toolkit  # noqa: E402
from nsp_desktop.core.store import Store  # noqa: E402


def time_ticks(folder: Path, count: int) -> list[float]:
    toolkit = load_toolkit(ROOT / "content")
    pairs = [(p.id, i.id, i.text) for p in toolkit.policies for i in p.items]
    with Store.open(folder) as store:
        workspace = store.current_workspace().id
        for policy in toolkit.policies:  # some history: statuses, notes, undo entries
            store.set_status(workspace, policy.id, "researching", owner="Cllr. Ortiz")
            store.set_note(workspace, policy.id, "Notes on this policy. " * 40)
        times = []
        done = dict.fromkeys(pairs, False)
        for pair in itertools.islice(itertools.cycle(pairs), count):
            done[pair] = not done[pair]
            start = time.perf_counter()
            store.set_done(workspace, pair[0], pair[1], done[pair], label=pair[2])
            times.append((time.perf_counter() - start) * 1000)
    return times


def time_bare_commits(folder: Path, count: int) -> list[float]:
    db = sqlite3.connect(folder / "bare.sqlite3", isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)")
    times = []
    for n in range(count):
        start = time.perf_counter()
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO t (v) VALUES (?)", (f"row {n}",))
        db.execute("COMMIT")
        times.append((time.perf_counter() - start) * 1000)
    db.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ticks", type=int, default=500)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir or ROOT, prefix=".bench-store-") as folder:
        time_ticks(Path(folder) / "warm-up", 30)
        ticks = time_ticks(Path(folder) / "data", args.ticks)
        bare = time_bare_commits(Path(folder), args.ticks)
        print(f"store in {folder} (WAL, synchronous=FULL), {args.ticks} ticks and unticks")
    p50, p95 = median(ticks), percentile(ticks, 0.95)
    b50, b95 = median(bare), percentile(bare, 0.95)
    print(f"durable tick (Store.set_done): p50 {p50:.2f} ms, p95 {p95:.2f} ms  (target p95 <= 10)")
    print(f"bare INSERT + COMMIT (floor):  p50 {b50:.2f} ms, p95 {b95:.2f} ms")
    print(f"ratio (tick / bare commit): p50 {p50 / b50:.2f}, p95 {p95 / b95:.2f}")


if __name__ == "__main__":
    main()
