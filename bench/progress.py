"""How long /streak and /progress take: summarising two years of nights and drawing the picture.

Builds two years of history (a routine most nights at a drifting hour, some misses, a trip to
Tokyo and back, pain check-ins), warms up, then times `summarise` and `render_progress` on
their own. Prints p50/p99/max and PASS/FAIL against p99 <= 5 ms and p99 <= 300 ms; the exit
status is 1 on any FAIL.

    .venv/bin/python bench/progress.py [--summaries 200] [--pictures 50] [--seed 1] [--save PNG]
"""

from __future__ import annotations

import argparse
import platform
import random
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/progress.py`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.domain.nights import Completion, PainCheck, RestRequest, StreakSummary, summarise
from bot.telegram.views.progress_chart import PAIN_NIGHTS, ProgressPicture, render_progress

HOME = "Europe/London"
TRIP = "Asia/Tokyo"
SUMMARY_P99_LIMIT_MS = 5.0
PICTURE_P99_LIMIT_MS = 300.0
WARMUP_ROUNDS = 5
NIGHTS = 730


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile of already sorted samples."""
    index = min(len(samples) - 1, max(0, round(fraction * len(samples)) - 1))
    return samples[index]


def history(
    rng: random.Random, now: datetime
) -> tuple[list[Completion], list[RestRequest], list[PainCheck]]:
    """Two years of routines ending tonight: about 1 night in 12 missed, a fortnight away."""
    first = now - timedelta(days=NIGHTS)
    completions: list[Completion] = []
    rests: list[RestRequest] = []
    pain: list[PainCheck] = []
    for offset in range(NIGHTS):
        evening = first + timedelta(days=offset)
        zone = TRIP if 400 <= offset < 414 else HOME
        if rng.random() < 1 / 12:
            if rng.random() < 0.3:
                rests.append(RestRequest(evening.date()))
            continue
        moment = evening + timedelta(minutes=rng.randint(-90, 150))
        completions.append(Completion(moment, zone))
        if rng.random() < 0.7:
            before = rng.randint(3, 8)
            after = max(0, before - rng.randint(0, 3)) if rng.random() < 0.9 else None
            pain.append(PainCheck(evening.date(), before, after))
    return completions, rests, pain


def timed(call: Callable[[], object], runs: int) -> list[float]:
    """Milliseconds per call, sorted."""
    samples = []
    for _ in range(runs):
        before = time.perf_counter_ns()
        call()
        samples.append((time.perf_counter_ns() - before) / 1e6)
    return sorted(samples)


def report(name: str, samples: list[float], limit_ms: float) -> bool:
    p50, p99, worst = percentile(samples, 0.50), percentile(samples, 0.99), samples[-1]
    passed = p99 <= limit_ms
    figures = f"p50 {p50:.2f} ms   p99 {p99:.2f} ms   max {worst:.2f} ms"
    print(f"{name}: {len(samples)} runs   {figures}")
    print(f"{'PASS' if passed else 'FAIL'}: {name} p99 {p99:.2f} ms vs limit {limit_ms:.0f} ms")
    return passed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--summaries", type=int, default=200, help="timed summarise calls")
    parser.add_argument("--pictures", type=int, default=50, help="timed render calls")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--save", type=Path, help="write one rendered picture here")
    args = parser.parse_args(argv)

    now = datetime(2026, 3, 12, 21, 30, tzinfo=UTC)
    completions, rests, pain = history(random.Random(args.seed), now)

    def summary() -> StreakSummary:
        return summarise(completions, rests, now, HOME)

    def picture() -> bytes:
        # What the /progress handler does: summarise, then draw the recent part.
        result = summary()
        recent = [check for check in pain if (result.tonight - check.night).days < PAIN_NIGHTS]
        return render_progress(
            ProgressPicture(
                marks=result.marks,
                tonight=result.tonight,
                pain=recent,
                current=result.current,
                best=result.best,
                strength=result.strength,
                rest_tokens=result.rest_tokens,
            )
        )

    for _ in range(WARMUP_ROUNDS):
        summary()
    picture()
    result = summary()

    print(f"machine: {platform.machine()} {platform.system()}, Python {platform.python_version()}")
    print(
        f"history: {NIGHTS} nights, {len(completions)} routines, {len(rests)} rest requests, "
        f"{len(pain)} pain check-ins"
    )
    print(
        f"summary: streak {result.current}, best {result.best}, tokens {result.rest_tokens}, "
        f"strength {result.strength:.0%}, {len(result.marks)} nights marked"
    )
    passed = report("summarise", timed(summary, args.summaries), SUMMARY_P99_LIMIT_MS)
    passed &= report("render_progress", timed(picture, args.pictures), PICTURE_P99_LIMIT_MS)
    if args.save is not None:
        args.save.write_bytes(picture())
        print(f"picture: {args.save}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
