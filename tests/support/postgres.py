"""A throwaway database on the machine's PostgreSQL (CI runs the same service on loopback)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator

import asyncpg
import pytest

POSTGRES = "postgres@127.0.0.1:5432"


async def admin(statement: str) -> None:
    connection = await asyncpg.connect(f"postgresql://{POSTGRES}/postgres")
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@pytest.fixture
def postgres_database() -> Iterator[str]:
    """`user@host/name` of a fresh, empty database, dropped after the test."""
    name = f"stretchbot_test_{uuid.uuid4().hex[:10]}"
    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{POSTGRES}/{name}"
    finally:
        asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
