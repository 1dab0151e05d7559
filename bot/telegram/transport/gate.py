"""The gate the routine lanes pass, so cues keep their time under load.

At most a few calls are in flight at once (more would only queue inside the HTTP pool, whose
per-request bookkeeping then costs more than the calls). Cues go first and have places kept
for them; a countdown refresh that finds the gate full is skipped, since the next one a few
seconds later shows the right time anyway.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools

from bot.app.ports import Lane

# Bot API calls of the routine lanes in flight at once. More only queue inside the HTTP pool, whose
# per-request scan of its connections and waiters then costs more than the calls themselves.
MAX_CALLS_IN_FLIGHT = 8
# Places only cues may take, so a cue never waits for card edits already on their way.
KEPT_FOR_CUES = 3


class CallGate:
    """At most `limit` calls in flight, the last `kept` of them for cues; waiting calls are
    let in by lane, then in order."""

    def __init__(self, limit: int, kept: int) -> None:
        self._limits = {lane: limit if lane is Lane.CUE else limit - kept for lane in Lane}
        self._busy = 0
        self._order = itertools.count()
        self._waiting: list[tuple[Lane, int, asyncio.Future[None]]] = []

    async def enter(self, lane: Lane) -> bool:
        """Take a place; False (and no place) for a countdown refresh finding none free."""
        if self._may_enter(lane):
            self._busy += 1
            return True
        if lane is Lane.COUNTDOWN:
            return False
        place: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiting, (lane, next(self._order), place))
        try:
            await place
        except asyncio.CancelledError:
            if place.done() and not place.cancelled():
                self.leave()  # the place was handed over just as we were cancelled
            raise
        return True

    def leave(self) -> None:
        """Free a place and hand places to the calls waiting first, as far as they may enter."""
        self._busy -= 1
        while self._waiting:
            lane, _, place = self._waiting[0]
            if place.done():  # its caller was cancelled
                heapq.heappop(self._waiting)
            elif self._busy < self._limits[lane]:
                heapq.heappop(self._waiting)
                self._busy += 1
                place.set_result(None)
            else:
                return

    def _may_enter(self, lane: Lane) -> bool:
        first_waiting = self._waiting[0][0] if self._waiting else None
        ahead = first_waiting is not None and first_waiting <= lane
        return not ahead and self._busy < self._limits[lane]
