"""What search shows: a hit as rich text in the results list, and the matches marked in a page.

Imported when search is first used, not before the first paint.
"""

from __future__ import annotations

import html
import re

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QStyledItemDelegate, QTextEdit

HIT_ROLE = 256  # Qt.ItemDataRole.UserRole: the Hit
WHERE_ROLE = 257  # its priority's title, or what kind of page it is
# Marked words keep these colours in every theme (as find in page does): black on amber is 13:1.
MATCH_BACKGROUND = "#fde68a"
MATCH_TEXT = "#000000"
CHECK_BG, CHECK_FG = "#dcfce7", "#14532d"  # the ✓ badge, as on the light page


def hit_html(hit, where: str, title: str, muted: str, text: str) -> str:
    """A result as rich text in the given colours: title, ✓ and priority, then the snippet."""
    mark = (
        f'<span style="background-color:{CHECK_BG}; color:{CHECK_FG}; font-weight:700">'
        "&nbsp;✓&nbsp;</span>&nbsp; "
        if hit.preempted
        else ""
    )
    snippet = hit.snippet_html.replace(
        "<b>", f'<span style="background-color:{MATCH_BACKGROUND}; color:{MATCH_TEXT}">'
    ).replace("</b>", "</span>")
    parts = [
        f'<p style="margin:0; font-weight:600; color:{title}">{html.escape(hit.title)}</p>',
        f'<p style="margin-top:2px; margin-bottom:0; color:{muted}; font-size:small">'
        f"{mark}{html.escape(where)}</p>",
    ]
    if snippet:
        parts.append(f'<p style="margin-top:4px; margin-bottom:0; color:{text}">{snippet}</p>')
    return "".join(parts)


class HitDelegate(QStyledItemDelegate):
    """Draws a hit as wrapped rich text in the palette's colours (so every theme applies)."""

    PADDING = 8

    def _document(self, option, index, width: int, selected: bool) -> QTextDocument:
        palette = option.palette
        if selected:
            title = muted = text = palette.highlightedText().color().name()
        else:
            title = text = palette.text().color().name()
            muted = palette.placeholderText().color().name()
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(0)
        document.setHtml(
            hit_html(index.data(HIT_ROLE), index.data(WHERE_ROLE) or "", title, muted, text)
        )
        document.setTextWidth(max(60, width - 2 * self.PADDING))
        return document

    def paint(self, painter, option, index) -> None:
        # deferred: only when results are drawn
        from PySide6.QtWidgets import QStyle

        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        rect = option.rect
        if selected:
            painter.fillRect(rect, option.palette.highlight())
        elif option.state & QStyle.StateFlag.State_MouseOver:
            painter.fillRect(rect, option.palette.alternateBase())
        painter.setPen(option.palette.alternateBase().color())
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        document = self._document(option, index, rect.width(), selected)
        painter.translate(rect.left() + self.PADDING, rect.top() + self.PADDING)
        document.drawContents(painter)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 (Qt's name)
        width = self.parent().viewport().width()
        document = self._document(option, index, width, selected=False)
        return QSize(width, int(document.size().height()) + 2 * self.PADDING + 1)


def term_pattern(terms) -> str:
    """A regular expression for the matched words (a phrase's words may have a word between)."""
    alternatives = sorted(
        (r"\W+(?:\w+\W+)?".join(re.escape(w) for w in t.split()) for t in terms if t.strip()),
        key=len,
        reverse=True,
    )
    return rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)" if alternatives else ""


def highlight_terms(view: QTextEdit, terms) -> int:
    """Mark every match of `terms` in the page and scroll to the first; returns the count."""
    # deferred: only when results are drawn
    from PySide6.QtCore import QRegularExpression

    pattern = term_pattern(terms)
    selections = []
    first: QTextCursor | None = None
    if pattern:
        expression = QRegularExpression(
            pattern, QRegularExpression.PatternOption.CaseInsensitiveOption
        )
        document = view.document()
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(MATCH_BACKGROUND))
        fmt.setForeground(QColor(MATCH_TEXT))
        cursor = document.find(expression, 0)
        while not cursor.isNull() and len(selections) < 2000:
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            selection.format = fmt
            selections.append(selection)
            first = first or QTextCursor(cursor)
            cursor = document.find(expression, cursor)
    view.setExtraSelections(selections)
    if first is not None:
        bar = view.verticalScrollBar()
        bar.setValue(0)
        top = view.cursorRect(first).top()
        bar.setValue(max(0, top - view.viewport().height() // 4))
    return len(selections)
