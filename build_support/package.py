"""Each OS's package around the bundle: the Linux archive with its launcher and install scripts and
a .dmg on macOS (untested); the Windows installer is build_support/windows.py's."""

from __future__ import annotations

import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from build_support import DISPLAY_NAME, ICON_SVG, PACKAGING, SLUG, BuildError, log
from build_support.slim import SYSTEM_LIBS, missing_libraries, missing_modules

MIME_FILE = "nsp-desktop-nsppack.xml"  # the .nsppack file type, for install.sh


def template(name: str, meta: dict) -> str:
    text = (PACKAGING / name).read_text(encoding="utf-8")
    return text.replace("@VERSION@", meta["version"]).replace("@NAME@", DISPLAY_NAME)


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
    text = template("linux/nsp-desktop", meta)
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


def readme_text(meta: dict, run: str, install: str) -> str:
    """README.txt at the top of an archive: which file a recipient runs."""
    return (
        f"{DISPLAY_NAME} {meta['version']}\n\n"
        f"To start it, run {run}\n"
        f"To add it to your applications menu, run {install}\n\n"
        "Nothing else needs installing, and it never connects to a network.\n"
    )


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
    scripts = {name: template(f"linux/{name}", meta) for name in ("install.sh", "uninstall.sh")}
    for name, text in {"nsp-desktop": launcher, **scripts}.items():
        (stage / name).write_text(text, encoding="utf-8")
        (stage / name).chmod(0o755)
    shutil.copy2(PACKAGING / "linux" / MIME_FILE, stage / MIME_FILE)  # install.sh registers it
    readme = readme_text(meta, "./nsp-desktop (not nsp-desktop-bin)", "./install.sh")
    (stage / "README.txt").write_text(readme, encoding="utf-8")
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
