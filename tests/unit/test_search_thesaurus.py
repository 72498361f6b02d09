"""Search understands how staff talk: the thesaurus leads their words to the toolkit's, ranked
below their own words, and ranking prefers the policy that answers the question."""

import pytest

from nsp_desktop.core.content import load_toolkit
from nsp_desktop.core.glossary import Glossary, load_glossary
from nsp_desktop.core.search import SearchIndex
from nsp_desktop.core.search import rank as search_rank
from tests.helpers import CONTENT, copy_content, ids

IDENTIFY = "officers-identify-themselves"
LOLLIPOP = """
[[concept]]
name = "lollipop people"
words = ["lollipop lady", "lollipop man", "lollipops"]
leads_to = ["crossing guards"]
"""


# The issue's examples --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("masked agents", IDENTIFY),
        ("masks", IDENTIFY),
        ("officers wearing masks", IDENTIFY),
        ("mask ban for police", IDENTIFY),
        ("face covering", IDENTIFY),
        ("balaclava", IDENTIFY),
        ("flock", "cancel-alpr-contracts"),
        ("stop police working with ICE", "robust-sanctuary-policies"),
        ("ICE holds", "robust-sanctuary-policies"),
        ("bed space", "cancel-detention-contracts"),
        ("raids on campus", "safe-schools"),
        ("school grounds", "safe-schools"),
        ("deputize", "end-287g-and-task-forces"),
    ],
)
def test_the_issue_s_examples_find_the_right_policy_first(index, query, expected):
    assert ids(index.search(query))[0] == expected


def test_without_the_thesaurus_staff_words_find_nothing_or_the_wrong_page(toolkit):
    bare = SearchIndex.build(toolkit, Glossary(load_glossary(CONTENT).entries))
    assert bare.search("flock") == []
    assert ids(bare.search("masks")) == ["introduction"]


# Shown where it led ----------------------------------------------------------------------------


def test_the_snippet_and_the_page_highlight_show_where_a_concept_led(index):
    hit = index.search("masks")[0]
    assert hit.led_to == ("masks → concealing their identity",)
    assert hit.snippet_html.startswith("<i>masks → concealing their identity</i> — ")
    assert "<b>conceal their identity</b>" in hit.snippet_html
    assert "concealing their identity" in hit.terms  # what the page marks when it opens
    assert hit.to_json()["led_to"] == ["masks → concealing their identity"]


def test_a_trigger_with_a_short_word_shows_the_words_as_typed(index):
    hit = index.search("stop police working with ICE")[0]
    assert "working with → sanctuary policies" in hit.led_to


def test_a_trigger_with_a_short_word_needs_that_word(index):
    # "working with" leads to sanctuary; "police work" alone is the 287(g) text, not a concept
    hits = index.search("routine police work")
    assert ids(hits)[0] == "end-287g-and-task-forces"
    assert [hit.led_to for hit in hits] == [()] * len(hits)


def test_a_page_found_by_its_own_words_says_nothing_about_the_thesaurus(index):
    hit = index.search("detainer requests")[0]
    assert hit.led_to == () and not hit.snippet_html.startswith("<i>")


def test_words_in_quotes_are_taken_literally(index):
    assert ids(index.search('"masks"')) == ["introduction"]


def test_a_misspelt_staff_word_still_leads_to_its_concept(index):
    hit = index.search("balaclvas")[0]
    assert hit.page_id == IDENTIFY
    assert hit.led_to == ("balaclvas → concealing their identity",)


# Weighted below the person's own words ---------------------------------------------------------


def test_expansion_ranks_below_a_match_of_the_person_s_own_words(tmp_path):
    content = copy_content(tmp_path)
    (content / "thesaurus.toml").write_text(LOLLIPOP, encoding="utf-8")
    notes = {
        "cancel-alpr-contracts": "ask about lollipops at the budget hearing",
        "cancel-detention-contracts": "ask about crossing guards at the budget hearing",
    }
    index = SearchIndex.build(load_toolkit(content), load_glossary(content), notes)
    hits = {hit.page_id: hit for hit in index.search("lollipops")}
    # the same kind of note: the person's own word beats the words the concept led to
    own, led = hits["cancel-alpr-contracts"], hits["cancel-detention-contracts"]
    assert own.score > led.score
    assert ids(index.search("lollipops")).index(own.page_id) < ids(index.search("lollipops")).index(
        led.page_id
    )
    assert own.led_to == () and led.led_to == ("lollipops → crossing guards",)
    assert "safe-schools" in hits  # the toolkit's own crossing guards


def test_a_concept_finds_a_note_only_when_notes_are_searched(tmp_path):
    content = copy_content(tmp_path)
    (content / "thesaurus.toml").write_text(LOLLIPOP, encoding="utf-8")
    notes = {"cancel-alpr-contracts": "the crossing guards union wrote in"}
    index = SearchIndex.build(load_toolkit(content), load_glossary(content), notes)
    assert "cancel-alpr-contracts" in ids(index.search("lollipops"))
    assert "cancel-alpr-contracts" not in ids(index.search("lollipops", include_notes=False))


