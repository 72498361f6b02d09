"""Make a signed `.nsppack` from a content folder, after checking that the content is valid."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path
from typing import NamedTuple

from nsp_desktop.core import frontmatter
from nsp_desktop.core.content import TOOLKIT_FILE, load_toolkit, validate
from nsp_desktop.core.editions import EditionError, keys
from nsp_desktop.core.editions.manifest import (
    CONTENT_PREFIX,
    MANIFEST_NAME,
    MAX_ENTRIES,
    MAX_FILE_BYTES,
    MAX_PACK_BYTES,
    MAX_TOTAL_BYTES,
    SIGNATURE_NAME,
    FileEntry,
    Manifest,
    check_name,
    parse_version,
)
from nsp_desktop.core.fileutil import atomic_write

_STAMP = (2020, 1, 1, 0, 0, 0)  # a fixed time: the same content and key make the same pack


class InvalidContent(EditionError):
    """The content folder is not valid; `problems` names each problem and its file."""

    def __init__(self, problems: list[str]):
        super().__init__(
            f"the content is not valid ({len(problems)} problem(s)), so no pack was made."
        )
        self.problems = problems


class PackInfo(NamedTuple):
    manifest: Manifest
    size: int  # bytes of the .nsppack
    fingerprint: str  # of the signing key


def content_files(content_dir: Path) -> dict[str, bytes]:
    """Every file of a content folder under its name in the pack (hidden files left out)."""
    found: dict[str, bytes] = {}
    for path in sorted(Path(content_dir).rglob("*")):
        relative = path.relative_to(content_dir)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.is_symlink():
            raise EditionError(f"{path} is a link; a pack holds plain files only.")
        if path.is_file():
            name = CONTENT_PREFIX + relative.as_posix()
            check_name(name)
            found[name] = path.read_bytes()
    if len(found) > MAX_ENTRIES - 2:
        raise EditionError(f"the content has more than {MAX_ENTRIES - 2} files.")
    if any(len(data) > MAX_FILE_BYTES for data in found.values()) or (
        sum(len(data) for data in found.values()) > MAX_TOTAL_BYTES
    ):
        raise EditionError("the content is larger than a pack may hold (see docs/editions.md).")
    return found


def declared_follows(content_dir: Path) -> str | None:
    """The `follows:` version in toolkit.md's front matter, when the trainer wrote one."""
    text = (Path(content_dir) / TOOLKIT_FILE).read_text(encoding="utf-8")
    value = frontmatter.parse(frontmatter.split(text)[0]).get("follows")
    return None if value is None else str(value)


def build_manifest(content_dir: Path, follows: str | None) -> tuple[Manifest, dict[str, bytes]]:
    """Validate the content and describe it; `follows` is used when toolkit.md names none."""
    content_dir = Path(content_dir)
    problems = validate(content_dir)
    if problems:
        raise InvalidContent(problems)
    toolkit = load_toolkit(content_dir)
    follows = declared_follows(content_dir) or follows
    if follows is None:
        raise EditionError("say which version this edition follows (`follows:` in toolkit.md).")
    if parse_version(toolkit.version) <= parse_version(follows):
        raise EditionError(
            f"the content's version {toolkit.version} is not newer than the edition it follows "
            f"({follows}): raise `version:` in {TOOLKIT_FILE}."
        )
    files = content_files(content_dir)
    manifest = Manifest(
        toolkit_title=toolkit.title,
        edition=toolkit.edition,
        version=toolkit.version,
        follows=follows,
        files={
            name: FileEntry(hashlib.sha256(data).hexdigest(), len(data))
            for name, data in files.items()
        },
    )
    return manifest, files


def _add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_STAMP)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o100644 << 16  # a regular file, readable by all
    archive.writestr(info, data, compresslevel=9)


def build_pack(
    content_dir: Path, key_file: Path, out: Path, follows: str | None = None
) -> PackInfo:
    """Write `out`, a pack of `content_dir` signed with the secret key in `key_file`."""
    key = keys.load_signing_key(key_file)
    manifest, files = build_manifest(content_dir, follows)
    raw_manifest = manifest.to_bytes()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        _add(archive, MANIFEST_NAME, raw_manifest)
        _add(archive, SIGNATURE_NAME, keys.sign(key, raw_manifest))
        for name, data in files.items():
            _add(archive, name, data)
    data = buffer.getvalue()
    if len(data) > MAX_PACK_BYTES:
        raise EditionError("the pack would be larger than a pack may be (see docs/editions.md).")
    atomic_write(Path(out), data)
    return PackInfo(manifest, len(data), keys.fingerprint(bytes(key.verify_key)))
