"""Edits of one message, one at a time, the newest first: older ones not yet sent are merged.

A card edit only matters until the next one: when Telegram's cap makes edits wait, a card
that changed twice needs only its newest state shown. Timers hand their card edits here and
go on, so a waiting edit never holds a practice back from its next cue. A newer edit drops
the older ones waiting behind the one under way, and withdraws the one under way too while
its request is still waiting for the send budget: the transport calls `leaving()` as a
request goes on the wire, after which it is left to finish.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Hashable
from contextvars import ContextVar
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

Call = Callable[[], Awaitable[object]]


@dataclass
class _UnderWay:
    """The edit being made for a key: its task, and whether a request of it left already."""

    done: list[asyncio.Future[None]]
    task: asyncio.Task[object] = field(init=False)
    sent: bool = False


_UNDER_WAY: ContextVar[_UnderWay | None] = ContextVar("card_edit_under_way", default=None)


def leaving() -> None:
    """The transport's word that a request is going on the wire: the edit it belongs to (if
    any) may have reached Telegram, so it is no longer withdrawn for a newer one."""
    under_way = _UNDER_WAY.get()
    if under_way is not None:
        under_way.sent = True


class LatestFirst:
    def __init__(self) -> None:
        self._under_way: dict[Hashable, _UnderWay] = {}
        self._waiting: dict[Hashable, tuple[Call, list[asyncio.Future[None]]]] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self.merged = 0  # edits never sent because a newer one replaced them

    def submit(self, key: Hashable, call: Call) -> asyncio.Future[None]:
        """Run `call` once the edit under way for `key` is done, unless a newer one comes
        first; the future resolves when this edit, or the newer one replacing it, is done."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        under_way = self._under_way.get(key)
        if under_way is None:
            self._start(key, call, [done])
            task = asyncio.create_task(self._drive(key), name="card-edits")
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            return done
        if key in self._waiting:
            self.merged += 1
        _, older = self._waiting.get(key, (call, []))
        self._waiting[key] = (call, [*older, done])
        if not under_way.sent:
            under_way.task.cancel()  # still waiting for the send budget: never sent
        return done

    def _start(self, key: Hashable, call: Call, done: list[asyncio.Future[None]]) -> None:
        under_way = _UnderWay(done=done)
        under_way.task = asyncio.create_task(_attempt(under_way, call), name="card-edit")
        self._under_way[key] = under_way

    async def _drive(self, key: Hashable) -> None:
        """Await each edit for `key` in turn, then start the newest waiting one, if any."""
        while True:
            under_way = self._under_way[key]
            try:
                await asyncio.wait([under_way.task])
            except asyncio.CancelledError:
                under_way.task.cancel()
                raise
            withdrawn = under_way.task.cancelled()
            if withdrawn:
                self.merged += 1
            elif (error := under_way.task.exception()) is not None:
                log.error("a card edit failed", exc_info=error)
            following = self._waiting.pop(key, None)
            if following is None:
                _resolve(under_way.done)
                del self._under_way[key]
                return
            if not withdrawn:
                _resolve(under_way.done)
            call, done = following
            self._start(key, call, [*under_way.done, *done] if withdrawn else done)


async def _attempt(under_way: _UnderWay, call: Call) -> object:
    _UNDER_WAY.set(under_way)  # in this task's own context: what `leaving()` marks
    return await call()


def _resolve(futures: list[asyncio.Future[None]]) -> None:
    for future in futures:
        if not future.done():
            future.set_result(None)
