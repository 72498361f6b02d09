"""Fixtures shared by the unit tests."""

import pytest

from nsp_desktop.core.content import load_toolkit
from nsp_desktop.core.glossary import load_glossary
from nsp_desktop.core.search import SearchIndex
from tests.helpers import CONTENT
from tests.team_support import Laptop


@pytest.fixture(scope="module")
def toolkit():
    """The bundled toolkit, read once a module (a module may define its own)."""
    return load_toolkit(CONTENT)


@pytest.fixture(scope="module")
def index(toolkit):
    """The toolkit's search index with its glossary and thesaurus, built once a module."""
    return SearchIndex.build(toolkit, load_glossary(CONTENT))


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
