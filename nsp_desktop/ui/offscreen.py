"""Renders a page with Qt and no window, so the self-test can prove the bundle's Qt works."""

from __future__ import annotations

import os
import sys


def render_page(html: str, width: int = 900) -> dict[str, int | str]:
    """Lay out and paint `html` in the reader's QTextBrowser offscreen; returns what it measured."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # no display needed, and no xcb libraries
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtWidgets import QApplication

    from nsp_desktop.ui.reader import Reader

    app = QApplication.instance() or QApplication(sys.argv[:1])
    reader = Reader()
    reader.resize(width, 700)
    reader.show_html(html)
    document = reader.document()
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
    result = {
        "characters": document.characterCount(),
        "height": int(document.size().height()),
        "inked_samples": inked,
        "platform": app.platformName(),
    }
    reader.deleteLater()
    return result
