"""Guided routines and their settings: /bedtime, /routines, /settings and their buttons."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from telegram import Update

from bot.domain.catalogue import DEFAULT_ROUTINE
from bot.domain.preferences import Preferences
from bot.storage.users import UserRepository, Visitor, preferences_of, set_preferences
from bot.telegram import player
from bot.telegram.context import BotContext
from bot.telegram.handlers.common import send_screen, visitor_of
from bot.telegram.views import screens


async def bedtime(update: Update, context: BotContext) -> None:
    await start_routine(update, context, DEFAULT_ROUTINE)


async def routines(update: Update, context: BotContext) -> None:
    visitor = visitor_of(update)
    if visitor is None:
        return
    preferences = await load_preferences(context, visitor)
    await send_screen(update, screens.routines(context.services.catalogue, preferences))


async def settings(update: Update, context: BotContext) -> None:
    visitor = visitor_of(update)
    if visitor is None:
        return
    await send_screen(update, screens.settings(await load_preferences(context, visitor)))


async def start_routine(update: Update, context: BotContext, routine_id: str) -> None:
    routine = context.services.catalogue.routines.get(routine_id)
    if routine is not None:
        await _begin(update, context, list(routine.exercises), routine.id, routine.name)


async def guide_exercise(update: Update, context: BotContext, exercise_id: str) -> None:
    """A single stretch from its card, guided as a one-exercise routine."""
    exercise = context.services.catalogue.exercises.get(exercise_id)
    if exercise is not None:
        await _begin(update, context, [exercise.id], None, exercise.name)


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
    await player.begin(
        context.application,
        user_id=visitor.user_id,
        chat_id=visitor.chat_id,
        exercise_ids=exercise_ids,
        routine_id=routine_id,
        title=title,
        preferences=await load_preferences(context, visitor),
    )


async def load_preferences(context: BotContext, visitor: Visitor) -> Preferences:
    """Also records the visit, so a person who starts with /bedtime is known."""
    services = context.services
    async with services.database.transaction() as session:
        user = await UserRepository(session).record_visit(visitor, services.clock())
        return preferences_of(user)


async def change_preferences(context: BotContext, visitor: Visitor, **changes: Any) -> Preferences:
    services = context.services
    async with services.database.transaction() as session:
        user = await UserRepository(session).record_visit(visitor, services.clock())
        current = preferences_of(user)
        updated = replace(current, **changes)
        set_preferences(user, updated)
        return updated
