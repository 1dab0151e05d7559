"""The user side: simulated people who write to the bot, tap buttons and read its replies."""

from __future__ import annotations

import asyncio
import re
import secrets
import struct
import zlib
from dataclasses import dataclass
from typing import Any

from standin.html import utf16_length
from standin.media import inspect_image
from standin.model import BotMessage, CallbackAnswer, Chat, Person
from standin.objects import bot_message_json, photo_sizes, user_json
from standin.processing import ProcessingTracker
from standin.state import State

COMMAND = re.compile(r"^/[A-Za-z0-9_]{1,64}(?:@(?P<bot>[A-Za-z0-9_]{3,32}))?(?=$|\s)")


@dataclass(frozen=True)
class Group:
    """A group chat the bot is in; users post there with ``user.send_in_group``."""

    chat: Chat

    @property
    def id(self) -> int:
        return self.chat.id

    @property
    def title(self) -> str:
        return self.chat.title or ""

    @property
    def messages(self) -> list[BotMessage]:
        """Every bot message in the group, current state."""
        return [m for _, m in sorted(self.chat.bot_messages.items())]

    @property
    def last(self) -> BotMessage:
        """The newest bot message in the group."""
        if not self.chat.bot_messages:
            raise AssertionError(f"the bot has no message in the group {self.title!r}")
        return self.chat.bot_messages[max(self.chat.bot_messages)]


def _chat_instance() -> str:
    """The chat an inline message went to, as Telegram names it to the bot."""
    return str(secrets.randbelow(9 * 10**18) + 10**18)


