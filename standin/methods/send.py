"""sendMessage, sendPhoto, sendAnimation, sendDocument, sendChatAction."""

from __future__ import annotations

from typing import Any

from standin.errors import bad_request
from standin.methods import files
from standin.methods.base import Call, Handler, reply_target, target_chat
from standin.model import Chat, StoredFile
from standin.objects import bot_message_json
from standin.text import message_text, optional_caption

CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)


def _common(params: dict[str, Any], chat: Chat) -> dict[str, Any]:
    """Fields every sent message takes from the request."""
    return {
        "reply_markup": params.get("reply_markup"),
        "reply_to_message_id": reply_target(chat, params),
        "disable_notification": bool(params.get("disable_notification", False)),
        "protect_content": bool(params.get("protect_content", False)),
    }


async def send_message(call: Call) -> dict[str, Any]:
    chat = target_chat(call)
    formatted = message_text(call.params)
    message = call.state.add_bot_message(
        chat,
        call.now,
        text=formatted.text,
        html=formatted.source,
        entities=formatted.entities,
        **_common(call.params, chat),
    )
    return bot_message_json(message, chat, call.state.bot)


async def send_photo(call: Call) -> dict[str, Any]:
    chat = target_chat(call)
    photo = files.photo(call.state, call.params["photo"], "sendPhoto")
    return send_media(call, chat, photo=photo)


async def send_animation(call: Call) -> dict[str, Any]:
    chat = target_chat(call)
    animation = files.animation(call.state, call.params["animation"], "sendAnimation", call.params)
    return send_media(call, chat, animation=animation)


async def send_document(call: Call) -> dict[str, Any]:
    chat = target_chat(call)
    document = files.document(call.state, call.params["document"], "sendDocument")
    return send_media(call, chat, document=document)


def send_media(call: Call, chat: Chat, **media: StoredFile) -> dict[str, Any]:
    caption = optional_caption(call.params)
    message = call.state.add_bot_message(
        chat,
        call.now,
        caption=caption.text if caption else None,
        caption_entities=caption.entities if caption else [],
        html=caption.source if caption else None,
        **media,
        **_common(call.params, chat),
    )
    return bot_message_json(message, chat, call.state.bot)


async def send_chat_action(call: Call) -> bool:
    target_chat(call)
    if call.params["action"] not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    return True


HANDLERS: dict[str, Handler] = {
    "sendMessage": send_message,
    "sendPhoto": send_photo,
    "sendAnimation": send_animation,
    "sendDocument": send_document,
    "sendChatAction": send_chat_action,
}
