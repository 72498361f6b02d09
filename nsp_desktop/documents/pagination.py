"""Keeping a heading with its section: page breaks laid into a PDF's text document, and
keep-with-next for an ODT, which the word processor paginates itself."""

from __future__ import annotations

import io
import zipfile

from PySide6.QtGui import QTextBlockFormat, QTextCursor, QTextDocument, QTextFormat

_BREAK_BEFORE = QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore


def page_of(document: QTextDocument, block, page_height: float, last: bool) -> int:
    """The page a block's first (or last) line is on, once `document` is laid out in pages."""
    document.pageCount()  # finishes the layout (it is lazy, and a page break changes it)
    layout = block.layout()
    y = layout.position().y()  # lines are placed from here; the block's rect adds its margins
    if layout.lineCount():
        line = layout.lineAt(layout.lineCount() - 1 if last else 0)
        y += line.y() + (line.height() - 0.01 if last else 0)
    return int(y // page_height)


FACT = 1  # the user state of a label-and-value paragraph (`.fact` in writers.QT_CSS)


def _keeps_with_next(block) -> bool:
    """A heading or a field: a policy's title, its fields and the start of its checklist are read
    together."""
    return block.isValid() and bool(block.blockFormat().headingLevel() or block.userState() == FACT)


def _set_break(block, policy: QTextFormat.PageBreakFlag) -> None:
    page_break = QTextBlockFormat()
    page_break.setPageBreakPolicy(policy)
    QTextCursor(block).mergeBlockFormat(page_break)


def keep_headings_with_next(document: QTextDocument) -> int:
    """Give a page break before each heading that would otherwise end a page without the start of
    its section (and before a policy's fields that a page would split); returns how many. Run
    after `setPageSize`. A run of such blocks (a priority, a policy's title, its fields) moves
    as one: the break goes before the first. A run taller than a page stays where it is."""
    page_height = document.pageSize().height()
    moved = 0
    block = document.begin()
    while block.isValid():
        if not _keeps_with_next(block):
            block = block.next()
            continue
        content = block.next()
        while _keeps_with_next(content):
            content = content.next()
        if (
            content.isValid()
            and block != document.begin()
            and not block.blockFormat().pageBreakPolicy() & _BREAK_BEFORE
            and page_of(document, block, page_height, last=False)
            < page_of(document, content, page_height, last=False)
        ):
            _set_break(block, _BREAK_BEFORE)
            moved += 1
            if page_of(document, block, page_height, last=False) < page_of(
                document, content, page_height, last=False
            ):  # taller than a page even from the top: a break gains nothing there
                _set_break(block, QTextFormat.PageBreakFlag.PageBreak_Auto)
                moved -= 1
        block = content
    return moved


def mark_kept_blocks(document: QTextDocument) -> None:
    """Mark each block that `keeps_with_next` as keep-together: Qt's ODF writer writes that,
    and `keep_with_next_in_odt` turns it into keep-with-next."""
    keep = QTextBlockFormat()
    keep.setNonBreakableLines(True)  # Qt writes it as fo:keep-together: the mark we look for
    block = document.begin()
    while block.isValid():
        if _keeps_with_next(block):
            QTextCursor(block).mergeBlockFormat(keep)
        block = block.next()


def keep_with_next_in_odt(odt: bytes) -> bytes:
    """Add keep-with-next to the paragraph styles Qt wrote as keep-together (only those blocks
    `mark_kept_blocks` marked):
    Qt's ODF writer has no word for it, and a word processor paginates the ODT itself."""
    source = zipfile.ZipFile(io.BytesIO(odt))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for info in source.infolist():  # in order: "mimetype" first and stored, as ODF requires
            data = source.read(info)
            if info.filename == "content.xml":
                data = data.replace(  # ODF's word is "always" (Qt writes "true")
                    b'fo:keep-together="true"',
                    b'fo:keep-together="always" fo:keep-with-next="always"',
                )
            package.writestr(info, data)
    return out.getvalue()
