"""Joining a team, leaving it, and syncing: apply what colleagues wrote, write what is pending.

The folder is read outside any transaction; what it held is then applied in ONE store transaction
(this device's new changes become operations first, so their clock readings come before anything
they had not seen). Only after that commit is a new file written; if writing fails, the operations
stay pending in the store and go out at the next sync. Nothing local is lost on any failure.
"""

from __future__ import annotations

import gc
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

from nsp_desktop.core.progress import Workspace
from nsp_desktop.core.store import Store, WorkspaceError, now
from nsp_desktop.core.team import clock, materialize, ops, places, tables
from nsp_desktop.core.team import folder as files
from nsp_desktop.core.team.folder import FolderError, Problem
from nsp_desktop.core.team.record import Recorder, record, snapshot
from nsp_desktop.core.team.tables import TeamError


@dataclass
class SyncReport:
    """What one sync did, and what it found worth telling."""

    workspace: str
    folder: Path
    applied: int = 0  # colleagues' operations new to this device
    colleagues: int = 0
    written: int = 0  # this device's operations written to the folder
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.level == "error" for p in self.problems)

    def summary(self) -> str:
        return (
            f"Synced “{self.workspace}” with {self.folder}: {self.applied} change(s) from"
            f" {self.colleagues} colleague(s) applied, {self.written} of yours written."
        )


@dataclass
class Joined:
    workspace: Workspace
    created: bool  # True: a new team was started in the folder
    warnings: list[str]
    report: SyncReport


def _empty(db: sqlite3.Connection, workspace_id: int) -> bool:
    return not any(
        db.execute(f"SELECT 1 FROM {t} WHERE workspace_id = ? LIMIT 1", (workspace_id,)).fetchone()
        for t in ("ticks", "policy_status", "notes", "custom_items")
    )


def join(
    store: Store, team_folder: str | Path, name: str, data_dir: Path, workspace: str | None = None
) -> Joined:
    """Share a workspace through `team_folder` (a new team), or join the team the folder holds."""
    db = store.connection
    member = " ".join(name.split())
    if not member or len(member) > 100:
        raise TeamError("give the name colleagues will see (--name), up to 100 characters.")
    where = Path(team_folder).expanduser().absolute()
    why = places.overlap(where, data_dir)
    if why:
        raise TeamError(why)
    try:
        where.mkdir(parents=True, exist_ok=True)
        marker = files.read_marker(where)
    except FolderError as error:
        raise TeamError(str(error)) from None
    except OSError as error:
        raise TeamError(f"{where} cannot be used as a team folder ({error.strerror}).") from None
    for other in tables.links(db):
        if other.folder == where or marker and other.team_id == marker["team_id"]:
            taken = store.workspaces()
            shared = next(w.name for w in taken if w.id == other.workspace_id)
            raise TeamError(f"“{shared}” is already shared through {other.folder}.")
    if marker is None:
        target = store.workspace(workspace) if workspace else store.current_workspace()
        team_id = ops.new_id()
        try:
            files.write_marker(where, team_id, target.name)
        except OSError as error:
            raise TeamError(f"cannot write to {where} ({error.strerror}).") from None
    else:
        team_id = marker["team_id"]
        target = _workspace_for(store, workspace or marker["name"], explicit=bool(workspace))
    with store.batch():
        for table in (*tables.KEPT, "team_state", "team_items", "team_files", "team_changes"):
            db.execute(f"DELETE FROM {table} WHERE workspace_id = ?", (target.id,))
        db.execute(
            "INSERT INTO team_links (workspace_id, folder, team_id, member, joined_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (target.id, str(where), team_id, member, now()),
        )
        if marker is None:
            snapshot(db, target.id)
        recorder = Recorder(db, tables.linked(db, target.id), tables.device_id(db))
        recorder.flush()  # the snapshot first: its operations keep the rows' own times
        recorder.op("member", "", recorder.device, member, clock.wall_ms())
        recorder.save()
    warnings = [w for w in (places.data_warning(data_dir),) if w]
    return Joined(target, marker is None, warnings, sync(store, target.id))


def _workspace_for(store: Store, name: str, explicit: bool) -> Workspace:
    """The workspace that takes a joined team's state: an empty one of that name, or a new one."""
    db = store.connection
    try:
        found = store.workspace(name)
    except WorkspaceError:
        return store.create_workspace(name)
    if tables.link(db, found.id) is None and _empty(db, found.id):
        return found
    if explicit:
        raise TeamError(f"the workspace “{found.name}” already has progress; name a new one.")
    taken = {w.name.casefold() for w in store.workspaces()}
    candidate, n = f"{name} (team)", 2
    while candidate.casefold() in taken:
        candidate, n = f"{name} (team {n})", n + 1
    return store.create_workspace(candidate)


