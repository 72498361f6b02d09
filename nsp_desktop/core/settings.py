"""Window and reading preferences: every setting declared once (name, type, default, allowed values)
and kept as a small JSON file in the user's data folder. A bad value falls back to its default."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from nsp_desktop.core.fileutil import atomic_write

MAX_FILE_BYTES = 1_000_000  # preferences are a few hundred bytes; anything larger is not ours


def _one_of(*choices: str) -> Callable[[Any], bool]:
    return lambda value: value in choices


def _between(low: int, high: int) -> Callable[[Any], bool]:
    return lambda value: low <= value <= high


def _window_size(value: list) -> bool:
    return len(value) == 2 and all(type(n) is int and 200 <= n <= 20_000 for n in value)


def _page_ids(value: list) -> bool:
    return len(value) <= 50 and all(isinstance(v, str) and 0 < len(v) <= 200 for v in value)


class Setting(NamedTuple):
    """One preference: its JSON type, its default, and the values it may take."""

    name: str
    kind: type
    default: Any
    allowed: Callable[[Any], bool] = lambda value: True
    meaning: str = ""  # how a log line describes the allowed values


DECLARED: dict[str, Setting] = {
    s.name: s
    for s in (
        Setting("zoom", int, 100, _between(50, 300), "a whole number from 50 to 300"),
        Setting(
            "text_size",
            str,
            "medium",
            _one_of("small", "medium", "large", "largest"),
            "small, medium, large or largest",
        ),
        Setting(
            "theme",
            str,
            "system",
            _one_of("system", "light", "dark", "high-contrast"),
            "system, light, dark or high-contrast",
        ),
        Setting("window_size", list, [1280, 800], _window_size, "[width, height] in pixels"),
        Setting("window_maximized", bool, False),
        Setting("welcomed", bool, False),
        Setting("last_page", str, "", lambda v: len(v) <= 200, "a page ID"),
        Setting("recent", list, [], _page_ids, "a list of page IDs"),
        Setting("last_scroll", float, 0.0, _between(0, 1), "a fraction from 0 to 1"),
        Setting(
            "export_format",
            str,
            "",
            _one_of("", "md", "html", "pdf", "csv", "json", "odt"),
            "md, html, pdf, csv, json or odt",
        ),
        Setting("export_folder", str, "", lambda v: len(v) <= 4096, "a folder"),
        Setting("paper_size", str, "auto", _one_of("auto", "a4", "letter"), "auto, a4 or letter"),
    )
}


def valid(setting: Setting, value: Any) -> bool:
    """True when `value` has the setting's exact JSON type (a bool is not a number) and is allowed."""
    whole_for_float = setting.kind is float and type(value) is int  # JSON writes 1.0 as 1
    if type(value) is not setting.kind and not whole_for_float:
        return False
    try:
        return bool(setting.allowed(value))
    except (TypeError, ValueError):
        return False


class Settings:
    """The declared settings, read from settings.json; anything missing or wrong reads as its
    default, with a log line saying what was ignored. Never raises on a bad file."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._values: dict[str, Any] = {}
        self.problems: list[str] = []  # what was ignored, for the log
        for name, value in self._read().items():
            setting = DECLARED.get(name)
            if setting is None:
                self.problems.append(f"unknown setting {name!r} ignored")
            elif not valid(setting, value):
                self.problems.append(
                    f"{name} = {_short(value)} is not {setting.meaning or setting.kind.__name__};"
                    f" using {setting.default!r}"
                )
            else:
                self._values[name] = value
        if self.problems:
            _log(self.path, self.problems)

    def _read(self) -> dict[str, Any]:
        try:
            if not self.path.exists():
                return {}
            if not self.path.is_file() or self.path.stat().st_size > MAX_FILE_BYTES:
                self.problems.append("not a regular file of settings; using the defaults")
                return {}
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError) as error:
            self.problems.append(f"cannot be read ({type(error).__name__}); using the defaults")
            return {}
        if not isinstance(loaded, dict):
            self.problems.append("does not hold an object of settings; using the defaults")
            return {}
        return loaded

    def get(self, key: str, default: Any = None) -> Any:
        """The setting's value, or its declared default. `default` is ignored for a declared
        setting (its declaration is the one place defaults live); KeyError for an unknown one."""
        setting = DECLARED[key]
        value = self._values.get(key, setting.default)
        return list(value) if isinstance(value, list) else value

    def set(self, key: str, value: Any) -> bool:
        """Change a setting; a value its declaration does not allow is logged and not kept."""
        setting = DECLARED[key]
        if isinstance(value, tuple):
            value = list(value)
        if not valid(setting, value):
            _log(self.path, [f"{key} = {_short(value)} not kept: {setting.meaning} expected"])
            return False
        self._values[key] = value
        return True

    def clear(self) -> None:
        """Forget every preference (after "Delete all my data")."""
        self._values.clear()

    def save(self) -> bool:
        """Write settings.json atomically; False (and a log line) if the disk refuses."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path, json.dumps(self._values, indent=2, sort_keys=True))
        except OSError as error:
            _log(self.path, [f"could not be saved: {error}"])
            return False
        return True


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=True, default=str)
    return text if len(text) <= 40 else text[:37] + "..."


def _log(path: Path, problems: list[str]) -> None:
    import logging  # deferred: ~10 ms, and only when a settings file is wrong

    for problem in problems:
        logging.getLogger("nsp_desktop.settings").warning("%s: %s", path, problem)
