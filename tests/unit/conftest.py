"""Fixtures shared by the unit tests."""

import pytest

from tests.team_support import Laptop


@pytest.fixture
def team(tmp_path):
    """Ana and Ben, each on a laptop of their own, sharing one team folder."""
    folder = tmp_path / "shared"
    ana, ben = Laptop(tmp_path, "Ana"), Laptop(tmp_path, "Ben")
    ana.join(folder)
    ben.join(folder)
    yield ana, ben, folder
    ana.close()
    ben.close()
