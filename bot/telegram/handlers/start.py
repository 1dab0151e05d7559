"""/start, /help and /safety: greeting, the safety note once, and the main menu."""

from __future__ import annotations

from telegram import Update

from bot.telegram.context import BotContext
from bot.telegram.deep_links import exercise_from_start
from bot.telegram.handlers import private
from bot.telegram.handlers.common import send_screen, visitor_of
from bot.telegram.views import screens
from bot.telegram.views.texts import t


async def start(update: Update, context: BotContext) -> None:
    visitor = visitor_of(update)
    if visitor is None:
        return
    if await context.app.people.greet(visitor):
        await send_screen(update, context, screens.Screen(t("safety.short")))
    argument = context.args[0] if context.args else None
    # A personal command asked in a group, carried out here where it is private.
    if argument and await private.resume(update, context, argument):
        return
    # A shared link (t.me/<bot>?start=stretch_<id>) opens that stretch's card.
    exercise_id = exercise_from_start(argument)
    catalogue = context.services.catalogue
    exercise = catalogue.exercises.get(exercise_id) if exercise_id else None
    if exercise is not None:
        await send_screen(update, context, screens.exercise(exercise))
    else:
        await send_screen(update, context, screens.menu(visitor.first_name))


async def menu(update: Update, context: BotContext) -> None:
    await send_screen(update, context, screens.menu())


async def help_command(update: Update, context: BotContext) -> None:
    await send_screen(update, context, screens.Screen(t("menu.help")))


async def safety(update: Update, context: BotContext) -> None:
    await send_screen(update, context, screens.safety())
