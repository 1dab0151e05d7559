"""Guided routines and their settings: /bedtime, /routines, /settings and their buttons."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot.app.practices import Begin, ControlAnswer
from bot.domain.catalogue import DEFAULT_ROUTINE
from bot.domain.phrases import Spoken
from bot.domain.preferences import SETTLE_BY_PACE
from bot.telegram.callbacks import ChooseFlow, ControlPractice, decode
from bot.telegram.context import BotContext
from bot.telegram.handlers.common import edit_screen, send_screen, visitor_of
from bot.telegram.views import screens
from bot.telegram.views.screens import Screen
from bot.telegram.views.texts import t

CONTROL_ANSWERS = {
    ControlAnswer.NONE: None,
    ControlAnswer.ENDED: t("practice.ended"),
    ControlAnswer.ALREADY_DONE: t("practice.already_done"),
}


async def bedtime(update: Update, context: BotContext) -> None:
    await start_routine(update, context, DEFAULT_ROUTINE)


async def routines(update: Update, context: BotContext, edit: bool = False) -> None:
    visitor = visitor_of(update)
    if visitor is None:
        return
    preferences = await context.app.people.preferences(visitor)
    screen = screens.routines(context.services.catalogue, preferences)
    await (edit_screen if edit else send_screen)(update, context, screen)


async def settings(update: Update, context: BotContext, **changes: object) -> None:
    """/settings, or a settings button that changes one choice and shows them all again."""
    visitor = visitor_of(update)
    if visitor is None:
        return
    people = context.app.people
    if changes:
        preferences = await people.change_preferences(visitor, **changes)
        await edit_screen(update, context, screens.settings(preferences))
    elif update.callback_query is not None:
        await edit_screen(update, context, screens.settings(await people.preferences(visitor)))
    else:
        await send_screen(update, context, screens.settings(await people.preferences(visitor)))


async def start_routine(update: Update, context: BotContext, routine_id: str) -> None:
    """A routine from a button; typed (/bedtime) during another, it asks first."""
    routine = context.services.catalogue.routines.get(routine_id)
    visitor = visitor_of(update)
    if routine is None or visitor is None:
        return
    under_way = await context.app.practices.current(visitor.user_id)
    if under_way is not None and update.callback_query is None:
        await send_screen(update, context, screens.replace_practice(under_way.title, routine))
        return
    await _begin(update, context, list(routine.exercises), routine.id, routine.name)


async def guide_exercise(update: Update, context: BotContext, exercise_id: str) -> None:
    """A single stretch from its card, guided as a one-exercise routine."""
    exercise = context.services.catalogue.exercises.get(exercise_id)
    if exercise is not None:
        await _begin(update, context, [exercise.id], None, exercise.name)


async def control(update: Update, context: BotContext, tap: ControlPractice) -> str | None:
    """A button on a practice's card; returns the pop-up text, if any."""
    visitor = visitor_of(update)
    assert visitor is not None
    practices = context.app.practices
    answer = await practices.control(visitor.user_id, tap.practice_id, tap.token, tap.action)
    return CONTROL_ANSWERS[answer]


async def choose_flow(update: Update, context: BotContext, hands_free: bool) -> str:
    """The once-only question on a first routine: saved, applied at once, question gone."""
    visitor = visitor_of(update)
    assert visitor is not None
    chosen = await context.app.people.change_preferences(visitor, hands_free=hands_free)
    saved = t("settings.flow_saved_hands_free" if hands_free else "settings.flow_saved_tap")
    await context.app.practices.change_flow(visitor.user_id, chosen.settle_seconds)
    query = update.callback_query
    message = query.message if query else None
    # The question is on the routine's intro, a message of words (a forged tap may come
    # from a card, a picture, which keeps its words).
    if isinstance(message, Message) and message.text and message.reply_markup is not None:
        rows = message.reply_markup.inline_keyboard
        kept = [row for row in rows if not any(_is_flow(button) for button in row)]
        # The question gives way to the answer, so the intro no longer asks it.
        question = t("practice.flow_question", seconds=SETTLE_BY_PACE[chosen.pace])
        text = (message.text_html or "").replace(question, saved)
        screen = Screen(text, InlineKeyboardMarkup(kept) if kept else None)
        await context.outbox.replace(message.chat.id, message.message_id, screen)
    return saved


def _is_flow(button: InlineKeyboardButton) -> bool:
    data = button.callback_data
    return isinstance(data, str) and isinstance(decode(data), ChooseFlow)


async def steer(update: Update, context: BotContext, spoken: Spoken) -> bool:
    """A typed command for the practice under way; False when none is under way."""
    visitor = visitor_of(update)
    if visitor is None:
        return False
    answer = await context.app.practices.control_current(visitor.user_id, spoken)
    if answer is ControlAnswer.ALREADY_DONE:
        await send_screen(update, context, Screen(t("practice.already_done")))
    return answer is not None


async def stop(update: Update, context: BotContext) -> None:
    """/stop and /cancel: end the routine under way, or say there is none."""
    if not await steer(update, context, Spoken.STOP):
        await send_screen(update, context, Screen(t("practice.nothing_to_stop")))


async def _begin(
    update: Update,
    context: BotContext,
    exercise_ids: list[str],
    routine_id: str | None,
    title: str,
) -> None:
    visitor = visitor_of(update)
    if visitor is None:
        return
    preferences = await context.app.people.preferences(visitor)
    tapped = update.callback_query is not None
    await context.app.practices.begin(
        Begin(
            visitor.user_id, visitor.chat_id, exercise_ids, routine_id, title, preferences, tapped
        )
    )
