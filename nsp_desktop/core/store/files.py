"""The files NSP Desktop keeps in a data folder, and removing them ("Delete all my data")."""

from __future__ import annotations

import shutil
from pathlib import Path

from nsp_desktop.core.store.schema import DB_NAME


def user_files(data_dir: Path) -> list[Path]:
    """Every file and folder NSP Desktop keeps in `data_dir` (what "Delete all my data" removes)."""
    folder = Path(data_dir)
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.name.startswith(DB_NAME) or p.name in ("settings.json", "cache", "editions")
    )


def delete_user_files(data_dir: Path) -> list[Path]:
    """Remove every file `user_files` lists; the store must be closed first. Returns them."""
    removed = user_files(data_dir)
    for path in removed:
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    return removed
