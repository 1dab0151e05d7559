"""What a method implementation receives, and checks shared by several methods."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from standin.errors import bad_request, not_implemented
from standin.model import Chat
from standin.spec import MethodSpec
from standin.state import State
from standin.text import message_text, optional_caption

# Valid Bot API parameters whose meaning the stand-in does not emulate: refusing them loudly
# beats pretending they worked.
UNSUPPORTED_PARAMETERS = frozenset(
    {
        "business_connection_id",
        "message_thread_id",
        "direct_messages_topic_id",
        "suggested_post_parameters",
        "rich_message",
        "inline_message_id",
    }
)


@dataclass(frozen=True)
class Call:
    """One validated API call."""

    state: State
    params: dict[str, Any]
    now: float  # monotonic arrival time
    still_connected: Callable[[], bool]


Handler = Callable[[Call], Awaitable[Any]]


def refuse_unsupported(params: dict[str, Any]) -> None:
    """501 for parameters the stand-in cannot honour."""
    unsupported = sorted(params.keys() & UNSUPPORTED_PARAMETERS)
    if unsupported:
        raise not_implemented(f'the stand-in does not support the parameter "{unsupported[0]}"')


def check_content(method: MethodSpec, params: dict[str, Any]) -> None:
    """Text and caption rules, checked before any injected fault so none can hide them."""
    if "entities" in method.fields and "text" in params:
        message_text(params)
    if "caption_entities" in method.fields:
        optional_caption(params)


def target_chat(call: Call) -> Chat:
    """The chat named by chat_id; "chat not found" for anything unknown."""
    return call.state.chat(call.params["chat_id"])


def reply_target(chat: Chat, params: dict[str, Any]) -> int | None:
    """The message id a send replies to, checked like Telegram does."""
    reply = params.get("reply_parameters")
    if reply is None:
        return None
    if reply.get("chat_id") not in (None, chat.id):
        raise not_implemented("the stand-in does not support replies to other chats")
    message_id = reply["message_id"]
    text = _message_text(chat, message_id)
    if text is None:
        if reply.get("allow_sending_without_reply"):
            return None
        raise bad_request("message to be replied not found")
    quote = reply.get("quote")
    if quote is not None and quote not in text:
        raise bad_request("QUOTE_TEXT_INVALID")
    return int(message_id)


def _message_text(chat: Chat, message_id: int) -> str | None:
    if message_id in chat.user_messages:
        message = chat.user_messages[message_id]
        return str(message.get("text") or message.get("caption") or "")
    bot_message = chat.bot_messages.get(message_id)
    if bot_message is None or bot_message.deleted:
        return None
    return bot_message.text or bot_message.caption or ""
