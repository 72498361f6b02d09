"""An install interrupted at any step leaves the edition that was in use in use."""

import os

import pytest

from nsp_desktop.core import paths
from nsp_desktop.core.editions import install as installer
from nsp_desktop.core.editions import keys
from nsp_desktop.core.editions.state import BUNDLED, read_in_use
from tests.edition_support import NEW_VERSION, make_key, make_pack, tree_digest
from tests.helpers import CONTENT


class PowerCut(BaseException):
    """Stands for the process dying mid-step (not an Exception: nothing may catch it)."""


@pytest.fixture
def pack(tmp_path):
    key, public = make_key(tmp_path / "keys")
    return make_pack(tmp_path, key), keys.load_public_key(public)


def test_a_cut_before_the_rename_leaves_nothing_behind(tmp_path, pack, monkeypatch):
    data = tmp_path / "data"
    data.mkdir()
    before = tree_digest(data)

    def cut(*args):
        raise PowerCut

    monkeypatch.setattr(installer.os, "rename", cut)
    with pytest.raises(PowerCut):
        installer.install(pack[0], data, CONTENT, pack[1])
    assert tree_digest(data) == before
    assert paths.content_dir(data) == paths.content_dir()


def test_a_cut_before_the_switch_keeps_the_previous_edition_in_use(tmp_path, pack, monkeypatch):
    data = tmp_path / "data"
    real = installer.atomic_write

    def cut(path, text):
        if path.name == "in-use.json":
            raise PowerCut
        real(path, text)

    monkeypatch.setattr(installer, "atomic_write", cut)
    with pytest.raises(PowerCut):
        installer.install(pack[0], data, CONTENT, pack[1])
    assert read_in_use(data, CONTENT).current == BUNDLED
    assert paths.content_dir(data) == paths.content_dir()
    monkeypatch.setattr(installer, "atomic_write", real)
    assert installer.use(data, NEW_VERSION, CONTENT).current == NEW_VERSION  # it is there whole
    assert paths.content_dir(data) == data / "editions" / NEW_VERSION / "content"


def test_leftovers_of_a_cut_are_ignored_then_cleared(tmp_path, pack):
    data = tmp_path / "data"
    stale = data / "editions" / ".incoming-abc" / "content"
    stale.mkdir(parents=True)
    (stale / "toolkit.md").write_text("half")
    (data / "editions" / "2099.1").mkdir()  # a folder without content is no edition
    assert [e.name for e in installer.list_editions(data, CONTENT)] == [BUNDLED]
    installer.install(pack[0], data, CONTENT, pack[1])
    assert not stale.parent.exists()
    assert [e.name for e in installer.list_editions(data, CONTENT)] == [BUNDLED, NEW_VERSION]


def test_the_installed_files_are_exactly_the_signed_ones(tmp_path, pack):
    import hashlib
    import json

    data = tmp_path / "data"
    installer.install(pack[0], data, CONTENT, pack[1])
    folder = data / "editions" / NEW_VERSION
    manifest = json.loads((folder / "manifest.json").read_text())
    for name, entry in manifest["files"].items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == entry["sha256"]
    on_disk = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} - {
        "manifest.json",
        "manifest.sig",
    }
    assert on_disk == set(manifest["files"])
    assert os.path.isfile(folder / "manifest.sig")


def test_a_window_can_accept_the_key_it_was_shown(tmp_path, pack):
    from nsp_desktop.core.editions.verify import UnknownKey

    data = tmp_path / "data"
    with pytest.raises(UnknownKey) as refused:
        installer.install(pack[0], data, CONTENT)
    assert refused.value.public_key == pack[1]
    assert refused.value.fingerprint == keys.fingerprint(pack[1])
    done = installer.install(pack[0], data, CONTENT, refused.value.public_key)  # "Trust it"
    assert done.newly_trusted and keys.trusted_keys(data / "editions") == {pack[1]}


def test_a_data_folder_that_cannot_be_written_is_a_refusal_with_nothing_switched(
    tmp_path, pack, capsys
):
    from nsp_desktop.cli import main

    data = tmp_path / "data"
    data.mkdir()
    (data / "editions").write_text("a file where the editions folder goes")
    before = tree_digest(data)
    public = tmp_path / "keys" / "trainer.key.pub"
    code = main(
        ["--data-dir", str(data), "edition", "install", str(pack[0]), "--trust-key", str(public)]
    )
    assert code == 1
    assert capsys.readouterr().err.startswith("Not installed: the edition could not be written (")
    assert tree_digest(data) == before
