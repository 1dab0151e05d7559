"""Injected faults reach PTB as the exceptions real Telegram causes, and are not rejections."""

from __future__ import annotations

import asyncio
import datetime as dtm
import time
from typing import Any

import pytest
from telegram import Bot
from telegram.error import (
    BadRequest,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)

from standin import StandIn

App = Any
# Without PTB_TIMEDELTA set, PTB 22 warns whenever RetryAfter.retry_after is read.
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


def seconds(exc: RetryAfter) -> float:
    """The retry delay PTB read: an int or a timedelta, depending on PTB_TIMEDELTA."""
    value = exc.retry_after
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


async def test_injected_429_raises_retry_after(standin: StandIn, bot_app: App) -> None:
    ana = standin.new_user()
    standin.fail_next("sendMessage", 429, retry_after=7)
    with pytest.raises(RetryAfter) as caught:
        await bot_app.bot.send_message(ana.chat_id, "hi")
    assert seconds(caught.value) == 7
    assert standin.requests[-1].description == "Too Many Requests: retry after 7"
    assert standin.requests[-1].injected
    await bot_app.bot.send_message(ana.chat_id, "hi")  # only the next call failed
    assert standin.rejections == []


async def test_injected_403_500_and_count(standin: StandIn, bot_app: App) -> None:
    ana, bo = standin.new_user("Ana"), standin.new_user("Bo")
    standin.fail_next("sendMessage", 403, chat_id=bo.chat_id)
    await bot_app.bot.send_message(ana.chat_id, "not Bo")
    with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
        await bot_app.bot.send_message(bo.chat_id, "hi")
    standin.fail_next("*", 500, count=2)
    for _ in range(2):
        with pytest.raises(NetworkError, match="Internal Server Error"):
            await bot_app.bot.get_me()
    standin.fail_next("getMe", 502)
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot_app.bot.get_me()
    assert (await bot_app.bot.get_me()).username == "stretch_demo_bot"


async def test_invalid_token(standin: StandIn) -> None:
    bot_id = standin.token.split(":")[0]
    bot = Bot(f"{bot_id}:wrong", base_url=standin.base_url)
    with pytest.raises(InvalidToken):
        await bot.initialize()
    await bot.shutdown()
    assert [(r.status, r.description) for r in standin.rejections] == [(401, "Unauthorized")]
    standin.rejections.clear()


async def test_token_format() -> None:
    standin = StandIn()
    bot_id, secret = standin.token.split(":")
    assert bot_id == str(standin.bot_id) and bot_id.isdigit()
    assert len(secret) == 35 and all(c.isalnum() or c in "_-" for c in secret)
    assert StandIn().token != standin.token


async def test_blocked_user(standin: StandIn, bot_app: App) -> None:
    ana = standin.new_user()
    sent = await bot_app.bot.send_message(ana.chat_id, "hi")
    standin.block(ana)
    with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
        await bot_app.bot.send_message(ana.chat_id, "hi again")
    with pytest.raises(Forbidden):
        await bot_app.bot.edit_message_text("edit", ana.chat_id, sent.message_id)
    standin.unblock(ana.id)
    await bot_app.bot.send_message(ana.chat_id, "welcome back")
    assert [m.text for m in ana.messages] == ["hi", "welcome back"]


async def test_flood_control(standin: StandIn, bot_app: App) -> None:
    ana, bo = standin.new_user("Ana"), standin.new_user("Bo")
    standin.set_flood_control(per_chat_per_second=1, per_chat_burst=2, global_per_second=None)
    await bot_app.bot.send_message(ana.chat_id, "1")
    await bot_app.bot.send_message(ana.chat_id, "2")
    with pytest.raises(RetryAfter) as caught:
        await bot_app.bot.send_message(ana.chat_id, "3")
    assert seconds(caught.value) == 1
    await bot_app.bot.send_message(bo.chat_id, "other chats have their own bucket")

    standin.set_flood_control(global_per_second=0.5, global_burst=1)
    await bot_app.bot.send_message(ana.chat_id, "one")
    with pytest.raises(RetryAfter) as caught:
        await bot_app.bot.send_message(bo.chat_id, "two")
    assert seconds(caught.value) == 2
    await bot_app.bot.send_chat_action(ana.chat_id, "typing")  # not a message: not limited
    standin.set_flood_control()
    await bot_app.bot.send_message(bo.chat_id, "limits off")
    assert [r.injected for r in standin.requests if r.status == 429] == [True, True]


async def test_delay(standin: StandIn, bot_app: App) -> None:
    standin.set_delay(0.2, method="getMe")
    started = time.monotonic()
    await bot_app.bot.get_me()
    assert time.monotonic() - started >= 0.2
    standin.set_delay(0, method="getMe")
    started = time.monotonic()
    await bot_app.bot.get_me()
    assert time.monotonic() - started < 0.2


async def test_faults_apply_after_validation(standin: StandIn, bot_app: App) -> None:
    ana = standin.new_user()
    standin.fail_next("sendMessage", 500)
    with pytest.raises(BadRequest):
        await bot_app.bot.send_message(ana.chat_id, "<b>", parse_mode="HTML")
    assert len(standin.rejections) == 1  # an invalid call is never hidden by a fault
    standin.rejections.clear()
    with pytest.raises(NetworkError):
        await bot_app.bot.send_message(ana.chat_id, "valid")


async def test_refused_connections_then_back(standin: StandIn, bot_app: App) -> None:
    ana = standin.new_user()
    await bot_app.bot.send_message(ana.chat_id, "before")  # a pooled connection is open now

    await standin.refuse_connections()
    assert standin.refusing
    with pytest.raises(NetworkError, match="ConnectError"):
        await bot_app.bot.send_message(ana.chat_id, "during")
    await standin.accept_connections()
    await bot_app.bot.send_message(ana.chat_id, "after")

    assert [m.text for m in ana.messages] == ["before", "after"]
    assert not standin.refusing


async def test_late_answers_take_effect_although_the_client_gave_up(
    standin: StandIn, bot_app: App
) -> None:
    ana = standin.new_user()
    standin.set_late_answers(0.5, method="sendMessage")

    with pytest.raises(TimedOut):
        await bot_app.bot.send_message(ana.chat_id, "sent all the same", read_timeout=0.1)

    assert [m.text for m in ana.messages] == ["sent all the same"]
    [call] = standin.calls("sendMessage")
    assert call.ok
    standin.set_late_answers(0, method="sendMessage")
    started = time.monotonic()
    await bot_app.bot.send_message(ana.chat_id, "on time")
    assert time.monotonic() - started < 0.5


async def test_a_delay_before_the_call_changes_nothing_when_the_client_gives_up(
    standin: StandIn, bot_app: App
) -> None:
    ana = standin.new_user()
    standin.set_delay(0.5, method="sendMessage")

    with pytest.raises(TimedOut):
        await bot_app.bot.send_message(ana.chat_id, "never", read_timeout=0.1)
    await asyncio.sleep(0.6)

    assert ana.messages == []
