"""How far down each page was left, so Back, Forward and the next start return there."""

from __future__ import annotations

from PySide6.QtWidgets import QScrollBar


class ScrollMemory:
    """Positions kept as fractions of the page: it may be laid out at another width or size."""

    def __init__(self, bar: QScrollBar):
        self.bar = bar
        self.fractions: dict[str, float] = {}
        self.pending: float | None = None  # applied as the page is laid out, until touched
        bar.rangeChanged.connect(self._apply)
        bar.actionTriggered.connect(self.forget_pending)  # the person scrolled

    def fraction(self) -> float:
        if self.pending is not None:
            return self.pending
        bar = self.bar
        return bar.value() / bar.maximum() if bar.maximum() > 0 else 0.0

    def remember(self, page_id: str | None) -> None:
        if page_id:
            self.fractions[page_id] = self.fraction()

    def restore(self, fraction: float) -> None:
        self.pending = fraction or None
        self._apply()

    def restore_page(self, page_id: str) -> None:
        self.restore(self.fractions.get(page_id, 0.0))

    def forget_pending(self, *_) -> None:
        self.pending = None

    def _apply(self, *_) -> None:
        if self.pending is not None:
            self.bar.setValue(round(self.pending * self.bar.maximum()))
