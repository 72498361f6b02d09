"""A pack damaged anywhere is refused with a sentence, or still yields exactly the signed files."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nsp_desktop.core.editions import EditionError, keys
from nsp_desktop.core.editions.verify import read_pack
from tests.edition_support import make_key, make_pack


@pytest.fixture(scope="module")
def signed(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz")
    key, public = make_key(root / "keys")
    pack = make_pack(root, key)
    trusted = {keys.load_public_key(public)}
    return pack.read_bytes(), trusted, read_pack(pack, trusted).files, root


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_damage_is_refused_or_harmless(signed, data):
    raw, trusted, files, root = signed
    damaged = bytearray(raw)
    for _ in range(data.draw(st.integers(1, 4))):
        at = int(data.draw(st.floats(0, 1, exclude_max=True)) * len(raw))  # anywhere, evenly
        damaged[at] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(len(raw) // 2, len(raw)))
    path = root / "damaged.nsppack"
    path.write_bytes(bytes(damaged[:cut]))
    try:
        verified = read_pack(path, trusted)
    except EditionError as error:
        assert str(error).endswith(".")
        return
    assert verified.files == files


def test_damage_inside_a_compressed_file_is_refused_as_damage(signed):
    import zipfile

    raw, trusted, files, root = signed
    path = root / "pack.nsppack"
    path.write_bytes(raw)
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("content/policies/03-end-287g-and-task-forces.md")
    start = info.header_offset + 30 + len(info.filename)
    reasons = set()
    for offset in range(0, info.compress_size, 11):
        damaged = bytearray(raw)
        damaged[start + offset] ^= 0xFF
        path.write_bytes(bytes(damaged))
        try:
            assert read_pack(path, trusted).files == files  # a bit no decoder reads
        except EditionError as refused:
            reasons.add(str(refused).split(" (")[0])
    assert reasons and reasons <= {
        "the pack is damaged or not a zip file",
        "content/policies/03-end-287g-and-task-forces.md does not match its hash in the manifest: "
        "the pack was changed after it was signed.",
    }
