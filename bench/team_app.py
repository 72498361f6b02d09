"""What background syncing costs the window: a sync on the UI thread against one in the worker.

Usage: python bench/team_app.py [--runs N] [--devices D] [--ops N] [--dir DIR]
Two windows (offscreen), Ana and Ben, share one team folder. Each run: Ana ticks or unticks an
item and syncs; then Ben's sync is timed three ways:
- ui: `team.sync` on the window's own store, on the UI thread (what the window would freeze for);
- worker: `TeamController.sync_now` until its answer (a store opened in the thread, the sync);
- redraw: the UI thread's part after a worker sync that brought a change (`Tracking.reload`).
Then a laptop joins a team folder holding D colleagues × N operations (defaults 10 × 1,000) and the
same is timed for that first sync. DIR must be on the disk a user's data would be on (default: a
temporary folder inside the repository). Prints medians (ms).
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, median

sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from team import write_devices  # noqa: E402

from nsp_desktop.core.content import load_toolkit  # noqa: E402
from nsp_desktop.core.settings import Settings  # noqa: E402
from nsp_desktop.core.store import Store  # noqa: E402
from nsp_desktop.core.team import sync as team_sync  # noqa: E402
from nsp_desktop.ui.main_window import MainWindow  # noqa: E402
from nsp_desktop.ui.team.controller import TeamController  # noqa: E402
from nsp_desktop.ui.team.syncing import BackgroundSync  # noqa: E402

TOOLKIT = load_toolkit(ROOT / "content")
POLICY, ITEM = "cancel-detention-contracts", "gather-contract-data"


def wait(condition, seconds: float = 30) -> None:
    end = time.perf_counter() + seconds
    while not condition():
        if time.perf_counter() > end:
            raise TimeoutError
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def window(data: Path) -> MainWindow:
    shown = MainWindow(TOOLKIT, Settings(data / "s.json"), str(data), store=Store.open(data))
    shown.show()
    wait(lambda: getattr(shown, "team", None) is not None)
    return shown


def join(shown: MainWindow, folder: Path, name: str) -> None:
    dialog = shown.team.share()
    dialog.folder.setText(str(folder))
    dialog.name.setText(name)
    dialog.share_button.click()
    wait(lambda: bool(dialog.result()))
    shown.open_page(POLICY)


class Gaps:
    """The longest wait between two turns of the event loop (a 5 ms timer) while it runs."""

    def __init__(self):
        self.longest = 0.0
        self.last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._turn)
        self.timer.start()

    def _turn(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, (now - self.last) * 1000)
        self.last = now

    def stop(self) -> None:
        self.timer.stop()


def worker_sync(shown: MainWindow) -> float:
    team = shown.team
    wait(lambda: team.background.job is None)
    answered = []
    team.synced.connect(answered.append)
    team.sync_now()
    wait(lambda: bool(answered))
    team.synced.disconnect(answered.append)
    return team.sync_ms


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--devices", type=int, default=10)
    parser.add_argument("--ops", type=int, default=1000)
    parser.add_argument("--dir", type=Path)
    args = parser.parse_args()
    TeamController.FIRST_SYNC_MS = 3_600_000  # only the syncs timed here
    for name in ("PUSH_AFTER_MS", "SETTLE_MS", "SYNC_EVERY_MS"):
        setattr(BackgroundSync, name, 3_600_000)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(dir=args.dir or ROOT) as base:
        base = Path(base)
        ana, ben = window(base / "ana"), window(base / "ben")
        join(ana, base / "team", "Ana")
        join(ben, base / "team", "Ben")
        ui, worker, redraw = [], [], []
        done = False
        for _ in range(args.runs):
            for way in ("ui", "worker"):
                done = not done
                store = ana.tracking.store
                store.set_done(ana.tracking.workspace_id, POLICY, ITEM, done, "Gather")
                worker_sync(ana)
                if way == "ui":
                    start = time.perf_counter()
                    team_sync.sync(ben.tracking.store, ben.tracking.workspace_id)
                    ui.append((time.perf_counter() - start) * 1000)
                    ben.tracking.reload()
                else:
                    worker.append(worker_sync(ben))
                    redraw.append(ben.team.redraw_ms)
        print(f"one colleague's tick, {args.runs} runs (median ms):")
        print(f"  sync on the UI thread   {median(ui):7.1f}")
        print(f"  sync in the worker      {median(worker):7.1f}  (UI thread free meanwhile)")
        print(f"  redraw after it         {median(redraw):7.1f}  (UI thread)")
        big = base / "big-team"
        with Store.open(base / "founder") as founder:
            team_sync.join(founder, big, "Founder", base / "founder")
        write_devices(big, args.devices, args.ops, seed=1)
        carl, dana = window(base / "carl"), window(base / "dana")
        gaps = Gaps()
        start = time.perf_counter()
        join(carl, big, "Carl")  # the join applies everything, in the worker
        joined = (time.perf_counter() - start) * 1000
        gaps.stop()
        start = time.perf_counter()
        team_sync.join(dana.tracking.store, big, "Dana", base / "dana")  # on the UI thread
        frozen = (time.perf_counter() - start) * 1000
        print(f"joining a team of {args.devices} colleagues x {args.ops} operations:")
        print(
            f"  in the worker            {joined:7.1f}  (longest the UI waited: {gaps.longest:.1f})"
        )
        print(f"  on the UI thread         {frozen:7.1f}  (the window frozen all along)")
        for shown in (ana, ben, carl, dana):
            shown.close()
    app.processEvents()


if __name__ == "__main__":
    main()
