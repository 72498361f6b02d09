"""Team sharing figures: applying colleagues' changes, and what sharing adds to a tick.

Usage: python bench/team.py [--runs N] [--devices D] [--ops N] [--ticks N] [--dir DIR]
1. Apply: D devices (default 10) have each written N operations (default 10,000) in files of 1,000
   (ticks and unticks of the real toolkit's items, statuses, owners, due dates, notes, own items);
   a fresh laptop of the team runs `team sync` over all of them (read, check, merge, write into the
   store, one transaction). Target: <= 1 s. Prints the median of --runs runs.
2. Tick: `Store.set_done` timed as bench/store.py times it, interleaved in three stores: without
   the team triggers (today's store), with them in an unshared and in a shared workspace (the
   trigger records the change either way). Target: p95 within 1.25x of today's. Medians of the
   runs' p50/p95. `--only apply|ticks` runs one part.
DIR must be on the disk a user's data would be on (a tmpfs makes fsync free); default: a temporary
folder inside the repository.
"""

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, median, percentile

sys.path.insert(0, str(ROOT))

from nsp_desktop.core.content import load_toolkit  # noqa: E402
from nsp_desktop.core.store import Store  # noqa: E402
from nsp_desktop.core.team import clock, ops  # noqa: E402
from nsp_desktop.core.team import sync as team_sync  # noqa: E402

TOOLKIT = load_toolkit(ROOT / "content")
START = 1_790_000_000_000


def write_devices(folder: Path, devices: int, count: int, seed: int) -> None:
    """Files of `devices` colleagues, `count` operations each, in files of 1,000 lines."""
    rng = random.Random(seed)
    pairs = [(p.id, i.id, i.text) for p in TOOLKIT.policies for i in p.items]
    policies = [p.id for p in TOOLKIT.policies]
    for d in range(devices):
        device = f"{d + 1:016x}"
        where = folder / "devices" / device
        where.mkdir(parents=True)
        latest, lines, notes, uids = None, [], {}, []
        for n in range(count):
            latest = clock.tick(latest, START + n * 1000 + rng.randint(-5000, 5000), device)
            roll = rng.random()
            extra: dict = {}
            if roll < 0.7:
                policy, item, label = rng.choice(pairs)
                field, value, extra = "done", rng.random() < 0.6, {"label": label}
            elif roll < 0.85:
                policy, item, field = (
                    rng.choice(policies),
                    "",
                    rng.choice(("status", "owner", "due")),
                )
                value = {"status": rng.choice(("drafting", "adopted")), "owner": f"Person {d}",
                         "due": "2027-03-01"}[field]  # fmt: skip
            elif roll < 0.95:
                policy, item, field = rng.choice(policies), "", "note"
                value = f"Note {n} by device {d}\nline two\n"
                extra = {"parents": notes.get(policy, ())}
            else:
                policy, field = rng.choice(policies), "item.text"
                uids.append(ops.CUSTOM_PREFIX + ops.new_id())
                item, value = uids[-1], f"Own item {n}"
            op = ops.Op(ops.new_id(), device, f"Person {d}", latest, field, policy, item, value,
                        **extra)  # fmt: skip
            if field == "note":
                notes[policy] = (op.op_id,)
            lines.append(ops.encode(op))
        for start in range(0, count, 1000):
            (where / f"{start // 1000 + 1:06d}.jsonl").write_text(
                "\n".join(lines[start : start + 1000]) + "\n"
            )


def time_apply(base: Path, devices: int, count: int, run: int) -> tuple[float, float, float, int]:
    """(wall and CPU seconds to sync, CPU seconds of the floor: one json.loads of the same lines,
    operations applied). CPU time is the steadier figure on a shared machine."""
    folder, data = base / f"team-{run}", base / f"data-{run}"
    with Store.open(data) as store:
        team_sync.join(store, folder, "Bench", data)
        write_devices(folder, devices, count, seed=run)
        start, cpu = time.perf_counter(), time.process_time()
        report = team_sync.sync(store, store.current_workspace().id)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    lines = [line for p in (folder / "devices").rglob("*.jsonl") for line in p.read_text().split()]
    start = time.process_time()
    json.loads("[" + ",".join(lines) + "]")
    return elapsed, cpu, time.process_time() - start, report.applied


def time_ticks(folder: Path, count: int, mode: str) -> list[float]:
    pairs = [(p.id, i.id, i.text) for p in TOOLKIT.policies for i in p.items]
    with Store.open(folder) as store:
        workspace = store.current_workspace().id
        if mode == "today":
            for (name,) in store.connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'team_%'"
            ).fetchall():
                store.connection.execute(f"DROP TRIGGER {name}")
        if mode == "shared":
            team_sync.join(store, folder.parent / f"{folder.name}-team", "Bench", folder)
        for policy in TOOLKIT.policies:
            store.set_status(workspace, policy.id, "researching", owner="Cllr. Ortiz")
            store.set_note(workspace, policy.id, "Notes on this policy. " * 40)
        done = dict.fromkeys(pairs, False)
        times = []
        for n in range(count):
            pair = pairs[n % len(pairs)]
            done[pair] = not done[pair]
            start = time.perf_counter()
            store.set_done(workspace, pair[0], pair[1], done[pair], label=pair[2])
            times.append((time.perf_counter() - start) * 1000)
    return times


def report_apply(base: Path, args: argparse.Namespace) -> None:
    applied = [time_apply(base, args.devices, args.ops, run) for run in range(args.runs)]
    wall, cpu, floor = ([a[n] for a in applied] for n in range(3))
    print(
        f"apply {args.devices} devices x {args.ops:,} operations ({applied[0][3]:,} new),"
        f" {args.runs} runs: wall median {median(wall):.3f} s (min {min(wall):.3f},"
        f" max {max(wall):.3f}); CPU median {median(cpu):.3f} s  (target <= 1 s)"
    )
    print(
        f"  floor, CPU of one json.loads of the same lines: median {median(floor):.3f} s;"
        f" apply CPU / floor {median(cpu) / median(floor):.2f}"
    )


def report_ticks(base: Path, args: argparse.Namespace) -> None:
    figures: dict[str, list[tuple[float, float]]] = {"today": [], "unshared": [], "shared": []}
    time_ticks(base / "warm-up", 30, "today")
    modes = list(figures)
    for run in range(args.runs):
        # Interleaved, and in a rotating order, so a noisy moment hits every mode alike.
        for mode in modes[run % 3 :] + modes[: run % 3]:
            times = time_ticks(base / f"{mode}-{run}", args.ticks, mode)
            figures[mode].append((median(times), percentile(times, 0.95)))
    today = figures["today"]
    t50, t95 = median([f[0] for f in today]), median([f[1] for f in today])
    print(f"durable tick, {args.ticks} per run, medians of {args.runs} runs:")
    for mode, found in figures.items():
        p50, p95 = median([f[0] for f in found]), median([f[1] for f in found])
        print(
            f"  {mode:<9} p50 {p50:6.2f} ms  p95 {p95:6.2f} ms"
            f"  ratio to today: p50 {p50 / t50:.2f}, p95 {p95 / t95:.2f}  (target p95 <= 1.25)"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--devices", type=int, default=10)
    parser.add_argument("--ops", type=int, default=10_000)
    parser.add_argument("--ticks", type=int, default=300)
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--only", choices=("apply", "ticks"), help="run one of the two parts")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir or ROOT, prefix=".bench-team-") as name:
        if args.only != "ticks":
            report_apply(Path(name), args)
        if args.only != "apply":
            report_ticks(Path(name), args)


if __name__ == "__main__":
    main()
