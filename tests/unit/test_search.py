"""Search finds what a staffer means: their words, acronyms, typos; filters; hostile input."""

import dataclasses
import json
import logging
import subprocess
import sys

import pytest

from nsp_desktop.core.content import load_toolkit, validate
from nsp_desktop.core.glossary import Glossary, GlossaryError, load_glossary
from nsp_desktop.core.search import MAX_QUERY_CHARS, SearchIndex, clean_query
from tests.helpers import CONTENT, ROOT, copy_content, ids


def top(index, query: str, **filters) -> str | None:
    hits = index.search(query, **filters)
    return hits[0].page_id if hits else None


# Realistic queries: what a staffer remembers, not the title's words ----------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("license plate cameras", "cancel-alpr-contracts"),
        ("surveillance vendor contracts", "cancel-alpr-contracts"),
        ("jail beds", "end-287g-and-task-forces"),
        ("masks badge", "officers-identify-themselves"),
        ("badge numbers", "officers-identify-themselves"),
        ("school records", "safe-schools"),
        ("student data", "safe-schools"),
        ("detainer requests", "robust-sanctuary-policies"),
        ("traffic stops", "remove-traffic-enforcement"),
        ("zoning violations", "inspect-ice-facilities"),
        ("fire safety", "enforce-health-and-safety"),
        ("parking lots", "no-enforcement-on-public-property"),
        ("bus companies contractors", "contractor-compliance"),
        ("fusion centers", "end-287g-and-task-forces"),
    ],
)
def test_staff_queries_find_the_right_policy_first(index, query, expected):
    assert top(index, query) == expected


def test_detention_beds_finds_both_policies_that_rent_beds(index):
    found = ids(index.search("jail beds"))
    assert found.index("end-287g-and-task-forces") < found.index("cancel-detention-contracts")


def test_stemming_matches_other_forms_of_a_word(index):
    # The text says "detained"/"detain"/"detaining"; the query says "detaining"
    assert "enforce-health-and-safety" in ids(index.search("detaining"))
    assert top(index, "inspection") == "inspect-ice-facilities"  # title says "inspections"
    assert top(index, "terminating contract") is not None


def test_a_title_match_ranks_above_a_body_match(index, toolkit):
    # "procurement" is in the contractor-compliance title (not its text) and in the ALPR text
    contractor = toolkit.page("contractor-compliance")
    assert "procurement" in contractor.title and "procurement" not in contractor.body_text
    assert "procurement" in toolkit.page("cancel-alpr-contracts").body_text
    assert ids(index.search("procurement"))[:2] == [
        "contractor-compliance",
        "cancel-alpr-contracts",
    ]
    hits = index.search("detention")
    assert hits[0].page_id == "cancel-detention-contracts"  # the one with it in its title
    assert hits[0].score > hits[-1].score


def test_a_phrase_in_quotes_matches_only_the_words_together(index):
    assert ids(index.search('"detention beds"')) == ["cancel-detention-contracts"]
    assert "end-287g-and-task-forces" not in ids(index.search('"detention beds"'))


def test_a_prefix_with_a_star_and_the_last_word_while_typing(index):
    assert top(index, "surveil*") == "cancel-alpr-contracts"
    assert index.search("licen") == []
    assert top(index, "licen", as_you_type=True) == "cancel-alpr-contracts"
    assert top(index, "license pla", as_you_type=True) == "cancel-alpr-contracts"


# Acronyms, both ways ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("acronym", "spelled_out", "expected"),
    [
        ("ALPR", "automated license plate readers", "cancel-alpr-contracts"),
        ("JTTF", "joint terrorism task force", "end-287g-and-task-forces"),
        ("HSTF", "homeland security task forces", "end-287g-and-task-forces"),
        ("DHS", "department of homeland security", "end-287g-and-task-forces"),
        ("FBI", "federal bureau of investigation", "end-287g-and-task-forces"),
        ("IGSA", "intergovernmental service agreement", "cancel-detention-contracts"),
    ],
)
def test_acronyms_and_spelled_out_forms_find_each_other(index, acronym, spelled_out, expected):
    assert expected in ids(index.search(acronym))[:2]
    assert expected in ids(index.search(spelled_out))[:2]


