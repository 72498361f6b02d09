"""Every pack that must not be installed is refused with a sentence, and the data folder is untouched."""

import json
import shutil
import tracemalloc
import zipfile

import pytest

from nsp_desktop.cli import main
from nsp_desktop.core.editions import EditionError
from nsp_desktop.core.editions.verify import read_pack
from tests.edition_support import (
    NEW_VERSION,
    Entry,
    edition_files,
    hand_made_pack,
    make_key,
    make_pack,
    tree_digest,
    write_zip,
    zeros_stream,
)
from tests.helpers import CONTENT

NEXT = "2026.9.1"  # newer than the edition already installed in the data folder
GIB = 1 << 30


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """Keys, the files of a valid next edition, and a data folder with an edition and a tick."""
    root = tmp_path_factory.mktemp("world")
    key, public = make_key(root / "keys")
    other_key, other_public = make_key(root / "keys", "stranger.key")
    data = root / "data"
    installed = make_pack(root, key)
    assert (
        main(["--data-dir", str(data), "check", "cancel-alpr-contracts", "identify-contracts"]) == 0
    )
    assert (
        main(
            [
                "--data-dir",
                str(data),
                "edition",
                "install",
                str(installed),
                "--trust-key",
                str(public),
            ]
        )
        == 0
    )
    return {
        "root": root,
        "key": key,
        "public": public,
        "other_key": other_key,
        "other_public": other_public,
        "data": data,
        "files": edition_files(root, NEXT),
        "good": make_pack(root, key, version=NEXT),
    }


@pytest.fixture
def refused(world, tmp_path, capsys):
    """Install a pack into a copy of the data folder; assert it was refused and nothing changed."""

    calls = []

    def install(pack, *options, fresh=False):
        calls.append(pack)
        data = tmp_path / f"data-{len(calls)}"
        if not fresh:
            shutil.copytree(world["data"], data)
        before = tree_digest(data)
        code = main(["--data-dir", str(data), "edition", "install", str(pack), *map(str, options)])
        out, err = capsys.readouterr()
        assert code == 1, out
        assert out == ""
        assert err.startswith("Not installed: ")
        assert len(err.strip().splitlines()) == 1, err
        assert tree_digest(data) == before
        return err

    return install


def _rezip(good, path, change):
    """The entries of `good`, passed through `change(name, data) -> data`, written to `path`."""
    with zipfile.ZipFile(good) as archive:
        entries = [Entry(n, change(n, archive.read(n))) for n in archive.namelist()]
    return write_zip(path, entries)


