"""Back/forward navigation history, kept apart from the widgets so it can be tested alone."""

from __future__ import annotations

from collections.abc import Callable


class History:
    """A browser-style history: visiting a page drops the forward list."""

    def __init__(self) -> None:
        self._back: list[str] = []
        self._forward: list[str] = []
        self.current: str | None = None

    def visit(self, page_id: str) -> None:
        if page_id == self.current:
            return
        if self.current is not None:
            self._back.append(self.current)
        self._forward.clear()
        self.current = page_id

    def can_go_back(self) -> bool:
        return bool(self._back)

    def can_go_forward(self) -> bool:
        return bool(self._forward)

    def back(self) -> str | None:
        if not self._back:
            return None
        if self.current is not None:
            self._forward.append(self.current)
        self.current = self._back.pop()
        return self.current

    def forward(self) -> str | None:
        if not self._forward:
            return None
        if self.current is not None:
            self._back.append(self.current)
        self.current = self._forward.pop()
        return self.current

    def keep_only(self, known: Callable[[str], bool]) -> None:
        """Forget pages that are gone (another toolkit edition is in use); the current page
        becomes None if it went too."""
        self._back = [p for p in self._back if known(p)]
        self._forward = [p for p in self._forward if known(p)]
        if self.current is not None and not known(self.current):
            self.current = None
