"""Time to first paint: the built bundle against the app run from source, interleaved.

Usage: python bench/bundle.py [--bundle DIR] [--runs N]
DIR is the unpacked Linux bundle (default: the one build_installer.py leaves in dist/). Each run is
timed from process start until the app prints at its first paint. The bundle is started through its
launcher (`nsp-desktop`, which checks Qt's system libraries first) and, as a third series, directly
(`nsp-desktop-bin`). PYTHONDONTWRITEBYTECODE is unset for the source app (an installed app has cached
bytecode) and one warm-up run of each is discarded. Besides the time to first paint it prints the CPU
time each process had used by its first paint, which waiting for a busy core does not inflate.
"""

import argparse
import platform
import sys
import tempfile
import tomllib
from pathlib import Path

from common import PYTHON, ROOT, bench_env, median, time_to_paint


def default_bundle() -> Path:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    return ROOT / "dist" / f"nsp-desktop-{version}-linux-{platform.machine()}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bundle", type=Path, default=default_bundle())
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    if not (args.bundle / "nsp-desktop").exists():
        sys.exit(f"no bundle in {args.bundle}: build one with python build_installer.py")
    source_env = bench_env()
    bundle_env = {
        k: v for k, v in source_env.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))
    }
    with tempfile.TemporaryDirectory() as data:
        flags = ["--data-dir", data, "--exit-after-first-paint"]
        series = {
            "source (python -m nsp_desktop)": ([PYTHON, "-m", "nsp_desktop", *flags], source_env),
            "bundle (nsp-desktop launcher)": (
                [str(args.bundle / "nsp-desktop"), *flags],
                bundle_env,
            ),
            "bundle (nsp-desktop-bin direct)": (
                [str(args.bundle / "nsp-desktop-bin"), *flags],
                bundle_env,
            ),
        }
        for command, env in series.values():
            time_to_paint(command, env)  # warm-up: compiles bytecode, fills the page cache
        wall: dict[str, list[float]] = {name: [] for name in series}
        cpu: dict[str, list[float]] = {name: [] for name in series}
        for _ in range(args.runs):
            for name, (command, env) in series.items():
                to_paint, cpu_ms = time_to_paint(command, env)
                wall[name].append(to_paint)
                cpu[name].append(cpu_ms)
    print(f"runs: {args.runs} each, interleaved; bundle: {args.bundle}")
    for name in series:
        print(
            f"{name:<34} first paint median {median(wall[name]):4.0f} ms, "
            f"CPU median {median(cpu[name]):4.0f} ms"
        )
    source, bundle = "source (python -m nsp_desktop)", "bundle (nsp-desktop launcher)"
    print(
        f"ratio (bundle / source): first paint {median(wall[bundle]) / median(wall[source]):.2f}, "
        f"CPU {median(cpu[bundle]) / median(cpu[source]):.2f}  (target <= 1.0)"
    )


if __name__ == "__main__":
    main()