def test_a_trainer_s_content_folder_carries_its_own_thesaurus(tmp_path, index):
    content = copy_content(tmp_path)
    (content / "thesaurus.toml").write_text(LOLLIPOP, encoding="utf-8")
    own = SearchIndex.build(load_toolkit(content), load_glossary(content))
    assert ids(own.search("lollipop lady"))[0] == "safe-schools"
    assert own.search("flock") == []  # the bundled thesaurus is not used
    assert index.search("lollipop lady") == []


def test_a_cached_index_expands_the_same_way(toolkit, index, tmp_path):
    glossary = load_glossary(CONTENT)
    SearchIndex.load_or_build(toolkit, glossary, tmp_path)
    cached = SearchIndex.load_or_build(toolkit, glossary, tmp_path)
    for query in ("masks", "flock", "stop police working with ICE"):
        assert [(h.page_id, h.snippet_html) for h in cached.search(query)] == [
            (h.page_id, h.snippet_html) for h in index.search(query)
        ]


# Ranking ---------------------------------------------------------------------------------------


def test_words_in_every_priority_title_are_the_common_ones(toolkit, index):
    assert index._common == {"no", "secret", "polic"}
    titles = [set(index._stems(p.title)) for p in toolkit.priorities]
    assert search_rank.common_stems(titles[:1]) == frozenset()


def test_a_word_in_every_priority_title_carries_little_weight(index):
    hits = index.search("mask ban for police")
    assert hits[0].page_id == IDENTIFY
    assert all(h.kind == "policy" for h in hits[:3])  # no priority page rides on "police"


def test_a_policy_comes_before_its_priority(index):
    # "impunity" is in the No Impunity title and, through it, in its policy's priority field
    assert ids(index.search("impunity"))[:2] == [IDENTIFY, "no-impunity"]
    assert ids(index.search("collaboration"))[0] != "no-collaboration"


@pytest.mark.parametrize(
    ("query", "priority"),
    [
        ("no impunity", "no-impunity"),
        ("no collaboration", "no-collaboration"),
        ("no data for secret police", "no-data"),
        ("No Public Funds for Secret Police", "no-public-funds"),
    ],
)
def test_unless_the_query_names_the_priority(index, query, priority):
    assert ids(index.search(query))[0] == priority


def test_naming_a_priority_takes_more_than_one_of_its_words(index):
    assert ids(index.search("camera data"))[0] == "cancel-alpr-contracts"
    assert ids(index.search("no data"))[0] == "no-data"


def test_the_introduction_wins_only_when_nothing_else_matches_as_well(index):
    assert ids(index.search("masks"))[:2] == [IDENTIFY, "introduction"]
    # "communities" is in the introduction and in policies: a policy answers it
    assert ids(index.search("communities"))[:2] == ["cancel-alpr-contracts", "introduction"]
    assert ids(index.search("last line of defense")) == ["introduction"]
    assert ids(index.search("Local Progress"))[0] == "introduction"  # no other page has both


def test_order_rules_on_their_own(toolkit):
    pages = {p.id: p for p in toolkit.pages()}
    tiers = [["introduction", "no-impunity", IDENTIFY], ["no-data"]]
    assert search_rank.order(tiers, pages, set()) == [
        IDENTIFY,
        "introduction",
        "no-impunity",
        "no-data",
    ]
    assert search_rank.order(tiers, pages, {"no-impunity"}) == [
        "no-impunity",
        "introduction",
        IDENTIFY,
        "no-data",
    ]
    assert search_rank.order([["introduction"], [IDENTIFY]], pages, set())[0] == "introduction"


def test_question_words_do_not_steer_a_question(index):
    assert ids(index.search("what is this toolkit for"))[0] == "introduction"
    assert ids(index.search("what"))  # a query of nothing else still searches them


# Did you mean ----------------------------------------------------------------------------------


def test_when_nothing_matches_the_closest_concepts_are_offered_with_their_policies(index):
    assert index.search("pretexual") == []
    hints = index.closest_concepts("pretexual")
    assert hints[0].name == "traffic stops"
    assert hints[0].policies[0][0] == "remove-traffic-enforcement"
    assert index.closest_concepts("mascs")[0].name == "concealing identity"
    assert IDENTIFY in [p for p, _ in index.closest_concepts("mascs")[0].policies]


@pytest.mark.parametrize("query", ["xqzvbnm", "", "   ", '"', "*", "\x00", "x" * 5000, "a b c"])
def test_no_concept_for_a_query_like_no_word_staff_use(index, query):
    assert index.closest_concepts(query) == []


def test_no_concepts_without_a_thesaurus(toolkit):
    assert SearchIndex.build(toolkit, Glossary()).closest_concepts("mascs") == []
