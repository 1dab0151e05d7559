"""Faults: a scripted Telegram outage against the real bot, and what people would notice.

The real bot (production factory, production outgoing cap of 30 calls/s, production logging
at INFO with its PassingTroubleFilter) polls the local stand-in on 127.0.0.1 in this process.
Bot time runs --scale (20) times faster, so the ~10-minute Bedtime routine lasts about 30 s.

Load: --load-users (40) people send --load-rate (40) updates a second for --load-seconds
(18), half of them taps on their menu's real buttons (Browse, then Menu: each edits the
menu), half `/stretch cat cow` (a new message). The bot's messages exceed its cap, so they
queue; taps are answered outside it.

Outage: --users (40) people follow /bedtime, tapping Start on their newest card whenever it
offers a Start not yet tapped (tests/support/routines.py taps every new card the same way;
a card sent again after an outage may offer Continue instead, which they tap alike),
while Telegram goes through, back to back: 4 s of 429 (retry_after 1) on every send and
edit, 4 s of 502 on every call, 10 s of answers 5 s late (calls carried out at once, answered
late), and 20 s of refused connections (cutting the late answers still on their way). Three
of them block the bot mid-routine: one before the outage (a reminder they set with /remind
comes due after the bot met their 403), one during the 429s and one while connections are
refused. --flap S adds what the issue's script lacks: connections dropping for S seconds
halfway through the late answers, then back, as a flapping network does.

At this scale a routine's calls come 20 times closer together than in real time (a card
is edited when a phase begins, and a long phase once a minute of bot time, at most once a
real second), so 40 routines come near the 30/s cap even without faults.

Figures:
- cards sent twice: per chat, a sendMessage the stand-in carried out with the same text and
  buttons as the chat's previous one, within 20 s. Back to back only: the routine itself
  repeats "Now the left side." within 20 s at this time scale, with other messages between.
- routines stuck: people (not blocking) with no summary within --recovery s after the
  outage (default: the routine's length at this scale, plus the bot's longest pause between
  two tries of a fresh card, RESEND_LONGEST = 60 s), plus practices left waiting (ready or
  paused) whose card is missing or lacks the current Start/Continue button.
- calls to blocked users after their first 403: every call naming their chat that reached the
  stand-in after the first 403 was answered (answered late while answers were 5 s late).
- callback answer p99: seconds from each load tap to its answer, as the stand-in saw them.
- log lines per minute of outage: every line the production handler wrote from the first
  fault's start to the last fault's end (stand-in and aiohttp lines left out), per minute;
  and how many records carried a traceback (target 0).

    .venv/bin/python bench/faults.py [--users 40] [--scale 20] [--load-users 40]
        [--load-rate 40] [--load-seconds 18] [--recovery SECONDS] [--flap 0]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import logging
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as `python bench/faults.py`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (
    ProblemLog,
    RunningBot,
    fresh_database,
    machine_line,
    migrated_template,
    new_standin,
    percentile,
    real_bot,
    table,
    verdict,
)
from bot.app.practices import RESEND_LONGEST, Control
from bot.config import Config, configure_logging
from bot.domain.pacing import Pace, TempoName, plan_exercise
from bot.domain.practice import Status
from bot.storage.practices import Practice
from bot.storage.reminders import ReminderSetting
from bot.telegram.callbacks import ControlPractice, decode
from bot.telegram.transport.trouble_log import PassingTroubleFilter
from standin import BotMessage, RecordedRequest, StandIn, UserClient
from standin.dispatch import EDITING, SENDING
from standin.faults import FaultRule

STOP = "⏹ Stop"
GO_ON = (Control.START, Control.RESUME)
DONE = "done. 🌙"
RESENT = "Telegram was out of reach"
MENU_DATA = "menu:1"
BROWSE_DATA = "pos:1"
LOOKUP = "/stretch cat cow"
# The outage, in order and back to back: seconds each fault lasts.
THROTTLED_S = 4.0
SERVER_ERRORS_S = 4.0
LATE_S = 10.0
LATE_ANSWER_S = 5.0
REFUSED_S = 20.0
THROTTLED = "429, retry_after 1"
REFUSED = "refused connections"
# Followers start over this many seconds; the outage begins this long after the first.
START_SPREAD_S = 3.0
LEAD_IN_S = 8.0
# The first blocker blocks this long before the outage; their reminder is due this long after.
BLOCK_BEFORE_S = 3.0
REMINDER_AFTER_BLOCK_S = 8.0
# Targets from the issue.
SAME_MESSAGE_WINDOW_S = 20.0
MAX_TAP_P99_S = 1.0
PRODUCTION_CAP = Config.model_fields["telegram_max_messages_per_second"].default
PRODUCTION_LOG_LEVEL = Config.model_fields["log_level"].default
# Loggers of this process that are not the bot: the stand-in's server and its HTTP stack.
NOT_THE_BOT = ("aiohttp", "standin")


# Logging ------------------------------------------------------------------------------------


class LogLines(io.StringIO):
    """Where the production log handler writes: each record's text, with when it came."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[tuple[float, str]] = []

    def write(self, text: str, /) -> int:
        self.records.append((time.monotonic(), text))
        return len(text)

    def between(self, began: float, ended: float) -> list[str]:
        return [text for when, text in self.records if began <= when <= ended]


