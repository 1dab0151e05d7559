"""Every inline button lands here: answer first, decode, then show the screen it asks for."""

from __future__ import annotations

from telegram import Update

from bot.telegram import screens, texts
from bot.telegram.callbacks import (
    BrowseInBed,
    BrowsePosition,
    BrowsePositions,
    ShowExercise,
    ShowMenu,
    ShowSafety,
    decode,
)
from bot.telegram.context import BotContext
from bot.telegram.handlers.common import edit_screen


async def on_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None:
        return
    catalogue = context.services.catalogue
    action = decode(query.data)
    screen: screens.Screen | None
    match action:
        case ShowMenu():
            screen = screens.menu()
        case ShowSafety():
            screen = screens.safety()
        case BrowsePositions():
            screen = screens.positions(catalogue)
        case BrowsePosition(position=position):
            screen = screens.position(catalogue, position)
        case BrowseInBed():
            screen = screens.in_bed(catalogue)
        case ShowExercise(exercise_id=exercise_id) if exercise_id in catalogue.exercises:
            screen = screens.exercise(catalogue.exercises[exercise_id])
        case _:
            screen = None
    if screen is None:
        await query.answer(texts.STALE_BUTTON)
        await edit_screen(update, screens.menu())
        return
    await query.answer()
    await edit_screen(update, screen)
