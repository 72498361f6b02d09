"""Makes the compile-cache seed an install carries: PySide6's embedded support modules, compiled.

    python tools/seed_compile_cache.py [OUT_DIR]     (default: compiled/ in the checkout)

PySide6 compiles its signature support from source held in its binary every time Qt is imported
(core/compile_cache.py). The app keeps that bytecode in the person's cache folder after its first
start; this makes the same file when the app is set up (run.sh) or built (build_installer.py), as
pip compiles bytecode when it installs, so that a very first start compiles nothing either. Run it
with the Python and PySide6 the app will run with: the file holds their bytecode, keyed by source,
and is simply not used by another.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nsp_desktop.core.compile_cache import CompileCache, cache_file  # noqa: E402


def main(out_dir: Path) -> int:
    path = cache_file(out_dir)
    path.unlink(missing_ok=True)  # from scratch: never keep another PySide6's entries
    cache = CompileCache(path)
    with cache.active():
        # deferred: the import is what compiles them, inside the cache's block
        import PySide6.QtCore  # noqa: F401, TID251 (a setup tool, not core)
    out_dir.mkdir(parents=True, exist_ok=True)
    cache.save()
    path.chmod(0o644)  # an install's file, read by every account that runs it
    print(f"compiled PySide6's support modules into {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "compiled"))
