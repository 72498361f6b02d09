"""build_installer.py: content is validated before anything is built, the Linux launcher names the
packages Qt needs, and (slow) the built bundle passes its self-test and installs and uninstalls."""

import os
import platform
import shutil
import stat
import struct
import subprocess
import sys
from pathlib import Path

import pytest

import build_installer
from build_support import ICON_SIZES, package, slim
from tests.helpers import ROOT, copy_content

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux packaging")
BARE_PATH = "/usr/bin:/bin"


def run_build(*args: str, timeout: int = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "build_installer.py"), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
    )


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """What `env -i` leaves: no virtualenv, no PYTHONPATH, a private HOME."""
    return {"HOME": str(home), "PATH": BARE_PATH, **extra}


# Fast: no PyInstaller run ---------------------------------------------------------------------


def test_invalid_content_stops_the_build_with_the_validators_messages(tmp_path):
    content = copy_content(tmp_path)
    policy = next((content / "policies").glob("*.md"))
    text = policy.read_text(encoding="utf-8")
    policy.write_text(text.replace("priority:", "priority: no-such-priority #", 1), "utf-8")
    work, out = tmp_path / "work", tmp_path / "out"
    result = run_build("--content", str(content), "--output", str(out), "--work-dir", str(work))
    assert result.returncode == 1
    assert "build stopped: the content" in result.stderr
    assert f"{policy.name}: unknown priority 'no-such-priority" in result.stderr
    assert not work.exists() and not out.exists()  # stopped before PyInstaller or any output


@pytest.mark.parametrize(
    "dest, kept",
    [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", False),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
        ("PySide6/Qt/plugins/imageformats/libqtiff.so", False),
        ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", True),
        ("PySide6/Qt/translations/qtbase_de.qm", False),
        ("PySide6/plugins/platforms/qwindows.dll", True),
        ("PySide6/plugins/styles/qmodernwindowsstyle.dll", True),
        ("PySide6/Qt/lib/libQt6Core.so.6", True),
        ("whoosh/lang/porter.py", True),
    ],
)
def test_only_the_qt_plugins_the_app_uses_are_kept(dest, kept):
    assert slim.plugin_kept(dest) is kept


