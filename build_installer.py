"""Builds the distributable: a slim PyInstaller onedir bundle, then this OS's archive or installer.

Usage: python build_installer.py [--platform linux|windows|macos] [--content DIR] [--output DIR]
                                 [--work-dir DIR]

Linux: dist/nsp-desktop-VERSION-linux-ARCH.tar.xz (the bundle, a launcher that checks Qt's system
libraries, install.sh and uninstall.sh). Windows: dist/NSP-Desktop-Setup-VERSION.exe, an NSIS
installer, built on Windows or on Linux under Wine (--platform windows; for testing, see
docs/trainer-guide-windows.md). macOS: NSP Desktop.app in a .dmg (untested).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))  # the app's own validator and build_support, from this checkout

from build_support import DISPLAY_NAME, SLUG, BuildError, log, windows  # noqa: E402
from build_support.icons import render_icons, write_icns, write_ico  # noqa: E402
from build_support.package import folder_mb, package_linux, package_macos, self_test  # noqa: E402


def project() -> dict:
    """Name and description from pyproject.toml; the version from nsp_desktop, where it is written."""
    with open(ROOT / "pyproject.toml", "rb") as handle:
        meta = tomllib.load(handle)["project"]
    from nsp_desktop import __version__

    return {"name": meta["name"], "version": __version__, "description": meta["description"]}


def host() -> str:
    """linux, windows or macos: the OS this build runs on."""
    if sys.platform.startswith("linux"):
        return "linux"
    if sys.platform == "win32":
        return "windows"
    if sys.platform == "darwin":
        return "macos"
    raise BuildError(f"cannot build an installer on {sys.platform}")


def target(requested: str | None = None) -> str:
    """The OS to build for: this one, or Windows from Linux (under Wine)."""
    here = host()
    wanted = requested or here
    if wanted != here and (wanted, here) != ("windows", "linux"):
        raise BuildError(f"cannot build the {wanted} installer on {here}: build it on {wanted}")
    return wanted


def validate_content(content: Path) -> list[str]:
    from nsp_desktop.core.content import validate

    return validate(content)


def ensure_pyinstaller() -> None:
    if importlib.util.find_spec("PyInstaller") is not None:
        return
    log("PyInstaller is missing: installing it with pip")
    result = subprocess.run([sys.executable, "-m", "pip", "install", "pyinstaller>=6.5"])
    if result.returncode:
        raise BuildError(
            "could not install PyInstaller; install it with: python -m pip install 'pyinstaller>=6.5'"
        )


# The spec -----------------------------------------------------------------------------------------


SPEC = """\
# Written by build_installer.py on every build: edit it and build_support/, not this file.
import sys
sys.path.insert(0, {root!r})
from PyInstaller.utils.hooks import collect_submodules
from build_support import slim

a = Analysis(
    [{entry!r}],
    pathex=[{root!r}],
    datas=[({content!r}, "content"), ({resources!r}, "resources")],
    hiddenimports=slim.HIDDEN_IMPORTS
    + collect_submodules("whoosh", filter=lambda name: name not in slim.WHOOSH_SKIP)
    + collect_submodules("nsp_desktop"),
    excludes=slim.EXCLUDES,
    # Loose .pyc files rather than a zlib archive: start-up CPU matches the source app (measured
    # with bench/bundle.py: about 6% less than with the archive) for about 8 MB more on disk.
    noarchive=True,
)
a.binaries, a.datas = slim.slim(a.binaries, a.datas)
pyz = PYZ(a.pure)
exe = EXE(
    pyz,
    a.scripts,
    [],
    exclude_binaries=True,
    name={exe_name!r},
    console=False,
    strip={strip!r},
    upx=False,
    icon={icon!r},
)
coll = COLLECT(exe, a.binaries, a.datas, strip={strip!r}, upx=False, name={slug!r})
if sys.platform == "darwin":
    app = BUNDLE(
        coll,
        name={app_name!r},
        icon={icon!r},
        bundle_identifier="org.nspdesktop.reader",
        info_plist={{"CFBundleShortVersionString": {version!r}, "NSHighResolutionCapable": True}},
    )
