"""`nsp-desktop export` and `nsp-desktop import`: files out, files in, plain errors, no traceback."""

import json
import os
import subprocess
import sys
import zipfile

import pytest

from nsp_desktop.cli import main
from nsp_desktop.core.store import Store
from tests.helpers import ROOT
from tests.pdftext import pdf_text, squeeze
from tests.sample_progress import DETENTION, HOSTILE, SCHOOLS, filled_store


@pytest.fixture
def data(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    filled_store(folder, monkeypatch).close()
    return folder


def run(capsys, data, *args):
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_export_each_text_format_by_suffix_or_flag(capsys, data, tmp_path):
    for name in ("all.md", "all.html", "all.csv", "all.json"):
        code, out, err = run(capsys, data, "export", "--out", str(tmp_path / name))
        assert (code, err) == (0, "") and "Exported everything" in out
    assert HOSTILE in json.loads((tmp_path / "all.json").read_text())["policies"][3]["note"]
    code, _, _ = run(
        capsys, data, "export", "--format", "md", "--out", str(tmp_path / "x.txt"),
        "--policy", SCHOOLS,
    )  # fmt: skip
    text = (tmp_path / "x.txt").read_text()
    assert code == 0 and "Talk to the school board first." in text and "Cllr. Ortiz" not in text


def test_export_scope_by_priority_and_excel_csv(capsys, data, tmp_path):
    out = tmp_path / "c.csv"
    code, _, _ = run(
        capsys, data, "export", "--out", str(out), "--priority", "no-collaboration", "--excel"
    )
    raw = out.read_bytes()
    assert code == 0 and raw.startswith(b"\xef\xbb\xbf")
    assert DETENTION.encode() in raw and b"cancel-alpr-contracts" not in raw


@pytest.mark.parametrize(
    "args, message",
    [
        (["--policy", "no-such-policy"], "There is no policy 'no-such-policy'"),
        (["--workspace", "Nowhere"], "no workspace called 'Nowhere'"),
        (["--format", "md", "--out", "/nonexistent-folder/x.md"], "does not exist"),
        (["--out", "x.docx"], "Cannot tell the format"),
        (["--format", "pdf", "--brief"], "A policy brief is a PDF of one policy"),
    ],
)
def test_export_errors_are_one_message_and_non_zero(capsys, data, tmp_path, args, message):
    if "--out" not in args:
        args = [*args, "--out", str(tmp_path / "x.md")]
    code, out, err = run(capsys, data, "export", *args)
    assert code == 1 and message in err and "Traceback" not in err
    assert not (tmp_path / "x.md").exists()


def test_import_merge_then_replace_and_dry_run(capsys, data, tmp_path):
    exported = tmp_path / "all.json"
    assert run(capsys, data, "export", "--out", str(exported))[0] == 0
    fresh = tmp_path / "fresh"
    code, out, err = run(capsys, fresh, "import", str(exported), "--dry-run")
    assert code == 0 and "Dry run: nothing was changed." in out and "Add your own item" in out
    with Store.open(fresh) as store:
        assert store.notes(1) == {}
    code, out, err = run(capsys, fresh, "import", str(exported), "--workspace", "Council")
    assert code == 0 and "new workspace “Council”" in out and "Imported." in out
    code, out, err = run(
        capsys, fresh, "import", str(exported), "--workspace", "council", "--replace"
    )
    assert code == 0 and "Replace" in out and "No changes;" in out
    with Store.open(fresh) as store:
        council = store.workspace("Council")
        assert store.note(council.id, DETENTION) == HOSTILE
        assert store.note(store.workspace("My workspace").id, DETENTION) == ""


def test_import_refusals_exit_non_zero_and_change_nothing(capsys, data, tmp_path):
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps({"format": "nsp-desktop-export", "schema_version": 7}))
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "nsp-desktop-export", "schema_version": 1, "policies": [')
    with Store.open(data) as store:
        before = list(store._db.iterdump())
    for path, message in ((newer, "newer version"), (broken, "not valid JSON")):
        code, out, err = run(capsys, data, "import", str(path), "--replace")
        assert code == 1 and message in err and "Traceback" not in err
    with Store.open(data) as store:
        assert list(store._db.iterdump()) == before


def test_pdf_and_odt_from_the_command_line_without_a_display(data, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    env["PYTHONPATH"] = str(ROOT)
    base = [sys.executable, "-m", "nsp_desktop", "--data-dir", str(data), "export"]
    pdf, odt, brief = tmp_path / "all.pdf", tmp_path / "all.odt", tmp_path / "brief.pdf"
    for extra in (
        ["--out", str(pdf)],
        ["--out", str(odt), "--only-with-progress"],
        ["--format", "pdf", "--brief", "--policy", DETENTION, "--out", str(brief)],
    ):
        done = subprocess.run(base + extra, env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
    text = squeeze(pdf_text(pdf.read_bytes()))
    assert squeeze('He said "no", then <script>alert(1)</script>') in text
    assert squeeze("Привет,") in text and "Page1of" in text
    with zipfile.ZipFile(odt) as package:
        assert package.namelist()[0] == "mimetype"
        assert package.read("mimetype") == b"application/vnd.oasis.opendocument.text"
    brief_text = squeeze(pdf_text(brief.read_bytes()))
    assert squeeze("Talk to the school board") not in brief_text
    assert (
        squeeze("left; a, b, c") in brief_text and brief.read_bytes().count(b"/Type /Page\n") == 1
    )


def test_the_cli_offers_exactly_the_export_formats():
    from nsp_desktop.cli import share as share_cli
    from nsp_desktop.core import export

    assert share_cli.FORMATS == export.FORMATS


def test_opening_the_app_does_not_load_the_export_machinery():
    import subprocess
    import sys

    code = (
        "import sys; from nsp_desktop import cli; cli._parser(); "
        "print(sorted(m for m in ('nsp_desktop.core.export', 'nsp_desktop.core.importer', 'csv') "
        "if m in sys.modules))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.stdout.strip() == "[]", run.stdout + run.stderr
