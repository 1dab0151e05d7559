"""Whatever no other handler took: unknown commands and things that are not text."""

from __future__ import annotations

from telegram import Update

from bot.telegram.context import BotContext
from bot.telegram.handlers.common import send_screen
from bot.telegram.views import screens
from bot.telegram.views.texts import t


async def unknown_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    command = (message.text or "").split()[0] if message else ""
    await send_screen(update, context, screens.unknown_command(command[:64]))


async def not_text(update: Update, context: BotContext) -> None:
    await send_screen(update, context, screens.Screen(t("menu.non_text")))
