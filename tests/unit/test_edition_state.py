"""Which edition is in use when the app itself is updated with a newer bundled edition."""

import shutil

import pytest

from nsp_desktop.core.editions import install as installer
from nsp_desktop.core.editions import keys
from nsp_desktop.core.editions.state import BUNDLED, content_in_use, read_in_use
from tests.edition_support import NEW_VERSION, make_key, make_pack
from tests.helpers import CONTENT


def _bundled(folder, version):
    """The app's bundled content as an app of `version` would ship it."""
    shutil.copytree(CONTENT, folder)
    toolkit = folder / "toolkit.md"
    toolkit.write_text(toolkit.read_text().replace("version: 2025.12.1", f"version: {version}"))
    return folder


@pytest.fixture
def data(tmp_path):
    key, public = make_key(tmp_path / "keys")
    data = tmp_path / "data"
    installer.install(make_pack(tmp_path, key), data, CONTENT, keys.load_public_key(public))
    return data


def test_an_app_update_with_a_newer_bundled_edition_brings_it_into_use(tmp_path, data):
    newer = _bundled(tmp_path / "app-2", "2026.6.1")
    assert read_in_use(data, newer) == (BUNDLED, NEW_VERSION)
    assert content_in_use(data, newer) == newer
    installer.use(data, NEW_VERSION, newer)  # going back on purpose under the new app holds
    assert content_in_use(data, newer) == data / "editions" / NEW_VERSION / "content"


def test_an_app_update_with_an_older_bundled_edition_keeps_the_installed_one(tmp_path, data):
    older = _bundled(tmp_path / "app-2", "2026.1.1")
    assert read_in_use(data, older).current == NEW_VERSION


def test_without_an_app_update_the_installed_edition_stays_in_use(tmp_path, data):
    assert read_in_use(data, CONTENT).current == NEW_VERSION
    assert content_in_use(data, CONTENT) == data / "editions" / NEW_VERSION / "content"


def test_delete_all_my_data_removes_installed_editions_and_trusted_keys(data):
    from nsp_desktop.core.store import delete_user_files

    deletion = delete_user_files(data)
    assert data / "editions" in deletion.removed and deletion.kept == []
    assert not (data / "editions").exists()
    assert content_in_use(data, CONTENT) == CONTENT


def test_delete_all_my_data_never_follows_a_link_inside_editions(data, tmp_path):
    from nsp_desktop.core.store import delete_user_files

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "precious.txt").write_text("not the app's")
    (data / "editions" / "link").symlink_to(elsewhere)
    deletion = delete_user_files(data)
    assert [path for path, _ in deletion.kept] == [data / "editions" / "link"]
    assert (elsewhere / "precious.txt").read_text() == "not the app's"
