"""The app as launched from the command line: paints, and writes only under --data-dir."""

import os
import subprocess
import sys

from tests.helpers import ROOT, copy_content


def launch(*args, home, code=None):
    """The app as `nsp-desktop ARGS` starts it (or Python `code` that starts it), to first paint."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(home))
    for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        env.pop(name, None)
    start = ["-c", code] if code else ["-m", "nsp_desktop"]
    command = [sys.executable, *start, *args, "--exit-after-first-paint"]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)


def test_data_dir_holds_everything_the_app_writes(tmp_path):
    home, data = tmp_path / "home", tmp_path / "data"
    home.mkdir()
    run = launch("--data-dir", str(data), home=home)
    assert run.returncode == 0, run.stderr
    assert "first-paint" in run.stdout
    assert (data / "cache" / "rendered-v1.json").exists()
    written = [p for p in home.rglob("*") if p.is_file()]
    assert written == []


def test_without_data_dir_the_platform_folder_is_used(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    run = launch(home=home)
    assert run.returncode == 0, run.stderr
    assert (home / ".cache" / "nsp-desktop" / "rendered-v1.json").exists()


def test_broken_content_gives_a_clear_message_not_a_traceback(tmp_path):
    content = copy_content(tmp_path)
    (content / "policies" / "01-cancel-alpr-contracts.md").write_text("no front matter\n")
    run = launch("--content", str(content), "--data-dir", str(tmp_path / "d"), home=tmp_path)
    assert run.returncode == 2
    assert "01-cancel-alpr-contracts.md: malformed front matter" in run.stderr
    assert "Traceback" not in run.stderr


def test_a_damaged_store_is_set_aside_and_the_app_still_starts(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "nsp-desktop.sqlite3").write_bytes(b"not a database" * 100)
    run = launch("--data-dir", str(data), home=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "first-paint" in run.stdout
    kept = [p for p in data.iterdir() if ".corrupt-" in p.name]
    assert len(kept) == 1 and str(kept[0]) in run.stderr


def newer_store(tmp_path):
    """A data folder whose store a newer NSP Desktop wrote."""
    import sqlite3

    data = tmp_path / "data"
    data.mkdir()
    db = sqlite3.connect(data / "nsp-desktop.sqlite3")
    db.execute("PRAGMA user_version = 999")
    db.commit()
    db.close()
    return data


def test_a_newer_store_is_refused_with_a_message_and_left_alone(tmp_path):
    data = newer_store(tmp_path)
    before = (data / "nsp-desktop.sqlite3").read_bytes()
    run = launch("--data-dir", str(data), home=tmp_path)
    assert run.returncode == 3
    assert "newer version of NSP Desktop" in run.stderr and "Traceback" not in run.stderr
    assert (data / "nsp-desktop.sqlite3").read_bytes() == before


def test_a_newer_store_is_refused_before_a_policy_page_is_drawn(tmp_path):
    import json

    data = newer_store(tmp_path)
    last = {"welcomed": True, "last_page": "cancel-detention-contracts"}
    (data / "settings.json").write_text(json.dumps(last))
    run = launch("--data-dir", str(data), home=tmp_path)
    assert run.returncode == 3
    assert "first-paint" not in run.stdout  # its ticks need the store: no window without it
    assert "newer version of NSP Desktop" in run.stderr and "Traceback" not in run.stderr


# Modules the first paint does not need; each one imported before it delays the window.
NOT_BEFORE_FIRST_PAINT = (
    "nsp_desktop.cli.tracking",  # the verbs' parsers: only for a verb
    "nsp_desktop.cli.share",
    "nsp_desktop.core.export",
    "nsp_desktop.core.search",
    "whoosh",
    "markdown",  # pages come from the render cache
    "sqlite3",  # a page without checklist boxes is drawn before the store opens
    "nsp_desktop.core.store",
    "hashlib",
    "html",
    "nsp_desktop.ui.reading.find_bar",
    "nsp_desktop.ui.tracking.checklist_panel",
    "nsp_desktop.ui.share.actions",
)

REPORT_MODULES = """
import atexit, gc, os, sys
from nsp_desktop import app, cli
report = app._report_first_paint
def report_with_modules():
    print("modules", " ".join(sorted(sys.modules)))
    print("collecting at first paint:", gc.isenabled())
    if os.path.isdir("/proc/self/task"):  # Linux: the process's threads
        print("threads at first paint:", len(os.listdir("/proc/self/task")))
    report()
app._report_first_paint = report_with_modules
atexit.register(lambda: print("frozen after first paint:", gc.get_freeze_count() > 0))
sys.exit(app.main(sys.argv[1:]))
"""


def test_the_first_paint_imports_only_what_it_needs(tmp_path):
    for _ in range(2):  # the second start finds its render cache, as every later start does
        run = launch("--data-dir", str(tmp_path / "d"), home=tmp_path, code=REPORT_MODULES)
        assert run.returncode == 0, run.stderr
    line = next(line for line in run.stdout.splitlines() if line.startswith("modules "))
    loaded = set(line.split()[1:])
    assert "nsp_desktop.ui.main_window" in loaded  # the report really came from the app
    early = [m for m in NOT_BEFORE_FIRST_PAINT if m in loaded]
    assert early == []
    # The cycle collector waits until the window is up, then skips what start-up made.
    assert "collecting at first paint: False" in run.stdout
    assert "frozen after first paint: True" in run.stdout
    # Painting stays on the main thread: no thread pool started for the window's fills.
    if sys.platform.startswith("linux"):
        assert "threads at first paint: 1" in run.stdout
