"""Just enough PDF reading to get the text out of a file Qt's PDF writer made (no extra tools).

Qt writes each font as a Type0 font with a ToUnicode map, and draws text as `<glyph> Tj`; reading
those back proves the text is extractable, as a PDF reader or pdftotext would see it.
"""

import re
import unicodedata
import zlib

_OBJECT = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
_STREAM = re.compile(rb"stream\r?\n(.*)\r?\nendstream", re.S)
_TOKEN = re.compile(
    rb"/([A-Za-z0-9_.+-]+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]+)>\s*Tj|\[(.*?)\]\s*TJ", re.S
)


def _objects(data: bytes) -> dict[int, tuple[bytes, bytes | None]]:
    found = {}
    for match in _OBJECT.finditer(data):
        body = match.group(2)
        stream = _STREAM.search(body)
        content = None
        if stream:
            content = stream.group(1)
            if b"/FlateDecode" in body[: stream.start()]:
                content = zlib.decompress(content)
        found[int(match.group(1))] = (body[: stream.start()] if stream else body, content)
    return found


def _cmap(text: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, rest in re.findall(
            rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[[^\]]*\]|<[0-9A-Fa-f]+>)", block
        ):
            lo, hi = int(lo, 16), int(hi, 16)
            if rest.startswith(b"["):
                values = re.findall(rb"<([0-9A-Fa-f]+)>", rest)
                for offset, value in enumerate(values):
                    mapping[lo + offset] = bytes.fromhex(value.decode()).decode("utf-16-be")
            else:
                start = int(rest[1:-1], 16)
                for offset in range(hi - lo + 1):
                    mapping[lo + offset] = chr(start + offset)
    return mapping


def pdf_text(data: bytes) -> str:
    """Every piece of text drawn in the PDF, in drawing order, glyphs mapped through ToUnicode."""
    objects = _objects(data)
    fonts: dict[bytes, dict[int, str]] = {}
    for body, _ in objects.values():
        for names in re.findall(rb"/Font\s*<<(.*?)>>", body, re.S):
            for name, ref in re.findall(rb"/([A-Za-z0-9_.+-]+)\s+(\d+)\s+0\s+R", names):
                font = objects.get(int(ref), (b"", None))[0]
                to_unicode = re.search(rb"/ToUnicode\s+(\d+)\s+0\s+R", font)
                if to_unicode:
                    fonts[name] = _cmap(objects[int(to_unicode.group(1))][1] or b"")
    out = []
    for _, content in objects.values():
        if not content or b"Tj" not in content and b"TJ" not in content:
            continue
        mapping: dict[int, str] = {}
        for font, glyphs, array in _TOKEN.findall(content):
            if font:
                mapping = fonts.get(font, {})
                continue
            for chunk in [glyphs] if glyphs else re.findall(rb"<([0-9A-Fa-f]+)>", array):
                for i in range(0, len(chunk), 4):
                    out.append(mapping.get(int(chunk[i : i + 4], 16), "\ufffd"))
    return "".join(out)


def squeeze(text: str) -> str:
    """Text without white space or ligatures: a PDF's glyph runs carry neither reliably."""
    return "".join(unicodedata.normalize("NFKC", text).split())
