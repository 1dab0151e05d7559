"""Fixtures: a stand-in per test and real PTB applications polling it over loopback HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import aiohttp
import pytest
from telegram import Update
from telegram.ext import Application, ApplicationBuilder, BaseHandler, BaseUpdateProcessor

from standin import StandIn

AppFactory = Callable[..., Awaitable[Application[Any, Any, Any, Any, Any, Any]]]


class MarkingProcessor(BaseUpdateProcessor):
    """Processes updates one by one and tells the stand-in when each is done."""

    def __init__(self, standin: StandIn) -> None:
        super().__init__(max_concurrent_updates=1)
        self.standin = standin

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        try:
            await coroutine
        finally:
            if isinstance(update, Update):
                self.standin.mark_processed(update.update_id)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""


@pytest.fixture
async def standin() -> AsyncIterator[StandIn]:
    """A stand-in that checks its own answers; fails the test if a call was refused unexpectedly.

    Tests that provoke refusals assert on ``standin.rejections`` and then clear it.
    """
    async with StandIn(check_responses=True) as server:
        yield server
        assert server.rejections == [], "the bot sent requests the stand-in refused"


@pytest.fixture
async def make_app(standin: StandIn) -> AsyncIterator[AppFactory]:
    """Build, start and poll a PTB Application against the stand-in; stopped at teardown."""
    apps: list[Application[Any, Any, Any, Any, Any, Any]] = []

    async def factory(
        *handlers: BaseHandler[Any, Any, Any], allowed_updates: list[str] | None = None
    ) -> Application[Any, Any, Any, Any, Any, Any]:
        app = (
            ApplicationBuilder()
            .token(standin.token)
            .base_url(standin.base_url)
            .concurrent_updates(MarkingProcessor(standin))
            .build()
        )
        for handler in handlers:
            app.add_handler(handler)
        await app.initialize()
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(
            poll_interval=0, timeout=5, allowed_updates=allowed_updates
        )
        apps.append(app)
        return app

    yield factory
    for app in apps:
        assert app.updater is not None
        await app.updater.stop()
        await app.stop()
        await app.shutdown()


@pytest.fixture
async def bot_app(standin: StandIn) -> AsyncIterator[Application[Any, Any, Any, Any, Any, Any]]:
    """An initialized PTB application that does not poll: for calling bot methods directly."""
    app = ApplicationBuilder().token(standin.token).base_url(standin.base_url).build()
    await app.initialize()
    yield app
    await app.shutdown()


def pop_rejections(standin: StandIn) -> list[str]:
    """Descriptions of the refused calls so far, clearing them for the teardown check."""
    descriptions = [r.description for r in standin.rejections]
    standin.rejections.clear()
    return descriptions


async def raw_call(
    standin: StandIn,
    method: str,
    *,
    data: dict[str, Any] | aiohttp.FormData | None = None,
    json: dict[str, Any] | None = None,
    query: dict[str, str] | None = None,
    token: str | None = None,
) -> tuple[int, dict[str, Any]]:
    """Call the stand-in without PTB: form (``data``), JSON body, or GET with a query string."""
    url = f"{standin.base_url}{token or standin.token}/{method}"
    async with aiohttp.ClientSession() as session:
        if query is not None:
            response = await session.get(url, params=query)
        else:
            response = await session.post(url, data=data, json=json)
        async with response:
            body: dict[str, Any] = await response.json()
            return response.status, body
