"""A content folder is Markdown that stays inside itself: no raw HTML, no outside files, no network."""

import os
import struct
import zlib

import pytest

from nsp_desktop.core.content import ContentError, load_toolkit, validate
from tests.helpers import copy_content

POLICY_FILE = "policies/04-cancel-detention-contracts.md"


def png(width: int = 2, height: int = 2) -> bytes:
    """A tiny valid PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\0" + b"\xff\0\0" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def with_text(tmp_path, text: str):
    content = copy_content(tmp_path)
    page = content / POLICY_FILE
    page.write_text(page.read_text(encoding="utf-8") + "\n\n" + text + "\n", encoding="utf-8")
    return content


HOSTILE = {
    "script": "<script>alert(1)</script>",
    "img-tag": '<img src="/etc/passwd">',
    "comment": "<!-- hidden -->",
    "autolink": "<https://example.org/track>",
    "dev-zero": "![z](/dev/zero)",
    "absolute": "![z](/etc/hostname.png)",
    "file-url": "![z](file:///etc/passwd.png)",
    "unc-slashes": "![z](//host/share/x.png)",
    "unc-backslashes": "![z](\\\\host\\share\\x.png)",
    "drive": "![z](C:/Windows/x.png)",
    "dot-dot": "![z](../outside.png)",
    "web-image": "![z](https://example.org/x.png)",
    "web-link": "[see](https://example.org)",
    "mail-link": "[mail](mailto:a@example.org)",
    "file-link": "[f](file:///etc/passwd)",
    "relative-link": "[f](notes.txt)",
    "reference": "[see][r]\n\n[r]: https://example.org",
    "missing-image": "![z](no-such.png)",
    "not-an-image": "![z](toolkit.md)",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_what_reaches_outside_is_a_validation_error(tmp_path, name):
    content = with_text(tmp_path, HOSTILE[name])
    problems = validate(content)
    assert any("04-cancel-detention-contracts.md" in p for p in problems), problems
    with pytest.raises(ContentError):
        load_toolkit(content)


def test_an_image_inside_the_folder_is_fine(tmp_path):
    content = with_text(tmp_path, "![A map](img/map.png)")
    (content / "img").mkdir()
    (content / "img" / "map.png").write_bytes(png())
    assert validate(content) == []


def test_an_image_symlinked_outside_or_too_large_is_refused(tmp_path):
    content = with_text(tmp_path, "![a](img/a.png) ![b](img/b.png)")
    (content / "img").mkdir()
    outside = tmp_path / "secret.png"
    outside.write_bytes(png())
    (content / "img" / "a.png").symlink_to(outside)
    with open(content / "img" / "b.png", "wb") as big:
        big.truncate(6 * 1024 * 1024)
    problems = "\n".join(validate(content))
    assert "outside the content folder" in problems and "larger than" in problems


def test_a_page_that_is_a_fifo_is_a_problem_not_a_hang(tmp_path):
    content = copy_content(tmp_path)
    os.mkfifo(content / "policies" / "99-pipe.md")
    problems = validate(content)
    assert any("not a regular file" in p for p in problems)


@pytest.mark.parametrize("name", ["script", "dev-zero", "unc-slashes", "web-link"])
@pytest.mark.parametrize(
    "verb",
    [["validate"], ["progress"], ["export", "--format", "md", "--out", "-"], ["search", "ice"]],
)
def test_every_verb_given_a_hostile_content_folder_refuses_it(tmp_path, capsys, name, verb):
    from nsp_desktop.cli import main
    from tests.hostile.conftest import snapshot

    content = with_text(tmp_path, HOSTILE[name])
    data = tmp_path / "data"
    main(["--data-dir", str(data), "progress"])  # a store to keep unchanged
    capsys.readouterr()
    before = snapshot(data)
    args = ["--data-dir", str(data), "--content", str(content), *verb]
    if verb == ["validate"]:
        args = ["--data-dir", str(data), "validate", str(content)]
    code = main(args)
    out, err = capsys.readouterr()
    assert code in (1, 2), (code, out, err)  # 2: the content cannot be read (as documented)
    assert "04-cancel-detention-contracts.md" in err and "Traceback" not in err
    assert snapshot(data) == before
