"""Which edition is in use, read from a small JSON file; anything odd there means the bundled one."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import NamedTuple

from nsp_desktop.core import frontmatter
from nsp_desktop.core.editions import EditionError
from nsp_desktop.core.editions.manifest import parse_version

BUNDLED = "bundled"
EDITIONS_DIR = "editions"
POINTER_FILE = "in-use.json"
CONTENT = "content"
_NAME = re.compile(r"^[0-9]{1,9}(?:\.[0-9]{1,9}){0,4}$")  # an installed edition's folder


class InUse(NamedTuple):
    """The edition in use (`bundled` or a version) and the one in use before it, if any."""

    current: str = BUNDLED
    previous: str | None = None


def editions_dir(data_dir: Path) -> Path:
    return Path(data_dir) / EDITIONS_DIR


def installed_versions(data_dir: Path) -> list[str]:
    """Versions of the installed editions (folders with content), in no particular order."""
    folder = editions_dir(data_dir)
    if not folder.is_dir():
        return []
    return [
        p.name
        for p in folder.iterdir()
        if _NAME.match(p.name) and (p / CONTENT / "toolkit.md").is_file()
    ]


def edition_content(data_dir: Path, name: str, bundled: Path) -> Path | None:
    """The content folder of `bundled` or an installed version; None when there is no such one."""
    if name == BUNDLED:
        return Path(bundled)
    if not _NAME.match(name):
        return None
    folder = editions_dir(data_dir) / name / CONTENT
    return folder if (folder / "toolkit.md").is_file() else None


def bundled_version(bundled: Path) -> str:
    """The bundled content's `version:` (its front matter only), or "" when unreadable."""
    try:
        text = (Path(bundled) / "toolkit.md").read_text(encoding="utf-8")
        return str(frontmatter.parse(frontmatter.split(text)[0]).get("version", ""))
    except (OSError, UnicodeDecodeError, frontmatter.FrontMatterError):
        return ""


def _older(version: str, than: str) -> bool:
    try:
        return parse_version(version) < parse_version(than)
    except EditionError:
        return False


def read_in_use(data_dir: Path, bundled: Path) -> InUse:
    """The pointer as written; missing, unreadable or odd parts read as the bundled edition.

    An installed edition chosen under an older app gives way to a newer bundled edition: a person
    who updates the app reads the edition it brings, and can go back with `edition use`.
    """
    try:
        data = json.loads((editions_dir(data_dir) / POINTER_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return InUse()
    if not isinstance(data, dict):
        return InUse()
    written, previous = data.get("in_use"), data.get("previous")

    def there(name: object) -> bool:
        return isinstance(name, str) and edition_content(data_dir, name, bundled) is not None

    current = written if isinstance(written, str) and there(written) else BUNDLED
    if current != BUNDLED and data.get("bundled_version") != (shipped := bundled_version(bundled)):
        if _older(current, shipped):
            current, previous = BUNDLED, current
    before = previous if isinstance(previous, str) and there(previous) else None
    return InUse(current, before if before != current else None)


def pointer_text(in_use: InUse, bundled: Path) -> str:
    """The pointer file; it names the bundled version it was written beside (see read_in_use)."""
    data = {
        "format_version": 1,
        "in_use": in_use.current,
        "previous": in_use.previous,
        "bundled_version": bundled_version(bundled),
    }
    return json.dumps(data, indent=1) + "\n"


def content_in_use(data_dir: Path, bundled: Path) -> Path:
    """The content folder to read: the installed edition in use, else the bundled one."""
    in_use = read_in_use(data_dir, bundled).current
    return edition_content(data_dir, in_use, bundled) or Path(bundled)
