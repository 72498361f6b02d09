"""Helpers for build_installer.py: what goes in the bundle, its icons, and each OS's package.

Not part of the app (nothing here is shipped); only build_installer.py and its tests import it.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
ICON_SVG = ROOT / "resources" / "icons" / "nsp-desktop.svg"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
SLUG = "nsp-desktop"
DISPLAY_NAME = "NSP Desktop"


class BuildError(Exception):
    """A step of the build failed; the message says which and what to do."""


def log(message: str) -> None:
    print(f"[build] {message}", flush=True)
