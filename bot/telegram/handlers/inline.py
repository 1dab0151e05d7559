"""Inline mode: `@bot pigeon` in any chat offers stretch cards to share."""

from __future__ import annotations

from telegram import (
    InlineQueryResultArticle,
    InlineQueryResultCachedPhoto,
    InputTextMessageContent,
    Update,
)

from bot.domain.catalogue import DEFAULT_ROUTINE, Exercise
from bot.telegram.context import BotContext
from bot.telegram.deep_links import stretch_link
from bot.telegram.views import cards, keyboards
from bot.telegram.views.screens import PictureRef

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
    results = [await _result(context, exercise, username) for exercise in exercises[:MAX_RESULTS]]
    await query.answer(results, cache_time=CACHE_SECONDS, is_personal=False)


async def _result(
    context: BotContext, exercise: Exercise, bot_username: str
) -> InlineQueryResultCachedPhoto | InlineQueryResultArticle:
    """The card under its picture when Telegram already has the picture (an inline result
    cannot upload one) and the whole card fits a caption; otherwise the card in words."""
    photos = context.outbox.photos
    file_id = await photos.known_id(PictureRef(exercise.id)) if photos else None
    if file_id is None or cards.cautions_apart(exercise):
        return _article(exercise, bot_username)
    return InlineQueryResultCachedPhoto(
        id=exercise.id,
        photo_file_id=file_id,
        title=exercise.name,
        description=exercise.summary,
        caption=cards.exercise_card(exercise),
        reply_markup=keyboards.open_in_bot(stretch_link(bot_username, exercise.id)),
    )


def _article(exercise: Exercise, bot_username: str) -> InlineQueryResultArticle:
    return InlineQueryResultArticle(
        id=exercise.id,
        title=exercise.name,
        description=exercise.summary,
        input_message_content=InputTextMessageContent(cards.exercise_card(exercise)),
        reply_markup=keyboards.open_in_bot(stretch_link(bot_username, exercise.id)),
    )
