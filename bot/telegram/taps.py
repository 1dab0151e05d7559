"""Every button tap is answered exactly once, and at once.

Telegram shows a spinner on a tapped button until the bot answers, and refuses answers that
come too late. A tap waits its turn behind the chat's earlier updates, so the answer cannot
wait for the handler: if the handler has not answered within `ANSWER_WITHIN`, the tap is
answered without a pop-up, and the handler's later answer is dropped.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import CallbackQuery
from telegram.error import TelegramError

log = logging.getLogger(__name__)

# Seconds a handler has to answer with its own pop-up before an empty answer goes out.
ANSWER_WITHIN = 0.5


class Taps:
    def __init__(self, within: float = ANSWER_WITHIN) -> None:
        self._within = within
        self._waiting: dict[str, asyncio.TimerHandle] = {}
        self._sending: set[asyncio.Task[None]] = set()

    def arrived(self, query: CallbackQuery) -> None:
        """Start the clock: the tap gets an empty answer if nothing answers it in time."""
        loop = asyncio.get_running_loop()
        self._waiting[query.id] = loop.call_later(self._within, self._answer_late, query)

    async def answer(
        self, query: CallbackQuery, text: str | None = None, url: str | None = None
    ) -> None:
        """Answer the tap, unless it was answered already (then the pop-up is dropped)."""
        waiting = self._waiting.pop(query.id, None)
        if waiting is None:
            return
        waiting.cancel()
        await _send(query, text, url)

    def _answer_late(self, query: CallbackQuery) -> None:
        if self._waiting.pop(query.id, None) is None:
            return
        task = asyncio.create_task(_send(query, None, None), name="answer-tap")
        self._sending.add(task)
        task.add_done_callback(self._sending.discard)


async def _send(query: CallbackQuery, text: str | None, url: str | None) -> None:
    try:
        await query.answer(text, url=url)
    except TelegramError as error:
        # Too late or already answered: the person sees the result of the tap anyway.
        log.info("could not answer a button tap: %s", error.message)
