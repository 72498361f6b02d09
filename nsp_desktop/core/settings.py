"""Window and reading preferences, kept as a small JSON file in the user's data folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from nsp_desktop.core.fileutil import atomic_write


class Settings:
    """A dict-like view of settings.json; a missing or unreadable file means defaults."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._values: dict[str, Any] = {}
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(loaded, dict):
                self._values = loaded
        except (OSError, ValueError):
            pass  # preferences are not precious: start from defaults

    def get(self, key: str, default: Any = None) -> Any:
        return self._values.get(key, default)

    def set(self, key: str, value: Any) -> None:
        self._values[key] = value

    def clear(self) -> None:
        """Forget every preference (after "Delete all my data")."""
        self._values.clear()

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(self.path, json.dumps(self._values, indent=2, sort_keys=True))
