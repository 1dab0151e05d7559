"""Finding stretches: /stretches by position, /stretch and plain text by name or topic."""

from __future__ import annotations

from telegram import Update

from bot.telegram.context import BotContext
from bot.telegram.handlers import reminders
from bot.telegram.handlers.common import send_screen
from bot.telegram.views import screens, texts


async def stretches(update: Update, context: BotContext) -> None:
    await send_screen(update, screens.positions(context.services.catalogue))


async def stretch(update: Update, context: BotContext) -> None:
    """The person asked for a stretch: show it, offer choices, or the nearest ones."""
    query = " ".join(context.args or []).strip()
    if not query:
        await send_screen(update, screens.Screen(texts.STRETCH_NEEDS_NAME))
        return
    result = context.services.matcher.lookup(query)
    await send_screen(update, screens.lookup(query, result))


async def text_message(update: Update, context: BotContext) -> None:
    """Plain text may name a stretch or a topic; anything else is chatter, never a guess."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    query = message.text.strip()
    result = context.services.matcher.lookup(query)
    if await reminders.answer_question(update, context, names_a_stretch=result.kind != "none"):
        return
    if result.kind == "none":
        await send_screen(update, screens.Screen(texts.CHATTER))
    else:
        await send_screen(update, screens.lookup(query, result))