def test_the_text_never_spells_out_fbi_but_the_glossary_finds_it(index):
    hit = index.search("FBI")[0]
    assert hit.page_id == "end-287g-and-task-forces"
    assert "<b>Federal Bureau of Investigations</b>" in hit.snippet_html


def test_ice_spelled_out_finds_the_ice_pages(index):
    found = ids(index.search("Immigration and Customs Enforcement facilities"))
    assert found[0] == "inspect-ice-facilities"


def test_an_acronym_plural_is_the_acronym(index):
    assert top(index, "ALPRs") == "cancel-alpr-contracts"
    assert top(index, "JTTFs") == "end-287g-and-task-forces"


@pytest.mark.parametrize("query", ["287(g)", "287g", "287 g", "287G agreements", "287 (g)"])
def test_287g_however_it_is_typed(index, query):
    hit = index.search(query)[0]
    assert hit.page_id == "end-287g-and-task-forces"
    assert "<b>287(g)</b>" in hit.snippet_html
    assert "287(g)" in hit.terms


def test_without_the_glossary_acronyms_do_not_expand(toolkit):
    bare = SearchIndex.build(toolkit, Glossary())
    assert "end-287g-and-task-forces" not in ids(bare.search("FBI"))


# Typos -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typo", "meant", "expected"),
    [
        ("sanctuery", "sanctuary", "robust-sanctuary-policies"),
        ("detension", "detention", "cancel-detention-contracts"),
        ("survelliance", "surveillance", "cancel-alpr-contracts"),
        ("sanctuary polciies", "sanctuary policies", "robust-sanctuary-policies"),
    ],
)
def test_typos_still_find_things_and_offer_did_you_mean(index, typo, meant, expected):
    assert top(index, typo) == expected
    assert index.suggest(typo) == meant


def test_no_suggestion_for_words_the_toolkit_has(index):
    assert index.suggest("detention beds") is None
    assert index.suggest("xqzvbnm") is None
    assert index.search("xqzvbnm") == []


# Filters ---------------------------------------------------------------------------------------


def test_filter_by_priority(index, toolkit):
    hits = index.search("detention", priority="no-public-space")
    assert hits and {h.priority_id for h in hits} == {"no-public-space"}
    assert "cancel-detention-contracts" not in ids(hits)


def test_filter_by_check_mark(index, toolkit):
    hits = index.search("law enforcement", preempted_only=True)
    assert hits and all(h.preempted and h.policy_id for h in hits)
    marked = {p.id for p in toolkit.policies if p.preempted_friendly}
    assert set(ids(hits)) <= marked
    assert "officers-identify-themselves" not in ids(hits)  # not marked ✓
    assert "officers-identify-themselves" in ids(index.search("law enforcement"))


def test_filters_combine_and_an_unknown_priority_is_an_error(index):
    hits = index.search("facilities", priority="no-public-space", preempted_only=True)
    assert ids(hits)[:1] == ["inspect-ice-facilities"]
    with pytest.raises(ValueError):
        index.search("facilities", priority="no-such-priority")


def test_limit(index):
    assert len(index.search("local", limit=3)) == 3
    assert index.search("local", limit=0) == []


# Hits ------------------------------------------------------------------------------------------


def test_a_hit_carries_what_the_list_and_the_page_need(index):
    hit = index.search("detainer requests")[0]
    assert hit.policy_id == "robust-sanctuary-policies"
    assert hit.priority_id == "no-collaboration"
    assert hit.preempted is True
    assert "<b>detainer</b> <b>requests</b>" in hit.snippet_html
    assert "detainer requests" in hit.snippet
    assert {"detainer", "requests"} <= set(hit.terms)
    with pytest.raises(dataclasses.FrozenInstanceError):
        hit.score = 0  # type: ignore[misc]


def test_non_policy_pages_have_no_policy_id(index):
    hit = next(h for h in index.search("No Data for Secret Police") if h.kind == "priority")
    assert hit.policy_id is None
    assert hit.priority_id == hit.page_id
    assert index.search("last line of defense")[0].page_id == "introduction"


