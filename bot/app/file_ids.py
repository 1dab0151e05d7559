"""Telegram's file_id for each upload already made, so a picture or an audio guide is sent
as bytes once per bot and by id ever after.

Keys name exact content (a hash of what was drawn or rendered), so an id can never show a
stale file. The table is the truth; the dict in front spares a query per card.
"""

from __future__ import annotations

from bot.storage.db import Database


class FileIds:
    """Remembered file_ids of one bot: read through a memory cache, written to the table."""

    def __init__(self, database: Database, bot_id: int) -> None:
        self._database = database
        self.bot_id = bot_id
        self._known: dict[str, str] = {}

    async def get(self, key: str) -> str | None:
        """The file_id Telegram gave this bot for the content, if it has one (perhaps through
        another process sharing the database)."""
        known = self._known.get(key)
        if known is None:
            async with self._database.unit() as unit:
                known = await unit.files.get(self.bot_id, key)
            if known is not None:
                self._known[key] = known
        return known

    async def remember(self, key: str, file_id: str) -> None:
        """Keep the id from the message Telegram answered the first upload with."""
        if self._known.get(key) == file_id:
            return
        self._known[key] = file_id
        async with self._database.unit() as unit:
            await unit.files.put(self.bot_id, key, file_id)

    async def forget(self, key: str) -> None:
        """Telegram refused the id ("wrong file identifier"): upload the bytes next time."""
        self._known.pop(key, None)
        async with self._database.unit() as unit:
            await unit.files.delete(self.bot_id, key)
