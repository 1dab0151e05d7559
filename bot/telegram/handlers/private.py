"""Personal things stay in the private chat.

Streaks, pain check-ins, reminders, settings and exported data are nobody else's business:
in a group, such a command or button gets one line (or a tap opens the private chat), and
a deep link (`?start=<command>`) carries the command out there.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Chat, Update

from bot.telegram.context import BotContext
from bot.telegram.deep_links import private_chat_link
from bot.telegram.handlers import progress, reminders, routines
from bot.telegram.handlers.common import send_screen
from bot.telegram.views import keyboards
from bot.telegram.views.screens import Screen
from bot.telegram.views.texts import t

Handler = Callable[[Update, BotContext], Coroutine[Any, Any, None]]

# Commands that show or change what is stored about the person, or guide their routine.
PERSONAL: dict[str, Handler] = {
    "bedtime": routines.bedtime,
    "routines": routines.routines,
    "settings": routines.settings,
    "stop": routines.stop,
    "cancel": routines.stop,
    "remind": reminders.remind,
    "timezone": reminders.timezone,
    "streak": progress.streak,
    "progress": progress.progress,
    "export": progress.export,
    "forget": progress.forget,
}


def in_group(update: Update) -> bool:
    chat = update.effective_chat
    return chat is not None and chat.type != Chat.PRIVATE


def private_only(command: str, handler: Handler) -> Handler:
    """`handler` in a private chat; in a group, a pointer to the private chat instead."""

    async def guarded(update: Update, context: BotContext) -> None:
        if not in_group(update):
            await handler(update, context)
            return
        link = private_chat_link(context.bot.username, command)
        screen = Screen(t("account.private_only"), keyboards.open_private(link))
        await send_screen(update, context, screen)

    return guarded


async def resume(update: Update, context: BotContext, command: str) -> bool:
    """/start <command> from a group's link: carry the command out here; False if unknown."""
    handler = PERSONAL.get(command)
    if handler is None or in_group(update):
        return False
    context.args = []
    await handler(update, context)
    return True
