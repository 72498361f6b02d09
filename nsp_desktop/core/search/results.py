"""What a search returns: a hit, and the snippet cut from a page around its matches."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

SNIPPET_CHARS = 200


@dataclass(frozen=True)
class Hit:
    """One search result; `terms` are the words it matched, for highlighting them in the page."""

    page_id: str
    kind: str
    title: str
    priority_id: str | None
    preempted: bool
    score: float
    snippet_html: str
    terms: tuple[str, ...]
    led_to: tuple[str, ...] = ()  # "masks → concealing their identity": where the thesaurus led

    @property
    def policy_id(self) -> str | None:
        return self.page_id if self.kind == "policy" else None

    @property
    def snippet(self) -> str:
        """The snippet as plain text."""
        return html.unescape(re.sub(r"<[^>]+>", "", self.snippet_html))

    def to_json(self) -> dict:
        return {
            "policy_id": self.policy_id,
            "page_id": self.page_id,
            "kind": self.kind,
            "title": self.title,
            "priority_id": self.priority_id,
            "preempted_friendly": self.preempted,
            "score": round(self.score, 4),
            "snippet": self.snippet,
            "terms": list(self.terms),
            "led_to": list(self.led_to),
        }


def snippet(text: str, spans: list[tuple[int, int]]) -> str:
    """About SNIPPET_CHARS of `text` around the most matches, the matched words in <b>."""
    if not text:
        return ""
    start = 0
    sentence_start = True
    if spans:
        best, best_count = 0, -1
        for i, (a, _) in enumerate(spans):
            inside = {text[s:e].lower() for s, e in spans[i:] if e <= a + SNIPPET_CHARS - 40}
            if len(inside) > best_count:
                best, best_count = i, len(inside)
        anchor = spans[best][0]
        boundary = max(
            (
                i + len(sep)
                for sep in (". ", "\n", "? ", "! ")
                if (i := text.rfind(sep, 0, anchor)) >= 0
            ),
            default=0,
        )
        if anchor - boundary <= 60:
            start = boundary  # the whole sentence, when its start is near
        else:
            space = text.find(" ", anchor - 40, anchor)
            start = space + 1 if space >= 0 else anchor
            sentence_start = False
    end = min(len(text), start + SNIPPET_CHARS)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    parts = ["" if sentence_start else "…"]
    position = start
    for a, b in spans:
        if a < start or b > end:
            continue
        parts.append(html.escape(text[position:a], quote=False))
        parts.append(f"<b>{html.escape(text[a:b], quote=False)}</b>")
        position = b
    parts.append(html.escape(text[position:end], quote=False))
    parts.append("…" if end < len(text) else "")
    return "".join(parts).replace("\n", " ")
