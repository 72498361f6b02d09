"""Shared fixtures for the hostile-input suite: a filled data folder and a snapshot of it."""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT
from tests.sample_progress import filled_store


def snapshot(folder: Path) -> dict[str, tuple[int, str]]:
    """Every file under `folder`: its permissions and a digest of its bytes."""
    found = {}
    for path in sorted(Path(folder).rglob("*")):
        if path.is_file() and not path.is_symlink():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            found[str(path.relative_to(folder))] = (path.stat().st_mode, digest)
    return found


@pytest.fixture
def data(tmp_path, monkeypatch):
    """A closed store with known progress, in a folder of its own."""
    folder = tmp_path / "data"
    filled_store(folder, monkeypatch).close()
    return folder


def cli(*args: str, data: Path | None = None, stdin: bytes | None = None, timeout: float = 60):
    """Run `python -m nsp_desktop` from this checkout as a person would; (code, stdout, stderr)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    argv = [sys.executable, "-m", "nsp_desktop"]
    if data is not None:
        argv += ["--data-dir", str(data)]
    done = subprocess.run(
        [*argv, *args], env=env, input=stdin, capture_output=True, timeout=timeout
    )
    return (
        done.returncode,
        done.stdout.decode(errors="replace"),
        done.stderr.decode(errors="replace"),
    )
