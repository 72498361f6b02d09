"""The app as launched from the command line: paints, and writes only under --data-dir."""

import os
import subprocess
import sys

from tests.helpers import ROOT, copy_content


def launch(*args, home):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(home))
    for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        env.pop(name, None)
    command = [sys.executable, "-m", "nsp_desktop", *args, "--exit-after-first-paint"]
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
