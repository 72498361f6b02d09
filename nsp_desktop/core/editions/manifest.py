"""The signed description of a pack: what it holds, each file's SHA-256, and its limits."""

from __future__ import annotations

import json
import re
from typing import Any, NamedTuple

from nsp_desktop.core.editions import EditionError

FORMAT = "nsppack"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "manifest.sig"
CONTENT_PREFIX = "content/"

# Limits on what a pack may hold (documented in docs/editions.md). The toolkit is ~35 KB of
# text in ~20 files; these leave room for a toolkit a hundred times larger and no more.
MAX_PACK_BYTES = 16 * 1024 * 1024  # the .nsppack file itself
MAX_ENTRIES = 1000  # files in the zip
MAX_FILE_BYTES = 8 * 1024 * 1024  # one file, uncompressed
MAX_TOTAL_BYTES = 32 * 1024 * 1024  # every file, uncompressed
MAX_MANIFEST_BYTES = 1024 * 1024  # manifest.json and manifest.sig, each

_VERSION = re.compile(r"^[0-9]{1,9}(?:\.[0-9]{1,9}){0,4}$")
_PART = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9._-]{0,98}[A-Za-z0-9_-])?$")  # no trailing dot
# Names Windows opens as devices, whatever the extension (CON, nul.md, Com1.txt).
_DEVICE = re.compile(r"^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])(?:\..*)?$", re.IGNORECASE)
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def parse_version(text: object) -> tuple[int, ...]:
    """`2025.12.1` -> (2025, 12, 1); anything else is refused (versions name folders too)."""
    if not isinstance(text, str) or not _VERSION.match(text):
        raise EditionError(f"{text!r} is not an edition version (numbers joined by dots).")
    return tuple(int(part) for part in text.split("."))


def check_name(name: str) -> None:
    """Refuse a file name that is absolute, climbs out (`..`), or could mean two things."""
    parts = name.split("/")
    if (
        not name.startswith(CONTENT_PREFIX)
        or len(name) > 300
        or len(parts) > 8
        or not all(_PART.match(part) and not _DEVICE.match(part) for part in parts[1:])
    ):
        raise EditionError(
            f"the pack holds a file named {name!r}, outside its content folder or not a plain "
            "file name, so it was not installed."
        )


class FileEntry(NamedTuple):
    """What the manifest promises about one file."""

    sha256: str
    size: int


class Manifest(NamedTuple):
    """A pack's manifest: the toolkit and edition it carries, and every file with its hash."""

    toolkit_title: str
    edition: str
    version: str
    follows: str
    files: dict[str, FileEntry]
    format_version: int = FORMAT_VERSION

    def to_bytes(self) -> bytes:
        """The exact bytes that are signed (sorted keys, so a pack is reproducible)."""
        data = {
            "format": FORMAT,
            "format_version": self.format_version,
            "toolkit_title": self.toolkit_title,
            "edition": self.edition,
            "version": self.version,
            "follows": self.follows,
            "files": {
                name: {"sha256": entry.sha256, "size": entry.size}
                for name, entry in sorted(self.files.items())
            },
        }
        return (json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip() or len(value) > 500:
        raise EditionError(f"the pack's manifest has no usable {key!r}.")
    return value


def parse(raw: bytes) -> Manifest:
    """Read a manifest strictly; any surprise raises EditionError, never another exception."""
    if len(raw) > MAX_MANIFEST_BYTES:
        raise EditionError("the pack's manifest is larger than a manifest can be.")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise EditionError("the pack's manifest is not readable JSON.") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise EditionError("the file is not an NSP Desktop edition pack.")
    version = data.get("format_version")
    if type(version) is not int or version < 1:
        raise EditionError("the pack's manifest has no usable format version.")
    if version > FORMAT_VERSION:
        raise EditionError(
            f"the pack is in format {version}, newer than this app reads ({FORMAT_VERSION}): "
            "update NSP Desktop first."
        )
    files = data.get("files")
    if not isinstance(files, dict) or not files:
        raise EditionError("the pack's manifest lists no files.")
    if len(files) > MAX_ENTRIES:
        raise EditionError(f"the pack lists more than {MAX_ENTRIES} files.")
    entries: dict[str, FileEntry] = {}
    for name, entry in files.items():
        check_name(name)
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("sha256"), str)
            or not _SHA256.match(entry["sha256"])
            or type(entry.get("size")) is not int
            or not 0 <= entry["size"] <= MAX_FILE_BYTES
        ):
            raise EditionError(f"the pack's manifest entry for {name!r} is not usable.")
        entries[name] = FileEntry(entry["sha256"], entry["size"])
    if sum(entry.size for entry in entries.values()) > MAX_TOTAL_BYTES:
        raise EditionError(
            f"the pack's files add up to more than {MAX_TOTAL_BYTES // (1024 * 1024)} MB."
        )
    manifest = Manifest(
        toolkit_title=_text(data, "toolkit_title"),
        edition=_text(data, "edition"),
        version=_text(data, "version"),
        follows=_text(data, "follows"),
        files=entries,
        format_version=version,
    )
    parse_version(manifest.version)
    parse_version(manifest.follows)
    return manifest
