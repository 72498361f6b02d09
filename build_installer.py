"""Builds the distributable: a slim PyInstaller onedir bundle, then this OS's archive or installer.

Usage: python build_installer.py [--content DIR] [--output DIR] [--work-dir DIR]

Linux: dist/nsp-desktop-VERSION-linux-ARCH.tar.xz (the bundle, a launcher that checks Qt's system
libraries, install.sh and uninstall.sh). Windows: an Inno Setup installer when `iscc` is on the PATH,
else a zip. macOS: NSP Desktop.app in a .dmg. Only the Linux path is tested.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import re
import shutil
import struct
import subprocess
import sys
import tarfile
import tempfile
import time
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
PACKAGING = ROOT / "packaging"
ICON_SVG = ROOT / "resources" / "icons" / "nsp-desktop.svg"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
SLUG = "nsp-desktop"
DISPLAY_NAME = "NSP Desktop"

# Qt plugins the app uses, by folder; every other plugin folder is left out. Names drop the "lib"
# prefix and the extension so one list serves Linux (.so), Windows (.dll) and macOS (.dylib).
KEEP_PLUGINS = {
    "platforms": {"qxcb", "qwayland", "qoffscreen", "qminimal", "qwindows", "qcocoa"},
    "xcbglintegrations": {"qxcb-glx-integration", "qxcb-egl-integration"},
    "wayland-shell-integration": {"xdg-shell"},
    "wayland-decoration-client": {"bradient", "adwaita"},
    "imageformats": {"qsvg", "qico", "qjpeg", "qgif"},
    "iconengines": {"qsvgicon"},
    "platforminputcontexts": {
        "composeplatforminputcontextplugin",
        "ibusplatforminputcontextplugin",
    },
    "platformthemes": {"qxdgdesktopportal"},
    "printsupport": {"cupsprintersupport"},
    "styles": None,  # Windows 11 and macOS styles: keep them all
}
# Libraries every Linux desktop provides and that must match the system they run on (display
# server, fonts, session bus, printing): taken from the system, never bundled. The launcher names
# the package to install when one is missing.
SYSTEM_LIBS = re.compile(
    r"lib(X11|X11-xcb|Xau|Xdmcp|xcb|xcb-.*|xkbcommon.*|fontconfig|freetype|"
    r"glib-2\.0|gthread-2\.0|gobject-2\.0|gio-2\.0|gmodule-2\.0|dbus-1|cups|gtk-3|gdk-3|"
    r"wayland-.*|E?GL.*|OpenGL)\.so(\..*)?$"
)
# Python modules nothing in the app imports at run time.
EXCLUDES = [
    "tkinter",
    "_tkinter",
    "pydoc",
    "readline",  # interactive prompts only; it pulls in libreadline and libtinfo
    "multiprocessing",  # only Whoosh's multi-process writers use it; its run-time hook costs start-up
    "lib2to3",
    "pytest",
    "_pytest",
    "pytestqt",
    "PyInstaller",
    "setuptools",
    "pip",
    *(
        f"PySide6.{module}"
        for module in (
            "QtNetwork QtQml QtQuick QtQuickWidgets QtQuickControls2 QtQuickTest QtQmlFeatures "
            "QtOpenGL QtOpenGLWidgets QtDBus QtDesigner QtHelp QtSql QtTest QtUiTools QtXml "
            "QtConcurrent QtLabsStyleKit"
        ).split()
    ),
]
# Whoosh's multi-process indexing, which needs the excluded multiprocessing: not collected on
# purpose (whoosh.multiproc still comes in through a lazy import in whoosh.index, unused: the app
# indexes in one process, in memory).
WHOOSH_SKIP = {"whoosh.multiproc", "whoosh.filedb.pools", "whoosh.filedb.filewriting"}
HIDDEN_IMPORTS = ["sqlite3", "cached_property", "PySide6.QtSvg", "PySide6.QtPrintSupport"]


class BuildError(Exception):
    """A step of the build failed; the message says which and what to do."""


def log(message: str) -> None:
    print(f"[build] {message}", flush=True)


def project() -> dict:
    """Name and version from pyproject.toml, the one place they are written."""
    with open(ROOT / "pyproject.toml", "rb") as handle:
        meta = tomllib.load(handle)["project"]
    return {"name": meta["name"], "version": meta["version"], "description": meta["description"]}


def target() -> str:
    """linux, windows or macos: the only OS a build can target is the one it runs on."""
    if sys.platform.startswith("linux"):
        return "linux"
    if sys.platform == "win32":
        return "windows"
    if sys.platform == "darwin":
        return "macos"
    raise BuildError(f"cannot build an installer on {sys.platform}")


def validate_content(content: Path) -> list[str]:
    sys.path.insert(0, str(ROOT))
    from nsp_desktop.content import validate

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


# Icons ---------------------------------------------------------------------------------------


def render_icons(folder: Path) -> dict[int, Path]:
    """PNG renders of the SVG icon at every size the launchers and installers ask for."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    renderer = QSvgRenderer(str(ICON_SVG))
    if not renderer.isValid():
        raise BuildError(f"{ICON_SVG}: not a valid SVG icon")
    folder.mkdir(parents=True, exist_ok=True)
    pngs = {}
    for size in ICON_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        pngs[size] = folder / f"{SLUG}-{size}.png"
        if not image.save(str(pngs[size]), "PNG"):
            raise BuildError(f"could not write {pngs[size]}")
    return pngs


