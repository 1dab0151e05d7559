"""sendMessage, sendPhoto, sendDocument, sendChatAction."""

from __future__ import annotations

from typing import Any

from standin.errors import ApiError, bad_request, not_implemented
from standin.media import ImageError, inspect_image
from standin.methods.base import Call, Handler, reply_target, target_chat
from standin.model import Chat, StoredFile, UploadedFile
from standin.objects import bot_message_json
from standin.state import State
from standin.text import message_text, optional_caption

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
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
    photo = _photo(call.state, call.params["photo"])
    return send_media(call, chat, photo=photo)


async def send_document(call: Call) -> dict[str, Any]:
    chat = target_chat(call)
    document = _document(call.state, call.params["document"])
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


def _photo(state: State, value: UploadedFile | str) -> StoredFile:
    """An uploaded PNG/JPEG Telegram could process, or a photo file_id sent before."""
    if isinstance(value, str):
        return known_file(state, value, "photo")
    if len(value.data) > MAX_PHOTO_BYTES:
        raise bad_request("PHOTO_INVALID: photos must be at most 10 MB")
    try:
        image = inspect_image(value.data)
    except ImageError:
        raise bad_request("IMAGE_PROCESS_FAILED") from None
    if image.width + image.height > 10000 or max(image.width, image.height) > 20 * min(
        image.width, image.height
    ):
        raise bad_request("PHOTO_INVALID_DIMENSIONS")
    return state.add_file(
        "photo",
        value.data,
        file_name=value.filename,
        mime_type=f"image/{image.format}",
        width=image.width,
        height=image.height,
    )


def _document(state: State, value: UploadedFile | str) -> StoredFile:
    """Any non-empty upload up to 50 MB, or a document file_id sent before."""
    if isinstance(value, str):
        return known_file(state, value, "document")
    if not value.data:
        raise bad_request("file must be non-empty")
    if len(value.data) > MAX_DOCUMENT_BYTES:
        raise ApiError(413, "Request Entity Too Large")
    return state.add_file(
        "document", value.data, file_name=value.filename, mime_type=value.content_type
    )


def known_file(state: State, file_id: str, kind: str) -> StoredFile:
    if file_id.startswith(("http://", "https://")):
        raise not_implemented("the stand-in cannot fetch files by URL; upload the bytes instead")
    stored = state.files.get(file_id)
    if stored is None:
        raise bad_request("wrong file identifier/HTTP URL specified")
    if stored.kind != kind:
        raise bad_request(f"can't use file of type {stored.kind.title()} as {kind.title()}")
    return stored


async def send_chat_action(call: Call) -> bool:
    target_chat(call)
    if call.params["action"] not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    return True


HANDLERS: dict[str, Handler] = {
    "sendMessage": send_message,
    "sendPhoto": send_photo,
    "sendDocument": send_document,
    "sendChatAction": send_chat_action,
}
