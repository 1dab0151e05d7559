"""The terminal demo: the real bot, wired as in production, talking to the local stand-in.

You are the Telegram user. Type messages or commands; the bot's messages print with their
buttons numbered, and typing a number (or `/tap N`) presses one. Piped input works too:
every reply is printed, and at end of input the demo waits for pending replies and exits.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
from collections.abc import Awaitable, Callable
from typing import TextIO

from pydantic import SecretStr

from bot.config import DEFAULT_DATABASE_URL, Config
from bot.services import build_services
from bot.storage.migrate import upgrade_to_head_async
from bot.telegram.app import build_application
from bot.telegram.context import use_cases
from bot.telegram.lifecycle import polling
from standin import BotMessage, StandIn, UserClient

DEMO_DATABASE_URL = "sqlite+aiosqlite:///data/demo.sqlite3"
# How long the chat must stay quiet at end of input before the demo is considered done.
QUIET_SECONDS = 0.5

INTRO = (
    "Stretch bot demo: you are chatting with the real bot through a local Telegram "
    "stand-in.\nType /start to begin, a number to press a button, /quit to leave.\n"
)


def run_demo(config: Config, speed: float = 1.0) -> int:
    if config.log_level != "DEBUG":
        # The terminal is the chat: only problems should interrupt it.
        logging.getLogger().setLevel(logging.WARNING)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_demo(config, speed, sys.stdin, sys.stdout))
    return 0


def demo_database_url(config: Config) -> str:
    """Demo chats stay out of the database a real bot would use, unless one was chosen."""
    if config.database_url == DEFAULT_DATABASE_URL:
        return DEMO_DATABASE_URL
    return config.database_url


async def _demo(config: Config, speed: float, stdin: TextIO, stdout: TextIO) -> None:
    async with StandIn() as standin:
        database_url = demo_database_url(config)
        demo_config = config.model_copy(
            update={
                "telegram_bot_token": SecretStr(standin.token),
                "telegram_api_base_url": standin.base_url,
                "database_url": database_url,
            }
        )
        await upgrade_to_head_async(demo_config)
        services = build_services(demo_config, time_scale=speed)
        application = build_application(
            demo_config, services, on_update_done=standin.mark_processed
        )
        async with polling(application):
            user = standin.new_user(first_name="You")
            practices = use_cases(application).practices

            async def moving() -> int:
                return (await practices.under_way()).moving

            chat = TerminalChat(user, stdout, moving)
            interactive = stdin.isatty()
            if interactive:
                stdout.write(INTRO)
            await chat.loop(stdin, interactive)


class TerminalChat:
    """Prints the bot's messages as they arrive or change, and turns lines into actions."""

    def __init__(
        self, user: UserClient, out: TextIO, running: Callable[[], Awaitable[int]]
    ) -> None:
        self.user = user
        self.out = out
        self._running = running
        self._shown: dict[int, tuple[str, list[str], bool]] = {}
        self._keyboard: BotMessage | None = None

    async def loop(self, stdin: TextIO, interactive: bool) -> None:
        watcher = asyncio.create_task(self._watch())
        try:
            while True:
                if interactive:
                    self.out.write("you> ")
                    self.out.flush()
                line = await asyncio.to_thread(stdin.readline)
                if not line:
                    break
                text = line.strip()
                if text in {"/quit", "/exit"}:
                    return
                if text:
                    await self.handle(text)
                    self.refresh()
            await self.wait_quiet()
        finally:
            watcher.cancel()

    async def handle(self, text: str) -> None:
        """A button number, `/tap N`, or a message for the bot."""
        number = text.removeprefix("/tap").strip()
        if number.isdigit() and (text.startswith("/tap") or self._button_count() >= int(number)):
            message = self._keyboard
            index = int(number) - 1
            if message is None or not 0 <= index < len(message.button_texts):
                self.out.write(f"(there is no button {number} to press)\n")
                return
            self.out.write(f"(you pressed: {message.button_texts[index]})\n")
            await self.user.tap(message, index)
            return
        await self.user.send(text)

    async def wait_quiet(self) -> None:
        """At end of piped input: let moving routines and pending replies finish printing.

        A routine waiting for a tap does not move by itself, so the demo does not wait for it.
        """
        while True:
            before = self._fingerprint()
            await asyncio.sleep(QUIET_SECONDS)
            self.refresh()
            if self._fingerprint() == before and not await self._running():
                return

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(0.05)
            self.refresh()

    def refresh(self) -> None:
        for message in self.user.messages:
            state = (message.text or message.caption or "", message.button_texts, message.deleted)
            seen = self._shown.get(message.message_id)
            if seen == state:
                continue
            self._shown[message.message_id] = state
            if message.deleted:
                continue
            self._print(message, edited=seen is not None)
        self.out.flush()

    def _print(self, message: BotMessage, edited: bool) -> None:
        header = "bot (edited)" if edited else "bot"
        body = message.text or message.caption or ""
        if message.photo is not None:
            body = f"[picture, {len(message.photo.data)} bytes]\n{body}"
        if message.document is not None:
            name = message.document_filename
            body = f"[file {name}, {len(message.document.data)} bytes]\n{body}"
        self.out.write(f"\n── {header} ──\n{body}\n")
        if message.button_texts:
            self._keyboard = message
            for number, label in enumerate(message.button_texts, 1):
                self.out.write(f"  [{number}] {label}\n")

    def _button_count(self) -> int:
        return len(self._keyboard.button_texts) if self._keyboard else 0

    def _fingerprint(self) -> list[tuple[int, str, int]]:
        return [(m.message_id, m.text or "", m.edit_count) for m in self.user.messages]
