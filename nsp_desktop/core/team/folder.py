"""The team folder's files: each device appends operations in files of its own, never rewritten.

Layout: `nsp-team.json` (which team this is) and `devices/<device ID>/<seq>.jsonl`, each written under
a temporary name and renamed into place, so a sync tool only ever copies whole, finished files, and
no two devices ever write the same file. What sync tools leave behind is read with care: conflict
copies are read like any file (operations are idempotent), a last line still being copied is left
for the next sync, lines from a newer format are kept and not applied, garbage is skipped and told.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from nsp_desktop.core.fileutil import atomic_write
from nsp_desktop.core.team import ops as op_lines
from nsp_desktop.core.team.ops import Op

MARKER = "nsp-team.json"
MARKER_FORMAT = "nsp-desktop-team"
MARKER_VERSION = 1
MAX_FILE_BYTES = 64 * 1024 * 1024  # a compacted file of ~300,000 operations
MAX_FILES_PER_DEVICE = 10_000  # a device compacts long before this
COMPACT_AFTER = 64  # own files; then they become one
_OWN = re.compile(r"(\d{6,})\.jsonl")
_DEVICE = re.compile(r"[0-9a-f]{16}")


class FolderError(Exception):
    """The team folder cannot be used (missing, unreadable, not a team); the message says why."""


@dataclass(frozen=True)
class Problem:
    """Something about the folder worth a line: "note" (routine), "warning", or "error" (exit 1)."""

    level: str
    text: str


@dataclass
class Reading:
    """What one pass over the folder found: operations, the files read whole, and problems."""

    ops: list[Op] = field(default_factory=list)
    lines: list[bytes] = field(default_factory=list)  # each operation's line, as the file has it
    finished: dict[str, int] = field(default_factory=dict)  # relative path -> size read
    problems: list[Problem] = field(default_factory=list)


def read_marker(folder: Path) -> dict | None:
    """The team this folder holds, or None when it holds none; FolderError when it cannot tell."""
    path = folder / MARKER
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        raise FolderError(f"{path} cannot be read ({_why(error)}).") from None
    if not isinstance(data, dict) or data.get("format") != MARKER_FORMAT:
        raise FolderError(f"{path} is not an NSP Desktop team file.")
    version = data.get("version")
    if not isinstance(version, int) or version > MARKER_VERSION:
        raise FolderError(
            f"{folder} holds a team made by a newer version of NSP Desktop; please update to join it."
        )
    if not isinstance(data.get("team_id"), str) or not isinstance(data.get("name"), str):
        raise FolderError(f"{path} is damaged (no team ID or name).")
    return data


def write_marker(folder: Path, team_id: str, name: str) -> None:
    body = {"format": MARKER_FORMAT, "version": MARKER_VERSION, "team_id": team_id, "name": name}
    (folder / "devices").mkdir(parents=True, exist_ok=True)
    atomic_write(folder / MARKER, json.dumps(body, indent=2) + "\n")


def check_team(folder: Path, team_id: str) -> None:
    """FolderError unless `folder` is there and still holds the team `team_id`."""
    if not folder.is_dir():
        raise FolderError(
            f"the team folder {folder} is not there (unplugged, moved or deleted?)."
        ) from None
    marker = read_marker(folder)
    if marker is None or marker["team_id"] != team_id:
        raise FolderError(f"{folder} no longer holds this team (its {MARKER} is missing or other).")


def read_new(folder: Path, own: str, seen: dict[str, int]) -> Reading:
    """Operations in files not yet read whole (`seen`: relative path -> size read last time)."""
    reading = Reading()
    devices = folder / "devices"
    try:
        entries = sorted(
            (e for e in os.scandir(devices) if e.is_dir() and e.name[0] not in ".~"),
            key=lambda e: e.name,
        )
    except FileNotFoundError:
        raise FolderError(
            f"the team folder {folder} is not there (unplugged, moved or deleted?)."
        ) from None
    for entry in entries:
        if not _DEVICE.fullmatch(entry.name):
            reading.problems.append(Problem("warning", f"{entry.path} is not a device folder."))
            continue
        _read_device(Path(entry.path), entry.name, own, seen, reading)
    return reading


def _read_device(path: Path, device: str, own: str, seen: dict[str, int], out: Reading) -> None:
    files = [e for e in os.scandir(path) if e.name.endswith(".jsonl") and e.name[0] not in ".~"]
    if len(files) > MAX_FILES_PER_DEVICE:
        out.problems.append(
            Problem(
                "error",
                f"{path} holds {len(files):,} files, more than NSP Desktop ever writes"
                f" ({MAX_FILES_PER_DEVICE:,}); skipped. Its owner's next sync compacts them.",
            )
        )
        return
    for entry in sorted(files, key=lambda e: e.name):
        relative = f"{device}/{entry.name}"
        try:
            _read_file(entry, relative, device, own, seen, out)
        except FileNotFoundError:
            if not path.parent.is_dir():  # the whole folder went away: stop, apply nothing
                raise
            # One file went (its owner compacted it, or a sync tool replaced it): next time.
        except OSError as error:
            out.problems.append(
                Problem("error", f"{entry.path} cannot be read ({_why(error)}); skipped.")
            )


def _read_file(
    entry: os.DirEntry, relative: str, device: str, own: str, seen: dict[str, int], out: Reading
) -> None:
    """Read one file's operations into `out`, unless it was read whole before or is too big."""
    size = entry.stat().st_size
    if seen.get(relative) == size:
        return
    if size > MAX_FILE_BYTES:
        out.problems.append(
            Problem(
                "error",
                f"{entry.path} is {size / 2**20:.0f} MB, larger than any team file can be; skipped.",
            )
        )
        return
    if not _OWN.fullmatch(entry.name):
        whose = "this computer's" if device == own else "a colleague's"
        copied = (
            " Is a copy of this data folder in use on another computer?" if device == own else ""
        )
        out.problems.append(
            Problem(
                "warning",
                f"{entry.path} is a sync conflict copy of {whose} file; read like the others.{copied}",
            )
        )
    with open(entry.path, "rb") as handle:
        raw = handle.read()
    if _parse(raw, entry.path, out):
        out.finished[relative] = len(raw)