def test_icons_for_windows_and_macos_hold_every_size(tmp_path):
    # In a child process: Qt's application object must not outlive this test in the session.
    script = (
        "import sys; from pathlib import Path; import build_support.icons as b; "
        "folder = Path(sys.argv[1]); pngs = b.render_icons(folder); "
        "b.write_ico(pngs, folder / 'app.ico'); b.write_icns(pngs, folder / 'app.icns')"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    subprocess.run([sys.executable, "-c", script, str(tmp_path)], check=True, env=env, timeout=60)
    sizes = ICON_SIZES
    assert all((tmp_path / f"nsp-desktop-{size}.png").is_file() for size in sizes)
    ico = (tmp_path / "app.ico").read_bytes()
    assert struct.unpack("<HHH", ico[:6]) == (0, 1, 7)  # 16 to 256 pixels
    icns = (tmp_path / "app.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
    assert b"ic09" in icns and (tmp_path / "nsp-desktop-512.png").read_bytes() in icns


@pytest.fixture
def fake_build(monkeypatch):
    """build_installer.build without PyInstaller: writes a stand-in archive, records its calls."""
    calls = []

    def build(content, out, work, platform=None):
        calls.append(content)
        out.mkdir(parents=True, exist_ok=True)
        artefact = out / "nsp-desktop-9-linux-x86_64.tar.xz"
        artefact.write_bytes(b"archive")
        return artefact

    monkeypatch.setattr(build_installer, "build", build)
    return calls


def test_a_pack_key_signs_the_same_content_and_ships_the_pack_beside_the_archive(
    tmp_path, fake_build
):
    from nsp_desktop.core.editions import keys
    from nsp_desktop.core.editions.install import install
    from nsp_desktop.core.editions.pack import content_files
    from nsp_desktop.core.editions.verify import read_pack
    from tests.edition_support import NEW_VERSION, make_edition, make_key

    content = make_edition(tmp_path / "content")
    key, public = make_key(tmp_path / "trainer")
    out, work = tmp_path / "dist", tmp_path / "work"
    code = build_installer.main(
        ["--content", str(content), "--output", str(out), "--work-dir", str(work),
         "--pack-key", str(key), "--pack-follows", "2025.12.1"]
    )  # fmt: skip
    assert code == 0 and fake_build == [content]
    name = build_installer.project()["name"]
    pack = out / f"{name}-{NEW_VERSION}.nsppack"
    assert pack.is_file() and pack.stat().st_size <= 100 * 1024
    offered = keys.load_public_key(public)
    verified = read_pack(pack, set(), offered)
    assert verified.files == content_files(content)  # the folder the installer bundles
    assert verified.manifest.follows == "2025.12.1"
    done = install(pack, tmp_path / "data", ROOT / "content", offered)
    assert done.manifest.version == NEW_VERSION


@pytest.mark.parametrize("problem", ["unreadable key", "follows nothing", "invalid content"])
def test_a_pack_that_cannot_be_made_stops_the_build_before_it_starts(
    tmp_path, fake_build, capsys, problem
):
    from tests.edition_support import make_edition, make_key

    content = make_edition(tmp_path / "content")
    key, _ = make_key(tmp_path / "trainer")
    follows = ["--pack-follows", "2025.12.1"]
    if problem == "unreadable key":
        key.write_text("not a key\n", encoding="utf-8")
    elif problem == "follows nothing":
        follows = []
    else:
        (content / "toolkit.md").write_text("no front matter\n", encoding="utf-8")
    out = tmp_path / "dist"
    code = build_installer.main(
        ["--content", str(content), "--output", str(out), "--work-dir", str(tmp_path / "w"),
         "--pack-key", str(key), *follows]
    )  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1 and fake_build == [] and not out.exists()
    assert err.startswith("build stopped: ")
    expected = {
        "unreadable key": "the edition pack cannot be made",
        "follows nothing": "follows",
        "invalid content": "is not valid",
    }[problem]
    assert expected in err


@pytest.fixture
def unpacked(tmp_path):
    """An unpacked archive as package_linux lays it out, with a stand-in app and launcher."""
    folder = tmp_path / "nsp-desktop-9-linux"
    (folder / "icons").mkdir(parents=True)
    meta = {"version": "9"}
    for name in ("install.sh", "uninstall.sh"):
        (folder / name).write_text(package.template(f"linux/{name}", meta), encoding="utf-8")
    for name in ("nsp-desktop", "nsp-desktop-bin"):
        (folder / name).write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
        (folder / name).chmod(0o755)
    shutil.copy2(ROOT / "resources/icons/nsp-desktop.svg", folder / "icons/nsp-desktop.svg")
    (folder / "icons/nsp-desktop-256.png").write_bytes(b"png")
    shutil.copy2(ROOT / "packaging/linux" / package.MIME_FILE, folder / package.MIME_FILE)
    home = tmp_path / "home"
    home.mkdir()

    def sh(script: Path) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["env", "-i", f"HOME={home}", f"PATH={BARE_PATH}", "sh", str(script)],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip

    return folder, home, sh


@linux_only
def test_install_registers_the_nsppack_file_type_and_uninstall_removes_it(unpacked):
    import xml.etree.ElementTree as ET

    folder, home, sh = unpacked
    installed = sh(folder / "install.sh")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    share = home / ".local/share"
    app_dir = share / "nsp-desktop-app"
    entry = (share / "applications/nsp-desktop.desktop").read_text(encoding="utf-8")
    # A double-click hands the app the file: %f on Exec, and the type among the entry's own.
    assert f'Exec="{app_dir}/nsp-desktop" %f\n' in entry
    assert "MimeType=application/x-nsppack;\n" in entry
    mime = share / "mime/packages/nsp-desktop-nsppack.xml"
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    kind = ET.parse(mime).getroot().find("m:mime-type", ns)
    assert kind.get("type") == "application/x-nsppack"
    assert [g.get("pattern") for g in kind.findall("m:glob", ns)] == ["*.nsppack"]
    assert "*.nsppack" in installed.stdout
    if shutil.which("update-mime-database", path=BARE_PATH):  # the database was brought up to date
        assert "application/x-nsppack" in (share / "mime/globs2").read_text(encoding="utf-8")

    removed = sh(app_dir / "uninstall.sh")
    assert removed.returncode == 0, removed.stdout + removed.stderr
    assert not mime.exists() and not app_dir.exists()
    assert not (share / "applications/nsp-desktop.desktop").exists()
    if (share / "mime/globs2").exists():
        assert "nsppack" not in (share / "mime/globs2").read_text(encoding="utf-8")


def test_the_linux_archive_carries_the_file_type():
    source = (ROOT / "build_support/package.py").read_text(encoding="utf-8")
    assert 'shutil.copy2(PACKAGING / "linux" / MIME_FILE, stage / MIME_FILE)' in source
    assert (ROOT / "packaging/linux" / package.MIME_FILE).is_file()


@pytest.fixture
def fake_bundle(tmp_path):
    """The launcher in a folder with a stand-in app, and an `ldd` the test controls."""
    bundle = tmp_path / "bundle"
    (bundle / "_internal").mkdir(parents=True)
    launcher = bundle / "nsp-desktop"
    text = package.launcher_text(
        {"version": "9"}, ["libxkbcommon.so.0"], ["libxcb-cursor.so.0"], ["libwayland-cursor.so.0"]
    )
    launcher.write_text(text, encoding="utf-8")
    libdirs = tmp_path / "libdirs"  # the folders the launcher looks in first: empty, so it asks ldd
    libdirs.mkdir()
    app = bundle / "nsp-desktop-bin"
    app.write_text('#!/bin/sh\necho "app ran with: $*"\n', encoding="utf-8")
    tools = tmp_path / "tools"
    tools.mkdir()
    for path in (launcher, app):
        path.chmod(path.stat().st_mode | stat.S_IEXEC)

    def fake_ldd(missing: list[str], only_for: str = "") -> None:
        """An ldd reporting `missing` for every file, or only for files whose path has `only_for`."""
        lines = "".join(f"echo '\t{lib} => not found'\n" for lib in missing)
        ldd = tools / "ldd"
        ldd.write_text(
            f'#!/bin/sh\ncase "$*" in *"{only_for}"*) ;; *) exit 0 ;; esac\n{lines}', "utf-8"
        )
        ldd.chmod(0o755)

    def run(*args: str, **env: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(launcher), *args],
            capture_output=True,
            text=True,
            env=clean_env(
                tmp_path, PATH=f"{tools}:{BARE_PATH}", NSP_DESKTOP_LIBDIRS=str(libdirs), **env
            ),
            timeout=30,
        )

    return fake_ldd, run, libdirs


@linux_only
def test_launcher_names_the_packages_to_install(fake_bundle):
    fake_ldd, run, _libdirs = fake_bundle
    fake_ldd(["libxcb-cursor.so.0", "libxcb-icccm.so.4", "libweird.so.1"])
    result = run("--data-dir", "/tmp/x", DISPLAY=":0")
    assert result.returncode == 3
    assert "sudo apt-get install libxcb-cursor0 libxcb-icccm4" in result.stderr
    assert "libweird.so.1" in result.stderr
    assert "app ran" not in result.stdout


@linux_only
def test_launcher_starts_the_app_when_nothing_is_missing(fake_bundle):
    fake_ldd, run, _libdirs = fake_bundle
    fake_ldd([])
    result = run("--data-dir", "/tmp/x")
    assert result.returncode == 0
    assert result.stdout.strip() == "app ran with: --data-dir /tmp/x"


@linux_only
def test_launcher_checks_the_display_plugin_only_when_a_window_opens(fake_bundle):
    fake_ldd, run, _libdirs = fake_bundle
    fake_ldd(["libxcb-cursor.so.0"], only_for="plugins/platforms/libqxcb.so")
    assert run("--data-dir", "/tmp/x").returncode == 3
    assert run("--self-test").returncode == 0
    assert run(QT_QPA_PLATFORM="offscreen").returncode == 0
    check = run("--check-libraries")
    assert check.returncode == 1 and "libxcb-cursor0" in check.stderr


@linux_only
def test_launcher_always_checks_qts_core_libraries(fake_bundle):
    fake_ldd, run, _libdirs = fake_bundle
    fake_ldd(["libxkbcommon.so.0"], only_for="lib/libQt6Widgets.so.6")
    result = run("--self-test", QT_QPA_PLATFORM="offscreen")
    assert result.returncode == 3
    assert "sudo apt-get install libxkbcommon0" in result.stderr


@linux_only
def test_launcher_needs_no_ldd_when_the_libraries_are_in_the_usual_folders(fake_bundle):
    fake_ldd, run, libdirs = fake_bundle
    fake_ldd(["libxcb-cursor.so.0"])  # would fail the start if the launcher asked it
    for name in ("libxkbcommon.so.0", "libxcb-cursor.so.0"):
        (libdirs / name).touch()
    result = run("--data-dir", "/tmp/x")
    assert result.returncode == 0, result.stderr
    assert "app ran" in result.stdout


@linux_only
def test_launcher_accepts_wayland_when_only_x11_libraries_are_missing(fake_bundle):
    fake_ldd, run, libdirs = fake_bundle
    fake_ldd(["libxcb-cursor.so.0"], only_for="libqxcb.so")
    for name in ("libxkbcommon.so.0", "libwayland-cursor.so.0"):
        (libdirs / name).touch()
    assert run(WAYLAND_DISPLAY="wayland-0").returncode == 0
    assert run().returncode == 3  # an X11 session
    assert run(WAYLAND_DISPLAY="wayland-0", QT_QPA_PLATFORM="xcb").returncode == 3


# Slow: the real build ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Build once into a temporary folder; returns (archive, unpacked folder)."""
    root = tmp_path_factory.mktemp("installer")
    out = root / "out"
    result = run_build("--output", str(out), "--work-dir", str(root / "work"), timeout=1500)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    archives = list(out.glob("nsp-desktop-*-linux-*.tar.xz"))
    assert len(archives) == 1, list(out.iterdir())
    unpacked = root / "unpacked"
    unpacked.mkdir()
    subprocess.run(["tar", "-xJf", str(archives[0]), "-C", str(unpacked)], check=True, timeout=300)
    (folder,) = unpacked.iterdir()
    return archives[0], folder


def folder_mb(folder: Path) -> float:
    return package.folder_mb(folder)


@linux_only
@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_bundle_meets_the_size_targets(built):
    archive, folder = built
    version = build_installer.project()["version"]
    assert archive.name == f"nsp-desktop-{version}-linux-{platform.machine()}.tar.xz"
    assert folder.name == archive.name.removesuffix(".tar.xz")
    for name in ("nsp-desktop", "nsp-desktop-bin", "install.sh", "uninstall.sh"):
        assert os.access(folder / name, os.X_OK), name
    assert (folder / "_internal" / "content" / "toolkit.md").is_file()
    assert (folder / "_internal" / "resources" / "icons" / "nsp-desktop.svg").is_file()
    assert list((folder / "_internal" / "compiled").glob("compiled-*.bin"))  # the seed
    assert slim.missing_modules(folder) == []  # Whoosh, sqlite3, every nsp_desktop module
    assert folder_mb(folder) <= 135
    assert archive.stat().st_size / 1e6 <= 45


@linux_only
@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_unpacked_bundle_passes_its_self_test_with_a_clean_environment(built, tmp_path):
    _archive, folder = built
    result = subprocess.run(
        ["env", "-i", f"HOME={tmp_path}", f"PATH={BARE_PATH}", "QT_QPA_PLATFORM=offscreen",
         str(folder / "nsp-desktop"), "--self-test"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test (bundle" in result.stdout
    assert "18 pages: 6 priorities, 11 policies" in result.stdout
    assert "qt       ok" in result.stdout
    assert "self-test passed" in result.stdout
    assert not (tmp_path / ".local/share/nsp-desktop").exists()  # the self-test keeps no data


@linux_only
@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_the_bundles_very_first_start_compiles_nothing(built, tmp_path):
    """PySide6's support modules come compiled in the bundle: a first start has nothing new to
    keep in the person's cache folder (it would write one if it had compiled them)."""
    _archive, folder = built
    data = tmp_path / "data"
    result = subprocess.run(
        ["timeout", "--preserve-status", "-s", "TERM", "10",
         "env", "-i", f"HOME={tmp_path}", f"PATH={BARE_PATH}", "QT_QPA_PLATFORM=offscreen",
         str(folder / "nsp-desktop"), "--data-dir", str(data)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr  # closed by SIGTERM, as a logout
    assert (data / "nsp-desktop.sqlite3").is_file()  # it got past its first paint
    assert not list((data / "cache").glob("compiled-*.bin"))


@linux_only
@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_install_then_uninstall_for_the_current_user(built, tmp_path):
    _archive, folder = built
    home = tmp_path / "home"
    home.mkdir()
    data = home / ".local/share/nsp-desktop"
    data.mkdir(parents=True)
    (data / "settings.json").write_text("{}", encoding="utf-8")  # the user's own data: kept

    def sh(script: Path) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["env", "-i", f"HOME={home}", f"PATH={BARE_PATH}", "sh", str(script)],
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip

    installed = sh(folder / "install.sh")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    app_dir = home / ".local/share/nsp-desktop-app"
    link = home / ".local/bin/nsp-desktop"
    desktop = home / ".local/share/applications/nsp-desktop.desktop"
    icon = home / ".local/share/icons/hicolor/256x256/apps/nsp-desktop.png"
    svg = home / ".local/share/icons/hicolor/scalable/apps/nsp-desktop.svg"
    assert link.is_symlink() and link.resolve() == (app_dir / "nsp-desktop").resolve()
    entry = desktop.read_text(encoding="utf-8")
    assert f'Exec="{app_dir}/nsp-desktop"' in entry
    assert "Icon=nsp-desktop" in entry and "Terminal=false" in entry
    assert icon.is_file() and svg.is_file()
    mime = home / ".local/share/mime/packages/nsp-desktop-nsppack.xml"
    assert mime.is_file() and "MimeType=application/x-nsppack;" in entry
    version = subprocess.run(
        [str(link), "--version"], capture_output=True, text=True, timeout=60,
        env=clean_env(home, QT_QPA_PLATFORM="offscreen"),
    )  # fmt: skip
    assert version.stdout.startswith("nsp-desktop "), version.stdout + version.stderr

    removed = sh(app_dir / "uninstall.sh")
    assert removed.returncode == 0, removed.stdout + removed.stderr
    for path in (app_dir, desktop, icon, svg, mime):
        assert not path.exists(), path
    assert not link.is_symlink()
    assert (data / "settings.json").is_file()
    assert "notes and progress are kept" in removed.stdout
    shutil.rmtree(home)
