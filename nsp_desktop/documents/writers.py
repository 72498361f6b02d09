"""PDF and ODT from the export's HTML, through Qt's text document: the only export code that needs Qt.

Every file is rendered into memory first and then written with `export.write_file`, so a failed
render or a full disk never leaves a partial file. Qt's PDF writer embeds the fonts it uses.
"""

from __future__ import annotations

import html
import re
import sys
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QDate,
    QDateTime,
    QIODevice,
    QLocale,
    QMarginsF,
    QRectF,
    QSizeF,
    Qt,
    QUrl,
)
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
    QTextDocumentWriter,
)

from nsp_desktop import APP_NAME
from nsp_desktop.core import export, render, report
from nsp_desktop.core.models import Toolkit
from nsp_desktop.core.progress import STATUS_LABELS, WorkspaceState
from nsp_desktop.documents import pagination
from nsp_desktop.documents.sealed import sealed_resource

RESOLUTION = 300  # dots per inch of the PDF's coordinate space
MARGINS_MM = QMarginsF(16, 14, 16, 14)
BODY_PT = 10.5
QT_CSS = """
h1 { font-size: 18pt; margin-bottom: 4pt; }
h2 { font-size: 14pt; margin-top: 14pt; }
h3 { font-size: 12pt; margin-top: 10pt; }
h4 { font-size: 10.5pt; margin-top: 6pt; margin-bottom: 2pt; }
td { padding-right: 10pt; }
.fact { margin-top: 0px; margin-bottom: 2px; -qt-user-state: 1; }  /* pagination.FACT */
.meta, .when, .tag, .kicker { color: #444444; }
.when, .tag { font-size: 9pt; }
.note { margin-left: 8pt; }
ul.checklist { list-style-type: none; }
a { color: #1a1a1a; text-decoration: none; }
"""
_LINK = re.compile(r"</?a\b[^>]*>")
_TOP_LINE = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
_FOOT_LINE = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter)


def ensure_app() -> QGuiApplication:
    """Fonts and layout need a Qt application; the command line has none of its own."""
    app = QGuiApplication.instance()
    if isinstance(app, QGuiApplication):  # the app's QApplication is one too
        return app
    return QGuiApplication(sys.argv[:1])


def html_document(html_body: str, images_from: Path | None = None) -> QTextDocument:
    """A text document of `html_body` in the print styles, links made plain text."""
    return _document(_LINK.sub("", html_body), images_from)


class _SealedDocument(QTextDocument):
    """Loads no resource but images inside the content folder: never a local file or the network."""

    images_from: Path | None = None

    def loadResource(self, kind: int, url: QUrl | str):  # noqa: N802 (Qt's name)
        return sealed_resource(self.images_from, kind, QUrl(url))


def _document(html_body: str, images_from: Path | None = None) -> QTextDocument:
    document = _SealedDocument()
    document.images_from = images_from
    document.setDefaultStyleSheet(QT_CSS)
    font = QFont("DejaVu Serif")
    font.setStyleHint(QFont.StyleHint.Serif)
    font.setPointSizeF(BODY_PT)
    document.setDefaultFont(font)
    document.setHtml(f"<html><body>{html_body}</body></html>")
    return document


PAPERS = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
# Where Letter is the usual paper (ISO 3166 codes); A4 everywhere else.
LETTER_TERRITORIES = {"US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "CR", "PA", "DO", "PR"}
_paper = "auto"


def set_paper(name: str) -> None:
    """The paper for PDFs from now on: "a4", "letter", or "auto" (from the locale)."""
    global _paper
    _paper = name if name in PAPERS else "auto"


def paper_size() -> QPageSize.PageSizeId:
    if _paper in PAPERS:
        return PAPERS[_paper]
    territory = QLocale.territoryToCode(QLocale().territory())
    return PAPERS["letter"] if territory in LETTER_TERRITORIES else PAPERS["a4"]


def shown_time(moment: datetime) -> str:
    """A moment as the reader's local date and time, in their locale's short format."""
    local = QDateTime.fromSecsSinceEpoch(int(moment.timestamp())).toLocalTime()
    return QLocale().toString(local, QLocale.FormatType.ShortFormat)


def shown_day(day: date) -> str:
    """A day in the reader's locale's short format, as `shown_time` shows its date."""
    return QLocale().toString(QDate(day.year, day.month, day.day), QLocale.FormatType.ShortFormat)


# Everything a document shows a person (its header, summary, statuses, ticks) uses this style,
# so one document never mixes two ways of writing a date.
LOCALE_TIME = report.TimeStyle(shown_time, shown_day)


def _pdf_writer(buffer: QBuffer, title: str) -> QPdfWriter:
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(paper_size()),
            QPageLayout.Orientation.Portrait,
            MARGINS_MM,
            QPageLayout.Unit.Millimeter,
        )
    )
    writer.setTitle(title)
    writer.setCreator(APP_NAME)
    return writer