def write_ico(pngs: dict[int, Path], path: Path) -> Path:
    """A Windows .ico holding PNG images (the format Windows Vista and later read)."""
    sizes = [s for s in sorted(pngs) if s <= 256]
    blobs = [pngs[s].read_bytes() for s in sizes]
    offset = 6 + 16 * len(sizes)
    parts = [struct.pack("<HHH", 0, 1, len(sizes))]
    for size, blob in zip(sizes, blobs, strict=True):
        edge = 0 if size == 256 else size  # 0 means 256 in an ICO directory entry
        parts.append(struct.pack("<BBBBHHII", edge, edge, 0, 0, 1, 32, len(blob), offset))
        offset += len(blob)
    path.write_bytes(b"".join(parts + blobs))
    return path


def write_icns(pngs: dict[int, Path], path: Path) -> Path:
    """A macOS .icns holding PNG images, one chunk per size."""
    kinds = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09"}
    chunks = [kind + struct.pack(">I", 8 + len(data)) + data for kind, data in
              ((kind, pngs[size].read_bytes()) for size, kind in kinds.items())]  # fmt: skip
    body = b"".join(chunks)
    path.write_bytes(b"icns" + struct.pack(">I", 8 + len(body)) + body)
    return path


# The spec and its slimming -------------------------------------------------------------------


def _plugin_kept(dest: str) -> bool:
    """False for a Qt plugin or translation the app does not use."""
    parts = dest.replace("\\", "/").split("/")
    if parts[0] != "PySide6":
        return True
    if "translations" in parts:
        return False  # the app's text is English; Qt's own strings need no translation
    if "plugins" not in parts or len(parts) < parts.index("plugins") + 3:
        return True
    kind = parts[parts.index("plugins") + 1]
    if kind not in KEEP_PLUGINS:
        return False
    keep = KEEP_PLUGINS[kind]
    return keep is None or parts[-1].split(".")[0].removeprefix("lib") in keep


def _needed(path: str) -> list[str]:
    """The DT_NEEDED sonames of an ELF file."""
    out = subprocess.run(["objdump", "-p", path], capture_output=True, text=True).stdout
    return re.findall(r"^\s*NEEDED\s+(\S+)", out, re.M)


def _is_root(dest: str, kind: str) -> bool:
    """Files kept for their own sake: Python extensions, Qt plugins and libpython."""
    name = Path(dest).name
    return kind == "EXTENSION" or "plugins" in Path(dest).parts or name.startswith("libpython")


