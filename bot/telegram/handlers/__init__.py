"""Wire handlers to updates. Commands work everywhere (personal ones point to the private
chat); chatter is answered only in private."""

from __future__ import annotations

from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.telegram.context import BotApplication
from bot.telegram.handlers import (
    browse,
    buttons,
    errors,
    fallback,
    inline,
    presence,
    private,
    reminders,
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
    application.add_handler(TypeHandler(Update, presence.wrote), group=-1)
    new_message = filters.UpdateType.MESSAGE
    in_private = filters.ChatType.PRIVATE & new_message
    public = [
        ("start", start.start),
        ("help", start.help_command),
        ("menu", start.menu),
        ("safety", start.safety),
        ("stretches", browse.stretches),
        ("stretch", browse.stretch),
    ]
    # Personal commands asked in a group point to the private chat instead.
    personal = [(name, private.private_only(name, h)) for name, h in private.PERSONAL.items()]
    for name, callback in public + personal:
        application.add_handler(CommandHandler(name, callback, filters=new_message))
    application.add_handler(CallbackQueryHandler(buttons.on_button))
    application.add_handler(InlineQueryHandler(inline.inline_query))
    application.add_handler(MessageHandler(in_private & filters.COMMAND, fallback.unknown_command))
    application.add_handler(MessageHandler(in_private & filters.LOCATION, reminders.location))
    application.add_handler(MessageHandler(in_private & filters.TEXT, browse.text_message))
    application.add_handler(MessageHandler(in_private & ~filters.TEXT, fallback.not_text))
    application.add_error_handler(errors.on_error)
