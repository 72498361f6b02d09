"""Hypothesis fuzzes both file formats: whatever the bytes, a refusal in words or a valid result."""

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from nsp_desktop.core import frontmatter, importer, render
from nsp_desktop.core.content import ContentError, load_toolkit
from nsp_desktop.core.progress import Workspace, WorkspaceState
from tests.sample_progress import TOOLKIT

MAX_NOTE_CHARS = 50_000  # the documented limit (docs/hostile-input.md)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20),
    st.sampled_from(["nsp-desktop-export", "drafting", "2026-01-01T00:00:00Z", "\ud800", ""]),
)  # fmt: skip
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.sampled_from(
                ["format", "schema_version", "policies", "id", "items", "done", "done_at",
                 "note", "status", "custom", "text", "scope", "everything", "workspace", "x"]
            ),
            inner,
            max_size=6,
        ),
    ),
    max_leaves=30,
)  # fmt: skip
text_or_junk = st.one_of(
    st.sampled_from(["ok", "\ud800", "a\udcffb", "x" * 60_000]), st.text(max_size=20), values
)
stamp = st.one_of(st.just("2026-01-01T00:00:00Z"), st.none(), values)
item = st.fixed_dictionaries(
    {"id": st.sampled_from(["gather-contract-data", "c1", ""])},
    optional={"text": text_or_junk, "done": st.one_of(st.booleans(), values), "done_at": stamp,
              "custom": st.booleans()},
)  # fmt: skip
policy = st.fixed_dictionaries(
    {"id": st.sampled_from(["cancel-detention-contracts", "gone", "x"]),
     "items": st.lists(item, max_size=3)},
    optional={"note": text_or_junk, "title": text_or_junk,
              "status": st.one_of(st.just("drafting"), values), "owner": text_or_junk,
              "due": text_or_junk, "status_changed_at": stamp, "note_updated_at": stamp},
)  # fmt: skip
export_like = st.fixed_dictionaries(
    {"format": st.just("nsp-desktop-export"), "schema_version": st.just(1)},
    optional={"policies": st.lists(policy, max_size=3), "scope": values,
              "workspace": text_or_junk, "as_of": values},
)  # fmt: skip

EMPTY = WorkspaceState(Workspace(1, "Mine"), ())


def _import(text: str) -> None:
    try:
        file = importer.parse(text)
    except importer.ImportRefused as refusal:
        assert str(refusal) and "\n" not in str(refusal)
        return
    for replace in (False, True):
        importer.plan(TOOLKIT, EMPTY, file, replace=replace).summary()
    # What is accepted can be stored: valid Unicode, within the limits.
    for policy in file.policies:
        for text in (policy.id, policy.title, policy.note, policy.owner, policy.due):
            text.encode("utf-8")
        assert len(policy.note) <= MAX_NOTE_CHARS
        for item in policy.items:
            (item.id + item.text).encode("utf-8")


@SETTINGS
@given(st.text(max_size=300))
def test_any_text_imports_or_is_refused(text):
    _import(text)


@SETTINGS
@given(values)
def test_any_json_value_is_refused_in_words(document):
    _import(json.dumps(document))


BASE = {"format": "nsp-desktop-export", "schema_version": 1}


@SETTINGS
@given(export_like)
@example(dict(BASE, policies=[{"id": "x", "items": [], "note": "\ud800"}]))
@example(dict(BASE, policies=[{"id": "x", "items": [], "note": "x" * 60_000}]))
@example(dict(BASE, policies=[{"id": "x", "items": [{"id": "c", "text": "\udcff"}]}]))
def test_any_export_like_json_imports_storable_text_or_is_refused(document):
    _import(json.dumps(document))


@SETTINGS
@given(st.text(max_size=400))
def test_the_front_matter_parser_only_raises_its_own_error(text):
    try:
        frontmatter.parse(frontmatter.split(text)[0])
    except frontmatter.FrontMatterError:
        pass


PAGE_LINES = st.lists(
    st.one_of(
        st.sampled_from(
            ["1. [ ] {#a} step", "  - [x] {#b} sub", "- [ ] no id", "![i](/dev/zero)",
             "<b>x</b>", "[l](page:p)", "[r](resource:r)", "", "---", "order: x",
             "![i](//host/x.png)", "[w](https://example.org)", "1. [ ] {#a} again"]
        ),
        st.text(max_size=30),
    ),
    max_size=12,
)  # fmt: skip
HEAD = "---\nid: p\ntitle: T\npriority: pr\nresources:\n  - id: r\n    label: L\n---\n"


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PAGE_LINES, st.booleans())
def test_any_policy_file_loads_or_is_listed_as_a_problem(lines, with_head):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "priorities").mkdir()
        (root / "policies").mkdir()
        (root / "toolkit.md").write_text(
            "---\nid: intro\ntitle: I\ntoolkit_title: T\nedition: E\nversion: 1\n---\nText.\n"
        )
        (root / "priorities" / "pr.md").write_text("---\nid: pr\ntitle: P\n---\n")
        body = "1. [ ] {#first} a step\n" + "\n".join(lines)
        text = (HEAD if with_head else "") + body
        (root / "policies" / "p.md").write_text(text, errors="surrogatepass")
        try:
            toolkit = load_toolkit(root)
        except ContentError as error:
            assert error.problems
            return
        # What loads is Markdown that stays in its folder: no raw HTML, no outside image.
        for page in toolkit.pages():
            shown = render.page_html(toolkit, page)
            assert "/dev/zero" not in shown and "<b>x</b>" not in shown
