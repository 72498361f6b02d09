"""Exports carry the edition, workspace and time; text is escaped; files are written atomically."""

import csv
import io
import json
import os
import re
import time
from html.parser import HTMLParser

import pytest

from nsp_desktop.core import export, fileutil, report
from nsp_desktop.core.export import ExportError, Scope
from tests.helpers import DATA
from tests.sample_progress import ALPR, AS_OF, DETENTION, HOSTILE, SCHOOLS, TOOLKIT, filled_store

GOLDEN = DATA / "golden"


def in_zone(monkeypatch, zone: str) -> None:
    """Run as a reader in `zone` would (the process's local time zone)."""
    if not hasattr(time, "tzset"):  # Windows: the zone cannot be changed inside the process
        pytest.skip("needs time.tzset")
    monkeypatch.setenv("TZ", zone)
    time.tzset()


@pytest.fixture(autouse=True)
def new_york(monkeypatch):
    """Exports show local time: the golden files are made as a reader in New York sees them."""
    in_zone(monkeypatch, "America/New_York")
    yield
    monkeypatch.undo()
    time.tzset()


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
    assert ("2026-03-14T15:09:26Z" if fmt in ("csv", "json") else "14 Mar 2026, 11:09 EDT") in text


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_times_a_person_reads_are_local_and_clear_iso_stays_for_machines(fmt, state, monkeypatch):
    in_zone(monkeypatch, "Europe/Berlin")
    text = render(fmt, state, Scope(policy_id=DETENTION))
    assert "14 Mar 2026, 16:09 CET" in text and "UTC" not in text
    assert "since 4 Jan 2026" in text and "done 3 Jan 2026" in text and "1 May 2026" in text
    assert not re.search(r"\b20\d\d-\d\d-\d\d", text)  # no ISO date left for a person to decode
    for machine in ("csv", "json"):
        assert "2026-03-14T15:09:26Z" in render(machine, state)


def test_a_day_is_the_readers_day_not_utcs():
    assert str(report.local_date("2026-01-03T02:00:00Z")) == "2026-01-02"  # New York: the 2nd
    assert str(report.local_date("2026-05-01")) == "2026-05-01"  # a due date is that day
    assert report.LOCAL_TIME.day("soon-ish") == "soon-ish"  # text that is no date stays as it is


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
    assert "- [x] Gather relevant data" in text and "(done 3 Jan 2026)" in text
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


def _summary_and_rest(text: str, fmt: str) -> tuple[str, str]:
    first_policy = text.index("### " if fmt == "md" else "<h3>")
    return text[:first_policy], text[first_policy:]


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_every_readable_export_opens_with_a_summary(fmt, state):
    summary, _ = _summary_and_rest(render(fmt, state), fmt)
    for said in (
        "Summary", "Workspace:", "My workspace", "As of:", "14 Mar 2026, 11:09 EDT",
        "Overall progress:", "3 of", "checklist items done, in 11 policies",
        "Policies by status:", "Not started: 10; Drafting: 1",
        "Policies with notes:", "Cancel federal detention contracts",
    ):  # fmt: skip
        assert said in summary, said
    assert "Talk to the school board" not in summary  # the notes themselves come later


def test_the_summary_counts_what_the_scope_holds(state):
    policies = export.select(TOOLKIT, state, Scope(only_with_progress=True))
    summary = report.Summary.of(policies)
    assert (summary.policies, summary.done, summary.total) == (3, 3, 10)  # the retired one aside
    assert summary.statuses == (("not-started", 2), ("drafting", 1))


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_check_mark_always_says_what_it_means_and_never_sits_by_a_status(fmt, state):
    text = render(fmt, state)
    lines = [line for line in text.splitlines() if "✓" in line]
    assert lines, "the ✓ is the toolkit's mark: it stays"
    for line in lines:
        assert report.CHECK_LABEL in line or TOOLKIT.preempted_legend in line, line
        assert not re.search(r"Status|Progress|\d+ of \d+|Not started|done", line), line
    headings = [line for line in text.splitlines() if line.startswith(("#", "<h"))]
    assert not [h for h in headings if "✓" in h]


def test_csv_names_the_check_marks_column(state):
    rows = list(csv.DictReader(io.StringIO(render("csv", state), newline="")))
    assert report.CHECK_COLUMN == "✓ Useful in hostile or preempted states"
    marked = {r["Policy ID"]: r[report.CHECK_COLUMN] for r in rows}
    assert marked[DETENTION] == "yes"
    assert set(marked.values()) == {"yes", "no"}


def test_json_carries_the_summary_and_the_mark(state):
    document = json.loads(render("json", state, Scope(only_with_progress=True)))
    assert document["summary"]["items_done"] == 3
    assert document["summary"]["policies_by_status"] == {"not-started": 2, "drafting": 1}
    assert next(p for p in document["policies"] if p["id"] == DETENTION)["preempted_friendly"]


def test_every_label_is_set_apart_from_its_value(state):
    body = export.html_body(TOOLKIT, state, Scope(), AS_OF)
    pairs = re.findall(r"<b>([^<]*)</b>(.)", body)
    assert len(pairs) > 40
    assert all(label.endswith(":") and after == " " for label, after in pairs), pairs
    for line in render("md", state).splitlines():
        if line.startswith("- **"):
            assert re.match(r"- \*\*[^*]+:\*\* \S", line), line
