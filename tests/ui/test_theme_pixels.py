"""After a live theme switch, every text a person reads stands out from what it is drawn on.

Measured on the rendered pixels (`QWidget.grab()`), not on palette values: WCAG AA, 4.5:1.
"""

import itertools
import json

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication

from nsp_desktop.core import themes
from tests.ui.pixels import widget_contrast

AA = 4.5
POLICY = "cancel-alpr-contracts"
PAIRS = list(itertools.permutations(themes.THEMES, 2))


def _open_in(make_window, tmp_path, first: str):
    (tmp_path / "settings.json").write_text(json.dumps({"theme": first, "welcomed": True}))
    window = make_window()
    window.open_page(POLICY)
    for row in (0, 1):  # 2 of 3 done: the progress label sits over the filled part
        window.tracking.checklist.items.item(row).setCheckState(Qt.CheckState.Checked)
    return window


def _switch(window, theme_id: str) -> None:
    """As a person does: View → Theme → the theme."""
    next(a for a in window.theme_group.actions() if a.data() == theme_id).trigger()
    QApplication.processEvents()


def _body_line(reader) -> QRect:
    """Where the page's first line of body text is drawn, in viewport coordinates."""
    document = reader.document()
    block = document.begin()
    while block.isValid() and not block.text().startswith("Automated License Plate Readers"):
        block = block.next()
    assert block.isValid()
    box = document.documentLayout().blockBoundingRect(block).toRect()
    line = block.layout().lineAt(0)
    top = box.top() + int(line.y()) - reader.verticalScrollBar().value()
    return QRect(box.left(), top, box.width(), int(line.height()))


def _page(window) -> float:
    return widget_contrast(window.reader.viewport(), _body_line(window.reader))[0]


def _contents(window) -> float:
    tree = window.contents
    item = tree.item_for("safe-schools")  # not the selected one
    tree.scrollToItem(item)
    return widget_contrast(tree.viewport(), tree.visualItemRect(item))[0]


def _checklist(window) -> float:
    items = window.tracking.checklist.items
    rect = items.visualItemRect(items.item(2)).adjusted(32, 0, 0, 0)  # the text, not the box
    return widget_contrast(items.viewport(), rect)[0]


def _progress(window) -> float:
    panel = window.tracking.checklist
    if hasattr(panel, "progress_label"):
        return widget_contrast(panel.progress_label)[0]
    bar = panel.progress  # a label drawn inside the bar: read it where the bar is filled
    return widget_contrast(bar, QRect(4, 2, bar.width() * 2 // 3 - 8, bar.height() - 4))[0]


def _dashboard(window) -> float:
    dashboard = window.tracking.show_dashboard()
    QApplication.processEvents()
    table = dashboard.table
    index = table.model().index(1, 2)  # a policy's title
    return widget_contrast(table.viewport(), table.visualRect(index))[0]


@pytest.mark.parametrize(("first", "then"), PAIRS)
def test_text_stays_readable_after_a_live_switch(make_window, tmp_path, first, then):
    window = _open_in(make_window, tmp_path, first)
    _switch(window, then)
    seen = {
        "page": _page(window),
        "contents": _contents(window),
        "checklist": _checklist(window),
        "progress": _progress(window),
        "dashboard": _dashboard(window),
    }
    assert {part: round(r, 2) for part, r in seen.items() if r < AA} == {}


@pytest.mark.parametrize(("first", "then"), PAIRS)
def test_meeting_mode_page_stays_readable_after_a_live_switch(make_window, tmp_path, first, then):
    window = _open_in(make_window, tmp_path, first)
    window.reading.set_meeting(True)
    _switch(window, then)
    assert round(_page(window), 2) >= AA
    window.reading.set_meeting(False)


def test_closing_in_meeting_mode_leaves_it_first(make_window, tmp_path):
    window = make_window()
    window.open_page(POLICY)
    window.reading.set_meeting(True)
    window.close()  # redrew the page with the store already closed: an error, then a crash
    assert not window.reading.meeting and json.loads((tmp_path / "settings.json").read_text())


@pytest.mark.parametrize("then", list(themes.THEMES))
def test_fields_and_choices_show_their_edges_after_a_switch(make_window, tmp_path, then):
    """A field a person types in, and a round choice not taken, stand out from the window
    (3:1, WCAG's figure for the parts of a control)."""
    from PySide6.QtWidgets import QRadioButton

    from nsp_desktop.core.themes import contrast_ratio

    window = _open_in(make_window, tmp_path, "light" if then != "light" else "dark")
    _switch(window, then)
    theme = themes.THEMES[then]
    owner = window.tracking.checklist.owner
    image = owner.grab().toImage()
    edge = f"#{image.pixel(0, image.height() // 2) & 0xFFFFFF:06x}"
    assert contrast_ratio(edge, theme.window) >= 3, edge
    choice = QRadioButton("One policy", window)
    choice.show()
    QApplication.processEvents()
    colours = {c for c in _pixels(choice.grab().toImage()) if c != theme.window}
    assert any(contrast_ratio(c, theme.window) >= 3 for c in colours)


def _pixels(image):
    from tests.ui.pixels import colours

    return colours(image)
