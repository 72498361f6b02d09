"""The running app, sent SIGTERM (a logout), quits as if closed: exit 0, preferences saved."""

import os
import signal
import subprocess
import sys
import time

from tests.helpers import ROOT


def test_sigterm_closes_the_app_like_a_person(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    app = subprocess.Popen(
        [sys.executable, "-m", "nsp_desktop", "--data-dir", str(tmp_path)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not (tmp_path / "nsp-desktop.sqlite3").exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(2)  # the window is up and idle
        app.send_signal(signal.SIGTERM)
        app.wait(timeout=30)
    finally:
        if app.poll() is None:
            app.kill()
    assert app.returncode == 0, app.stderr.read().decode()
    assert (tmp_path / "settings.json").exists()