def tiny_png(width: int = 2, height: int = 2) -> bytes:
    """A valid grey PNG, for user photos and tests."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(pixels))
        + chunk(b"IEND", b"")
    )


def tiny_gif(width: int = 2, height: int = 2) -> bytes:
    """A valid one-frame GIF89a in black, for animation tests."""
    screen = struct.pack("<HHBBB", width, height, 0x80, 0, 0)
    palette = b"\x00\x00\x00\xff\xff\xff"
    image = b"\x2c" + struct.pack("<HHHHB", 0, 0, width, height, 0)
    # LZW with 3-bit codes: a clear code (4) before every pixel keeps the code size from
    # growing; 5 ends the data. Codes are packed from the lowest bit up.
    codes = [code for _ in range(width * height) for code in (4, 0)] + [5]
    bits = sum(code << (3 * index) for index, code in enumerate(codes))
    data = bits.to_bytes((3 * len(codes) + 7) // 8, "little")
    blocks = b"".join(
        bytes([len(data[i : i + 255])]) + data[i : i + 255] for i in range(0, len(data), 255)
    )
    return b"GIF89a" + screen + palette + image + b"\x02" + blocks + b"\x00\x3b"


def tiny_mp4(width: int = 320, height: int = 240, seconds: int = 2) -> bytes:
    """The boxes an MP4 animation needs to be described: file type, movie and track headers,
    an empty media box. Not playable; enough for the stand-in's checks."""

    def box(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", 8 + len(body)) + kind + body

    timescale = 1000
    movie_header = struct.pack(">B3xIIII", 0, 0, 0, timescale, seconds * timescale) + bytes(80)
    track_header = struct.pack(">B3xIIIII", 0, 0, 0, 1, 0, seconds * timescale) + bytes(52)
    track_header += struct.pack(">II", width << 16, height << 16)
    return (
        box(b"ftyp", b"isom\x00\x00\x02\x00isomiso2avc1mp41")
        + box(b"moov", box(b"mvhd", movie_header) + box(b"trak", box(b"tkhd", track_header)))
        + box(b"mdat", b"")
    )


class UserClient:
    """One simulated user with a private chat with the bot."""

    def __init__(self, state: State, tracker: ProcessingTracker, person: Person) -> None:
        self._state = state
        self._tracker = tracker
        self.person = person
        self.chat = state.chats[person.id]
        self.last_callback_answer: CallbackAnswer | None = None
        self._seen: dict[int, int] = {}  # chat id -> highest bot message id handed out

    @property
    def id(self) -> int:
        return self.person.id

    @property
    def chat_id(self) -> int:
        return self.chat.id

    @property
    def messages(self) -> list[BotMessage]:
        """Every bot message in the private chat, in its current state."""
        return [m for _, m in sorted(self.chat.bot_messages.items())]

    @property
    def last(self) -> BotMessage:
        """The newest bot message that is not deleted."""
        for message in reversed(self.messages):
            if not message.deleted:
                return message
        raise AssertionError(f"the bot has no message in its chat with {self.person.name}")

    async def send(self, text: str) -> list[BotMessage]:
        """Write to the bot; returns what it sent here while handling the message."""
        content: dict[str, Any] = {"text": text}
        command = COMMAND.match(text)
        if command:
            content["entities"] = [
                {"type": "bot_command", "offset": 0, "length": utf16_length(command.group())}
            ]
        return await self._post(self.chat, content, f"message {text!r}")

    async def send_in_group(self, group: Group, text: str) -> list[BotMessage]:
        """Post in a group; privacy mode delivers only commands for this bot and mentions."""
        content: dict[str, Any] = {"text": text}
        entities: list[dict[str, Any]] = []
        command = COMMAND.match(text)
        bot_name = self._state.bot.username or ""
        if command:
            entities.append(
                {"type": "bot_command", "offset": 0, "length": utf16_length(command.group())}
            )
        mention = f"@{bot_name}"
        at = text.find(mention)
        if at >= 0 and not command:
            entities.append(
                {"type": "mention", "offset": utf16_length(text[:at]), "length": len(mention)}
            )
        if entities:
            content["entities"] = entities
        addressed = command.group("bot") in (None, bot_name) if command else at >= 0
        if not addressed:
            self._state.add_user_message(group.chat, self.person, content)
            return []  # privacy mode: the bot never sees it
        return await self._post(group.chat, content, f"group message {text!r}")

    async def send_location(self, latitude: float, longitude: float) -> list[BotMessage]:
        location = {"latitude": latitude, "longitude": longitude}
        return await self._post(self.chat, {"location": location}, "location")

    async def send_sticker(self, emoji: str = "👍") -> list[BotMessage]:
        stored = self._state.add_file(
            "sticker", b"RIFF\x00\x00\x00\x00WEBP", width=512, height=512
        )
        sticker = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return await self._post(self.chat, {"sticker": sticker}, "sticker")

    async def send_photo(
        self, data: bytes | None = None, caption: str | None = None
    ) -> list[BotMessage]:
        png = data if data is not None else tiny_png(64, 48)
        image = inspect_image(png)
        stored = self._state.add_file(
            "photo", png, mime_type=f"image/{image.format}", width=image.width, height=image.height
        )
        content: dict[str, Any] = {"photo": photo_sizes(stored)}
        if caption:
            content["caption"] = caption
        return await self._post(self.chat, content, "photo")

    async def send_voice(self, duration: int = 3) -> list[BotMessage]:
        stored = self._state.add_file("voice", b"OggS" + bytes(60), mime_type="audio/ogg")
        voice = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "duration": duration,
            "mime_type": "audio/ogg",
            "file_size": len(stored.data),
        }
        return await self._post(self.chat, {"voice": voice}, "voice message")

    async def tap(self, message: BotMessage, button: str | int) -> list[BotMessage]:
        """Press an inline button (exact label or flat index); returns new bot messages."""
        flat = [b for row in message.buttons for b in row]
        labels = [b.text for b in flat]
        if message.deleted:
            raise AssertionError(f"message {message.message_id} was deleted; nothing to tap")
        if isinstance(button, int):
            if not 0 <= button < len(flat):
                raise AssertionError(
                    f"no button #{button} on message {message.message_id}: {labels}"
                )
            chosen = flat[button]
        else:
            matching = [b for b in flat if b.text == button]
            if not matching:
                raise AssertionError(
                    f"no button {button!r} on message {message.message_id}; buttons: {labels}"
                )
            chosen = matching[0]
        if chosen.callback_data is None:
            raise AssertionError(
                f"button {chosen.text!r} has no callback_data ({chosen.raw}); tapping it sends "
                "nothing to the bot"
            )
        return await self._callback(message, chosen.callback_data, f"tap on {chosen.text!r}")

    async def tap_data(self, message: BotMessage, data: str) -> list[BotMessage]:
        """A callback query with any data on ``message``: stale or forged buttons."""
        return await self._callback(message, data, f"callback data {data!r}")

    async def tap_inline(self, data: str) -> None:
        """A tap on a button of a message sent via inline mode (no chat: an inline message id)."""
        record = self._state.new_inline_callback_query()
        payload = {
            "id": record.id,
            "from": user_json(self.person),
            "inline_message_id": record.inline_message_id,
            "chat_instance": _chat_instance(),
            "data": data,
        }
        self.last_callback_answer = None
        await self._deliver("callback_query", payload, None, f"inline tap {data!r}")
        self.last_callback_answer = record.answer

    async def _callback(self, message: BotMessage, data: str, what: str) -> list[BotMessage]:
        chat = self._state.chats[message.chat_id]
        record = self._state.new_callback_query(chat, message.message_id)
        payload = {
            "id": record.id,
            "from": user_json(self.person),
            "message": bot_message_json(message, chat, self._state.bot),
            "chat_instance": chat.chat_instance,
            "data": data,
        }
        self.last_callback_answer = None
        replies = await self._deliver(
            "callback_query", payload, chat, f"{what} by {self.person.name}"
        )
        self.last_callback_answer = record.answer
        return replies

    async def inline_query(self, query: str) -> list[dict[str, Any]]:
        """Type ``@bot query``; returns the results the bot answered with ([] if none)."""
        record = self._state.new_inline_query(self.person, query)
        payload = {
            "id": record.id,
            "from": user_json(self.person),
            "query": query,
            "offset": "",
            "chat_type": "sender",
        }
        await self._deliver("inline_query", payload, None, f"inline query {query!r}")
        return list(record.results)

    async def next_message(self, timeout: float = 5.0) -> BotMessage:  # noqa: ASYNC109
        """The next bot message in the private chat not yet handed out (e.g. from a timer)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            seen = self._seen.get(self.chat.id, 0)
            fresh = [m for i, m in sorted(self.chat.bot_messages.items()) if i > seen]
            if fresh:
                self._seen[self.chat.id] = fresh[0].message_id
                return fresh[0]
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(
                    f"no new message from the bot to {self.person.name} within {timeout} s"
                )
            await self.chat.wait_changed(remaining)

    async def message_shows(
        self,
        message_id: int,
        text: str,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> BotMessage:
        """The message once an edit makes it show `text` (or as it is when time runs out)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            message = self.chat.bot_messages[message_id]
            remaining = deadline - loop.time()
            if message.words == text or remaining <= 0:
                return message
            await self.chat.wait_changed(remaining)

    async def _post(self, chat: Chat, content: dict[str, Any], what: str) -> list[BotMessage]:
        message = self._state.add_user_message(chat, self.person, content)
        return await self._deliver("message", message, chat, f"{what} from {self.person.name}")

    async def _deliver(
        self, kind: str, payload: dict[str, Any], chat: Chat | None, label: str
    ) -> list[BotMessage]:
        before = chat.last_message_id if chat is not None else 0
        update_id = self._state.queue.push(kind, payload)
        self._tracker.register(update_id, chat.id if chat is not None else None, label)
        await self._tracker.wait(update_id)
        if chat is None:
            return []
        replies = [m for i, m in sorted(chat.bot_messages.items()) if i > before]
        if replies:
            self._seen[chat.id] = max(self._seen.get(chat.id, 0), replies[-1].message_id)
        return replies
