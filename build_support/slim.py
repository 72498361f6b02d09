"""What the bundle holds: the Qt plugins and Python modules kept, the libraries left to the system,
and the checks that nothing needed went missing."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from build_support import ROOT

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
# _cffi_backend: libsodium's binding (signed editions) loads it from C, unseen by the analysis.
HIDDEN_IMPORTS = [
    "sqlite3",
    "cached_property",
    "PySide6.QtSvg",
    "PySide6.QtPrintSupport",
    "_cffi_backend",
]


def plugin_kept(dest: str) -> bool:
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
    binaries = [entry for entry in binaries if plugin_kept(entry[0])]
    datas = [entry for entry in datas if plugin_kept(entry[0])]
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


# Modules imported by name at run time (or by the search and store steps once they exist), which a
# bundle must hold even though no import statement in the entry point leads to them.
REQUIRED_MODULES = ["whoosh.index", "whoosh.filedb.filestore", "whoosh.analysis", "whoosh.qparser",
                    "cached_property", "sqlite3", "_sqlite3", "nacl.signing", "nacl.bindings",
                    "_cffi_backend"]  # fmt: skip


def missing_modules(bundle: Path) -> list[str]:
    """Required modules (and nsp_desktop's own, search and store included) the bundle lacks."""
    internal = bundle / "_internal"
    package = ROOT / "nsp_desktop"
    own = [  # every module of every layer: verbs and panels load lazily, so none may be missing
        ".".join(("nsp_desktop", *p.relative_to(package).with_suffix("").parts))
        for p in package.rglob("*.py")
        if p.stem not in ("__init__", "__main__")
    ]
    missing = []
    for name in REQUIRED_MODULES + own:
        stem = internal / name.replace(".", "/")
        found = [stem.with_suffix(".pyc"), stem / "__init__.pyc"]
        found += list(internal.glob(f"python3*/lib-dynload/{name}.*.so"))
        found += list(internal.glob(f"{name}.*.so")) + list(internal.glob(f"{name}.*.pyd"))
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