def test_snippets_escape_the_text(toolkit):
    index = SearchIndex.build(toolkit, notes={"safe-schools": "Q&A <i>on</i> gyms"})
    hit = index.search("gyms")[0]
    assert hit.snippet_html.endswith("Q&amp;A &lt;i&gt;on&lt;/i&gt; <b>gyms</b>")
    assert hit.snippet.endswith("Q&A <i>on</i> gyms")


# Hostile queries -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        '"unclosed',
        '"',
        '""',
        "AND OR",
        "AND",
        "NOT",
        "*",
        "**",
        "a*",
        "(",
        ")))",
        "title:ice",
        "ice^5",
        "[a TO z]",
        "~~~",
        "x" * 2000,
        "ice " * 500,
        "detention\x00beds\x07\x1b[31m",
        "\u200b\u202e",
        "🙂 jail",
        "-",
        "\\",
        "ICE AND",
        "OR detention",
    ],
)
def test_any_query_returns_a_list_never_raises(index, query, caplog):
    hits = index.search(query)
    assert isinstance(hits, list)
    assert index.suggest(query) is None or isinstance(index.suggest(query), str)
    assert isinstance(index.search(query, as_you_type=True), list)
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []


def test_hostile_queries_still_find_their_words(index):
    assert top(index, '"jail beds') == "end-287g-and-task-forces"
    assert top(index, "jail AND beds") == "end-287g-and-task-forces"
    assert top(index, "jail\x00beds") == "end-287g-and-task-forces"
    assert top(index, "🙂 sanctuary") == "robust-sanctuary-policies"


def test_clean_query_caps_length_and_drops_control_characters():
    assert clean_query("a\x00b\tc\n") == "a b c"
    assert len(clean_query("y" * 5000)) == MAX_QUERY_CHARS


def test_an_internal_failure_reaches_the_caller(index, monkeypatch):
    """The core does not swallow bugs: the UI and the CLI are the boundaries that explain them."""

    def broken(*args):
        raise RuntimeError("boom")

    monkeypatch.setattr(index, "_search", broken)
    with pytest.raises(RuntimeError):
        index.search("jail")


def test_a_word_a_note_adds_is_highlighted_after_an_earlier_search(toolkit):
    """The highlight pattern lists word forms; a cached one went stale when a note added words."""
    index = SearchIndex.build(toolkit, notes={"safe-schools": "A zebra crossing"})
    index.search("zebra")  # caches a pattern that knows the form "zebra" only
    index.set_note("safe-schools", "Two zebras crossed the road")
    (hit,) = index.search("zebra")
    assert hit.terms == ("zebras",)


# Notes -----------------------------------------------------------------------------------------


def test_notes_are_searchable(toolkit):
    index = SearchIndex.build(toolkit, notes={"safe-schools": "Ask the superintendent Okafor"})
    assert top(index, "superintendent") == "safe-schools"
    index.set_note("parks-nope", "ignored")  # an unknown page is ignored
    index.set_note("safe-schools", "")
    index.set_note("cancel-alpr-contracts", "Flock contract renews in March")
    assert index.search("superintendent") == []
    assert top(index, "flock") == "cancel-alpr-contracts"
    assert "<b>Flock</b>" in index.search("flock")[0].snippet_html
    index.set_notes({"parks-nope": "x", "safe-schools": "gyms", "introduction": "gyms too"})
    assert set(ids(index.search("gyms"))) == {"safe-schools", "introduction"}


def test_notes_can_be_left_out_of_a_search(toolkit):
    index = SearchIndex.build(toolkit, notes={"safe-schools": "Okafor"})
    assert top(index, "okafor") == "safe-schools"
    assert index.search("okafor", include_notes=False) == []


# The cache on disk -----------------------------------------------------------------------------


def results(index, queries=("jail beds", "sanctuery", "FBI", "287 g", "licen")) -> list:
    return [
        [(h.page_id, h.snippet_html, h.terms) for h in index.search(q, as_you_type=True)]
        for q in queries
    ]


def test_the_cache_gives_the_same_index_without_building(toolkit, index, tmp_path, monkeypatch):
    glossary = load_glossary(CONTENT)
    SearchIndex.load_or_build(toolkit, glossary, tmp_path)
    assert len(list(tmp_path.glob("search-*.json"))) == 1
    with monkeypatch.context() as patch:
        patch.setattr(SearchIndex, "build", lambda *a: pytest.fail("built, not loaded"))
        cached = SearchIndex.load_or_build(toolkit, glossary, tmp_path)
    assert results(cached) == results(index)
    assert cached.suggest("detension") == "detention"


