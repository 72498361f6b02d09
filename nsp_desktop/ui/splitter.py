"""A splitter whose handles a person can find: wider, with a grip drawn in the theme's colours."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QSplitter, QSplitterHandle, QWidget

HANDLE = 8  # pixels: Qt's default (about 4) is hard to hit and invisible on a flat theme
DOTS = 5


class _Grip(QObject):
    """Paints a row of dots on the handles it watches, in place of the style's blank handle.

    Qt makes the handles itself (QSplitter's own createHandle): a Python handle class would
    need the splitter's orientation as a Qt enum, and the painter's pen overloads build Qt's
    enums too (~45 ms together, seen in the start-up instruction counts). So the grips are drawn
    from just after the first paint (`GripSplitter.show_grips`), never in it.
    """

    def __init__(self, across: bool, parent: QObject):
        super().__init__(parent)
        self.across = across  # a side-by-side splitter: dots run down the handle
        self.shown = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if not self.shown or event.type() != QEvent.Type.Paint:
            return False
        if not isinstance(watched, QWidget):
            return False
        painter = QPainter(watched)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = watched.palette().color(QPalette.ColorRole.PlaceholderText)  # the theme's muted
        painter.setPen(colour)
        painter.setBrush(colour)
        centre = watched.rect().center()
        for n in range(DOTS):
            offset = (n - DOTS // 2) * 6
            dot = centre + (QPoint(0, offset) if self.across else QPoint(offset, 0))
            painter.drawEllipse(dot, 1.5, 1.5)
        painter.end()
        return True


class GripSplitter(QSplitter):
    """A QSplitter with visible, easier-to-grab handles. `vertical` stacks its widgets."""

    def __init__(self, *args, vertical: bool = False) -> None:
        super().__init__(*args)
        self.setHandleWidth(HANDLE)
        self._grip = _Grip(not vertical, self)

    def createHandle(self) -> QSplitterHandle:  # noqa: N802 (Qt's name)
        handle = super().createHandle()
        handle.installEventFilter(self._grip)
        return handle

    def show_grips(self) -> None:
        """Draw the grips from now on (after the first paint: see `_Grip`)."""
        self._grip.shown = True
        for index in range(1, self.count()):
            self.handle(index).update()