def _buffer() -> tuple[QByteArray, QBuffer]:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    return data, buffer


def pdf_bytes(html_body: str, header: str, title: str) -> bytes:
    """A paginated PDF: `header` at the top of every page, "Page n of m" at the foot."""
    return document_pdf_bytes(_document(html_body), header, title)


class _Pdf:
    """An A4 PDF drawn in memory: `with _Pdf(title, document, note_pt) as pdf:`, then `pdf.data()`.

    Inside, `painter` draws on the page, `document` is laid out for it, `area` is the printable
    rectangle and `band` the height of a header or footer line in the `note_pt` type.
    """

    def __init__(self, title: str, document: QTextDocument, note_pt: float):
        self._data, self._buffer = _buffer()
        self.writer = _pdf_writer(self._buffer, title)
        self.document = document
        self.painter = QPainter()
        self.small = QFont(document.defaultFont())
        self.small.setPointSizeF(note_pt)

    def __enter__(self) -> _Pdf:
        if not self.painter.begin(self.writer):
            raise export.ExportError("The PDF could not be started (Qt's PDF writer refused).")
        self.document.documentLayout().setPaintDevice(self.writer)
        self.painter.setFont(self.small)
        self.area = self.writer.pageLayout().paintRectPixels(RESOLUTION)
        self.band = self.painter.fontMetrics().height() * 2
        return self

    def __exit__(self, *exc: object) -> None:
        self.painter.end()
        self._buffer.close()

    def header(self, text: str) -> None:
        """`text` at the top of the page, ruled off from the body."""
        width, band = self.area.width(), self.band
        self.painter.setFont(self.small)
        self.painter.drawText(QRectF(0, 0, width, band * 0.8), _TOP_LINE, text)
        self.painter.drawLine(0, int(band * 0.85), width, int(band * 0.85))

    def data(self) -> bytes:
        return bytes(self._data.data())


def document_pdf_bytes(document: QTextDocument, header: str, title: str) -> bytes:
    """Lay `document` out on A4 pages (it is changed: use a clone of a shown one)."""
    with _Pdf(title, document, 8) as pdf:
        area, band, painter = pdf.area, pdf.band, pdf.painter
        body = QRectF(0, band, area.width(), area.height() - 2 * band)
        document.setPageSize(QSizeF(body.width(), body.height()))
        pagination.keep_headings_with_next(document)
        pages = document.pageCount()
        for index in range(pages):
            if index:
                pdf.writer.newPage()
            pdf.header(header)
            foot = QRectF(0, area.height() - band * 0.8, area.width(), band * 0.8)
            painter.drawText(foot, _FOOT_LINE, f"Page {index + 1} of {pages}")
            painter.save()
            painter.translate(body.left(), body.top() - index * body.height())
            document.drawContents(
                painter, QRectF(0, index * body.height(), body.width(), body.height())
            )
            painter.restore()
    return pdf.data()


def one_page_pdf_bytes(
    html_body: str, header: str, title: str, images_from: Path | None = None
) -> bytes:
    """A PDF of exactly one page: the text is scaled down (and reflowed) until it fits."""
    document = _document(html_body, images_from)
    with _Pdf(title, document, 7.5) as pdf:
        width, height = pdf.area.width(), pdf.area.height() - pdf.band
        scale = 1.0
        document.setTextWidth(width)
        while document.size().height() * scale > height and scale > 0.35:
            scale *= 0.95
            document.setTextWidth(width / scale)
        pdf.header(header)
        pdf.painter.save()
        pdf.painter.translate(0, pdf.band)
        pdf.painter.scale(scale, scale)
        document.drawContents(pdf.painter, QRectF(0, 0, width / scale, height / scale))
        pdf.painter.restore()
    return pdf.data()


