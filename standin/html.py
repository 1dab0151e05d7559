"""Telegram's HTML parse mode: plain text plus UTF-16 entities, or Telegram's own error text.

The scanner follows Telegram's parser (tdlib ``parse_html``) so messages and byte offsets match,
and is stricter where Telegram silently guesses: unknown named entities, a bare ``&``, entities
without ``;``, unknown attributes, ``<a>`` without ``href`` and a language class outside
``<pre>`` are all refused so the bot's escaping bugs show up in tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SPACES = frozenset(" \t\r\n\v\f")
NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "code": "code",
    "pre": "pre",
    "a": "text_link",
    "tg-emoji": "custom_emoji",
    "blockquote": "blockquote",
}
ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href"}),
    "code": frozenset({"class"}),
    "span": frozenset({"class"}),
    "tg-emoji": frozenset({"emoji-id"}),
    "blockquote": frozenset({"expandable"}),
}
# Telegram's ordering of entities that share offset and length (tdlib type priorities).
PRIORITY = {
    "blockquote": 0,
    "expandable_blockquote": 0,
    "pre": 11,
    "code": 20,
    "text_link": 49,
    "text_mention": 49,
    "bold": 90,
    "italic": 91,
    "underline": 92,
    "strikethrough": 93,
    "spoiler": 94,
    "custom_emoji": 99,
}


class HtmlError(ValueError):
    """Why Telegram would answer "can't parse entities"; ``str()`` is the part after that."""


@dataclass(frozen=True)
class ParsedText:
    """Text as the user sees it and its entities, offsets in UTF-16 code units."""

    text: str
    entities: list[dict[str, Any]]


@dataclass
class _OpenTag:
    name: str
    attributes: dict[str, str]
    utf16_start: int
    byte_offset: int
    entities_before: int


def utf16_length(text: str) -> int:
    """Length as Telegram counts entity offsets."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def _is_token_char(ch: str) -> bool:
    """HTML name tokens: ASCII letters, digits, periods and hyphens."""
    return (ch.isascii() and ch.isalnum()) or ch in (".", "-")


