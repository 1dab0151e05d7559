"""The terminal as a Telegram chat: the bot's messages print as they arrive or change, and
each line the person types becomes what they would do in Telegram."""

from __future__ import annotations

import asyncio
import string
from collections.abc import Awaitable, Callable
from typing import Any, TextIO

from bot.app.practices import UnderWay
from bot.demo.board import Board
from bot.demo.files import Shelf
from bot.demo.place import Place, demo_place
from standin import BotMessage, StoredFile, UserClient

# How long the chat must stay quiet at end of input before the demo is considered done.
QUIET_SECONDS = 0.5
MEDIA_LABELS = {
    "photo": "photo",
    "animation": "animation",
    "document": "file",
    "voice": "voice message",
    "audio": "audio",
}
# What a reply keyboard button may ask Telegram to send instead of its label.
REQUESTS = ("request_contact", "request_poll", "request_users", "request_chat", "web_app")

RoutinesUnderWay = Callable[[], Awaitable[UnderWay]]
Shown = tuple[str, list[str], bool, str, list[list[str]]]


class TerminalChat:
    """Prints the bot's messages as they arrive or change, and turns lines into actions."""

    def __init__(
        self,
        user: UserClient,
        out: TextIO,
        bot_username: str,
        shelf: Shelf,
        place: Callable[[], Place] = demo_place,
    ) -> None:
        self.user = user
        self.out = out
        self.bot_username = bot_username
        self.shelf = shelf
        self._place = place
        self.board = Board()
        self._shown: dict[int, Shown] = {}
        self._reply_keys: list[dict[str, Any]] = []
        self._one_time = False
        self._acting = False

    async def run(
        self, stdin: TextIO, interactive: bool, routines: RoutinesUnderWay, limit: float
    ) -> None:
        """Chat until /quit or the end of input; then let routines under way finish."""
        watcher = asyncio.create_task(self._watch())
        try:
            if await self._read(stdin, interactive):
                await self.wait_for_routines(routines, limit)
        finally:
            watcher.cancel()

    async def _read(self, stdin: TextIO, interactive: bool) -> bool:
        """Act on each line; True at the end of input, False when the person typed /quit."""
        while True:
            if interactive:
                self.out.write("you> ")
                self.out.flush()
            line = await asyncio.to_thread(stdin.readline)
            if not line:
                return True
            text = line.strip()
            if text in {"/quit", "/exit"}:
                return False
            if text:
                await self.handle(text)

    async def handle(self, text: str) -> None:
        """A button's number (or `/tap N`), a reply keyboard's letter, or a message."""
        self._acting = True
        self.board.person_acts()
        try:
            number = text.removeprefix("/tap").strip()
            letters = string.ascii_lowercase[: len(self._reply_keys)]
            if number.isdigit() and (text.startswith("/tap") or int(number) <= self.board.highest):
                await self._press(int(number))
            elif len(text) == 1 and text.lower() in letters:
                key = self._reply_keys[letters.index(text.lower())]
                if self._one_time:  # Telegram hides such a keyboard once it is used
                    self._reply_keys = []
                await self._press_key(key)
            else:
                await self.user.send(text)
        except AssertionError as error:  # how the stand-in's client reports a failed action
            self._say(f"that did not work: {error}")
        finally:
            # Replies print after the pop-up, and join the board of this action.
            self.refresh()
            self._acting = False
            self.board.answered()

    async def _press(self, number: int) -> None:
        found = self.board.find(number)
        if found is None:
            self._say(f"there is no button {number} to press")
            return
        message, index = found
        button = [button for row in message.buttons for button in row][index]
        self._say(f"you pressed: {button.text}")
        if button.callback_data is not None:
            await self.user.tap(message, index)
            self._show_answer()
        elif button.switch_inline_query is not None:
            await self._inline(button.switch_inline_query, here=False)
        elif button.switch_inline_query_current_chat is not None:
            await self._inline(button.switch_inline_query_current_chat, here=True)
        elif button.url is not None:
            self._say(f"in Telegram this opens {button.url}")
        else:
            self._say(f"the demo cannot press this kind of button: {button.raw}")

    def _show_answer(self) -> None:
        """The pop-up Telegram shows for the bot's answer to a tap."""
        answer = self.user.last_callback_answer
        if answer is None:
            self._say("the bot did not answer the tap: Telegram would show a spinner")
            return
        if answer.text:
            self._say(f"{'alert' if answer.show_alert else 'pop-up'}: {answer.text}")
        if answer.url:
            self._say(f"in Telegram the answer opens {answer.url}")

    async def _inline(self, query: str, here: bool) -> None:
        """A Share button: inline mode, run here as Telegram would in the chat it goes to."""
        typed = f"@{self.bot_username} {query}".rstrip()
        if here:
            self._say(f"in Telegram this types “{typed}” here, and the bot offers:")
        else:
            picker = "opens a chat picker; in the chat you pick it types"
            self._say(f"in Telegram this {picker} “{typed}”, and the bot offers:")
        results = await self.user.inline_query(query)
        for result in results:
            title = result.get("title") or result.get("id", "")
            about = result.get("description")
            self.out.write(f"  • {title}: {about}\n" if about else f"  • {title}\n")
        if not results:
            self.out.write("  (nothing)\n")

    async def _press_key(self, key: dict[str, Any]) -> None:
        """A button of the keyboard under the typing field: it sends its label, or a request."""
        label = str(key.get("text", ""))
        self._say(f"you pressed: {label}")
        if key.get("request_location"):
            place = self._place()
            sent = f"sent a location in {place.zone}: {place.latitude}, {place.longitude}"
            if place.instead_of is None:
                self._say(f"{sent}, this computer's time zone")
            else:
                self._say(f"{sent}; this computer's zone, {place.instead_of}, names no place")
            await self.user.send_location(place.latitude, place.longitude)
        elif any(key.get(request) for request in REQUESTS):
            self._say("the demo cannot send what this button asks for; type an answer instead")
        else:
            await self.user.send(label)

    async def wait_for_routines(self, routines: RoutinesUnderWay, limit: float) -> None:
        """At the end of input: print until the routines going on by themselves end (at most
        `limit` seconds). One waiting for a tap cannot go on without one, so it is left."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limit
        under_way = await routines()
        if under_way.moving:
            self._say("input ended; waiting for the routine under way to end, Ctrl-C stops")
        while True:
            before = self._fingerprint()
            await asyncio.sleep(QUIET_SECONDS)
            self.refresh()
            under_way = await routines()
            if self._fingerprint() == before and not under_way.moving:
                break
            if loop.time() >= deadline:
                self._say(f"stopped waiting after {limit:g} s: a routine is still going")
                return
        if under_way.waiting:
            self._say("a routine is waiting for a tap, and input has ended: the demo stops here")

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(0.05)
            if not self._acting:
                self.refresh()

    def refresh(self) -> None:
        for message in self.user.messages:
            media = message.media or message.voice or message.audio
            state = (
                message.text or message.caption or "",
                message.button_texts,
                message.deleted,
                media.file_unique_id if media else "",
                message.keyboard,
            )
            seen = self._shown.get(message.message_id)
            if seen == state:
                continue
            self._shown[message.message_id] = state
            if message.deleted:
                continue
            # An edited card that keeps its picture is words only: no new file to open.
            new_media = seen is None or seen[3] != state[3]
            self._print(message, edited=seen is not None, new_media=new_media)
        self.out.flush()

    def _print(self, message: BotMessage, edited: bool, new_media: bool = True) -> None:
        header = "bot (edited)" if edited else "bot"
        self.out.write(f"\n── {header} ──\n")
        media = message.media or message.voice or message.audio
        if media is not None and new_media:
            self.out.write(f"[{MEDIA_LABELS[message.kind]} {self._save(media)}]\n")
        self.out.write(f"{message.text or message.caption or ''}\n")
        if message.button_texts:
            first = self.board.place(message)
            for number, label in enumerate(message.button_texts, first):
                self.out.write(f"  [{number}] {label}\n")
        self._print_reply_keyboard(message)

    def _save(self, media: StoredFile) -> str:
        try:
            return f"saved: {self.shelf.save(media)}"
        except OSError as error:
            return f"not saved ({error.strerror or error}), {len(media.data)} bytes"

    def _print_reply_keyboard(self, message: BotMessage) -> None:
        """A keyboard under the typing field stays until the bot removes it."""
        markup = message.reply_markup or {}
        if markup.get("remove_keyboard") and self._reply_keys:
            self._reply_keys = []
            self._say("the keyboard under the typing field is gone")
        rows = markup.get("keyboard")
        if not rows:
            return
        self._reply_keys = [_key(raw) for row in rows for raw in row]
        self._one_time = bool(markup.get("one_time_keyboard"))
        self._say("keyboard under the typing field; type a letter to press")
        for letter, key in zip(string.ascii_lowercase, self._reply_keys, strict=False):
            self.out.write(f"  [{letter}] {key['text']}\n")

    def _say(self, note: str) -> None:
        """The demo's own words, in brackets, apart from the bot's."""
        self.out.write(f"({note})\n")

    def _fingerprint(self) -> list[tuple[int, str, int]]:
        return [(m.message_id, m.text or "", m.edit_count) for m in self.user.messages]


def _key(raw: object) -> dict[str, Any]:
    """A reply keyboard button: a bare string is a label."""
    return dict(raw) if isinstance(raw, dict) else {"text": str(raw)}
