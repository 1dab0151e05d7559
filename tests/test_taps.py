"""Every tap is answered once and at once, whatever the chat is waiting for."""

from __future__ import annotations

import asyncio

from standin import StandIn, UserClient

SLOW_SEND = 3.0


async def test_a_tap_on_an_inline_message_is_answered(user: UserClient) -> None:
    await user.tap_inline("ex:cat-cow")

    answer = user.last_callback_answer
    assert answer is not None and answer.text == "That button has expired."


async def test_a_tap_is_answered_before_the_chat_s_slow_reply_is_done(
    standin: StandIn, user: UserClient
) -> None:
    menu = (await user.send("/start"))[-1]
    standin.set_delay(SLOW_SEND, method="sendMessage")

    # /help holds the chat while its reply crawls; the tap behind it is answered meanwhile.
    help_sent = asyncio.create_task(user.send("/help"))
    await asyncio.sleep(0.2)
    await user.tap(menu, "⚠️ Safety")
    await help_sent

    answer = user.last_callback_answer
    assert answer is not None
    assert answer.delay < SLOW_SEND / 2, "the answer did not wait for the chat's queue"
    assert [r.status for r in standin.calls("answerCallbackQuery")] == [200]
    shown = next(m for m in user.messages if m.message_id == menu.message_id)
    assert "history of cancer" in shown.text, "the tap still did what it said"


async def test_a_forged_tap_gets_one_answer_only(standin: StandIn, user: UserClient) -> None:
    menu = (await user.send("/start"))[-1]

    await user.tap_data(menu, "rt:1:²:1:s")

    assert len(standin.calls("answerCallbackQuery")) == 1
    answer = user.last_callback_answer
    assert answer is not None and answer.text == "That button has expired. Here is the menu again."
