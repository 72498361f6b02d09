"""What a Linux desktop shows of the bundle: the dock matches the window, the archive says what to run."""

import re
from pathlib import Path

from build_support.package import readme_text

ROOT = Path(__file__).resolve().parents[2]


def test_the_window_class_matches_the_menu_entry():
    install = (ROOT / "packaging/linux/install.sh").read_text(encoding="utf-8")
    launcher = (ROOT / "packaging/linux/nsp-desktop").read_text(encoding="utf-8")
    wm_class = re.search(r"^StartupWMClass=(\S+)$", install, re.M).group(1)
    # Qt names the window's X11 class after RESOURCE_NAME, else after the program it runs,
    # which in the bundle is nsp-desktop-bin: a dock then cannot match window and entry.
    resource = re.search(r"^export RESOURCE_NAME=(\S+)$", launcher, re.M)
    assert resource is not None and resource.group(1) == wm_class
    assert launcher.index("RESOURCE_NAME") < launcher.index('exec "$here/nsp-desktop-bin"')


def test_the_archive_says_which_file_to_run():
    text = readme_text({"version": "1.2.3"}, "./nsp-desktop (not nsp-desktop-bin)", "./install.sh")
    assert "run ./nsp-desktop" in text and "./install.sh" in text and "1.2.3" in text
