"""Every inline button lands here: answer first, decode, then do what it asks."""

from __future__ import annotations

from telegram import Update

from bot.domain.preferences import SETTLE_CHOICES
from bot.telegram import player, screens, texts
from bot.telegram.callbacks import (
    BrowseInBed,
    BrowsePosition,
    BrowsePositions,
    CallbackAction,
    ControlSession,
    GuideExercise,
    ListRoutines,
    SetCueSound,
    SetPace,
    SetSettle,
    SetTempo,
    ShowExercise,
    ShowMenu,
    ShowSafety,
    ShowSettings,
    ShowSimilar,
    StartRoutine,
    decode,
)
from bot.telegram.context import BotContext
from bot.telegram.handlers import routines
from bot.telegram.handlers.common import edit_screen, visitor_of


async def on_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    visitor = visitor_of(update)
    if query is None or visitor is None:
        return
    action = decode(query.data)
    if isinstance(action, ControlSession):
        # The answer depends on whether the tap was current, so it comes after the check.
        answer = await player.on_control(context.application, visitor.user_id, action)
        await query.answer(answer or None)
        return
    if action is None or not _known(action, context):
        await query.answer(texts.STALE_BUTTON)
        await edit_screen(update, screens.menu())
        return
    await query.answer()
    catalogue = context.services.catalogue
    match action:
        case ShowMenu():
            await edit_screen(update, screens.menu())
        case ShowSafety():
            await edit_screen(update, screens.safety())
        case BrowsePositions():
            await edit_screen(update, screens.positions(catalogue))
        case BrowsePosition(position=position):
            await edit_screen(update, screens.position(catalogue, position))
        case BrowseInBed():
            await edit_screen(update, screens.in_bed(catalogue))
        case ShowExercise(exercise_id=exercise_id):
            await edit_screen(update, screens.exercise(catalogue.exercises[exercise_id]))
        case ShowSimilar(exercise_id=exercise_id):
            await edit_screen(update, screens.similar(catalogue, catalogue.exercises[exercise_id]))
        case ListRoutines():
            preferences = await routines.load_preferences(context, visitor)
            await edit_screen(update, screens.routines(catalogue, preferences))
        case StartRoutine(routine_id=routine_id):
            await routines.start_routine(update, context, routine_id)
        case GuideExercise(exercise_id=exercise_id):
            await routines.guide_exercise(update, context, exercise_id)
        case ShowSettings():
            preferences = await routines.load_preferences(context, visitor)
            await edit_screen(update, screens.settings(preferences))
        case SetPace(pace=pace):
            await _show_settings(update, context, pace=pace)
        case SetTempo(tempo=tempo):
            await _show_settings(update, context, tempo=tempo)
        case SetCueSound(on=on):
            await _show_settings(update, context, cue_sound=on)
        case SetSettle(seconds=seconds):
            await _show_settings(update, context, settle_seconds=seconds)


def _known(action: CallbackAction, context: BotContext) -> bool:
    """Ids in buttons may name content that no longer exists."""
    catalogue = context.services.catalogue
    match action:
        case (
            ShowExercise(exercise_id=item)
            | GuideExercise(exercise_id=item)
            | ShowSimilar(exercise_id=item)
        ):
            return item in catalogue.exercises
        case StartRoutine(routine_id=item):
            return item in catalogue.routines
        case SetSettle(seconds=seconds):
            return seconds in SETTLE_CHOICES
    return True


async def _show_settings(update: Update, context: BotContext, **changes: object) -> None:
    visitor = visitor_of(update)
    assert visitor is not None
    preferences = await routines.change_preferences(context, visitor, **changes)
    await edit_screen(update, screens.settings(preferences))
