"""Run an Application inside an existing event loop, by long polling or by webhook.

`run_polling` owns the loop, so the demo, tests and benches (which also run the stand-in
in the same loop) and `stretchbot run` start and stop the bot through these instead; the
steps are PTB's own. With a web server, the same port answers /healthz, /readyz and /metrics.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from telegram import Update

from bot.app.health import database_problems
from bot.config import Config, host_and_port
from bot.telegram.context import SERVICES_KEY, BotApplication, Services
from bot.telegram.web import WebServer

log = logging.getLogger(__name__)

# Parallel posts Telegram may make to each replica; the chat-ordered processor serialises
# one person's updates, different people go in parallel.
MAX_WEBHOOK_CONNECTIONS = 40


@asynccontextmanager
async def polling(application: BotApplication) -> AsyncIterator[BotApplication]:
    async with _running(application):
        assert application.updater is not None
        await application.updater.start_polling(
            poll_interval=0, timeout=10, allowed_updates=Update.ALL_TYPES
        )
        try:
            yield application
        finally:
            if application.updater.running:
                await application.updater.stop()


@asynccontextmanager
async def webhook(application: BotApplication, config: Config) -> AsyncIterator[WebServer]:
    """Serve Telegram's posts on WEBHOOK_LISTEN and register WEBHOOK_URL with the secret."""
    assert config.webhook_url is not None and config.webhook_secret is not None
    registered: list[bool] = []
    server = WebServer(
        application,
        _services(application).metrics,
        lambda: _readiness(application, "webhook not registered" if not registered else None),
        (config.webhook_url, config.webhook_secret.get_secret_value()),
    )
    async with _running(application):
        await server.start(*host_and_port(config.webhook_listen))
        try:
            await application.bot.set_webhook(
                config.webhook_url,
                secret_token=config.webhook_secret.get_secret_value(),
                allowed_updates=Update.ALL_TYPES,
                max_connections=MAX_WEBHOOK_CONNECTIONS,
            )
            registered.append(True)
            log.info("taking updates by webhook on %s", config.webhook_listen)
            yield server
        finally:
            # Telegram posts whatever comes next to another replica (or again, later).
            await server.stop()


@asynccontextmanager
async def health_server(
    application: BotApplication, listen: str | None
) -> AsyncIterator[WebServer | None]:
    """/healthz, /readyz and /metrics beside long polling (METRICS_LISTEN), if asked for."""
    if listen is None:
        yield None
        return

    async def ready() -> list[str]:
        updater = application.updater
        polling_now = updater is not None and updater.running
        return await _readiness(application, None if polling_now else "not polling")

    server = WebServer(application, _services(application).metrics, ready)
    await server.start(*host_and_port(listen))
    try:
        yield server
    finally:
        await server.stop()


@asynccontextmanager
async def _running(application: BotApplication) -> AsyncIterator[None]:
    await application.initialize()
    try:
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        try:
            yield
        finally:
            if application.running:
                await application.stop()
    finally:
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)


async def _readiness(application: BotApplication, updates_problem: str | None) -> list[str]:
    """Ready: the database answers, it is at the newest migration, and updates come in."""
    problems = [updates_problem] if updates_problem else []
    return problems + await database_problems(_services(application).database)


def _services(application: BotApplication) -> Services:
    services: Services = application.bot_data[SERVICES_KEY]
    return services
