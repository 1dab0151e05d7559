"""What the stand-in remembers about people, chats and the bot's messages."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Person:
    """A Telegram account: a simulated user or the bot itself."""

    id: int
    first_name: str
    username: str | None = None
    language_code: str | None = None
    is_bot: bool = False

    @property
    def name(self) -> str:
        """How diagnostics name this person."""
        return f"@{self.username}" if self.username else self.first_name


@dataclass(frozen=True)
class StoredFile:
    """A file the server holds, addressable again by its file_id."""

    kind: str  # "photo", "animation", "document", "sticker", "voice", "audio"
    file_id: str
    file_unique_id: str
    data: bytes
    file_name: str | None = None
    mime_type: str | None = None
    width: int = 0
    height: int = 0
    duration: int = 0  # seconds, as the sender declared (animation, voice and audio)
    performer: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Button:
    """One inline keyboard button, flattened for assertions."""

    text: str
    callback_data: str | None = None
    url: str | None = None
    switch_inline_query: str | None = None
    switch_inline_query_current_chat: str | None = None
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class CallbackAnswer:
    """What the bot answered to a button tap (the toast or alert the user sees)."""

    text: str | None
    show_alert: bool
    url: str | None = None
    # Seconds from the tap to the answer (Telegram gives up on answers after about 15 s).
    delay: float = 0.0


@dataclass
class BotMessage:
    """A message the bot sent, kept in its current state: edits applied, deletion marked."""

    message_id: int
    chat_id: int
    date: int
    sent_at: float  # monotonic clock, for benchmarks
    text: str = ""  # plain text after HTML parsing; "" for media
    html: str | None = None  # the text or caption exactly as the bot sent it
    entities: list[dict[str, Any]] = field(default_factory=list)
    caption: str | None = None
    caption_entities: list[dict[str, Any]] = field(default_factory=list)
    reply_markup: dict[str, Any] | None = None
    photo: StoredFile | None = None
    animation: StoredFile | None = None
    document: StoredFile | None = None
    voice: StoredFile | None = None
    audio: StoredFile | None = None
    reply_to_message_id: int | None = None
    disable_notification: bool = False
    protect_content: bool = False
    edit_count: int = 0
    edit_date: int | None = None
    deleted: bool = False

    @property
    def kind(self) -> str:
        """ "text", "photo", "animation", "document", "voice" or "audio"."""
        for kind in ("photo", "animation", "document", "voice", "audio"):
            if getattr(self, kind) is not None:
                return kind
        return "text"

    @property
    def words(self) -> str:
        """What the person reads: the text, or a media message's caption."""
        return self.text or self.caption or ""

    @property
    def media(self) -> StoredFile | None:
        """The photo, animation or document shown, if any."""
        return self.photo or self.animation or self.document

    @property
    def buttons(self) -> list[list[Button]]:
        """Inline keyboard rows; empty without an inline keyboard."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [[_button(raw) for raw in row] for row in rows]

    @property
    def button_texts(self) -> list[str]:
        """Every inline button's label, row by row."""
        return [button.text for row in self.buttons for button in row]

    @property
    def keyboard(self) -> list[list[str]]:
        """Reply keyboard labels (the custom keyboard under the input field), if any."""
        rows = (self.reply_markup or {}).get("keyboard", [])
        return [[b if isinstance(b, str) else str(b.get("text", "")) for b in row] for row in rows]

    @property
    def photo_bytes(self) -> bytes | None:
        return self.photo.data if self.photo else None

    @property
    def animation_bytes(self) -> bytes | None:
        return self.animation.data if self.animation else None

    @property
    def document_bytes(self) -> bytes | None:
        return self.document.data if self.document else None

    @property
    def document_filename(self) -> str | None:
        return self.document.file_name if self.document else None

    @property
    def voice_bytes(self) -> bytes | None:
        return self.voice.data if self.voice else None


def _button(raw: dict[str, Any]) -> Button:
    return Button(
        text=str(raw.get("text", "")),
        callback_data=raw.get("callback_data"),
        url=raw.get("url"),
        switch_inline_query=raw.get("switch_inline_query"),
        switch_inline_query_current_chat=raw.get("switch_inline_query_current_chat"),
        raw=raw,
    )


@dataclass
class Chat:
    """A private chat (id = user id) or a group the bot is in."""

    id: int
    type: str  # "private" or "group"
    peer: Person | None = None
    title: str | None = None
    chat_instance: str = ""
    last_message_id: int = 0
    bot_messages: dict[int, BotMessage] = field(default_factory=dict)
    user_messages: dict[int, dict[str, Any]] = field(default_factory=dict)
    _changed: asyncio.Event = field(default_factory=asyncio.Event, repr=False)

    def next_message_id(self) -> int:
        """Message ids increase per chat, shared by both sides as in a real chat."""
        self.last_message_id += 1
        return self.last_message_id

    def notify(self) -> None:
        """Wake everyone waiting for a new bot message here."""
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()

    async def wait_changed(self, seconds: float) -> None:
        """Block until the next ``notify`` or for ``seconds``, whichever comes first."""
        event = self._changed
        try:
            await asyncio.wait_for(event.wait(), seconds)
        except TimeoutError:
            return


@dataclass(frozen=True)
class UploadedFile:
    """A multipart file part as received; it stands for the spec's InputFile."""

    field_name: str
    filename: str | None
    content_type: str | None
    data: bytes
