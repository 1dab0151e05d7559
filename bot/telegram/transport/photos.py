"""Stretch pictures on the wire: by file_id once Telegram has one, else as bytes (drawn off
the event loop), remembering the id Telegram answers the upload with.

So each distinct picture is uploaded once per bot, and every later card costs no upload.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from telegram import InputFile
from telegram import Message as TelegramMessage
from telegram.error import BadRequest

from bot.app.file_ids import FileIds
from bot.pictures.library import Pictures
from bot.telegram.views.screens import PictureRef

log = logging.getLogger(__name__)

T = TypeVar("T")
Photo = str | InputFile
# What Telegram says of a file_id it no longer takes: send the bytes again.
STALE_ID_WORDS = ("wrong file identifier", "file reference", "wrong remote file")


class PictureUnavailable(Exception):
    """The picture could not be drawn: the card goes out in words instead."""


class Photos:
    def __init__(self, pictures: Pictures, file_ids: FileIds) -> None:
        self.pictures = pictures
        self._file_ids = file_ids

    def shows(self, ref: PictureRef | None) -> bool:
        """Whether there is a picture for `ref` (content may lack one: then words alone)."""
        return ref is not None and ref.exercise_id in self.pictures.catalogue.poses

    def key(self, ref: PictureRef) -> str:
        return self.pictures.key_for(ref.exercise_id, self._position(ref))

    async def known_id(self, ref: PictureRef) -> str | None:
        """The file_id of a picture this bot has sent before: what an inline result, which
        cannot upload, can show."""
        if not self.shows(ref):
            return None
        return await self._file_ids.get(self.key(ref))

    async def with_photo(self, ref: PictureRef, request: Callable[[Photo], Awaitable[T]]) -> T:
        """Make `request` with the picture: by id if this bot sent it before, else uploaded;
        an id Telegram refuses is forgotten and the bytes go instead, once."""
        key, file_ids = self.key(ref), self._file_ids
        known = await file_ids.get(key)
        if known is not None:
            try:
                return await request(known)
            except BadRequest as error:
                if not any(words in error.message.lower() for words in STALE_ID_WORDS):
                    raise
                log.info("picture %s: its file_id was refused, uploading it again", key)
                await file_ids.forget(key)
        try:
            picture = await self.pictures.get(ref.exercise_id, self._position(ref))
        except Exception as error:  # a drawing bug must not cost a routine its card
            log.exception("picture %s could not be drawn", key)
            raise PictureUnavailable(key) from error
        result = await request(InputFile(picture.data, filename=f"{key}.png", attach=True))
        file_id = _photo_id(result)
        if file_id is not None:
            await file_ids.remember(key, file_id)
        return result

    def _position(self, ref: PictureRef) -> str:
        if ref.position is not None:
            return ref.position
        return self.pictures.first_position(ref.exercise_id)


def _photo_id(result: object) -> str | None:
    """The largest size's id: the one that shows the picture as sent."""
    if isinstance(result, TelegramMessage) and result.photo:
        return result.photo[-1].file_id
    return None
