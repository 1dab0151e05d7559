"""The simulated world: people, chats, messages, files and pending queries."""

from __future__ import annotations

import hashlib
import itertools
import re
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

from standin.errors import bad_request
from standin.model import BotMessage, CallbackAnswer, Chat, Person, StoredFile
from standin.objects import chat_json, user_json
from standin.updates import UpdateQueue
from standin.webhook import WebhookSender

FILE_ID_PREFIX = {
    "photo": "AgAC",
    "animation": "CgAC",
    "document": "BQAC",
    "sticker": "CAAC",
    "voice": "AwAC",
    "audio": "CQAC",
}
# A smaller size of a photo goes by "<photo's file_id>_<width>x<height>" (see photo_sizes).
PHOTO_SIZE_ID = re.compile(r"^(?P<photo>.+)_(?P<width>\d+)x(?P<height>\d+)$")


@dataclass(frozen=True)
class Upload:
    """Bytes the bot uploaded (not a file_id it sent again): what a picture cache saves."""

    method: str
    kind: str
    size: int
    sha256: str


@dataclass
class CallbackQueryRecord:
    """A button tap waiting for answerCallbackQuery (answerable once).

    A tap on a message sent via inline mode has no chat and no message id, only an
    inline message id.
    """

    id: str
    chat_id: int | None
    message_id: int | None
    inline_message_id: str | None = None
    asked_at: float = field(default_factory=time.monotonic)
    answer: CallbackAnswer | None = None
    answered: bool = False


@dataclass
class InlineQueryRecord:
    """An inline query waiting for answerInlineQuery (answerable once)."""

    id: str
    user_id: int
    query: str
    results: list[dict[str, Any]] = field(default_factory=list)
    answered: bool = False


@dataclass
class BotSettings:
    """What the set*/delete* methods change, readable by tests."""

    commands: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    short_descriptions: dict[str, str] = field(default_factory=dict)
    menu_buttons: dict[int | None, dict[str, Any]] = field(default_factory=dict)


class State:
    """Everything the server and the user side share, for one stand-in instance."""

    def __init__(self, bot: Person, queue: UpdateQueue, update_kinds: frozenset[str]) -> None:
        self.bot = bot
        self.queue = queue
        self.webhook = WebhookSender(queue)
        self.update_kinds = update_kinds  # the Update fields getUpdates may be asked for
        self.chats: dict[int, Chat] = {}
        self.files: dict[str, StoredFile] = {}
        self.uploads: list[Upload] = []
        self.callback_queries: dict[str, CallbackQueryRecord] = {}
        self.inline_queries: dict[str, InlineQueryRecord] = {}
        self.settings = BotSettings()
        self._user_ids = itertools.count(100_000_001)
        self._group_ids = itertools.count(4_000_000_001)

    def new_person(
        self, first_name: str, username: str | None, language_code: str | None
    ) -> Person:
        """A fresh user with its private chat (chat id = user id, as on Telegram)."""
        person = Person(next(self._user_ids), first_name, username, language_code)
        self.chats[person.id] = Chat(
            person.id, "private", peer=person, chat_instance=_numeric_id()
        )
        return person

    def new_group(self, title: str) -> Chat:
        """A basic group the bot is a member of."""
        chat = Chat(-next(self._group_ids), "group", title=title, chat_instance=_numeric_id())
        self.chats[chat.id] = chat
        return chat

    def chat(self, chat_id: int | str) -> Chat:
        """The chat a request names; Telegram's "chat not found" otherwise."""
        chat = self.chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None:
            raise bad_request("chat not found")
        return chat

    def add_file(self, kind: str, data: bytes, **details: Any) -> StoredFile:
        """Store an upload so later calls can reuse it by file_id."""
        stored = StoredFile(
            kind=kind,
            file_id=FILE_ID_PREFIX.get(kind, "BAAC") + secrets.token_urlsafe(40),
            file_unique_id="AQAD" + secrets.token_urlsafe(8),
            data=data,
            **details,
        )
        self.files[stored.file_id] = stored
        return stored

    def file(self, file_id: str) -> StoredFile | None:
        """A file by any id the stand-in gave out, a smaller photo size's included."""
        stored = self.files.get(file_id)
        if stored is not None:
            return stored
        size = PHOTO_SIZE_ID.match(file_id)
        photo = self.files.get(size["photo"]) if size else None
        return photo if photo is not None and photo.kind == "photo" else None

    def add_upload(self, method: str, kind: str, data: bytes, **details: Any) -> StoredFile:
        """Store bytes the bot uploaded, and count the upload."""
        digest = hashlib.sha256(data).hexdigest()
        self.uploads.append(Upload(method, kind, len(data), digest))
        return self.add_file(kind, data, **details)

    def add_bot_message(self, chat: Chat, now: float, **fields: Any) -> BotMessage:
        """Record a message the bot sent and wake anyone waiting for it."""
        message = BotMessage(
            message_id=chat.next_message_id(),
            chat_id=chat.id,
            date=int(time.time()),
            sent_at=now,
            **fields,
        )
        chat.bot_messages[message.message_id] = message
        chat.notify()
        return message

    def add_user_message(
        self, chat: Chat, sender: Person, content: dict[str, Any]
    ) -> dict[str, Any]:
        """Record a message a simulated user sent; returns its Message JSON."""
        message = {
            "message_id": chat.next_message_id(),
            "from": user_json(sender),
            "chat": chat_json(chat),
            "date": int(time.time()),
            **content,
        }
        chat.user_messages[message["message_id"]] = message
        return message

    def new_callback_query(self, chat: Chat, message_id: int) -> CallbackQueryRecord:
        record = CallbackQueryRecord(_numeric_id(), chat.id, message_id)
        self.callback_queries[record.id] = record
        return record

    def new_inline_callback_query(self) -> CallbackQueryRecord:
        """A tap on a message sent via inline mode: no chat, an inline message id."""
        inline_id = secrets.token_urlsafe(18)
        record = CallbackQueryRecord(_numeric_id(), None, None, inline_message_id=inline_id)
        self.callback_queries[record.id] = record
        return record

    def new_inline_query(self, person: Person, query: str) -> InlineQueryRecord:
        record = InlineQueryRecord(_numeric_id(), person.id, query)
        self.inline_queries[record.id] = record
        return record


def _numeric_id() -> str:
    """Telegram's query ids and chat instances are long decimal strings."""
    return str(secrets.randbelow(9 * 10**18) + 10**18)
