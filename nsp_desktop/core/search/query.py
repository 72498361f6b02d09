"""Reading what a person typed: cleaning it, its words and phrases, and how far apart two words are
(for typos). Nothing here imports Whoosh; no text can make it raise."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_QUERY_CHARS = 200
MAX_WORDS = 12
# A section of a statute, "287(g)", is one word; so are "287g" and "287 g" in a query.
_SECTION = r"\d+\(\w\)"
TOKEN_PATTERN = rf"{_SECTION}|\w+(?:\.?\w+)*"
TOKEN = re.compile(TOKEN_PATTERN)
SECTION_IN_QUERY = re.compile(r"\b(\d+)\s*\(?\s*([a-z])\s*\)?(?!\w)", re.IGNORECASE)
QUERY_PART = re.compile(r'"([^"]*)"?|([^\s"]+)')
OPERATORS = {"AND", "OR", "NOT", "&&", "||"}


@dataclass
class Unit:
    """One thing the query asks for: alternatives, each a tuple of stems (a word or a phrase)."""

    alternatives: dict[tuple[str, ...], float]  # stems -> boost
    led: dict[tuple[str, ...], str] | None = None  # thesaurus phrase -> the person's words


def clean_query(text: str) -> str:
    """The query with control characters gone, whitespace collapsed and the length capped."""
    text = "".join(
        " " if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c
        for c in str(text)[: MAX_QUERY_CHARS * 4]
    )
    return " ".join(text.split())[:MAX_QUERY_CHARS]


def distance(a: str, b: str, limit: int) -> int:
    """Edit distance with adjacent swaps, giving up (limit + 1) once it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], previous2[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
        previous2, previous = previous, row
    return previous[-1]
