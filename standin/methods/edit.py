"""editMessageText, editMessageCaption, editMessageMedia, editMessageReplyMarkup,
deleteMessage, deleteMessages."""

from __future__ import annotations

import time
from typing import Any

from standin.errors import bad_request, not_implemented
from standin.methods import files
from standin.methods.base import Call, Handler, target_chat
from standin.model import BotMessage, Chat, StoredFile
from standin.objects import bot_message_json
from standin.text import message_text, optional_caption

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)


def _edit_target(call: Call) -> tuple[Chat, BotMessage]:
    """The bot message an edit names; Telegram's errors for everything else."""
    if "chat_id" not in call.params:
        raise bad_request("chat_id is empty")
    if "message_id" not in call.params:
        raise bad_request("message identifier is not specified")
    chat = target_chat(call)
    message_id = call.params["message_id"]
    message = chat.bot_messages.get(message_id)
    if message is None or message.deleted:
        if message_id in chat.user_messages:
            raise bad_request("message can't be edited")
        raise bad_request("message to edit not found")
    return chat, message


def _inline_markup(message: BotMessage) -> dict[str, Any] | None:
    markup = message.reply_markup
    return markup if markup is not None and "inline_keyboard" in markup else None


def _apply(call: Call, chat: Chat, message: BotMessage, **changes: Any) -> dict[str, Any]:
    """Change the message in place (users see edits live) and answer with the new Message."""
    new_markup = call.params.get("reply_markup")
    if new_markup is not None or _inline_markup(message) is not None:
        changes["reply_markup"] = new_markup  # an edit without reply_markup drops the keyboard
    for key, value in changes.items():
        setattr(message, key, value)
    message.edit_count += 1
    message.edit_date = int(time.time())
    chat.notify()  # people waiting for the card to change see it at once
    return bot_message_json(message, chat, call.state.bot)


async def edit_text(call: Call) -> dict[str, Any]:
    chat, message = _edit_target(call)
    if "text" not in call.params:
        raise bad_request("message text is empty")
    if message.kind != "text":
        raise bad_request("there is no text in the message to edit")
    formatted = message_text(call.params)
    before = (message.text, message.entities, _inline_markup(message))
    if before == (formatted.text, formatted.entities, call.params.get("reply_markup")):
        raise bad_request(NOT_MODIFIED)
    return _apply(
        call,
        chat,
        message,
        text=formatted.text,
        entities=formatted.entities,
        html=formatted.source,
    )


async def edit_caption(call: Call) -> dict[str, Any]:
    chat, message = _edit_target(call)
    if message.kind == "text":
        raise bad_request("there is no caption in the message to edit")
    caption = optional_caption(call.params)
    new = (caption.text if caption else None, caption.entities if caption else [])
    before = (message.caption, message.caption_entities, _inline_markup(message))
    if before == (*new, call.params.get("reply_markup")):
        raise bad_request(NOT_MODIFIED)
    return _apply(
        call,
        chat,
        message,
        caption=new[0],
        caption_entities=new[1],
        html=caption.source if caption else None,
    )


# The media editMessageMedia can put in a message, and how each is checked.
MEDIA_KINDS = ("photo", "animation", "document")


async def edit_media(call: Call) -> dict[str, Any]:
    """Replace a message's media (a text message's text, too) with a new photo, animation or
    document and its caption; the caption is gone unless the new media brings one."""
    chat, message = _edit_target(call)
    media = call.params["media"]
    kind = media["type"]
    if kind not in MEDIA_KINDS:
        raise not_implemented(f"the stand-in cannot edit a message's media to a {kind}")
    caption = optional_caption(media)
    stored = _new_media(call, kind, media)
    new = (caption.text if caption else None, caption.entities if caption else [])
    before = (message.media, message.caption, message.caption_entities, _inline_markup(message))
    same_file = message.media is not None and message.media.file_unique_id == stored.file_unique_id
    if same_file and before[1:] == (*new, call.params.get("reply_markup")):
        raise bad_request(NOT_MODIFIED)
    return _apply(
        call,
        chat,
        message,
        text="",
        entities=[],
        photo=stored if kind == "photo" else None,
        animation=stored if kind == "animation" else None,
        document=stored if kind == "document" else None,
        caption=new[0],
        caption_entities=new[1],
        html=caption.source if caption else None,
    )


def _new_media(call: Call, kind: str, media: dict[str, Any]) -> StoredFile:
    value = media["media"]
    if kind == "photo":
        return files.photo(call.state, value, "editMessageMedia")
    if kind == "animation":
        return files.animation(call.state, value, "editMessageMedia", media)
    files.thumbnail(media.get("thumbnail"))
    return files.document(call.state, value, "editMessageMedia")


async def edit_reply_markup(call: Call) -> dict[str, Any]:
    chat, message = _edit_target(call)
    if _inline_markup(message) == call.params.get("reply_markup"):
        raise bad_request(NOT_MODIFIED)
    return _apply(call, chat, message)


def _delete(chat: Chat, message_id: int) -> bool:
    """Delete one message; False when there is nothing the bot may delete under that id."""
    message = chat.bot_messages.get(message_id)
    if message is not None and not message.deleted:
        message.deleted = True
        return True
    if message_id in chat.user_messages:
        if chat.type != "private":
            raise bad_request("message can't be deleted (the bot is no group administrator)")
        del chat.user_messages[message_id]
        return True
    return False


async def delete_message(call: Call) -> bool:
    chat = target_chat(call)
    if not _delete(chat, call.params["message_id"]):
        raise bad_request("message to delete not found")
    return True


async def delete_messages(call: Call) -> bool:
    chat = target_chat(call)
    ids = call.params["message_ids"]
    if not 1 <= len(ids) <= 100:
        raise bad_request("message_ids must list 1-100 message identifiers")
    for message_id in ids:
        _delete(chat, message_id)  # Telegram skips messages it can't find
    return True


HANDLERS: dict[str, Handler] = {
    "editMessageText": edit_text,
    "editMessageCaption": edit_caption,
    "editMessageMedia": edit_media,
    "editMessageReplyMarkup": edit_reply_markup,
    "deleteMessage": delete_message,
    "deleteMessages": delete_messages,
}
