"""A plain wheel works outside the checkout: built, installed into a fresh virtualenv with its
dependencies, and run from another folder — validate, search, progress --json and --self-test."""

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.helpers import ROOT

pytestmark = pytest.mark.slow


def run(command: list[str], cwd: Path, env: dict[str, str], timeout: int = 600):
    return subprocess.run(
        command, capture_output=True, text=True, cwd=cwd, env=env, timeout=timeout
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The venv's bin folder after `pip install nsp_desktop-*.whl` (deps from the index/cache)."""
    work = tmp_path_factory.mktemp("wheel")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    built = run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(work), str(ROOT)],
        cwd=work,
        env=env,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = work.glob("nsp_desktop-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "nsp_desktop/data/content/toolkit.md" in names
    assert "nsp_desktop/data/resources/icons/nsp-desktop.svg" in names
    assert not any(n.startswith(("tests/", "bench/", "content/")) for n in names)
    base = getattr(sys, "_base_executable", sys.executable)
    venv = work / "venv"
    assert run([base, "-m", "venv", str(venv)], cwd=work, env=env).returncode == 0
    pip = run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)],
        cwd=work,
        env=env,
        timeout=900,
    )
    assert pip.returncode == 0, pip.stderr
    return venv / "bin"


def nsp(bin_dir: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {
        "HOME": str(tmp_path),
        "PATH": f"{bin_dir}:/usr/bin:/bin",
        "QT_QPA_PLATFORM": "offscreen",
        "LANG": "C.UTF-8",
    }
    return run([str(bin_dir / "nsp-desktop"), *args], cwd=tmp_path, env=env, timeout=120)


def test_the_installed_wheel_finds_its_content(installed, tmp_path):
    result = nsp(installed, tmp_path, "validate")
    assert result.returncode == 0, result.stderr
    assert "valid" in result.stdout and str(ROOT) not in result.stdout + result.stderr


def test_the_installed_wheel_searches_and_reports_progress(installed, tmp_path):
    found = nsp(installed, tmp_path, "search", "--json", "license plate readers")
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)[0]["page_id"]
    progress = nsp(installed, tmp_path, "--data-dir", str(tmp_path / "d"), "progress", "--json")
    assert progress.returncode == 0, progress.stderr
    assert json.loads(progress.stdout)["policies"]


def test_the_installed_wheel_passes_its_self_test(installed, tmp_path):
    result = nsp(installed, tmp_path, "--self-test")
    assert result.returncode == 0, result.stdout + result.stderr
