"""The loader on the real toolkit, on the source text, and on broken content."""

import re
import socket
import subprocess
import sys

import pytest

from nsp_desktop.core.content import ContentError, load_toolkit, validate
from nsp_desktop.core.models import plain_text
from nsp_desktop.core.render import page_html
from tests.helpers import CONTENT, DATA, ROOT, copy_content


@pytest.fixture(scope="module")
def toolkit():
    return load_toolkit(CONTENT)


def test_real_content_has_the_whole_toolkit(toolkit):
    assert toolkit.edition == "December 2025"
    assert toolkit.version
    assert [p.title for p in toolkit.priorities] == [
        "No Data for Secret Police",
        "No Collaboration with Secret Police",
        "No Public Funds for Secret Police",
        "No Public Space for Secret Police",
        "No Secret Police in Our Schools",
        "No Impunity for Secret Police",
    ]
    assert len(toolkit.policies) == 11
    assert [p.kind for p in toolkit.pages()].count("policy") == 11


def test_check_marks_match_the_source(toolkit):
    source = (DATA / "toolkit-source.txt").read_text(encoding="utf-8")
    marked = [
        plain_text(line.removeprefix("✓").strip())
        for line in source.splitlines()
        if line.startswith("✓") and "Policies with this checkmark" not in line
    ]
    assert sorted(p.title for p in toolkit.policies if p.preempted_friendly) == sorted(marked)
    assert len(marked) == 7  # the December 2025 source marks seven policies (plus its legend)


def test_ids_are_unique_and_every_policy_has_items(toolkit):
    ids = [page.id for page in toolkit.pages()]
    assert len(ids) == len(set(ids)) == 18
    for policy in toolkit.policies:
        assert policy.items, policy.id
        item_ids = [item.id for item in policy.items]
        assert len(item_ids) == len(set(item_ids)), policy.id


def test_nested_steps_keep_their_nesting(toolkit):
    items = {i.id: i for i in toolkit.page("end-287g-and-task-forces").items}
    assert items["understand-impact"].depth == 0
    assert items["look-up-detainers"].parent_id == "understand-impact"
    assert items["check-jail-bed-rentals"].depth == 2
    assert items["check-jail-bed-rentals"].parent_id == "check-financial-incentives"


def test_items_quote_the_policy_text(toolkit):
    for policy in toolkit.policies:
        text = " ".join(
            [plain_text(b) for b in policy.blocks if isinstance(b, str)] + [policy.title]
        )
        for item in policy.summary_items:
            assert item.text in text, (policy.id, item.id)


def _normalise(text: str) -> str:
    text = text.replace("\\(", "(").replace("\\)", ")")
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = text.replace("**", "").replace("*", "")
    return " ".join(text.split())


def test_every_sentence_of_the_source_is_in_the_app(toolkit):
    pages = toolkit.pages()
    shown = _normalise(
        " ".join(
            [toolkit.preempted_legend]
            + [p.title for p in pages]
            + [page.body_text for page in pages]
        )
    )
    source = (DATA / "toolkit-source.txt").read_text(encoding="utf-8")
    body = source[source.index("The Trump administration") :]
    body = re.sub(r"\n\s*\n(?=[a-z])", " ", body)  # page breaks inside a sentence
    missing = []
    for line in body.splitlines():
        line = re.sub(r"^\s*(?:- )?(?:\d+\.|[a-z]+\.|[ivx]+\.)?\s*", "", line).lstrip("✓ ")
        for sentence in re.split(r"(?<=[.:;])\s+", _normalise(line)):
            if sentence and sentence not in shown and sentence != "|":
                missing.append(sentence)
    assert missing == []


def test_resources_render_as_not_in_this_edition_never_as_links_out(toolkit):
    html = page_html(toolkit, toolkit.page("cancel-alpr-contracts"))
    assert "oversight investigative questions" in html
    assert "not part of this offline edition" in html
    assert "http" not in html and 'href="#"' not in html


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        (lambda text: text.replace("id: cancel-alpr-contracts\n", ""), "missing 'id'"),
        (
            lambda text: text.replace("id: cancel-alpr-contracts", "id: robust-sanctuary-policies"),
            "duplicate ID 'robust-sanctuary-policies'",
        ),
        (lambda text: text.replace("priority: no-data", "priority: no-such"), "unknown priority"),
        (lambda text: text.replace("---\n", "---\n  : broken\n", 1), "malformed front matter"),
        (lambda text: text.replace("\n---\n", "\n", 1), "malformed front matter"),
        (lambda text: re.sub(r"\[ \] \{#[a-z-]+\} ", "", text), "empty checklist"),
        (
            lambda text: text.replace("{#terminate-contracts}", "{#identify-contracts}"),
            "duplicate checklist item ID 'identify-contracts'",
        ),
        (lambda text: text.replace("{#terminate-contracts} ", ""), "has no {#id}"),
        (lambda text: text.replace("resource:turn-off", "resource:nowhere"), "undeclared resource"),
    ],
)
def test_broken_content_names_the_file_and_the_problem(tmp_path, breakage, expected):
    content = copy_content(tmp_path)
    target = content / "policies" / "01-cancel-alpr-contracts.md"
    target.write_text(breakage(target.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_toolkit(content)
    problems = caught.value.problems
    assert any(expected in p and "01-cancel-alpr-contracts.md" in p for p in problems), problems


def test_missing_folder_and_missing_introduction(tmp_path):
    assert "not found" in validate(tmp_path / "nowhere")[0]
    content = copy_content(tmp_path)
    (content / "toolkit.md").unlink()
    assert any("toolkit.md: missing" in p for p in validate(content))


def test_validate_command_exit_codes(tmp_path):
    command = [sys.executable, "-m", "nsp_desktop", "validate"]
    ok = subprocess.run(command + [str(CONTENT)], capture_output=True, text=True, cwd=ROOT)
    assert ok.returncode == 0, ok.stderr
    content = copy_content(tmp_path)
    page = content / "policies" / "02-robust-sanctuary-policies.md"
    page.write_text(page.read_text().replace("priority: no-collaboration", "priority: x"))
    bad = subprocess.run(command + [str(content)], capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 1
    assert "02-robust-sanctuary-policies.md: unknown priority 'x'" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_network_guard_catches_a_connection():
    with pytest.raises(AssertionError, match="network connection"):
        socket.create_connection(("127.0.0.1", 9))
