"""A new edition end to end through the CLI: pack, install, what changed, progress kept, go back."""

import json

import pytest

from nsp_desktop.cli import main
from nsp_desktop.core.editions.manifest import MANIFEST_NAME, SIGNATURE_NAME
from nsp_desktop.core.store import Store
from tests.edition_support import (
    ADDED_ITEM,
    KEPT_ITEM,
    NEW_POLICY,
    NEW_VERSION,
    NEW_WORD,
    REMOVED_ITEM,
    make_edition,
    tree_digest,
)

DETENTION = "cancel-detention-contracts"
ALPR = "cancel-alpr-contracts"


@pytest.fixture
def cli(tmp_path, capsys):
    data = tmp_path / "data"

    def run(*args):
        code = main(["--data-dir", str(data), *[str(a) for a in args]])
        out, err = capsys.readouterr()
        return code, out, err

    run.data = data
    return run


@pytest.fixture
def trainer(tmp_path, cli):
    """A key pair and a pack of the test edition, made with the CLI as a trainer would."""
    code, out, _ = cli("edition", "keygen", "--out", tmp_path / "trainer.key")
    assert code == 0 and "Fingerprint:" in out
    content = make_edition(tmp_path / "new-content")
    pack = tmp_path / "march.nsppack"
    code, out, err = cli(
        "edition", "pack", content, "--key", tmp_path / "trainer.key", "--out", pack
    )
    assert code == 0, err
    return tmp_path / "trainer.key", tmp_path / "trainer.key.pub", pack


def test_keygen_writes_a_private_and_a_public_key_and_prints_the_fingerprint(tmp_path, cli):
    code, out, _ = cli("edition", "keygen", "--out", tmp_path / "k")
    assert code == 0
    fingerprint = out.split("Fingerprint:")[1].strip()
    assert len(fingerprint.split()) == 8
    assert fingerprint in (tmp_path / "k.pub").read_text()
    assert (tmp_path / "k").stat().st_mode & 0o077 == 0  # the secret key is the owner's only
    public = (tmp_path / "k.pub").read_bytes()
    code, out, err = cli("edition", "keygen", "--out", tmp_path / "k")
    assert (code, out) == (1, "") and "already exists" in err  # never overwritten
    assert (tmp_path / "k.pub").read_bytes() == public


def test_pack_is_small_and_signed_with_a_manifest_of_every_file(trainer):
    import zipfile

    _, _, pack = trainer
    assert pack.stat().st_size <= 100 * 1024
    with zipfile.ZipFile(pack) as archive:
        names = set(archive.namelist())
        manifest = json.loads(archive.read(MANIFEST_NAME))
    assert {MANIFEST_NAME, SIGNATURE_NAME} <= names
    assert set(manifest["files"]) == names - {MANIFEST_NAME, SIGNATURE_NAME}
    assert "content/policies/12-publish-surveillance-inventory.md" in names
    assert (manifest["version"], manifest["follows"]) == (NEW_VERSION, "2025.12.1")
    assert manifest["toolkit_title"] == "No Secret Police"


def test_pack_refuses_invalid_content(tmp_path, cli, trainer):
    key, _, _ = trainer
    content = make_edition(tmp_path / "broken")
    (content / "policies" / "13-bad.md").write_text("no front matter\n", encoding="utf-8")
    code, _, err = cli("edition", "pack", content, "--key", key, "--out", tmp_path / "x.nsppack")
    assert code == 1
    assert "13-bad.md" in err and "not valid" in err
    assert not (tmp_path / "x.nsppack").exists()


