"""Where folders sit: the team folder and the data folder must never hold one another, and the
data folder (with the SQLite file) should not sit inside a folder a sync tool copies.
"""

from __future__ import annotations

import os
from pathlib import Path

# A file or folder a sync tool keeps at the top of what it syncs -> the tool's name.
_MARKERS: tuple[tuple[str, str], ...] = (
    (".stfolder", "Syncthing"),
    (".sync", "Resilio Sync"),
    (".dropbox", "Dropbox"),
    (".dropbox.cache", "Dropbox"),
    (".nextcloudsync.log", "Nextcloud"),
    (".owncloudsync.log", "ownCloud"),
    (".tresorit", "Tresorit"),
)
_NAME_PREFIXES = (("OneDrive", "OneDrive"), ("Nextcloud", "Nextcloud"), ("Dropbox", "Dropbox"))


def sync_root(path: Path) -> tuple[Path, str] | None:
    """The nearest folder at or above `path` that a sync tool manages, with the tool's name."""
    path = Path(os.path.abspath(path))
    for folder in (path, *path.parents):
        for marker, tool in _MARKERS:
            if (folder / marker).exists():
                return folder, tool
        try:
            if any(e.name.startswith(("._sync_", ".sync_")) and e.name.endswith(".db")
                   for e in os.scandir(folder)):  # fmt: skip
                return folder, "Nextcloud"
        except OSError:
            pass
        for prefix, tool in _NAME_PREFIXES:
            if folder.name == prefix or folder.name.startswith(prefix + " - "):
                return folder, tool
    return None


def overlap(team_folder: Path, data_dir: Path) -> str | None:
    """Why `team_folder` cannot be used with `data_dir`, or None when they are apart."""
    team, data = (Path(os.path.realpath(p)) for p in (team_folder, data_dir))
    if team == data or data.is_relative_to(team):
        return (
            f"{team_folder} holds NSP Desktop's own data folder ({data_dir}); a sync tool would"
            " copy the database while it is written and damage it. Choose another folder."
        )
    if team.is_relative_to(data):
        return f"{team_folder} is inside NSP Desktop's data folder ({data_dir}); choose a folder you share."
    return None


def data_warning(data_dir: Path) -> str | None:
    """A warning when the data folder sits inside a folder a sync tool copies, else None."""
    found = sync_root(data_dir)
    if found is None:
        return None
    root, tool = found
    return (
        f"NSP Desktop's data folder {data_dir} is inside {root}, which {tool} syncs: the database"
        " can be damaged when it is copied mid-write. Keep it outside (use --data-dir) and share"
        " only the team folder."
    )
