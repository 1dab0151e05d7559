"""The bot's outgoing calls: one overall cap shared out by lane, and a meter of what passes.

Telegram allows about 30 messages a second in all. Every capped call waits for its turn in
one place, the call gate (gate.py), by lane: routine cues, then replies, then card edits,
then countdown refreshes, then reminders. PTB's own limiter, kept behind it with no overall
rate, still paces group chats and waits out a 429. The outbox names a call's lane
(`in_lane`); a call made elsewhere (a handler's reply) is a reply.

A reminder wave also paces itself: the meter tells the reminder dispatcher how much of the
cap everything else is using, and the dispatcher takes only what is left (never less than a
small share, so reminders still go out on a busy night).
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from telegram.ext import AIORateLimiter, BaseRateLimiter

from bot.app.latest_first import leaving
from bot.app.ports import Lane
from bot.telegram.transport.gate import KEPT_FOR_CUES, MAX_CALLS_IN_FLIGHT, CallGate

# Calls outside the message cap: a tap's answer must go out at once, whatever is queued.
UNCAPPED = frozenset({"answerCallbackQuery", "answerInlineQuery"})
# The share of Telegram's cap the bot uses, keeping the rest for timing jitter.
HEADROOM = 0.95
# How far back the meter looks: long enough to smooth bursts, short enough to react.
WINDOW_SECONDS = 1.0

# Telegram's limit within one chat: about a message a second, with short bursts allowed.
PER_CHAT_PER_SECOND = 1.0
PER_CHAT_BURST = 3
# Chats whose pace is remembered before the idle ones are forgotten.
CHATS_REMEMBERED = 1024

_LANE: ContextVar[Lane] = ContextVar("lane", default=Lane.REPLY)

Result = bool | dict[str, Any] | list[dict[str, Any]]


class Skipped(Exception):
    """A countdown refresh found no room and was not sent: the next one shows the time."""


@contextmanager
def in_lane(lane: Lane) -> Iterator[None]:
    """Calls made inside take their turn at the gate as `lane`."""
    token = _LANE.set(lane)
    try:
        yield
    finally:
        _LANE.reset(token)


class OutgoingMeter:
    """Calls asked for in the last second, and how many of them were reminders."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._calls: deque[float] = deque()
        self._bulk: deque[float] = deque()

    def record(self) -> None:
        """Any call on its way to Telegram (the rate limiter notes each one)."""
        self._add(self._calls)

    def record_bulk(self) -> None:
        """A call that is a reminder (the dispatcher notes its own)."""
        self._add(self._bulk)

    def others_per_second(self) -> float:
        """Calls per second that are not reminders, over the last window."""
        self._forget_old(self._calls)
        self._forget_old(self._bulk)
        return max(len(self._calls) - len(self._bulk), 0) / WINDOW_SECONDS

    def _add(self, times: deque[float]) -> None:
        times.append(self._clock())
        self._forget_old(times)  # so a night without reminders does not grow the meter

    def _forget_old(self, times: deque[float]) -> None:
        since = self._clock() - WINDOW_SECONDS
        while times and times[0] < since:
            times.popleft()


class ChatPace:
    """Per private chat, a token bucket like Telegram's, taken from only once a call is let
    out overall (one taken for earlier, then held back, could reach Telegram with later
    ones); a call finding none left books the next and waits for it."""

    def __init__(self, rate: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._rate = rate
        self._clock = clock
        self._buckets: dict[int, tuple[float, float]] = {}  # chat: (tokens, when)

    def wait(self, chat_id: int) -> float:
        """Seconds until the chat may have one more call (0: now)."""
        tokens = self._tokens(chat_id)
        return 0.0 if tokens >= 1 else (1 - tokens) / self._rate

    def take(self, chat_id: int) -> float:
        """Take the chat's next call; seconds to wait before it may leave (0: now)."""
        if len(self._buckets) >= CHATS_REMEMBERED:
            self._forget_idle()
        left = self._tokens(chat_id) - 1
        self._buckets[chat_id] = (left, self._clock())
        return 0.0 if left >= 0 else -left / self._rate

    def _tokens(self, chat_id: int) -> float:
        tokens, when = self._buckets.get(chat_id, (PER_CHAT_BURST, 0.0))
        return min(PER_CHAT_BURST, tokens + (self._clock() - when) * self._rate)

    def _forget_idle(self) -> None:
        full = [chat for chat in self._buckets if self._tokens(chat) >= PER_CHAT_BURST]
        for chat in full:
            del self._buckets[chat]


def reminder_share(budget: float, cap: float, others: float, floor: float) -> float:
    """Reminders per second for now: the budget, within what the cap leaves, at least `floor`.

    A cap of 0 means no overall cap, so reminders keep their whole budget.
    """
    if cap <= 0:
        return budget
    return min(budget, max(cap - others, floor))


class LaneRateLimiter(BaseRateLimiter[int]):
    """The overall cap, handed out by lane at the gate, and a meter of what passes.

    It runs a little under Telegram's cap: at exactly the cap, calls that the network
    happens to bunch together arrive faster than Telegram refills, and earn a 429. While
    calls are held back, each private chat is paced too, at a message a second after a short
    burst, so a routine whose calls were let go together does not earn one in its chat. A
    cap of 0 means no rate and no pace, but the gate still orders the routine lanes' calls in
    flight.
    """

    def __init__(self, overall_max_rate: float, max_retries: int, time_scale: float = 1.0) -> None:
        self.overall_max_rate = overall_max_rate * HEADROOM
        self.meter = OutgoingMeter()
        self.gate = CallGate(MAX_CALLS_IN_FLIGHT, KEPT_FOR_CUES, self.overall_max_rate)
        # A chat's pace follows the bot's clock: a routine run faster says more a second.
        self.chats = ChatPace(PER_CHAT_PER_SECOND * time_scale)
        # Per group chat and after a 429 only: the overall rate is the gate's.
        self._behind = AIORateLimiter(overall_max_rate=0, max_retries=max_retries)

    async def initialize(self) -> None:
        await self._behind.initialize()

    async def shutdown(self) -> None:
        await self._behind.shutdown()

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Result:
        if endpoint in UNCAPPED or data.get("chat_id") is None:
            # Not a message (a tap's answer is worthless if late): never waits behind sends.
            return await callback(*args, **kwargs)
        self.meter.record()
        lane = _LANE.get()
        chat = data["chat_id"]
        # A group's pace is PTB's limiter's; a private chat's is ours, with the overall cap.
        private = self.overall_max_rate > 0 and isinstance(chat, int) and chat > 0

        async def at_the_gate(*call_args: Any, **call_kwargs: Any) -> Result:
            # A countdown refresh with no room, in its chat or overall: skipped (the outbox
            # treats it as shown; the next one shows the time anyway).
            held_back = self.gate.saturated()
            if private and held_back and lane is Lane.COUNTDOWN and self.chats.wait(chat) > 0:
                raise Skipped
            if not await self.gate.enter(lane):
                raise Skipped
            try:
                # Counted always; waited for only when calls were held back, which is when
                # a chat's calls come out bunched (one person alone gets Telegram's burst).
                wait = self.chats.take(chat) if private else 0.0
                if wait > 0 and (held_back or self.gate.saturated()):
                    await asyncio.sleep(wait)
                leaving()
                return await callback(*call_args, **call_kwargs)
            finally:
                self.gate.leave(lane)

        return await self._behind.process_request(
            at_the_gate, args, kwargs, endpoint, data, rate_limit_args
        )
