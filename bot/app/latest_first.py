"""Edits of one message, one at a time, the newest first: older waiting ones are dropped.

A card edit only matters until the next one: when Telegram's cap makes edits wait, a card
that changed twice needs only its newest state shown. Timers hand their card edits here and
go on, so a waiting edit never holds a practice back from its next cue.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Hashable

log = logging.getLogger(__name__)

Call = Callable[[], Awaitable[object]]


class LatestFirst:
    def __init__(self) -> None:
        self._busy: set[Hashable] = set()
        self._waiting: dict[Hashable, tuple[Call, list[asyncio.Future[None]]]] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    def submit(self, key: Hashable, call: Call) -> asyncio.Future[None]:
        """Run `call` once the edit under way for `key` is done, unless a newer one comes
        first; the future resolves when this edit, or the newer one replacing it, is done."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        if key not in self._busy:
            self._busy.add(key)
            task = asyncio.create_task(self._run(key, call, [done]), name="card-edit")
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            return done
        _, older = self._waiting.get(key, (call, []))
        self._waiting[key] = (call, [*older, done])
        return done

    async def _run(self, key: Hashable, call: Call, done: list[asyncio.Future[None]]) -> None:
        while True:
            try:
                await call()
            except Exception:
                log.exception("a card edit failed")
            finally:
                for future in done:
                    if not future.done():
                        future.set_result(None)
            following = self._waiting.pop(key, None)
            if following is None:
                self._busy.discard(key)
                return
            call, done = following
