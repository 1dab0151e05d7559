"""How long the stretch pictures take, how big they are, and how often a routine changes them.

For every position of every exercise: the time to draw it (cold: nothing cached), to read it
back from the disk cache (a restarted bot), and to hand it out from memory (every later card),
and the PNG's size. Then, for each routine at the standard pace, how many times the guided
card's picture changes and the most changes in any minute: each change is one editMessageMedia
on the card, made at a phase boundary where the card is edited anyway.

Then the real thing: the production bot, polling the stand-in with Telegram's per-chat flood
control, runs Bedtime hands-free for --people people one after another (time scaled by
--scale), and counts the Bot API calls per routine-minute by method, and the uploads: each
distinct picture must go up once (then it goes by file_id), and the calls must stay within
the bedside budget of the chat routine without pictures (BEDSIDE_CALLS_PER_MINUTE).

Prints p50/max and PASS/FAIL against cold p99 <= 300 ms, memory p99 <= 1 ms, every PNG
<= 80 kB, at most 6 picture changes in any minute, uploads once per picture and calls per
routine-minute within budget; the exit status is 1 on any FAIL.

    .venv/bin/python bench/pictures.py [--rounds 3] [--verbose] [--people 3] [--scale 20]
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/pictures.py`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import fresh_database, migrated_template, new_standin, quiet_logging, real_bot
from bot.content.loader import load_catalogue
from bot.domain.catalogue import Catalogue
from bot.domain.pacing import Pace, TempoName, plan_exercise
from bot.pictures.library import Pictures

COLD_P99_LIMIT_MS = 300.0
MEMORY_P99_LIMIT_MS = 1.0
MAX_PNG_BYTES = 80_000
MAX_CHANGES_PER_MINUTE = 6
# Bot API calls per routine-minute of hands-free Bedtime in words alone (bench/timers.py
# part B, before pictures): a picture may change how a card is sent, not how often.
BEDSIDE_CALLS_PER_MINUTE = 5.0
SUMMARY_MARK = "done. 🌙"


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))
    return ordered[index]


def timed_ms(pictures: Pictures, exercise_id: str, position: str) -> float:
    """Milliseconds for one `picture_for` on an already built library."""
    start = time.perf_counter()
    pictures.picture_for(exercise_id, position)
    return (time.perf_counter() - start) * 1000


def measure(catalogue: Catalogue, rounds: int, verbose: bool) -> dict[str, list[float]]:
    """Cold, disk and memory times (ms) and sizes (bytes) over every position."""
    positions = [(e, key) for e, poses in catalogue.poses.items() for key in poses.positions]
    figures: dict[str, list[float]] = {"cold": [], "disk": [], "memory": [], "bytes": []}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        # Libraries are built before the clock starts: building one hashes every pose (once
        # per process in the bot), which is not what a card waits for.
        fresh = [Pictures(catalogue, None) for _ in range(rounds)]
        on_disk = [Pictures(catalogue, folder) for _ in range(rounds + 1)]
        warm = Pictures(catalogue, None)
        for exercise_id, position in positions:
            cold = min(timed_ms(p, exercise_id, position) for p in fresh)
            on_disk[0].picture_for(exercise_id, position)
            disk = min(timed_ms(p, exercise_id, position) for p in on_disk[1:])
            picture = warm.picture_for(exercise_id, position)
            memory = min(timed_ms(warm, exercise_id, position) for _ in range(rounds))
            for key, value in zip(figures, (cold, disk, memory, len(picture.data)), strict=True):
                figures[key].append(value)
            if verbose:
                print(
                    f"  {exercise_id + ' · ' + position:42s} cold {cold:6.1f} ms  disk "
                    f"{disk:5.2f} ms  memory {memory * 1000:5.1f} µs  {len(picture.data):6d} B"
                )
    return figures


def picture_changes(catalogue: Catalogue, routine_id: str) -> tuple[int, int, float, int]:
    """(changes, distinct pictures, minutes, most changes in any 60 s) for a guided routine."""
    pictures = Pictures(catalogue, None)
    tempo = TempoName.STANDARD.tempo
    moments: list[float] = []
    shown: list[str] = []
    clock = 0.0
    for exercise in catalogue.routine_exercises(catalogue.routines[routine_id]):
        for phase in plan_exercise(exercise, Pace.STANDARD, tempo):
            key = pictures.key_for(exercise.id, pictures.position_for(exercise.id, phase))
            if not shown or shown[-1] != key:
                shown.append(key)
                moments.append(clock)
            clock += phase.seconds
    changes = len(shown) - 1  # the first picture comes with the card itself
    busiest = max(sum(1 for m in moments[1:] if start <= m < start + 60) for start in moments)
    return changes, len(set(shown)), clock / 60, busiest


async def routine_calls(people: int, scale: float, database: Path) -> tuple[Counter[str], float]:
    """(calls by method, routine minutes) for hands-free Bedtime, one person after another,
    through the real bot and the stand-in; the stand-in's uploads are counted too."""
    async with new_standin() as standin, real_bot(standin, database, time_scale=scale):
        standin.set_flood_control(per_chat_per_second=scale, per_chat_burst=3)
        minutes = 0.0
        for index in range(people):
            person = standin.new_user(first_name=f"Night{index}")
            began = time.monotonic()
            await person.send("/bedtime")
            while SUMMARY_MARK not in (await person.next_message(timeout=120)).words:
                pass
            minutes += (time.monotonic() - began) * scale / 60
        calls = Counter(r.method for r in standin.requests if r.chat_id is not None)
        for upload in standin.uploads:
            calls[f"  upload {upload.sha256[:8]}"] += 1
    return calls, minutes


