"""Process updates concurrently across chats but in order within one chat.

A person's messages and taps must be handled in the order they were sent; different
people must not wait for each other. A tap is answered at once, before it waits for its
turn in the chat (see taps.py). An optional hook reports each finished update, which the
stand-in uses to know when the bot has replied.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.app.locks import KeyedLocks
from bot.telegram.metrics import Metrics
from bot.telegram.taps import Taps

UpdateDone = Callable[[int], None]


class ChatOrderedUpdateProcessor(BaseUpdateProcessor):
    def __init__(
        self,
        max_concurrent_updates: int,
        on_done: UpdateDone | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        super().__init__(max_concurrent_updates)
        self._on_done = on_done
        self._metrics = metrics
        self._chats = KeyedLocks()
        self.taps = Taps()

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat_id, began = _chat_id(update), time.monotonic()
        query = update.callback_query if isinstance(update, Update) else None
        if query is not None:
            self.taps.arrived(query)
        try:
            if chat_id is None:
                await coroutine
                return
            async with self._chats.hold(chat_id):
                await coroutine
        finally:
            if query is not None:  # a handler that did not answer, or raised
                await self.taps.answer(query)
            if self._metrics is not None:
                self._metrics.update_handled(time.monotonic() - began)
            if self._on_done is not None and isinstance(update, Update):
                self._on_done(update.update_id)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""


def _chat_id(update: object) -> int | None:
    if isinstance(update, Update):
        if update.effective_chat is not None:
            return update.effective_chat.id
        if update.effective_user is not None:
            return update.effective_user.id
    return None
