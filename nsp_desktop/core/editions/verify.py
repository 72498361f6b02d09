"""Read a `.nsppack` as hostile input: every check is made, in memory, before anything is written."""

from __future__ import annotations

import hashlib
import stat
import zipfile
import zlib
from pathlib import Path
from typing import NamedTuple

from nsp_desktop.core.editions import EditionError, keys, manifest
from nsp_desktop.core.editions.manifest import (
    MANIFEST_NAME,
    MAX_ENTRIES,
    MAX_FILE_BYTES,
    MAX_MANIFEST_BYTES,
    MAX_PACK_BYTES,
    MAX_TOTAL_BYTES,
    SIGNATURE_NAME,
    Manifest,
)

_CHUNK = 64 * 1024
_MB = 1024 * 1024


class VerifiedPack(NamedTuple):
    """A pack whose signature, manifest and every file have been checked."""

    manifest: Manifest
    raw_manifest: bytes
    raw_signature: bytes
    public_key: bytes
    files: dict[str, bytes]  # name in the pack -> contents, exactly as the manifest lists them


class UnknownKey(EditionError):
    """Signed by a key the person has not accepted. A window shows `fingerprint` and, if the
    person accepts it, installs again offering `public_key`; the CLI asks for the key file."""

    def __init__(self, public_key: bytes):
        self.public_key = public_key
        fingerprint = keys.fingerprint(public_key)
        super().__init__(
            f"the pack is signed by a key you have not accepted (fingerprint {fingerprint}); "
            "check it with the trainer who gave you the pack and, if it matches, install again "
            "with --trust-key and their public key file."
        )
        self.fingerprint = fingerprint


def _check_entries(infos: list[zipfile.ZipInfo]) -> None:
    """Names, kinds and declared sizes, before a single byte is decompressed."""
    if len(infos) > MAX_ENTRIES:
        raise EditionError(f"the pack holds more than {MAX_ENTRIES} files.")
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        folded = name.casefold()
        if folded in seen:  # also catches names that differ only by case (one file on Windows)
            raise EditionError(f"the pack holds {name!r} twice.")
        seen.add(folded)
        if name not in (MANIFEST_NAME, SIGNATURE_NAME):
            manifest.check_name(name)
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode) or (mode and not stat.S_ISREG(mode)) or info.is_dir():
            raise EditionError(f"the pack holds {name!r}, which is a link or a folder, not a file.")
        if info.flag_bits & 0x1:
            raise EditionError(f"the pack's file {name!r} is encrypted.")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise EditionError(f"the pack's file {name!r} is compressed in an unsupported way.")
        if info.file_size > MAX_FILE_BYTES:
            raise EditionError(
                f"the pack's file {name!r} would unpack to more than {MAX_FILE_BYTES // _MB} MB."
            )
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise EditionError(f"the pack would unpack to more than {MAX_TOTAL_BYTES // _MB} MB.")


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """The entry's bytes, counted as they come: a header that lies about the size cannot bomb."""
    chunks: list[bytes] = []
    count = 0
    with archive.open(info) as handle:
        while chunk := handle.read(_CHUNK):
            count += len(chunk)
            if count > limit or count > info.file_size:
                raise EditionError(
                    f"the pack's file {info.filename!r} unpacks to more than it declares."
                )
            chunks.append(chunk)
    return b"".join(chunks)


def read_pack(path: Path, trusted: set[bytes], offered_key: bytes | None = None) -> VerifiedPack:
    """Check a pack completely, or raise EditionError with the reason; nothing is written."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_PACK_BYTES:
            raise EditionError(f"the pack is larger than {MAX_PACK_BYTES // _MB} MB.")
        with zipfile.ZipFile(path) as archive:
            return _read_archive(archive, trusted, offered_key)
    except (zipfile.BadZipFile, zlib.error) as error:
        raise EditionError(f"the pack is damaged or not a zip file ({error}).") from None
    except (OSError, EOFError, ValueError, NotImplementedError) as error:
        raise EditionError(f"the pack cannot be read ({error}).") from None


def _read_archive(
    archive: zipfile.ZipFile, trusted: set[bytes], offered_key: bytes | None
) -> VerifiedPack:
    infos = archive.infolist()
    _check_entries(infos)
    by_name = {info.filename: info for info in infos}
    if MANIFEST_NAME not in by_name:
        raise EditionError("the pack has no manifest, so it is not an edition pack.")
    if SIGNATURE_NAME not in by_name:
        raise EditionError("the pack is not signed, so it cannot be trusted.")
    raw_manifest = _read(archive, by_name[MANIFEST_NAME], MAX_MANIFEST_BYTES)
    raw_signature = _read(archive, by_name[SIGNATURE_NAME], MAX_MANIFEST_BYTES)
    public_key, signature = keys.signer(raw_signature)
    if offered_key is not None and offered_key != public_key:
        raise EditionError(
            f"the pack is signed by the key {keys.fingerprint(public_key)}, not by the key "
            f"you gave ({keys.fingerprint(offered_key)})."
        )
    if public_key not in trusted and public_key != offered_key:
        raise UnknownKey(public_key)
    keys.verify(public_key, raw_manifest, signature)
    signed = manifest.parse(raw_manifest)

    present = set(by_name) - {MANIFEST_NAME, SIGNATURE_NAME}
    extra = sorted(present - set(signed.files))
    if extra:
        raise EditionError(f"the pack holds files its manifest does not list: {', '.join(extra)}.")
    missing = sorted(set(signed.files) - present)
    if missing:
        raise EditionError(f"the pack lacks files its manifest lists: {', '.join(missing)}.")
    files: dict[str, bytes] = {}
    for name, entry in sorted(signed.files.items()):
        data = _read(archive, by_name[name], min(entry.size, MAX_FILE_BYTES))
        if len(data) != entry.size or hashlib.sha256(data).hexdigest() != entry.sha256:
            raise EditionError(
                f"{name} does not match its hash in the manifest: the pack was changed after "
                "it was signed."
            )
        files[name] = data
    return VerifiedPack(signed, raw_manifest, raw_signature, public_key, files)
