"""Every inline button lands here: answer first, decode, then do what it asks."""

from __future__ import annotations

from telegram import Update

from bot.domain.nights import PAIN_SCALE
from bot.domain.preferences import SETTLE_CHOICES
from bot.storage.reminders import mask_to_days
from bot.telegram.callbacks import (
    AskTimezone,
    BrowseInBed,
    BrowsePosition,
    BrowsePositions,
    CallbackAction,
    ChooseReminderDays,
    ChooseReminderTime,
    ConfirmForget,
    ControlPractice,
    GuideExercise,
    ListRoutines,
    RatePain,
    RestTonight,
    SetCueSound,
    SetPace,
    SetReminderDays,
    SetReminderTime,
    SetSettle,
    SetTempo,
    ShowExercise,
    ShowMenu,
    ShowReminder,
    ShowSafety,
    ShowSettings,
    ShowSimilar,
    SkipPain,
    SkipTonight,
    SnoozeReminder,
    StartRoutine,
    SwitchReminder,
    decode,
)
from bot.telegram.context import BotContext
from bot.telegram.handlers import progress, reminders, routines
from bot.telegram.handlers.common import edit_screen, visitor_of
from bot.telegram.views import reminder_views, screens, texts

MINUTES_PER_DAY = 24 * 60


async def on_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    visitor = visitor_of(update)
    if query is None or visitor is None:
        return
    action = decode(query.data)
    if isinstance(action, ControlPractice):
        # The answer depends on whether the tap was current, so it comes after the check.
        p = action
        await query.answer(
            await routines.control(context, visitor.user_id, p.practice_id, p.token, p.action)
        )
        return
    if action is None or not _known(action, context):
        await query.answer(texts.STALE_BUTTON)
        await edit_screen(update, context, screens.menu())
        return
    if isinstance(action, SnoozeReminder | SkipTonight | RestTonight | RatePain | SkipPain):
        await query.answer(await _answer_for(update, context, action))
        return
    await query.answer()
    catalogue = context.services.catalogue
    match action:
        case ShowMenu():
            await edit_screen(update, context, screens.menu())
        case ShowSafety():
            await edit_screen(update, context, screens.safety())
        case BrowsePositions():
            await edit_screen(update, context, screens.positions(catalogue))
        case BrowsePosition(position=position):
            await edit_screen(update, context, screens.position(catalogue, position))
        case BrowseInBed():
            await edit_screen(update, context, screens.in_bed(catalogue))
        case ShowExercise(exercise_id=exercise_id):
            await edit_screen(update, context, screens.exercise(catalogue.exercises[exercise_id]))
        case ShowSimilar(exercise_id=exercise_id):
            await edit_screen(
                update, context, screens.similar(catalogue, catalogue.exercises[exercise_id])
            )
        case ListRoutines():
            await routines.routines(update, context, edit=True)
        case StartRoutine(routine_id=routine_id):
            await routines.start_routine(update, context, routine_id)
        case GuideExercise(exercise_id=exercise_id):
            await routines.guide_exercise(update, context, exercise_id)
        case ShowSettings():
            await routines.settings(update, context)
        case SetPace(pace=pace):
            await routines.settings(update, context, pace=pace)
        case SetTempo(tempo=tempo):
            await routines.settings(update, context, tempo=tempo)
        case SetCueSound(on=on):
            await routines.settings(update, context, cue_sound=on)
        case SetSettle(seconds=seconds):
            await routines.settings(update, context, settle_seconds=seconds)
        case ShowReminder():
            await reminders.show(update, context)
        case ChooseReminderTime():
            await edit_screen(update, context, reminder_views.times())
        case ChooseReminderDays():
            await edit_screen(update, context, reminder_views.days())
        case SetReminderTime(minute=minute):
            await reminders.change(update, context, minute=minute)
        case SetReminderDays(mask=mask):
            await reminders.change(update, context, days=mask_to_days(mask))
        case SwitchReminder(on=on):
            await reminders.change(update, context, on=on)
        case AskTimezone():
            await reminders.ask_zone(update, context)
        case ConfirmForget(confirmed=confirmed):
            await progress.confirm_forget(update, context, confirmed)


async def _answer_for(
    update: Update,
    context: BotContext,
    action: SnoozeReminder | SkipTonight | RestTonight | RatePain | SkipPain,
) -> str | None:
    """Taps whose answer depends on whether they still apply: checked before answering."""
    match action:
        case SnoozeReminder(minutes=minutes, due=due):
            return await reminders.snooze(update, context, minutes, due)
        case SkipTonight(due=due):
            return await reminders.skip_tonight(update, context, due)
        case RestTonight(due=due):
            return await reminders.rest_tonight(update, context, due)
        case RatePain(session_id=session_id, after=after, score=score):
            return await progress.rate_pain(update, context, session_id, after, score)
        case SkipPain(session_id=session_id, after=after):
            return await progress.rate_pain(update, context, session_id, after, None)


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
        case SetReminderTime(minute=minute):
            return 0 <= minute < MINUTES_PER_DAY
        case SetReminderDays(mask=mask):
            return 0 < mask < 1 << 7
        case SnoozeReminder(minutes=minutes):
            return minutes in reminder_views.SNOOZE_MINUTES
        case RatePain(score=score):
            return score in PAIN_SCALE
    return True
