"""Every inline button lands here: answer first, decode, then do what it asks."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Message, Update

from bot.domain.catalogue import Catalogue
from bot.domain.nights import PAIN_SCALE
from bot.domain.timezones import MAX_OFFSET, MIN_OFFSET
from bot.storage.reminders import mask_to_days
from bot.telegram.callbacks import (
    AskTimezone,
    BrowseInBed,
    BrowsePosition,
    BrowsePositions,
    CallbackAction,
    ChooseFlow,
    ChooseReminderDays,
    ChooseReminderTime,
    ConfirmForget,
    ControlPractice,
    GuideExercise,
    KeepPractice,
    ListRoutines,
    RatePain,
    RestTonight,
    SetCueSound,
    SetFlow,
    SetPace,
    SetReminderDays,
    SetReminderTime,
    SetTempo,
    SetZoneOffset,
    ShowCautions,
    ShowExercise,
    ShowMenu,
    ShowReminder,
    ShowSafety,
    ShowSettings,
    ShowSimilar,
    ShowStreak,
    SkipPain,
    SkipTonight,
    SnoozeReminder,
    StartRoutine,
    SwitchReminder,
    decode,
)
from bot.telegram.context import BotContext
from bot.telegram.deep_links import private_chat_link
from bot.telegram.handlers import progress, reminders, routines
from bot.telegram.handlers.common import edit_screen, send_screen, visitor_of
from bot.telegram.handlers.private import in_group
from bot.telegram.views import keyboards, reminder_views, screens
from bot.telegram.views.screens import Screen
from bot.telegram.views.texts import t

MINUTES_PER_DAY = 24 * 60

Show = Callable[[Update, BotContext, Any], Awaitable[None]]
Check = Callable[[Update, BotContext, Any], Awaitable[str | None]]


def _edit(view: Callable[[Catalogue, Any], Screen]) -> Show:
    """A tap that shows a screen made from the catalogue and the tapped action."""
    return lambda update, context, action: edit_screen(
        update, context, view(context.services.catalogue, action)
    )


# Taps that show something: answered at once, then done.
SHOWS: dict[type[CallbackAction], Show] = {
    ShowMenu: _edit(lambda _, __: screens.menu()),
    ShowSafety: _edit(lambda _, __: screens.safety()),
    ShowStreak: lambda u, c, _: progress.streak(u, c),
    KeepPractice: lambda u, c, _: edit_screen(u, c, Screen(t("practice.carry_on"))),
    BrowsePositions: _edit(lambda catalogue, _: screens.positions(catalogue)),
    BrowsePosition: _edit(lambda catalogue, a: screens.position(catalogue, a.position)),
    BrowseInBed: _edit(lambda catalogue, _: screens.in_bed(catalogue)),
    ShowExercise: _edit(lambda catalogue, a: screens.exercise(catalogue.exercises[a.exercise_id])),
    ShowCautions: _edit(lambda catalogue, a: screens.cautions(catalogue.exercises[a.exercise_id])),
    ShowSimilar: _edit(
        lambda catalogue, a: screens.similar(catalogue, catalogue.exercises[a.exercise_id])
    ),
    ChooseReminderTime: _edit(lambda _, __: reminder_views.times()),
    ChooseReminderDays: _edit(lambda _, __: reminder_views.days()),
    ListRoutines: lambda u, c, _: routines.routines(u, c, edit=True),
    StartRoutine: lambda u, c, a: routines.start_routine(u, c, a.routine_id),
    GuideExercise: lambda u, c, a: routines.guide_exercise(u, c, a.exercise_id),
    ShowSettings: lambda u, c, _: routines.settings(u, c),
    SetPace: lambda u, c, a: routines.settings(u, c, pace=a.pace),
    SetTempo: lambda u, c, a: routines.settings(u, c, tempo=a.tempo),
    SetCueSound: lambda u, c, a: routines.settings(u, c, cue_sound=a.on),
    SetFlow: lambda u, c, a: routines.settings(u, c, hands_free=a.hands_free),
    ShowReminder: lambda u, c, _: reminders.show(u, c),
    SetReminderTime: lambda u, c, a: reminders.change(u, c, minute=a.minute),
    SetReminderDays: lambda u, c, a: reminders.change(u, c, days=mask_to_days(a.mask)),
    SwitchReminder: lambda u, c, a: reminders.change(u, c, on=a.on),
    AskTimezone: lambda u, c, _: reminders.ask_zone(u, c),
    SetZoneOffset: lambda u, c, a: reminders.offset_chosen(u, c, a.offset),
    ConfirmForget: lambda u, c, a: progress.confirm_forget(u, c, a.confirmed),
}
# Taps whose pop-up depends on whether they still apply: answered after the check.
CHECKS: dict[type[CallbackAction], Check] = {
    ControlPractice: routines.control,
    ChooseFlow: lambda u, c, a: routines.choose_flow(u, c, a.hands_free),
    SnoozeReminder: lambda u, c, a: reminders.snooze(u, c, a.minutes, a.due),
    SkipTonight: lambda u, c, a: reminders.skip_tonight(u, c, a.due),
    RestTonight: lambda u, c, a: reminders.rest_tonight(u, c, a.due),
    RatePain: lambda u, c, a: progress.rate_pain(u, c, a.practice_id, a.after, a.score),
    SkipPain: lambda u, c, a: progress.rate_pain(u, c, a.practice_id, a.after, None),
}


# Taps that show only the catalogue: fine in a group. Anything else is personal.
PUBLIC: frozenset[type[CallbackAction]] = frozenset(
    {
        ShowMenu,
        ShowSafety,
        BrowsePositions,
        BrowsePosition,
        BrowseInBed,
        ShowExercise,
        ShowCautions,
        ShowSimilar,
    }
)


async def on_button(update: Update, context: BotContext) -> None:
    """Every tap is answered: a stale or forged one with a pop-up and the menu."""
    query = update.callback_query
    if query is None:
        return
    taps = context.taps
    action = decode(query.data)
    if visitor_of(update) is None:  # a message sent through inline mode carries no buttons of ours
        await taps.answer(query, t("menu.button_expired"))
    elif action is None or not _known(action, context):
        await taps.answer(query, t("menu.stale_button"))
        await _menu_for_stale(update, context)
    elif in_group(update) and type(action) not in PUBLIC:
        await taps.answer(query, url=private_chat_link(context.bot.username, "menu"))
    elif type(action) in CHECKS:
        await taps.answer(query, await CHECKS[type(action)](update, context, action))
    else:
        await taps.answer(query)
        await SHOWS[type(action)](update, context, action)


async def _menu_for_stale(update: Update, context: BotContext) -> None:
    """The menu in place of the tapped message, unless it is a picture: that may be a live
    routine card, which a stray tap must not take away, so the menu comes below it."""
    query = update.callback_query
    if query is not None and isinstance(query.message, Message) and query.message.photo:
        await send_screen(update, context, screens.menu())
    else:
        await edit_screen(update, context, screens.menu())


def _known(action: CallbackAction, context: BotContext) -> bool:
    """Ids in buttons may name content that no longer exists."""
    catalogue = context.services.catalogue
    match action:
        case (
            ShowExercise(exercise_id=item)
            | ShowCautions(exercise_id=item)
            | GuideExercise(exercise_id=item)
            | ShowSimilar(exercise_id=item)
        ):
            return item in catalogue.exercises
        case StartRoutine(routine_id=item):
            return item in catalogue.routines
        case SetReminderTime(minute=minute):
            return 0 <= minute < MINUTES_PER_DAY
        case SetReminderDays(mask=mask):
            return 0 < mask < 1 << 7
        case SetZoneOffset(offset=offset):
            return MIN_OFFSET <= offset <= MAX_OFFSET
        case SnoozeReminder(minutes=minutes):
            return minutes in keyboards.SNOOZE_MINUTES
        case RatePain(score=score):
            return score in PAIN_SCALE
    return True