"""


def write_spec(
    work: Path,
    content: Path,
    icon: Path | None,
    meta: dict,
    os_name: str,
    path_text: Callable[[Path], str] = str,
) -> Path:
    """The spec, its paths written as the Python running PyInstaller sees them (`path_text`)."""
    entry = work / "launch.py"
    entry.write_text(
        "import sys\nfrom nsp_desktop.app import main\nsys.exit(main())\n", encoding="utf-8"
    )
    spec = work / f"{SLUG}.spec"
    spec.write_text(
        SPEC.format(
            root=path_text(ROOT),
            entry=path_text(entry),
            content=path_text(content),
            resources=path_text(ROOT / "resources"),
            exe_name=f"{SLUG}-bin" if os_name == "linux" else SLUG,
            strip=os_name == "linux",  # stripping breaks macOS code signatures
            icon=path_text(icon) if icon else None,
            slug=SLUG,
            app_name=f"{DISPLAY_NAME}.app",
            version=meta["version"],
        ),
        encoding="utf-8",
    )
    return spec


def run_pyinstaller(spec: Path, work: Path) -> Path:
    dist = work / "pyinstaller-dist"
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    )
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    # A fresh work folder rather than --clean, which would also empty PyInstaller's cache of
    # stripped binaries that every build on this machine shares.
    for folder in (dist, work / "pyinstaller-work"):
        shutil.rmtree(folder, ignore_errors=True)
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"]
    command += ["--distpath", str(dist), "--workpath", str(work / "pyinstaller-work"), str(spec)]
    log("running PyInstaller (a few minutes)")
    if subprocess.run(command, env=env, cwd=work).returncode:
        raise BuildError("PyInstaller failed (its messages are above)")
    return dist


# Main ----------------------------------------------------------------------------------------


def build(content: Path, out: Path, work: Path, platform: str | None = None) -> Path:
    meta = project()
    os_name = target(platform)
    log(f"{meta['name']} {meta['version']} for {os_name}; content from {content}")
    problems = validate_content(content)
    if problems:
        raise BuildError(
            f"the content in {content} is not valid:\n  "
            + "\n  ".join(problems)
            + f"\n{len(problems)} problem(s); fix them (nsp-desktop validate DIR) and build again"
        )
    if os_name == host():
        ensure_pyinstaller()
    if os_name == "linux" and not shutil.which("objdump"):
        raise BuildError("objdump not found: install binutils (PyInstaller needs it on Linux)")
    if os_name == "linux" and not shutil.which("strip"):
        raise BuildError("strip not found: install binutils (PyInstaller strips the libraries)")
    started = time.perf_counter()
    work.mkdir(parents=True, exist_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    pngs = render_icons(work / "icons")
    icon = None  # Linux executables carry no icon: the .desktop entry names it
    if os_name == "windows":
        icon = write_ico(pngs, work / f"{SLUG}.ico")
    elif os_name == "macos":
        icon = write_icns(pngs, work / f"{SLUG}.icns")
    if os_name == "windows":
        artefact = windows.build(
            work,
            out,
            meta,
            icon,
            write_spec=lambda path_text: write_spec(
                work, content.resolve(), icon, meta, os_name, path_text
            ),
            run_native_pyinstaller=lambda spec: run_pyinstaller(spec, work),
            native_self_test=self_test,
        )
        bundle_mb = folder_mb(work / "pyinstaller-dist" / SLUG)
        return finish(artefact, bundle_mb, started)
    spec = write_spec(work, content.resolve(), icon, meta, os_name)
    dist = run_pyinstaller(spec, work)
    if os_name == "linux":
        artefact = package_linux(dist, out, meta, pngs)
        bundle_mb = folder_mb(artefact.parent / artefact.name.removesuffix(".tar.xz"))
    else:
        artefact = package_macos(dist, out, meta)
        bundle_mb = folder_mb(dist / f"{DISPLAY_NAME}.app")
    return finish(artefact, bundle_mb, started)


def finish(artefact: Path, bundle_mb: float, started: float) -> Path:
    elapsed = time.perf_counter() - started
    log(f"built {artefact} in {elapsed:.0f} s")
    log(
        f"bundle {bundle_mb:.1f} MB unpacked, {artefact.stat().st_size / 1e6:.1f} MB as {artefact.name}"
    )
    return artefact


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--platform",
        choices=("linux", "windows", "macos"),
        help="the OS to build for (default: this one; on Linux, windows builds under Wine)",
    )
    parser.add_argument(
        "--content",
        metavar="DIR",
        default=str(ROOT / "content"),
        help="toolkit content to bundle (default: content/); validated first",
    )
    parser.add_argument(
        "--output",
        metavar="DIR",
        default=str(ROOT / "dist"),
        help="where the archive or installer goes (default: dist/)",
    )
    parser.add_argument(
        "--work-dir",
        metavar="DIR",
        default=str(ROOT / "build"),
        help="scratch folder for the spec and PyInstaller (default: build/)",
    )
    args = parser.parse_args(argv)
    try:
        build(
            Path(args.content),
            Path(args.output).resolve(),
            Path(args.work_dir).resolve(),
            args.platform,
        )
    except BuildError as error:
        print(f"build stopped: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
