"""Resource loading for documents that show content: images from the content folder, nothing else.

Qt falls back to reading a local file itself when a resource comes back empty (both
`QTextDocument.loadResource` and the image handler's "direct loading"), so a refused image is
answered with a blank one-pixel image, never with nothing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage

_IMAGE = 2  # QTextDocument.ResourceType.ImageResource


def _blank() -> QImage:
    image = QImage(1, 1, QImage.Format.Format_ARGB32)
    image.fill(0)
    return image


def sealed_resource(root: Path | None, kind, url: QUrl):
    """What a document may load for `url`: a content image's bytes, else a blank image."""
    from nsp_desktop.core.render import content_image  # deferred: when a resource is asked for

    if int(getattr(kind, "value", kind)) != _IMAGE:
        return ""  # style sheets and pages: empty text, not a file read
    if url.scheme() or url.host():
        return _blank()
    data = content_image(root, url.path())
    if data is None:
        return _blank()
    image = QImage()
    return image if image.loadFromData(data) else _blank()
