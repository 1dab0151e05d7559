"""Message text and captions: parse mode, explicit entities and Telegram's length limits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from standin.errors import bad_request, not_implemented
from standin.html import HtmlError, parse_html, utf16_length

MAX_TEXT = 4096
MAX_CAPTION = 1024
ENTITY_TYPES = frozenset(
    {
        "mention",
        "hashtag",
        "cashtag",
        "bot_command",
        "url",
        "email",
        "phone_number",
        "bold",
        "italic",
        "underline",
        "strikethrough",
        "spoiler",
        "blockquote",
        "expandable_blockquote",
        "code",
        "pre",
        "text_link",
        "text_mention",
        "custom_emoji",
        "date_time",
    }
)
ENTITY_NEEDS = {"text_link": "url", "text_mention": "user", "custom_emoji": "custom_emoji_id"}


@dataclass(frozen=True)
class Formatted:
    """Text as the user sees it, its entities, and the source the bot sent."""

    text: str
    entities: list[dict[str, Any]]
    source: str


def format_text(
    source: str, parse_mode: str | None, entities: list[dict[str, Any]] | None
) -> Formatted:
    """Apply parse_mode or explicit entities, refusing what Telegram refuses (and ambiguity)."""
    mode = (parse_mode or "").lower()
    if mode and entities is not None:
        raise bad_request(
            "parse_mode and entities were both given (Telegram silently ignores parse_mode; "
            "the stand-in refuses the ambiguity)"
        )
    if mode == "html":
        try:
            parsed = parse_html(source)
        except HtmlError as exc:
            raise bad_request(f"can't parse entities: {exc}") from None
        return Formatted(parsed.text, parsed.entities, source)
    if mode in ("markdown", "markdownv2"):
        raise not_implemented(
            f"parse_mode {parse_mode} is not supported by the stand-in; use HTML"
        )
    if mode:
        raise bad_request("unsupported parse_mode")
    checked = check_entities(source, entities or [])
    return Formatted(source, checked, source)


def check_entities(text: str, entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Explicit entities must lie inside the text; Telegram would silently clip them."""
    limit = utf16_length(text)
    for index, entity in enumerate(entities):
        kind = entity.get("type")
        if kind not in ENTITY_TYPES:
            raise bad_request(f"can't parse entities: unsupported entity type {kind!r}")
        offset, length = entity.get("offset", -1), entity.get("length", 0)
        if offset < 0 or length < 1 or offset + length > limit:
            raise bad_request(
                f"can't parse entities: entity {index} ({kind}, offset {offset}, length "
                f"{length}) lies outside the text of {limit} UTF-16 code units"
            )
        needed = ENTITY_NEEDS.get(str(kind))
        if needed and needed not in entity:
            raise bad_request(f"can't parse entities: entity {index} ({kind}) needs {needed!r}")
    return entities


def check_message_text(formatted: Formatted) -> None:
    """1-4096 characters after entity parsing, as the Bot API documents."""
    if not formatted.text.strip():
        raise bad_request("message text is empty")
    if len(formatted.text) > MAX_TEXT:
        raise bad_request("message is too long")


def check_caption(formatted: Formatted) -> None:
    """0-1024 characters after entity parsing."""
    if len(formatted.text) > MAX_CAPTION:
        raise bad_request("message caption is too long")


def optional_caption(params: dict[str, Any]) -> Formatted | None:
    """The caption of a send/edit call, formatted and length-checked, or None when absent."""
    raw = params.get("caption")
    if raw is None:
        if params.get("caption_entities") is not None:
            raise bad_request("caption_entities were given without a caption")
        return None
    formatted = format_text(raw, params.get("parse_mode"), params.get("caption_entities"))
    check_caption(formatted)
    return formatted


def message_text(params: dict[str, Any]) -> Formatted:
    """The text of sendMessage/editMessageText, formatted and length-checked."""
    formatted = format_text(params["text"], params.get("parse_mode"), params.get("entities"))
    check_message_text(formatted)
    return formatted
