"""Finding stretches: /stretches by position, /stretch and plain text by name or topic."""

from __future__ import annotations

from telegram import Update

from bot.domain.phrases import is_bare_number, spoken_command
from bot.telegram.context import BotContext
from bot.telegram.handlers import routines
from bot.telegram.handlers.common import send_screen, visitor_of
from bot.telegram.handlers.reminders import show_zone_outcome
from bot.telegram.views import screens
from bot.telegram.views.texts import t


async def stretches(update: Update, context: BotContext) -> None:
    await send_screen(update, context, screens.positions(context.services.catalogue))


async def stretch(update: Update, context: BotContext) -> None:
    """The person asked for a stretch: show it, offer choices, or the nearest ones."""
    query = " ".join(context.args or []).strip()
    if not query:
        await send_screen(update, context, screens.Screen(t("browse.stretch_needs_name")))
        return
    result = context.services.matcher.lookup(query)
    await send_screen(update, context, screens.lookup(query, result))


async def text_message(update: Update, context: BotContext) -> None:
    """Plain text may steer the routine under way ("stop", "next"), name a stretch or a
    topic, or answer our time-zone question; anything else gets a short line and buttons."""
    message, visitor = update.effective_message, visitor_of(update)
    if message is None or message.text is None or visitor is None:
        return
    query = message.text.strip()
    spoken = spoken_command(query)
    if spoken is not None and await routines.steer(update, context, spoken):
        return
    result = context.services.matcher.lookup(query)
    answer = await context.app.reminders.answer(
        visitor.user_id, query, names_a_stretch=result.kind != "none"
    )
    if answer is not None:
        await show_zone_outcome(update, context, answer)
    elif result.kind == "none" or is_bare_number(query):
        await send_screen(
            update, context, screens.not_understood(context.services.catalogue, query)
        )
    else:
        await send_screen(update, context, screens.lookup(query, result))
