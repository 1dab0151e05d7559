"""What six languages cost: lookup time per language, and start-up time and memory with
every translation loaded against English alone.

Lookups: every query of `tests/data/stretch_queries.csv` and of each language's table
(`stretch_queries_<language>.csv`), against one matcher built with every language, timed one
at a time in random order after a warm-up; p50/p99 per language, PASS when every p99 is at
most 1 ms. Start-up: loading the catalogue and building the matcher, in a fresh interpreter
for each case (English only is the catalogue with its translations/ folder left out), the
median of a few runs, with the memory that allocated (tracemalloc); target at most 1.3x.
The place table is timed the same way; it serves every language alike.

    .venv/bin/python bench/languages.py [--repeat 100] [--runs 3]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/languages.py`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.content.loader import DEFAULT_CONTENT_DIR, load_catalogue
from bot.domain.matching import StretchMatcher

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
P99_LIMIT_US = 1000.0
RATIO_TARGET = 1.3

# Run in a fresh interpreter: what loading costs once the modules are imported (the imports
# are the same either way), in seconds and the bytes still held after it.
_MEASURE = """
import json, sys, time, tracemalloc
from pathlib import Path
sys.path.insert(0, {root!r})
from bot.content.loader import load_catalogue, load_places
from bot.domain.matching import StretchMatcher
tracemalloc.start()
started = time.perf_counter()
if {what!r} == "catalogue":
    kept = StretchMatcher(load_catalogue(Path({content!r})))
else:
    kept = load_places(Path({content!r}))
took = time.perf_counter() - started
print(json.dumps([took, tracemalloc.get_traced_memory()[0]]))
"""


def percentile(samples: list[float], fraction: float) -> float:
    index = min(len(samples) - 1, max(0, round(fraction * len(samples)) - 1))
    return samples[index]


def _queries(language: str) -> list[str]:
    name = "stretch_queries.csv" if language == "en" else f"stretch_queries_{language}.csv"
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return [row["query"] for row in csv.DictReader(handle)]


def lookups(repeat: int, seed: int) -> bool:
    catalogue = load_catalogue()
    matcher = StretchMatcher(catalogue)
    passed = True
    for language in catalogue.languages:
        queries = _queries(language)
        for query in queries * 3:
            matcher.lookup(query)
        order = queries * repeat
        random.Random(seed).shuffle(order)
        samples: list[float] = []
        for query in order:
            before = time.perf_counter_ns()
            matcher.lookup(query)
            samples.append((time.perf_counter_ns() - before) / 1000)
        samples.sort()
        p50, p99 = percentile(samples, 0.5), percentile(samples, 0.99)
        passed = passed and p99 <= P99_LIMIT_US
        print(f"lookup {language:8} {len(queries):4} queries  p50 {p50:6.1f}  p99 {p99:6.1f} us")
    return passed


def _startup(what: str, content: Path, runs: int) -> tuple[float, float]:
    code = _MEASURE.format(root=str(ROOT), what=what, content=str(content))
    seconds, sizes = [], []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
        took, size = json.loads(out)
        seconds.append(took)
        sizes.append(size)
    return statistics.median(seconds), statistics.median(sizes)


def startup(runs: int) -> bool:
    with tempfile.TemporaryDirectory() as folder:
        english = Path(folder) / "content"
        shutil.copytree(DEFAULT_CONTENT_DIR, english)
        shutil.rmtree(english / "translations")
        alone = _startup("catalogue", english, runs)
        every = _startup("catalogue", DEFAULT_CONTENT_DIR, runs)
        places = _startup("places", DEFAULT_CONTENT_DIR, runs)
    time_ratio, memory_ratio = every[0] / alone[0], every[1] / alone[1]
    print(f"start-up, English only:   {alone[0] * 1000:6.0f} ms  {alone[1] / 1e6:6.1f} MB")
    print(f"start-up, six languages:  {every[0] * 1000:6.0f} ms  {every[1] / 1e6:6.1f} MB")
    print(f"ratio: time {time_ratio:.2f}x, memory {memory_ratio:.2f}x (target <= {RATIO_TARGET}x)")
    print(f"place table (every language): {places[0] * 1000:.0f} ms, {places[1] / 1e6:.1f} MB")
    return time_ratio <= RATIO_TARGET and memory_ratio <= RATIO_TARGET


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=100, help="timed calls per query")
    parser.add_argument("--runs", type=int, default=3, help="start-ups measured per case")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    fast = lookups(args.repeat, args.seed)
    light = startup(args.runs)
    print(f"{'PASS' if fast and light else 'FAIL'}")
    return 0 if fast and light else 1


if __name__ == "__main__":
    sys.exit(main())