def report_calls(people: int, scale: float) -> list[bool]:
    quiet_logging()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        # Migrated before the loop starts: Alembic runs a loop of its own.
        database = fresh_database(migrated_template(folder), folder, "pictures")
        calls, minutes = asyncio.run(routine_calls(people, scale, database))
    uploads = {method: n for method, n in calls.items() if method.startswith("  upload")}
    api = {method: n for method, n in calls.items() if method not in uploads}
    per_minute = sum(api.values()) / minutes
    print(f"\nhands-free Bedtime through the real bot, {people} people in turn, time × {scale:g}:")
    for method, count in sorted(api.items(), key=lambda item: -item[1]):
        print(f"  {method:22s} {count:4d}  ({count / minutes:.2f} per routine-minute)")
    once = all(n == 1 for n in uploads.values())
    within = per_minute <= BEDSIDE_CALLS_PER_MINUTE
    print(
        f"  {len(uploads)} pictures uploaded, each once: {'PASS' if once else 'FAIL'} "
        f"(the other {people - 1} people: by file_id)"
    )
    print(
        f"  {per_minute:.2f} calls per routine-minute (≤ {BEDSIDE_CALLS_PER_MINUTE:g}): "
        f"{'PASS' if within else 'FAIL'}"
    )
    return [once, within]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="timings per position (best kept)")
    parser.add_argument("--verbose", action="store_true", help="one line per position")
    parser.add_argument("--people", type=int, default=3, help="people doing Bedtime in turn")
    parser.add_argument("--scale", type=float, default=20.0, help="how much faster time runs")
    args = parser.parse_args(argv)
    catalogue = load_catalogue()
    print(f"pictures bench · Python {platform.python_version()} · {platform.machine()}")
    figures = measure(catalogue, args.rounds, args.verbose)
    verdicts = report(figures)
    print("\nguided routines at the standard pace (picture changes = editMessageMedia calls):")
    for routine in catalogue.routines_in_order():
        changes, distinct, minutes, busiest = picture_changes(catalogue, routine.id)
        ok = busiest <= MAX_CHANGES_PER_MINUTE
        verdicts.append(ok)
        print(
            f"  {routine.name:24s} {minutes:5.1f} min, {distinct:2d} pictures, {changes:2d} "
            f"changes ({changes / minutes:.1f}/min), busiest minute {busiest} "
            f"(≤ {MAX_CHANGES_PER_MINUTE}): {'PASS' if ok else 'FAIL'}"
        )
    verdicts += report_calls(args.people, args.scale)
    return 0 if all(verdicts) else 1


def report(figures: dict[str, list[float]]) -> list[bool]:
    count = len(figures["cold"])
    sizes = figures["bytes"]
    cold_p99 = percentile(figures["cold"], 0.99)
    memory_p99 = percentile(figures["memory"], 0.99)
    print(f"\n{count} positions")
    for name, unit, scale in (("cold", "ms", 1), ("disk", "ms", 1), ("memory", "µs", 1000)):
        samples = [value * scale for value in figures[name]]
        print(
            f"  {name:6s} p50 {percentile(samples, 0.5):7.2f} {unit}  p99 "
            f"{percentile(samples, 0.99):7.2f} {unit}  max {max(samples):7.2f} {unit}"
        )
    print(
        f"  size   p50 {percentile(sizes, 0.5) / 1000:5.1f} kB  max {max(sizes) / 1000:5.1f} kB"
        f"  all {sum(sizes) / 1000:6.1f} kB"
    )
    verdicts = [
        cold_p99 <= COLD_P99_LIMIT_MS,
        memory_p99 <= MEMORY_P99_LIMIT_MS,
        max(sizes) <= MAX_PNG_BYTES,
    ]
    labels = (
        f"cold p99 ≤ {COLD_P99_LIMIT_MS:.0f} ms",
        f"memory p99 ≤ {MEMORY_P99_LIMIT_MS:.0f} ms",
        f"every PNG ≤ {MAX_PNG_BYTES // 1000} kB",
    )
    for label, ok in zip(labels, verdicts, strict=True):
        print(f"  {label}: {'PASS' if ok else 'FAIL'}")
    return verdicts


if __name__ == "__main__":
    sys.exit(main())
