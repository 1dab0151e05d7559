"""Two bot processes sharing one PostgreSQL database never send the same reminder.

Each bot has its own engine and connection pool, as two processes would; claims use
`FOR UPDATE SKIP LOCKED`, so a row one bot is claiming is invisible to the other.
"""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from bot.app import reminder_dispatch
from bot.app.reminder_dispatch import ReminderDispatch
from bot.storage.migrate import upgrade_to_head_async
from bot.storage.models import Reminder, User
from bot.storage.reminders import days_to_mask
from bot.telegram.context import use_cases
from standin import StandIn
from tests.conftest import RunningBot, make_config
from tests.support.clock import TEST_START, make_clock

PEOPLE = 120


async def test_two_bots_on_one_postgres_send_each_reminder_once(
    standin: StandIn, postgres_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small claims, so the two bots interleave many times over the same rows.
    monkeypatch.setattr(reminder_dispatch, "BATCH", 5)
    config = make_config(
        telegram_bot_token=standin.token,
        telegram_api_base_url=standin.base_url,
        database_url=f"postgresql+asyncpg://{postgres_database}",
        reminder_tick_seconds=0.05,
        reminder_messages_per_second=1000,
        telegram_max_messages_per_second=0,
    )
    await upgrade_to_head_async(config)
    people = [standin.new_user(first_name=f"P{i}") for i in range(PEOPLE)]
    clock = make_clock()
    first, second = RunningBot(standin, config, clock), RunningBot(standin, config, clock)
    await first.start()
    await second.start()
    try:
        async with first.services.database.transaction() as db:
            for person in people:
                db.add(
                    User(
                        id=person.id,
                        chat_id=person.chat_id,
                        first_name=person.person.first_name,
                        language_code="en",
                        created_at=TEST_START,
                        last_seen_at=TEST_START,
                        timezone="Europe/Berlin",
                    )
                )
            await db.flush()
            for person in people:
                db.add(
                    Reminder(
                        user_id=person.id,
                        chat_id=person.chat_id,
                        local_minute=22 * 60 + 30,
                        days_mask=days_to_mask(frozenset(range(7))),
                        zone="Europe/Berlin",
                        enabled=True,
                        next_fire_at=TEST_START,
                        updated_at=TEST_START,
                    )
                )
        for _ in range(200):
            if sum(len(p.messages) for p in people) >= PEOPLE:
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.5)  # room for a duplicate to show up
    finally:
        await first.stop()
        await second.stop()

    received = Counter(len(p.messages) for p in people)
    assert received == Counter({1: PEOPLE})
    dispatchers = [use_cases(bot.application).reminder_dispatch for bot in (first, second)]
    assert all(isinstance(d, ReminderDispatch) for d in dispatchers)
    # Both did a share of the work: the lock really was contended.
    assert all(d.sent > 0 for d in dispatchers), [d.sent for d in dispatchers]
    assert sum(d.sent for d in dispatchers) == PEOPLE
