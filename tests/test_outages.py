"""Telegram out of reach mid-routine: nothing is stuck, nothing is shown twice."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from bot.app.messages import PracticeCue
from bot.app.ports import Lane, Recipient
from bot.domain.practice import Cue, CueKind
from bot.storage.models import PracticeRow
from bot.storage.practices import Practice, PracticeRepository
from bot.telegram.context import use_cases
from standin import BotMessage, StandIn, UserClient
from tests.conftest import RunningBot
from tests.support.routines import follow

# Slower than the client used to wait (5 s), faster than it waits now.
LATE_ANSWER = 6.0


@pytest.fixture
def time_scale() -> float:
    return 50.0


async def latest_practice(bot: RunningBot) -> Practice:
    async with bot.services.database.transaction() as db:
        newest = await db.scalar(select(func.max(PracticeRow.id)))
        assert newest is not None
        stored = await PracticeRepository(db).get(newest)
    assert stored is not None
    return stored


async def stranded(bot: RunningBot) -> None:
    """Until the practice keeps no card: the person has none to look at."""
    for _ in range(300):
        if (await latest_practice(bot)).card_message_id is None:
            return
        await asyncio.sleep(0.1)
    raise AssertionError("the practice never lost its card")


async def bedtime_card(user: UserClient) -> BotMessage:
    replies = await user.send("/bedtime")
    return replies[-1]


async def test_a_card_that_cannot_be_sent_comes_fresh_when_telegram_is_back(
    standin: StandIn, user: UserClient, bot: RunningBot
) -> None:
    first = await bedtime_card(user)
    # Every try of the outbox fails: Telegram is down for a while.
    standin.fail_next("sendPhoto", 502, count=4)

    await user.tap(first, "⏭ Skip")
    fresh = await user.next_message(timeout=20)

    assert fresh.words.startswith("Telegram was out of reach for a moment")
    assert "Wind-relieving pose" in fresh.words
    assert fresh.button_texts[0] == "▶️ Start"
    await user.tap(fresh, "▶️ Start")
    assert (await user.next_message(timeout=20)).chat_id == user.chat_id, "the routine goes on"


async def test_refused_connections_strand_no_routine(
    standin: StandIn, user: UserClient, bot: RunningBot
) -> None:
    first = await bedtime_card(user)
    await user.tap(first, "▶️ Start")
    await standin.refuse_connections()

    await stranded(bot)  # knee hugs end meanwhile, and the next card cannot go out
    await standin.accept_connections()
    messages = await follow(user, "Telegram was out of reach", timeout=30)

    fresh = messages[-1]
    assert "Wind-relieving pose" in fresh.words
    await user.tap(fresh, "▶️ Start")
    assert standin.rejections == []


async def test_a_slow_answer_is_waited_for_not_sent_again(
    standin: StandIn, user: UserClient, bot: RunningBot
) -> None:
    outbox = use_cases(bot.application).outbox
    standin.set_late_answers(LATE_ANSWER, method="sendMessage")

    sent = await outbox.send(
        Recipient(user.chat_id), PracticeCue(Cue(CueKind.SWITCH_SIDES)), Lane.CUE
    )

    assert sent is not None
    assert len(standin.calls("sendMessage")) == 1
    assert len(user.messages) == 1
