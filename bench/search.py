"""Search figures: index build time, query latency with snippets, and search ready after paint.

Usage: python bench/search.py [--rounds N] [--starts N] [--scale N]
- build: median time to build the in-memory index, on the toolkit and on a generated toolkit
  `--scale` times larger (pages copied with new IDs and varied text, in memory).
- query: p50/p95 of `search()` (with snippets and highlighting) over staff-like queries, acronyms,
  typos, phrases, filters, and every prefix of them as typed. Caches are cleared before each.
- ready: the app is started `--starts` times with its index cached and as many times on a new data
  folder (PYTHONDONTWRITEBYTECODE unset, as an installed app has cached bytecode); it prints how
  long after its first paint the search index was usable.
"""

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import PYTHON, ROOT, bench_env, median, percentile

sys.path.insert(0, str(ROOT))

from nsp_desktop.core.content import load_toolkit  # noqa: E402
from nsp_desktop.core.glossary import load_glossary  # noqa: E402
from nsp_desktop.core.models import Checklist, Toolkit  # noqa: E402
from nsp_desktop.core.search import SearchIndex  # noqa: E402

CONTENT = ROOT / "content"
QUERIES = [
    "license plate cameras",
    "jail beds",
    "masks badge",
    "school records",
    "detainer requests",
    "sanctuary",
    "sanctuery",
    "detension contracts",
    "287g",
    "287(g) agreements",
    "ALPR",
    "JTTF",
    "department of homeland security",
    "FBI",
    "ICE facilities",
    '"detention beds"',
    "surveil*",
    "traffic stops",
    "zoning permitting violations",
    "bus companies contractors",
    "parking lots garages parks",
    "student data judicial warrant",
    "law enforcement identify themselves",
    "fire safety inspections",
    "intergovernmental service agreements",
]
FILTERED = [("detention", "no-public-space", False), ("enforcement", None, True)]


def scaled_toolkit(toolkit: Toolkit, scale: int, seed: int = 7) -> Toolkit:
    """`scale` copies of every policy, with new IDs and varied words and sentence order."""
    rng = random.Random(seed)
    words = sorted({w for p in toolkit.policies for w in p.body_text.split() if w.isalpha()})
    places = [
        f"{rng.choice(['North', 'South', 'East', 'West', 'Lake', 'Port'])}{n}" for n in range(500)
    ]

    def vary(text: str) -> str:
        sentences = text.split(". ")
        rng.shuffle(sentences)
        out = []
        for word in ". ".join(sentences).split(" "):
            roll = rng.random()
            out.append(
                rng.choice(words) if roll < 0.08 else rng.choice(places) if roll < 0.1 else word
            )
        return " ".join(out)

    policies = []
    for n in range(scale):
        for policy in toolkit.policies:
            blocks = []
            for block in policy.blocks:
                if isinstance(block, Checklist):
                    items = tuple(
                        item._replace(
                            id=f"{item.id}-{n}",
                            parent_id=f"{item.parent_id}-{n}" if item.parent_id else None,
                            markdown=vary(item.markdown),
                        )
                        for item in block.items
                    )
                    blocks.append(Checklist(items))
                else:
                    blocks.append(vary(block))
            summary = tuple(
                i._replace(id=f"{i.id}-{n}", markdown=vary(i.markdown))
                for i in policy.summary_items
            )
            policies.append(
                policy._replace(
                    id=f"{policy.id}-{n}",
                    title=f"{policy.title} ({rng.choice(places)})" if n else policy.title,
                    blocks=tuple(blocks),
                    summary_items=summary,
                )
            )
    t = toolkit
    return Toolkit(
        t.title,
        t.subtitle,
        t.edition,
        t.version,
        t.publisher,
        t.preempted_legend,
        t.introduction,
        t.priorities,
        tuple(policies),
        t.root,
    )


