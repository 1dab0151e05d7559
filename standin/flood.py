"""Telegram-like flood control: token buckets per chat and overall, answering 429."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass
class TokenBucket:
    """``rate`` tokens per second up to ``capacity``; one token per message."""

    rate: float
    capacity: float
    tokens: float
    updated: float

    def wait_time(self, now: float) -> float:
        """Seconds until a token is available (0 when one is)."""
        self._refill(now)
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate

    def take(self, now: float) -> None:
        self._refill(now)
        self.tokens -= 1

    def _refill(self, now: float) -> None:
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now


class FloodControl:
    """Off by default; when on, limits message-sending and editing calls."""

    def __init__(self) -> None:
        self.per_chat_rate: float | None = None
        self.per_chat_burst = 1
        self.global_rate: float | None = None
        self.global_burst = 1
        self._chats: dict[int | str, TokenBucket] = {}
        self._global: TokenBucket | None = None

    def configure(
        self,
        per_chat_per_second: float | None,
        per_chat_burst: int,
        global_per_second: float | None,
        global_burst: int,
    ) -> None:
        """Replace the limits; None switches that limit off. Buckets start full."""
        self.per_chat_rate = per_chat_per_second
        self.per_chat_burst = max(1, per_chat_burst)
        self.global_rate = global_per_second
        self.global_burst = max(1, global_burst)
        self._chats.clear()
        self._global = None

    def check(self, chat_id: int | str | None, now: float) -> int | None:
        """None if the call may go ahead (and it is counted), else retry_after seconds (≥ 1)."""
        buckets: list[TokenBucket] = []
        if self.per_chat_rate is not None and chat_id is not None:
            bucket = self._chats.get(chat_id)
            if bucket is None:
                bucket = TokenBucket(
                    self.per_chat_rate, self.per_chat_burst, self.per_chat_burst, now
                )
                self._chats[chat_id] = bucket
            buckets.append(bucket)
        if self.global_rate is not None:
            if self._global is None:
                self._global = TokenBucket(
                    self.global_rate, self.global_burst, self.global_burst, now
                )
            buckets.append(self._global)
        wait = max((b.wait_time(now) for b in buckets), default=0.0)
        if wait > 0:
            return max(1, math.ceil(wait))
        for bucket in buckets:
            bucket.take(now)
        return None
