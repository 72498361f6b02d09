"""Ed25519 signing keys: make a pair, read key files, fingerprints, and the keys a person trusts."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from nsp_desktop.core.editions import EditionError
from nsp_desktop.core.fileutil import atomic_write

SECRET_HEADER = "nsp-desktop edition secret key v1"
PUBLIC_HEADER = "nsp-desktop edition public key v1"
TRUSTED_FILE = "trusted-keys.json"

# Public keys of the toolkit's publishers, trusted without asking (base64 of 32 bytes).
BUILT_IN_KEYS: tuple[str, ...] = ()


def fingerprint(public_key: bytes) -> str:
    """Short, readable and stable: the first 16 bytes of SHA-256 of the key, in groups of four."""
    digest = hashlib.sha256(public_key).hexdigest()[:32]
    return " ".join(digest[i : i + 4] for i in range(0, 32, 4))


def _encode(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def decode_key(text: str) -> bytes:
    """32 raw bytes from base64, or EditionError."""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise EditionError("the key is not valid base64.") from None
    if len(raw) != 32:
        raise EditionError("the key is not an Ed25519 key (32 bytes).")
    return raw


def _read_key_file(path: Path, header: str) -> bytes:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise EditionError(f"the key file {path} cannot be read ({error}).") from None
    if len(lines) < 2 or lines[0].strip() != header:
        raise EditionError(f"{path} is not an NSP Desktop {header.split()[2]} key file.")
    return decode_key(lines[1])


def keygen(out: Path) -> str:
    """Write a new secret key to `out` (owner-only) and its public key to `out`.pub."""
    out = Path(out)
    public_path = out.with_name(out.name + ".pub")
    for path in (out, public_path):
        if path.exists():
            raise EditionError(f"{path} already exists; a key is never overwritten.")
    key = SigningKey.generate()
    public = bytes(key.verify_key)
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(f"{SECRET_HEADER}\n{_encode(bytes(key))}\n")
        handle.flush()
        os.fsync(handle.fileno())
    atomic_write(
        public_path, f"{PUBLIC_HEADER}\n{_encode(public)}\nfingerprint {fingerprint(public)}\n"
    )
    return fingerprint(public)


def load_signing_key(path: Path) -> SigningKey:
    return SigningKey(_read_key_file(path, SECRET_HEADER))


def load_public_key(path: Path) -> bytes:
    return _read_key_file(path, PUBLIC_HEADER)


def sign(key: SigningKey, message: bytes) -> bytes:
    """The signature file's bytes: the signer's public key and the detached signature."""
    signature = key.sign(message).signature
    data = {
        "format_version": 1,
        "key": _encode(bytes(key.verify_key)),
        "signature": _encode(signature),
    }
    return (json.dumps(data, indent=1, sort_keys=True) + "\n").encode()


def signer(signature_file: bytes) -> tuple[bytes, bytes]:
    """(public key, signature) from a signature file, or EditionError."""
    try:
        data = json.loads(signature_file.decode("utf-8"))
        key, signature = data["key"], data["signature"]
        raw_signature = base64.b64decode(signature, validate=True)
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, binascii.Error):
        raise EditionError("the pack's signature file is not readable.") from None
    if len(raw_signature) != 64:
        raise EditionError("the pack's signature file is not readable.")
    return decode_key(key if isinstance(key, str) else ""), raw_signature


def verify(public_key: bytes, message: bytes, signature: bytes) -> None:
    try:
        VerifyKey(public_key).verify(message, signature)
    except BadSignatureError:
        raise EditionError(
            "the manifest does not match its signature: the pack was changed after it was signed."
        ) from None


def trusted_keys(editions_dir: Path) -> set[bytes]:
    """The built-in keys and those the person accepted; an unreadable list counts as empty."""
    keys = {base64.b64decode(key) for key in BUILT_IN_KEYS}
    try:
        data = json.loads((Path(editions_dir) / TRUSTED_FILE).read_text(encoding="utf-8"))
        for entry in data["keys"]:
            keys.add(decode_key(entry["key"]))
    except (OSError, ValueError, KeyError, TypeError, EditionError):
        pass
    return keys


def accept_key(editions_dir: Path, public_key: bytes) -> None:
    """Add `public_key` to the keys the person trusts (atomically; kept if already there)."""
    try:
        data = json.loads((Path(editions_dir) / TRUSTED_FILE).read_text(encoding="utf-8"))
        entries = [e for e in data["keys"] if isinstance(e, dict) and isinstance(e.get("key"), str)]
    except (OSError, ValueError, KeyError, TypeError):
        entries = []
    if _encode(public_key) not in {e["key"] for e in entries}:
        entries.append(
            {
                "key": _encode(public_key),
                "fingerprint": fingerprint(public_key),
                "accepted_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            }
        )
    text = json.dumps({"format_version": 1, "keys": entries}, indent=1) + "\n"
    atomic_write(Path(editions_dir) / TRUSTED_FILE, text)
