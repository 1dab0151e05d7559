"""Send to Telegram through passing trouble: flood waits, refused connections, server errors.

A refused request (400) or a user who blocked the bot (403) is not retried: the first is
our bug and is raised, the second is the caller's to handle. A request that timed out while
waiting for Telegram's answer may have been carried out: a new message is not sent again
then (the person would see it twice), only an edit, which is the same however often it runs.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TypeVar

import httpx
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut

log = logging.getLogger(__name__)

T = TypeVar("T")
ATTEMPTS = 4
BACKOFF_SECONDS = 0.5
# How long the bot waits for Telegram's answer to a call. Long, so that a slow answer to a
# message already accepted is waited for rather than taken for a failure.
READ_TIMEOUT_SECONDS = 20.0


def is_passing(error: BaseException) -> bool:
    """Trouble on the way to Telegram that goes away by itself: a blip, a 5xx, a flood wait."""
    if isinstance(error, BadRequest):
        return False
    return isinstance(error, NetworkError | RetryAfter)


def surely_not_done(error: BaseException) -> bool:
    """Telegram certainly did not carry out the call, so making it again cannot repeat it:
    a flood wait, a 5xx answer, or a request that never left (no connection, none free).
    A timeout waiting for the answer, or a connection cut mid-call, may have been done."""
    if isinstance(error, RetryAfter):
        return True
    if isinstance(error, BadRequest) or not isinstance(error, NetworkError):
        return False
    cause = error.__cause__
    if cause is None:  # Telegram answered, with a server error
        return not isinstance(error, TimedOut)
    return isinstance(cause, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)


async def with_retries(call: Callable[[], Awaitable[T]], *, repeatable: bool = True) -> T:
    """`call` until it succeeds; `repeatable` False for a call that must not run twice."""
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
        except NetworkError as error:  # timeouts and 5xx; a 400 is a BadRequest, never retried
            if attempt == ATTEMPTS or not is_passing(error):
                raise
            if not repeatable and not surely_not_done(error):
                raise
            # Each retry at DEBUG: in an outage, every call of every routine retries, and
            # the line that matters is the one when a call is given up.
            log.debug("telegram trouble (%s), retrying", error.message)
            await asyncio.sleep(BACKOFF_SECONDS * 2 ** (attempt - 1))
    raise AssertionError("unreachable")
