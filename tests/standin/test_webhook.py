"""setWebhook as Telegram checks it, and getUpdates refused while a webhook is set."""

from __future__ import annotations

from typing import Any

import pytest
from telegram.error import BadRequest, Conflict

from standin import StandIn
from tests.standin.conftest import pop_rejections

App = Any


@pytest.mark.parametrize(
    ("url", "secret", "refusal"),
    [
        ("http://bot.example/hook", None, "An HTTPS URL must be provided"),
        ("https://bot.example:8080/hook", None, "only on ports 80, 88, 443 or 8443"),
        ("https://bot.example/hook", "has spaces", "secret token contains unallowed characters"),
    ],
)
async def test_a_webhook_telegram_would_refuse(
    standin: StandIn, bot_app: App, url: str, secret: str | None, refusal: str
) -> None:
    with pytest.raises(BadRequest, match=f"(?i){refusal}"):
        await bot_app.bot.set_webhook(url, secret_token=secret)
    assert len(pop_rejections(standin)) == 1
    assert standin.state.webhook.settings is None


async def test_polling_while_a_webhook_is_set_is_a_conflict(
    standin: StandIn, bot_app: App
) -> None:
    assert await bot_app.bot.set_webhook("https://bot.example:8443/hook", secret_token="s-1")
    info = await bot_app.bot.get_webhook_info()
    assert (info.url, info.max_connections) == ("https://bot.example:8443/hook", 40)

    with pytest.raises(Conflict, match="can't use getUpdates method while webhook is active"):
        await bot_app.bot.get_updates(timeout=0)
    pop_rejections(standin)

    assert await bot_app.bot.delete_webhook()
    assert await bot_app.bot.get_updates(timeout=0) == ()
