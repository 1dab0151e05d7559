"""Inline mode: `@bot pigeon` in any chat offers stretch cards to share."""

from __future__ import annotations

from telegram import (
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)

from bot.domain.catalogue import DEFAULT_ROUTINE, Exercise
from bot.telegram.context import BotContext
from bot.telegram.deep_links import stretch_link
from bot.telegram.views import cards, keyboards

MAX_RESULTS = 10
CACHE_SECONDS = 300


async def inline_query(update: Update, context: BotContext) -> None:
    query = update.inline_query
    if query is None:
        return
    catalogue = context.services.catalogue
    words = query.query.strip()
    if words:
        found = context.services.matcher.lookup(words)
        exercises = [] if found.kind == "none" else found.matches
    else:
        exercises = catalogue.routine_exercises(catalogue.routines[DEFAULT_ROUTINE])
    username = context.bot.username
    results = [_article(exercise, username) for exercise in exercises[:MAX_RESULTS]]
    await query.answer(results, cache_time=CACHE_SECONDS, is_personal=False)


def _article(exercise: Exercise, bot_username: str) -> InlineQueryResultArticle:
    return InlineQueryResultArticle(
        id=exercise.id,
        title=exercise.name,
        description=exercise.summary,
        input_message_content=InputTextMessageContent(cards.exercise_card(exercise)),
        reply_markup=keyboards.open_in_bot(stretch_link(bot_username, exercise.id)),
    )
