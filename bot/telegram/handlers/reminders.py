"""Nightly reminders and the person's time zone: /remind, /timezone, locations, buttons."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from telegram import Update

from bot.app.reminders import TapOutcome, ZoneAsked, ZoneOutcome
from bot.domain.timezones import zone_from_location
from bot.telegram.context import BotContext
from bot.telegram.handlers.common import annotate, edit_screen, send_screen, visitor_of
from bot.telegram.views import reminder_views
from bot.telegram.views.texts import t

TAP_ANSWERS = {
    TapOutcome.STALE: t("reminder.stale"),
    TapOutcome.ALREADY_SNOOZED: t("reminder.already_snoozed"),
    TapOutcome.ALREADY_DONE: t("practice.already_done"),
    TapOutcome.NO_REST_NIGHTS: t("reminder.no_rest_nights"),
}


async def remind(update: Update, context: BotContext) -> None:
    """`/remind` shows the reminder; `/remind 22:30 weekdays` sets it; `/remind off` stops it."""
    visitor = visitor_of(update)
    if visitor is None:
        return
    args = " ".join(context.args or []).strip()
    outcome = await context.app.reminders.remind(visitor, args)
    if isinstance(outcome, ZoneAsked):
        await show_zone_outcome(update, context, outcome)
    else:
        await send_screen(update, context, reminder_views.outcome(outcome))


async def timezone(update: Update, context: BotContext) -> None:
    """`/timezone` shows the zone and asks for a new one; `/timezone Berlin` sets it."""
    visitor = visitor_of(update)
    if visitor is None:
        return
    args = " ".join(context.args or []).strip()
    await show_zone_outcome(update, context, await context.app.reminders.timezone(visitor, args))


async def location(update: Update, context: BotContext) -> None:
    """A shared location sets the zone, now or when travelling; reminders follow it."""
    visitor = visitor_of(update)
    message = update.effective_message
    if visitor is None or message is None or message.location is None:
        return
    point = message.location
    # Off the event loop: the first lookup loads the finder's data (about 0.3 s).
    zone = await asyncio.to_thread(zone_from_location, point.latitude, point.longitude)
    await show_zone_outcome(update, context, await context.app.reminders.located(visitor, zone))


async def show_zone_outcome(update: Update, context: BotContext, outcome: ZoneOutcome) -> None:
    screen, keyboard = reminder_views.zone_outcome(outcome)
    await send_screen(update, context, screen, keyboard)


# Buttons ------------------------------------------------------------------------------------


async def show(update: Update, context: BotContext) -> None:
    visitor = visitor_of(update)
    assert visitor is not None
    status = await context.app.reminders.status(visitor.user_id)
    await edit_screen(update, context, reminder_views.outcome(status))


async def change(
    update: Update,
    context: BotContext,
    minute: int | None = None,
    days: frozenset[int] | None = None,
    on: bool | None = None,
) -> None:
    """A time, days or on/off button on the reminder's settings."""
    visitor = visitor_of(update)
    assert visitor is not None
    outcome = await context.app.reminders.change(visitor, minute=minute, days=days, on=on)
    if isinstance(outcome, ZoneAsked):
        await show_zone_outcome(update, context, outcome)
    else:
        await edit_screen(update, context, reminder_views.outcome(outcome, buttons=False))


async def offset_chosen(update: Update, context: BotContext, offset: timedelta) -> None:
    """One of the nearest offsets, offered when no zone fits someone's clock."""
    visitor = visitor_of(update)
    assert visitor is not None
    outcome = await context.app.reminders.offset_chosen(visitor, offset)
    note = reminder_views.offset_chosen(outcome)
    if note is not None:
        await annotate(update, context, note)
    await show_zone_outcome(update, context, outcome)


async def ask_zone(update: Update, context: BotContext) -> None:
    visitor = visitor_of(update)
    assert visitor is not None
    await show_zone_outcome(update, context, await context.app.reminders.ask_zone(visitor))


async def snooze(update: Update, context: BotContext, minutes: int, due: int) -> str | None:
    """Snooze the reminder the button was on; returns a pop-up text when it no longer applies."""
    outcome = await context.app.reminders.snooze(_user_id(update), minutes, due)
    if outcome is TapOutcome.DONE:
        await annotate(update, context, t("reminder.snoozed", minutes=minutes))
    return TAP_ANSWERS.get(outcome)


async def skip_tonight(update: Update, context: BotContext, due: int) -> str | None:
    outcome = await context.app.reminders.skip_tonight(_user_id(update), due)
    if outcome is TapOutcome.DONE:
        await annotate(update, context, t("reminder.skipped_tonight"))
    return TAP_ANSWERS.get(outcome)


async def rest_tonight(update: Update, context: BotContext, due: int) -> str | None:
    """Spend an earned rest night on tonight, on purpose."""
    rest = await context.app.reminders.rest_tonight(_user_id(update), due)
    if rest.outcome is TapOutcome.DONE:
        await annotate(update, context, t("reminder.rest_taken", left=rest.tokens_left))
    return TAP_ANSWERS.get(rest.outcome)


def _user_id(update: Update) -> int:
    visitor = visitor_of(update)
    assert visitor is not None
    return visitor.user_id
