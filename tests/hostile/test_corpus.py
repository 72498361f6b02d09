"""Every verb, fed a corpus of bad input: no traceback, one line saying why, exit 1 (or 3 for data
that cannot be opened), and the data folder byte-for-byte as it was."""

import json
import os
import threading

import pytest

from nsp_desktop.cli import main
from tests.hostile.conftest import cli, snapshot
from tests.sample_progress import ALPR, DETENTION

ITEM = "gather-contract-data"
NOT_UTF8 = "a\udcffb"  # how Python hands over the bytes 61 ff 62 from the command line
OPERATION = {  # a tick in a file's history, by someone whose name holds half a character
    "v": 1, "id": "1" * 16, "dev": "f" * 16, "by": "EveSURROGATE", "f": "done",
    "hlc": f"1790000000000.00000.{'f' * 16}", "p": DETENTION, "i": ITEM, "val": True,
}  # fmt: skip


def _files(folder):
    """Bad import files and note files, by name."""
    folder.mkdir()
    good = {"format": "nsp-desktop-export", "schema_version": 1, "policies": []}

    def policy(**fields):
        base = {"id": DETENTION, "status": "drafting", "items": []}
        return json.dumps(dict(good, policies=[dict(base, **fields)]))

    texts = {
        "empty.json": "",
        "null.json": "null",
        "list.json": "[]",
        "deep.json": "[" * 100_000 + "]" * 100_000,
        "deep-object.json": '{"a":' * 100_000 + "1" + "}" * 100_000,
        "surrogate.json": policy(note="SURROGATE").replace("SURROGATE", "\\ud800"),
        "surrogate-history.json": json.dumps(dict(good, operations=[OPERATION])).replace(
            "SURROGATE", "\\udc00"
        ),
        "long-note.json": policy(note="x" * 60_000),
        "long-line-item.json": policy(items=[{"id": "c", "text": "y" * 5000, "custom": True}]),
        "wrong-types.json": json.dumps(dict(good, policies="x")),
        "policy-not-object.json": json.dumps(dict(good, policies=[1])),
        "unknown-status.json": policy(status="abolished"),
        "done-not-bool.json": policy(items=[{"id": ITEM, "done": "yes"}]),
        "bad-time.json": policy(items=[{"id": ITEM, "done": True, "done_at": "yesterday"}]),
        "newer.json": json.dumps(dict(good, schema_version=99)),
        "nan-version.json": '{"format": "nsp-desktop-export", "schema_version": NaN}',
        "huge-number.json": '{"format": "nsp-desktop-export", "schema_version": '
        + "9" * 5000
        + "}",
        "not-ours.json": json.dumps({"format": "something-else"}),
        "truncated.json": policy()[:-5],
    }
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8", errors="surrogatepass")
    (folder / "latin1.json").write_bytes(b'{"format": "nsp-desktop-export", "x": "\xff"}')
    (folder / "note-latin1.txt").write_bytes(b"caf\xe9")
    (folder / "a-folder.json").mkdir()
    os.mkfifo(folder / "fifo.json")
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus") / "files"
    _files(folder)
    return folder


IMPORTS = [
    "empty.json", "null.json", "list.json", "deep.json", "deep-object.json", "surrogate.json",
    "surrogate-history.json", "long-note.json", "long-line-item.json", "wrong-types.json",
    "policy-not-object.json", "unknown-status.json", "done-not-bool.json", "bad-time.json",
    "newer.json",
    "nan-version.json", "huge-number.json", "not-ours.json", "truncated.json", "latin1.json",
    "a-folder.json", "fifo.json", "missing.json", "/dev/zero",
]  # fmt: skip

VERBS = [
    ["progress", "--workspace", ""],
    ["check", DETENTION, ITEM, "--workspace", ""],
    ["note", DETENTION, "--workspace", ""],
    ["export", "--out", "{tmp}/x.md", "--workspace", ""],
    ["import", "{corpus}/unknown-status.json", "--workspace", ""],
    ["progress", "--workspace", NOT_UTF8],
    ["check", DETENTION, NOT_UTF8],
    ["check", NOT_UTF8, ITEM],
    ["note", DETENTION, "--set", NOT_UTF8],
    ["export", "--out", "{tmp}/x.md", "--workspace", NOT_UTF8],
    ["import", "{corpus}/unknown-status.json", "--workspace", NOT_UTF8],
    ["search", "--limit", "-5", "ice"],
    ["search", NOT_UTF8],
    ["check", "no-such-policy", ITEM],
    ["check", DETENTION, "no-such-item"],
    ["note", "no-such-policy"],
    ["note", DETENTION, "--set", "n" * 50_001],
    ["note", DETENTION, "--file", "/dev/zero"],
    ["note", DETENTION, "--file", "{corpus}/fifo.json"],
    ["note", DETENTION, "--file", "{corpus}/a-folder.json"],
    ["note", DETENTION, "--file", "{corpus}/note-latin1.txt"],
    ["note", DETENTION, "--file", "{corpus}/missing.txt"],
    ["export", "--out", "{tmp}/x.md", "--policy", "no-such-policy"],
    ["export", "--out", "{tmp}/x.md", "--priority", "no-such-priority"],
    ["export", "--out", "{tmp}/" + "n" * 256 + ".md"],
    ["export", "--out", "{corpus}/fifo.json"],
    ["export", "--out", "{corpus}/a-folder.json"],
    ["export", "--out", "-", "--format", "odt"],
]


