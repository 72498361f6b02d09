"""Orders search results so that the policy answering the question comes first (no Whoosh here).

Three rules, none about a particular query: a word in every priority title ("police", "secret")
says little about a page; a policy comes before its own priority page unless the query names
the priority (then the priority comes first); the introduction, which touches every topic, is first only when nothing that
matched as well is there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from nsp_desktop.core.models import Page

# The weight of a word that is in every priority title, against 1 for any other word.
COMMON_WEIGHT = 0.15


def common_stems(title_stems: Iterable[set[str]]) -> frozenset[str]:
    """The stems every priority title shares (with fewer than two priorities, none)."""
    titles = list(title_stems)
    if len(titles) < 2:
        return frozenset()
    return frozenset(set.intersection(*titles))


def named_priorities(
    query_stems: set[str], title_stems: Mapping[str, set[str]], common: frozenset[str]
) -> set[str]:
    """The priorities the query names: it has every word that sets the title apart from the
    others and at least one more of the title's ("no data", not "camera data"), and the title's
    words are at least half of the query's."""
    named = set()
    for priority_id, stems in title_stems.items():
        distinct, shared = stems - common, len(stems & query_stems)
        if distinct <= query_stems and shared > len(distinct) and 2 * shared >= len(query_stems):
            named.add(priority_id)
    return named


def order(tiers: Iterable[list[str]], pages: Mapping[str, Page], named: set[str]) -> list[str]:
    """Page IDs best first: tier by tier (pages with every word, then some), each tier's own
    ranking adjusted by the policy-before-priority and introduction rules."""
    ranked: list[str] = []
    for tier in tiers:
        tier = list(tier)
        for page_id in [p for p in tier if pages[p].kind == "priority"]:
            here = tier.index(page_id)
            own = [i for i, p in enumerate(tier) if pages[p].priority_id == page_id]
            if page_id not in named and own and own[0] > here:  # just after its first policy
                tier.insert(own[0], tier.pop(here))
            elif page_id in named and own and own[0] < here:  # just before its first policy
                tier.insert(own[0], tier.pop(here))
        if len(tier) > 1 and pages[tier[0]].kind == "introduction":
            tier.insert(1, tier.pop(0))
        ranked.extend(tier)
    return ranked
