"""Shared helpers for the benchmarks: environments, medians and percentiles."""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def bench_env() -> dict[str, str]:
    """The environment a user's install has: cached bytecode, offscreen unless a display exists."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    env["QT_LOGGING_RULES"] = "qt.qpa.*=false"
    return env


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def median(values: list[float]) -> float:
    return statistics.median(values)


PYTHON = sys.executable


def time_to_paint(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """(wall ms from process start to its first paint, CPU ms the process had used by then).

    The process prints `first-paint CPU_MS` once its first paint has finished. CPU time is the
    steadier figure on a shared machine: it does not count time spent waiting for a core.
    """
    start = time.perf_counter()
    proc = subprocess.Popen(
        command, stdout=subprocess.PIPE, env=env or bench_env(), cwd=ROOT, text=True
    )
    for line in proc.stdout:
        if line.startswith("first-paint"):
            elapsed = time.perf_counter() - start
            cpu = float(line.split()[1])
            break
    else:
        raise RuntimeError(f"{command} exited without painting")
    proc.stdout.read()
    proc.wait(timeout=30)
    return elapsed * 1000, cpu
