"""How long one stretch lookup takes: the bot answers every message with one.

Loads the real catalogue and every query in `tests/data/stretch_queries.csv` (names,
descriptions searched with FTS5, topics, conditions, chatter), warms up, then times each
lookup on its own, many times over, in random order so no query benefits from the one
before. Prints p50/p99/max in microseconds, the p99 of the description rows alone, and
PASS/FAIL against p99 <= 1 ms; the exit status is 1 on FAIL.

    .venv/bin/python bench/lookup.py [--repeat 200] [--seed 1]
"""

from __future__ import annotations

import argparse
import csv
import platform
import random
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/lookup.py`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.content.loader import load_catalogue
from bot.domain.matching import StretchMatcher

TABLE = Path(__file__).resolve().parents[1] / "tests" / "data" / "stretch_queries.csv"
P99_LIMIT_US = 1000.0
WARMUP_ROUNDS = 3


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile of already sorted samples."""
    index = min(len(samples) - 1, max(0, round(fraction * len(samples)) - 1))
    return samples[index]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200, help="timed calls per query")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    with TABLE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    queries = [row["query"] for row in rows]
    described = {row["query"] for row in rows if row["style"] == "description"}
    catalogue = load_catalogue()
    started = time.perf_counter_ns()
    matcher = StretchMatcher(catalogue)
    build_us = (time.perf_counter_ns() - started) / 1000

    for _ in range(WARMUP_ROUNDS):
        for query in queries:
            matcher.lookup(query)

    order = queries * args.repeat
    random.Random(args.seed).shuffle(order)
    samples: list[float] = []
    per_query: dict[str, list[float]] = {query: [] for query in queries}
    clock = time.perf_counter_ns
    for query in order:
        before = clock()
        matcher.lookup(query)
        elapsed = (clock() - before) / 1000
        samples.append(elapsed)
        per_query[query].append(elapsed)
    samples.sort()

    p50, p99, worst = percentile(samples, 0.50), percentile(samples, 0.99), samples[-1]
    slowest = max(per_query, key=lambda q: statistics.median(per_query[q]))
    print(f"machine: {platform.machine()} {platform.system()}, Python {platform.python_version()}")
    print(f"catalogue: {len(catalogue.exercises)} exercises; matcher built in {build_us:.0f} us")
    print(f"lookups: {len(queries)} queries x {args.repeat} = {len(samples)} timed calls")
    print(f"p50 {p50:.1f} us   p99 {p99:.1f} us   max {worst:.1f} us")
    descriptions = sorted(t for q in described for t in per_query[q])
    described_p99 = percentile(descriptions, 0.99)
    print(f"descriptions alone ({len(described)} queries): p99 {described_p99:.1f} us")
    print(f"slowest query by median: {slowest!r} ({statistics.median(per_query[slowest]):.1f} us)")
    passed = p99 <= P99_LIMIT_US
    print(f"{'PASS' if passed else 'FAIL'}: p99 {p99:.1f} us vs limit {P99_LIMIT_US:.0f} us")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
