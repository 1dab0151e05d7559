"""The bot's own HTTP port: Telegram's webhook posts, and /healthz, /readyz and /metrics.

A post without the secret Telegram was given is refused (403) and logged without its body.
Any replica behind a load balancer takes any update; the chat-ordered processor keeps one
person's updates in order within it.
"""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from aiohttp import web
from telegram import Update

from bot.telegram.context import BotApplication
from bot.telegram.metrics import Metrics

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105  (a header's name)
# What is wrong, if anything: an empty list means ready.
Readiness = Callable[[], Awaitable[list[str]]]


class WebServer:
    def __init__(
        self,
        application: BotApplication,
        metrics: Metrics,
        readiness: Readiness,
        webhook: tuple[str, str] | None = None,
    ) -> None:
        """`webhook`: (public URL, secret) to take Telegram's posts at the URL's path."""
        self._application = application
        self._metrics = metrics
        self._readiness = readiness
        self._runner: web.AppRunner | None = None
        routes = [
            web.get("/healthz", self._healthz),
            web.get("/readyz", self._readyz),
            web.get("/metrics", self._metrics_page),
        ]
        self._secret = ""
        if webhook is not None:
            url, self._secret = webhook
            routes.append(web.post(urlsplit(url).path or "/", self._update))
        self._app = web.Application(client_max_size=1024 * 1024)
        self._app.add_routes(routes)
        self.port = 0

    async def start(self, host: str, port: int) -> None:
        runner = web.AppRunner(self._app, access_log=None, shutdown_timeout=2.0)
        await runner.setup()
        await web.TCPSite(runner, host, port).start()
        self._runner = runner
        self.port = int(runner.addresses[0][1])

    async def stop(self) -> None:
        """Stop taking posts: Telegram sends them again, to another replica."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _update(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not secrets.compare_digest(given.encode(), self._secret.encode()):
            log.warning("refused a webhook post without the right secret from %s", request.remote)
            return web.Response(status=403)
        try:
            data = await request.json()
            update = Update.de_json(data, self._application.bot)
        except (json.JSONDecodeError, TypeError, KeyError, ValueError):
            log.warning("refused a webhook post that is not an update")
            return web.Response(status=400)
        await self._application.update_queue.put(update)
        return web.Response(text="ok")

    async def _healthz(self, _request: web.Request) -> web.Response:
        return web.Response(text="ok")

    async def _readyz(self, _request: web.Request) -> web.Response:
        problems = await self._readiness()
        if problems:
            return web.Response(status=503, text="\n".join(problems) + "\n")
        return web.Response(text="ready")

    async def _metrics_page(self, _request: web.Request) -> web.Response:
        return web.Response(
            body=self._metrics.exposition(),
            headers={"Content-Type": "text/plain; version=0.0.4; charset=utf-8"},
        )