class _Scanner:
    """One pass over the source; ``pos`` indexes characters, errors report UTF-8 byte offsets."""

    def __init__(self, source: str) -> None:
        self.src = source
        self.pos = 0
        self.out: list[str] = []
        self.utf16 = 0
        self.stack: list[_OpenTag] = []
        self.entities: list[dict[str, Any]] = []

    def byte_offset(self, index: int) -> int:
        return len(self.src[:index].encode("utf-8"))

    def peek(self, index: int | None = None) -> str:
        index = self.pos if index is None else index
        return self.src[index] if index < len(self.src) else ""

    def emit(self, ch: str) -> None:
        self.out.append(ch)
        self.utf16 += 2 if ord(ch) > 0xFFFF else 1

    def skip_spaces(self) -> None:
        while self.peek() in SPACES and self.peek():
            self.pos += 1

    def run(self) -> ParsedText:
        while self.pos < len(self.src):
            ch = self.src[self.pos]
            if ch == "&":
                self.emit(self.entity())
            elif ch == "<":
                if self.peek(self.pos + 1) == "/":
                    self.end_tag()
                else:
                    self.start_tag()
            else:
                self.emit(ch)
                self.pos += 1
        if self.stack:
            raise HtmlError(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1].name}"'
            )
        self.entities.sort(key=lambda e: (e["offset"], -e["length"], PRIORITY[e["type"]]))
        return ParsedText("".join(self.out), self.entities)

    def entity(self) -> str:
        """Decode ``&...;`` at ``pos``; Telegram keeps unknown ones as text, we refuse them."""
        begin = self.pos
        end = begin + 1
        if self.peek(end) == "#":
            end += 1
            hexadecimal = self.peek(end) in ("x", "X")
            end += hexadecimal
            digits = "0123456789abcdefABCDEF" if hexadecimal else "0123456789"
            start_digits = end
            while self.peek(end) and self.peek(end) in digits:
                end += 1
            number = self.src[start_digits:end]
            value = int(number, 16 if hexadecimal else 10) if number else 0
            if 0xD800 <= value <= 0xDFFF:
                raise HtmlError(
                    "Text contains invalid Unicode characters after decoding HTML entities, "
                    "check for unmatched surrogate code units"
                )
            decoded = chr(value) if 0 < value < 0x110000 else None
        else:
            while self.peek(end).isascii() and self.peek(end).isalpha():
                end += 1
            decoded = NAMED_ENTITIES.get(self.src[begin + 1 : end])
        if decoded is None or self.peek(end) != ";":
            shown = self.src[begin : end + (self.peek(end) == ";")]
            raise HtmlError(
                f'Unsupported HTML entity "{shown}" at byte offset {self.byte_offset(begin)}: '
                'only &lt; &gt; &amp; &quot; and numeric entities ending with ";" are '
                'supported; write a literal "&" as &amp; (the stand-in is stricter than '
                "Telegram here)"
            )
        self.pos = end + 1
        return decoded

    def start_tag(self) -> None:
        begin = self.pos
        at = self.byte_offset(begin)
        self.pos += 1
        while self.peek() and self.peek() not in SPACES and self.peek() != ">":
            self.pos += 1
        if not self.peek():
            raise HtmlError(f"Unclosed start tag at byte offset {at}")
        name = self.src[begin + 1 : self.pos].lower()
        if name not in SIMPLE_TAGS:
            raise HtmlError(f'Unsupported start tag "{name}" at byte offset {at}')
        attributes = self.attributes(name, at)
        self.pos += 1  # the closing ">"
        self.check_attributes(name, attributes, at)
        self.stack.append(_OpenTag(name, attributes, self.utf16, at, len(self.entities)))

    def attributes(self, tag: str, at: int) -> dict[str, str]:
        attributes: dict[str, str] = {}
        while self.peek() != ">":
            self.skip_spaces()
            if self.peek() == ">":
                break
            name_begin = self.pos
            while self.peek() and self.peek() not in SPACES and self.peek() not in "=>":
                self.pos += 1
            name = self.src[name_begin : self.pos].lower()
            if not name:
                if not self.peek():
                    raise HtmlError(f'Unclosed start tag "{tag}" at byte offset {at}')
                raise HtmlError(f'Empty attribute name in the tag "{tag}" at byte offset {at}')
            self.skip_spaces()
            if self.peek() != "=":
                if tag == "blockquote" and name == "expandable":
                    attributes[name] = ""
                    continue
                if not self.peek():
                    raise HtmlError(f'Unclosed start tag "{tag}" at byte offset {at}')
                raise HtmlError(
                    "Expected equal sign in declaration of an attribute of the tag "
                    f'"{tag}" at byte offset {at}'
                )
            self.pos += 1
            self.skip_spaces()
            if not self.peek():
                raise HtmlError(f'Unclosed start tag "{tag}" at byte offset {at}')
            attributes[name] = self.attribute_value()
            if not self.peek():
                raise HtmlError(f"Unclosed start tag at byte offset {at}")
        return attributes

    def attribute_value(self) -> str:
        quote = self.peek()
        if quote not in ("'", '"'):
            token_begin = self.pos
            while self.peek() and _is_token_char(self.peek()):
                self.pos += 1
            if self.peek() and self.peek() not in SPACES and self.peek() != ">":
                raise HtmlError(
                    f"Unexpected end of name token at byte offset {self.byte_offset(token_begin)}"
                )
            return self.src[token_begin : self.pos].lower()
        self.pos += 1
        value: list[str] = []
        while self.peek() and self.peek() != quote:
            if self.peek() == "&":
                value.append(self.entity())
            else:
                value.append(self.peek())
                self.pos += 1
        if self.peek() == quote:
            self.pos += 1
        return "".join(value)

    def check_attributes(self, tag: str, attributes: dict[str, str], at: int) -> None:
        """Attributes Telegram ignores are refused: they are almost always a typo."""
        for name in attributes:
            if name not in ALLOWED_ATTRIBUTES.get(tag, frozenset()):
                raise HtmlError(
                    f'Unsupported attribute "{name}" in the tag "{tag}" at byte offset {at} '
                    "(the stand-in refuses attributes Telegram would ignore)"
                )
        if tag == "span" and attributes.get("class") != "tg-spoiler":
            raise HtmlError(f'Tag "span" must have class "tg-spoiler" at byte offset {at}')
        if tag == "a" and not attributes.get("href", "").strip():
            raise HtmlError(
                f'Tag "a" at byte offset {at} needs a non-empty href (the stand-in refuses '
                "links without one)"
            )
        if tag == "tg-emoji" and not attributes.get("emoji-id", "").isdigit():
            raise HtmlError("Invalid custom emoji identifier specified")
        if tag == "code" and "class" in attributes:
            inside_pre = bool(self.stack) and self.stack[-1].name == "pre"
            if not attributes["class"].startswith("language-") or not inside_pre:
                raise HtmlError(
                    f'Tag "code" at byte offset {at} may only have class="language-…" '
                    "directly inside <pre>"
                )

    def end_tag(self) -> None:
        begin = self.pos
        at = self.byte_offset(begin)
        if not self.stack:
            raise HtmlError(f"Unexpected end tag at byte offset {at}")
        self.pos += 2
        while self.peek() and self.peek() not in SPACES and self.peek() != ">":
            self.pos += 1
        name = self.src[begin + 2 : self.pos].lower()
        self.skip_spaces()
        if self.peek() != ">":
            raise HtmlError(f"Unclosed end tag at byte offset {at}")
        self.pos += 1
        open_tag = self.stack[-1]
        if name and name != open_tag.name:
            raise HtmlError(
                f'Unmatched end tag at byte offset {at}, expected "</{open_tag.name}>", '
                f'found "</{name}>"'
            )
        self.stack.pop()
        self.close(open_tag)

    def close(self, tag: _OpenTag) -> None:
        length = self.utf16 - tag.utf16_start
        if length <= 0:
            return  # Telegram drops empty entities
        entity: dict[str, Any] = {
            "type": SIMPLE_TAGS[tag.name],
            "offset": tag.utf16_start,
            "length": length,
        }
        if tag.name == "a":
            entity["url"] = tag.attributes["href"].strip()
        elif tag.name == "tg-emoji":
            entity["custom_emoji_id"] = tag.attributes["emoji-id"]
        elif tag.name == "blockquote" and "expandable" in tag.attributes:
            entity["type"] = "expandable_blockquote"
        elif tag.name == "pre":
            inner = self.entities[-1] if len(self.entities) > tag.entities_before else None
            same_span = inner is not None and (inner["offset"], inner["length"]) == (
                tag.utf16_start,
                length,
            )
            if inner is not None and same_span and inner["type"] == "code":
                # <pre><code class="language-x">…</code></pre> is one pre entity.
                self.entities.pop()
                if "language" in inner:
                    entity["language"] = inner["language"]
            for nested in self.entities[tag.entities_before :]:
                nested.pop("language", None)  # a partial <code> keeps no language, as in Telegram
        elif tag.name == "code" and "class" in tag.attributes:
            language = tag.attributes["class"].removeprefix("language-")
            if language:
                entity["language"] = language
        self.entities.append(entity)


def parse_html(source: str) -> ParsedText:
    """Parse Telegram HTML; raises HtmlError with Telegram's wording on malformed input."""
    return _Scanner(source).run()