def _parse(raw: bytes, name: str, out: Reading) -> bool:
    """Add a file's operations to `out`; False when it should be read again at the next sync."""
    lines = raw.split(b"\n")
    tail = lines.pop()  # "" when the file ends with a newline, else a line still being copied
    complete = True
    if tail:
        out.problems.append(
            Problem("note", f"{name} ends in an unfinished line (still arriving?).")
        )
        complete = False
    lines = list(filter(None, lines))
    if any(map(bytes.isspace, lines)):  # blank lines (rare) are skipped, as if not there
        lines = [line for line in lines if not line.isspace()]
    found, kept, newer, bad = op_lines.decode_lines(lines)
    out.ops += found
    out.lines += kept
    if bad:
        out.problems.append(Problem("warning", f"{name}: {bad} unreadable line(s) skipped."))
    if newer:
        out.problems.append(
            Problem(
                "warning",
                f"{name}: {newer} change(s) from a newer version of NSP Desktop kept, not applied;"
                " update to see them.",
            )
        )
        complete = False
    return complete


def write_ops(folder: Path, device: str, seq: int, lines: list[bytes]) -> tuple[str, int]:
    """Write one new file of operations; returns its relative path and size. OSError if it fails.

    Written under a temporary name, fsynced, then linked to its final name, which never replaces
    an existing file (another process of this device, or a restored backup, may have used it).
    """
    target_dir = folder / "devices" / device
    target_dir.mkdir(exist_ok=True)  # not parents: a vanished folder is never made again
    data = b"\n".join(lines) + b"\n"
    fd, temporary = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=target_dir)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        while True:
            name = f"{seq:06d}.jsonl"
            try:
                _place(temporary, target_dir / name)
                break
            except FileExistsError:
                seq += 1
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
    return f"{device}/{name}", len(data)


def _place(temporary: str, target: Path) -> None:
    """Give a finished file its final name, never replacing one (FileExistsError)."""
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links (some network drives)
        if target.exists():
            raise FileExistsError(target) from None
        os.replace(temporary, target)


def own_files(folder: Path, device: str) -> list[Path]:
    """This device's finished files, oldest first."""
    path = folder / "devices" / device
    try:
        names = [e.name for e in os.scandir(path) if _OWN.fullmatch(e.name)]
    except FileNotFoundError:
        return []
    return [path / n for n in sorted(names, key=lambda n: int(n.split(".")[0]))]


def compact(folder: Path, device: str, seq: int) -> tuple[str, int, list[str]] | None:
    """Join this device's files into one when there are many; (new file, size, removed) or None."""
    files = own_files(folder, device)
    if len(files) <= COMPACT_AFTER:
        return None
    lines: list[bytes] = []
    for path in files:
        raw = path.read_bytes()
        if not raw.endswith(b"\n"):
            return None  # never ours, but never lose a line either
        lines += filter(bytes.strip, raw.split(b"\n"))
    relative, size = write_ops(folder, device, seq, lines)
    removed = []
    for path in files:
        with contextlib.suppress(OSError):
            path.unlink()
            removed.append(f"{device}/{path.name}")
    return relative, size, removed


def _why(error: Exception) -> str:
    return getattr(error, "strerror", None) or str(error)
