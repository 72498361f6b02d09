"""Leads a person's words to the toolkit's through the thesaurus, for search (no Whoosh here).

Concepts are compiled once into stem sequences with the index's own analyzer, so "masks",
"masked" and "mask" are one trigger, and a trigger matches only whole runs of the query's words.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from nsp_desktop.core.thesaurus import Concept, Thesaurus

__all__ = ["Thesaurus"]  # re-exported: search builds an empty one before the content's

# A phrase the concept led to counts for half a match of the person's own words.
EXPANSION_BOOST = 0.5
# Where a phrase a concept led to is looked for: the page's title, its text (which holds its
# checklist items too, so it counts as items do) and the person's notes; not a priority's name,
# which every policy under it repeats. Three fields, not five: phrase matching is most of a
# search's time on a large toolkit.
TARGET_FIELDS = {"title": 5.0, "body": 1.3, "notes": 1.0}
# Words of a question or a pronoun that say nothing about the topic ("what should our teachers
# do"): dropped from a query that has other words. Compared as typed, lower case.
FILLER_WORDS = frozenset(
    "what how who whom whose why where which does do did done should could would shall must "
    "i me my mine our ours they them their someone somebody anyone anybody get got getting "
    "there about don t s".split()
)

Stems = tuple[str, ...]


@dataclass(frozen=True)
class Compiled:
    """A concept as stems: the `triggers` (its words) and the `targets` (what it leads to)."""

    concept: Concept
    triggers: tuple[Stems, ...]
    targets: tuple[Stems, ...]


@dataclass(frozen=True)
class ConceptHint:
    """A concept offered when nothing matched ("Did you mean: concealing identity?"), with the
    policies it leads to as (page ID, title), best first."""

    name: str
    policies: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Match:
    """Query words `start`..`end` (stem positions) are a word of `concept`; `said` is the
    query's text for it when the stems leave out a short word ("working with")."""

    start: int
    end: int
    concept: Compiled
    said: str | None = None


class Expander:
    """Finds the thesaurus words in a query and says which toolkit phrases they lead to."""

    def __init__(self, thesaurus: Thesaurus, stems_of: Callable[[list[str]], list[Stems]]):
        """`stems_of` turns texts into the index's stems, many at once."""
        self.concepts: list[Compiled] = []
        self._by_first: dict[str, list[tuple[Stems, Compiled, re.Pattern | None]]] = {}
        self._single: dict[str, Compiled] = {}  # one-word triggers, by the word as written
        texts = [t for c in thesaurus.concepts for t in (*c.words, *c.leads_to)]
        stems = dict(zip(texts, stems_of(texts) if texts else [], strict=True))
        for concept in thesaurus.concepts:
            targets = tuple(t for phrase in concept.leads_to if (t := stems[phrase]))
            triggers = tuple(t for word in concept.words if (t := stems[word]))
            if not targets or not triggers:
                continue
            compiled = Compiled(concept, triggers, targets)
            self.concepts.append(compiled)
            for word in concept.words:
                if trigger := stems[word]:
                    check = _loose(word) if len(trigger) < len(re.findall(r"\w+", word)) else None
                    self._by_first.setdefault(trigger[0], []).append((trigger, compiled, check))
            for word in concept.words:
                if word.isalpha():
                    self._single.setdefault(word.lower(), compiled)
        for options in self._by_first.values():
            options.sort(key=lambda option: -len(option[0]))  # the longest trigger wins

    def __bool__(self) -> bool:
        return bool(self.concepts)

    def match(self, stems: list[str], used: list[bool], text: str = "") -> list[Match]:
        """Thesaurus words among `stems` (left to right, longest first), skipping `used` ones.

        A trigger with a short word that the analyzer drops ("working with") matches only when
        the query `text` has that word too."""
        found: list[Match] = []
        position = 0
        while position < len(stems):
            for trigger, concept, check in self._by_first.get(stems[position], ()):
                end = position + len(trigger)
                if tuple(stems[position:end]) != trigger or any(used[position:end]):
                    continue
                seen = check.search(text) if check else None
                if check is None or seen:
                    found.append(Match(position, end, concept, seen.group() if seen else None))
                    position = end
                    break
            else:
                position += 1
        return found

    def near(self, word: str, distance: Callable[[str, str, int], int]) -> Compiled | None:
        """The concept with a one-word trigger that `word` is probably a misspelling of."""
        if len(word) < 4 or word.isdigit():
            return None
        allowed = 1 if len(word) < 7 else 2
        best: tuple[int, str] | None = None
        for candidate in self._single:
            if abs(len(candidate) - len(word)) > allowed or candidate[0] != word[0]:
                continue
            d = distance(word, candidate, allowed)
            if d <= allowed and (best is None or (d, candidate) < best):
                best = (d, candidate)
        return self._single[best[1]] if best else None

    def closest(
        self, words: list[str], distance: Callable[[str, str, int], int], limit: int = 3
    ) -> list[Compiled]:
        """Concepts whose words or name are nearest to any of `words` (for "Did you mean")."""
        scored: dict[int, tuple[float, int]] = {}
        for n, compiled in enumerate(self.concepts):
            vocabulary = {
                w.lower()
                for phrase in (compiled.concept.name, *compiled.concept.words)
                for w in phrase.replace("-", " ").split()
                if len(w) >= 3
            }
            best = None
            for word in words:
                if len(word) < 3:
                    continue
                for candidate in vocabulary:
                    shorter, longer = sorted((word, candidate), key=len)
                    if (
                        len(shorter) >= 4
                        and len(longer) - len(shorter) <= 3
                        and longer.startswith(shorter)
                    ):
                        d = 0.5 + (len(longer) - len(shorter)) / 10
                    else:
                        allowed = 1 if len(word) < 5 else 2
                        d = distance(word, candidate, allowed)
                        if d > allowed:
                            continue
                    best = d if best is None else min(best, d)
            if best is not None:
                scored[n] = (best, n)
        ranked = sorted(scored.values())[:limit]
        return [self.concepts[n] for _, n in ranked]


def _loose(words: str) -> re.Pattern:
    """The words in order, each by its first four letters and any ending: "work* with*"."""
    parts = [re.escape(w[:4]) + r"\w*" for w in re.findall(r"\w+", words.lower())]
    return re.compile(r"(?<!\w)" + r"\W+".join(parts), re.IGNORECASE)


def drop_fillers(words: list[tuple]) -> list[tuple]:
    """The query's (word, stem, prefix, last) tuples without question words and pronouns,
    unless nothing else is left or the word is still being typed."""
    if all(w[0] in FILLER_WORDS for w in words):
        return words
    return [w for w in words if w[0] not in FILLER_WORDS or w[2] or w[3]]


def led_to(
    led: dict[Stems, str],
    highlighter: Callable[[frozenset[Stems]], re.Pattern | None],
    title: str,
    text: str,
) -> tuple[str, ...]:
    """For each of the person's words that the thesaurus led to text of this page, that text as
    the page writes it: ("masks → concealing their identity",)."""
    shown: dict[str, str] = {}
    for target, said in led.items():
        if said in shown:
            continue
        pattern = highlighter(frozenset({target}))
        found = pattern and (pattern.search(title) or pattern.search(text))
        if found:
            shown[said] = " ".join(found.group().split())
    return tuple(f"{said} → {where}" for said, where in shown.items())


def led_to_html(led: tuple[str, ...]) -> str:
    """The snippet's first line, in italics, when the thesaurus found the page."""
    if not led:
        return ""
    return f"<i>{html.escape('; '.join(led), quote=False)}</i> — "
