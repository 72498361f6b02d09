"""Keeps the bytecode of source that a library compiles from memory on every start.

PySide6 carries its signature support (`shibokensupport`) as Python source inside its binary and
compiles it each time Qt is imported: about 80M instructions, a seventh of what a bare PySide6
window runs before its first paint. Python caches bytecode only for modules imported from files.
`CompileCache.active()` answers those `compile()` calls from a file in the app's cache folder,
keyed by file name, source and flags, so another PySide6 (another source) is compiled afresh and a
missing, partial or damaged cache file costs only the compiling it would have cost anyway.

An install may carry a seed: the same file, made when it was set up or built (`tools/
seed_compile_cache.py`, as pip compiles bytecode when it installs), read when the person's own
cache file is missing, so even a very first start compiles nothing.
"""

import __future__

import builtins
import marshal
import sys
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from nsp_desktop.core.fileutil import atomic_write

# The names PySide6 compiles its embedded support under.
SHIBOKEN_SOURCES = ("shibokensupport/", "signature_bootstrap.py")
_MAGIC = b"NSPcc1"
_FUTURE_FLAGS = 0
for _name in __future__.all_feature_names:
    _FUTURE_FLAGS |= getattr(__future__, _name).compiler_flag


def cache_file(cache_dir: Path) -> Path:
    """Bytecode differs between Python versions: one file per version."""
    return Path(cache_dir) / f"compiled-{sys.implementation.cache_tag}.bin"


class CompileCache:
    """Code objects for `compile()` calls on file names starting with one of `prefixes`."""

    def __init__(
        self, path: Path, prefixes: tuple[str, ...] = SHIBOKEN_SOURCES, seed: Path | None = None
    ):
        self.path = Path(path)
        self.prefixes = prefixes
        self.hits = 0
        self._codes = self._load(self.path) or (self._load(Path(seed)) if seed else {})
        self._new = False

    @staticmethod
    def _load(path: Path) -> dict:
        try:
            raw = path.read_bytes()
        except OSError:
            return {}
        header, checksum, payload = raw[:6], raw[6:10], raw[10:]
        if header != _MAGIC or checksum != zlib.crc32(payload).to_bytes(4, "little"):
            return {}  # not ours, cut short or damaged: compile as if there were no file
        try:
            codes = marshal.loads(payload)
        except (EOFError, ValueError, TypeError):
            return {}
        return codes if isinstance(codes, dict) else {}

    @contextmanager
    def active(self) -> Iterator[None]:
        """Within the block, `compile()` of a cached name is answered from the cache."""
        real = builtins.compile

        def compile_cached(source, filename, mode, *args, **kwargs):
            wanted = (
                not args
                and not kwargs
                and isinstance(filename, str)
                and filename.startswith(self.prefixes)
                and isinstance(source, (str, bytes))
            )
            if not wanted:
                return real(source, filename, mode, *args, **kwargs)
            # compile() takes the caller's __future__ flags (the embedded support's loader has
            # `annotations`): compile with exactly those, and keep them in the key.
            flags = sys._getframe(1).f_code.co_flags & _FUTURE_FLAGS
            text = source.encode("utf-8") if isinstance(source, str) else source
            key = (filename, mode, flags, len(text), zlib.crc32(text))
            code = self._codes.get(key)
            if code is None:
                code = self._codes[key] = real(source, filename, mode, flags, True)
                self._new = True
            else:
                self.hits += 1
            return code

        builtins.compile = compile_cached
        try:
            yield
        finally:
            builtins.compile = real

    def save(self) -> None:
        """Write the cache if anything was compiled that it did not hold (a first start)."""
        if not self._new:
            return
        payload = marshal.dumps(self._codes)
        atomic_write(self.path, _MAGIC + zlib.crc32(payload).to_bytes(4, "little") + payload)
        self._new = False
