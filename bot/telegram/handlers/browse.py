"""Browsing the catalogue: /stretches by position, /stretch by name, and their buttons."""

from __future__ import annotations

from telegram import Update

from bot.telegram import screens, texts
from bot.telegram.context import BotContext
from bot.telegram.handlers.common import send_screen


async def stretches(update: Update, context: BotContext) -> None:
    await send_screen(update, screens.positions(context.services.catalogue))


async def stretch(update: Update, context: BotContext) -> None:
    query = " ".join(context.args or []).strip()
    if not query:
        await send_screen(update, screens.Screen(texts.STRETCH_NEEDS_NAME))
        return
    exercise = context.services.catalogue.find_exact(query)
    if exercise is None:
        await send_screen(update, screens.Screen(texts.stretch_not_found(query[:100])))
        return
    await send_screen(update, screens.exercise(exercise))


async def text_message(update: Update, context: BotContext) -> None:
    """Plain text: a stretch's exact name shows its card; anything else gets a pointer."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    exercise = context.services.catalogue.find_exact(message.text)
    if exercise is not None:
        await send_screen(update, screens.exercise(exercise))
    else:
        await send_screen(update, screens.Screen(texts.CHATTER))
