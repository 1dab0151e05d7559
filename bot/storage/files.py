"""The telegram_files table: remembered file_ids by (bot, content key)."""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import TelegramFile


class FileRepository:
    def __init__(self, db: AsyncSession) -> None:
        self.db = db

    async def get(self, bot_id: int, key: str) -> str | None:
        row = await self.db.get(TelegramFile, (bot_id, key))
        return row.file_id if row is not None else None

    async def put(self, bot_id: int, key: str, file_id: str) -> None:
        """Insert or overwrite: two processes that uploaded the same picture both succeed."""
        insert = (
            postgresql.insert if self.db.get_bind().dialect.name == "postgresql" else sqlite.insert
        )
        statement = insert(TelegramFile).values(bot_id=bot_id, key=key, file_id=file_id)
        await self.db.execute(
            statement.on_conflict_do_update(
                index_elements=[TelegramFile.bot_id, TelegramFile.key],
                set_={"file_id": statement.excluded.file_id},
            )
        )

    async def delete(self, bot_id: int, key: str) -> None:
        await self.db.execute(
            delete(TelegramFile).where(TelegramFile.bot_id == bot_id, TelegramFile.key == key)
        )
