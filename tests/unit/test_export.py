"""Exports carry the edition, workspace and time; text is escaped; files are written atomically."""

import csv
import io
import json
import os
from html.parser import HTMLParser

import pytest

from nsp_desktop.core import export, fileutil
from nsp_desktop.core.export import ExportError, Scope
from tests.helpers import DATA
from tests.sample_progress import ALPR, AS_OF, DETENTION, HOSTILE, SCHOOLS, TOOLKIT, filled_store

GOLDEN = DATA / "golden"


@pytest.fixture
def state(tmp_path, monkeypatch):
    with filled_store(tmp_path / "data", monkeypatch) as store:
        yield store.workspace_state(TOOLKIT, store.current_workspace().id)


EVERYTHING = Scope()


def render(fmt, state, scope=EVERYTHING, **kw):
    return export.render_text(fmt, TOOLKIT, state, scope, AS_OF, **kw)


@pytest.mark.parametrize("fmt", export.TEXT_FORMATS)
def test_matches_golden_file(fmt, state):
    """Set UPDATE_GOLDEN=1 to rewrite the files after an intended change, then read the diff."""
    made = render(fmt, state, Scope(only_with_progress=True))
    golden = GOLDEN / f"progress.{fmt}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_bytes(made.encode("utf-8"))
    assert made == golden.read_bytes().decode("utf-8")


@pytest.mark.parametrize("fmt", export.TEXT_FORMATS)
def test_every_format_carries_edition_workspace_and_as_of(fmt, state):
    text = render(fmt, state, Scope(policy_id=DETENTION))
    assert "December 2025" in text and "2025.12.1" in text
    assert "My workspace" in text
    assert ("2026-03-14T15:09:26Z" if fmt in ("csv", "json") else "2026-03-14 15:09 UTC") in text


class _Checker(HTMLParser):
    """Checks that every element is closed in order (HTML5 void elements aside)."""

    VOID = {"meta", "br", "hr", "img", "input", "link"}

    def __init__(self):
        super().__init__()
        self.open, self.scripts, self.texts = [], 0, []

    def handle_starttag(self, tag, attrs):
        self.scripts += tag == "script"
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        assert self.open and self.open[-1] == tag, f"</{tag}> closes {self.open[-1:]}"
        self.open.pop()

    def handle_data(self, data):
        self.texts.append(data)


def test_html_is_standalone_well_formed_with_print_css_and_escapes_notes(state):
    page = render("html", state)
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert '<meta charset="utf-8">' in page and "@media print" in page and "<title>" in page
    assert "http" not in page.replace("http-equiv", "")  # nothing fetched from anywhere
    checker = _Checker()
    checker.feed(page)
    checker.close()
    assert checker.open == [] and checker.scripts == 0  # the note's <script> is only text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Привет, 世界" in "".join(checker.texts)
    assert '"no"' in "".join(checker.texts)


def test_csv_is_one_row_per_item_and_round_trips_hostile_notes(state):
    text = render("csv", state)
    assert "\r\n" in text and not text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert list(rows[0]) == list(export.CSV_COLUMNS)
    detention = [r for r in rows if r["Policy ID"] == DETENTION]
    assert len(detention) == 5  # three content items and two of the person's own
    assert all(r["Policy notes"] == HOSTILE for r in detention)
    gathered = next(r for r in detention if r["Item ID"] == "gather-contract-data")
    done_at = state.policy(DETENTION).items[1].done_at
    assert done_at.startswith("2026-01-")
    assert (gathered["Done"], gathered["Done at"], gathered["Status"]) == (
        "yes",
        done_at,
        "Drafting",
    )
    assert (gathered["Owner"], gathered["Due"], gathered["Custom"]) == (
        "Cllr. Ortiz",
        "2026-05-01",
        "no",
    )
    own = [r for r in detention if r["Custom"] == "yes"]
    assert [r["Item"] for r in own] == [
        'Ask the clerk for the IGSA, "all pages"',
        "Brief the council",
    ]
    assert {r["Workspace"] for r in rows} == {"My workspace"}
    assert len({r["Policy ID"] for r in rows}) == 12  # eleven policies and one retired


