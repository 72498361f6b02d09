"""Where things live: content and resources (source tree or bundle) and the user's data folder."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NamedTuple

from nsp_desktop.core.editions import state as editions_state

APP_SLUG = "nsp-desktop"


def install_root() -> Path:
    """The folder holding content/ and resources/: the bundle's when frozen, the checkout's when
    run from source, else the package data an installed wheel carries (nsp_desktop/data)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    package = Path(__file__).resolve().parent.parent
    checkout = package.parent
    if (checkout / "content" / "toolkit.md").is_file() and (checkout / "pyproject.toml").is_file():
        return checkout
    return package / "data"


def content_dir(data_dir: Path | None = None) -> Path:
    """The bundled content; given the user's data folder, the content of the edition in use there."""
    bundled = install_root() / "content"
    return bundled if data_dir is None else editions_state.content_in_use(data_dir, bundled)


def resources_dir() -> Path:
    return install_root() / "resources"


class DataPaths(NamedTuple):
    """The user's own folders; everything the app writes goes under these."""

    data_dir: Path
    cache_dir: Path
    log_dir: Path

    @property
    def settings_file(self) -> Path:
        return self.data_dir / "settings.json"

    def ensure(self) -> None:
        """Make the folders (only the person can open them); a read-only one that exists will do:
        the store then opens read-only, and the cache is only a speed-up."""
        for folder in (self.data_dir, self.cache_dir):
            try:
                folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            except OSError:
                if folder is self.data_dir and not folder.is_dir():
                    raise


def data_paths(data_dir: str | Path | None = None) -> DataPaths:
    """The platformdirs folders, or everything under `data_dir` for portable use (--data-dir)."""
    if data_dir is not None:
        root = Path(data_dir).expanduser().resolve()
        return DataPaths(root, root / "cache", root / "logs")
    import platformdirs  # deferred: a --data-dir start never needs it

    return DataPaths(
        platformdirs.user_data_path(APP_SLUG, appauthor=False),
        platformdirs.user_cache_path(APP_SLUG, appauthor=False),
        platformdirs.user_log_path(APP_SLUG, appauthor=False),
    )
