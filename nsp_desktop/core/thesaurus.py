"""The topic thesaurus kept with the content (content/thesaurus.toml): staff words -> toolkit words.

A concept joins the words people use for an idea (slang, vendor names, near-synonyms: "mask",
"balaclava", "Flock") to the words the toolkit uses for it ("concealing their identity",
"license plate reader"). Search uses it to find the toolkit's text from the person's words;
`nsp-desktop validate` checks that every concept leads to text the content really holds.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nsp_desktop.core.models import Toolkit

THESAURUS_FILE = "thesaurus.toml"
_KEYS = {"name", "words", "leads_to"}


class ThesaurusError(Exception):
    """The thesaurus file is not valid; `problems` lists each problem, naming the file."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Concept:
    """An idea: its `name` (shown in "Did you mean"), the `words` people use for it, and the
    toolkit's own phrases it `leads_to`."""

    name: str
    words: tuple[str, ...]
    leads_to: tuple[str, ...]


@dataclass(frozen=True)
class Thesaurus:
    concepts: tuple[Concept, ...] = ()


def _strings(value: object) -> list[str] | None:
    """A list of non-empty strings (a single string counts as a list of one), or None."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        return None
    if not all(isinstance(v, str) and v.strip() for v in value):
        return None
    return [" ".join(v.split()) for v in value]


def parse_thesaurus(text: str, where: str = THESAURUS_FILE) -> Thesaurus:
    """The thesaurus in `text`; raise ThesaurusError listing every problem, each naming `where`."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ThesaurusError([f"{where}: not valid TOML: {error}"]) from None
    raw_concepts = data.get("concept", [])
    if not isinstance(raw_concepts, list) or set(data) - {"concept"}:
        raise ThesaurusError([f"{where}: write each concept as a [[concept]] table"])
    problems: list[str] = []
    concepts: list[Concept] = []
    names: set[str] = set()
    owner: dict[str, str] = {}  # a word (folded) -> the concept that lists it first
    for number, raw in enumerate(raw_concepts, start=1):
        if not isinstance(raw, dict):
            problems.append(f"{where}: concept {number} is not a table")
            continue
        name = raw.get("name")
        if not isinstance(name, str) or not name.strip():
            problems.append(f"{where}: concept {number} needs a 'name'")
            continue
        name = " ".join(name.split())
        label = f"{where}: concept {name!r}"
        for key in sorted(set(raw) - _KEYS, key=str):
            problems.append(f"{label}: unknown key {key!r} (use name, words, leads_to)")
        words = _strings(raw.get("words"))
        leads_to = _strings(raw.get("leads_to"))
        if words is None:
            problems.append(f"{label} needs 'words', a list of the words people use for it")
        if leads_to is None:
            problems.append(f"{label} needs 'leads_to', a list of the toolkit's own phrases")
        if name.casefold() in names:
            problems.append(f"{label} is listed twice")
        names.add(name.casefold())
        for word in words or []:
            first = owner.setdefault(word.casefold(), name)
            if first != name:
                problems.append(f"{label}: {word!r} is already a word of concept {first!r}")
        if words is not None and leads_to is not None:
            concepts.append(Concept(name, tuple(words), tuple(leads_to)))
    if problems:
        raise ThesaurusError(problems)
    return Thesaurus(tuple(concepts))


def load_thesaurus(content_root: Path) -> Thesaurus:
    """Read content/thesaurus.toml; a content folder without one has an empty thesaurus."""
    path = Path(content_root) / THESAURUS_FILE
    if not path.exists():
        return Thesaurus()
    where = f"{Path(content_root).name}/{THESAURUS_FILE}"
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ThesaurusError([f"{where}: not UTF-8 text"]) from None
    return parse_thesaurus(text, where)


def phrase_pattern(phrase: str) -> re.Pattern:
    """The phrase as whole words in any case, across any spaces or punctuation between them."""
    words = re.findall(r"\w+", phrase)
    return re.compile(r"(?<!\w)" + r"\W+".join(map(re.escape, words)) + r"(?!\w)", re.I)


def missing_targets(thesaurus: Thesaurus, texts: Iterable[str], where: str) -> list[str]:
    """A problem for every phrase a concept leads to that none of `texts` contains."""
    text = "\n".join(texts)
    return [
        f"{where}: concept {concept.name!r} leads to {phrase!r}, which is nowhere in the content "
        "(write it as the toolkit does)"
        for concept in thesaurus.concepts
        for phrase in concept.leads_to
        if not re.search(r"\w", phrase) or not phrase_pattern(phrase).search(text)
    ]


def validate_targets(toolkit: Toolkit) -> list[str]:
    """Every thesaurus phrase that the toolkit's pages do not hold (a file that does not parse
    is reported by `glossary.validate_glossary`, so it counts as no problem here)."""
    if toolkit.root is None:
        return []
    try:
        thesaurus = load_thesaurus(toolkit.root)
    except ThesaurusError:
        return []
    texts = [
        text
        for page in toolkit.pages()
        for text in (page.title, page.body_text, *(i.text for i in page.summary_items))
    ]
    return missing_targets(thesaurus, texts, f"{Path(toolkit.root).name}/{THESAURUS_FILE}")
