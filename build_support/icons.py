"""The app icon as PNGs (for the Linux menu), a Windows .ico and a macOS .icns, drawn from the SVG."""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

from build_support import ICON_SIZES, ICON_SVG, SLUG, BuildError


def render_icons(folder: Path) -> dict[int, Path]:
    """PNG renders of the SVG icon at every size the launchers and installers ask for."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    renderer = QSvgRenderer(str(ICON_SVG))
    if not renderer.isValid():
        raise BuildError(f"{ICON_SVG}: not a valid SVG icon")
    folder.mkdir(parents=True, exist_ok=True)
    pngs = {}
    for size in ICON_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        pngs[size] = folder / f"{SLUG}-{size}.png"
        if not image.save(str(pngs[size]), "PNG"):
            raise BuildError(f"could not write {pngs[size]}")
    return pngs


def write_ico(pngs: dict[int, Path], path: Path) -> Path:
    """A Windows .ico holding PNG images (the format Windows Vista and later read)."""
    sizes = [s for s in sorted(pngs) if s <= 256]
    blobs = [pngs[s].read_bytes() for s in sizes]
    offset = 6 + 16 * len(sizes)
    parts = [struct.pack("<HHH", 0, 1, len(sizes))]
    for size, blob in zip(sizes, blobs, strict=True):
        edge = 0 if size == 256 else size  # 0 means 256 in an ICO directory entry
        parts.append(struct.pack("<BBBBHHII", edge, edge, 0, 0, 1, 32, len(blob), offset))
        offset += len(blob)
    path.write_bytes(b"".join(parts + blobs))
    return path


def write_icns(pngs: dict[int, Path], path: Path) -> Path:
    """A macOS .icns holding PNG images, one chunk per size."""
    kinds = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09"}
    chunks = [kind + struct.pack(">I", 8 + len(data)) + data for kind, data in
              ((kind, pngs[size].read_bytes()) for size, kind in kinds.items())]  # fmt: skip
    body = b"".join(chunks)
    path.write_bytes(b"icns" + struct.pack(">I", 8 + len(body)) + body)
    return path
