"""Shared test helpers: paths to the real content and small broken copies of it."""

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
DATA = Path(__file__).resolve().parent / "data"


def copy_content(tmp_path: Path) -> Path:
    """A private copy of the real content that a test may break."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


def ids(hits) -> list[str]:
    """The page IDs of search hits, best first."""
    return [hit.page_id for hit in hits]
