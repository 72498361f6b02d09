"""`nsp-desktop FILE.nsppack`, as a double-click runs it: the window opens, then installs it."""

import os
import subprocess
import sys

from tests.edition_support import NEW_VERSION, make_key, make_pack
from tests.helpers import ROOT

# The app as started, with its dialogs answering yes (and saying what they were asked) and a
# quit once the pack has been dealt with.
OPEN_AND_QUIT = """
import sys
from PySide6.QtWidgets import QApplication
from nsp_desktop import app
from nsp_desktop.ui import dialogs
from nsp_desktop.ui.editions import controller
dialogs.dialogs.confirm = lambda *a: (print("asked:", " ".join(a[2].split())), True)[1]
dialogs.dialogs.error = lambda *a: print("error:", a[2])
real = controller.Editions.open_pack
def open_and_quit(self, path):
    print("painted first:", self.window._painted)
    print("installed:", real(self, path), self.toolkit().version, self.window.current_page_id())
    sys.stdout.flush()
    QApplication.instance().exit(0)
controller.Editions.open_pack = open_and_quit
sys.exit(app.main(sys.argv[1:]))
"""


def test_a_pack_named_on_the_command_line_is_installed_after_the_first_paint(tmp_path):
    key, _ = make_key(tmp_path / "trainer")
    pack = make_pack(tmp_path / "packs", key)
    home, data = tmp_path / "home", tmp_path / "data"
    home.mkdir()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(home))
    command = [sys.executable, "-c", OPEN_AND_QUIT, "--data-dir", str(data), str(pack)]
    run = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=90)
    assert run.returncode == 0, run.stderr
    assert "painted first: True" in run.stdout
    assert "asked: This toolkit edition is signed by a key" in run.stdout
    assert f"installed: True {NEW_VERSION} app-whats-new" in run.stdout
    assert (data / "editions" / NEW_VERSION / "content" / "toolkit.md").is_file()
    assert "error:" not in run.stdout


def test_the_render_cache_is_kept_again_for_an_edition_put_in_use(tmp_path, monkeypatch):
    from nsp_desktop import app
    from nsp_desktop.core import render
    from nsp_desktop.core.content import load_toolkit
    from tests.edition_support import make_edition
    from tests.helpers import CONTENT

    kept = []
    monkeypatch.setattr(render, "save_cache", lambda path, toolkit: kept.append(toolkit.version))
    cache = tmp_path / "rendered.json"
    bundled, new = load_toolkit(CONTENT), load_toolkit(make_edition(tmp_path / "new"))
    for toolkit in (bundled, bundled, new, new):  # after first paint, then at quit
        app._keep_render_cache(cache, toolkit)
    assert kept == [bundled.version, new.version]
