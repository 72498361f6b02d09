"""What a person sees: the contrast of rendered text against its background, read from pixels."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QRect
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from nsp_desktop.core.themes import contrast_ratio

MIN_PIXELS = 3  # fewer is noise: a stray dot, not a stroke


def _hex(rgb: int) -> str:
    return f"#{rgb & 0xFFFFFF:06x}"


def colours(image: QImage, rect: QRect | None = None, step: int = 1) -> Counter[str]:
    """How many pixels of each colour in `rect` (the whole image by default)."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    area = rect or image.rect()
    counts: Counter[str] = Counter()
    for y in range(area.top(), area.bottom() + 1, step):
        for x in range(area.left(), area.right() + 1, step):
            counts[_hex(image.pixel(x, y))] += 1
    return counts


def text_contrast(image: QImage, rect: QRect | None = None) -> tuple[float, str, str]:
    """(ratio, text colour, background) in `rect`. The background is the commonest colour; the
    text the colour standing out most from it, of those on a few pixels at least (anti-aliased
    edges lie between the two). Text drawn in its background's colour gives a ratio of 1."""
    counts = colours(image, rect)
    background, _ = counts.most_common(1)[0]
    rest = [c for c, n in counts.items() if c != background and n >= MIN_PIXELS]
    if not rest:
        return 1.0, background, background
    text = max(rest, key=lambda c: contrast_ratio(c, background))
    return contrast_ratio(text, background), text, background


def widget_contrast(widget: QWidget, rect: QRect | None = None) -> tuple[float, str, str]:
    """`text_contrast` of what `widget` shows now."""
    return text_contrast(widget.grab().toImage(), rect)