class NotTheBot(logging.Filter):
    """Leaves out what the stand-in's side logs: production has no stand-in."""

    def __init__(self) -> None:
        super().__init__()
        self.left_out = 0

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.split(".")[0] in NOT_THE_BOT:
            self.left_out += 1
            return False
        return True


def production_logging() -> tuple[LogLines, ProblemLog, NotTheBot]:
    """The bot's own logging set-up (level, handler, filter), writing to a counter."""
    configure_logging(PRODUCTION_LOG_LEVEL, [], [PassingTroubleFilter()])
    [handler] = logging.getLogger().handlers
    assert isinstance(handler, logging.StreamHandler)
    lines = LogLines()
    handler.setStream(lines)
    not_the_bot = NotTheBot()
    # Before the production filter, so the stand-in's lines do not touch its counts.
    handler.filters.insert(0, not_the_bot)
    problems = ProblemLog()
    problems.addFilter(not_the_bot)
    logging.getLogger().addHandler(problems)
    return lines, problems, not_the_bot


# Load: taps answered while messages queue ----------------------------------------------------


@dataclass
class Load:
    users: int
    rate: float
    seconds: float
    updates: int = 0
    taps: int = 0
    not_processed: int = 0
    delays: list[float] = field(default_factory=list)
    unanswered: int = 0
    calls_per_second: float = 0.0
    wall: float = 0.0


