"""Migrations build the schema from nothing, match the models, and undo cleanly."""

from __future__ import annotations

import asyncio
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from sqlalchemy.ext.asyncio import create_async_engine

from bot.storage.migrate import alembic_config
from bot.storage.models import Base


def tables(url: str) -> set[str]:
    async def inspect() -> set[str]:
        engine = create_async_engine(url)
        try:
            async with engine.connect() as connection:
                names = await connection.run_sync(lambda c: sa.inspect(c).get_table_names())
            return set(names)
        finally:
            await engine.dispose()

    return asyncio.run(inspect())


def check_migrations(url: str) -> None:
    config = alembic_config(url)
    command.upgrade(config, "head")
    assert set(Base.metadata.tables) <= tables(url)
    command.check(config)  # raises if the models and the migrations disagree
    command.downgrade(config, "base")
    assert tables(url) == {"alembic_version"}
    command.upgrade(config, "head")


def test_sqlite_from_empty_to_head_and_back(tmp_path: Path) -> None:
    path = tmp_path / "fresh.sqlite3"
    check_migrations(f"sqlite+aiosqlite:///{path}")

    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    engine.dispose()


def test_postgresql_from_empty_to_head_and_back(postgres_database: str) -> None:
    check_migrations(f"postgresql+asyncpg://{postgres_database}")
