"""Remembered file_ids live in the database: a restarted bot, or another process on the same
database, sends a picture by id instead of uploading it again; ids are kept per bot."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.app.file_ids import FileIds
from bot.storage.db import Database, create_engine
from bot.storage.migrate import upgrade_to_head_async
from tests.conftest import make_config, sqlite_url


async def _sqlite(migrated_database: Path, tmp_path: Path) -> Database:
    path = tmp_path / "bot.sqlite3"
    shutil.copy(migrated_database, path)
    return Database(create_engine(sqlite_url(path)))


async def _round_trip(database: Database) -> None:
    first = FileIds(database, bot_id=42)
    assert await first.get("bridge.lift.0123456789abcdef") is None
    await first.remember("bridge.lift.0123456789abcdef", "AgAC-first")
    # A new process (or a restart) finds it in the table.
    assert await FileIds(database, bot_id=42).get("bridge.lift.0123456789abcdef") == "AgAC-first"
    # Another bot's uploads are not this bot's: a file_id works only for its own bot.
    assert await FileIds(database, bot_id=7).get("bridge.lift.0123456789abcdef") is None
    # Two processes that uploaded the same picture: the later id wins, nothing fails.
    await FileIds(database, bot_id=42).remember("bridge.lift.0123456789abcdef", "AgAC-second")
    assert await FileIds(database, bot_id=42).get("bridge.lift.0123456789abcdef") == "AgAC-second"
    await first.forget("bridge.lift.0123456789abcdef")
    assert await FileIds(database, bot_id=42).get("bridge.lift.0123456789abcdef") is None


async def test_file_ids_survive_a_restart_on_sqlite(
    migrated_database: Path, tmp_path: Path
) -> None:
    database = await _sqlite(migrated_database, tmp_path)
    try:
        await _round_trip(database)
    finally:
        await database.close()


async def test_file_ids_survive_a_restart_on_postgres(postgres_database: str) -> None:
    url = f"postgresql+asyncpg://{postgres_database}"
    await upgrade_to_head_async(make_config(database_url=url))
    database = Database(create_engine(url))
    try:
        await _round_trip(database)
    finally:
        await database.close()
