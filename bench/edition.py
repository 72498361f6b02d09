"""Size of an edition pack of the toolkit and the time to install it, search index included.

Usage: python bench/edition.py [--runs N] [--dir DIR]
Packs a copy of content/ (version raised) and installs it N times into fresh data folders, two
ways: in process (verify, unpack, switch, rebuild the search index) and as a person runs it
(`nsp-desktop edition install`, a new process each time, bytecode cached as in a user's install).
Prints medians; targets: pack <= 100 KB, install <= 1 s. DIR should be on the disk a user's data
would be on (the default is a temporary folder inside the repository).
"""

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import PYTHON, ROOT, bench_env, median

sys.path.insert(0, str(ROOT))

from nsp_desktop.core.editions import keys  # noqa: E402
from nsp_desktop.core.editions.install import install, rebuild_search_index  # noqa: E402
from nsp_desktop.core.editions.pack import build_pack  # noqa: E402


def make_pack(work: Path) -> tuple[Path, Path, float]:
    content = work / "content"
    shutil.copytree(ROOT / "content", content)
    toolkit = content / "toolkit.md"
    toolkit.write_text(
        toolkit.read_text(encoding="utf-8").replace("version: 2025.12.1", "version: 2026.3.1"),
        encoding="utf-8",
    )
    keys.keygen(work / "trainer.key")
    start = time.perf_counter()
    build_pack(content, work / "trainer.key", work / "toolkit.nsppack", follows="2025.12.1")
    return work / "toolkit.nsppack", work / "trainer.key.pub", time.perf_counter() - start


def in_process(pack: Path, public: Path, work: Path, run: int) -> float:
    data = work / f"data-{run}"
    start = time.perf_counter()
    install(pack, data, ROOT / "content", keys.load_public_key(public))
    rebuild_search_index(data / "editions" / "2026.3.1" / "content", data / "cache")
    return time.perf_counter() - start


def as_a_command(pack: Path, public: Path, work: Path, run: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one `nsp-desktop edition install` process."""
    data = work / f"cli-{run}"
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    command = [PYTHON, "-m", "nsp_desktop", "--data-dir", str(data), "edition", "install"]
    start = time.perf_counter()
    subprocess.run(
        [*command, str(pack), "--trust-key", str(public)],
        check=True,
        cwd=ROOT,
        env=bench_env(),
        stdout=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - start
    now = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, now.ru_utime + now.ru_stime - used.ru_utime - used.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir or ROOT, prefix=".bench-edition-") as tmp:
        work = Path(tmp)
        pack, public, pack_time = make_pack(work)
        size = pack.stat().st_size
        as_a_command(pack, public, work, -1)  # once to cache bytecode, as an install has
        inside = [in_process(pack, public, work, n) for n in range(args.runs)]
        outside = [as_a_command(pack, public, work, n) for n in range(args.runs)]
    print(f"pack size             {size / 1024:7.1f} KB   (target <= 100 KB)")
    print(f"pack build            {pack_time * 1000:7.1f} ms")
    print(f"install, in process   {median(inside) * 1000:7.1f} ms   median of {args.runs}")
    wall, cpu = median([w for w, _ in outside]), median([c for _, c in outside])
    print(
        f"install, as a command {wall * 1000:7.1f} ms   median of {args.runs}, process start to "
        f"exit (target <= 1000 ms); {cpu * 1000:.1f} ms of CPU (steadier on a busy machine)"
    )


if __name__ == "__main__":
    main()