def timed(function, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return (time.perf_counter() - start) * 1000, result


def query_times(index: SearchIndex, rounds: int) -> tuple[list[float], list[float]]:
    """(whole queries, every prefix as typed) in ms, caches cleared before each search."""
    whole, typed = [], []
    for _ in range(rounds):
        for query in QUERIES:
            index._patterns.clear()  # the highlight patterns: each search pays for its own
            whole.append(timed(index.search, query)[0])
        for query, priority, check in FILTERED:
            index._patterns.clear()  # the highlight patterns: each search pays for its own
            whole.append(timed(index.search, query, priority, check)[0])
    for query in QUERIES:
        for end in range(1, len(query) + 1):
            index._patterns.clear()  # the highlight patterns: each search pays for its own
            typed.append(timed(index.search, query[:end], as_you_type=True)[0])
    return whole, typed


def report_queries(name: str, index: SearchIndex, rounds: int, target: float) -> float:
    whole, typed = query_times(index, rounds)
    p95 = percentile(whole, 0.95)
    print(
        f"{name}: query p50 {median(whole):.1f} ms, p95 {p95:.1f} ms "
        f"(target <= {target:.0f} ms, ratio {p95 / target:.2f}; {len(whole)} searches)"
    )
    print(
        f"{name}: as you type p50 {median(typed):.1f} ms, p95 {percentile(typed, 0.95):.1f} ms "
        f"({len(typed)} prefixes)"
    )
    return p95


def _ready_once(data: str) -> float:
    command = [PYTHON, "-m", "nsp_desktop", "--data-dir", data, "--exit-when-search-ready"]
    out = subprocess.run(
        command, capture_output=True, text=True, env=bench_env(), cwd=ROOT, timeout=60
    ).stdout
    line = next((x for x in out.splitlines() if x.startswith("search-ready")), None)
    if line is None:
        raise RuntimeError(f"the app did not report search ready: {out!r}")
    return float(line.split()[1])


def ready_after_paint(starts: int) -> tuple[list[float], list[float]]:
    """(with the index cached from an earlier start, first start with a new data folder)."""
    cached, fresh = [], []
    with tempfile.TemporaryDirectory() as data:
        _ready_once(data)  # warm-up: compiles bytecode, fills the caches
        for _ in range(starts):
            cached.append(_ready_once(data))
            with tempfile.TemporaryDirectory() as new_data:
                fresh.append(_ready_once(new_data))
    return cached, fresh


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5, help="query rounds per toolkit")
    parser.add_argument("--starts", type=int, default=10, help="app starts for 'ready'")
    parser.add_argument("--scale", type=int, default=100)
    args = parser.parse_args()

    toolkit = load_toolkit(CONTENT)
    glossary = load_glossary(CONTENT)
    builds = [timed(SearchIndex.build, toolkit, glossary)[0] for _ in range(5)]
    index = SearchIndex.build(toolkit, glossary)
    with tempfile.TemporaryDirectory() as cache:
        SearchIndex.load_or_build(toolkit, glossary, Path(cache))
        loads = [
            timed(SearchIndex.load_or_build, toolkit, glossary, Path(cache))[0] for _ in range(5)
        ]
    print(
        f"toolkit: {len(toolkit.pages())} pages; build median {median(builds):.0f} ms, "
        f"load from cache median {median(loads):.0f} ms"
    )
    report_queries("toolkit", index, args.rounds, 15)

    big = scaled_toolkit(toolkit, args.scale)
    build_ms, big_index = timed(SearchIndex.build, big, glossary)
    print(
        f"{args.scale}x: {len(big.policies)} policies, {len(big.pages())} pages; "
        f"build {build_ms / 1000:.1f} s"
    )
    report_queries(f"{args.scale}x", big_index, max(1, args.rounds // 2), 60)

    cached, fresh = ready_after_paint(args.starts)
    for label, figures in (("index cached", cached), ("first start, index built", fresh)):
        p50 = median(figures)
        print(
            f"search ready after first paint ({label}): median {p50:.0f} ms, "
            f"p95 {percentile(figures, 0.95):.0f} ms "
            f"(target <= 300 ms, ratio {p50 / 300:.2f}; {len(figures)} starts)"
        )


if __name__ == "__main__":
    main()
