"""One asyncio lock per key (a chat, a practice), forgotten as soon as nobody holds it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Hashable
from contextlib import asynccontextmanager


class KeyedLocks:
    def __init__(self) -> None:
        self._locks: dict[Hashable, asyncio.Lock] = {}
        self._users: dict[Hashable, int] = {}

    @asynccontextmanager
    async def hold(self, key: Hashable) -> AsyncIterator[None]:
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] = self._users.get(key, 0) + 1
        try:
            async with lock:
                yield
        finally:
            self._users[key] -= 1
            if not self._users[key]:
                # Memory must not grow with the number of chats or practices ever seen.
                del self._users[key]
                del self._locks[key]

    def __len__(self) -> int:
        return len(self._locks)

    def held(self) -> frozenset[Hashable]:
        """The keys someone holds or waits for right now."""
        return frozenset(self._locks)
