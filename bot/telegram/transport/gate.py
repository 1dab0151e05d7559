"""The gate every capped call passes just before it leaves, so cues keep their time under load.

It sits inside the rate limiter: the order in which calls get Telegram's budget is decided
here, by lane, and nowhere first come first served. At most a few calls of the routine lanes
are in flight at once (more would only queue inside the HTTP pool, whose per-request
bookkeeping then costs more than the calls), and, when a rate is set, at most that many start
per second: a little under Telegram's overall cap. Cues go first and have places kept for
them, and most of a second's worth of starts is kept for them too, so routines that reach a
switch at the same moment cue at once; a card refresh that finds no place or no room is
skipped, since the next one shows the right thing anyway. Beyond the rate, card edits wait
first; past that, cues come evenly late, and Telegram never sees more than it allows. Replies
and reminders take their turn by lane as well, without an in-flight place: a reply is bounded
by the updates in progress, a reminder by its own pace.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import time

from bot.app.ports import Lane

# Bot API calls of the routine lanes in flight at once. More only queue inside the HTTP pool, whose
# per-request scan of its connections and waiters then costs more than the calls themselves.
MAX_CALLS_IN_FLIGHT = 8
# Places only cues may take, so a cue never waits for card edits already on their way.
KEPT_FOR_CUES = 3
# The share of a second's worth of starts that only cues may take, for a wave of them.
CUE_BURST_SHARE = 0.8
# The lanes that take an in-flight place.
ROUTINE_LANES = frozenset({Lane.CUE, Lane.CARD, Lane.COUNTDOWN})


class CallGate:
    """At most `limit` routine calls in flight, the last `kept` of them for cues, and at most
    `rate` starts a second (0: no rate); waiting calls are let in by lane, then in order."""

    def __init__(self, limit: int, kept: int, rate: float = 0.0) -> None:
        self._limits = {lane: limit if lane is Lane.CUE else limit - kept for lane in Lane}
        for lane in set(Lane) - ROUTINE_LANES:
            self._limits[lane] = 1 << 30  # no place needed
        self._busy = 0
        self._order = itertools.count()
        self._waiting: list[tuple[Lane, int, asyncio.Future[None]]] = []
        self._rate = rate
        # Up to a second's worth of starts at once, all but the bottom fifth only for cues:
        # card edits still get the whole rate when cues are quiet, as the bucket refills.
        self._burst = max(rate, 1.0)
        self._kept = self._burst * CUE_BURST_SHARE
        self._tokens = self._burst
        self._stamp = time.monotonic()
        self._wake: asyncio.TimerHandle | None = None

    async def enter(self, lane: Lane) -> bool:
        """Take a place; False (and no place) for a card refresh finding none free."""
        if self._may_enter(lane):
            self._take(lane)
            return True
        if lane is Lane.COUNTDOWN:
            return False
        place: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiting, (lane, next(self._order), place))
        self._hand_out()  # with places free but no room in the rate, it sets a wake-up
        try:
            await place
        except asyncio.CancelledError:
            if place.done() and not place.cancelled():
                self.leave(lane)  # the place was handed over just as we were cancelled
            raise
        return True

    def saturated(self) -> bool:
        """Whether calls are being held back: some wait, or the rate's reserve is spent."""
        return bool(self._waiting) or (self._rate > 0 and not self._room(Lane.CARD))

    def leave(self, lane: Lane) -> None:
        """Free a place and hand places to the calls waiting first, as far as they may enter."""
        if lane in ROUTINE_LANES:
            self._busy -= 1
        self._hand_out()

    def _hand_out(self) -> None:
        while self._waiting:
            lane, _, place = self._waiting[0]
            if place.done():  # its caller was cancelled
                heapq.heappop(self._waiting)
            elif self._busy >= self._limits[lane]:
                return
            elif not self._room(lane):
                self._wake_when_room(lane)
                return
            else:
                heapq.heappop(self._waiting)
                self._take(lane)
                place.set_result(None)

    def _may_enter(self, lane: Lane) -> bool:
        first_waiting = self._waiting[0][0] if self._waiting else None
        ahead = first_waiting is not None and first_waiting <= lane
        return not ahead and self._busy < self._limits[lane] and self._room(lane)

    def _take(self, lane: Lane) -> None:
        if lane in ROUTINE_LANES:
            self._busy += 1
        if self._rate:
            self._tokens -= 1

    def _room(self, lane: Lane) -> bool:
        """Whether one more call of `lane` may start now, within the rate."""
        if not self._rate:
            return True
        now = time.monotonic()
        self._tokens = min(self._burst, self._tokens + (now - self._stamp) * self._rate)
        self._stamp = now
        return self._tokens >= self._needed(lane)

    def _needed(self, lane: Lane) -> float:
        # A reply answers someone waiting for it: it may use the starts kept for cues, though
        # a cue waiting too goes first.
        return 1.0 if lane in (Lane.CUE, Lane.REPLY) else 1.0 + self._kept

    def _wake_when_room(self, lane: Lane) -> None:
        if self._wake is None:
            delay = (self._needed(lane) - self._tokens) / self._rate
            self._wake = asyncio.get_running_loop().call_later(delay, self._woken)

    def _woken(self) -> None:
        self._wake = None
        self._hand_out()
