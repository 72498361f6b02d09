"""Full-text search over the toolkit (and notes): the only module that imports Whoosh.

The index lives in memory (Whoosh's RamStorage), so it has no lock file or half-written segment
to recover from. A copy of its files is kept in the cache folder, keyed by the content's hash and
the schema version, so later starts skip the build; a missing, stale or damaged copy is rebuilt.
Queries are parsed by query.py and here, not by Whoosh's parser, so that no input can raise: the text is cleaned,
split into words, "quoted phrases" and `prefix*` words, acronyms are expanded from the glossary,
staff words lead to the toolkit's through the thesaurus (expand.py), and an unknown word
is replaced by the nearest words of the toolkit (typo tolerance). rank.py orders pages.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import json
import logging
import re
import shutil
import tempfile
import weakref
from collections import Counter
from pathlib import Path
from typing import Any

import whoosh
from whoosh.analysis import Filter, StemmingAnalyzer
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import FileStorage, RamStorage
from whoosh.query import And, AndMaybe, Or, Phrase, Query, Term

from nsp_desktop.core.fileutil import atomic_write
from nsp_desktop.core.glossary import Glossary
from nsp_desktop.core.models import Page, Toolkit
from nsp_desktop.core.search import expand, rank
from nsp_desktop.core.search.query import (
    MAX_WORDS,
    OPERATORS,
    QUERY_PART,
    SECTION_IN_QUERY,
    TOKEN,
    TOKEN_PATTERN,
    Unit,
    clean_query,
)
from nsp_desktop.core.search.query import distance as _distance
from nsp_desktop.core.search.results import Hit
from nsp_desktop.core.search.results import snippet as _snippet

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
CACHE_KEY = f"schema-{SCHEMA_VERSION}/whoosh-{'.'.join(map(str, whoosh.__version__))}"
# Field boosts: a word in a title says more about a page than the same word in its text.
FIELDS = {"title": 5.0, "priority_title": 1.5, "items": 1.3, "body": 1.0, "notes": 1.0}
FUZZY_BOOST = 0.6
PREFIX_BOOST = 0.8
ENOUGH_FULL_MATCHES = 3


class _SectionFilter(Filter):
    """Indexes "287(g)" as "287g", the way people type it."""

    def __call__(self, tokens):
        for token in tokens:
            if "(" in token.text:
                token.text = token.text.replace("(", "").replace(")", "")
            yield token


def _analyzer():
    return StemmingAnalyzer(expression=TOKEN_PATTERN) | _SectionFilter()


def _schema() -> Schema:
    text = {"analyzer": _analyzer(), "phrase": True}
    return Schema(
        page_id=ID(stored=True, unique=True),
        kind=ID,
        priority_id=ID,
        preempted=ID,
        title=TEXT(**text),
        priority_title=TEXT(**text),
        items=TEXT(**text),
        body=TEXT(**text),
        notes=TEXT(**text),
    )


def _any(queries: list[Query], scale: float | None = None) -> Or:
    """An Or matched as a tree of unions: Whoosh's automatic choice for a small index clears a
    2,048-slot score array per matcher in Python, which costs more than the whole search."""
    query = Or(queries, scale=scale)
    query.matcher_type = Or.DEFAULT_MATCHER
    return query


class PrivateRamStorage(RamStorage):
    """Whoosh's in-memory storage with a scratch folder of its own. Whoosh names the scratch
    folder after the index (/tmp/MAIN.tmp), one folder for every process on the machine, and the
    first writer to finish deletes it under the others (seen: a self-test failing while a search
    ran in another process)."""

    def temp_storage(self, name: str | None = None) -> FileStorage:
        # One folder per storage, removed with it (or at exit): Whoosh destroys the writer's
        # scratch storage but never the per-document writer's, which left folders behind.
        if not hasattr(self, "_scratch"):
            self._scratch = tempfile.mkdtemp(prefix="nsp-desktop-search-")
            weakref.finalize(self, shutil.rmtree, self._scratch, ignore_errors=True)
        return FileStorage(tempfile.mkdtemp(dir=self._scratch)).create()


class SearchIndex:
    """An in-memory index of a toolkit; build it with `SearchIndex.build(toolkit, glossary)`."""

    def __init__(self, toolkit: Toolkit, glossary: Glossary | None = None):
        self.toolkit = toolkit
        self.glossary = glossary or Glossary()
        self._analyzer = _analyzer()
        self._index = PrivateRamStorage().create_index(_schema())
        self._docs: dict[str, dict[str, str]] = {}
        self._texts: dict[str, str] = {}  # page id -> the text snippets are cut from
        self._pages: dict[str, Page] = {}
        self._word_counts: Counter[str] = Counter()
        self._stem_of: dict[str, str] = {}
        self._known_words: dict[str, str | None] = {}  # word -> stem (None: a stop word)
        self._forms: dict[str, set[str]] = {}  # stem -> the words seen in the text
        self._words: list[str] = []  # every word seen, sorted, for prefixes
        self._concepts: list[tuple[tuple[str, ...], ...]] = []
        self._expander = expand.Expander(expand.Thesaurus(), self._stems_of)
        self._common: frozenset[str] = frozenset()  # stems in every priority title
        self._priority_stems: dict[str, set[str]] = {}
        self._searcher: Any = None  # a Whoosh searcher on the current index

    # Building ----------------------------------------------------------------------------------

    @classmethod
    def build(
        cls,
        toolkit: Toolkit,
        glossary: Glossary | None = None,
        notes: dict[str, str] | None = None,
    ) -> SearchIndex:
        """Index every page of `toolkit`, with the user's notes keyed by page ID."""
        index = cls(toolkit, glossary)
        notes = notes or {}
        writer = index._index.writer()
        for page in toolkit.pages():
            doc = index._document(page, notes.get(page.id, ""))
            writer.add_document(**doc)
        writer.commit()
        index._learn_words()
        return index

    def _document(self, page: Page, note: str) -> dict[str, str]:
        priority = self.toolkit.page(page.priority_id or "")
        items = "\n".join(item.text for item in page.items)
        body = page.body_text
        extra = [item.text for item in page.summary_items if item.text not in body]
        doc = {
            "page_id": page.id,
            "kind": page.kind,
            "priority_id": page.priority_id or (page.id if page.kind == "priority" else ""),
            "preempted": "yes" if page.preempted_friendly else "no",
            "title": page.title,
            "priority_title": priority.title if priority else "",
            "items": items,
            "body": body,
            "notes": note,
        }
        self._pages[page.id] = page
        self._docs[page.id] = doc
        self._texts[page.id] = "\n".join([body, *extra, note]).strip()
        return doc

    def _learn_words(self) -> None:
        """The vocabulary behind prefixes, typo correction and snippet highlighting."""
        counts: Counter[str] = Counter()
        for doc in self._docs.values():
            for field in ("title", "priority_title", "body", "items", "notes"):
                counts.update(m.lower() for m in TOKEN.findall(doc[field]))
        self._word_counts = counts
        self._stem_of = {}
        new = [w for w in counts if w not in self._known_words]
        # One pass over the new words; stop words stay in the stream (flagged) to keep alignment.
        tokens = self._analyzer(" ".join(new), removestops=False)
        for word, token in zip(new, tokens, strict=False):
            self._known_words[word] = None if token.stopped else token.text
        for word in counts:
            if (stem := self._known_words.get(word)) is not None:
                self._stem_of[word] = stem
        self._derive()

    def _derive(self) -> None:
        """Tables that follow from the vocabulary, and a searcher on the current index."""
        self._forms = {}
        self._patterns: dict[frozenset[tuple[str, ...]], re.Pattern | None] = {}
        for word, stem in self._stem_of.items():
            self._forms.setdefault(stem, set()).add(word)
        self._words = sorted(self._stem_of)
        self._concepts = [
            tuple(stems for form in entry.forms if (stems := self._stems(form)))
            for entry in self.glossary.entries
        ]
        self._expander = expand.Expander(self.glossary.thesaurus, self._stems_of)
        self._priority_stems = {p.id: set(self._stems(p.title)) for p in self.toolkit.priorities}
        self._common = rank.common_stems(self._priority_stems.values())
        if self._searcher is not None:
            self._searcher.close()
        self._searcher = self._index.searcher()

    def set_note(self, page_id: str, text: str) -> None:
        """Index (or replace) the user's note on a page, so that search finds it."""
        self.set_notes({page_id: text})

    def set_notes(self, notes: dict[str, str]) -> None:
        """Index many notes at once (one commit): after loading the index from the cache, say."""
        known = {page_id: text for page_id, text in notes.items() if page_id in self._pages}
        if not known:
            return
        writer = self._index.writer()
        for page_id, text in known.items():
            writer.update_document(**self._document(self._pages[page_id], text))
        writer.commit()
        self._learn_words()

    # A cache on disk ----------------------------------------------------------------------------

    @staticmethod
    def cache_path(cache_dir: Path, toolkit: Toolkit) -> Path:
        """The cache file for this edition of the content (glossary included) and this schema."""
        key = hashlib.sha256(f"{toolkit.content_hash}/{CACHE_KEY}".encode()).hexdigest()
        return Path(cache_dir) / f"search-{key[:20]}.json"

    def save(self, path: Path) -> None:
        """Keep the index and vocabulary for the next start (atomically; old editions removed)."""
        data = {
            "key": path.stem,
            "pages": sorted(self._pages),
            "files": {
                name: base64.b64encode(bytes(data)).decode("ascii")
                for name, data in self._index.storage.files.items()
            },
            "stem_of": self._stem_of,
            "word_counts": dict(self._word_counts),
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, json.dumps(data))
        for old in path.parent.glob("search-*.json"):
            if old != path:
                old.unlink(missing_ok=True)

    @classmethod
    def load(cls, path: Path, toolkit: Toolkit, glossary: Glossary | None = None):
        """The index kept at `path`, or None when it is missing, stale, unreadable or corrupt."""
        if not Path(path).exists():
            return None  # a first start, or a new edition: nothing worth a line in the log
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            if data["key"] != Path(path).stem or data["pages"] != sorted(
                p.id for p in toolkit.pages()
            ):
                return None
            index = cls(toolkit, glossary)
            storage = PrivateRamStorage()
            for name, encoded in data["files"].items():
                storage.files[name] = base64.b64decode(encoded, validate=True)
            index._index = storage.open_index()
            for page in toolkit.pages():
                index._document(page, "")
            index._word_counts = Counter(data["word_counts"])
            index._stem_of = dict(data["stem_of"])
            index._known_words = dict(index._stem_of)
            index._derive()
            probe = toolkit.policies[0] if toolkit.policies else toolkit.introduction
            if probe.id not in [
                h.page_id for h in index._search(probe.title, None, False, 20, False)
            ]:
                return None  # it opens but does not find what it holds: rebuild
            return index
        except Exception:  # any damage at all means the same thing: build it again
            log.info("search cache %s not usable; rebuilding", path, exc_info=True)
            return None

    @classmethod
    def load_or_build(
        cls, toolkit: Toolkit, glossary: Glossary | None = None, cache_dir: Path | None = None
    ) -> SearchIndex:
        """From the cache when it is good, else built (and cached, when the folder is writable)."""
        if cache_dir is None:
            return cls.build(toolkit, glossary)
        path = cls.cache_path(cache_dir, toolkit)
        index = cls.load(path, toolkit, glossary)
        if index is None:
            index = cls.build(toolkit, glossary)
            try:
                index.save(path)
            except OSError:
                log.info("search cache %s not written", path, exc_info=True)
        return index

    def _stems(self, text: str) -> tuple[str, ...]:
        return tuple(token.text for token in self._analyzer(text))

    def _stems_of(self, texts: list[str]) -> list[tuple[str, ...]]:
        """`_stems` of many short texts with one pass of the analyzer over their new words (a
        word's stem does not depend on its neighbours): the thesaurus costs the build ~1 ms."""
        split = [[w.lower() for w in TOKEN.findall(text)] for text in texts]
        new = list(dict.fromkeys(w for words in split for w in words if w not in self._known_words))
        tokens = self._analyzer(" ".join(new), removestops=False)
        for word, token in zip(new, tokens, strict=False):
            self._known_words[word] = None if token.stopped else token.text
        return [tuple(s for w in words if (s := self._known_words.get(w))) for words in split]

    # Query parsing -----------------------------------------------------------------------------

    def _units(self, query: str, as_you_type: bool) -> tuple[list[Unit], list[tuple[str, str]]]:
        """The query as units of meaning, and the (typed, corrected) word pairs for 'did you mean'."""
        query = SECTION_IN_QUERY.sub(r"\1\2", query)
        units: list[Unit] = []
        corrections: list[tuple[str, str]] = []
        words: list[tuple[str, str, bool, bool]] = []  # (word, stem, prefix, last)
        parts = list(QUERY_PART.finditer(query))
        for n, part in enumerate(parts):
            if part.group(1) is not None:  # a phrase, closed or not
                stems = self._stems(part.group(1))
                if stems:
                    units.append(Unit({stems: 1.0}))
                continue
            raw = part.group(2)
            if raw in OPERATORS:
                continue
            prefix = raw.endswith("*")
            last = n == len(parts) - 1 and as_you_type and not query.endswith(" ")
            for match in TOKEN.finditer(raw):
                stems = self._stems(match.group())
                word = match.group().lower()
                if stems:
                    words.extend((word, stem, prefix, last) for stem in stems)
                elif (prefix or last) and len(word) >= 2:
                    words.append((word, "", True, last))  # a stop word that may be a prefix
        words = expand.drop_fillers(words)[:MAX_WORDS]

        word_stems = [w[1] for w in words]
        used = [False] * len(words)
        for concept in self._concepts:  # acronyms and their spelled-out forms
            for form in concept:
                for start in range(len(word_stems) - len(form) + 1):
                    span = range(start, start + len(form))
                    if tuple(word_stems[start : start + len(form)]) == form and not any(
                        used[i] for i in span
                    ):
                        for i in span:
                            used[i] = True
                        units.append(Unit(dict.fromkeys(concept, 1.0)))
        for found in self._expander.match(word_stems, used, query):  # the thesaurus: staff words
            span = range(found.start, found.end)
            for i in span:
                used[i] = True
            said = found.said or " ".join(dict.fromkeys(words[i][0] for i in span))
            literal = tuple(word_stems[i] for i in span)
            own = {literal: 1.0} if all(s in self._forms for s in literal) else {}
            targets = dict.fromkeys(found.concept.targets, expand.EXPANSION_BOOST)
            units.append(Unit(own | targets, dict.fromkeys(targets, said)))
        for (word, stem, prefix, last), taken in zip(words, used, strict=True):
            if taken:
                continue
            alternatives: dict[tuple[str, ...], float] = {}
            if stem and stem in self._forms:
                alternatives[(stem,)] = 1.0
            if prefix or last:
                for completion in self._completions(word):
                    alternatives.setdefault((completion,), PREFIX_BOOST)
            if not alternatives and stem:
                fixes = self._corrections(word)
                for fix in fixes:
                    alternatives[(self._stem_of[fix],)] = FUZZY_BOOST
                if fixes:
                    corrections.append((word, fixes[0]))
            led = None
            if stem and stem not in self._forms and (near := self._expander.near(word, _distance)):
                led = dict.fromkeys(near.targets, word)  # a misspelt staff word: "balaclvas"
                boost = FUZZY_BOOST * expand.EXPANSION_BOOST
                alternatives |= {t: boost for t in near.targets if t not in alternatives}
            if alternatives:
                units.append(Unit(alternatives, led))
        return units, corrections

    def _completions(self, prefix: str, limit: int = 30) -> list[str]:
        start = bisect.bisect_left(self._words, prefix)
        found: set[str] = set()
        for word in self._words[start : start + 400]:
            if not word.startswith(prefix):
                break
            found.add(self._stem_of[word])
        return sorted(found, key=lambda s: -sum(self._word_counts[w] for w in self._forms[s]))[
            :limit
        ]

    def _corrections(self, word: str, limit: int = 3) -> list[str]:
        """Words of the toolkit a typo probably meant, nearest and most common first."""
        if len(word) < 4 or word.isdigit():
            return []
        allowed = 1 if len(word) < 7 else 2
        found = []
        for candidate in self._words:
            if abs(len(candidate) - len(word)) > allowed or candidate[0] != word[0]:
                continue
            distance = _distance(word, candidate, allowed)
            if distance <= allowed:
                found.append((distance, -self._word_counts[candidate], candidate))
        found.sort()
        best: list[str] = []
        for _, _, candidate in found:
            if self._stem_of[candidate] not in {self._stem_of[b] for b in best}:
                best.append(candidate)
        return best[:limit]

    def _query(self, units: list[Unit], all_units: bool, notes: bool = True) -> Query:
        fields = {f: w for f, w in FIELDS.items() if notes or f != "notes"}
        targets = {f: w for f, w in expand.TARGET_FIELDS.items() if f in fields}
        groups: list[Query] = []
        optional: list[Query] = []
        for unit in units:
            options = []
            for stems, boost in unit.alternatives.items():
                if all(s in self._common for s in stems):  # "police": in every priority title
                    boost *= rank.COMMON_WEIGHT
                # the toolkit's phrases a concept led to are looked for in the toolkit's text
                led = unit.led and stems in unit.led
                for field, weight in (targets if led else fields).items():
                    if len(stems) == 1:
                        options.append(Term(field, stems[0], boost=weight * boost))
                    else:
                        # slop 2: stop words ("Department of Homeland Security") leave gaps
                        options.append(Phrase(field, list(stems), slop=2, boost=weight * boost))
            common = all(all(s in self._common for s in a) for a in unit.alternatives)
            (optional if common else groups).append(_any(options))
        if all_units and groups and optional:  # a common word need not be there
            return AndMaybe(And(groups), _any(optional))
        groups += optional
        if all_units or len(groups) == 1:
            return And(groups)
        return _any(groups, scale=0.9)

    # Searching ---------------------------------------------------------------------------------

    def priority_ids(self) -> list[str]:
        return [p.id for p in self.toolkit.priorities]

    def search(
        self,
        query: str,
        priority: str | None = None,
        preempted_only: bool = False,
        limit: int = 20,
        as_you_type: bool = False,
        include_notes: bool = True,
    ) -> list[Hit]:
        """Ranked hits for any text: pages with every word first, then pages with some.

        `as_you_type` treats the last word as unfinished (a prefix); `include_notes` searches the
        user's notes too. An unknown `priority` ID is a caller's mistake and raises ValueError; no
        query text raises (any other error is a bug, for the caller's boundary to catch and log).
        """
        if priority is not None and priority not in self.priority_ids():
            raise ValueError(f"unknown priority {priority!r}")
        return self._search(
            clean_query(query), priority, preempted_only, limit, as_you_type, include_notes
        )

    def _search(
        self,
        query: str,
        priority: str | None,
        preempted_only: bool,
        limit: int,
        as_you_type: bool,
        include_notes: bool = True,
    ) -> list[Hit]:
        units, _ = self._units(query, as_you_type)
        if not units or limit <= 0:
            return []
        conditions = []
        if priority:
            conditions.append(Term("priority_id", priority))
        if preempted_only:
            conditions.append(Term("preempted", "yes"))
        restrict = And(conditions) if conditions else None
        found: dict[str, float] = {}
        tiers: list[list[str]] = []  # pages with every word, then pages with some
        for all_units in (True, False) if len(units) > 1 else (True,):
            results = self._searcher.search(
                self._query(units, all_units, include_notes), limit=limit, filter=restrict
            )
            tiers.append([])
            for result in results:
                if result["page_id"] not in found:
                    found[result["page_id"]] = result.score
                    tiers[-1].append(result["page_id"])
            if len(found) >= min(limit, ENOUGH_FULL_MATCHES):
                break  # pages with every word are enough; pages with some would be noise
        named = rank.named_priorities(set(self._stems(query)), self._priority_stems, self._common)
        ranked = rank.order(tiers, self._pages, named)[:limit]
        pattern = self._highlighter(frozenset(a for unit in units for a in unit.alternatives))
        led = {t: said for unit in units for t, said in (unit.led or {}).items()}
        return [self._hit(page_id, found[page_id], pattern, led) for page_id in ranked]

    def suggest(self, query: str) -> str | None:
        """The query with unknown words replaced by the nearest toolkit words, or None."""
        query = clean_query(query)
        _, corrections = self._units(query, as_you_type=False)
        if not corrections:
            return None
        fixed = query
        for word, fix in corrections:
            fixed = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", fix, fixed, flags=re.IGNORECASE)
        return fixed if fixed.lower() != query.lower() else None

    def closest_concepts(self, query: str, limit: int = 3) -> list[expand.ConceptHint]:
        """For a query that found nothing: the thesaurus concepts nearest its words ("Did you
        mean: concealing identity?"), each with the policies it leads to. No query text raises."""
        words = [m.group().lower() for m in TOKEN.finditer(clean_query(query))]
        hints = []
        for compiled in self._expander.closest(words[:MAX_WORDS], _distance, limit):
            unit = Unit(dict.fromkeys(compiled.targets, 1.0))
            found = self._searcher.search(self._query([unit], True, notes=False), limit=10)
            policies = [self._pages[r["page_id"]] for r in found]
            hints.append(
                expand.ConceptHint(
                    compiled.concept.name,
                    tuple((p.id, p.title) for p in policies if p.kind == "policy"),
                )
            )
        return hints

    # Results -----------------------------------------------------------------------------------

    def _highlighter(self, alternatives: frozenset[tuple[str, ...]]) -> re.Pattern | None:
        """A pattern for the words (and phrases, word by word) that the query matched; kept until
        the vocabulary changes (a note adds words), since the pattern lists every word form."""
        if alternatives not in self._patterns:
            if len(self._patterns) >= 256:
                self._patterns.clear()
            self._patterns[alternatives] = self._make_highlighter(alternatives)
        return self._patterns[alternatives]

    def _make_highlighter(self, alternatives: frozenset[tuple[str, ...]]) -> re.Pattern | None:
        patterns = []
        for stems in alternatives:
            words = []
            for stem in stems:
                forms = sorted(self._forms.get(stem, ()), key=len, reverse=True)
                words.append("|".join(re.escape(f) for f in forms))
            if all(words):
                # between the words of a phrase: spaces, punctuation and maybe a stop word
                patterns.append(r"\W+(?:\w+\W+)?".join(f"(?:{w})" for w in words))
        if not patterns:
            return None
        patterns.sort(key=len, reverse=True)  # the longest alternative wins where they overlap
        return re.compile(rf"(?<!\w)(?:{'|'.join(patterns)})(?!\w)", re.IGNORECASE)

    def _hit(
        self, page_id: str, score: float, pattern: re.Pattern | None, led: dict | None = None
    ) -> Hit:
        page = self._pages[page_id]
        text = self._texts[page_id]
        spans = [m.span() for m in pattern.finditer(text)] if pattern else []
        terms = {m.group().lower() for m in pattern.finditer(page.title)} if pattern else set()
        terms.update(text[a:b].lower() for a, b in spans)
        led_to = expand.led_to(led or {}, self._highlighter, page.title, text)
        snippet = _snippet(text, spans)
        return Hit(
            page_id=page.id,
            kind=page.kind,
            title=page.title,
            priority_id=page.priority_id or (page.id if page.kind == "priority" else None),
            preempted=page.preempted_friendly,
            score=score,
            snippet_html=expand.led_to_html(led_to) + snippet,
            terms=tuple(sorted(terms)),
            led_to=led_to,
        )
