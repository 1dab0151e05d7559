"""Group-committed saves: each caller gets its own compare-and-set answer, committed.

Every test runs on SQLite and on the local PostgreSQL: a batch must lose only where one of
its saves really is stale, on both.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import event

from bot.domain import practice as flow
from bot.domain.pacing import Pace, TempoName
from bot.storage.db import Database, create_engine
from bot.storage.migrate import upgrade_to_head_async
from bot.storage.models import User
from bot.storage.practice_writer import PracticeWriter
from bot.storage.practices import Practice, PracticeRepository
from tests.conftest import make_config, sqlite_url

NOW = datetime(2026, 11, 23, 21, 30, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, migrated_database: Path, tmp_path: Path) -> str:
    if request.param == "sqlite":
        path = tmp_path / "writer.sqlite3"
        shutil.copy(migrated_database, path)
        return sqlite_url(path)
    return f"postgresql+asyncpg://{request.getfixturevalue('postgres_database')}"


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    if database_url.startswith("postgresql"):
        await upgrade_to_head_async(make_config(database_url=database_url))
    database = Database(create_engine(database_url))
    async with database.transaction() as db:
        db.add(User(id=1, chat_id=1, first_name="Ana", created_at=NOW, last_seen_at=NOW))
    yield database
    await database.close()


async def new_sessions(database: Database, count: int) -> list[Practice]:
    state = flow.new_practice(["supine-twist"], Pace.STANDARD, TempoName.STANDARD, NOW)
    async with database.transaction() as db:
        sessions = PracticeRepository(db)
        return [
            await sessions.add(1, 1, None, "Supine twist", state, cue_sound=True, settle_seconds=0)
            for _ in range(count)
        ]


def stopped_after(stored: Practice, seconds: int) -> flow.PracticeState:
    """A distinct next state: the session was stopped `seconds` after it began."""
    when = NOW + timedelta(seconds=seconds)
    state = stored.state
    return replace(state, status=flow.Status.STOPPED, token=state.token + 1, ended_at=when)


async def stored_tokens(database: Database, sessions: list[Practice]) -> list[int]:
    async with database.transaction() as db:
        repository = PracticeRepository(db)
        return [(await repository.get(s.id)).state.token for s in sessions]  # type: ignore[union-attr]


async def test_saves_arriving_together_share_one_transaction(database: Database) -> None:
    sessions = await new_sessions(database, 20)
    commits = rollbacks = 0

    def count(*_: object) -> None:
        nonlocal commits
        commits += 1

    def lost(*_: object) -> None:
        nonlocal rollbacks
        rollbacks += 1

    event.listen(database.engine.sync_engine, "commit", count)
    event.listen(database.engine.sync_engine, "rollback", lost)
    writer = PracticeWriter(database)

    results = await asyncio.gather(
        *(writer.save(s.id, s.state.token, stopped_after(s, 60)) for s in sessions)
    )

    assert results == [True] * 20
    assert await stored_tokens(database, sessions) == [2] * 20
    assert commits <= 3, "the first save goes alone, the other nineteen together"
    assert rollbacks == 0, "no batch was rolled back to be redone one save at a time"


async def test_a_stale_save_in_a_batch_loses_alone(database: Database) -> None:
    first, second = await new_sessions(database, 2)
    writer = PracticeWriter(database)

    # Two taps on the first session carry the same token: only one may win.
    results = await asyncio.gather(
        writer.save(first.id, first.state.token, stopped_after(first, 60)),
        writer.save(first.id, first.state.token, stopped_after(first, 90)),
        writer.save(second.id, second.state.token, stopped_after(second, 60)),
    )

    assert list(results) == [True, False, True]
    async with database.transaction() as db:
        kept = await PracticeRepository(db).get(first.id)
    assert kept is not None and kept.state.ended_at == NOW + timedelta(seconds=60)


async def test_saves_of_one_practice_in_one_batch_follow_each_other(database: Database) -> None:
    (stored,) = await new_sessions(database, 1)
    first = stopped_after(stored, 60)
    paused = replace(first, status=flow.Status.PAUSED, token=first.token + 1)
    writer = PracticeWriter(database)

    results = await asyncio.gather(
        writer.save(stored.id, stored.state.token, first),
        writer.save(stored.id, first.token, paused),
        writer.save(stored.id, stored.state.token, stopped_after(stored, 90)),  # stale
    )

    assert list(results) == [True, True, False]
    assert await stored_tokens(database, [stored]) == [paused.token]
