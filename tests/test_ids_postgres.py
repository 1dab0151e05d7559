"""Ids that grow for years are 64-bit on PostgreSQL too: a practice numbered past 2**31 works."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import text

from bot.domain import practice as flow
from bot.domain.pacing import Pace, TempoName
from bot.storage.db import Database, create_engine
from bot.storage.migrate import upgrade_to_head_async
from bot.storage.users import Visitor
from tests.conftest import make_config

PAST_INT32 = 3_000_000_000
NOW = datetime(2026, 11, 23, 21, 30, tzinfo=UTC)


async def test_practice_and_pain_ids_past_32_bits(postgres_database: str) -> None:
    url = f"postgresql+asyncpg://{postgres_database}"
    await upgrade_to_head_async(make_config(database_url=url))
    database = Database(create_engine(url))
    try:
        async with database.unit() as unit:
            for sequence in ("routine_sessions_id_seq", "pain_checks_id_seq"):
                await unit.db.execute(text(f"ALTER SEQUENCE {sequence} RESTART {PAST_INT32}"))
            await unit.users.record_visit(Visitor(7, 7, "Ana", "en"), NOW)
            state = flow.new_practice(["childs-pose"], Pace.STANDARD, TempoName.STANDARD, NOW)
            added = await unit.practices.add(
                7, 7, None, "Child's pose", state, cue_sound=True, settle_seconds=0
            )
            assert await unit.progress.mark_pain_asked(7, date(2026, 11, 23), "before", NOW)
        assert added.id == PAST_INT32
        async with database.unit() as unit:
            found = await unit.practices.get(PAST_INT32)
            # A forged button may name any id the codec lets through.
            assert await unit.practices.get(2**63 - 1) is None
            pain_id = await unit.db.scalar(text("SELECT id FROM pain_checks"))
        assert found is not None and found.user_id == 7
        assert pain_id == PAST_INT32
    finally:
        await database.close()
