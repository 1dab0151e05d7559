"""Telegram's limits that the spec states only in prose, attached to the types they govern."""

from __future__ import annotations

import re
from typing import Any

from standin.spec import Spec
from standin.text import check_caption, check_message_text, format_text
from standin.validate import Rule, SpecViolation

MAX_INLINE_BUTTONS = 100
BUTTON_NEUTRAL_FIELDS = frozenset({"text", "icon_custom_emoji_id", "style"})
BUTTON_STYLES = frozenset({"danger", "success", "primary"})
KEYBOARD_REQUEST_FIELDS = frozenset(
    {
        "request_users",
        "request_chat",
        "request_managed_bot",
        "request_contact",
        "request_location",
        "request_poll",
        "web_app",
    }
)
COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")
URL_SCHEMES = ("http://", "https://", "tg://")


def inline_keyboard(value: dict[str, Any], path: str) -> None:
    """At most 100 buttons in one inline keyboard."""
    count = sum(len(row) for row in value["inline_keyboard"])
    if count > MAX_INLINE_BUTTONS:
        raise SpecViolation(
            f"too many buttons in {path}: {count} (at most {MAX_INLINE_BUTTONS} are allowed)"
        )


def inline_button(value: dict[str, Any], path: str) -> None:
    """Non-empty label, exactly one action, callback_data of 1-64 bytes, a usable URL."""
    if not value["text"].strip():
        raise SpecViolation(f"{path}.text is empty: buttons need a label")
    actions = sorted(value.keys() - BUTTON_NEUTRAL_FIELDS)
    if not actions:
        raise SpecViolation(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if len(actions) > 1:
        raise SpecViolation(
            f"can't parse inline keyboard button at {path}: exactly one action field may be "
            f"used, got {', '.join(actions)}"
        )
    if "callback_data" in value and not 1 <= len(value["callback_data"].encode()) <= 64:
        raise SpecViolation("BUTTON_DATA_INVALID")
    if "url" in value and not value["url"].startswith(URL_SCHEMES):
        raise SpecViolation("BUTTON_URL_INVALID")
    if "style" in value and value["style"] not in BUTTON_STYLES:
        raise SpecViolation(f"{path}.style must be one of {', '.join(sorted(BUTTON_STYLES))}")


def keyboard_button(value: dict[str, Any], path: str) -> None:
    """Reply keyboard buttons: a label and at most one request."""
    if not value["text"].strip():
        raise SpecViolation(f"{path}.text is empty: buttons need a label")
    requests = sorted(value.keys() & KEYBOARD_REQUEST_FIELDS)
    if len(requests) > 1:
        raise SpecViolation(f"{path} may use at most one of {', '.join(requests)}")


def input_text_content(value: dict[str, Any], path: str) -> None:
    """The message an inline result sends is held to sendMessage's text rules."""
    formatted = format_text(value["message_text"], value.get("parse_mode"), value.get("entities"))
    check_message_text(formatted)


def inline_result(value: dict[str, Any], path: str) -> None:
    """Result ids are 1-64 bytes; captions follow the caption rules."""
    if not 1 <= len(value["id"].encode()) <= 64:
        raise SpecViolation("RESULT_ID_INVALID")
    if "caption" in value:
        formatted = format_text(
            value["caption"], value.get("parse_mode"), value.get("caption_entities")
        )
        check_caption(formatted)


def input_media(value: dict[str, Any], path: str) -> None:
    """A new media's caption follows the caption rules: 0-1024 characters after entities."""
    if "caption" in value:
        formatted = format_text(
            value["caption"], value.get("parse_mode"), value.get("caption_entities")
        )
        check_caption(formatted)


def bot_command(value: dict[str, Any], path: str) -> None:
    """Commands: 1-32 of a-z, 0-9, _; descriptions 1-256 characters."""
    if not COMMAND.match(value["command"]):
        raise SpecViolation("BOT_COMMAND_INVALID")
    if not 1 <= len(value["description"]) <= 256:
        raise SpecViolation(f"{path}.description must be 1-256 characters")


def build_rules(spec: Spec) -> dict[str, Rule]:
    """Map type names to their extra checks."""
    rules: dict[str, Rule] = {
        "InlineKeyboardMarkup": inline_keyboard,
        "InlineKeyboardButton": inline_button,
        "KeyboardButton": keyboard_button,
        "InputTextMessageContent": input_text_content,
        "BotCommand": bot_command,
    }
    for name, spec_type in spec.types.items():
        if name.startswith("InlineQueryResult") and "id" in spec_type.fields:
            rules[name] = inline_result
        if name.startswith("InputMedia") and not spec_type.subtypes:
            rules[name] = input_media
    return rules
