"""Throughput: many users send `/stretch <name>` at once; the bot against a bare echo bot.

Both bots poll their own fresh stand-in on 127.0.0.1 in this process, with the same users,
the same messages and the same concurrency (256 updates at a time). Latency is from a
user's send until the bot has finished processing that update (its reply is stored by then).

    .venv/bin/python bench/throughput.py [--users 200] [--messages 5] [--rounds 1]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as `python bench/throughput.py`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (
    echo_bot,
    fresh_database,
    machine_line,
    migrated_template,
    new_standin,
    percentile,
    quiet_logging,
    real_bot,
    table,
    verdict,
)
from bot.content.loader import load_catalogue
from standin import StandIn, UserClient

NAMES = ("cat cow", "child's pose", "pigeon", "bridge", "spinal twist")
WARM_UP_USERS = 20
WARM_UP_MESSAGES = 3
RUN_TIME_LIMIT = 90.0  # seconds for one measured run; the whole script stays bounded
MAX_USERS = 2000
MAX_MESSAGES = 50
# Targets from the issue.
MIN_RATE_RATIO = 0.6
MAX_P99_RATIO = 2.0

BotFactory = Callable[[StandIn, Path], AbstractAsyncContextManager[Any]]


@dataclass
class Result:
    bot: str
    sent: int = 0
    replies: int = 0
    not_found: int = 0
    wall: float = 0.0
    cpu: float = 0.0
    rejections: int = 0
    failed_calls: int = 0
    latencies: list[float] | None = None

    @property
    def rate(self) -> float:
        return self.replies / self.wall if self.wall else 0.0

    def p(self, q: float) -> float:
        return percentile(self.latencies or [], q) * 1000

    def add(self, other: Result) -> None:
        self.sent += other.sent
        self.replies += other.replies
        self.not_found += other.not_found
        self.wall += other.wall
        self.cpu += other.cpu
        self.rejections += other.rejections
        self.failed_calls += other.failed_calls
        self.latencies = [*(self.latencies or []), *(other.latencies or [])]


async def drive(users: list[UserClient], messages: int, into: Result) -> None:
    """Every user at once; each user's messages one after another."""
    latencies: list[float] = []

    async def one(index: int, user: UserClient) -> None:
        for k in range(messages):
            name = NAMES[(index + k) % len(NAMES)]
            sent = time.perf_counter()
            replies = await user.send(f"/stretch {name}")
            latencies.append(time.perf_counter() - sent)
            into.replies += len(replies)
            into.not_found += sum("I don't know" in r.text for r in replies)

    into.sent += len(users) * messages
    cpu, started = time.process_time(), time.perf_counter()
    await asyncio.wait_for(
        asyncio.gather(*(one(i, u) for i, u in enumerate(users))), RUN_TIME_LIMIT
    )
    into.wall += time.perf_counter() - started
    into.cpu += time.process_time() - cpu
    into.latencies = [*(into.latencies or []), *latencies]


async def measure(
    name: str, factory: BotFactory, folder: Path, users: int, messages: int
) -> Result:
    gc.collect()
    async with new_standin() as standin, factory(standin, folder):
        warm = [standin.new_user(first_name=f"Warm{i}") for i in range(WARM_UP_USERS)]
        await drive(warm, WARM_UP_MESSAGES, Result(name))
        standin.clear_records()
        people = [standin.new_user(first_name=f"User{i}") for i in range(users)]
        result = Result(name)
        await drive(people, messages, result)
        result.rejections = len(standin.rejections)
        result.failed_calls = sum(1 for r in standin.requests if not r.ok)
        return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200, help="simulated users (default 200)")
    parser.add_argument("--messages", type=int, default=5, help="messages per user (default 5)")
    parser.add_argument("--rounds", type=int, default=1, help="echo/bot pairs to pool (default 1)")
    args = parser.parse_args()
    if not 1 <= args.users <= MAX_USERS or not 1 <= args.messages <= MAX_MESSAGES:
        parser.error(f"--users must be 1..{MAX_USERS} and --messages 1..{MAX_MESSAGES}")
    if not 1 <= args.rounds <= 5:
        parser.error("--rounds must be 1..5")
    catalogue = load_catalogue()
    unknown = [n for n in NAMES if catalogue.find_exact(n) is None]
    if unknown:
        raise SystemExit(f"not in the catalogue: {unknown}")
    problems = quiet_logging()
    try:
        with tempfile.TemporaryDirectory(prefix="stretchbench-") as tmp:
            folder = Path(tmp)
            template = migrated_template(folder)
            return asyncio.run(run(args.users, args.messages, args.rounds, template, folder))
    finally:
        print("\n".join(problems.summary()))


async def run(users: int, messages: int, rounds: int, template: Path, folder: Path) -> int:
    counter = iter(range(1_000_000))

    def stretch_bot(standin: StandIn, folder: Path) -> AbstractAsyncContextManager[Any]:
        database = fresh_database(template, folder, f"bot{next(counter)}")
        # No outgoing cap: the stand-in has no flood limit here, so only processing counts.
        return real_bot(standin, database, max_messages_per_second=0)

    def bare_echo(standin: StandIn, folder: Path) -> AbstractAsyncContextManager[Any]:
        return echo_bot(standin)

    echo, ours = Result("echo bot (bare PTB)"), Result("stretch bot")
    for _ in range(rounds):
        echo.add(await measure(echo.bot, bare_echo, folder, users, messages))
        ours.add(await measure(ours.bot, stretch_bot, folder, users, messages))

    print("Throughput: /stretch <name> from many users at once, over loopback HTTP")
    print(machine_line())
    print(
        f"{users} users × {messages} messages, concurrently (each user waits for its reply), "
        f"{rounds} round(s), after a warm-up of {WARM_UP_USERS}×{WARM_UP_MESSAGES}."
    )
    print(
        "The stretch bot runs with TELEGRAM_MAX_MESSAGES_PER_SECOND=0 (no outgoing cap): the "
        "stand-in has no flood limit in this bench, so this compares processing overhead."
    )
    print()
    rows = [
        [
            r.bot,
            f"{r.rate:.0f}",
            f"{r.p(50):.1f}",
            f"{r.p(99):.1f}",
            f"{r.cpu / max(r.replies, 1) * 1000:.2f}",
            f"{r.replies}/{r.sent}",
        ]
        for r in (echo, ours)
    ]
    print(table(["bot", "replies/s", "p50 ms", "p99 ms", "CPU ms/reply", "replies"], rows))
    print()
    rate_ratio = ours.rate / echo.rate if echo.rate else 0.0
    p99_ratio = ours.p(99) / echo.p(99) if echo.p(99) else float("inf")
    print(
        f"rate ratio (bot/echo): {rate_ratio:.2f}  target ≥ {MIN_RATE_RATIO}  "
        f"{verdict(rate_ratio >= MIN_RATE_RATIO)}"
    )
    print(
        f"p99 ratio  (bot/echo): {p99_ratio:.2f}  target ≤ {MAX_P99_RATIO}  "
        f"{verdict(p99_ratio <= MAX_P99_RATIO)}"
    )
    complete = all(r.replies == r.sent for r in (echo, ours)) and ours.not_found == 0
    print(
        f"every message got exactly one reply (no 'not found'): {verdict(complete)}"
        f"  (stretch bot not-found replies: {ours.not_found})"
    )
    rejections = echo.rejections + ours.rejections
    print(
        f"stand-in rejections: echo {echo.rejections}, bot {ours.rejections} (must be 0)  "
        f"{verdict(rejections == 0)}"
    )
    print(f"non-200 answers: echo {echo.failed_calls}, bot {ours.failed_calls}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
