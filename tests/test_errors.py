"""Telegram trouble and bugs: the bot answers kindly, keeps running, and never leaks the token."""

from __future__ import annotations

import logging

import pytest

from bot.config import RedactingFormatter
from standin import StandIn, UserClient
from tests.conftest import RunningBot


async def test_flood_control_on_a_reply_is_waited_out(standin: StandIn, user: UserClient) -> None:
    standin.fail_next("sendMessage", 429, retry_after=1)

    [reply] = await user.send("/help")

    assert "/stretches" in reply.text
    statuses = [r.status for r in standin.requests if r.method == "sendMessage"]
    assert statuses == [429, 200]


async def test_a_server_error_gets_an_apology_and_the_bot_carries_on(
    standin: StandIn, user: UserClient, caplog: pytest.LogCaptureFixture
) -> None:
    standin.fail_next("sendMessage", 500)

    with caplog.at_level(logging.ERROR):
        [apology] = await user.send("/help")

    assert apology.text == "Sorry, something went wrong on my side. Please try again in a moment."
    assert any(record.exc_info for record in caplog.records), "the error is logged with its cause"
    [reply] = await user.send("/help")
    assert "/stretches" in reply.text


async def test_a_user_who_blocked_the_bot_causes_no_crash(
    standin: StandIn, user: UserClient, bot: RunningBot
) -> None:
    other = standin.new_user(first_name="Bo")
    standin.block(user.id)

    assert await user.send("/start") == []
    [reply] = await other.send("/help")  # everyone else is unaffected
    assert "/stretches" in reply.text


async def test_slow_telegram_still_gets_an_answer(standin: StandIn, user: UserClient) -> None:
    standin.set_delay(0.5, method="sendMessage")

    [reply] = await user.send("/safety")

    assert "history of cancer" in reply.text


async def test_the_token_never_reaches_the_logs(
    standin: StandIn, user: UserClient, caplog: pytest.LogCaptureFixture
) -> None:
    """Even an exception message that quotes the token is redacted when formatted."""
    formatter = RedactingFormatter("%(message)s", [standin.token])
    standin.fail_next("sendMessage", 500)

    with caplog.at_level(logging.DEBUG):
        await user.send("/help")
        logging.getLogger("test").error("boom %s", standin.token)

    formatted = "\n".join(formatter.format(record) for record in caplog.records)
    assert standin.token not in formatted
    assert "[redacted]" in formatted
