"""Findability: hit@1, hit@3 and MRR of search over queries written the way staff talk.

Usage: python bench/search_quality.py [--content DIR] [--queries FILE] [--all]
The queries and the page each should find first are data (bench/search_queries.toml), so the
unit tests hold the same figures. Prints the figures, then every miss (expected page not first)
with where it came and what came first; `--all` prints every query.
"""

from __future__ import annotations

import argparse
import os
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = Path(__file__).resolve().parent / "search_queries.toml"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from nsp_desktop.core.content import load_toolkit  # noqa: E402
from nsp_desktop.core.glossary import load_glossary  # noqa: E402
from nsp_desktop.core.search import SearchIndex  # noqa: E402


@dataclass(frozen=True)
class Case:
    text: str
    expect: str
    kind: str


@dataclass(frozen=True)
class Outcome:
    case: Case
    rank: int | None  # 1-based place of the expected page, None when not found
    found: tuple[str, ...]  # the page IDs returned, best first

    @property
    def reciprocal(self) -> float:
        return 1 / self.rank if self.rank else 0.0


@dataclass(frozen=True)
class Report:
    outcomes: tuple[Outcome, ...]

    def hit_at(self, k: int) -> float:
        return sum(1 for o in self.outcomes if o.rank and o.rank <= k) / len(self.outcomes)

    @property
    def mrr(self) -> float:
        return sum(o.reciprocal for o in self.outcomes) / len(self.outcomes)

    @property
    def misses(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.rank != 1]


def load_cases(path: Path = QUERIES) -> list[Case]:
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    return [Case(q["text"], q["expect"], q.get("kind", "")) for q in data["query"]]


def evaluate(index: SearchIndex, cases: list[Case], limit: int = 20) -> Report:
    outcomes = []
    for case in cases:
        found = tuple(hit.page_id for hit in index.search(case.text, limit=limit))
        rank = found.index(case.expect) + 1 if case.expect in found else None
        outcomes.append(Outcome(case, rank, found))
    return Report(tuple(outcomes))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--queries", type=Path, default=QUERIES)
    parser.add_argument("--all", action="store_true", help="print every query, not only misses")
    args = parser.parse_args()

    toolkit = load_toolkit(args.content)
    index = SearchIndex.build(toolkit, load_glossary(args.content))
    cases = load_cases(args.queries)
    unknown = {c.expect for c in cases} - {p.id for p in toolkit.pages()}
    if unknown:
        sys.exit(f"unknown page IDs in {args.queries}: {', '.join(sorted(unknown))}")
    report = evaluate(index, cases)
    print(
        f"{len(cases)} queries: hit@1 {report.hit_at(1):.1%}, hit@3 {report.hit_at(3):.1%}, "
        f"MRR {report.mrr:.3f} (targets: hit@1 >= 85%, hit@3 >= 95%)"
    )
    shown = report.outcomes if args.all else report.misses
    if shown:
        print("\nmisses (expected page not first):" if not args.all else "")
    for outcome in shown:
        place = f"#{outcome.rank}" if outcome.rank else "not found"
        first = ", ".join(outcome.found[:3]) or "nothing"
        print(f"  {place:>9}  {outcome.case.text!r} -> {outcome.case.expect}  (got: {first})")


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:  # `| head` has read enough: end quietly, as the CLI does
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(141)
