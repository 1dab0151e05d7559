"""Engine and session factory; SQLite gets WAL, a busy timeout and foreign keys."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from bot.config import Config
from bot.storage.unit import Unit

SQLITE_BUSY_TIMEOUT_MS = 5000


def create_engine(database_url: str, connect_timeout: float | None = None) -> AsyncEngine:
    """`connect_timeout` bounds a PostgreSQL connection attempt (asyncpg waits 60 s)."""
    if not database_url.startswith("sqlite"):
        connect_args = {} if connect_timeout is None else {"timeout": connect_timeout}
        return create_async_engine(database_url, pool_pre_ping=True, connect_args=connect_args)
    # SQLite has one writer at a time: many connections only fight over its lock and fail
    # with "database is locked" under bursts. One connection queues them in order instead.
    engine = create_async_engine(database_url, pool_size=1, max_overflow=0, pool_timeout=120)
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def engine_from_settings(config: Config) -> AsyncEngine:
    path = config.sqlite_path()
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    return create_engine(config.database_url)


class Database:
    """The engine plus a unit of work: repositories never commit, `transaction()` does."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._sessions = async_sessionmaker(engine, expire_on_commit=False)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        async with self._sessions() as session, session.begin():
            yield session

    @asynccontextmanager
    async def unit(self) -> AsyncIterator[Unit]:
        """One transaction's repositories; committed when the block ends without an error."""
        async with self.transaction() as session:
            yield Unit(session)

    async def close(self) -> None:
        await self.engine.dispose()


async def schema_revision(database: Database) -> str | None:
    """The migration the database is at (None: never migrated); raises if unreachable."""
    async with database.engine.connect() as connection:
        try:
            found = await connection.execute(text("SELECT version_num FROM alembic_version"))
        except DBAPIError:  # no such table: a database never migrated
            return None
        return found.scalar_one_or_none()