def damage_garbage(path):
    path.write_bytes(b"\x00\xff not json at all")


def damage_truncate(path):
    path.write_bytes(path.read_bytes()[:1000])


def damage_wrong_shape(path):
    path.write_text(json.dumps({"key": path.stem, "pages": []}))


def damage_bad_base64(path):
    data = json.loads(path.read_text())
    data["files"] = {name: "!!!" for name in data["files"]}
    path.write_text(json.dumps(data))


def damage_index_bytes(path):
    import base64

    data = json.loads(path.read_text())
    for name, encoded in data["files"].items():
        raw = bytearray(base64.b64decode(encoded))
        raw[len(raw) // 3 : len(raw) // 3 + 64] = b"\xab" * min(64, len(raw) // 3)
        data["files"][name] = base64.b64encode(bytes(raw)).decode()
    path.write_text(json.dumps(data))


def damage_missing_segment(path):
    data = json.loads(path.read_text())
    data["files"] = {n: v for n, v in data["files"].items() if n.endswith(".toc")}
    path.write_text(json.dumps(data))


@pytest.mark.parametrize(
    "damage",
    [
        damage_garbage,
        damage_truncate,
        damage_wrong_shape,
        damage_bad_base64,
        damage_index_bytes,
        damage_missing_segment,
    ],
)
def test_a_damaged_cache_is_rebuilt_silently(toolkit, index, tmp_path, damage):
    glossary = load_glossary(CONTENT)
    SearchIndex.load_or_build(toolkit, glossary, tmp_path)
    (path,) = tmp_path.glob("search-*.json")
    damage(path)
    assert SearchIndex.load(path, toolkit, glossary) is None
    rebuilt = SearchIndex.load_or_build(toolkit, glossary, tmp_path)
    assert results(rebuilt) == results(index)
    assert SearchIndex.load(path, toolkit, glossary) is not None  # and written again, whole


def test_a_cache_from_another_edition_is_not_used_and_is_replaced(tmp_path):
    content = copy_content(tmp_path)
    glossary = load_glossary(content)
    cache = tmp_path / "cache"
    SearchIndex.load_or_build(load_toolkit(content), glossary, cache)
    (old,) = cache.glob("search-*.json")
    policy = content / "policies" / "10-safe-schools.md"
    policy.write_text(policy.read_text().replace("crossing guards", "lollipop ladies"))
    edited = load_toolkit(content)
    index = SearchIndex.load_or_build(edited, glossary, cache)
    assert top(index, "lollipop") == "safe-schools"
    assert not old.exists()
    assert len(list(cache.glob("search-*.json"))) == 1


def test_an_unwritable_or_blocked_cache_still_gives_an_index(toolkit, tmp_path):
    glossary = load_glossary(CONTENT)
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    SearchIndex.cache_path(blocked, toolkit).mkdir()  # a folder where the file should be
    assert top(SearchIndex.load_or_build(toolkit, glossary, blocked), "287g")
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    assert top(SearchIndex.load_or_build(toolkit, glossary, not_a_folder), "287g")


# Glossary file ---------------------------------------------------------------------------------


def test_the_real_glossary_is_valid_and_lists_the_acronyms():
    glossary = load_glossary(CONTENT)
    terms = {entry.term for entry in glossary.entries}
    assert {"ALPR", "ICE", "DHS", "FBI", "JTTF", "HSTF", "IGSA", "287(g)"} <= terms
    assert validate(CONTENT) == []


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[[entry]\nterm = 'X'", "not valid TOML"),
        ("[[entry]]\nmeans = ['Something']", "needs a 'term'"),
        ("[[entry]]\nterm = 'X'", "needs 'means'"),
        ("[[entry]]\nterm = 'X'\nmeans = [1]", "needs 'means'"),
        ("[[entry]]\nterm='X'\nmeans=['a']\n[[entry]]\nterm='x'\nmeans=['b']", "listed twice"),
        ("entry = 3", "[[entry]]"),
    ],
)
def test_a_broken_glossary_is_reported_by_validate(tmp_path, text, problem):
    content = copy_content(tmp_path)
    (content / "glossary.toml").write_text(text, encoding="utf-8")
    with pytest.raises(GlossaryError) as error:
        load_glossary(content)
    assert problem in str(error.value)
    problems = validate(content)
    assert any(problem in p and "glossary.toml" in p for p in problems)


