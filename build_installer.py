"""Builds the distributable: a slim PyInstaller onedir bundle, then this OS's archive or installer.

Usage: python build_installer.py [--platform linux|windows|macos] [--content DIR] [--output DIR]
                                 [--work-dir DIR] [--pack-key KEYFILE [--pack-follows VERSION]]

Linux: dist/nsp-desktop-VERSION-linux-ARCH.tar.xz (the bundle, a launcher that checks Qt's system
libraries, install.sh and uninstall.sh). Windows: dist/NSP-Desktop-Setup-VERSION.exe, an NSIS
installer, built on Windows or on Linux under Wine (--platform windows; for testing, see
docs/trainer-guide-windows.md). macOS: NSP Desktop.app in a .dmg (untested).

With --pack-key, the same --content folder is also signed as a toolkit edition pack, written beside
the archive as <name>-<content version>.nsppack (see docs/editions.md): people who already have the
app install that small file instead of the whole installer.
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
SEED_TOOL = ROOT / "tools" / "seed_compile_cache.py"  # PySide6's support, compiled for the bundle

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


def check_content(content: Path) -> None:
    """Stop the build, naming every problem, unless `content` is valid."""
    problems = validate_content(content)
    if problems:
        raise BuildError(
            f"the content in {content} is not valid:\n  "
            + "\n  ".join(problems)
            + f"\n{len(problems)} problem(s); fix them (nsp-desktop validate DIR) and build again"
        )


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
    datas=[({content!r}, "content"), ({resources!r}, "resources")] + {compiled!r},
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
    compiled: Path | None = None,
) -> Path:
    """The spec, its paths written as the Python running PyInstaller sees them (`path_text`).
    `compiled`: a folder holding the compile-cache seed (tools/seed_compile_cache.py) to carry."""
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
            compiled=[(path_text(compiled), "compiled")] if compiled else [],
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


def seed_compiled(work: Path) -> Path | None:
    """PySide6's support modules compiled by the Python and PySide6 the bundle carries (this
    build's), so the bundle's very first start compiles nothing; None if that fails (only a
    speed-up: the first start then compiles them, as before)."""
    folder = work / "compiled"
    shutil.rmtree(folder, ignore_errors=True)
    made = subprocess.run(
        [sys.executable, str(SEED_TOOL), str(folder)],
        capture_output=True,
        text=True,
    )
    if made.returncode or not any(folder.glob("compiled-*.bin")):
        log(f"not carrying compiled PySide6 support ({made.stderr.strip()[-200:] or 'no file'})")
        return None
    return folder


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
    check_content(content)
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
            write_spec=lambda path_text, compiled: write_spec(
                work, content.resolve(), icon, meta, os_name, path_text, compiled
            ),
            run_native_pyinstaller=lambda spec: run_pyinstaller(spec, work),
            native_self_test=self_test,
            native_seed=seed_compiled,
            seed_tool=SEED_TOOL,
        )
        bundle_mb = folder_mb(work / "pyinstaller-dist" / SLUG)
        return finish(artefact, bundle_mb, started)
    spec = write_spec(work, content.resolve(), icon, meta, os_name, compiled=seed_compiled(work))
    dist = run_pyinstaller(spec, work)
    if os_name == "linux":
        artefact = package_linux(dist, out, meta, pngs)
        bundle_mb = folder_mb(artefact.parent / artefact.name.removesuffix(".tar.xz"))
    else:
        artefact = package_macos(dist, out, meta)
        bundle_mb = folder_mb(dist / f"{DISPLAY_NAME}.app")
    return finish(artefact, bundle_mb, started)


def prepare_pack(content: Path, key: Path, work: Path, follows: str | None = None) -> Path:
    """Sign `content` as an edition pack in `work`, before the long build: a key that cannot be
    read or a version that follows nothing stops the build at once."""
    # deferred: the editions core (libsodium) loads only for a build that signs a pack
    from nsp_desktop.core.content import load_toolkit
    from nsp_desktop.core.editions import EditionError
    from nsp_desktop.core.editions.pack import InvalidContent, build_pack

    check_content(content)  # the same folder, checked the same way, as the build's
    meta = project()
    try:
        version = load_toolkit(content).version
        work.mkdir(parents=True, exist_ok=True)
        pack = work / f"{meta['name']}-{version}.nsppack"
        info = build_pack(content, key, pack, follows)
    except InvalidContent as error:
        raise BuildError(f"{error}\n  " + "\n  ".join(error.problems)) from None
    except (EditionError, OSError) as error:
        raise BuildError(f"the edition pack cannot be made: {error}") from None
    m = info.manifest
    log(
        f"signed {pack.name}: {m.edition} ({m.version}, follows {m.follows}), "
        f"{info.size / 1024:.1f} KB, key {info.fingerprint}"
    )
    return pack


def ship_pack(pack: Path, artefact: Path) -> Path:
    """Put the signed pack beside the archive or installer."""
    shipped = artefact.parent / pack.name
    shutil.copy2(pack, shipped)
    log(f"edition pack {shipped}")
    return shipped


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
    parser.add_argument(
        "--pack-key",
        metavar="KEYFILE",
        help="also sign the --content folder with this secret key (nsp-desktop edition keygen) "
        "and write <name>-<content version>.nsppack beside the archive",
    )
    parser.add_argument(
        "--pack-follows",
        metavar="VERSION",
        help="the version the pack's edition follows (default: `follows:` in its toolkit.md)",
    )
    args = parser.parse_args(argv)
    content, work = Path(args.content), Path(args.work_dir).resolve()
    try:
        pack = None
        if args.pack_key:
            pack = prepare_pack(content, Path(args.pack_key), work, args.pack_follows)
        artefact = build(content, Path(args.output).resolve(), work, args.platform)
        if pack is not None:
            ship_pack(pack, artefact)
    except BuildError as error:
        print(f"build stopped: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
