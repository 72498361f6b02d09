"""settings.json is never trusted: any wrong value reads as its default, and no file stops start-up."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nsp_desktop.core.settings import DECLARED, Settings, valid

ROOT = Path(__file__).resolve().parents[2]
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)


def read(tmp_path, content: bytes) -> Settings:
    path = tmp_path / "settings.json"
    path.write_bytes(content)
    return Settings(path)


def every_value(s: Settings) -> dict:
    return {name: s.get(name) for name in DECLARED}


@pytest.mark.parametrize(
    "content",
    [
        {"window_size": 5},
        {"zoom": "big"},
        {"zoom": True},
        {"zoom": 10_000},
        {"window_size": [1, 2, 3]},
        {"recent": "abc"},
        {"theme": ["dark"]},
        {"text_size": None},
        {"last_page": 7},
        {"window_maximized": "yes"},
    ],
)
def test_a_wrong_value_reads_as_its_default_and_is_logged(tmp_path, caplog, content):
    with caplog.at_level(logging.WARNING, logger="nsp_desktop.settings"):
        s = read(tmp_path, json.dumps(content).encode())
    (name,) = content
    assert s.get(name) == DECLARED[name].default
    assert name in caplog.text


@pytest.mark.parametrize(
    "content",
    [
        b'{"zoom": 12',
        b"\x00\xff\xfe garbage",
        b"[1, 2]",
        b"null",
        b"\xef\xbb\xbf{}",
        b"[" * 100_000,
    ],
)
def test_a_broken_file_means_defaults(tmp_path, content):
    s = read(tmp_path, content)
    assert every_value(s) == {name: setting.default for name, setting in DECLARED.items()}


def test_a_folder_in_place_of_the_file_means_defaults_and_saving_says_no(tmp_path):
    (tmp_path / "settings.json").mkdir()
    s = Settings(tmp_path / "settings.json")
    assert s.get("zoom") == 100
    s.set("zoom", 150)
    assert s.save() is False
    assert (tmp_path / "settings.json").is_dir()


def test_good_values_survive_a_save_and_a_read(tmp_path):
    s = Settings(tmp_path / "settings.json")
    s.set("zoom", 150)
    s.set("window_size", (900, 700))
    s.set("recent", ["introduction"])
    assert s.save()
    again = Settings(tmp_path / "settings.json")
    assert (again.get("zoom"), again.get("window_size"), again.get("recent")) == (
        150,
        [900, 700],
        ["introduction"],
    )


def test_setting_a_disallowed_value_is_refused(tmp_path):
    s = Settings(tmp_path / "settings.json")
    assert s.set("zoom", 150) is True
    assert s.set("zoom", "big") is False
    assert s.get("zoom") == 150
    with pytest.raises(KeyError):
        s.get("no-such-setting")


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.dictionaries(st.sampled_from([*DECLARED, "other"]), json_values))
def test_any_json_object_gives_valid_values(tmp_path, content):
    s = read(tmp_path, json.dumps(content).encode())
    for name, setting in DECLARED.items():
        value = s.get(name)
        assert valid(setting, value), (name, value)
        if name in content and valid(setting, content[name]):
            assert value == content[name]


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.binary(max_size=200))
def test_any_bytes_give_valid_values(tmp_path, content):
    s = read(tmp_path, content)
    assert all(valid(setting, s.get(name)) for name, setting in DECLARED.items())


@pytest.mark.parametrize(
    "content", ['{"window_size": 5}', '{"zoom": "big"}', '{"recent": [1, 2]}', "\x00{"]
)
def test_the_app_starts_whatever_settings_json_holds(tmp_path, content):
    """Start-up (offscreen, to its first paint) with a damaged settings file: no traceback."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "settings.json").write_text(content, encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path))
    run = subprocess.run(
        [sys.executable, "-m", "nsp_desktop", "--data-dir", str(data), "--exit-after-first-paint"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    assert "first-paint" in run.stdout
