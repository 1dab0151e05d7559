"""Timers at scale: many guided routines at once, cue lateness, API calls, memory, flood control.

Part A runs --routines (default 500) routines at once in real time (time scale 1): every
user opens the Supine twist, taps Guide me and then Start (taps spread over --spread
seconds). The switch cue is planned 30 s after the hold began and the summary 66 s after;
the plan comes from the database row (`phase_ends_at`, in bot time, turned into the
monotonic clock the stand-in stamps messages with). Process RSS is compared between no
routines and all of them mid-hold; afterwards --trace-routines more are started gently
under tracemalloc, to split the bot's allocations from the stand-in's.

Part B plays the full Bedtime routine hands-free (the default: not one tap) for a few users
under the stand-in's per-chat flood control, in a second process alongside part A; it counts
429 answers and the Bot API calls per routine-minute, which set how many routines Telegram's
30 messages a second can carry at once.

    .venv/bin/python bench/timers.py [--routines 500] [--cap 30] [--skip-flood]
        [--trace-routines 50] [--database postgresql] [--burst [100,300,1000]]

With --database postgresql (or a URL), part A runs on SQLite and then on a PostgreSQL
database the bench creates and drops, and prints the ratio of their cue p99s. Under a cap
(--cap 30) it also prints cue lateness by how many routines were under way, and from where
its p99 passes a second. --burst runs only part A, once per size, with every tap within 3 s
under the production cap: the wave a reminder set for 22:00 starts; one line per size.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import itertools
import sys
import tempfile
import time
import tracemalloc
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from multiprocessing import get_context
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/timers.py`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select

from bench.common import (
    fresh_database,
    machine_line,
    migrated_template,
    new_standin,
    percentile,
    postgres_database,
    postgres_server,
    quiet_logging,
    real_bot,
    rss_kb,
    table,
    verdict,
)
from bot.config import Config
from bot.domain.pacing import Pace, PhaseKind, TempoName, plan_exercise
from bot.domain.practice import Status
from bot.storage.models import PracticeRow
from bot.telegram.context import Services
from standin import BotMessage, RecordedRequest, UserClient

START = "▶️ Start"
STOP = "⏹ Stop"
GUIDE_ME = "▶️ Guide me"
STRETCH = "supine twist"
SWITCH_CUE = "Release. Now the left side."
# The live line of the card once the switch is shown (the edit that goes with the cue).
SWITCH_CARD = "Switch to the left side"
SUMMARY_MARK = "done. 🌙"
FLOOD_METHODS = frozenset(
    {"sendMessage", "sendPhoto", "sendDocument", "editMessageText", "editMessageCaption"}
    | {"editMessageReplyMarkup"}
)
# Targets from the issue.
MAX_P99_LATENESS_MS = 100.0
MAX_LATENESS_MS = 500.0
# With the production cap (--cap 30), what a person notices: a cue within a second.
CAPPED_P99_LATENESS_MS = 1000.0
CAPPED_MAX_LATENESS_MS = 2000.0
MAX_CALLS_PER_SECOND = 1.0
# PostgreSQL's cue p99 against SQLite's, in the same run.
MAX_POSTGRES_RATIO = 1.5
# Seconds a user waits for the bot to handle one update during part A's set-up.
SETUP_TIMEOUT = 300.0
# Calls a whole Bedtime routine may cost per minute, so 30 messages/s carry 300 at once.
MAX_CALLS_PER_ROUTINE_MINUTE = 6.0
MAX_KB_PER_ROUTINE = 50.0
# Telegram's limits for one chat and for the whole bot, per real second.
PER_CHAT_PER_SECOND = 1.0
PER_CHAT_BURST = 3
GLOBAL_PER_SECOND = 30.0
GLOBAL_BURST = 30
PRODUCTION_CAP = Config.model_fields["telegram_max_messages_per_second"].default
# Frames kept per allocation while measuring memory: enough to see the stand-in's code.
TRACE_FRAMES = 8
NOT_THE_BOT = ("/standin/", "/aiohttp/", "/bench/", "/multidict/", "/yarl/")
MAX_ROUTINES = 2000
# A summary this late, the person has likely given up waiting (the table counts them).
LATE_SUMMARY_MS = 15_000.0
# --burst: the sizes of the table (and 300, a target), and how close the taps come.
BURST_SIZES = "100,150,250,300,500,1000"
BURST_SPREAD = 3.0
BURST_P99_UP_TO = 300
# The narrowest bucket of the lateness-by-concurrency table.
CONCURRENCY_STEP = 25
LAG_PROBE_SECONDS = 0.05
# How often the rows are read for holds just begun (a hold lasts 30 s).
PLAN_POLL_SECONDS = 1.0
TRACE_BATCH = 10


@dataclass
class Memory:
    rss_before_kb: int = 0
    rss_after_kb: int = 0
    rss_done_kb: int = 0
    traced_routines: int = 0
    bot_bytes: int = 0
    other_bytes: int = 0
    top_sites: list[tuple[str, int]] = field(default_factory=list)
    top_bot_code: list[tuple[str, int]] = field(default_factory=list)
    snapshot_seconds: float = 0.0
    traced_seconds: float = 0.0


@dataclass
class PartA:
    routines: int
    cap: float = 0.0  # the bot's outgoing calls per second; 0 for none
    not_started: int = 0
    start_spread: float = 0.0
    setup_seconds: float = 0.0
    lateness_ms: dict[str, list[float]] = field(default_factory=dict)
    # When the card showed the switch, against the planned moment: under load card edits
    # give way to cues, so this is the first figure to grow.
    edit_lateness_ms: list[float] = field(default_factory=list)
    missing: int = 0
    calls_per_minute: list[float] = field(default_factory=list)
    calls_by_method: Counter[str] = field(default_factory=Counter)
    peak_overall_per_second: int = 0
    mean_overall_per_second: float = 0.0
    rejections: int = 0
    failed_calls: int = 0
    failed_by: Counter[str] = field(default_factory=Counter)
    memory: Memory = field(default_factory=Memory)
    loop_lag_ms: list[float] = field(default_factory=list)
    # Taps whose update the bot had not finished handling within SETUP_TIMEOUT, and taps
    # Telegram saw no answer to.
    taps: int = 0
    unprocessed_taps: int = 0
    unanswered_taps: int = 0
    # Per cue: how many routines were under way (hold begun, summary not yet due) when it
    # was due, and its lateness.
    by_concurrency: list[tuple[int, float]] = field(default_factory=list)

    @property
    def all_lateness(self) -> list[float]:
        return [value for values in self.lateness_ms.values() for value in values]


@dataclass
class PartB:
    users: int
    scale: float
    seconds: float = 0.0
    completed: int = 0
    too_many_requests: int = 0
    rejections: int = 0
    peak_per_chat: int = 0
    peak_per_chat_all_calls: int = 0
    calls_per_second: list[float] = field(default_factory=list)
    routine_bot_seconds: list[float] = field(default_factory=list)
    wall: float = 0.0
    log: list[str] = field(default_factory=list)


# Part A ----------------------------------------------------------------------------------


async def part_a(
    database: Path | str, routines: int, spread: float, trace_routines: int, cap: float
) -> PartA:
    result = PartA(routines, cap)
    async with (
        # Under the cap, hundreds of Guide me taps at once take minutes to answer, by design.
        new_standin(processing_timeout=SETUP_TIMEOUT) as standin,
        real_bot(standin, database, time_scale=1.0, max_messages_per_second=cap) as bot,
    ):
        if cap:  # Telegram's own limits too: any 429 shows as a non-200 answer below
            standin.set_flood_control(
                per_chat_per_second=PER_CHAT_PER_SECOND,
                per_chat_burst=PER_CHAT_BURST,
                global_per_second=GLOBAL_PER_SECOND,
                global_burst=GLOBAL_BURST,
            )
        began = time.monotonic()
        users = [standin.new_user(first_name=f"Sleeper{i}") for i in range(routines)]
        replies = await asyncio.gather(*(u.send(f"/stretch {STRETCH}") for u in users))
        cards = {u.chat_id: _with_button(r, GUIDE_ME) for u, r in zip(users, replies, strict=True)}

        gc.collect()
        result.memory.rss_before_kb = rss_kb()

        async def guide(index: int, user: UserClient) -> BotMessage | None:
            await asyncio.sleep(index * spread / routines)
            card = cards[user.chat_id]
            return await _counted_tap(result, user, card, GUIDE_ME) if card else None

        # Each hold's plan is read while it runs: under the cap, routines started early
        # (by themselves, after the time to get into position) may end before the last tap.
        planned: dict[int, list[tuple[str, float]]] = {}
        watch = asyncio.create_task(_watch_plans(bot.services, bot.clock.to_monotonic, planned))
        guided = await asyncio.gather(*(guide(i, u) for i, u in enumerate(users)))
        routine_cards = {u.chat_id: c for u, c in zip(users, guided, strict=True) if c}
        first_request = len(standin.requests)
        tapped_at: dict[int, float] = {}

        async def start(index: int, user: UserClient) -> None:
            await asyncio.sleep(index * spread / routines)
            card = routine_cards.get(user.chat_id)
            shown = next(
                (m for m in user.messages if card and m.message_id == card.message_id), None
            )
            # A routine flows by itself after time to get into position: under load it may
            # have started before the tap, which is then not needed.
            if shown is not None and START in shown.button_texts:
                tapped_at[user.chat_id] = time.monotonic()
                await _counted_tap(result, user, shown, None)

        await asyncio.gather(*(start(i, u) for i, u in enumerate(users)))
        watch.cancel()
        await _add_plans(bot.services, bot.clock.to_monotonic, planned)
        result.not_started = routines - len(planned)
        users = [u for u in users if u.chat_id in planned]
        result.setup_seconds = time.monotonic() - began
        starts = [when for cues in planned.values() for text, when in cues if text == "start"]
        result.start_spread = max(starts) - min(starts) if starts else 0.0

        # Mid-hold: every routine is running and waiting for its timer.
        await asyncio.sleep(1.0)
        gc.collect()
        result.memory.rss_after_kb = rss_kb()

        last = max((when for cues in planned.values() for _, when in cues), default=0.0)
        probe = asyncio.create_task(_probe_loop_lag(result.loop_lag_ms))
        # Under the cap a wave of summaries takes its time: every routine must still end.
        drain = 2.0 * len(users) / cap if cap else 0.0
        await _until_all_done(users, deadline=last + 15.0 + drain)
        probe.cancel()

        spans = _spans(planned)
        for user in users:
            cues = dict(planned.get(user.chat_id, []))
            for text, planned_at in cues.items():
                if text == "start":
                    continue
                message = _find(user.messages, text)
                if message is None:
                    result.missing += 1
                    continue
                lateness = (message.sent_at - planned_at) * 1000
                result.lateness_ms.setdefault(_label(text), []).append(lateness)
                result.by_concurrency.append((_under_way(spans, planned_at), lateness))

        result.edit_lateness_ms = _switch_edit_lateness(standin.requests[first_request:], planned)
        _count_calls(result, standin.requests[first_request:], users, tapped_at)
        result.rejections = len(standin.rejections)
        # A tap's answer may go out after its update is handled (an empty one, after 0.5 s).
        answered = sum(1 for r in standin.requests if r.method == "answerCallbackQuery" and r.ok)
        result.unanswered_taps = max(result.taps - answered, 0)
        failed = [r for r in standin.requests if not r.ok]
        result.failed_calls = len(failed)
        result.failed_by = Counter(
            f"{r.method} {r.status} {r.description} ({_flood_scope(r, standin.requests)})"
            for r in failed
        )
        gc.collect()
        result.memory.rss_done_kb = rss_kb()

        # Memory, traced: tracing slows every allocation several times over, which the bot's
        # database layer does not survive with hundreds of taps at once (see the report), so
        # a smaller batch is started gently, after part A, and measured on its own.
        snapshot = None
        if trace_routines:
            snapshot = await _traced_routines(users[:trace_routines], cards, result.memory)
    if snapshot is not None:
        _analyse_snapshot(snapshot, result.memory)
    return result


async def _traced_routines(
    users: Sequence[UserClient], cards: dict[int, BotMessage | None], memory: Memory
) -> tracemalloc.Snapshot:
    """Start a routine for each user (none running before) and snapshot mid-hold."""
    started = time.monotonic()
    gc.collect()
    tracemalloc.start(TRACE_FRAMES)
    running: dict[int, BotMessage] = {}

    async def one(user: UserClient) -> None:
        card = cards.get(user.chat_id)
        routine = _with_button(await user.tap(card, GUIDE_ME), START) if card else None
        if routine is not None:
            await user.tap(routine, START)
            running[user.chat_id] = routine

    for first in range(0, len(users), TRACE_BATCH):
        await asyncio.gather(*(one(u) for u in users[first : first + TRACE_BATCH]))
    await asyncio.sleep(1.0)
    gc.collect()
    began = time.monotonic()
    snapshot = tracemalloc.take_snapshot()
    tracemalloc.stop()
    memory.snapshot_seconds = time.monotonic() - began
    memory.traced_routines = len(running)
    memory.traced_seconds = time.monotonic() - started
    ending = [(u, running[u.chat_id]) for u in users if u.chat_id in running]
    await asyncio.gather(*(u.tap(card, STOP) for u, card in ending if STOP in card.button_texts))
    return snapshot


async def _probe_loop_lag(into: list[float]) -> None:
    """How late a 50 ms sleep wakes up: how busy the event loop is (bot and stand-in)."""
    while True:
        began = time.monotonic()
        await asyncio.sleep(LAG_PROBE_SECONDS)
        into.append((time.monotonic() - began - LAG_PROBE_SECONDS) * 1000)


async def _counted_tap(
    result: PartA, user: UserClient, card: BotMessage, button: str | None
) -> BotMessage | None:
    """Tap ``button`` (Start when None) and return the reply carrying Start; a tap the bot
    never finished handling is counted, not fatal."""
    result.taps += 1
    try:
        replies = await user.tap(card, button or START)
    except AssertionError:
        result.unprocessed_taps += 1
        return None
    return _with_button(replies, START) if button else None


def _spans(planned: dict[int, list[tuple[str, float]]]) -> list[tuple[float, float]]:
    """Per routine, when its hold began and when its summary was due."""
    return [(cues[0][1], cues[-1][1]) for cues in planned.values()]


def _under_way(spans: Sequence[tuple[float, float]], when: float) -> int:
    """Routines whose hold had begun and whose summary was not yet due at ``when``."""
    return sum(1 for began, ends in spans if began <= when <= ends)


def _with_button(messages: Iterable[BotMessage], button: str) -> BotMessage | None:
    """The one reply carrying ``button``; None when the bot failed to show it."""
    found = [m for m in messages if button in m.button_texts]
    return found[0] if len(found) == 1 else None


def _find(messages: Iterable[BotMessage], text: str) -> BotMessage | None:
    for message in messages:
        if text in message.text:
            return message
    return None


def _switch_edit_lateness(
    requests: Sequence[RecordedRequest], planned: dict[int, list[tuple[str, float]]]
) -> list[float]:
    """Per routine, ms from the planned switch to the card edit that showed it arriving."""
    shown: dict[int, float] = {}
    for request in requests:
        text = str(request.params.get("text", ""))
        chat = request.chat_id
        if request.method == "editMessageText" and SWITCH_CARD in text and isinstance(chat, int):
            shown.setdefault(chat, request.time)
    late = []
    for chat, when in shown.items():
        switch = dict(planned.get(chat, [])).get(SWITCH_CUE)
        if switch is not None:
            late.append((when - switch) * 1000)
    return late


def _flood_scope(refused: RecordedRequest, requests: Sequence[RecordedRequest]) -> str:
    """Whether a 429 came from the chat's own limit (its burst spent in the second before)
    or from the overall one."""
    same_chat = [
        r
        for r in requests
        if r.chat_id == refused.chat_id
        and r.ok
        and r.method in FLOOD_METHODS
        and refused.time - 1.0 < r.time < refused.time
    ]
    return "per chat" if len(same_chat) >= PER_CHAT_BURST else "overall"


def _label(text: str) -> str:
    return "switch-sides cue" if text == SWITCH_CUE else "summary"


async def _watch_plans(
    services: Services,
    to_monotonic: Callable[[datetime], float],
    into: dict[int, list[tuple[str, float]]],
) -> None:
    while True:
        await _add_plans(services, to_monotonic, into)
        await asyncio.sleep(PLAN_POLL_SECONDS)


async def _add_plans(
    services: Services,
    to_monotonic: Callable[[datetime], float],
    into: dict[int, list[tuple[str, float]]],
) -> None:
    """Per chat: the monotonic instants the hold began and each cue is due, from the rows of
    routines in their first hold (a routine never seen there counts as not started)."""
    async with services.database.transaction() as db:
        rows = (
            await db.scalars(
                select(PracticeRow).where(
                    PracticeRow.status == Status.RUNNING.value, PracticeRow.phase_index == 0
                )
            )
        ).all()
    for row in rows:
        if row.chat_id in into or not row.phase_ends_at:
            continue
        exercise = services.catalogue.exercises[row.exercise_ids[0]]
        phases = plan_exercise(exercise, Pace(row.pace), TempoName(row.tempo).tempo)
        kinds = [p.kind for p in phases]
        if kinds != [PhaseKind.HOLD, PhaseKind.SWITCH, PhaseKind.HOLD]:
            raise SystemExit(f"{exercise.name} is no longer hold/switch/hold: {kinds}")
        ends = list(itertools.accumulate(p.seconds for p in phases))
        began = to_monotonic(row.phase_ends_at) - ends[0]
        into[row.chat_id] = [
            ("start", began),
            (SWITCH_CUE, began + ends[0]),
            (SUMMARY_MARK, began + ends[-1]),
        ]


def _analyse_snapshot(snapshot: tracemalloc.Snapshot, memory: Memory) -> None:
    """Split what was allocated since the baseline and is still alive: bot or not."""
    sites: Counter[str] = Counter()
    bot_code: Counter[str] = Counter()
    for trace in snapshot.traces:
        files = [frame.filename for frame in trace.traceback]
        if any(marker in name for name in files for marker in NOT_THE_BOT):
            memory.other_bytes += trace.size
            continue
        memory.bot_bytes += trace.size
        newest = trace.traceback[-1] if trace.traceback else None
        if newest is not None:
            sites[f"{_short(newest.filename)}:{newest.lineno}"] += trace.size
        ours = [f for f in reversed(trace.traceback) if "/bot/" in f.filename]
        if ours:
            bot_code[f"{_short(ours[0].filename)}:{ours[0].lineno}"] += trace.size
    memory.top_sites = sites.most_common(6)
    memory.top_bot_code = bot_code.most_common(6)


def _short(filename: str) -> str:
    for marker in ("/site-packages/", "/work/main/", "/lib/python3"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename


async def _until_all_done(users: Sequence[UserClient], deadline: float) -> None:
    while time.monotonic() < deadline:
        await asyncio.sleep(1.0)
        if all(_find(u.messages, SUMMARY_MARK) is not None for u in users):
            return


def _count_calls(
    result: PartA,
    requests: Sequence[RecordedRequest],
    users: Sequence[UserClient],
    tapped_at: dict[int, float],
) -> None:
    per_chat: Counter[int] = Counter()
    per_second: Counter[int] = Counter()
    for request in requests:
        if request.method == "getUpdates" or request.chat_id is None:
            continue
        result.calls_by_method[request.method] += 1
        if request.method in FLOOD_METHODS:  # what Telegram's cap counts (not tap answers)
            per_second[int(request.time)] += 1
        if isinstance(request.chat_id, int):
            per_chat[request.chat_id] += 1
    for user in users:
        summary = _find(user.messages, SUMMARY_MARK)
        if summary is None or user.chat_id not in tapped_at:
            continue
        minutes = (summary.sent_at - tapped_at[user.chat_id]) / 60
        result.calls_per_minute.append(per_chat[user.chat_id] / minutes)
    if per_second:
        result.peak_overall_per_second = max(per_second.values())
        span = max(per_second) - min(per_second) + 1
        result.mean_overall_per_second = sum(per_second.values()) / span


# Part B ----------------------------------------------------------------------------------


async def part_b(template: Path, folder: Path, users: int, scale: float) -> PartB:
    result = PartB(users, scale)
    database = fresh_database(template, folder, "timers-b")
    async with (
        new_standin() as standin,
        real_bot(standin, database, time_scale=scale) as bot,
    ):
        # Telegram's limits, in the bot's (scaled) seconds: S times the rate per real second.
        standin.set_flood_control(
            per_chat_per_second=PER_CHAT_PER_SECOND * scale,
            per_chat_burst=PER_CHAT_BURST,
            global_per_second=GLOBAL_PER_SECOND * scale,
            global_burst=GLOBAL_BURST,
        )
        standin.clear_records()
        exercises = bot.services.catalogue.routine_exercises(
            bot.services.catalogue.routines["bedtime"]
        )
        bot_seconds = sum(
            p.seconds
            for e in exercises
            for p in plan_exercise(e, Pace.STANDARD, TempoName.STANDARD.tempo)
        )
        limit = bot_seconds / scale + 60.0
        people = [standin.new_user(first_name=f"Night{i}") for i in range(users)]
        began = time.monotonic()
        spans = await asyncio.gather(*(_bedtime(u, limit) for u in people))
        result.seconds = time.monotonic() - began
        result.completed = sum(1 for span in spans if span is not None)
        result.routine_bot_seconds = [span * scale for span in spans if span is not None]
        requests = list(standin.requests)
        result.too_many_requests = sum(1 for r in requests if r.status == 429)
        result.rejections = len(standin.rejections)
    by_chat: defaultdict[int, list[RecordedRequest]] = defaultdict(list)
    for request in requests:
        if isinstance(request.chat_id, int) and request.method != "getUpdates":
            by_chat[request.chat_id].append(request)
    for person, span in zip(people, spans, strict=True):
        calls = by_chat.get(person.chat_id, [])
        if span:
            result.calls_per_second.append(len(calls) / (span * scale))
        flood = [r.time * scale for r in calls if r.method in FLOOD_METHODS]
        every = [r.time * scale for r in calls]
        result.peak_per_chat = max(result.peak_per_chat, _peak_in_window(flood, 1.0))
        result.peak_per_chat_all_calls = max(
            result.peak_per_chat_all_calls, _peak_in_window(every, 1.0)
        )
    return result


async def _bedtime(user: UserClient, limit: float) -> float | None:
    """/bedtime at default settings, then not one tap: the routine flows by itself, as for a
    person lying in bed. Seconds until the summary (None: it never came)."""
    began = time.monotonic()
    deadline = began + limit
    await user.send("/bedtime")
    while (remaining := deadline - time.monotonic()) > 0:
        try:
            message = await user.next_message(timeout=remaining)
        except AssertionError:
            return None
        if SUMMARY_MARK in message.text:
            return message.sent_at - began
    return None


def _peak_in_window(times: Sequence[float], window: float) -> int:
    """Most events in any half-open window of ``window`` seconds."""
    ordered = sorted(times)
    best, low = 0, 0
    for high, now in enumerate(ordered):
        while ordered[low] <= now - window:
            low += 1
        best = max(best, high - low + 1)
    return best


# Report ----------------------------------------------------------------------------------


def report_a(a: PartA) -> list[bool]:
    print(f"Part A: {a.routines} Supine twist routines at once, real time (time scale 1)")
    print(
        f"  set-up {a.setup_seconds:.1f} s (Guide me and Start taps spread over the --spread "
        f"seconds); holds began within {a.start_spread:.2f} s of each other; "
        + (
            f"the bot's outgoing cap at {a.cap:g} calls/s (--cap), as in production"
            if a.cap
            else "outgoing cap off (--cap 0, the default; the stand-in has no flood limit here)"
        )
        + (
            "; the stand-in enforces Telegram's flood limits (1/s per chat, burst "
            f"{PER_CHAT_BURST}; {GLOBAL_PER_SECOND:g}/s overall, burst {GLOBAL_BURST})"
            if a.cap
            else ""
        )
    )
    rows = []
    edits = [("switch card edit (not a cue)", a.edit_lateness_ms)]
    for label, values in [*sorted(a.lateness_ms.items()), ("all cues", a.all_lateness), *edits]:
        rows.append(
            [
                label,
                len(values),
                f"{percentile(values, 50):.1f}",
                f"{percentile(values, 99):.1f}",
                f"{max(values, default=float('nan')):.1f}",
                f"{min(values, default=float('nan')):.1f}",
            ]
        )
    print()
    print(table(["cue lateness (ms)", "n", "p50", "p99", "max", "min"], rows))
    print()
    lateness = a.all_lateness
    p99 = percentile(lateness, 99)
    worst = max(lateness, default=float("inf"))
    expected = 2 * (a.routines - a.not_started)
    ok_started = a.not_started == 0
    # Under the production cap the routines share 30 calls/s: the target is the person's
    # (a cue within a second), not the uncapped machine's.
    p99_target = CAPPED_P99_LATENESS_MS if a.cap else MAX_P99_LATENESS_MS
    max_target = CAPPED_MAX_LATENESS_MS if a.cap else MAX_LATENESS_MS
    ok_p99 = p99 <= p99_target and a.missing == 0
    ok_max = worst <= max_target and a.missing == 0
    failed = "; the rest failed inside the bot, see the log summary" if a.not_started else ""
    print(
        f"  routines started: {a.routines - a.not_started}/{a.routines}{failed}: "
        f"{verdict(ok_started)}"
    )
    print(f"  cues received: {len(lateness)}/{expected} (missing {a.missing})")
    lag = a.loop_lag_ms
    print(
        f"  event-loop lag while the routines ran (one loop: bot, stand-in and users): p50 "
        f"{percentile(lag, 50):.1f} ms, p99 {percentile(lag, 99):.1f} ms, "
        f"max {max(lag, default=float('nan')):.1f} ms"
    )
    ok_taps = a.unprocessed_taps == 0 and a.unanswered_taps == 0
    print(
        f"  taps not handled within {SETUP_TIMEOUT:.0f} s: {a.unprocessed_taps}, taps never "
        f"answered: {a.unanswered_taps}: {verdict(ok_taps)}"
    )
    late_summaries = sum(1 for v in a.lateness_ms.get("summary", []) if v > LATE_SUMMARY_MS)
    print(f"  summaries more than {LATE_SUMMARY_MS / 1000:.0f} s late: {late_summaries}")
    if a.cap:
        _report_concurrency(a.by_concurrency)
    print(f"  p99 lateness {p99:.1f} ms ≤ {p99_target:.0f} ms: {verdict(ok_p99)}")
    print(f"  max lateness {worst:.1f} ms ≤ {max_target:.0f} ms: {verdict(ok_max)}")
    print()
    per_minute = a.calls_per_minute
    mean_pm = sum(per_minute) / len(per_minute) if per_minute else float("nan")
    max_pm = max(per_minute, default=float("nan"))
    methods = ", ".join(f"{m} {n}" for m, n in a.calls_by_method.most_common())
    over = ": exceeded, calls would queue" if a.peak_overall_per_second > PRODUCTION_CAP else ""
    print(
        "  API calls per routine-minute (from the Start tap to the summary, every call "
        "naming the chat):"
    )
    print(
        f"    mean {mean_pm:.1f}/min ({mean_pm / 60:.3f}/s), max {max_pm:.1f}/min "
        f"({max_pm / 60:.3f}/s); by method: {methods}"
    )
    ok_calls = bool(per_minute) and max_pm / 60 <= MAX_CALLS_PER_SECOND
    print(f"    every routine ≤ {MAX_CALLS_PER_SECOND:.0f} call/s on average: {verdict(ok_calls)}")
    print(
        f"    whole bot, sends and edits: mean {a.mean_overall_per_second:.0f}/s, peak "
        f"{a.peak_overall_per_second} calls/s in one second (production cap "
        f"TELEGRAM_MAX_MESSAGES_PER_SECOND={PRODUCTION_CAP:g}{over})"
    )
    print(f"    stand-in rejections {a.rejections}, non-200 answers {a.failed_calls}")
    ok_flood = a.failed_calls == 0
    for what, count in a.failed_by.most_common(4):
        print(f"      {count} × {what}")
    print(f"    429 or other refusals: {a.failed_calls} (target 0): {verdict(ok_flood)}")
    print()
    m = a.memory
    rss_per = (m.rss_after_kb - m.rss_before_kb) / max(a.routines - a.not_started, 1)
    print(f"  memory, 0 → {a.routines - a.not_started} active routines (mid-hold):")
    print(
        f"    RSS {m.rss_before_kb / 1024:.1f} → {m.rss_after_kb / 1024:.1f} MiB: "
        f"{rss_per:.1f} KiB per routine (whole process: bot, stand-in and simulated users); "
        f"{m.rss_done_kb / 1024:.1f} MiB once all had finished"
    )
    ok_memory = rss_per <= MAX_KB_PER_ROUTINE
    if m.traced_routines:
        n = m.traced_routines
        bot_per = m.bot_bytes / 1024 / n
        other_per = m.other_bytes / 1024 / n
        print(
            f"    tracemalloc over {n} more routines started afterwards (batches of "
            f"{TRACE_BATCH}): still allocated mid-hold, bot side {bot_per:.1f} KiB per routine, "
            f"stand-in/users {other_per:.1f} KiB per routine (traced phase took "
            f"{m.traced_seconds:.0f} s, the snapshot {m.snapshot_seconds:.1f} s)"
        )
        print("    bot side, largest allocation sites:")
        for site, size in m.top_sites:
            print(f"      {size / 1024 / n:6.2f} KiB/routine  {site}")
        print("    bot side, by the bot's own line that led to it:")
        for site, size in m.top_bot_code:
            print(f"      {size / 1024 / n:6.2f} KiB/routine  {site}")
        ok_memory = bot_per <= MAX_KB_PER_ROUTINE
        print(
            f"    bot side ≤ {MAX_KB_PER_ROUTINE:.0f} KiB per active routine: {verdict(ok_memory)}"
        )
    else:
        print(f"    ≤ {MAX_KB_PER_ROUTINE:.0f} KiB per active routine (RSS): {verdict(ok_memory)}")
    return [ok_started, ok_taps, ok_p99, ok_max, ok_calls, ok_memory, ok_flood]


def _report_concurrency(by_concurrency: Sequence[tuple[int, float]]) -> None:
    """Cue lateness by how many routines were under way when the cue was due, and the
    concurrency at which its p99 first passes a second."""
    if not by_concurrency:
        return
    top = max(n for n, _ in by_concurrency)
    width = max(CONCURRENCY_STEP, -(-top // 10 // CONCURRENCY_STEP) * CONCURRENCY_STEP)
    rows, passes = [], None
    for low in range(0, top + 1, width):
        values = [v for n, v in by_concurrency if low <= n < low + width]
        if not values:
            continue
        p99 = percentile(values, 99)
        if passes is None and p99 > CAPPED_P99_LATENESS_MS:
            passes = low
        rows.append(
            [
                f"{low}-{low + width - 1}",
                len(values),
                f"{percentile(values, 50):.0f}",
                f"{p99:.0f}",
            ]
        )
    print(table(["routines under way", "cues", "p50 ms", "p99 ms"], rows))
    if passes is None:
        print(f"  cue p99 stays within 1 s up to {top} routines under way at once")
    else:
        print(f"  cue p99 passes 1 s from about {passes} routines under way at once")


def report_b(b: PartB) -> list[bool]:
    print(
        f"Part B: the full Bedtime routine for {b.users} users at time scale {b.scale:g}, under "
        "per-chat flood control"
    )
    print(
        f"  Telegram's limits ({PER_CHAT_PER_SECOND:g} message/s per chat, burst "
        f"{PER_CHAT_BURST}; {GLOBAL_PER_SECOND:g}/s overall, burst {GLOBAL_BURST}) are scaled "
        f"by {b.scale:g}: per chat {PER_CHAT_PER_SECOND * b.scale:g}/s and overall "
        f"{GLOBAL_PER_SECOND * b.scale:g}/s of real time, i.e. the real limits in bot time."
    )
    print(
        "  A long phase's card is refreshed every max(60 bot s, 1 real s × scale), so up to "
        "scale 60 its schedule in bot time is exactly the production one; nobody taps: each "
        "routine flows by itself, as the default is."
    )
    per_second = b.calls_per_second
    mean_cps = sum(per_second) / len(per_second) if per_second else float("nan")
    max_cps = max(per_second, default=float("nan"))
    minutes = [s / 60 for s in b.routine_bot_seconds]
    print(
        f"  completed {b.completed}/{b.users} in {b.seconds:.0f} s real "
        f"({min(minutes, default=0):.1f}-{max(minutes, default=0):.1f} min of bot time each)"
    )
    print(
        f"  API calls per routine, real-time equivalent: mean {mean_cps:.3f}/s, max "
        f"{max_cps:.3f}/s; peak in any 1 s of bot time: {b.peak_per_chat} sends/edits "
        f"({b.peak_per_chat_all_calls} calls counting answerCallbackQuery)"
    )
    ok_429 = b.too_many_requests == 0 and b.completed == b.users
    ok_rate = bool(per_second) and max_cps <= MAX_CALLS_PER_SECOND
    print(f"  429 answers: {b.too_many_requests} (target 0): {verdict(ok_429)}")
    print(f"  every routine ≤ {MAX_CALLS_PER_SECOND:.0f} call/s on average: {verdict(ok_rate)}")
    per_minute = mean_cps * 60
    ceiling = PRODUCTION_CAP * 60 / per_minute if per_minute else float("nan")
    ok_minute = max_cps * 60 <= MAX_CALLS_PER_ROUTINE_MINUTE
    print(
        f"  Bot API calls per routine-minute, hands-free Bedtime at default settings: mean "
        f"{per_minute:.1f}, max {max_cps * 60:.1f} (target ≤ {MAX_CALLS_PER_ROUTINE_MINUTE:g}): "
        f"{verdict(ok_minute)}"
    )
    print(
        f"  so {PRODUCTION_CAP:g} messages/s carry about {ceiling:.0f} routines at once "
        "(the concurrency ceiling)"
    )
    print(f"  stand-in rejections: {b.rejections}")
    return [ok_429, ok_rate, ok_minute]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--routines", type=int, default=500, help="Part A routines (500)")
    parser.add_argument(
        "--spread",
        type=float,
        default=3.0,
        help="seconds over which part A taps Guide me, then Start (3; up to 60)",
    )
    parser.add_argument(
        "--cap",
        type=float,
        default=0.0,
        help=f"Part A's outgoing cap in calls/s (0: none; production: {PRODUCTION_CAP:g})",
    )
    parser.add_argument(
        "--database",
        default="sqlite",
        help="sqlite (default), postgresql (the local server) or a postgresql URL: part A then "
        "runs on SQLite and on a database it creates there and drops, back to back",
    )
    parser.add_argument(
        "--burst",
        nargs="?",
        const=BURST_SIZES,
        help="only part A, once per size, every routine's taps within 3 s under the cap "
        f"(--cap, else {PRODUCTION_CAP:g}/s), one line each (sizes: {BURST_SIZES})",
    )
    parser.add_argument("--skip-flood", action="store_true", help="skip Part B")
    parser.add_argument("--flood-users", type=int, default=5, help="Part B users (5)")
    parser.add_argument(
        "--flood-scale",
        type=float,
        default=5.0,
        help="Part B time scale (5; at most 5 is faithful)",
    )
    parser.add_argument(
        "--trace-routines",
        type=int,
        default=50,
        help="routines measured with tracemalloc after part A (50; 0: RSS only)",
    )
    args = parser.parse_args()
    if not 1 <= args.routines <= MAX_ROUTINES:
        parser.error(f"--routines must be 1..{MAX_ROUTINES}")
    if not 0 <= args.trace_routines <= args.routines:
        parser.error("--trace-routines must be 0..--routines")
    if not 0 <= args.spread <= 60:
        parser.error("--spread must be 0..60 seconds")
    postgres_server(args.database)  # a bad choice stops here, before anything runs
    if not 1 <= args.flood_users <= 50 or not 1 <= args.flood_scale <= 20:
        parser.error("--flood-users must be 1..50 and --flood-scale 1..20")
    problems = quiet_logging()
    try:
        with tempfile.TemporaryDirectory(prefix="stretchbench-") as tmp:
            folder = Path(tmp)
            template = migrated_template(folder)
            return asyncio.run(run(args, template, folder))
    finally:
        print("\n".join(problems.summary()))


async def run(args: argparse.Namespace, template: Path, folder: Path) -> int:
    print("Timers: guided routines at scale against the local stand-in")
    print(machine_line())
    if args.burst:
        return await burst(args, template, folder)
    if not args.skip_flood:
        print(
            "Part B runs in a second process alongside part A (this machine has 2 cores; part B "
            "needs a few % of one), so the whole bench fits its time budget."
        )
    print()
    loop = asyncio.get_running_loop()
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        flood = None
        if not args.skip_flood:
            flood = loop.run_in_executor(
                pool, flood_process, template, folder, args.flood_users, args.flood_scale
            )
        verdicts = await parts_a(args, template, folder)
        if flood is not None:
            print()
            b = await flood
            verdicts += report_b(b)
            print(f"  (part B took {b.wall:.0f} s)")
            print("\n".join(f"  part B {line}" for line in b.log))
    print()
    print(f"overall: {verdict(all(verdicts))}")
    return 0


async def burst(args: argparse.Namespace, template: Path, folder: Path) -> int:
    """Part A for each size, taps within 3 s, under the cap: the wave a round-time reminder
    starts. Each size's full report first, then one table."""
    cap = args.cap or PRODUCTION_CAP
    sizes = [int(size) for size in args.burst.split(",")]
    rows, verdicts = [], []
    for size in sizes:
        async with contextlib.AsyncExitStack() as stack:
            database = await _database(stack, args.database, template, folder, f"burst{size}")
            a = await part_a(database, size, BURST_SPREAD, 0, cap)
        print(f"[burst of {size}] ", end="")
        report_a(a)
        print()
        lateness = a.all_lateness
        late = sum(1 for v in a.lateness_ms.get("summary", []) if v > LATE_SUMMARY_MS)
        p99 = percentile(lateness, 99)
        ended = len(a.lateness_ms.get("summary", []))
        ok = a.missing == 0 and a.unprocessed_taps == 0 and a.failed_calls == 0
        if size <= BURST_P99_UP_TO:
            ok = ok and p99 <= CAPPED_P99_LATENESS_MS
        verdicts.append(ok)
        rows.append(
            [
                size,
                f"{a.start_spread:.1f}",
                f"{percentile(lateness, 50):.0f} / {p99:.0f} / "
                f"{max(lateness, default=float('nan')):.0f}",
                f"{ended}/{size - a.not_started}",
                late,
                a.unprocessed_taps,
                a.failed_calls,
                verdict(ok),
            ]
        )
    headers = ["routines", "holds began within s", "cue p50 / p99 / max ms", "summaries"]
    headers += [f"> {LATE_SUMMARY_MS / 1000:.0f} s late", "taps unhandled", "429s", "target"]
    print(f"Bursts under the cap of {cap:g}/s, Guide me and Start taps within {BURST_SPREAD:g} s:")
    print(table(headers, rows))
    print(
        f"targets: up to {BURST_P99_UP_TO} routines cue p99 ≤ {CAPPED_P99_LATENESS_MS:.0f} ms; "
        "every size: every tap handled, every routine reaches its summary, 0 × 429"
    )
    print(f"overall: {verdict(all(verdicts))}")
    return 0


