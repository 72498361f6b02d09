"""Renders a page with Qt and no window, so the self-test can prove the bundle's Qt works."""

from __future__ import annotations

import os
import sys

from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QTextDocument


def render_page(html: str, width: int = 900) -> dict[str, int | str]:
    """Lay out and paint `html` as the reader does, offscreen; returns what it measured."""
    if QGuiApplication.instance() is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # no display needed, and no xcb libraries
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    document = QTextDocument()
    document.setDocumentMargin(24)
    document.setHtml(html)
    document.setTextWidth(width)
    image = QImage(width, 700, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    document.drawContents(painter)
    painter.end()
    inked = sum(
        1
        for x in range(0, width, 7)
        for y in range(0, 700, 7)
        if image.pixelColor(x, y) != QColor("white")
    )
    return {
        "characters": document.characterCount(),
        "height": int(document.size().height()),
        "inked_samples": inked,
        "platform": app.platformName(),
    }
