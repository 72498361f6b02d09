"""Install a verified pack beside the bundled edition, atomically, and switch between editions."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import NamedTuple

from nsp_desktop.core.content import load_toolkit, validate
from nsp_desktop.core.editions import EditionError, keys
from nsp_desktop.core.editions.manifest import (
    MANIFEST_NAME,
    SIGNATURE_NAME,
    Manifest,
    parse_version,
)
from nsp_desktop.core.editions.state import (
    BUNDLED,
    CONTENT,
    POINTER_FILE,
    InUse,
    bundled_version,
    edition_content,
    editions_dir,
    installed_versions,
    pointer_text,
    read_in_use,
)
from nsp_desktop.core.editions.verify import read_pack
from nsp_desktop.core.fileutil import atomic_write
from nsp_desktop.core.glossary import Glossary, GlossaryError, load_glossary
from nsp_desktop.core.search import SearchIndex

_INCOMING = ".incoming-"


class AlreadyHere(EditionError):
    """The pack's edition is installed already (or is the bundled one): `name` switches to it."""

    def __init__(self, message: str, name: str):
        super().__init__(message)
        self.name = name


class NotNewer(EditionError):
    """The pack is not newer than the edition in use; `allow_older` installs it on purpose."""


class Installed(NamedTuple):
    manifest: Manifest
    previous: str  # the edition in use before
    fingerprint: str  # of the key that signed it
    newly_trusted: bool  # the key was accepted by this install


class EditionInfo(NamedTuple):
    name: str  # "bundled" or the version
    version: str
    edition: str
    title: str
    fingerprint: str  # "" for the bundled edition
    in_use: bool


def rebuild_search_index(content_dir: Path, cache_dir: Path) -> None:
    """Build and keep the search index of `content_dir`, so the next start finds it ready."""
    toolkit = load_toolkit(content_dir)
    try:
        glossary = load_glossary(content_dir)
    except GlossaryError:
        glossary = Glossary()
    SearchIndex.load_or_build(toolkit, glossary, cache_dir)


def _write_tree(folder: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        target = folder.joinpath(*name.split("/"))
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "xb") as handle:  # "x": never follow or overwrite anything there
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())


def _check_unpacked(folder: Path, manifest: Manifest) -> None:
    problems = validate(folder)
    if problems:
        raise EditionError(f"the pack's content is not valid: {problems[0]}")
    toolkit = load_toolkit(folder)
    said = (toolkit.title, toolkit.edition, toolkit.version)
    if said != (manifest.toolkit_title, manifest.edition, manifest.version):
        raise EditionError(
            f"the manifest says {manifest.edition} ({manifest.version}) but the content says "
            f"{toolkit.edition} ({toolkit.version})."
        )


def install(
    pack: Path,
    data_dir: Path,
    bundled: Path,
    offered_key: bytes | None = None,
    allow_older: bool = False,
) -> Installed:
    """Verify `pack`, put it in `data_dir`/editions/<version>/ and put it in use; or refuse.

    A refusal leaves the data folder as it was; an interruption leaves the previous edition in use.
    """
    data_dir, bundled = Path(data_dir), Path(bundled)
    folder = editions_dir(data_dir)
    trusted = keys.trusted_keys(folder)
    pack_data = read_pack(pack, trusted, offered_key)
    manifest = pack_data.manifest
    shipped = load_toolkit(bundled)
    if manifest.toolkit_title != shipped.title:
        raise EditionError(
            f"the pack is an edition of “{manifest.toolkit_title}”, not of “{shipped.title}”."
        )
    in_use = read_in_use(data_dir, bundled)
    if manifest.version == shipped.version or manifest.version in installed_versions(data_dir):
        name = BUNDLED if manifest.version == shipped.version else manifest.version
        raise AlreadyHere(
            f"edition {manifest.version} is already here; `nsp-desktop edition use "
            f"{name}` switches to it.",
            name,
        )
    current = shipped.version if in_use.current == BUNDLED else in_use.current
    if parse_version(manifest.version) <= parse_version(current) and not allow_older:
        raise NotNewer(
            f"the pack holds version {manifest.version}, not newer than the edition in use "
            f"({current}); to go back on purpose, add --allow-older."
        )

    created = [p for p in (folder, *folder.parents) if not p.exists()]  # deepest first
    folder.mkdir(parents=True, exist_ok=True)
    incoming = Path(tempfile.mkdtemp(prefix=_INCOMING, dir=folder))
    try:
        _write_tree(incoming, pack_data.files)
        _write_tree(
            incoming,
            {MANIFEST_NAME: pack_data.raw_manifest, SIGNATURE_NAME: pack_data.raw_signature},
        )
        _check_unpacked(incoming / CONTENT, manifest)
        os.rename(incoming, folder / manifest.version)
    except BaseException:
        shutil.rmtree(incoming, ignore_errors=True)
        with contextlib.suppress(OSError):
            for made in created:
                made.rmdir()
        raise
    for stale in folder.glob(_INCOMING + "*"):  # left by an install that was interrupted
        shutil.rmtree(stale, ignore_errors=True)
    newly_trusted = pack_data.public_key not in trusted
    if newly_trusted:
        keys.accept_key(folder, pack_data.public_key)
    atomic_write(
        folder / POINTER_FILE, pointer_text(InUse(manifest.version, in_use.current), bundled)
    )
    return Installed(
        manifest, in_use.current, keys.fingerprint(pack_data.public_key), newly_trusted
    )


def use(data_dir: Path, name: str, bundled: Path) -> InUse:
    """Put `bundled` or an installed version in use; the one in use becomes the one before."""
    if name == bundled_version(bundled):
        name = BUNDLED  # the bundled edition asked for by its version
    if edition_content(data_dir, name, bundled) is None:
        raise EditionError(
            f"there is no edition {name!r} here; `nsp-desktop edition list` shows them."
        )
    in_use = read_in_use(data_dir, bundled)
    if name == in_use.current:
        return in_use
    chosen = InUse(name, in_use.current)
    atomic_write(editions_dir(data_dir) / POINTER_FILE, pointer_text(chosen, bundled))
    return chosen


def list_editions(data_dir: Path, bundled: Path) -> list[EditionInfo]:
    """The bundled edition, then the installed ones oldest first."""
    current = read_in_use(data_dir, bundled).current
    shipped = load_toolkit(bundled)
    found = [
        EditionInfo(
            BUNDLED, shipped.version, shipped.edition, shipped.title, "", current == BUNDLED
        )
    ]
    for name in sorted(installed_versions(data_dir), key=parse_version):
        where = editions_dir(data_dir) / name
        try:
            meta = json.loads((where / MANIFEST_NAME).read_text(encoding="utf-8"))
            public_key, _ = keys.signer((where / SIGNATURE_NAME).read_bytes())
            fingerprint = keys.fingerprint(public_key)
            edition, title = str(meta["edition"]), str(meta["toolkit_title"])
        except (OSError, ValueError, KeyError, TypeError, EditionError):
            fingerprint, edition, title = "?", "?", "?"
        found.append(EditionInfo(name, name, edition, title, fingerprint, current == name))
    return found