def odt_bytes(html_body: str) -> bytes:
    """An OpenDocument text file (opens in LibreOffice and Word); its headings and a policy's
    fields stay with the paragraph after them wherever the word processor breaks the pages."""
    document = _document(html_body)
    pagination.mark_kept_blocks(document)
    data, buffer = _buffer()
    writer = QTextDocumentWriter(buffer, QByteArray(b"odf"))
    if not writer.write(document):
        raise export.ExportError("The ODT file could not be made (Qt's document writer failed).")
    buffer.close()
    return pagination.keep_with_next_in_odt(bytes(data.data()))


def _header(toolkit: Toolkit, workspace: str, as_of: datetime) -> str:
    return f"{toolkit.title} · {toolkit.edition} · {workspace} · as of {shown_time(as_of)}"


def export_bytes(
    fmt: str, toolkit: Toolkit, state: WorkspaceState, scope: export.Scope, as_of: datetime
) -> bytes:
    """The PDF or ODT of an export: times in the locale's format, as in the PDF's header."""
    body = export.html_body(toolkit, state, scope, as_of, LOCALE_TIME)
    if fmt == "pdf":
        title = f"{toolkit.title}: {state.workspace.name}"
        return pdf_bytes(body, _header(toolkit, state.workspace.name, as_of), title)
    if fmt == "odt":
        return odt_bytes(body)
    raise export.ExportError(f"{fmt!r} is not a document format (pdf, odt).")


def write_export(
    fmt: str,
    path: str | Path,
    toolkit: Toolkit,
    state: WorkspaceState,
    scope: export.Scope,
    as_of: datetime,
    excel: bool = False,
) -> Path:
    """Write an export in any format; text formats come straight from `export`, with the times a
    person reads in the locale's format (as the app's PDFs show them)."""
    data: str | bytes
    if fmt in export.TEXT_FORMATS:
        data = export.render_text(fmt, toolkit, state, scope, as_of, excel=excel, times=LOCALE_TIME)
    else:
        data = export_bytes(fmt, toolkit, state, scope, as_of)
    return export.write_file(path, data)


# The policy brief --------------------------------------------------------------------------


def brief_html(toolkit: Toolkit, state: WorkspaceState, policy_id: str, as_of: datetime) -> str:
    """A policy's text with its checklist state, status and notes, for a council packet."""
    page = toolkit.page(policy_id)
    policy = state.policy(policy_id)
    if page is None or page.kind != "policy" or policy is None:
        raise export.ExportError(f"There is no policy {policy_id!r} to make a brief of.")
    done = {i.id: i.done for i in policy.items}
    text = _LINK.sub("", render.page_html(toolkit, page, done))
    esc = html.escape
    facts = (
        f"<p class='meta'><b>Status:</b> {esc(STATUS_LABELS.get(policy.status, policy.status))}"
        f" · <b>Owner:</b> {esc(policy.owner or '—')} · <b>Due:</b> {esc(LOCALE_TIME.day(policy.due) or '—')}"
        f" · <b>Progress:</b> {policy.done_count} of {policy.total} items done</p>"
    )
    own = [i for i in policy.items if i.custom or i.retired]
    extra = ""
    if own:
        rows = "".join(
            f"<li>{'☑' if i.done else '☐'} {esc(i.text)}"
            f"{' (done ' + esc(LOCALE_TIME.day(i.done_at)) + ')' if i.done and i.done_at else ''}"
            "</li>"
            for i in own
        )
        extra = f"<h3>Our own items</h3><ul>{rows}</ul>"
    notes = ""
    if policy.note.strip():
        lines = "<br>".join(esc(line) for line in policy.note.strip().splitlines())
        notes = f"<h3>Notes</h3><p class='note'>{lines}</p>"
    return text.replace("</h1>", "</h1>" + facts, 1) + extra + notes


def write_brief_pdf(
    path: str | Path, toolkit: Toolkit, state: WorkspaceState, policy_id: str, as_of: datetime
) -> Path:
    body = brief_html(toolkit, state, policy_id, as_of)
    header = f"Policy brief · {_header(toolkit, state.workspace.name, as_of)}"
    page = toolkit.page(policy_id)
    title = f"Policy brief: {page.title if page else policy_id}"
    data = one_page_pdf_bytes(body, header, title, images_from=toolkit.root)
    return export.write_file(path, data)
