"""Wire handlers to updates. Commands work everywhere; chatter is answered only in private."""

from __future__ import annotations

from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.telegram.context import BotApplication
from bot.telegram.handlers import (
    browse,
    buttons,
    errors,
    fallback,
    inline,
    progress,
    reminders,
    routines,
    start,
)

# The command menu Telegram shows, in this order; each is described in the catalogue.
MENU = (
    "bedtime",
    "routines",
    "start",
    "stretches",
    "stretch",
    "remind",
    "streak",
    "progress",
    "settings",
    "timezone",
    "safety",
    "help",
    "export",
    "forget",
)


def register(application: BotApplication) -> None:
    new_message = filters.UpdateType.MESSAGE
    private = filters.ChatType.PRIVATE & new_message
    for name, callback in [
        ("start", start.start),
        ("help", start.help_command),
        ("menu", start.menu),
        ("stop", routines.stop),
        ("cancel", routines.stop),
        ("safety", start.safety),
        ("stretches", browse.stretches),
        ("stretch", browse.stretch),
        ("bedtime", routines.bedtime),
        ("routines", routines.routines),
        ("settings", routines.settings),
        ("remind", reminders.remind),
        ("timezone", reminders.timezone),
        ("streak", progress.streak),
        ("progress", progress.progress),
        ("export", progress.export),
        ("forget", progress.forget),
    ]:
        application.add_handler(CommandHandler(name, callback, filters=new_message))
    application.add_handler(CallbackQueryHandler(buttons.on_button))
    application.add_handler(InlineQueryHandler(inline.inline_query))
    application.add_handler(MessageHandler(private & filters.COMMAND, fallback.unknown_command))
    application.add_handler(MessageHandler(private & filters.LOCATION, reminders.location))
    application.add_handler(MessageHandler(private & filters.TEXT, browse.text_message))
    application.add_handler(MessageHandler(private & ~filters.TEXT, fallback.not_text))
    application.add_error_handler(errors.on_error)
