"""The topic thesaurus (content/thesaurus.toml): read, checked by validate, carried by a folder."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nsp_desktop.core.content import load_toolkit, validate
from nsp_desktop.core.glossary import GlossaryError, load_glossary
from nsp_desktop.core.thesaurus import (
    Thesaurus,
    ThesaurusError,
    load_thesaurus,
    missing_targets,
    parse_thesaurus,
)
from tests.helpers import CONTENT, copy_content


def test_the_real_thesaurus_is_valid_and_covers_the_issue_s_concepts():
    thesaurus = load_thesaurus(CONTENT)
    words = {w.lower() for c in thesaurus.concepts for w in c.words}
    assert {"mask", "face covering", "balaclava", "flock", "hold", "bed space"} <= words
    assert {"campus", "deputize"} <= words
    assert validate(CONTENT) == []
    assert load_glossary(CONTENT).thesaurus == thesaurus  # search gets it with the acronyms


def test_every_concept_leads_to_text_of_the_toolkit():
    toolkit = load_toolkit(CONTENT)
    texts = [t for p in toolkit.pages() for t in (p.title, p.body_text)]
    assert missing_targets(load_thesaurus(CONTENT), texts, "x") == []


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[[concept]\nname = 'x'", "not valid TOML"),
        ("concept = 3", "[[concept]]"),
        ("[[concept]]\nname='a'\nwords=['b']\nleads_to=['c']\n[other]\nx=1", "[[concept]]"),
        ("[[concept]]\nwords = ['mask']\nleads_to = ['badge number']", "needs a 'name'"),
        ("[[concept]]\nname = 'x'\nleads_to = ['badge number']", "needs 'words'"),
        ("[[concept]]\nname = 'x'\nwords = []\nleads_to = ['badge number']", "needs 'words'"),
        ("[[concept]]\nname = 'x'\nwords = ['mask']", "needs 'leads_to'"),
        ("[[concept]]\nname = 'x'\nwords = ['mask']\nleads_to = [1]", "needs 'leads_to'"),
        ("[[concept]]\nname = 'x'\nwords = ['m']\nlead_to = ['badge number']", "unknown key"),
        (
            "[[concept]]\nname='x'\nwords=['a']\nleads_to=['parks']\n"
            "[[concept]]\nname='X'\nwords=['b']\nleads_to=['parks']",
            "listed twice",
        ),
        (
            "[[concept]]\nname='x'\nwords=['Mask']\nleads_to=['parks']\n"
            "[[concept]]\nname='y'\nwords=['mask']\nleads_to=['parks']",
            "already a word of concept 'x'",
        ),
    ],
)
def test_a_malformed_thesaurus_fails_validate_with_a_clear_message(tmp_path, text, problem):
    content = copy_content(tmp_path)
    (content / "thesaurus.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ThesaurusError) as error:
        load_thesaurus(content)
    assert problem in str(error.value)
    problems = validate(content)
    assert any(problem in p and "thesaurus.toml" in p for p in problems), problems
    with pytest.raises(GlossaryError):  # search then runs without it, saying why
        load_glossary(content)


def test_content_without_a_thesaurus_has_an_empty_one(tmp_path):
    content = copy_content(tmp_path)
    (content / "thesaurus.toml").unlink()
    assert load_thesaurus(content) == Thesaurus()
    assert load_glossary(content).thesaurus == Thesaurus()
    assert validate(content) == []


def test_a_thesaurus_that_is_not_utf8_is_reported(tmp_path):
    content = copy_content(tmp_path)
    (content / "thesaurus.toml").write_bytes(b"\xff\xfe[[concept]]")
    assert any("not UTF-8" in p for p in validate(content))


def test_a_concept_leading_to_text_that_is_nowhere_fails_validate(tmp_path):
    content = copy_content(tmp_path)
    (content / "thesaurus.toml").write_text(
        "[[concept]]\nname = 'masks'\nwords = ['mask']\n"
        "leads_to = ['concealing their identity', 'concealing identities']\n",
        encoding="utf-8",
    )
    problems = validate(content)
    assert problems == [
        "content/thesaurus.toml: concept 'masks' leads to 'concealing identities', which is "
        "nowhere in the content (write it as the toolkit does)"
    ]


@pytest.mark.parametrize(
    "phrase", ["CONCEALING THEIR IDENTITY", "concealing  their\nidentity", "publicly-owned"]
)
def test_a_target_matches_whatever_the_case_spacing_or_punctuation(tmp_path, phrase):
    content = copy_content(tmp_path)
    (content / "thesaurus.toml").write_text(
        f"[[concept]]\nname = 'x'\nwords = ['y']\nleads_to = [{json.dumps(phrase)}]\n",
        encoding="utf-8",
    )
    assert validate(content) == []


@pytest.mark.parametrize("phrase", ["identit", "ark", "---"])
def test_a_target_must_be_whole_words(tmp_path, phrase):
    content = copy_content(tmp_path)
    (content / "thesaurus.toml").write_text(
        f"[[concept]]\nname = 'x'\nwords = ['y']\nleads_to = [{json.dumps(phrase)}]\n",
        encoding="utf-8",
    )
    assert len(validate(content)) == 1


# Fuzzing the parser ----------------------------------------------------------------------------


def _check(thesaurus: Thesaurus) -> None:
    for concept in thesaurus.concepts:
        assert concept.name.strip() and concept.words and concept.leads_to
        assert all(w.strip() for w in concept.words + concept.leads_to)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_parses_or_raises_thesaurus_error(text):
    try:
        _check(parse_thesaurus(text))
    except ThesaurusError as error:
        assert error.problems and all(p.startswith("thesaurus.toml: ") for p in error.problems)


_values = st.one_of(
    st.text(max_size=12),
    st.integers(),
    st.booleans(),
    st.lists(st.text(max_size=12), max_size=4),
    st.lists(st.integers(), max_size=2),
)


def _toml(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return json.dumps(value)  # a JSON string or number is a TOML one too


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.dictionaries(
            st.sampled_from(["name", "words", "leads_to", "lead_to", "extra"]), _values, max_size=5
        ),
        max_size=6,
    )
)
def test_any_list_of_concept_tables_parses_or_names_each_problem(concepts):
    text = "\n".join(
        "[[concept]]\n" + "".join(f"{k} = {_toml(v)}\n" for k, v in concept.items())
        for concept in concepts
    )
    try:
        thesaurus = parse_thesaurus(text)
    except ThesaurusError as error:
        assert error.problems and all(p.startswith("thesaurus.toml: ") for p in error.problems)
        return
    _check(thesaurus)
    assert len(thesaurus.concepts) == len(concepts)
    for parsed, raw in zip(thesaurus.concepts, concepts, strict=True):
        assert parsed.name == " ".join(raw["name"].split())