async def load_phase(standin: StandIn, users: int, rate: float, seconds: float) -> Load:
    result = Load(users, rate, seconds)
    people = [standin.new_user(first_name=f"Busy{i}") for i in range(users)]
    replies = await asyncio.gather(*(u.send("/start") for u in people))
    menus = [_with_data(r, BROWSE_DATA) for r in replies]
    if any(menu is None for menu in menus):
        raise SystemExit("/start no longer shows a menu with Browse")
    chats = {u.chat_id for u in people}
    first_request = len(standin.requests)
    began = time.monotonic()
    pending: list[asyncio.Task[Any]] = []
    total = int(rate * seconds)
    for k in range(total):
        await _until(began + k / rate)
        user, menu = people[k % users], menus[k % users]
        assert menu is not None
        if (k // users) % 2 == 0:
            pending.append(asyncio.create_task(_tap_menu(user, menu)))
            result.taps += 1
        else:
            pending.append(asyncio.create_task(user.send(LOOKUP)))
    result.updates = total
    outcomes = await asyncio.gather(*pending, return_exceptions=True)
    result.wall = time.monotonic() - began
    result.not_processed = sum(1 for o in outcomes if isinstance(o, BaseException))
    for record in standin.state.callback_queries.values():
        if record.chat_id in chats and record.asked_at >= began:
            if record.answer is None:
                result.unanswered += 1
            else:
                result.delays.append(record.answer.delay)
    sends = [r for r in standin.requests[first_request:] if r.method in SENDING | EDITING and r.ok]
    if sends:
        result.calls_per_second = len(sends) / max(sends[-1].time - sends[0].time, 1e-9)
    return result


async def _tap_menu(user: UserClient, menu: BotMessage) -> None:
    """Browse on the main menu, Menu on the positions list: whichever it shows now."""
    flat = [b for row in menu.buttons for b in row]
    data = [b.callback_data for b in flat]
    wanted = BROWSE_DATA if BROWSE_DATA in data else MENU_DATA
    await user.tap(menu, data.index(wanted))


def _with_data(messages: Sequence[BotMessage], data: str) -> BotMessage | None:
    for message in messages:
        if any(b.callback_data == data for row in message.buttons for b in row):
            return message
    return None


async def _until(moment: float) -> None:
    delay = moment - time.monotonic()
    if delay > 0:
        await asyncio.sleep(delay)


# Following routines --------------------------------------------------------------------------


@dataclass
class Follower:
    user: UserClient
    blocks: str | None = None  # when in the outage this person blocks the bot
    stop: asyncio.Event = field(default_factory=asyncio.Event)
    began: float = 0.0
    finished: float | None = None  # when the stand-in got the summary
    blocked_at: float | None = None
    taps: int = 0
    taps_not_processed: int = 0
    tapping: set[asyncio.Task[None]] = field(default_factory=set)


async def follow(follower: Follower) -> None:
    """/bedtime, then Start (or Continue) on the newest card each time it offers one not yet
    tapped."""
    user = follower.user
    follower.began = time.monotonic()
    tapped: set[str] = set()
    await user.send("/bedtime")
    while not follower.stop.is_set():
        summary = next((m for m in user.messages if DONE in m.text), None)
        if summary is not None:
            follower.finished = summary.sent_at
            return
        card = next((m for m in reversed(user.messages) if STOP in m.button_texts), None)
        start = _start_button(card) if card is not None and not card.deleted else None
        if card is not None and start is not None and start[1] not in tapped:
            tapped.add(start[1])
            follower.taps += 1
            task = asyncio.create_task(_tap(follower, card, start[0]))
            follower.tapping.add(task)
            task.add_done_callback(follower.tapping.discard)
            continue
        await user.chat.wait_changed(0.5)


def _start_button(card: BotMessage) -> tuple[str, str] | None:
    """The card's Start or Continue button: its label and callback data."""
    for row in card.buttons:
        for button in row:
            action = decode(button.callback_data)
            if isinstance(action, ControlPractice) and action.action in GO_ON:
                return button.text, button.callback_data or ""
    return None


async def _tap(follower: Follower, card: BotMessage, label: str) -> None:
    try:
        await follower.user.tap(card, label)
    except AssertionError:  # not processed in time, or the card changed under the finger
        follower.taps_not_processed += 1


# The outage ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    name: str
    began: float
    ended: float


Switch = Callable[[], Awaitable[None]]


class Outage:
    """Switches the stand-in's faults on and off in turn, noting when each was on."""

    def __init__(self, standin: StandIn, flap: float = 0.0) -> None:
        self.standin = standin
        self.flap = flap
        self.windows: list[Window] = []
        self.phase_started: dict[str, asyncio.Event] = {}

    def event(self, name: str) -> asyncio.Event:
        return self.phase_started.setdefault(name, asyncio.Event())

    async def run(self) -> None:
        standin = self.standin
        rules: list[FaultRule] = []

        async def throttle() -> None:
            for method in sorted(SENDING | EDITING):
                rules.append(standin.fail_next(method, 429, retry_after=1, count=10**9))

        async def fail() -> None:
            rules.append(standin.fail_next("*", 502, "Bad Gateway", count=10**9))

        async def clear() -> None:
            for rule in rules:
                rule.remaining = 0
            rules.clear()

        async def late() -> None:
            standin.set_late_answers(LATE_ANSWER_S)

        async def on_time() -> None:
            standin.set_late_answers(0)

        script: list[tuple[str, float, Switch, Switch]] = [
            (THROTTLED, THROTTLED_S, throttle, clear),
            ("502 on every call", SERVER_ERRORS_S, fail, clear),
            (f"answers {LATE_ANSWER_S:g} s late", LATE_S, late, on_time),
            (REFUSED, REFUSED_S, standin.refuse_connections, _accept(standin)),
        ]
        for name, seconds, on, off in script:
            began = time.monotonic()
            await on()
            self.event(name).set()
            if on is late and self.flap:
                await self._flap(seconds)
            else:
                await asyncio.sleep(seconds)
            await off()
            self.windows.append(Window(name, began, time.monotonic()))
        self.windows.sort(key=lambda window: window.began)

    async def _flap(self, seconds: float) -> None:
        """Connections drop for a moment halfway through: late answers on their way are cut."""
        await asyncio.sleep((seconds - self.flap) / 2)
        began = time.monotonic()
        await self.standin.refuse_connections()
        await asyncio.sleep(self.flap)
        await self.standin.accept_connections()
        self.windows.append(Window(f"{REFUSED} (a flap)", began, time.monotonic()))
        await asyncio.sleep((seconds - self.flap) / 2)


def _accept(standin: StandIn) -> Switch:
    async def accept() -> None:
        await standin.accept_connections()

    return accept


# The run ------------------------------------------------------------------------------------


@dataclass
class Routines:
    users: int
    scale: float
    recovery: float
    followers: list[Follower] = field(default_factory=list)
    windows: list[Window] = field(default_factory=list)
    requests: list[RecordedRequest] = field(default_factory=list)
    rejections: int = 0
    active: list[Practice] = field(default_factory=list)
    reminder_due: float | None = None
    reminder: ReminderSetting | None = None  # as stored after the run
    length: float = 0.0  # the routine's planned length at the scale, in seconds
    deadline: float = 0.0


async def routines_phase(
    standin: StandIn, bot: RunningBot, users: int, scale: float, recovery: float, flap: float
) -> Routines:
    result = Routines(users, scale, recovery)
    followers = [Follower(standin.new_user(first_name=f"Night{i}")) for i in range(users)]
    for follower, moment in zip(followers, ("before", "429", "refused"), strict=False):
        follower.blocks = moment
    result.followers = followers
    began = time.monotonic()
    outage_at = began + LEAD_IN_S
    reminded = followers[0]
    result.reminder_due = await set_reminder(
        reminded.user, bot, outage_at - BLOCK_BEFORE_S + REMINDER_AFTER_BLOCK_S
    )
    outage = Outage(standin, flap)

    async def staggered(index: int, follower: Follower) -> None:
        await asyncio.sleep(index * START_SPREAD_S / users)
        await follow(follower)

    following = [asyncio.create_task(staggered(i, f)) for i, f in enumerate(followers)]
    blocking = [asyncio.create_task(block(standin, f, outage, outage_at)) for f in followers]
    await _until(outage_at)
    await outage.run()
    result.windows = outage.windows
    result.deadline = time.monotonic() + recovery
    while time.monotonic() < result.deadline:
        if all(f.finished is not None or f.blocks for f in followers):
            break
        await asyncio.sleep(0.5)
    for follower in followers:
        follower.stop.set()
    await asyncio.gather(*following, *blocking)
    await asyncio.sleep(1.0)  # calls already on their way land in the records
    for follower in followers:
        for task in list(follower.tapping):
            task.cancel()
    async with bot.services.database.unit() as unit:
        result.active = await unit.practices.all_active()
        result.reminder = await unit.reminders.get(reminded.user.id)
    result.requests = list(standin.requests)
    result.rejections = len(standin.rejections)
    return result


def routine_seconds(bot: RunningBot) -> float:
    """The Bedtime routine's length in bot seconds, at the standard pace and tempo."""
    catalogue = bot.services.catalogue
    exercises = catalogue.routine_exercises(catalogue.routines["bedtime"])
    return sum(
        phase.seconds
        for exercise in exercises
        for phase in plan_exercise(exercise, Pace.STANDARD, TempoName.STANDARD.tempo)
    )


async def set_reminder(user: UserClient, bot: RunningBot, due_at: float) -> float:
    """/timezone UTC and /remind at the first bot minute after `due_at`; when it is due."""
    await user.send("/timezone UTC")
    bot_due = bot.clock() + timedelta(seconds=(due_at - time.monotonic()) * bot.clock.scale)
    minute = bot_due.replace(second=0, microsecond=0) + timedelta(minutes=1)
    [answer] = await user.send(f"/remind {minute:%H:%M}")
    if minute.strftime("%H:%M") not in answer.text:
        raise SystemExit(f"/remind did not take {minute:%H:%M}: {answer.text!r}")
    return bot.clock.to_monotonic(minute)


async def block(standin: StandIn, follower: Follower, outage: Outage, outage_at: float) -> None:
    """The person blocks the bot at their moment: they stop tapping, then block."""
    if follower.blocks == "before":
        await _until(outage_at - BLOCK_BEFORE_S)
    elif follower.blocks == "429":
        await outage.event(THROTTLED).wait()
        await asyncio.sleep(1.0)
    elif follower.blocks == "refused":
        await outage.event(REFUSED).wait()
        await asyncio.sleep(5.0)
    else:
        return
    follower.stop.set()
    follower.blocked_at = time.monotonic()
    standin.block(follower.user)


# Figures ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Twice:
    chat_id: int
    first: float
    second: float
    text: str


def sent_twice(requests: Sequence[RecordedRequest]) -> tuple[list[Twice], int]:
    """Back-to-back repeats within the window, and identical pairs with others between."""
    delivered: dict[int, list[RecordedRequest]] = {}
    for request in requests:
        if request.method == "sendMessage" and request.ok and isinstance(request.chat_id, int):
            delivered.setdefault(request.chat_id, []).append(request)
    twice: list[Twice] = []
    apart = 0
    for chat_id, sends in delivered.items():
        for index, request in enumerate(sends):
            earlier = [
                other
                for other in sends[:index]
                if request.time - other.time <= SAME_MESSAGE_WINDOW_S and _same(other, request)
            ]
            if earlier and earlier[-1] is sends[index - 1]:
                text = str(request.params.get("text", "")).splitlines()[0][:60]
                twice.append(Twice(chat_id, sends[index - 1].time, request.time, text))
            elif earlier:
                apart += 1
    return twice, apart


def _same(one: RecordedRequest, other: RecordedRequest) -> bool:
    def key(request: RecordedRequest) -> tuple[str, str]:
        markup = json.dumps(request.params.get("reply_markup"), sort_keys=True, default=str)
        return str(request.params.get("text", "")), markup

    return key(one) == key(other)


@dataclass(frozen=True)
class Stuck:
    name: str
    why: str


def stuck_routines(result: Routines) -> list[Stuck]:
    """No summary by the deadline, or a waiting practice without its current card."""
    stuck: list[Stuck] = []
    by_chat = {f.user.chat_id: f for f in result.followers}
    for follower in result.followers:
        if follower.blocks:
            continue
        if follower.finished is None or follower.finished > result.deadline:
            practice = next((p for p in result.active if p.chat_id == follower.user.chat_id), None)
            stuck.append(Stuck(follower.user.person.first_name, _no_summary(follower, practice)))
    for practice in result.active:
        owner = by_chat.get(practice.chat_id)
        if owner is None or owner.blocks:
            continue
        status = practice.state.status
        if status in (Status.READY, Status.PAUSED) and not _card_shows(owner, practice):
            stuck.append(
                Stuck(
                    owner.user.person.first_name,
                    f"{status.value}, card {practice.card_message_id}: no current button",
                )
            )
    return stuck


def _no_summary(follower: Follower, practice: Practice | None) -> str:
    last = follower.user.messages[-1].text.splitlines()[0][:50] if follower.user.messages else ""
    where = (
        f"practice {practice.id} {practice.state.status.value}, exercise "
        f"{practice.state.exercise_index + 1}, card {practice.card_message_id}"
        if practice is not None
        else "no active practice"
    )
    return (
        f"no summary: {where}; taps {follower.taps} ({follower.taps_not_processed} not "
        f"processed); last message {last!r}"
    )


def _card_shows(follower: Follower, practice: Practice) -> bool:
    """The practice's card is there and carries its current Start (or Resume) button."""
    if practice.card_message_id is None:
        return False
    card = follower.user.chat.bot_messages.get(practice.card_message_id)
    if card is None or card.deleted:
        return False
    action = Control.START if practice.state.status is Status.READY else Control.RESUME
    wanted = ControlPractice(practice.id, practice.state.token, action)
    return any(decode(b.callback_data) == wanted for row in card.buttons for b in row)


@dataclass(frozen=True)
class Blocked:
    name: str
    blocked_at: float
    first_403: float | None
    answered: float | None
    before: int  # calls between blocking and the first 403 answered
    after: list[RecordedRequest]


def blocked_calls(result: Routines, late_at: Callable[[float], float]) -> list[Blocked]:
    found = []
    for follower in result.followers:
        if follower.blocked_at is None:
            continue
        chat = follower.user.chat_id
        calls = [r for r in result.requests if r.chat_id == chat and r.time >= follower.blocked_at]
        first = next((r for r in calls if r.status == 403), None)
        answered = None
        if first is not None:
            done = first.time + first.duration
            answered = done + late_at(done)
        after = [r for r in calls if answered is not None and r.time > answered]
        before = len(calls) - len(after)
        name = follower.user.person.first_name
        found.append(
            Blocked(
                name, follower.blocked_at, first.time if first else None, answered, before, after
            )
        )
    return found


# Report -------------------------------------------------------------------------------------


def report(
    load: Load,
    result: Routines,
    lines: LogLines,
    left_out: int,
    began: float,
) -> bool:
    windows = result.windows
    zero = windows[0].began
    print("Timeline (s from the start of the outage):")
    rows = [[w.name, f"{w.began - zero:.1f}", f"{w.ended - zero:.1f}"] for w in windows]
    print(table(["fault", "from", "to"], rows))
    print()
    verdicts = [
        report_twice(result, zero),
        report_stuck(result, zero),
        report_blocked(result, zero),
        report_taps(load),
        *report_logs(result, lines, left_out),
    ]
    print()
    print(f"stand-in rejections (invalid calls by the bot): {result.rejections}")
    print(f"whole run: {time.monotonic() - began:.0f} s")
    print(f"overall: {verdict(all(verdicts))}")
    return all(verdicts)


def report_twice(result: Routines, zero: float) -> bool:
    twice, apart = sent_twice(result.requests)
    print(
        f"cards sent twice: {len(twice)}  target 0  {verdict(not twice)}"
        f"  (identical messages within {SAME_MESSAGE_WINDOW_S:.0f} s with others between, "
        f"which the routine sends on purpose: {apart})"
    )
    for one in twice[:10]:
        print(
            f"    chat {one.chat_id}: {one.text!r} at {one.first - zero:.1f} and "
            f"{one.second - zero:.1f} s"
        )
    cut = cut_answers(result)
    methods = Counter(r.method for r in cut)
    print(
        f"    calls carried out whose late answer the refused connections cut: {len(cut)} "
        f"({dict(methods) or 'none'}); the bot cannot know these arrived"
    )
    return not twice


def outgoing_rate(result: Routines, since: float) -> float:
    """Sends and edits per second the stand-in carried out from `since` to the last one."""
    times = [r.time for r in result.requests if r.method in SENDING | EDITING and r.time >= since]
    return len(times) / (times[-1] - since) if len(times) > 1 else 0.0


def cut_answers(result: Routines) -> list[RecordedRequest]:
    """Sends and edits carried out while answers were late, whose answer was due after the
    connections were cut."""
    late = next(w for w in result.windows if w.name.startswith("answers"))
    cuts = [w.began for w in result.windows if w.name.startswith(REFUSED)]
    return [
        r
        for r in result.requests
        if r.method in SENDING | EDITING
        and r.ok
        and late.began <= r.time + r.duration <= late.ended
        and any(r.time + r.duration < cut < r.time + r.duration + LATE_ANSWER_S for cut in cuts)
    ]


def report_stuck(result: Routines, zero: float) -> bool:
    following = [f for f in result.followers if not f.blocks]
    stuck = stuck_routines(result)
    done = [f.finished - zero for f in following if f.finished is not None]
    resent = sum(
        1
        for r in result.requests
        if r.method == "sendMessage" and r.ok and str(r.params.get("text")).startswith(RESENT)
    )
    ended = max(w.ended for w in result.windows) - zero
    after = [moment - ended for moment in done]
    print(
        f"routines stuck: {len(stuck)}/{len(following)}  target 0  {verdict(not stuck)}"
        f"  (summaries {len(done)}: p50 {percentile(after, 50):.0f} s and the last "
        f"{max(after, default=float('nan')):.0f} s after the outage, deadline "
        f"{result.deadline - zero - ended:.0f} s; fresh cards sent after a stranded one: {resent})"
    )
    print(
        f"    the routines' own length at this scale is {result.length:.0f} s; the bot sent and "
        f"edited at {outgoing_rate(result, ended + zero):.0f}/s after the outage "
        f"(cap {PRODUCTION_CAP:g}/s)"
    )
    for one in stuck[:10]:
        print(f"    {one.name}: {one.why}")
    return not stuck


def report_blocked(result: Routines, zero: float) -> bool:
    windows = result.windows
    late = [w for w in windows if w.name.startswith("answers")]

    def late_at(moment: float) -> float:
        return LATE_ANSWER_S if any(w.began <= moment <= w.ended for w in late) else 0.0

    blocked = blocked_calls(result, late_at)
    after = sum(len(b.after) for b in blocked)
    ok = after == 0 and all(b.first_403 is not None for b in blocked)
    print(f"calls to blocked users after their first 403: {after}  target 0  {verdict(ok)}")
    for one in blocked:
        first = f"{one.first_403 - zero:.1f}" if one.first_403 is not None else "never"
        methods = Counter(r.method for r in one.after)
        print(
            f"    {one.name}: blocked at {one.blocked_at - zero:.1f} s, first 403 at {first} s, "
            f"{one.before} call(s) up to it; after it: {dict(methods) or 'none'}"
        )
    reminder = result.reminder
    if result.reminder_due is not None and reminder is not None:
        state = "on" if reminder.enabled else "turned off"
        print(
            f"    {blocked[0].name}'s reminder came due at {result.reminder_due - zero:.1f} s; "
            f"afterwards it is {state}, last sent for {reminder.last_sent_for or 'nothing'}"
        )
    return ok


def report_taps(load: Load) -> bool:
    delays = load.delays
    p99 = percentile(delays, 99) if not load.unanswered else float("inf")
    ok = p99 <= MAX_TAP_P99_S
    print(
        f"callback answer p99 at {load.rate:g} updates/s: {p99:.2f} s  target ≤ "
        f"{MAX_TAP_P99_S:g} s  {verdict(ok)}"
    )
    print(
        f"    {load.taps} taps and {load.updates - load.taps} messages from {load.users} people "
        f"over {load.seconds:g} s; answers p50 {percentile(delays, 50):.2f} s, max "
        f"{max(delays, default=float('nan')):.2f} s, unanswered {load.unanswered}; the bot "
        f"sent and edited at {load.calls_per_second:.1f}/s (cap {PRODUCTION_CAP:g}/s); "
        f"every update processed after {load.wall:.0f} s ({load.not_processed} not in time)"
    )
    return ok


def report_logs(result: Routines, lines: LogLines, left_out: int) -> list[bool]:
    began, ended = result.windows[0].began, max(w.ended for w in result.windows)
    during = lines.between(began, ended)
    text = "".join(during)
    line_count = text.count("\n")
    tracebacks = sum(1 for record in during if "Traceback (most recent call last)" in record)
    minutes = (ended - began) / 60
    after = lines.between(ended, result.deadline)
    every = "".join(t for _, t in lines.records)
    print(
        f"log lines per minute of outage: {line_count / minutes:.0f}  ({line_count} lines in "
        f"{ended - began:.0f} s, {len(during)} records; no target set)"
    )
    print(
        f"    records with a traceback during the outage: {tracebacks}  target 0  "
        f"{verdict(tracebacks == 0)}  (whole run: {every.count('Traceback (most recent')}); "
        f"after it until the deadline: {''.join(after).count(chr(10))} lines; stand-in "
        f"records left out: {left_out}"
    )
    kinds = Counter(_shape(record) for record in during)
    for shape, count in kinds.most_common(8):
        print(f"      {count:5d} × {shape}")
    return [tracebacks == 0]


def _shape(record: str) -> str:
    """A log line without its time and numbers, to group alike lines."""
    head = record.splitlines()[0] if record else ""
    parts = head.split(" ", 2)
    body = parts[2] if len(parts) == 3 else head
    return "".join("#" if c.isdigit() else c for c in body)[:110]


# Main ---------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=40, help="people following /bedtime (40)")
    parser.add_argument("--scale", type=float, default=20.0, help="bot time scale (20)")
    parser.add_argument("--load-users", type=int, default=40, help="people in the load (40)")
    parser.add_argument("--load-rate", type=float, default=40.0, help="updates/s in the load")
    parser.add_argument("--load-seconds", type=float, default=18.0, help="load length (18 s)")
    parser.add_argument(
        "--recovery",
        type=float,
        default=None,
        help="seconds after the outage for every routine to end (its length + 60 s)",
    )
    parser.add_argument(
        "--flap",
        type=float,
        default=0.0,
        help="seconds connections drop halfway through the late answers (0: none, as scripted)",
    )
    args = parser.parse_args()
    if not 0 <= args.flap <= LATE_S / 2:
        parser.error(f"--flap must be 0..{LATE_S / 2:g}")
    if not 4 <= args.users <= 200 or not 5 <= args.scale <= 60:
        parser.error("--users must be 4..200 and --scale 5..60")
    if not 1 <= args.load_users <= 500 or not 1 <= args.load_rate <= 400:
        parser.error("--load-users must be 1..500 and --load-rate 1..400")
    if not 1 <= args.load_seconds <= 60 or not 10 <= (args.recovery or 10) <= 300:
        parser.error("--load-seconds must be 1..60 and --recovery 10..300")
    lines, problems, not_the_bot = production_logging()
    try:
        with tempfile.TemporaryDirectory(prefix="stretchbench-") as tmp:
            folder = Path(tmp)
            template = migrated_template(folder)
            ok = asyncio.run(run(args, template, folder, lines, not_the_bot))
            return 0 if ok else 1
    finally:
        print("\n".join(problems.summary()))


async def run(
    args: argparse.Namespace,
    template: Path,
    folder: Path,
    lines: LogLines,
    not_the_bot: NotTheBot,
) -> bool:
    began = time.monotonic()
    print("Faults: a scripted Telegram outage against the real bot")
    print(machine_line())
    print(
        f"{args.users} people follow /bedtime at time scale {args.scale:g} through the outage; "
        f"before it, {args.load_users} people send {args.load_rate:g} updates/s for "
        f"{args.load_seconds:g} s; the bot's outgoing cap is the production "
        f"{PRODUCTION_CAP:g}/s, its logging the production {PRODUCTION_LOG_LEVEL} with "
        "PassingTroubleFilter."
    )
    print()
    database = fresh_database(template, folder, "faults")
    async with (
        new_standin() as standin,
        real_bot(standin, database, time_scale=args.scale) as bot,
    ):
        recovery = args.recovery or routine_seconds(bot) / args.scale + RESEND_LONGEST
        load = await load_phase(standin, args.load_users, args.load_rate, args.load_seconds)
        standin.clear_records()
        result = await routines_phase(standin, bot, args.users, args.scale, recovery, args.flap)
        result.length = routine_seconds(bot) / args.scale
    return report(load, result, lines, not_the_bot.left_out, began)


if __name__ == "__main__":
    sys.exit(main())