def test_excel_csv_has_a_bom_and_defuses_formulas(tmp_path, monkeypatch):
    with filled_store(tmp_path / "data", monkeypatch, note='=HYPERLINK("x")') as store:
        state = store.workspace_state(TOOLKIT, store.current_workspace().id)
    text = render("csv", state, Scope(policy_id=DETENTION), excel=True)
    assert text.startswith("\ufeff") and "'=HYPERLINK" in text
    plain = render("csv", state, Scope(policy_id=DETENTION))
    assert "'=HYPERLINK" in plain  # defused for every spreadsheet, not only Excel


def test_json_restores_everything_and_round_trips_hostile_notes(state):
    document = json.loads(render("json", state))
    assert document["schema_version"] == export.JSON_SCHEMA_VERSION
    assert document["toolkit_version"] == "2025.12.1" and document["workspace"] == "My workspace"
    detention = next(p for p in document["policies"] if p["id"] == DETENTION)
    saved = state.policy(DETENTION)
    assert detention["note"] == HOSTILE and detention["note_updated_at"] == saved.note_updated_at
    assert detention["status_changed_at"] == saved.status_changed_at
    assert saved.status_changed_at < saved.note_updated_at  # the fixed clock moved on
    assert detention["status"] == "drafting"
    assert [i["text"] for i in detention["items"] if i["custom"]] == [
        'Ask the clerk for the IGSA, "all pages"', "Brief the council",
    ]  # fmt: skip
    retired = next(p for p in document["policies"] if p["id"] == "policy-from-an-old-edition")
    assert retired["retired"] and retired["items"][0]["text"] == "An old step"


def test_scope_one_priority_one_policy_and_only_with_progress(state):
    ids = lambda scope: [p.id for p in export.select(TOOLKIT, state, scope)]  # noqa: E731
    assert ids(Scope(policy_id=ALPR)) == [ALPR]
    collaboration = ids(Scope(priority_id="no-collaboration"))
    assert DETENTION in collaboration and ALPR not in collaboration
    assert ids(Scope(only_with_progress=True)) == [
        ALPR, DETENTION, SCHOOLS, "policy-from-an-old-edition",
    ]  # fmt: skip
    assert len(ids(Scope())) == 12
    with pytest.raises(ExportError, match="no policy 'nope'"):
        export.select(TOOLKIT, state, Scope(policy_id="nope"))
    with pytest.raises(ExportError, match="no priority"):
        export.select(TOOLKIT, state, Scope(priority_id="nope"))


def test_markdown_makes_user_text_inert(state):
    text = render("md", state, Scope(policy_id=DETENTION))
    assert "\\<script\\>" in text and "<script>" not in text
    assert "- [x] Gather relevant data" in text and "(done 2026-01-" in text
    assert "> Привет, 世界" in text


def test_unwritable_folder_gives_a_clear_message_and_no_partial_file(tmp_path, state, monkeypatch):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):  # root writes anywhere: have the OS refuse as it would

            def refuse(*args, **kwargs):
                raise PermissionError(13, "Permission denied")

            monkeypatch.setattr(fileutil.tempfile, "mkstemp", refuse)
        with pytest.raises(ExportError, match="permission"):
            export.write_file(folder / "out.md", render("md", state))
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_a_failed_write_leaves_no_partial_file_and_keeps_the_old_one(tmp_path, monkeypatch):
    target = tmp_path / "out.csv"
    target.write_text("the old export")

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(ExportError, match="the disk is full"):
        export.write_file(target, "new text")
    assert target.read_text() == "the old export"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_missing_folder_or_a_folder_as_target_are_clear_errors(tmp_path):
    with pytest.raises(ExportError, match="does not exist"):
        export.write_file(tmp_path / "nowhere" / "out.md", "x")
    with pytest.raises(ExportError, match="is a folder"):
        export.write_file(tmp_path, "x")
