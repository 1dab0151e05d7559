"""The bot's outgoing calls: one overall cap, and a meter so reminders can make room.

Telegram allows about 30 messages a second in all. A reminder wave paces itself under that
cap, but a person following a routine or asking for a stretch should not wait behind it:
the meter tells the reminder dispatcher how much of the cap everything else is using, and
the dispatcher takes only what is left (never less than a small share, so reminders still
go out on a busy night).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.ext import AIORateLimiter

# Calls outside the message cap: a tap's answer must go out at once, whatever is queued.
UNCAPPED = frozenset({"answerCallbackQuery", "answerInlineQuery"})
# The share of Telegram's cap the bot uses, keeping the rest for timing jitter.
HEADROOM = 0.95
# How far back the meter looks: long enough to smooth bursts, short enough to react.
WINDOW_SECONDS = 1.0


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


def reminder_share(budget: float, cap: float, others: float, floor: float) -> float:
    """Reminders per second for now: the budget, within what the cap leaves, at least `floor`.

    A cap of 0 means no overall cap, so reminders keep their whole budget.
    """
    if cap <= 0:
        return budget
    return min(budget, max(cap - others, floor))


class MeteredRateLimiter(AIORateLimiter):
    """PTB's rate limiter with the overall cap it enforces and a meter of what passes.

    It runs a little under Telegram's cap: at exactly the cap, calls that the network
    happens to bunch together arrive faster than Telegram refills, and earn a 429.
    """

    def __init__(self, overall_max_rate: float, max_retries: int) -> None:
        rate = overall_max_rate * HEADROOM
        super().__init__(overall_max_rate=rate, max_retries=max_retries)
        self.overall_max_rate = rate
        self.meter = OutgoingMeter()

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        if endpoint in UNCAPPED:
            # Not a message, and worthless if late: it never waits behind queued sends.
            return await callback(*args, **kwargs)
        self.meter.record()
        return await super().process_request(
            callback, args, kwargs, endpoint, data, rate_limit_args
        )