def test_the_good_pack_itself_installs(world, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(world["data"], data)
    assert main(["--data-dir", str(data), "edition", "install", str(world["good"])]) == 0
    assert json.loads((data / "editions" / "in-use.json").read_text())["in_use"] == NEXT


def test_an_unknown_key_is_refused_showing_its_fingerprint(world, tmp_path, refused):
    from nsp_desktop.core.editions.keys import fingerprint, load_public_key

    pack = make_pack(tmp_path, world["other_key"], version=NEXT)
    err = refused(pack)
    assert "not accepted" in err
    assert fingerprint(load_public_key(world["other_public"])) in err
    assert "--trust-key" in err


def test_a_trust_key_that_did_not_sign_the_pack_is_refused(world, tmp_path, refused):
    pack = make_pack(tmp_path, world["other_key"], version=NEXT)
    assert "not by the key you gave" in refused(pack, "--trust-key", world["public"])


def test_a_changed_file_is_refused(world, tmp_path, refused):
    def change(name, data):
        return (
            data.replace(b"surveillance", b"observation")
            if name.endswith("01-cancel-alpr-contracts.md")
            else data
        )

    err = refused(_rezip(world["good"], tmp_path / "x.nsppack", change))
    assert "01-cancel-alpr-contracts.md does not match its hash" in err


def test_a_changed_manifest_is_refused(world, tmp_path, refused):
    def change(name, data):
        return data.replace(b"March 2026", b"April 2026") if name == "manifest.json" else data

    assert "does not match its signature" in refused(
        _rezip(world["good"], tmp_path / "x.nsppack", change)
    )


def test_a_pack_without_a_signature_is_refused(world, tmp_path, refused):
    pack = hand_made_pack(tmp_path / "x.nsppack", None, world["files"], NEXT)
    assert "not signed" in refused(pack)


def test_a_file_not_in_the_manifest_is_refused(world, tmp_path, refused):
    extra = [Entry("content/policies/99-extra.md", b"smuggled")]
    pack = hand_made_pack(
        tmp_path / "x.nsppack", world["key"], world["files"], NEXT, extra, listed=world["files"]
    )
    assert "does not list: content/policies/99-extra.md" in refused(pack)


def test_a_file_the_manifest_lists_but_the_pack_lacks_is_refused(world, tmp_path, refused):
    listed = {**world["files"], "content/policies/99-ghost.md": b"boo"}
    pack = hand_made_pack(tmp_path / "x.nsppack", world["key"], world["files"], NEXT, listed=listed)
    assert "lacks files its manifest lists: content/policies/99-ghost.md" in refused(pack)


@pytest.mark.parametrize("version", ["2026.1.1", "2025.12.2"])
def test_an_older_version_is_refused_unless_asked(world, tmp_path, refused, version):
    pack = make_pack(tmp_path, world["key"], version=version)
    assert f"version {version}, not newer than the edition in use ({NEW_VERSION})" in refused(pack)
    data = tmp_path / "data-1"  # the copy the refusal left as it was
    assert main(["--data-dir", str(data), "edition", "install", str(pack), "--allow-older"]) == 0
    assert json.loads((data / "editions" / "in-use.json").read_text())["in_use"] == version


def test_an_equal_version_is_refused(world, tmp_path, refused):
    pack = make_pack(tmp_path, world["key"], version=NEW_VERSION)
    assert "already here" in refused(pack, "--allow-older")


def test_the_bundled_version_is_refused(world, tmp_path, refused):
    files = {
        "content/" + p.relative_to(CONTENT).as_posix(): p.read_bytes()
        for p in CONTENT.rglob("*")
        if p.is_file()
    }
    pack = hand_made_pack(
        tmp_path / "x.nsppack",
        world["key"],
        files,
        "2025.12.1",
        edition="December 2025",
        follows="2025.1.1",
    )
    assert "edition use bundled" in refused(pack, "--allow-older")


@pytest.mark.parametrize(
    "name",
    [
        "../evil.md",
        "content/../../evil.md",
        "content/policies/../../../evil.md",
        "/etc/evil.md",
        "content/policies/..\\..\\evil.md",
        "C:/evil.md",
        "content//evil.md",
        "content/./evil.md",
        "content/policies/.hidden.md",
        "manifest.json/../content/evil.md",
        "elsewhere/evil.md",
        "content/policies/CON",  # Windows device names: opening one opens the device
        "content/policies/nul.md",
        "content/policies/Com1.txt",
        "content/lpt9",
        "content/policies/evil.md.",  # Windows drops a trailing dot: two names, one file
    ],
)
def test_a_name_outside_the_content_folder_is_refused(world, tmp_path, refused, name):
    extra = [Entry(name, b"evil")]
    pack = hand_made_pack(tmp_path / "x.nsppack", world["key"], world["files"], NEXT, extra)
    assert "outside its content folder or not a plain file name" in refused(pack)
    assert not (tmp_path / "evil.md").exists()


@pytest.mark.parametrize("mode", [0o120777, 0o040755, 0o010644])  # a link, a folder, a pipe
def test_links_and_other_special_entries_are_refused(world, tmp_path, refused, mode):
    extra = [Entry("content/policies/link.md", b"/etc/passwd", mode=mode)]
    pack = hand_made_pack(tmp_path / "x.nsppack", world["key"], world["files"], NEXT, extra)
    assert "which is a link or a folder, not a file" in refused(pack)


@pytest.mark.parametrize("twin", ["content/toolkit.md", "content/Toolkit.md", "content/TOOLKIT.MD"])
def test_duplicate_names_are_refused(world, tmp_path, refused, twin):
    extra = [Entry(twin, b"a second toolkit.md")]
    pack = hand_made_pack(
        tmp_path / "x.nsppack", world["key"], world["files"], NEXT, extra, listed=world["files"]
    )
    assert f"holds {twin!r} twice" in refused(pack)


def test_a_one_gigabyte_bomb_declared_as_such_is_refused_before_unpacking(world, tmp_path, refused):
    bomb = Entry("content/policies/99-bomb.md", compressed=zeros_stream(1024), declared_size=GIB)
    pack = hand_made_pack(tmp_path / "x.nsppack", world["key"], world["files"], NEXT, [bomb])
    assert pack.stat().st_size < 2 * 1024 * 1024
    assert "would unpack to more than 8 MB" in refused(pack)


def test_a_one_gigabyte_bomb_with_a_lying_header_unpacks_no_more_than_it_declares(
    world, tmp_path, refused
):
    small = bytes(1000)
    bomb = Entry(
        "content/policies/99-bomb.md",
        small,
        compressed=zeros_stream(1024),
        declared_size=len(small),
    )
    pack = hand_made_pack(tmp_path / "x.nsppack", world["key"], world["files"], NEXT, [bomb])
    tracemalloc.start()
    try:
        with pytest.raises(EditionError):  # refused or not, never more than 1000 bytes come out
            verified = read_pack(pack, set(), None)
        verified = read_pack(pack, {_public(world)}, None)
        assert len(verified.files["content/policies/99-bomb.md"]) == len(small)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024
    assert "content is not valid" in refused(pack)  # 1000 NUL bytes are not a policy


def test_files_adding_up_to_too_much_are_refused(world, tmp_path, refused):
    stream = zeros_stream(7)
    bombs = [
        Entry(f"content/policies/b{i}.md", compressed=stream, declared_size=7 << 20)
        for i in range(5)
    ]
    pack = hand_made_pack(
        tmp_path / "x.nsppack", world["key"], world["files"], NEXT, bombs, listed=world["files"]
    )
    assert "would unpack to more than 32 MB" in refused(pack)


def test_too_many_entries_are_refused(world, tmp_path, refused):
    extra = [Entry(f"content/n/{i}.md", b"") for i in range(1000)]
    pack = hand_made_pack(
        tmp_path / "x.nsppack", world["key"], world["files"], NEXT, extra, listed=world["files"]
    )
    assert "more than 1000 files" in refused(pack)


def test_a_file_that_is_not_a_zip_is_refused(tmp_path, refused):
    pack = tmp_path / "x.nsppack"
    pack.write_bytes(b"PK\x03\x04 not really a zip" * 10)
    assert "damaged or not a zip file" in refused(pack)
    assert "cannot be read" in refused(tmp_path / "missing.nsppack")


def test_a_pack_file_over_the_size_limit_is_refused_unread(tmp_path, refused):
    pack = tmp_path / "x.nsppack"
    with open(pack, "wb") as handle:
        handle.truncate(17 * 1024 * 1024)  # sparse: no disk used
    assert "larger than 16 MB" in refused(pack)


def test_an_edition_of_another_toolkit_is_refused(world, tmp_path, refused):
    pack = hand_made_pack(
        tmp_path / "x.nsppack", world["key"], world["files"], NEXT, toolkit_title="Another Toolkit"
    )
    assert "an edition of “Another Toolkit”, not of “No Secret Police”" in refused(pack)


def test_a_manifest_that_disagrees_with_its_content_is_refused(world, tmp_path, refused):
    pack = hand_made_pack(
        tmp_path / "x.nsppack", world["key"], world["files"], NEXT, edition="June 2026"
    )
    assert "the manifest says June 2026 (2026.9.1) but the content says March 2026" in refused(pack)


@pytest.mark.parametrize("fresh", [False, True])
def test_signed_but_invalid_content_is_refused_after_unpacking(world, tmp_path, refused, fresh):
    files = dict(world["files"])
    files["content/policies/13-bad.md"] = b"---\nid: Bad ID\n---\n"
    pack = hand_made_pack(tmp_path / "x.nsppack", world["key"], files, NEXT)
    options = ["--trust-key", world["public"]] if fresh else []
    assert "content is not valid: " in refused(pack, *options, fresh=fresh)


def test_a_newer_pack_format_is_refused(world, tmp_path, refused):
    pack = hand_made_pack(
        tmp_path / "x.nsppack", world["key"], world["files"], NEXT, format_version=2
    )
    assert "update NSP Desktop first" in refused(pack)


def test_a_trust_key_file_that_is_not_a_key_is_refused(world, tmp_path, refused):
    bad = tmp_path / "bad.pub"
    bad.write_text("hello\n")
    assert "not an NSP Desktop public key file" in refused(world["good"], "--trust-key", bad)


def _public(world):
    from nsp_desktop.core.editions.keys import load_public_key

    return load_public_key(world["public"])
