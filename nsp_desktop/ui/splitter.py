"""A splitter whose handles a person can find: wider, with a grip drawn in the theme's colours."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QSplitter, QSplitterHandle

HANDLE = 8  # pixels: Qt's default (about 4) is hard to hit and invisible on a flat theme
DOTS = 5


class _GripHandle(QSplitterHandle):
    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = self.palette().color(QPalette.ColorRole.PlaceholderText)  # the theme's muted
        painter.setPen(colour)
        painter.setBrush(colour)
        centre = self.rect().center()
        across = self.orientation().value == 1  # Qt.Horizontal: dots run down the handle
        for n in range(DOTS):
            offset = (n - DOTS // 2) * 6
            dot = centre + (QPoint(0, offset) if across else QPoint(offset, 0))
            painter.drawEllipse(dot, 1.5, 1.5)
        painter.end()


class GripSplitter(QSplitter):
    """A QSplitter with visible, easier-to-grab handles."""

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.setHandleWidth(HANDLE)

    def createHandle(self) -> QSplitterHandle:  # noqa: N802 (Qt's name)
        return _GripHandle(self.orientation(), self)