def test_content_without_a_glossary_has_an_empty_one(tmp_path):
    content = copy_content(tmp_path)
    (content / "glossary.toml").unlink()
    assert load_glossary(content).entries == ()
    assert validate(content) == []


# The command line ------------------------------------------------------------------------------


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "nsp_desktop", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=60,
    )


def test_cli_search_json_best_first():
    result = run_cli("search", "--json", "license", "plate", "cameras")
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    assert hits[0]["policy_id"] == "cancel-alpr-contracts"
    assert hits[0]["priority_id"] == "no-data"
    assert "License" in hits[0]["title"]
    assert "License Plate Readers" in hits[0]["snippet"]
    scores = [h["score"] for h in hits]
    assert all(isinstance(s, float) for s in scores)
    for hit in hits:
        assert {"policy_id", "title", "priority_id", "score", "snippet"} <= set(hit)


def test_cli_search_filters_and_plain_lines():
    result = run_cli("search", "--preempted", "--priority", "no-public-space", "facilities")
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if not line.startswith(" ")]
    assert lines[0].startswith("inspect-ice-facilities: Conduct inspections of ICE facilities")
    assert all("✓" in line for line in lines)
    result = run_cli("search", "--json", "--priority", "no-data", "page:x")
    assert json.loads(result.stdout) == [] or result.returncode == 0


def test_cli_search_bad_priority_is_a_clear_message():
    result = run_cli("search", "--priority", "no-such", "jail")
    assert result.returncode != 0
    assert "unknown priority 'no-such'" in result.stderr
    assert "no-data" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_search_no_results_suggests():
    result = run_cli("search", "sanctuery", "xqzvbnm")
    assert result.returncode == 0
    result = run_cli("search", "xqzvbnm")
    assert result.stdout == ""
    assert "No results" in result.stderr


def test_cli_search_with_no_match_offers_the_closest_topic_and_its_policy():
    result = run_cli("search", "pretexual")
    assert result.stdout == ""
    assert "Did you mean: traffic stops?" in result.stderr
    assert "remove-traffic-enforcement: Remove traffic enforcement" in result.stderr


def test_cli_searches_notes_only_when_asked(tmp_path):
    import subprocess
    import sys

    from tests.helpers import ROOT

    def cli(*args):
        command = [sys.executable, "-m", "nsp_desktop", "--data-dir", str(tmp_path), *args]
        return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=60)

    assert cli("note", "safe-schools", "--set", "Okafor chairs the PTA").returncode == 0
    with_notes = cli("search", "okafor", "--notes", "--json")
    assert with_notes.returncode == 0, with_notes.stderr
    assert '"policy_id": "safe-schools"' in with_notes.stdout
    assert cli("search", "okafor", "--json").stdout.strip() == "[]"
    unknown = cli("search", "okafor", "--notes", "--workspace", "Nowhere")
    assert unknown.returncode == 3 and "Nowhere" in unknown.stderr
    assert "Traceback" not in unknown.stderr


def test_each_index_writes_in_a_scratch_folder_of_its_own():
    """Whoosh's default names the folder after the index, shared by every process: one process
    finishing deleted it under another's writer."""
    from nsp_desktop.core.search.index import PrivateRamStorage

    first = PrivateRamStorage().temp_storage("MAIN.tmp")
    second = PrivateRamStorage().temp_storage("MAIN.tmp")
    try:
        assert first.folder != second.folder
    finally:
        first.destroy()
        second.destroy()


def test_building_an_index_leaves_no_scratch_folder_behind(toolkit, tmp_path, monkeypatch):
    """Seen in the Windows install test: per-document scratch folders left in the temp folder."""
    import gc
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    index = SearchIndex.build(toolkit, notes={"safe-schools": "a note"})
    index.set_note("safe-schools", "another note")
    del index
    gc.collect()
    assert list(tmp_path.iterdir()) == []