async def _database(
    stack: contextlib.AsyncExitStack, choice: str, template: Path, folder: Path, name: str
) -> Path | str:
    """A fresh SQLite copy, or a PostgreSQL database dropped when ``stack`` closes."""
    server = postgres_server(choice)
    if server is None:
        return fresh_database(template, folder, name)
    return await stack.enter_async_context(postgres_database(server, "timers"))


async def parts_a(args: argparse.Namespace, template: Path, folder: Path) -> list[bool]:
    """Part A on SQLite; with --database postgresql, on SQLite and then on PostgreSQL, back
    to back, with the ratio of their p99s."""
    server = postgres_server(args.database)
    runs: list[tuple[str, PartA]] = []
    verdicts: list[bool] = []
    for name in ("SQLite", "PostgreSQL") if server else ("SQLite",):
        began = time.monotonic()
        async with contextlib.AsyncExitStack() as stack:
            if name == "SQLite":
                database: Path | str = fresh_database(template, folder, "timers-a")
            else:
                assert server is not None
                database = await stack.enter_async_context(postgres_database(server, "timers"))
            a = await part_a(database, args.routines, args.spread, args.trace_routines, args.cap)
        print(f"[{name}] ", end="")
        verdicts += report_a(a)
        print(f"  (part A on {name} took {time.monotonic() - began:.0f} s)")
        print()
        runs.append((name, a))
    if len(runs) == 2:
        verdicts.append(_compare(runs[0][1], runs[1][1]))
    return verdicts


def _compare(sqlite: PartA, postgres: PartA) -> bool:
    """PostgreSQL must be as punctual as SQLite, measured in the same run."""
    theirs, ours = percentile(sqlite.all_lateness, 99), percentile(postgres.all_lateness, 99)
    ratio = ours / theirs if theirs > 0 else float("inf")
    ok = ratio <= MAX_POSTGRES_RATIO
    print(
        f"PostgreSQL against SQLite, same run: cue p99 {ours:.1f} ms vs {theirs:.1f} ms, "
        f"ratio {ratio:.2f} (target ≤ {MAX_POSTGRES_RATIO:g}): {verdict(ok)}"
    )
    return ok


def flood_process(template: Path, folder: Path, users: int, scale: float) -> PartB:
    """Part B in its own process: its own event loop, stand-in and bot."""
    problems = quiet_logging()
    began = time.monotonic()
    result = asyncio.run(part_b(template, folder, users, scale))
    result.wall = time.monotonic() - began
    result.log = problems.summary()
    return result


if __name__ == "__main__":
    sys.exit(main())
