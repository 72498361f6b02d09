"""A settings.json with wrong types must not stop the window from opening (six variants seen)."""

import json
import os
import subprocess
import sys

import pytest

from tests.helpers import ROOT

VARIANTS = {
    "zoom-text": {"zoom": "big"},
    "size-not-pair": {"window_size": "800x600"},
    "size-strings": {"window_size": ["a", "b"]},
    "text-size-list": {"text_size": ["large"]},
    "theme-number": {"theme": 7},
    "recent-number": {"recent": 5},
    "last-page-list": {"last_page": ["x"]},
}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_the_window_opens_whatever_the_settings_hold(tmp_path, name):
    (tmp_path / "settings.json").write_text(json.dumps(VARIANTS[name]))
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-m", "nsp_desktop", "--data-dir", str(tmp_path),
         "--exit-after-first-paint"],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
