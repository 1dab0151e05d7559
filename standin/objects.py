"""Bot API JSON for the stand-in's records: only spec fields, so PTB deserializes them as-is."""

from __future__ import annotations

from typing import Any

from standin.model import BotMessage, Chat, Person, StoredFile

PHOTO_SIDES = (90, 320, 800, 1280, 2560)


def user_json(person: Person) -> dict[str, Any]:
    """A User as it appears in messages and queries."""
    data: dict[str, Any] = {
        "id": person.id,
        "is_bot": person.is_bot,
        "first_name": person.first_name,
    }
    if person.username:
        data["username"] = person.username
    if person.language_code:
        data["language_code"] = person.language_code
    return data


def me_json(bot: Person) -> dict[str, Any]:
    """getMe: the bot's User with the capability flags only getMe carries."""
    return {
        **user_json(bot),
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": True,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


def chat_json(chat: Chat) -> dict[str, Any]:
    """A Chat as embedded in messages."""
    data: dict[str, Any] = {"id": chat.id, "type": chat.type}
    if chat.type == "private" and chat.peer is not None:
        data["first_name"] = chat.peer.first_name
        if chat.peer.username:
            data["username"] = chat.peer.username
    else:
        data["title"] = chat.title or ""
    return data


def photo_sizes(photo: StoredFile) -> list[dict[str, Any]]:
    """Telegram's ladder of sizes: thumbnails smaller than the original, then the original."""
    longest = max(photo.width, photo.height)
    sizes: list[dict[str, Any]] = []
    for side in PHOTO_SIDES:
        if side >= longest:
            break
        scale = side / longest
        sizes.append(
            _size(photo, max(1, round(photo.width * scale)), max(1, round(photo.height * scale)))
        )
    if longest <= PHOTO_SIDES[-1]:
        sizes.append(_size(photo, photo.width, photo.height, len(photo.data)))
    return sizes


def _size(photo: StoredFile, width: int, height: int, size: int | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "file_id": f"{photo.file_id}_{width}x{height}" if size is None else photo.file_id,
        "file_unique_id": f"{photo.file_unique_id}{width}",
        "width": width,
        "height": height,
    }
    if size is not None:
        data["file_size"] = size
    return data


def document_json(document: StoredFile) -> dict[str, Any]:
    """A Document as Telegram reports an uploaded file."""
    data: dict[str, Any] = {
        "file_id": document.file_id,
        "file_unique_id": document.file_unique_id,
        "file_size": len(document.data),
    }
    if document.file_name:
        data["file_name"] = document.file_name
    if document.mime_type:
        data["mime_type"] = document.mime_type
    return data


def animation_json(animation: StoredFile) -> dict[str, Any]:
    """An Animation: size and length beside the file's identity."""
    return {
        **document_json(animation),
        "width": animation.width,
        "height": animation.height,
        "duration": animation.duration,
    }


def voice_json(voice: StoredFile) -> dict[str, Any]:
    """A Voice: the duration is the sender's, as Telegram reports it."""
    data: dict[str, Any] = {
        "file_id": voice.file_id,
        "file_unique_id": voice.file_unique_id,
        "duration": voice.duration,
        "file_size": len(voice.data),
    }
    if voice.mime_type:
        data["mime_type"] = voice.mime_type
    return data


def audio_json(audio: StoredFile) -> dict[str, Any]:
    """An Audio for the music player, with the sender's performer, title and file name."""
    data = voice_json(audio)
    for key in ("performer", "title", "file_name"):
        value = getattr(audio, key)
        if value:
            data[key] = value
    return data


def bot_message_json(
    msg: BotMessage, chat: Chat, bot: Person, *, with_reply: bool = True
) -> dict[str, Any]:
    """The Message the bot API returns for (and later shows of) a bot message."""
    data: dict[str, Any] = {
        "message_id": msg.message_id,
        "from": user_json(bot),
        "chat": chat_json(chat),
        "date": msg.date,
    }
    if msg.edit_date is not None:
        data["edit_date"] = msg.edit_date
    if with_reply and msg.reply_to_message_id is not None:
        replied = reply_target_json(chat, msg.reply_to_message_id, bot)
        if replied is not None:
            data["reply_to_message"] = replied
    if msg.photo is not None:
        data["photo"] = photo_sizes(msg.photo)
    elif msg.animation is not None:
        # "For backward compatibility, when this field is set, the document field will also be
        # set" (Bot API, Message.animation).
        data["animation"] = animation_json(msg.animation)
        data["document"] = document_json(msg.animation)
    elif msg.document is not None:
        data["document"] = document_json(msg.document)
    elif msg.voice is not None:
        data["voice"] = voice_json(msg.voice)
    elif msg.audio is not None:
        data["audio"] = audio_json(msg.audio)
    else:
        data["text"] = msg.text
        if msg.entities:
            data["entities"] = msg.entities
    if msg.caption:
        data["caption"] = msg.caption
        if msg.caption_entities:
            data["caption_entities"] = msg.caption_entities
    if msg.protect_content:
        data["has_protected_content"] = True
    if msg.reply_markup is not None and "inline_keyboard" in msg.reply_markup:
        data["reply_markup"] = msg.reply_markup
    return data


def reply_target_json(chat: Chat, message_id: int, bot: Person) -> dict[str, Any] | None:
    """The replied-to message, one level deep as Telegram nests it."""
    if message_id in chat.user_messages:
        return chat.user_messages[message_id]
    target = chat.bot_messages.get(message_id)
    if target is None or target.deleted:
        return None
    return bot_message_json(target, chat, bot, with_reply=False)
