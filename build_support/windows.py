"""The Windows installer: PyInstaller's Windows bundle wrapped by NSIS, built natively on Windows or
on Linux under Wine (build_support/wine.py). Installers built under Wine are for testing; the
release one comes from a Windows runner with the same NSIS script."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from build_support import PACKAGING, SLUG, BuildError, log
from build_support import wine as winelib

NSIS_SCRIPT = PACKAGING / "windows" / "installer.nsi"
# Qt's software OpenGL (20 MB): only Qt Quick and QOpenGLWidget fall back on it; the app's widgets
# paint with the raster engine.
DROPPED_FILES = {"opengl32sw.dll"}


def installer_name(meta: dict) -> str:
    return f"NSP-Desktop-Setup-{meta['version']}.exe"


def under_wine() -> bool:
    """True when this build makes the Windows installer from Linux, through Wine."""
    return sys.platform != "win32"


def drop_unused(bundle: Path) -> None:
    for path in bundle.rglob("*"):
        if path.name.lower() in DROPPED_FILES:
            path.unlink()


def run_pyinstaller(prefix: winelib.Prefix, spec: Path, work: Path) -> Path:
    """PyInstaller in the prefix's Windows Python: its Windows hooks, .ico and console-less exe."""
    dist = work / "pyinstaller-dist"
    for folder in (dist, work / "pyinstaller-work"):
        shutil.rmtree(folder, ignore_errors=True)
    command = ["-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"]
    command += ["--distpath", winelib.windows_path(dist)]
    command += ["--workpath", winelib.windows_path(work / "pyinstaller-work")]
    log("running PyInstaller under Wine (a few minutes)")
    result = prefix.python(
        [*command, winelib.windows_path(spec)], timeout=1800, cwd=work, echo=True
    )
    prefix.wait()
    if result.returncode or not (dist / SLUG / f"{SLUG}.exe").is_file():
        raise BuildError(f"PyInstaller under Wine failed (exit {result.returncode}; output above)")
    return dist


def seed_under_wine(prefix: winelib.Prefix, work: Path, seed_tool: Path) -> Path | None:
    """PySide6's support modules compiled by the prefix's Windows Python and PySide6 (the ones the
    bundle carries), so the installed app's very first start compiles nothing; None if that fails
    (only a speed-up: the first start compiles them, as before)."""
    folder = work / "compiled"
    shutil.rmtree(folder, ignore_errors=True)
    result = prefix.python(
        [winelib.windows_path(seed_tool), winelib.windows_path(folder)], timeout=300
    )
    prefix.wait()
    if result.returncode or not any(folder.glob("compiled-*.bin")):
        log(f"not carrying compiled PySide6 support:\n{result.stdout[-1000:]}")
        return None
    return folder


def self_test_under_wine(prefix: winelib.Prefix, exe: Path) -> str:
    """The bundle's own --self-test, run as Windows runs it (nothing of the build's environment:
    Wine passes no QT_* variables, so the app sets what it needs itself)."""
    result = prefix.run([str(exe), "--self-test"], timeout=300)
    prefix.wait()
    if result.returncode or "self-test passed" not in result.stdout:
        raise BuildError(f"the Windows bundle's self-test failed under Wine:\n{result.stdout}")
    return result.stdout


def makensis() -> str:
    found = shutil.which("makensis") or shutil.which("makensis.exe")
    if found is None:
        raise BuildError("makensis not found: install NSIS (Debian: sudo apt-get install nsis)")
    return found


def wrap(bundle: Path, out: Path, meta: dict, icon: Path) -> Path:
    """The NSIS installer around the bundle (runs natively: NSIS is a Linux program too)."""
    setup = out / installer_name(meta)
    setup.unlink(missing_ok=True)
    defines = {"VERSION": meta["version"], "BUNDLE": bundle, "ICON": icon, "OUTFILE": setup}
    command = [makensis(), "-V2", "-NOCD", *(f"-D{k}={v}" for k, v in defines.items())]
    log(f"wrapping the bundle with NSIS into {setup.name}")
    result = subprocess.run(
        [*command, str(NSIS_SCRIPT)], capture_output=True, text=True, timeout=1800
    )
    if result.returncode or not setup.is_file():
        raise BuildError(f"makensis failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return setup


def build(
    work: Path,
    out: Path,
    meta: dict,
    icon: Path,
    write_spec: Callable[[Callable[[Path], str], Path | None], Path],
    run_native_pyinstaller: Callable[[Path], Path],
    native_self_test: Callable[[Path], None],
    native_seed: Callable[[Path], Path | None],
    seed_tool: Path,
) -> Path:
    """Bundle, self-test and wrap. `write_spec(path_text, compiled)` writes the spec with paths
    as the Python that runs PyInstaller sees them, carrying the compile-cache seed `compiled`."""
    if not under_wine():
        bundle = run_native_pyinstaller(write_spec(str, native_seed(work))) / SLUG
        drop_unused(bundle)
        native_self_test(bundle / f"{SLUG}.exe")
        return wrap(bundle, out, meta, icon)
    started = time.perf_counter()
    prefix = winelib.build_prefix()
    log(f"Windows Python ready in {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    compiled = seed_under_wine(prefix, work, seed_tool)
    bundle = run_pyinstaller(prefix, write_spec(winelib.windows_path, compiled), work) / SLUG
    drop_unused(bundle)
    log(f"PyInstaller under Wine took {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    report = self_test_under_wine(prefix, bundle / f"{SLUG}.exe")
    log(f"bundle self-test passed under Wine in {time.perf_counter() - started:.0f} s:")
    print("  " + "\n  ".join(report.strip().splitlines()), flush=True)
    started = time.perf_counter()
    setup = wrap(bundle, out, meta, icon)
    log(f"NSIS took {time.perf_counter() - started:.0f} s")
    return setup
