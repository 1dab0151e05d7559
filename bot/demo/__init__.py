"""The terminal demo: the real bot, wired as in production, talking to the local stand-in.

You are the Telegram user. Type messages or commands; the bot's messages print with their
buttons numbered, and typing a number (or `/tap N`) presses one; a keyboard under the typing
field has letters. Photos and files the bot sends are saved under `data/demo-out/`. Piped
input works too: every reply is printed, and at the end of input the demo waits until the
routines going on by themselves have ended, then exits.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
from datetime import timedelta
from pathlib import Path
from typing import TextIO

from pydantic import SecretStr

from bot.config import DEFAULT_DATABASE_URL, Config
from bot.demo.chat import TerminalChat
from bot.demo.files import DEFAULT_OUT_DIR, Shelf
from bot.services import build_services
from bot.storage.migrate import upgrade_to_head_async
from bot.telegram.app import build_application
from bot.telegram.context import use_cases
from bot.telegram.lifecycle import polling
from standin import StandIn

DEMO_DATABASE_URL = "sqlite+aiosqlite:///data/demo.sqlite3"
# At the end of input the demo waits for routines under way, for at most this long on the
# bot's clock (longer than any routine) or this many real seconds, whichever is longer.
WAIT_LIMIT = timedelta(hours=1)
MIN_WAIT_SECONDS = 60.0

INTRO = (
    "Stretch bot demo: you are chatting with the real bot through a local Telegram "
    "stand-in.\nType /start to begin, a number to press a button, /quit to leave.\n"
)


def run_demo(config: Config, speed: float = 1.0, out_dir: Path = DEFAULT_OUT_DIR) -> int:
    if config.log_level != "DEBUG":
        # The terminal is the chat: only problems should interrupt it.
        logging.getLogger().setLevel(logging.WARNING)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_demo(config, speed, sys.stdin, sys.stdout, Shelf(out_dir)))
    return 0


def demo_database_url(config: Config) -> str:
    """Demo chats stay out of the database a real bot would use, unless one was chosen."""
    if config.database_url == DEFAULT_DATABASE_URL:
        return DEMO_DATABASE_URL
    return config.database_url


def wait_limit(speed: float) -> float:
    """Real seconds the demo waits at most for routines at the end of input."""
    return max(WAIT_LIMIT.total_seconds() / speed, MIN_WAIT_SECONDS)


async def _demo(config: Config, speed: float, stdin: TextIO, stdout: TextIO, shelf: Shelf) -> None:
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
        # Drawn before the first message (once; cached on disk after): at the demo's speed a
        # picture drawn on demand would make a sped-up countdown start seconds late.
        await asyncio.to_thread(services.pictures.warm)
        application = build_application(
            demo_config, services, on_update_done=standin.mark_processed
        )
        async with polling(application):
            user = standin.new_user(first_name="You")
            chat = TerminalChat(user, stdout, standin.bot.username or "", shelf)
            interactive = stdin.isatty()
            if interactive:
                stdout.write(INTRO)
            practices = use_cases(application).practices
            await chat.run(stdin, interactive, practices.under_way, wait_limit(speed))
