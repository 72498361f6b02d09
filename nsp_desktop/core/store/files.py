"""The files NSP Desktop keeps in a data folder, and removing them ("Delete all my data").

Only files whose names the app gives are listed, and only those are removed: a `--data-dir` may be
a folder the person also keeps other things in. A folder is never removed with its contents: the
cache folder goes only once it is empty, and a symlink is never followed, only reported.
"""

from __future__ import annotations

import fnmatch
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from nsp_desktop.core.store.schema import DB_NAME, GENERATION_NAME

# Names the app gives its files (fnmatch patterns), in the data folder and in the cache folder.
DATA_PATTERNS = (
    GENERATION_NAME,  # first: a second window sees it gone and stops writing
    DB_NAME,
    f"{DB_NAME}-wal",
    f"{DB_NAME}-shm",
    f"{DB_NAME}-journal",
    f"{DB_NAME}.v*-backup-*",  # the copy made before a migration (and its -wal/-shm)
    f"{DB_NAME}.corrupt-*",  # a damaged database moved aside (and its -wal/-shm)
    "settings.json",
    ".nsp-*.tmp",  # an atomic write cut short
    ".settings.json.*.tmp",  # the same, from versions before 0.2
)
CACHE_PATTERNS = (
    "rendered-v*.json",
    "search-*.json",
    "compiled-*.bin",  # PySide6's support modules, compiled once (core/compile_cache.py)
    ".nsp-*.tmp",
    ".*.json.*.tmp",
)
CACHE_NAME = "cache"
LOG_PATTERNS = ("nsp-desktop.log", "nsp-desktop.log.*")
LOGS_NAME = "logs"
EDITIONS_NAME = "editions"  # installed editions and accepted keys: a tree only the app writes


@dataclass
class Deletion:
    """What "Delete all my data" removed, and what it could not (with the reason)."""

    removed: list[Path] = field(default_factory=list)
    kept: list[tuple[Path, str]] = field(default_factory=list)

    def summary(self) -> str:
        """Plain words for the person: every removed file by name, then every one left and why."""
        lines = [f"Removed {len(self.removed)} file(s):"] + [f"  {p}" for p in self.removed]
        if self.kept:
            lines.append(f"Could not remove {len(self.kept)}:")
            lines += [f"  {p}: {why}" for p, why in self.kept]
        return "\n".join(lines)


def _ours(folder: Path, patterns: tuple[str, ...]) -> list[Path]:
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    found = []
    for pattern in patterns:
        for name in names:
            path = folder / name
            if fnmatch.fnmatchcase(name, pattern) and path not in found:
                found.append(path)
    return found


def _cache_folders(data_dir: Path, cache_dir: Path | None) -> list[Path]:
    folders = [data_dir / CACHE_NAME]
    if cache_dir is not None and Path(cache_dir) not in folders:
        folders.append(Path(cache_dir))
    return folders


def _log_folders(data_dir: Path) -> list[Path]:
    """`logs/` in the data folder, and the platform's log folder for the platform data folder."""
    from nsp_desktop.core import paths  # deferred: paths imports platformdirs

    folders = [data_dir / LOGS_NAME]
    platform = paths.data_paths(None)
    if data_dir.resolve() == platform.data_dir.resolve():
        folders.append(platform.log_dir)
    return folders


def _edition_files(data_dir: Path) -> list[Path]:
    """Every regular file under editions/, links not followed (they are reported, not removed)."""
    root = data_dir / EDITIONS_NAME
    if not root.is_dir() or root.is_symlink():
        return []
    found = []
    for top, folders, files in os.walk(root):
        found += [Path(top, name) for name in sorted(files)]
        found += [Path(top, name) for name in sorted(folders) if Path(top, name).is_symlink()]
    return found


def cache_dir_for(data_dir: Path) -> Path:
    """The cache folder that goes with a data folder: the platform's for the platform data folder
    (the cache there holds the search index, notes included), else `cache/` inside it."""
    from nsp_desktop.core import paths  # deferred: paths imports platformdirs

    folder = Path(data_dir)
    platform = paths.data_paths(None)
    if folder.resolve() == platform.data_dir.resolve():
        return platform.cache_dir
    return folder / CACHE_NAME


def user_files(data_dir: Path, cache_dir: Path | None = None) -> list[Path]:
    """Every file NSP Desktop keeps in `data_dir` (and its cache folders), by the names it gives."""
    folder = Path(data_dir)
    if not folder.is_dir() or folder.is_symlink() and not folder.resolve().is_dir():
        return []
    found = _ours(folder, DATA_PATTERNS)
    for cache in _cache_folders(folder, cache_dir):
        if cache.is_dir() and not cache.is_symlink():
            found += _ours(cache, CACHE_PATTERNS)
    for logs in _log_folders(folder):
        if logs.is_dir() and not logs.is_symlink():
            found += _ours(logs, LOG_PATTERNS)
    return found + _edition_files(folder)


def delete_user_files(data_dir: Path, cache_dir: Path | None = None) -> Deletion:
    """Remove every file `user_files` lists; the store must be closed first (`cache_dir`: by
    default the one `cache_dir_for` names).

    Never raises for a file it cannot remove: each one is reported in `Deletion.kept`.
    """
    folder = Path(data_dir)
    if cache_dir is None:
        cache_dir = cache_dir_for(folder)
    result = Deletion()
    for path in user_files(folder, cache_dir):
        try:
            info = os.lstat(path)
            if stat.S_ISDIR(info.st_mode):
                result.kept.append((path, "a folder where the app keeps a file; left alone"))
                continue
            if stat.S_ISLNK(info.st_mode) and EDITIONS_NAME in path.relative_to(folder).parts[:1]:
                result.kept.append((path, "a link inside the editions folder; not followed"))
                continue
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as error:
            result.kept.append((path, error.strerror or str(error)))
            continue
        result.removed.append(path)
    editions = folder / EDITIONS_NAME
    if editions.is_dir() and not editions.is_symlink():
        for top, _folders, _files in sorted(os.walk(editions), reverse=True):  # deepest first
            try:
                Path(top).rmdir()
                result.removed.append(Path(top))
            except OSError:
                pass  # something was kept inside, and is reported above
    for cache in [*_cache_folders(folder, cache_dir), *_log_folders(folder)]:
        if cache.is_symlink():
            result.kept.append((cache, "a link to another folder; not followed, left alone"))
        elif cache.is_dir():
            try:
                cache.rmdir()  # only when empty: other files in it are not the app's
                result.removed.append(cache)
            except OSError:
                others = ", ".join(sorted(os.listdir(cache))[:5])
                result.kept.append((cache, f"it holds files the app did not make ({others})"))
    return result
