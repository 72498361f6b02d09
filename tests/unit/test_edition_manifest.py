"""The manifest parser, file-name rule and key files, fuzzed: any input is a Manifest or a refusal."""

import hashlib
import json
import re
from pathlib import PurePosixPath, PureWindowsPath

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nsp_desktop.core.editions import EditionError, keys
from nsp_desktop.core.editions.manifest import (
    FileEntry,
    Manifest,
    check_name,
    parse,
    parse_version,
)

SHA = "0" * 64

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)
versions = st.lists(st.integers(0, 10**9 - 1), min_size=1, max_size=5).map(
    lambda parts: ".".join(map(str, parts))
)
part = st.from_regex(r"\A[a-z0-9_](?:[a-z0-9._-]{0,20}[a-z0-9_-])?\Z").filter(
    lambda p: (
        p.split(".")[0].lower() not in ("con", "prn", "aux", "nul")
        and not re.match(r"(?i)(com|lpt)[0-9](\.|$)", p)
    )
)
names = st.lists(part, min_size=1, max_size=3).map(lambda parts: "content/" + "/".join(parts))
texts = st.text(min_size=1, max_size=40).filter(lambda s: s.strip())


def _valid() -> dict:
    return {
        "format": "nsppack",
        "format_version": 1,
        "toolkit_title": "No Secret Police",
        "edition": "March 2026",
        "version": "2026.3.1",
        "follows": "2025.12.1",
        "files": {"content/toolkit.md": {"sha256": SHA, "size": 3}},
    }


@settings(max_examples=300)
@given(st.binary(max_size=300))
def test_any_bytes_are_a_manifest_or_a_refusal(raw):
    try:
        assert isinstance(parse(raw), Manifest)
    except EditionError as error:
        assert str(error)


@settings(max_examples=300)
@given(json_values)
def test_any_json_is_a_manifest_or_a_refusal(value):
    with pytest.raises(EditionError):
        parse(json.dumps(value).encode())  # none of these has "format": "nsppack"


@settings(max_examples=300)
@given(st.sampled_from(sorted(_valid())), json_values)
def test_any_field_replaced_by_any_json_is_read_or_refused_never_crashes(key, value):
    data = _valid()
    data[key] = value
    try:
        manifest = parse(json.dumps(data).encode())
    except EditionError:
        return
    assert manifest.files and parse_version(manifest.version)


@settings(max_examples=200)
@given(
    title=texts,
    edition=texts,
    version=versions,
    follows=versions,
    files=st.dictionaries(
        names, st.tuples(st.just(SHA), st.integers(0, 1000)), min_size=1, max_size=5
    ),
)
def test_a_manifest_reads_back_as_written(title, edition, version, follows, files):
    manifest = Manifest(
        title, edition, version, follows, {n: FileEntry(*entry) for n, entry in files.items()}
    )
    assert parse(manifest.to_bytes()) == manifest


@settings(max_examples=1000)
@given(st.text(max_size=60) | st.builds("content/{}".format, st.text(max_size=40)))
def test_an_accepted_name_always_stays_inside_the_content_folder(name):
    try:
        check_name(name)
    except EditionError:
        return
    for flavour in (PurePosixPath, PureWindowsPath):
        path = flavour(name)
        assert not path.is_absolute() and not path.drive
        assert path.parts[0] == "content" and ".." not in path.parts
    assert "\\" not in name and ":" not in name and "\0" not in name
    for part in name.split("/"):
        assert not part.endswith(".") and not part.startswith(".")
        assert part.split(".")[0].lower() not in ("con", "prn", "aux", "nul")


@pytest.mark.parametrize("name", ["content/toolkit.md", "content/policies/01-a_b.md"])
def test_plain_names_are_accepted(name):
    check_name(name)


@pytest.mark.parametrize("bad", ["", "1.", ".1", "1..2", "a.1", "1.2.3.4.5.6", "01" * 9, 3])
def test_a_version_is_numbers_joined_by_dots(bad):
    with pytest.raises(EditionError):
        parse_version(bad)


def test_versions_compare_as_numbers():
    assert parse_version("2026.10.1") > parse_version("2026.9.9")
    assert parse_version("2026.1") < parse_version("2026.1.0")


def test_fingerprints_are_stable_and_key_files_are_checked(tmp_path):
    digest = hashlib.sha256(bytes(32)).hexdigest()
    assert keys.fingerprint(bytes(32)).split() == [digest[i : i + 4] for i in range(0, 32, 4)]
    printed = keys.keygen(tmp_path / "k")
    public = keys.load_public_key(tmp_path / "k.pub")
    assert keys.fingerprint(public) == printed
    with pytest.raises(EditionError, match="not an NSP Desktop secret key file"):
        keys.load_signing_key(tmp_path / "k.pub")
    signing = keys.load_signing_key(tmp_path / "k")
    key, signature = keys.signer(keys.sign(signing, b"message"))
    assert key == public
    keys.verify(key, b"message", signature)
    with pytest.raises(EditionError, match="changed after it was signed"):
        keys.verify(key, b"massage", signature)


@settings(max_examples=300)
@given(st.binary(max_size=200))
def test_any_signature_file_is_read_or_refused(raw):
    try:
        key, signature = keys.signer(raw)
    except EditionError:
        return
    assert len(key) == 32 and len(signature) == 64


def test_trusted_keys_survive_a_damaged_list(tmp_path):
    (tmp_path / keys.TRUSTED_FILE).write_text("{not json")
    assert keys.trusted_keys(tmp_path) == set()
    keys.accept_key(tmp_path, bytes(range(32)))
    keys.accept_key(tmp_path, bytes(range(32)))
    assert keys.trusted_keys(tmp_path) == {bytes(range(32))}
    assert len(json.loads((tmp_path / keys.TRUSTED_FILE).read_text())["keys"]) == 1