def leave(store: Store, workspace_id: int) -> Path:
    """Stop sharing a workspace (its progress stays, as a local workspace); returns the folder."""
    db = store.connection
    found = tables.linked(db, workspace_id)
    with store.batch():
        for table in ("team_links", "team_changes", "team_files"):
            db.execute(f"DELETE FROM {table} WHERE workspace_id = ?", (workspace_id,))
    return found.folder


def sync(store: Store, workspace_id: int) -> SyncReport:
    """Apply what colleagues wrote and write what is pending; TeamError if the folder is gone."""
    db = store.connection
    link = tables.linked(db, workspace_id)
    name = next(w.name for w in store.workspaces() if w.id == workspace_id)
    report = SyncReport(name, link.folder)
    record(store, workspace_id)  # this device's changes get their times even if the folder is gone
    seen = dict(
        db.execute("SELECT path, size FROM team_files WHERE workspace_id = ?", (workspace_id,))
    )
    with store.batch():
        device = tables.device_id(db)
    with _collector_paused():
        return _apply(store, link, device, seen, report)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused: a big sync makes 100,000s of objects, none in a cycle, and
    the collector walking them again and again cost a tenth of the sync."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _apply(
    store: Store, link: tables.Link, device: str, seen: dict[str, int], report: SyncReport
) -> SyncReport:
    db, workspace_id = store.connection, link.workspace_id
    try:
        files.check_team(link.folder, link.team_id)
        reading = files.read_new(link.folder, device, seen)
    except FolderError as error:
        raise TeamError(str(error)) from None
    except FileNotFoundError:
        raise TeamError(
            f"the team folder {link.folder} went away during the sync; nothing was changed here."
            " Sync again when it is back."
        ) from None
    except OSError as error:
        raise TeamError(
            f"the team folder {link.folder} cannot be read ({error.strerror}); nothing was"
            " changed here."
        ) from None
    report.problems += reading.problems
    with store.batch():
        Recorder(db, tables.linked(db, workspace_id), device).flush()  # made while we read
        db.execute("INSERT INTO team_quiet (flag) VALUES (1)")
        report.applied = materialize.fold_in(db, workspace_id, reading.ops, True, reading.lines)
        db.executemany(
            "INSERT OR REPLACE INTO team_files (workspace_id, path, size) VALUES (?, ?, ?)",
            [(workspace_id, *each) for each in reading.finished.items()],
        )
        db.execute("DELETE FROM team_quiet")
    report.colleagues = (
        len(set(map(itemgetter(1), reading.ops)) - {device}) if report.applied else 0
    )
    _write_pending(store, link, device, report)
    with store.batch():
        db.execute(
            "UPDATE team_links SET last_sync = ? WHERE workspace_id = ?", (now(), workspace_id)
        )
    return report


def _write_pending(store: Store, link: tables.Link, device: str, report: SyncReport) -> None:
    db = store.connection
    batches = tables.pending(db, link.workspace_id)
    lines = [line for _, text in batches for line in text.split(b"\n")]
    if lines:
        kept = f"your {len(lines)} change(s) are kept here and will be written at the next sync."
        try:
            files.check_team(link.folder, link.team_id)  # never recreate a vanished folder
            relative, size = files.write_ops(link.folder, device, link.next_seq, lines)
        except FolderError as error:
            report.problems.append(Problem("error", f"{error} Nothing was written: {kept}"))
            return
        except OSError as error:
            report.problems.append(
                Problem("error", f"cannot write to {link.folder} ({error.strerror}); {kept}")
            )
            return
        _wrote(store, link.workspace_id, relative, size, [i for i, _ in batches])
        report.written = len(lines)
    try:
        compacted = files.compact(link.folder, device, _next_seq(db, link.workspace_id))
    except OSError:
        return  # old files stay as they are; compaction is tried again at the next sync
    if compacted:
        relative, size, removed = compacted
        _wrote(store, link.workspace_id, relative, size, [])
        with store.batch():
            db.executemany(
                "DELETE FROM team_files WHERE workspace_id = ? AND path = ?",
                [(link.workspace_id, r) for r in removed],
            )


def _next_seq(db: sqlite3.Connection, workspace_id: int) -> int:
    row = db.execute("SELECT next_seq FROM team_links WHERE workspace_id = ?", (workspace_id,))
    return row.fetchone()[0]


def _wrote(store: Store, ws: int, relative: str, size: int, batches: list[int]) -> None:
    seq = int(relative.rsplit("/", 1)[1].split(".")[0])
    db = store.connection
    with store.batch():
        db.executemany(
            "UPDATE team_batches SET written = 1 WHERE workspace_id = ? AND id = ?",
            [(ws, each) for each in batches],
        )
        db.execute(
            "INSERT OR REPLACE INTO team_files (workspace_id, path, size) VALUES (?, ?, ?)",
            (ws, relative, size),
        )
        db.execute(
            "UPDATE team_links SET next_seq = MAX(next_seq, ?) WHERE workspace_id = ?",
            (seq + 1, ws),
        )
