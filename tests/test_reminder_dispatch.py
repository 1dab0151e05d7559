"""The reminder dispatcher's cycle with fake ports, on SQLite and on the local PostgreSQL.

Claim (a short lease the live process renews) → record the attempt → send → finish.
The clock is Monday 2026-11-23 21:30 UTC and moves only when told to; Ana's reminder is
due at 21:45 UTC every night.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app.reminder_dispatch import ReminderDispatch
from bot.app.reminders import Reminders
from bot.content.loader import load_places
from bot.storage.db import Database, create_engine
from bot.storage.migrate import upgrade_to_head
from bot.storage.models import Reminder, User
from bot.storage.reminders import ReminderSetting
from bot.storage.users import Visitor
from tests.conftest import make_config, sqlite_url
from tests.support.fakes import FakeOutbox, Killed, ManualClock

EVENING = datetime(2026, 11, 23, 21, 30, tzinfo=UTC)
TONIGHT = datetime(2026, 11, 23, 21, 45, tzinfo=UTC)
TOMORROW = TONIGHT + timedelta(days=1)
ANA = Visitor(user_id=7, chat_id=7, first_name="Ana", language_code="en")


@dataclass
class World:
    clock: ManualClock
    outbox: FakeOutbox
    database: Database

    def dispatcher(self) -> ReminderDispatch:
        """A dispatcher in a process of its own (each has its own lease owner)."""
        return ReminderDispatch(self.database, self.clock, self.outbox)

    async def setting(self) -> ReminderSetting:
        async with self.database.unit() as unit:
            current = await unit.reminders.get(ANA.user_id)
        assert current is not None
        return current

    async def row(self) -> Reminder:
        async with self.database.transaction() as db:
            row = await db.get(Reminder, ANA.user_id)
        assert row is not None
        return row

    async def reachable(self) -> bool:
        async with self.database.transaction() as db:
            user = await db.get(User, ANA.user_id)
        assert user is not None
        return user.reachable


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path, migrated_database: Path) -> str:
    if request.param == "sqlite":
        path = tmp_path / "dispatch.sqlite3"
        shutil.copy(migrated_database, path)
        return sqlite_url(path)
    url = f"postgresql+asyncpg://{request.getfixturevalue('postgres_database')}"
    upgrade_to_head(make_config(database_url=url))
    return url


@pytest.fixture
async def world(database_url: str) -> AsyncIterator[World]:
    database = Database(create_engine(database_url))
    clock = ManualClock(EVENING)
    reminders = Reminders(database, clock, load_places())
    await reminders.timezone(ANA, "UTC")
    await reminders.remind(ANA, "21:45 daily")
    yield World(clock, FakeOutbox(), database)
    await database.close()


async def eventually(check: Callable[[], Awaitable[bool]]) -> None:
    """Wait (a bounded while) for something another task does."""
    for _ in range(1000):
        if await check():
            return
        await asyncio.sleep(0.005)
    raise AssertionError("it never happened")


async def test_a_crash_after_sending_never_sends_the_reminder_again(world: World) -> None:
    world.outbox.killed_after_sending = True
    world.clock.advance(minutes=15)
    with pytest.raises(Killed):
        await world.dispatcher().run_once()

    # Long after any claim of the dead process ran out, a new process looks at the row.
    world.outbox.killed_after_sending = False
    world.clock.advance(minutes=5)
    assert await world.dispatcher().run_once() == 0
    assert world.outbox.attempts == 1 and len(world.outbox.sent) == 1
    current = await world.setting()
    assert current.next_fire_at == TOMORROW and current.last_sent_for == TONIGHT


async def test_a_dead_dispatchers_claim_is_free_soon_enough_to_go_out_within_30_s(
    world: World,
) -> None:
    world.clock.advance(minutes=15)
    async with world.database.unit() as unit:
        [claimed] = await unit.reminders.claim_due("dead-process", world.clock(), 10)
    assert claimed.user_id == ANA.user_id
    assert await world.dispatcher().run_once() == 0, "a live claim is respected"

    # It died just after claiming (or renewing). Ticks come every 15 s, whatever their
    # phase, so the claim has to be free 15 s after the death for 30 s to be kept.
    world.clock.advance(seconds=15)
    assert await world.dispatcher().run_once() == 1
    assert len(world.outbox.sent) == 1


async def test_a_live_dispatcher_keeps_its_claim_while_a_slow_wave_goes_out(
    world: World,
) -> None:
    world.outbox.hold = asyncio.Event()
    world.clock.advance(minutes=15)
    # Bot time runs 1000 times faster for its timers: lease renewals every few ms.
    busy = ReminderDispatch(world.database, world.clock, world.outbox, time_scale=1000)
    run = asyncio.create_task(busy.run_once())

    async def sending() -> bool:
        return world.outbox.attempts == 1

    await eventually(sending)

    world.clock.advance(minutes=1)  # far past the first lease: only a renewal keeps it

    async def renewed() -> bool:
        lease_until = (await world.row()).lease_until
        return lease_until is not None and lease_until > world.clock()

    await eventually(renewed)
    assert await world.dispatcher().run_once() == 0
    row = await world.row()
    assert row.lease_owner == busy.owner and row.next_fire_at == TONIGHT, "left alone"

    world.outbox.hold.set()
    assert await run == 1
    assert len(world.outbox.sent) == 1
    assert (await world.row()).lease_owner is None


async def test_an_unreachable_person_gets_no_reminder_until_they_write_again(
    world: World,
) -> None:
    # A 403 anywhere (a routine's cue, say) marks the person unreachable.
    async with world.database.unit() as unit:
        await unit.users.mark_unreachable(ANA.user_id)
    world.clock.advance(minutes=15)
    assert await world.dispatcher().run_once() == 0
    assert world.outbox.attempts == 0
    current = await world.setting()
    assert current.enabled and current.next_fire_at == TOMORROW, "kept, moved like a skip"

    async with world.database.unit() as unit:
        await unit.users.record_visit(ANA, world.clock())
    world.clock.advance(days=1)
    assert await world.dispatcher().run_once() == 1
    assert len(world.outbox.sent) == 1


async def test_a_block_found_while_sending_keeps_the_reminder_for_later(world: World) -> None:
    world.outbox.blocked.add(ANA.chat_id)
    world.clock.advance(minutes=15)
    assert await world.dispatcher().run_once() == 0
    assert not await world.reachable()
    current = await world.setting()
    assert current.enabled and current.next_fire_at == TOMORROW
    assert current.last_sent_for is None, "nothing arrived"

    world.clock.advance(days=1)
    assert await world.dispatcher().run_once() == 0
    assert world.outbox.attempts == 1, "not tried while they are unreachable"

    world.outbox.blocked.clear()
    async with world.database.unit() as unit:
        await unit.users.record_visit(ANA, world.clock())
    world.clock.advance(days=1)
    assert await world.dispatcher().run_once() == 1


async def test_a_send_that_certainly_failed_is_tried_again_and_sent_once(world: World) -> None:
    world.outbox.refusing = True
    world.clock.advance(minutes=15)
    dispatch = world.dispatcher()
    assert await dispatch.run_once() == 0
    assert (await world.setting()).last_sent_for is None, "the attempt is taken back"

    world.outbox.refusing = False
    assert await dispatch.run_once() == 0, "not at once"
    world.clock.advance(seconds=31)
    assert await dispatch.run_once() == 1
    assert world.outbox.attempts == 2 and len(world.outbox.sent) == 1
    assert (await world.setting()).next_fire_at == TOMORROW


async def test_a_send_that_may_have_arrived_is_not_sent_again(world: World) -> None:
    world.outbox.failing = True
    world.clock.advance(minutes=15)
    assert await world.dispatcher().run_once() == 0

    world.outbox.failing = False
    world.clock.advance(minutes=5)
    assert await world.dispatcher().run_once() == 0
    assert world.outbox.attempts == 1
    current = await world.setting()
    assert current.next_fire_at == TOMORROW and current.last_sent_for == TONIGHT
