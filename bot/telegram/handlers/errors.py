"""The last line of defence: log the error and tell the user, without ever crashing."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, TelegramError

from bot.telegram.context import BotContext
from bot.telegram.handlers.common import send_screen
from bot.telegram.views.screens import Screen
from bot.telegram.views.texts import t

log = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    error = context.error
    if isinstance(error, Forbidden):
        # The user blocked the bot or left: nothing to say and nobody to say it to.
        log.info("user unreachable: %s", error.message)
        return
    log.error("error while handling an update", exc_info=error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        await send_screen(update, context, Screen(t("menu.something_went_wrong")))
    except TelegramError as send_error:
        log.warning("could not tell the user about the error: %s", send_error)
