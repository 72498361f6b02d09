"""Ways a person acts on widgets: click a contents entry, click a link in the page."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextDocument


def click_contents(qtbot, window, page_id: str) -> None:
    item = window.contents.item_for(page_id)
    window.contents.scrollToItem(item)
    rect = window.contents.visualItemRect(item)
    qtbot.mouseClick(window.contents.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def click_text(qtbot, reader, text: str) -> None:
    """Click the middle of the first occurrence of `text` in the page (a link, a box...)."""
    cursor = reader.document().find(text, 0, QTextDocument.FindFlag.FindCaseSensitively)
    assert not cursor.isNull(), f"{text!r} is not on the page"
    cursor.setPosition(cursor.selectionStart() + len(text) // 2)
    reader.setTextCursor(cursor)
    reader.ensureCursorVisible()
    point = reader.cursorRect(cursor).center() + QPoint(0, 0)
    qtbot.mouseClick(reader.viewport(), Qt.MouseButton.LeftButton, pos=point)
