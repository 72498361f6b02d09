"""The reader and the PDF writers load images only from inside the content folder."""

import pytest
from PySide6.QtCore import QSize, QUrl
from PySide6.QtGui import QTextDocument

from tests.hostile.test_content_rules import png

IMAGE = QTextDocument.ResourceType.ImageResource


@pytest.fixture
def folders(tmp_path):
    content = tmp_path / "content"
    (content / "img").mkdir(parents=True)
    (content / "img" / "map.png").write_bytes(png(3, 3))
    outside = tmp_path / "private-photo.png"
    outside.write_bytes(png(7, 5))  # a size of its own, to tell it from anything else
    return content, outside


def test_the_reader_loads_only_content_images(qtbot, folders):
    from nsp_desktop.ui.reading.reader import Reader

    content, outside = folders
    reader = Reader()
    qtbot.addWidget(reader)
    reader.content_root = content
    assert reader.loadResource(IMAGE, QUrl("img/map.png")).size() == QSize(3, 3)
    for refused in (str(outside), outside.as_uri(), "/dev/zero", "//host/x.png", "../x.png"):
        assert reader.loadResource(IMAGE, QUrl(refused)).size() == QSize(1, 1), refused
    reader.show_html(f'<p><img src="{outside}"> <img src="/dev/zero"></p>')  # returns at once
    reader.document().size()  # lays the page out, loading its images
    shown = reader.document().resource(IMAGE, QUrl(str(outside)))
    assert shown is None or shown.size() != QSize(7, 5)


def test_the_brief_embeds_content_images_only(qapp, folders):
    from nsp_desktop.documents import writers

    content, outside = folders
    own = writers.one_page_pdf_bytes('<img src="img/map.png">', "h", "t", images_from=content)
    assert b"/Width 3" in own
    leak = writers.one_page_pdf_bytes(f'<img src="{outside}">', "h", "t", images_from=content)
    assert b"/Width 7" not in leak
    leak = writers.one_page_pdf_bytes(f'<img src="{outside.as_uri()}">', "h", "t")
    assert b"/Width 7" not in leak
