"""The "What's new" page and the marks on changed policies, for the reader to show."""

import pytest

from nsp_desktop.core.editions import install as installer
from nsp_desktop.core.editions import keys
from nsp_desktop.core.editions.diff import EditionDiff, PageChange, Reworded, word_diff
from nsp_desktop.core.editions.whatsnew import (
    edition_diff,
    mark_seen,
    unseen_policy_ids,
    whats_new_html,
)
from tests.edition_support import NEW_POLICY, NEW_WORD, make_key, make_pack, tree_digest
from tests.helpers import CONTENT

ALPR, DETENTION = "cancel-alpr-contracts", "cancel-detention-contracts"


@pytest.fixture
def data(tmp_path):
    key, public = make_key(tmp_path / "keys")
    data = tmp_path / "data"
    installer.install(make_pack(tmp_path, key), data, CONTENT, keys.load_public_key(public))
    return data


def test_the_page_lists_changed_policies_with_links_and_word_changes(data):
    page = whats_new_html(edition_diff(data, CONTENT))
    assert page.startswith("<h1>What's new in March 2026</h1>")
    assert "Compared with December 2025 (2025.12.1)" in page
    assert f'New policy: <a href="page:{NEW_POLICY}">' in page
    assert f'Changed: <a href="page:{ALPR}">' in page
    assert f"<del>pervasive</del> <ins>{NEW_WORD}</ins>" in page
    assert "<ins>New step:</ins> Publish the list of cameras" in page
    assert "<del>Removed step:</del> Gather relevant data" in page


def test_the_page_escapes_what_it_quotes():
    change = PageChange(
        "x",
        "policy",
        "<b>x</b>",
        "changed",
        sentences=(Reworded("", "a", "<script>", word_diff("a", "<script>")),),
    )
    page = whats_new_html(EditionDiff("1", "2", "One & only", "Two", (change,)))
    assert "<script>" not in page and "&lt;script&gt;" in page and "&lt;b&gt;" in page
    assert "One &amp; only" in page


def test_with_no_earlier_edition_there_is_nothing_new(tmp_path):
    before = tree_digest(tmp_path)
    assert "No earlier edition" in whats_new_html(edition_diff(tmp_path, CONTENT))
    assert unseen_policy_ids(tmp_path, CONTENT) == frozenset()
    assert mark_seen(tmp_path, CONTENT, ALPR) is False
    assert tree_digest(tmp_path) == before  # nothing was written


def test_a_changed_policy_stays_marked_until_opened_per_edition(data):
    assert unseen_policy_ids(data, CONTENT) == {ALPR, DETENTION, NEW_POLICY}
    assert mark_seen(data, CONTENT, ALPR) is True
    assert mark_seen(data, CONTENT, ALPR) is False
    assert mark_seen(data, CONTENT, "safe-schools") is False  # not changed: nothing to clear
    assert unseen_policy_ids(data, CONTENT) == {DETENTION, NEW_POLICY}
    installer.use(data, "bundled", CONTENT)  # going back is a change of its own
    assert unseen_policy_ids(data, CONTENT) == {ALPR, DETENTION}