def test_install_keeps_progress_shows_what_changed_and_search_finds_the_new_text(cli, trainer):
    _, public, pack = trainer
    assert cli("check", DETENTION, KEPT_ITEM)[0] == 0
    assert cli("check", DETENTION, REMOVED_ITEM)[0] == 0
    assert cli("note", ALPR, "--set", "Ask the clerk about the vendor")[0] == 0
    with Store.open(cli.data) as store:
        store.set_status(store.current_workspace().id, ALPR, "drafting", owner="Sam")
    assert json.loads(cli("search", NEW_WORD, "--json")[1]) == []

    code, out, err = cli("edition", "install", pack, "--trust-key", public)
    assert code == 0, err
    assert f"({NEW_VERSION}); it is now in use" in out
    assert f"added    {NEW_POLICY}" in out
    assert f"changed  {ALPR}" in out and "1 item added" in out and "1 sentence changed" in out
    assert f"changed  {DETENTION}" in out and "1 item removed" in out

    progress = json.loads(cli("progress", "--json")[1])["policies"]
    detention = next(p for p in progress if p["id"] == DETENTION)
    items = {i["id"]: i for i in detention["items"]}
    assert items[KEPT_ITEM]["done"] and not items[KEPT_ITEM]["retired"]
    assert items[REMOVED_ITEM]["done"] and items[REMOVED_ITEM]["retired"]
    alpr = next(p for p in progress if p["id"] == ALPR)
    assert (alpr["status"], alpr["owner"]) == ("drafting", "Sam")
    assert ADDED_ITEM in [i["id"] for i in alpr["items"] if not i["done"]]
    assert any(p["id"] == NEW_POLICY and p["done"] == 0 for p in progress)
    assert cli("note", ALPR)[1].strip() == "Ask the clerk about the vendor"

    hits = json.loads(cli("search", NEW_WORD, "--json")[1])
    assert [h["page_id"] for h in hits] == [ALPR]
    assert (
        json.loads(cli("search", "inventory surveillance", "--json")[1])[0]["page_id"] == NEW_POLICY
    )


def test_diff_json_lists_each_changed_policy_with_its_items(cli, trainer):
    _, public, pack = trainer
    assert cli("edition", "install", pack, "--trust-key", public)[0] == 0
    code, out, _ = cli("edition", "diff", "--json")
    assert code == 0
    diff = json.loads(out)
    assert (diff["from"]["version"], diff["to"]["version"]) == ("2025.12.1", NEW_VERSION)
    policies = {p["id"]: p for p in diff["policies"]}
    assert set(policies) == {ALPR, DETENTION, NEW_POLICY}
    assert policies[NEW_POLICY]["change"] == "added"
    assert policies[DETENTION]["change"] == "changed"
    assert [i["id"] for i in policies[DETENTION]["items"]["removed"]] == [REMOVED_ITEM]
    assert [i["id"] for i in policies[ALPR]["items"]["added"]] == [ADDED_ITEM]
    [sentence] = policies[ALPR]["sentences"]
    assert ["delete", "pervasive"] in sentence["words"]
    assert ["insert", NEW_WORD] in sentence["words"]
    assert policies[ALPR]["title"].startswith("Cancel Automated License Plate Reader")
    text = cli("edition", "diff")[1]
    assert f"[-pervasive] [+{NEW_WORD}]" in text


def test_go_back_to_bundled_and_forward_again(cli, trainer):
    _, public, pack = trainer
    assert cli("edition", "install", pack, "--trust-key", public)[0] == 0
    code, out, _ = cli("edition", "list")
    assert code == 0
    assert [line.split()[:2] for line in out.splitlines()] == [
        ["bundled", "December"],
        ["*", NEW_VERSION],
    ]
    assert cli("edition", "use", "bundled") == (0, "In use: bundled.\n", "")
    assert json.loads(cli("search", NEW_WORD, "--json")[1]) == []
    assert cli("edition", "list")[1].startswith("* bundled")
    assert cli("edition", "use", NEW_VERSION)[0] == 0
    assert json.loads(cli("search", NEW_WORD, "--json")[1])
    assert cli("edition", "use", "2025.12.1")[1] == "In use: bundled.\n"  # by its version too
    assert cli("edition", "use", NEW_VERSION)[0] == 0
    code, _, err = cli("edition", "use", "2099.1")
    assert code == 1 and "no edition '2099.1'" in err


