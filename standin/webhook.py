"""Telegram's side of a webhook: each update POSTed as JSON with the secret header.

Telegram posts to the URL the bot registered (public https); a test names the local
addresses behind it instead (`deliver_to`), in turn, as a load balancer would spread them.
An update counts as delivered on a 2xx answer; otherwise it is posted again after a pause,
as Telegram does, so nothing is lost while a replica restarts.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from standin.updates import UpdateQueue

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105  (a header name)
RETRY_SECONDS = 0.2
POST_TIMEOUT_SECONDS = 10.0


@dataclass
class WebhookSettings:
    url: str
    secret_token: str | None
    max_connections: int
    allowed_updates: list[str] | None


@dataclass
class Delivery:
    """One POST of an update: where, what answer (None: no connection) and when."""

    update_id: int
    address: str
    status: int | None
    secret: str | None


@dataclass
class WebhookSender:
    queue: UpdateQueue
    settings: WebhookSettings | None = None
    # Local addresses that stand for the public URL (a load balancer's back ends).
    addresses: list[str] = field(default_factory=list)
    deliveries: list[Delivery] = field(default_factory=list)
    last_error: str | None = None
    _task: asyncio.Task[None] | None = None
    _turn: itertools.count[int] = field(default_factory=itertools.count)

    def set(self, settings: WebhookSettings) -> None:
        self.settings = settings
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run())

    async def delete(self) -> None:
        self.settings = None
        await self.stop()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        offset: int | None = None
        async with aiohttp.ClientSession() as session:
            while self.settings is not None:
                settings = self.settings
                updates = await self.queue.get(offset, 100, 1.0, settings.allowed_updates)
                for update in updates:
                    await self._deliver(session, update)
                    offset = int(update["update_id"]) + 1

    async def _deliver(self, session: aiohttp.ClientSession, update: dict[str, Any]) -> None:
        """Post until a 2xx: the next update waits, as Telegram keeps a chat's order."""
        while self.settings is not None:
            address = self._address(self.settings)
            status = await self._post(session, address, update, self.settings.secret_token)
            self.deliveries.append(
                Delivery(update["update_id"], address, status, self.settings.secret_token)
            )
            if status is not None and 200 <= status < 300:
                return
            self.last_error = f"Wrong response from the webhook: {status or 'no connection'}"
            await asyncio.sleep(RETRY_SECONDS)

    def _address(self, settings: WebhookSettings) -> str:
        if not self.addresses:
            return settings.url
        return self.addresses[next(self._turn) % len(self.addresses)]

    async def _post(
        self,
        session: aiohttp.ClientSession,
        address: str,
        update: dict[str, Any],
        secret: str | None,
    ) -> int | None:
        headers = {"Content-Type": "application/json"}
        if secret:
            headers[SECRET_HEADER] = secret
        try:
            async with session.post(
                address,
                data=json.dumps(update),
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=POST_TIMEOUT_SECONDS),
            ) as answer:
                return answer.status
        except (aiohttp.ClientError, TimeoutError) as error:
            log.debug("webhook post to %s failed: %s", address, error)
            return None
