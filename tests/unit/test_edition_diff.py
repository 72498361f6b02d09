"""What changed between editions: by ID, with word-level rewording that rebuilds both texts."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nsp_desktop.core.content import load_toolkit
from nsp_desktop.core.editions.diff import diff_toolkits, page_change, word_diff
from nsp_desktop.core.models import Checklist, ChecklistItem
from tests.edition_support import (
    ADDED_ITEM,
    NEW_POLICY,
    NEW_WORD,
    REMOVED_ITEM,
    make_edition,
)
from tests.helpers import CONTENT

words = st.lists(st.sampled_from(["ICE", "data", "the", "city", "contracts", "end"]), max_size=12)


@pytest.fixture(scope="module")
def toolkits(tmp_path_factory):
    new = make_edition(tmp_path_factory.mktemp("diff") / "content")
    return load_toolkit(CONTENT), load_toolkit(new)


@given(words, words)
def test_a_word_diff_rebuilds_the_old_and_the_new_text(old, new):
    ops = word_diff(" ".join(old), " ".join(new))
    assert " ".join(w.text for w in ops if w.op != "insert").split() == old
    assert " ".join(w.text for w in ops if w.op != "delete").split() == new
    assert all(w.text for w in ops)


def test_the_same_toolkit_has_no_changes(toolkits):
    old, _ = toolkits
    assert diff_toolkits(old, old).pages == ()


def test_the_test_edition_changes_exactly_what_was_changed(toolkits):
    old, new = toolkits
    diff = diff_toolkits(old, new)
    changes = {p.id: p for p in diff.policies}
    assert set(changes) == {"cancel-alpr-contracts", "cancel-detention-contracts", NEW_POLICY}
    assert diff.changed_policy_ids() == frozenset(changes)
    alpr = changes["cancel-alpr-contracts"]
    assert [i.id for i in alpr.items_added] == [ADDED_ITEM]
    assert not alpr.items_removed and not alpr.items_changed
    [sentence] = alpr.sentences
    assert sentence.old.startswith("Automated License Plate Readers (ALPRs) have become")
    assert NEW_WORD in sentence.new and "pervasive" not in sentence.new
    detention = changes["cancel-detention-contracts"]
    assert [i.id for i in detention.items_removed] == [REMOVED_ITEM]
    assert detention.sentences == ()
    added = changes[NEW_POLICY]
    assert added.change == "added" and [i.id for i in added.items_added] == [
        "list-tools",
        "publish-list",
    ]
    assert [p.id for p in diff.pages if p.kind != "policy"] == []  # front matter is not text


def test_a_removed_policy_a_reworded_item_and_a_new_title(toolkits):
    old, _ = toolkits
    policy = old.page("safe-schools")
    assert page_change(policy, None).change == "removed"
    assert [i.id for i in page_change(policy, None).items_removed] == [i.id for i in policy.items]
    first = policy.items[0]
    reworded = ChecklistItem(first.id, first.markdown.replace("school", "college", 1))
    blocks = tuple(
        Checklist(tuple(reworded if i.id == first.id else i for i in b.items))
        if isinstance(b, Checklist)
        else b
        for b in policy.blocks
    )
    change = page_change(
        policy,
        policy._replace(
            blocks=blocks, title="Safe colleges", preempted_friendly=not policy.preempted_friendly
        ),
    )
    assert change.old_title == policy.title and change.title == "Safe colleges"
    assert change.fields == ("check mark",)
    [item] = change.items_changed
    assert item.id == first.id
    assert any(w.op == "delete" and "school" in w.text for w in item.words)
    assert any(w.op == "insert" and "college" in w.text for w in item.words)


def test_a_moved_or_untouched_page_is_not_a_change(toolkits):
    old, _ = toolkits
    policy = old.page("safe-schools")
    assert page_change(policy, policy._replace(order=99, source="elsewhere.md")) is None
    assert page_change(policy, policy._replace(priority_id="no-data")).fields == ("priority",)
