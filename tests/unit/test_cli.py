"""The command line: without a verb the parser is built without the verbs; with one, as before."""

import pytest

from nsp_desktop import cli


def test_help_lists_every_verb(capsys):
    with pytest.raises(SystemExit) as done:
        cli.main(["--help"])
    assert done.value.code == 0
    shown = capsys.readouterr().out
    for verb in ("validate", "progress", "check", "note", "export", "import", "search"):
        assert verb in shown


@pytest.mark.parametrize(
    "argv, opens",
    [
        ([], True),
        (["--data-dir", "d"], True),
        (["--data-dir=d", "--content", "c", "--exit-after-first-paint"], True),
        (["--data-dir", "d", "validate"], False),
        (["--data-dir", "validate"], True),  # a folder that happens to be named like a verb
        (["--data-dir"], False),  # a missing value: the full parser says what is wrong
        (["--version"], False),
        (["frobnicate"], False),
        (["/home/a/March 2026.nsppack"], True),  # a double-click: the app opens on the pack
        (["--data-dir", "d", "x.NSPPACK"], True),
        (["edition", "install", "x.nsppack"], False),
        (["x.nsppack", "validate"], False),
    ],
)
def test_a_command_line_of_global_options_has_no_verb(argv, opens):
    assert cli._without_verb(argv) is opens


def test_a_verb_after_global_options_still_runs(tmp_path, capsys):
    assert cli.main(["--data-dir", str(tmp_path), "validate"]) == 0
    assert "valid" in capsys.readouterr().out


def test_an_unknown_verb_names_the_choices(capsys):
    with pytest.raises(SystemExit) as done:
        cli.main(["frobnicate"])
    assert done.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_output_cut_short_by_its_reader_ends_quietly(tmp_path):
    import subprocess
    import sys

    command = [sys.executable, "-m", "nsp_desktop", "--data-dir", str(tmp_path), "progress"]
    writer = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    writer.stdout.readline()  # the reader takes one line, then goes away
    writer.stdout.close()
    errors = writer.stderr.read().decode()
    assert writer.wait(timeout=60) in (0, 141)
    assert "Traceback" not in errors and "BrokenPipe" not in errors


def test_a_pack_on_the_command_line_opens_the_app_on_it_and_is_no_verb(tmp_path):
    args = cli.parse(["--data-dir", str(tmp_path), str(tmp_path / "March 2026.nsppack")])
    assert cli.opens_app(args) and args.command is None
    assert args.edition_pack == str(tmp_path / "March 2026.nsppack")
    assert cli.parse([]).edition_pack is None
    verb = cli.parse(["edition", "install", "x.nsppack"])  # the verb keeps its own argument
    assert verb.command == "edition" and str(verb.pack) == "x.nsppack"
    assert verb.edition_pack is None