def test_a_trusted_key_is_remembered_and_the_same_version_is_not_installed_twice(cli, trainer):
    _, public, pack = trainer
    assert cli("edition", "install", pack, "--trust-key", public)[0] == 0
    before = tree_digest(cli.data)
    code, _, err = cli("edition", "install", pack)  # no --trust-key: the key is known now
    assert code == 1 and "already here" in err
    assert tree_digest(cli.data) == before


def test_a_second_edition_installs_without_trust_key_and_diffs_against_the_one_before(
    tmp_path, cli, trainer
):
    from tests.edition_support import make_pack

    key, public, pack = trainer
    assert cli("edition", "install", pack, "--trust-key", public)[0] == 0
    later = make_pack(tmp_path / "later", key, version="2026.6.1")
    code, out, err = cli("edition", "install", later)
    assert code == 0, err
    assert "(now trusted)" not in out
    diff = json.loads(cli("edition", "diff", "--json")[1])
    assert (diff["from"]["version"], diff["to"]["version"]) == (NEW_VERSION, "2026.6.1")
    assert diff["policies"] == []  # the same text, a new version


def test_content_in_use_survives_a_damaged_pointer(cli, trainer):
    _, public, pack = trainer
    assert cli("edition", "install", pack, "--trust-key", public)[0] == 0
    pointer = cli.data / "editions" / "in-use.json"
    for garbage in ("{", "[]", '{"in_use": "../../etc"}', '{"in_use": "2099.1"}'):
        pointer.write_text(garbage, encoding="utf-8")
        assert cli("edition", "list")[1].startswith("* bundled"), garbage
        assert json.loads(cli("search", NEW_WORD, "--json")[1]) == []


def test_other_verbs_do_not_load_what_editions_need():
    import subprocess
    import sys

    code = (
        "import sys; from nsp_desktop.cli import _parser; _parser(); "
        "print(sorted(m for m in sys.modules if m.startswith(('whoosh', 'nacl'))))"
    )
    from tests.helpers import ROOT

    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "[]"


def test_diff_cut_short_by_its_reader_ends_quietly(cli, trainer, tmp_path, monkeypatch):
    import io
    import sys

    _, public, pack = trainer
    assert cli("edition", "install", pack, "--trust-key", public)[0] == 0
    sink = open(tmp_path / "sink", "w")  # closed below; main points its fd at /dev/null

    class ClosedPipe(io.StringIO):
        """stdout whose reader has gone, as with `| head`: every write fails at once."""

        def write(self, text):
            raise BrokenPipeError(32, "Broken pipe")

        def fileno(self):
            return sink.fileno()

    errors = io.StringIO()
    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    monkeypatch.setattr(sys, "stderr", errors)
    try:
        code = main(["--data-dir", str(cli.data), "edition", "diff", "--json"])
    finally:
        sink.close()
    assert (code, errors.getvalue()) == (141, "")


def test_the_version_followed_comes_from_toolkit_md_when_it_names_one(tmp_path, cli, trainer):
    import zipfile

    key, _, _ = trainer
    content = make_edition(tmp_path / "named", version="2026.6.1")
    toolkit = content / "toolkit.md"
    toolkit.write_text(
        toolkit.read_text().replace("version: 2026.6.1", "version: 2026.6.1\nfollows: 2026.3.1")
    )
    out = tmp_path / "june.nsppack"
    code, printed, err = cli("edition", "pack", content, "--key", key, "--out", out)
    assert code == 0, err
    assert "(2026.6.1, follows 2026.3.1)" in printed
    with zipfile.ZipFile(out) as archive:
        assert json.loads(archive.read(MANIFEST_NAME))["follows"] == "2026.3.1"
    toolkit.write_text(toolkit.read_text().replace("follows: 2026.3.1", "follows: 2026.6.1"))
    code, _, err = cli("edition", "pack", content, "--key", key, "--out", tmp_path / "x.nsppack")
    assert code == 1 and "is not newer than the edition it follows (2026.6.1)" in err
