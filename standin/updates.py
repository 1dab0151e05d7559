"""The getUpdates queue: long polling, offsets, allowed_updates and the one-poller rule."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from standin.errors import ApiError

DEFAULT_EXCLUDED = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)


@dataclass
class QueuedUpdate:
    """An update and what the server knows about its delivery."""

    update_id: int
    kind: str
    payload: dict[str, Any]
    fetched_at: float | None = None

    def json(self) -> dict[str, Any]:
        return {"update_id": self.update_id, self.kind: self.payload}


class UpdateQueue:
    """Updates wait here until a getUpdates call with a higher offset confirms them."""

    def __init__(
        self,
        first_id: int = 1,
        on_fetch: Callable[[int], None] | None = None,
        on_drop: Callable[[int, str], None] | None = None,
    ) -> None:
        self._pending: list[QueuedUpdate] = []
        self._next_id = first_id
        self._allowed: frozenset[str] | None = None
        self._generation = 0
        self._changed = asyncio.Event()
        self._closed = False
        self._on_fetch = on_fetch
        self._on_drop = on_drop

    @property
    def pending(self) -> list[QueuedUpdate]:
        return list(self._pending)

    def push(self, kind: str, payload: dict[str, Any]) -> int:
        """Queue an update; returns its update_id."""
        update = QueuedUpdate(self._next_id, kind, payload)
        self._next_id += 1
        self._pending.append(update)
        self._wake()
        return update.update_id

    def drop_all(self) -> list[int]:
        """deleteWebhook(drop_pending_updates=True): forget everything pending."""
        dropped = [u.update_id for u in self._pending]
        self._pending.clear()
        for update_id in dropped:
            self._dropped(update_id, "dropped by deleteWebhook(drop_pending_updates=True)")
        return dropped

    def close(self) -> None:
        """Release every waiting poll with an empty answer (server shutdown)."""
        self._closed = True
        self._wake()

    async def get(
        self,
        offset: int | None,
        limit: int,
        poll_seconds: float,
        allowed: list[str] | None,
        still_connected: Callable[[], bool] = lambda: True,
    ) -> list[dict[str, Any]]:
        """One getUpdates call; a newer call makes this one fail with 409."""
        self._generation += 1
        generation = self._generation
        self._wake()  # an older poll still waiting must notice it was superseded
        if allowed is not None:
            self._allowed = frozenset(allowed)
        self._confirm(offset)
        deadline = time.monotonic() + poll_seconds
        while True:
            if generation != self._generation:
                raise ApiError(409, CONFLICT)
            ready = self._deliverable()[:limit]
            remaining = deadline - time.monotonic()
            if ready or remaining <= 0 or self._closed:
                break
            changed = self._changed
            try:
                await asyncio.wait_for(changed.wait(), remaining)
            except TimeoutError:
                continue
        if ready and still_connected():
            now = time.monotonic()
            for update in ready:
                if update.fetched_at is None:
                    update.fetched_at = now
                    if self._on_fetch is not None:
                        self._on_fetch(update.update_id)
        return [update.json() for update in ready]

    def _confirm(self, offset: int | None) -> None:
        if offset is None or offset == 0:
            return
        if offset < 0:
            self._pending = self._pending[offset:]
        else:
            self._pending = [u for u in self._pending if u.update_id >= offset]

    def _deliverable(self) -> list[QueuedUpdate]:
        """Updates of kinds the bot asked for; others are dropped, as Telegram never sends them."""
        keep: list[QueuedUpdate] = []
        for update in self._pending:
            if _allowed(update.kind, self._allowed):
                keep.append(update)
            else:
                self._dropped(
                    update.update_id,
                    f"the bot's allowed_updates ({sorted(self._allowed or [])}) exclude "
                    f"{update.kind!r}",
                )
        self._pending = keep
        return keep

    def _dropped(self, update_id: int, reason: str) -> None:
        if self._on_drop is not None:
            self._on_drop(update_id, reason)

    def _wake(self) -> None:
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()


def _allowed(kind: str, allowed: frozenset[str] | None) -> bool:
    if not allowed:
        return kind not in DEFAULT_EXCLUDED
    return kind in allowed
