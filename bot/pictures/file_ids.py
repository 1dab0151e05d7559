"""Telegram's file_id for each picture already uploaded: after the first send, a picture
goes by id and costs no upload.

A file_id belongs to the bot that uploaded it, so ids are kept per bot. The store is a port:
the outbox speaks to `FileIds`; a table, a key-value store or the memory below implement it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.pictures.library import Picture, Pictures


class FileIds(Protocol):
    """Remembered file_ids by (bot id, picture key)."""

    async def get(self, bot_id: int, key: str) -> str | None:
        """The file_id Telegram gave this bot for the picture, if it has one."""
        ...

    async def remember(self, bot_id: int, key: str, file_id: str) -> None:
        """Keep the file_id from the message Telegram answered a first upload with."""
        ...

    async def forget(self, bot_id: int, key: str) -> None:
        """Telegram refused the id ("wrong file identifier"): upload the bytes next time."""
        ...


class MemoryFileIds:
    """A `FileIds` in a dict: for tests, the demo, or a bot that can afford one upload per
    picture after each restart."""

    def __init__(self) -> None:
        self._ids: dict[tuple[int, str], str] = {}

    async def get(self, bot_id: int, key: str) -> str | None:
        return self._ids.get((bot_id, key))

    async def remember(self, bot_id: int, key: str, file_id: str) -> None:
        self._ids[(bot_id, key)] = file_id

    async def forget(self, bot_id: int, key: str) -> None:
        self._ids.pop((bot_id, key), None)


@dataclass(frozen=True)
class PhotoSource:
    """What to put in sendPhoto's `photo` or InputMediaPhoto's `media`: the remembered id, or
    the picture to upload (then `remember` the id from the answer)."""

    key: str
    file_id: str | None
    picture: Picture | None

    @property
    def needs_upload(self) -> bool:
        return self.file_id is None


async def photo_source(
    pictures: Pictures, file_ids: FileIds, bot_id: int, exercise_id: str, position: str
) -> PhotoSource:
    """The id if this bot sent the picture before; otherwise the bytes (drawn off the loop)."""
    key = pictures.key_for(exercise_id, position)
    file_id = await file_ids.get(bot_id, key)
    if file_id is not None:
        return PhotoSource(key, file_id, None)
    return PhotoSource(key, None, await pictures.get(exercise_id, position))
