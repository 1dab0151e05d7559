"""Send to Telegram through passing trouble: flood waits, timeouts and server errors.

A refused request (400) or a user who blocked the bot (403) is not retried: the first is
our bug and is raised, the second is the caller's to handle.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TypeVar

from telegram.error import BadRequest, NetworkError, RetryAfter

log = logging.getLogger(__name__)

T = TypeVar("T")
ATTEMPTS = 4
BACKOFF_SECONDS = 0.5


async def with_retries(call: Callable[[], Awaitable[T]]) -> T:
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return await call()
        except RetryAfter as error:
            if attempt == ATTEMPTS:
                raise
            wait = error.retry_after
            seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
            log.info("flood control: waiting %.0f s", seconds)
            await asyncio.sleep(seconds)
        except BadRequest:
            raise
        except NetworkError as error:  # timeouts and 5xx
            if attempt == ATTEMPTS:
                raise
            log.info("telegram trouble (%s), retrying", error.message)
            await asyncio.sleep(BACKOFF_SECONDS * 2 ** (attempt - 1))
    raise AssertionError("unreachable")
