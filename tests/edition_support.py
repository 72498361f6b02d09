"""Builders for edition tests: a test edition made from content/, keys, packs and a folder digest."""

from __future__ import annotations

import hashlib
import json
import shutil
import struct
import zlib
from pathlib import Path
from typing import NamedTuple

from nsp_desktop.core.editions import keys
from nsp_desktop.core.editions.pack import build_pack, content_files
from tests.helpers import CONTENT

NEW_VERSION = "2026.3.1"
NEW_WORD = "omnipresent"  # in no sentence of the bundled toolkit; the reworded one has it
NEW_POLICY = "publish-surveillance-inventory"
ADDED_ITEM = "publish-camera-list"
REMOVED_ITEM = "gather-contract-data"  # of cancel-detention-contracts
KEPT_ITEM = "identify-detention-contracts"

_POLICY = f"""---
id: {NEW_POLICY}
priority: no-data
order: 9
title: Publish an inventory of surveillance technology
---

Residents cannot question what they cannot see. A public inventory of surveillance tools is a first step.

1. [ ] {{#list-tools}} List every surveillance tool your locality owns or contracts for.
2. [ ] {{#publish-list}} Publish the list and update it every year.
"""


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def make_edition(target: Path, version: str = NEW_VERSION) -> Path:
    """content/ with a sentence reworded, an item removed, an item added and a policy added."""
    shutil.copytree(CONTENT, target)
    _replace(target / "toolkit.md", "version: 2025.12.1", f"version: {version}")
    _replace(target / "toolkit.md", "edition: December 2025", "edition: March 2026")
    alpr = target / "policies" / "01-cancel-alpr-contracts.md"
    _replace(alpr, "one of the most pervasive", f"one of the most {NEW_WORD}")
    _replace(
        alpr,
        "3. [ ] {#terminate-contracts}",
        f"3. [ ] {{#{ADDED_ITEM}}} Publish the list of cameras and who can see their data.\n"
        "4. [ ] {#terminate-contracts}",
    )
    detention = target / "policies" / "04-cancel-detention-contracts.md"
    text = detention.read_text(encoding="utf-8").splitlines(keepends=True)
    detention.write_text(
        "".join(line for line in text if f"{{#{REMOVED_ITEM}}}" not in line), encoding="utf-8"
    )
    (target / "policies" / "12-publish-surveillance-inventory.md").write_text(
        _POLICY, encoding="utf-8"
    )
    # The removed item held words two topics of the thesaurus lead to: an edition that drops
    # text updates its thesaurus too (validate insists every topic leads to text that exists).
    thesaurus = target / "thesaurus.toml"
    _replace(thesaurus, ', "how much contracts are worth"]', "]")
    _replace(thesaurus, '"detention beds", ', "")
    return target


def make_key(folder: Path, name: str = "trainer.key") -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    keys.keygen(folder / name)
    return folder / name, folder / f"{name}.pub"


def make_pack(folder: Path, key: Path, version: str = NEW_VERSION, name: str = "") -> Path:
    content = make_edition(folder / f"content-{version}", version)
    out = folder / (name or f"toolkit-{version}.nsppack")
    build_pack(content, key, out, follows="2025.12.1")
    return out


def tree_digest(folder: Path) -> str:
    """Every name, kind and byte under `folder`: equal means unchanged. The CLI's log folder is
    left out (it may record the refusal itself; it is not the person's data), and a folder holding
    nothing else counts as absent, so a refusal that creates the data folder only to log is not
    mistaken for one that changed it."""
    if not folder.exists():
        return "absent"
    paths = [p for p in sorted(folder.rglob("*")) if p.relative_to(folder).parts[0] != "logs"]
    if not paths and (folder / "logs").exists():
        return "absent"
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        if path.is_symlink():
            digest.update(b"link:" + str(path.readlink()).encode())
        elif path.is_file():
            digest.update(b"file:" + path.read_bytes())
        else:
            digest.update(b"dir")
    return digest.hexdigest()


# Packs made by hand, to say things a well-behaved packer never says --------------------------


class Entry(NamedTuple):
    """One zip entry as written byte by byte: any name, mode, sizes and compressed stream."""

    name: str
    data: bytes = b""
    compressed: bytes | None = None  # a raw deflate stream used as is (data then only for CRC)
    declared_size: int | None = None  # the uncompressed size the headers claim
    mode: int = 0o100644
    crc: int | None = None


def deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def zeros_stream(megabytes: int) -> bytes:
    """A raw deflate stream of `megabytes` MiB of zeros, made without compressing them all:
    after a full flush each MiB compresses to the same bytes, so one block is repeated."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    zeros = bytes(1 << 20)
    packer.compress(zeros)
    packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(zeros) + packer.flush(zlib.Z_FULL_FLUSH)
    return block * megabytes + packer.flush()


def write_zip(path: Path, entries: list[Entry]) -> Path:
    """A zip file of `entries`, deflated, with Unix modes and whatever sizes they declare."""
    body, central = bytearray(), bytearray()
    for e in entries:
        stream = e.compressed if e.compressed is not None else deflate(e.data)
        crc = zlib.crc32(e.data) if e.crc is None else e.crc
        size = len(e.data) if e.declared_size is None else e.declared_size
        name = e.name.encode()
        offset = len(body)
        body += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, 0x800, 8, 0, 0x21, crc, len(stream), size, len(name), 0
        )
        body += name + stream
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            (3 << 8) | 20,
            20,
            0x800,
            8,
            0,
            0x21,
            crc,
            len(stream),
            size,
            len(name),
            0,
            0,
            0,
            0,
            e.mode << 16,
            offset,
        )
        central += name
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), len(body), 0
    )
    path.write_bytes(bytes(body + central + end))
    return path


def manifest_for(files: dict[str, bytes], version: str, **fields: object) -> bytes:
    data = {
        "format": "nsppack",
        "format_version": 1,
        "toolkit_title": "No Secret Police",
        "edition": "March 2026",
        "version": version,
        "follows": "2025.12.1",
        "files": {
            name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
            for name, data in files.items()
        },
    }
    data.update(fields)
    return json.dumps(data).encode()


def edition_files(folder: Path, version: str) -> dict[str, bytes]:
    """The files of the test edition at `version`, named as in a pack."""
    return content_files(make_edition(folder / f"files-{version}", version))


def hand_made_pack(
    path: Path,
    key: Path | None,
    files: dict[str, bytes],
    version: str,
    extra: list[Entry] = (),
    listed: dict[str, bytes] | None = None,
    **fields: object,
) -> Path:
    """A pack of `files` plus `extra` entries, its manifest listing `listed` (default: `files`
    and the extra entries' data), signed with `key` (or unsigned when None)."""
    if listed is None:
        listed = {**files, **{e.name: e.data for e in extra}}
    raw = manifest_for(listed, version, **fields)
    entries = [Entry("manifest.json", raw)]
    if key is not None:
        entries.append(Entry("manifest.sig", keys.sign(keys.load_signing_key(key), raw)))
    entries += [Entry(name, data) for name, data in files.items()] + list(extra)
    return write_zip(path, entries)
