"""Renders a page with Qt and no window, so the self-test can prove the bundle's Qt works — and
that it draws text, not a page of missing-glyph boxes."""

from __future__ import annotations

import os
import sys

from PySide6.QtGui import (
    QColor,
    QFont,
    QFontInfo,
    QGuiApplication,
    QImage,
    QPainter,
    QTextDocument,
)

# Known words drawn letter by letter: each letter must have a shape of its own, unlike the box a
# font draws for a character it lacks (which a page of boxes would still "ink").
PROBE_WORDS = "ALPR Policy"
NOT_IN_ANY_FONT = "\U0010fffd"  # a private-use code point: drawn as the missing-glyph box
GLYPH_PX = 40


def use_system_fonts_on_windows() -> None:
    """Qt's offscreen plugin on Windows reads fonts only from QT_QPA_FONTDIR; without it every
    glyph is a box. Point it at the system's fonts folder unless the caller chose one."""
    if sys.platform == "win32" and not os.environ.get("QT_QPA_FONTDIR"):
        windows = os.environ.get("WINDIR") or os.environ.get("SystemRoot") or r"C:\Windows"
        os.environ["QT_QPA_FONTDIR"] = windows.rstrip("\\") + "\\Fonts"


def check_glyphs(font: QFont, words: str = PROBE_WORDS) -> str:
    """Draw each letter of `words` alone and raise unless every one is inked, differs from the
    missing-glyph box and from every other letter; returns a line for the report."""
    font = QFont(font)
    font.setPixelSize(GLYPH_PX)

    def draw(text: str) -> QImage:
        image = QImage(GLYPH_PX * 2, GLYPH_PX * 2, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setFont(font)
        painter.setPen(QColor("black"))
        painter.drawText(GLYPH_PX // 2, GLYPH_PX * 3 // 2, text)
        painter.end()
        return image

    blank, box = draw(""), draw(NOT_IN_ANY_FONT)
    letters = sorted(set(words.replace(" ", "")))
    shapes = {letter: draw(letter) for letter in letters}
    boxes = [letter for letter in letters if shapes[letter] == box]
    if boxes:
        where = os.environ.get("QT_QPA_FONTDIR", "the system's font configuration")
        raise AssertionError(
            f"{len(boxes)} of {len(letters)} letters of {words!r} were drawn as the "
            f"missing-glyph box: Qt found no usable font (fonts read from {where})"
        )
    unseen = [letter for letter in letters if shapes[letter] == blank]
    if unseen:
        raise AssertionError(f"the letters {''.join(unseen)!r} of {words!r} drew nothing")
    alike = [
        f"{a}={b}"
        for i, a in enumerate(letters)
        for b in letters[i + 1 :]
        if shapes[a] == shapes[b]
    ]
    if alike:
        raise AssertionError(f"letters of {words!r} drawn with the same shape: {', '.join(alike)}")
    return f"{len(letters)} letters of {words!r} drawn distinctly in {QFontInfo(font).family()!r}"


def render_page(html: str, width: int = 900) -> dict[str, int | str]:
    """Lay out and paint `html` as the reader does, offscreen; returns what it measured."""
    if QGuiApplication.instance() is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # no display needed, and no xcb libraries
        use_system_fonts_on_windows()
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
        "glyphs": check_glyphs(document.defaultFont()),
    }