def slim(binaries: list, datas: list) -> tuple[list, list]:
    """Drop unused Qt plugins and translations, the system's own libraries, and every bundled
    library nothing kept still needs (on Linux, following DT_NEEDED from the kept files)."""
    binaries = [entry for entry in binaries if _plugin_kept(entry[0])]
    datas = [entry for entry in datas if _plugin_kept(entry[0])]
    if not sys.platform.startswith("linux") or shutil.which("objdump") is None:
        return binaries, datas
    by_name = {Path(dest).name: src for dest, src, _kind in binaries}
    keep: set[str] = set()
    todo = [src for dest, src, kind in binaries if _is_root(dest, kind)]
    while todo:
        for soname in _needed(todo.pop()):
            if soname in keep or soname not in by_name or SYSTEM_LIBS.match(soname):
                continue
            keep.add(soname)
            todo.append(by_name[soname])
    kept = [
        (dest, src, kind)
        for dest, src, kind in binaries
        if _is_root(dest, kind) or Path(dest).name in keep or not re.search(r"\.so(\.|$)", dest)
    ]
    return kept, datas


SPEC = """\
# Written by build_installer.py on every build; edit that script, not this file.
import sys
sys.path.insert(0, {root!r})
from PyInstaller.utils.hooks import collect_submodules
import build_installer as build

a = Analysis(
    [{entry!r}],
    pathex=[{root!r}],
    datas=[({content!r}, "content"), ({resources!r}, "resources")],
    hiddenimports=build.HIDDEN_IMPORTS
    + collect_submodules("whoosh", filter=lambda name: name not in build.WHOOSH_SKIP)
    + collect_submodules("nsp_desktop"),
    excludes=build.EXCLUDES,
    # Loose .pyc files rather than a zlib archive: start-up CPU matches the source app (measured
    # with bench/bundle.py: about 6% less than with the archive) for about 8 MB more on disk.
    noarchive=True,
)
a.binaries, a.datas = build.slim(a.binaries, a.datas)
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


def write_spec(work: Path, content: Path, icon: Path | None, meta: dict, os_name: str) -> Path:
    entry = work / "launch.py"
    entry.write_text(
        "import sys\nfrom nsp_desktop.cli import main\nsys.exit(main())\n", encoding="utf-8"
    )
    spec = work / f"{SLUG}.spec"
    spec.write_text(
        SPEC.format(
            root=str(ROOT),
            entry=str(entry),
            content=str(content),
            resources=str(ROOT / "resources"),
            exe_name=f"{SLUG}-bin" if os_name == "linux" else SLUG,
            strip=os_name == "linux",  # stripping breaks macOS code signatures
            icon=str(icon) if icon else None,
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
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN"]
    command += ["--distpath", str(dist), "--workpath", str(work / "pyinstaller-work"), str(spec)]
    log("running PyInstaller (a few minutes)")
    if subprocess.run(command, env=env, cwd=work).returncode:
        raise BuildError("PyInstaller failed (its messages are above)")
    return dist


# Packaging per OS ----------------------------------------------------------------------------


def _template(name: str, meta: dict) -> str:
    text = (PACKAGING / name).read_text(encoding="utf-8")
    return text.replace("@VERSION@", meta["version"]).replace("@NAME@", DISPLAY_NAME)


# Modules imported by name at run time (or by the search and store steps once they exist), which a
# bundle must hold even though no import statement in the entry point leads to them.
REQUIRED_MODULES = ["whoosh.index", "whoosh.filedb.filestore", "whoosh.analysis", "whoosh.qparser",
                    "cached_property", "sqlite3", "_sqlite3", "nsp_desktop.selftest",
                    "nsp_desktop.ui.offscreen"]  # fmt: skip


def missing_modules(bundle: Path) -> list[str]:
    """Required modules (and nsp_desktop's own, search and store included) the bundle lacks."""
    internal = bundle / "_internal"
    package = ROOT / "nsp_desktop"
    own = [f"nsp_desktop.{p.stem}" for p in package.glob("*.py") if p.stem != "__init__"]
    missing = []
    for name in REQUIRED_MODULES + own:
        stem = internal / name.replace(".", "/")
        found = [stem.with_suffix(".pyc"), stem / "__init__.pyc"]
        found += list(internal.glob(f"python3*/lib-dynload/{name}.*.so"))
        if not any(path.exists() for path in found):
            missing.append(name)
    return missing


def missing_libraries(bundle: Path) -> list[str]:
    """Bundled libraries a bundled file needs but that are neither bundled nor the system's."""
    problems = []
    internal = bundle / "_internal"
    names = {p.name for p in internal.rglob("*") if p.is_file()}
    for path in internal.rglob("*.so*"):
        for soname in _needed(str(path)):
            if (
                soname not in names
                and not SYSTEM_LIBS.match(soname)
                and soname.startswith(("libQt6", "libicu", "libpyside", "libshiboken", "libpython"))
            ):
                problems.append(f"{path.relative_to(bundle)} needs {soname}")
    return problems


def system_needs(bundle: Path, library: str) -> list[str]:
    """The system's own libraries (SYSTEM_LIBS) that a bundled library needs, found or not."""
    env = dict(os.environ, LD_LIBRARY_PATH=str(bundle / "_internal"))
    path = bundle / "_internal" / "PySide6" / "Qt" / library
    out = subprocess.run(["ldd", str(path)], capture_output=True, text=True, env=env).stdout
    return sorted(
        {name for name in re.findall(r"^\s*(\S+) =>", out, re.M) if SYSTEM_LIBS.match(name)}
    )


def launcher_text(meta: dict, core: list[str], xcb: list[str], wayland: list[str]) -> str:
    """The Linux launcher, told which system libraries to look for."""
    text = _template("linux/nsp-desktop", meta)
    text = text.replace("@MULTIARCH@", f"{platform.machine()}-linux-gnu")
    text = text.replace("@CORE_LIBS@", " ".join(core)).replace("@XCB_LIBS@", " ".join(xcb))
    return text.replace("@WAYLAND_LIBS@", " ".join(wayland))


def self_test(executable: Path) -> None:
    """Run the bundle's --self-test as a user would, with none of the build's environment."""
    with tempfile.TemporaryDirectory() as home:
        if sys.platform.startswith("linux"):
            env = {"HOME": home, "PATH": "/usr/bin:/bin"}
        else:  # Windows needs its system variables (SystemRoot, ...) to start any program
            env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_"))}
        env["QT_QPA_PLATFORM"] = "offscreen"
        result = subprocess.run(
            [str(executable), "--self-test"], env=env, capture_output=True, text=True, timeout=120
        )
    if result.returncode:
        raise BuildError(f"the bundle's self-test failed:\n{result.stdout}{result.stderr}")
    last = (result.stdout.strip().splitlines() or ["exit code 0"])[-1]
    log(f"bundle self-test passed: {last}")


def package_linux(dist: Path, out: Path, meta: dict, pngs: dict[int, Path]) -> Path:
    base = f"{SLUG}-{meta['version']}-linux-{platform.machine()}"
    stage = out / base
    if stage.exists():
        shutil.rmtree(stage)
    shutil.move(str(dist / SLUG), stage)
    problems = missing_modules(stage)
    if problems:
        raise BuildError("the bundle lacks these modules: " + ", ".join(problems))
    problems = missing_libraries(stage)
    if problems:
        raise BuildError("the slimmed bundle lacks libraries it needs:\n  " + "\n  ".join(problems))
    launcher = launcher_text(
        meta,
        core=system_needs(stage, "lib/libQt6Widgets.so.6"),
        xcb=system_needs(stage, "plugins/platforms/libqxcb.so"),
        wayland=system_needs(stage, "plugins/platforms/libqwayland.so"),
    )
    scripts = {name: _template(f"linux/{name}", meta) for name in ("install.sh", "uninstall.sh")}
    for name, text in {"nsp-desktop": launcher, **scripts}.items():
        (stage / name).write_text(text, encoding="utf-8")
        (stage / name).chmod(0o755)
    self_test(stage / SLUG)
    icons = stage / "icons"
    icons.mkdir()
    shutil.copy2(ICON_SVG, icons / f"{SLUG}.svg")
    for png in pngs.values():
        shutil.copy2(png, icons / png.name)
    archive = out / f"{base}.tar.xz"
    log(f"compressing {archive.name}")
    if shutil.which("tar") and shutil.which("xz"):
        env = dict(os.environ, XZ_OPT="-6 -T0")
        result = subprocess.run(
            ["tar", "-C", str(out), "-cJf", str(archive), "--owner=0", "--group=0", base], env=env
        )
        if result.returncode:
            raise BuildError("tar failed writing the archive")
    else:
        with tarfile.open(archive, "w:xz") as tar:
            tar.add(stage, arcname=base)
    return archive


def package_windows(dist: Path, out: Path, meta: dict, icon: Path) -> Path:
    base = f"{SLUG}-{meta['version']}-windows-{platform.machine().lower()}"
    bundle = dist / SLUG
    self_test(bundle / f"{SLUG}.exe")
    iscc = shutil.which("iscc") or shutil.which("ISCC")
    if iscc:
        script = dist / f"{SLUG}.iss"
        text = _template("windows/installer.iss", meta)
        text = text.replace("@BUNDLE@", str(bundle)).replace("@ICON@", str(icon))
        script.write_text(text.replace("@OUTPUT@", str(out)).replace("@BASE@", base), "utf-8")
        if subprocess.run([iscc, "/Q", str(script)]).returncode:
            raise BuildError("Inno Setup (iscc) failed; its messages are above")
        return out / f"{base}-setup.exe"
    log("iscc (Inno Setup) is not on the PATH: writing a zip instead of an installer")
    archive = out / f"{base}.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for path in sorted(bundle.rglob("*")):
            zipped.write(path, Path(DISPLAY_NAME) / path.relative_to(bundle))
    return archive


def package_macos(dist: Path, out: Path, meta: dict) -> Path:
    app = dist / f"{DISPLAY_NAME}.app"
    if not app.is_dir():
        raise BuildError(f"PyInstaller did not make {app}")
    self_test(app / "Contents" / "MacOS" / SLUG)
    hdiutil = shutil.which("hdiutil")
    if hdiutil is None:
        raise BuildError("hdiutil not found: a .dmg can only be made on macOS (it ships hdiutil)")
    folder = dist / "dmg"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    shutil.copytree(app, folder / app.name, symlinks=True)
    (folder / "Applications").symlink_to("/Applications")
    image = out / f"{SLUG}-{meta['version']}-macos-{platform.machine()}.dmg"
    command = [hdiutil, "create", "-volname", DISPLAY_NAME, "-srcfolder", str(folder)]
    if subprocess.run([*command, "-ov", "-format", "UDZO", str(image)]).returncode:
        raise BuildError("hdiutil could not create the disk image")
    return image


def folder_mb(folder: Path) -> float:
    return (
        sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6
    )


# Main ----------------------------------------------------------------------------------------


def build(content: Path, out: Path, work: Path) -> Path:
    meta = project()
    os_name = target()
    log(f"{meta['name']} {meta['version']} for {os_name}; content from {content}")
    problems = validate_content(content)
    if problems:
        raise BuildError(
            f"the content in {content} is not valid:\n  "
            + "\n  ".join(problems)
            + f"\n{len(problems)} problem(s); fix them (nsp-desktop validate DIR) and build again"
        )
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
    spec = write_spec(work, content.resolve(), icon, meta, os_name)
    dist = run_pyinstaller(spec, work)
    if os_name == "linux":
        artefact = package_linux(dist, out, meta, pngs)
        bundle_mb = folder_mb(artefact.parent / artefact.name.removesuffix(".tar.xz"))
    elif os_name == "windows":
        artefact = package_windows(dist, out, meta, icon)
        bundle_mb = folder_mb(dist / SLUG)
    else:
        artefact = package_macos(dist, out, meta)
        bundle_mb = folder_mb(dist / f"{DISPLAY_NAME}.app")
    elapsed = time.perf_counter() - started
    log(f"built {artefact} in {elapsed:.0f} s")
    log(
        f"bundle {bundle_mb:.1f} MB unpacked, {artefact.stat().st_size / 1e6:.1f} MB as {artefact.name}"
    )
    return artefact


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
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
        build(Path(args.content), Path(args.output).resolve(), Path(args.work_dir).resolve())
    except BuildError as error:
        print(f"build stopped: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
