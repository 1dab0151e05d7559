"""Before any handler: a person who had blocked the bot and writes again has unblocked it."""

from __future__ import annotations

from telegram import Update

from bot.telegram.context import BotContext


async def wrote(update: Update, context: BotContext) -> None:
    user = update.effective_user
    # A set lookup for everyone; the database is written only for someone who came back.
    if user is not None and context.outbox.reachable_again(user.id):
        await context.app.people.wrote_again(user.id)
