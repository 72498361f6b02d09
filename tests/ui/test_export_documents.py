"""The PDF and ODT exports as a reader meets them: labels set apart from values, a summary first,
the ✓ named, local times in the locale's format, and no heading left alone at a page's foot."""

import io
import re
import shutil
import subprocess
import zipfile
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QLocale, QSizeF

from nsp_desktop.core import export, report
from nsp_desktop.documents import pagination, writers
from tests.pdftext import pdf_text, squeeze
from tests.sample_progress import AS_OF, DETENTION, TOOLKIT, filled_store


@pytest.fixture
def state(tmp_path, monkeypatch):
    with filled_store(tmp_path / "data", monkeypatch) as store:
        yield store.workspace_state(TOOLKIT, store.current_workspace().id)


@pytest.fixture
def us_locale():
    before = QLocale()
    QLocale.setDefault(QLocale("en_US"))
    yield
    QLocale.setDefault(before)


def test_pdf_text_keeps_every_label_apart_from_its_value(qapp, state, us_locale):
    pdf = writers.export_bytes("pdf", TOOLKIT, state, export.Scope(), AS_OF)
    text = squeeze(pdf_text(pdf))
    for run_together in ("WorkspaceMyworkspace", "Progress2of", "StatusDrafting", "OwnerCllr"):
        assert run_together not in text
    for labelled in ("Workspace:Myworkspace", "Progress:2of5itemsdone", "Status:Drafting"):
        assert labelled in text
    if shutil.which("pdftotext"):  # what a reader's tool extracts, spaces and all
        words = subprocess.run(
            ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        assert "Workspace: My workspace" in words and "Progress: 2 of 5 items done" in words


def test_pdf_opens_with_the_summary_and_names_the_check_mark(qapp, state, us_locale):
    text = squeeze(pdf_text(writers.export_bytes("pdf", TOOLKIT, state, export.Scope(), AS_OF)))
    summary = text[: text.index(squeeze("Cancel Automated License Plate Reader"))]
    for said in ("Summary", "Overallprogress:3of", "Policiesbystatus:Notstarted:10;Drafting:1",
                 "Policieswithnotes:Cancelfederaldetentioncontracts", "✓means:"):  # fmt: skip
        assert said in summary, said
    assert squeeze(f"{report.CHECK_FIELD}: ✓ {report.CHECK_LABEL}") in text
    assert "✓Cancel" not in text  # never beside a title, a status or a count


def test_documents_show_times_in_the_locales_format_header_and_body_alike(
    qapp, state, us_locale, tmp_path
):
    pdf = writers.export_bytes("pdf", TOOLKIT, state, export.Scope(policy_id=DETENTION), AS_OF)
    text = squeeze(pdf_text(pdf))
    shown = writers.shown_time(AS_OF)
    assert shown.startswith("3/14/26") and text.count(squeeze(shown)) == 2  # header and summary
    assert squeeze(f"Due: {writers.shown_day(datetime(2026, 5, 1).date())}") in text
    assert "2026-" not in text and "UTC" not in text
    html = export.render_text(
        "html", TOOLKIT, state, export.Scope(), AS_OF, times=writers.LOCALE_TIME
    )
    assert shown in html  # the app's HTML and Markdown agree with its PDFs
    path = writers.write_export("md", tmp_path / "a.md", TOOLKIT, state, export.Scope(), AS_OF)
    assert f"**As of:** {shown}" in path.read_text(encoding="utf-8")


def _heading_alone(document, page_height: float) -> list[str]:
    """Headings whose section's first paragraph (after any headings under them) starts on a
    later page."""
    alone = []
    block = document.begin()
    while block.isValid():
        content = block.next()
        while content.isValid() and content.blockFormat().headingLevel():
            content = content.next()
        if block.blockFormat().headingLevel() and content.isValid():
            if pagination.page_of(document, block, page_height, last=True) < pagination.page_of(
                document, content, page_height, last=False
            ):
                alone.append(block.text())
        block = block.next()
    return alone


def _fields_split(document, page_height: float) -> list[str]:
    """Policies whose title, fields (Status … Progress) and what comes next (the first item) do
    not share one page."""
    split = []
    block = document.begin()
    while block.isValid():
        if block.text().startswith("Progress: "):
            title = block.previous()
            while not title.blockFormat().headingLevel():
                title = title.previous()
            if pagination.page_of(document, title, page_height, last=False) != pagination.page_of(
                document, block.next(), page_height, last=False
            ):
                split.append(title.text())
        block = block.next()
    return split


def test_no_heading_ends_a_page_alone_in_a_long_export(qapp, state):
    """Pad the start line by line so that, at some padding, each heading falls at a page foot."""
    body = export.html_body(TOOLKIT, state, export.Scope(), AS_OF)
    page = QSizeF(500, 700)
    found_without = 0
    for lines in range(0, 40, 2):
        padded = "<p>padding</p>" * lines + body
        plain = writers.html_document(padded)
        plain.setPageSize(page)
        found_without += bool(_heading_alone(plain, page.height()))
        found_without += bool(_fields_split(plain, page.height()))
        kept = writers.html_document(padded)
        kept.setPageSize(page)
        pagination.keep_headings_with_next(kept)
        assert _heading_alone(kept, page.height()) == [], lines
        assert _fields_split(kept, page.height()) == [], lines
        assert kept.toPlainText() == plain.toPlainText()  # only breaks were added
    assert found_without  # the case this guards against does occur without it


def test_odt_headings_keep_with_the_next_paragraph(qapp, state):
    odt = writers.export_bytes("odt", TOOLKIT, state, export.Scope(), AS_OF)
    with zipfile.ZipFile(io.BytesIO(odt)) as package:
        assert package.infolist()[0].filename == "mimetype"
        assert package.infolist()[0].compress_type == zipfile.ZIP_STORED
        content = package.read("content.xml").decode()
    kept = set(re.findall(r'style:name="(p\d+)"[^>]*>\s*<style:paragraph-properties[^>]*'
                          r'fo:keep-with-next="always"', content))  # fmt: skip
    assert 'keep-together="true"' not in content  # not ODF; Qt's word replaced
    heading = re.search(r'<text:p text:style-name="(p\d+)"><text:span[^>]*>Summary<', content)
    assert heading and heading.group(1) in kept

    def style_of(label: str) -> str:
        found = re.search(rf'<text:p text:style-name="(p\d+)"><text:span[^>]*>{label}<', content)
        assert found, label
        return found.group(1)

    assert style_of("Status:") in kept and style_of("Progress:") in kept  # a policy's fields
    item = re.search(r'<text:p text:style-name="(p\d+)"><text:span[^>]*>☑', content)
    assert item and item.group(1) not in kept  # a checklist may break between its items
    assert "Workspace:</text:span><text:span" in content and "> My workspace<" in content


def test_a_day_shown_in_documents_is_the_readers_local_day(qapp, us_locale):
    assert writers.LOCALE_TIME.day("2026-05-01") == "5/1/26"
    moment = datetime(2026, 3, 14, 15, 9, tzinfo=UTC)
    assert writers.LOCALE_TIME.moment(moment) == writers.shown_time(moment)
