"""Team syncs in the background: a watcher on the team folder, timers, one sync at a time.

A sync runs off the UI thread on a store of its own (`workers.StoreJob`): it reads the team folder,
which may be a network drive, and commits with an fsync. It runs when a file in a colleague's
folder changes (settled for 2 s: a sync tool writes in bursts), every minute, 5 s after the
person's own change, and when asked; a request while one runs makes one more run after it.
`answered(Synced)` brings what it found back to the UI thread.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from nsp_desktop.core import log
from nsp_desktop.core.store import Store, StoreError
from nsp_desktop.core.team import sync as team_sync
from nsp_desktop.core.team import tables, views
from nsp_desktop.core.team.sync import SyncReport
from nsp_desktop.core.team.tables import TeamError
from nsp_desktop.ui import workers

EXPECTED = (TeamError, StoreError, sqlite3.Error, OSError)  # each is a sentence, not a bug
Outcome = SyncReport | str  # a sync's report, or why the folder could not be synced


class Synced(NamedTuple):
    """What a sync in the worker answers."""

    outcomes: dict[int, Outcome]  # workspace ID -> its report, or why it could not be synced
    watch: list[str]  # the folders to watch for colleagues' new files
    conflicts: dict[int, tuple[str, ...]]  # workspace ID -> policies whose note is in conflict
    recorded: dict[int, tuple[int, dict]]  # workspace ID -> (changes_version, recorded_changes)


def sync_all(store: Store) -> Synced:
    """(In the worker.) Sync every shared workspace; then what the window shows of each."""
    db = store.connection
    done = Synced({}, [], {}, {})
    for link in tables.links(db):
        try:
            done.outcomes[link.workspace_id] = team_sync.sync(store, link.workspace_id)
        except EXPECTED as error:
            done.outcomes[link.workspace_id] = str(error)
        done.conflicts[link.workspace_id] = views.conflicts(db, link.workspace_id)
        version = views.changes_version(store)  # read here: a big team's costs ~0.3 s
        done.recorded[link.workspace_id] = (
            version,
            views.recorded_changes(store, link.workspace_id),
        )
        done.watch.extend(_watchable(link.folder, tables.device_id(db)))
    return done


def _watchable(folder: Path, own: str) -> list[str]:
    """The team folder, its devices folder and each colleague's (not this laptop's: its own
    writes would wake it). A folder that is gone is watched again once it is back."""
    devices = folder / "devices"
    try:
        others = [e.path for e in os.scandir(devices) if e.is_dir() and e.name != own]
    except OSError:
        others = []
    return [str(p) for p in (folder, devices) if p.is_dir()] + others


def explain(error: BaseException) -> str:
    """One sentence: the error's own for an expected one; else logged in full, and said so."""
    if isinstance(error, EXPECTED):
        text = str(error)
        return text[:1].upper() + text[1:]
    return log.unexpected(type(error), error, error.__traceback__)


def join_job(folder: str, name: str, data_dir: Path) -> Callable[[Store], team_sync.Joined]:
    """(For the worker.) Share the current workspace through `folder`, or join its team."""
    return lambda store: team_sync.join(store, folder, name, data_dir)


def leave_job(workspace_id: int) -> Callable[[Store], Path]:
    """(For the worker.) Write what is pending, if the folder is there; then stop sharing."""

    def job(store: Store) -> Path:
        try:
            team_sync.sync(store, workspace_id)
        except EXPECTED:
            pass
        return team_sync.leave(store, workspace_id)

    return job


class BackgroundSync(QObject):
    """Starts syncs in the worker when they are due; `answered` carries each result."""

    answered = Signal(object)  # a Synced, and "" or why the worker failed as a whole
    failed = Signal(str)

    SYNC_EVERY_MS = 60_000
    SETTLE_MS = 2_000  # a sync tool writes a burst of files: wait for it to settle
    PUSH_AFTER_MS = 5_000  # the person's own change goes out this soon

    def __init__(self, data_dir: Path, shared: Callable[[], bool], parent: QObject):
        """`shared()`: whether any workspace is shared (else there is nothing to sync)."""
        super().__init__(parent)
        self.data_dir = data_dir
        self.shared = shared
        self.sync_ms = 0.0  # the last sync, start to answer
        self.job: workers.StoreJob | None = None
        self._again = False
        self._stopped = False
        self._started = 0.0
        self.watcher = QFileSystemWatcher(self)
        self.settle = self._timer(self.SETTLE_MS, single=True)
        self.push = self._timer(self.PUSH_AFTER_MS, single=True)
        self.timer = self._timer(self.SYNC_EVERY_MS, single=False)
        self.watcher.directoryChanged.connect(lambda _: self.settle.start())

    def _timer(self, interval: int, single: bool) -> QTimer:
        timer = QTimer(self)
        timer.setInterval(interval)
        timer.setSingleShot(single)
        timer.timeout.connect(self.sync_now)
        return timer

    def sync_now(self) -> None:
        """Sync every shared workspace in the worker (once more after, if one is running)."""
        if self._stopped or not self.shared():
            return
        if self.job is not None:
            self._again = True
            return
        self.settle.stop()
        self.push.stop()
        job = workers.StoreJob(self.data_dir, sync_all)
        job.done.connect(self._done)
        job.failed.connect(lambda error: self._done(Synced({}, [], {}, {}), explain(error)))
        self._started = time.perf_counter()
        self.job = job
        workers.start(job)

    def _done(self, result: Synced, failure: str = "") -> None:
        self.job = None
        self.sync_ms = (time.perf_counter() - self._started) * 1000
        if self._stopped:
            return
        self.watch(result.watch)
        if failure:
            self.failed.emit(failure)
        self.answered.emit(result)
        if self._again:
            self._again = False
            self.sync_now()

    def watch(self, paths: list[str]) -> None:
        """Watch exactly these folders."""
        held = set(self.watcher.directories())
        wanted = set(paths)
        if held - wanted:
            self.watcher.removePaths(sorted(held - wanted))
        if wanted - held:
            self.watcher.addPaths(sorted(wanted - held))

    def keep_going(self, on: bool) -> None:
        """The timer runs while a workspace is shared; without one, nothing is watched either."""
        if on and not self.timer.isActive():
            self.timer.start()
        elif not on:
            self.timer.stop()
            self.watch([])

    def stop(self) -> None:
        """The window is closing: no more syncs (one running finishes; the app waits for it)."""
        self._stopped = True
        for timer in (self.timer, self.settle, self.push):
            timer.stop()
        self.watch([])
