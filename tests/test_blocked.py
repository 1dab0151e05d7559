"""A person who blocked the bot hears nothing more from it, until they write again."""

from __future__ import annotations

import asyncio

import pytest

from bot.storage.models import User
from standin import StandIn, UserClient
from tests.conftest import RunningBot

SCALE = 50.0


@pytest.fixture
def time_scale() -> float:
    return SCALE


async def reachable(bot: RunningBot, user: UserClient) -> bool:
    async with bot.services.database.transaction() as db:
        stored = await db.get(User, user.id)
    assert stored is not None
    return stored.reachable


async def test_the_first_403_stops_every_call_to_that_chat(
    standin: StandIn, user: UserClient, bot: RunningBot
) -> None:
    other = standin.new_user(first_name="Bo")
    _intro, card = await user.send("/bedtime")
    await user.tap(card, "▶️ Start")
    standin.block(user.id)

    await asyncio.sleep(120 / SCALE)  # two minutes of routine: cues, edits, the next card

    to_user = [r for r in standin.requests if r.chat_id == user.chat_id]
    first_403 = next(r for r in to_user if r.status == 403)
    answered = first_403.time + first_403.duration
    after = [r.method for r in to_user if r.time > answered]
    assert after == [], "once Telegram said 403, not one more call"
    assert not await reachable(bot, user)
    [reply] = await other.send("/help")  # everyone else is unaffected
    assert "/stretches" in reply.text


async def test_writing_again_makes_a_person_reachable(
    standin: StandIn, user: UserClient, bot: RunningBot
) -> None:
    _intro, card = await user.send("/bedtime")
    await user.tap(card, "▶️ Start")
    standin.block(user.id)
    await asyncio.sleep(60 / SCALE)
    standin.unblock(user.id)

    replies = await user.send("/help")

    assert replies and "/stretches" in replies[-1].text
    assert await reachable(bot, user)
