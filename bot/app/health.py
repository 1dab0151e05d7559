"""Whether this process can serve: what /readyz reports to the operator."""

from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError

from bot.storage.db import Database, schema_revision
from bot.storage.migrate import head_revision


async def database_problems(database: Database) -> list[str]:
    """Empty when the database answers and is at the newest migration this code ships."""
    try:
        revision = await schema_revision(database)
    except (SQLAlchemyError, OSError) as error:
        return [f"database unreachable ({type(error).__name__})"]
    if revision != head_revision():
        return [f"database at migration {revision}, not {head_revision()}"]
    return []