def _words(args, tmp_path, corpus):
    return [a.replace("{tmp}", str(tmp_path)).replace("{corpus}", str(corpus)) for a in args]


def _refused(capsys, data, args):
    before = snapshot(data)
    watchdog = threading.Timer(30, lambda: os._exit(99))  # a hang fails the run, loudly
    watchdog.start()
    try:
        code = main(["--data-dir", str(data), *args])
    finally:
        watchdog.cancel()
    out, err = capsys.readouterr()
    assert code in (1, 3), (code, out, err)
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    assert snapshot(data) == before
    return err


@pytest.mark.parametrize("name", IMPORTS)
@pytest.mark.parametrize("mode", [[], ["--replace"], ["--dry-run"]])
def test_every_bad_import_file_is_one_sentence_and_changes_nothing(
    capsys, data, corpus, name, mode
):
    path = name if name.startswith("/") else str(corpus / name)
    _refused(capsys, data, ["import", path, *mode])


@pytest.mark.parametrize("args", VERBS, ids=lambda a: " ".join(a)[:60])
def test_every_verb_refuses_bad_words_in_one_sentence(capsys, data, corpus, tmp_path, args):
    _refused(capsys, data, _words(args, tmp_path, corpus))
    assert not (tmp_path / "x.md").exists()


def test_an_empty_data_dir_is_refused_not_the_current_folder(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code = main(["--data-dir", "", "progress"])
    assert code == 1 and "--data-dir" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_invalid_utf8_on_a_real_command_line(data):
    """The bytes as a shell passes them ($'\\xff'), through the real interpreter start-up."""
    before = snapshot(data)
    for args in (["progress", "--workspace", b"\xff"], ["note", DETENTION, "--set", b"a\xffb"]):
        code, out, err = cli(*args, data=data)
        assert code == 1 and "Traceback" not in err and "UTF-8" in err, err
    assert snapshot(data) == before


def test_terminal_escapes_in_data_are_shown_not_obeyed(capsys, data, tmp_path):
    hostile = "Evil\x1b]0;pwned\x07\x1b[2J\u202eoops"
    file = tmp_path / "escape.json"
    file.write_text(
        json.dumps(
            {
                "format": "nsp-desktop-export",
                "schema_version": 1,
                "policies": [
                    {"id": ALPR, "note": hostile, "items": []},
                    {"id": hostile, "title": hostile, "status": "drafting", "items": []},
                ],
            }
        )
    )
    assert main(["--data-dir", str(data), "import", str(file), "--dry-run"]) == 0
    assert main(["--data-dir", str(data), "import", str(file)]) == 0
    assert main(["--data-dir", str(data), "note", ALPR]) == 0
    assert main(["--data-dir", str(data), "progress"]) == 0
    out, err = capsys.readouterr()
    assert "\x1b" not in out + err and "\x07" not in out and "\u202e" not in out
    assert "\\x1b]0;pwned" in out


def test_a_note_from_a_file_or_standard_input(data, tmp_path):
    note = tmp_path / "note.txt"
    note.write_text("from a file\nline two", encoding="utf-8")
    assert cli("note", DETENTION, "--file", str(note), data=data)[0] == 0
    assert cli("note", DETENTION, data=data)[1] == "from a file\nline two\n"
    assert cli("note", DETENTION, "--set", "-", data=data, stdin=b"from stdin")[0] == 0
    assert cli("note", DETENTION, data=data)[1] == "from stdin\n"


@pytest.mark.parametrize("where", ["a-file", "/dev/null", "a-file/below"])
def test_a_data_dir_that_is_not_a_folder_is_exit_3(capsys, tmp_path, where):
    (tmp_path / "a-file").write_text("the person's file")
    folder = where if where.startswith("/") else str(tmp_path / where)
    code = main(["--data-dir", folder, "progress"])
    err = capsys.readouterr().err
    assert code == 3 and "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert (tmp_path / "a-file").read_text() == "the person's file"
