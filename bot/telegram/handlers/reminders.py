"""Nightly reminders and the person's time zone: /remind, /timezone, locations, buttons."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import ReplyKeyboardMarkup, ReplyKeyboardRemove, Update

from bot.domain.nights import DEFAULT_CUTOFF_HOUR, night_of, zone_info
from bot.domain.reminders import (
    WEEKDAYS,
    ReminderParseError,
    format_time,
    next_occurrence,
    parse_reminder,
)
from bot.domain.timezones import (
    offset_label,
    zone_from_local_time,
    zone_from_location,
    zone_from_text,
)
from bot.storage.models import User
from bot.storage.progress import ProgressRepository
from bot.storage.reminders import ReminderRepository, ReminderSetting, mask_to_days
from bot.storage.users import UserRepository, ask, clear_question, pending_question
from bot.telegram.context import BotContext
from bot.telegram.handlers.common import annotate, edit_screen, send_screen, visitor_of
from bot.telegram.streaks import streak_of
from bot.telegram.views import reminder_views, texts
from bot.telegram.views.screens import Screen

ZONE_QUESTION = "zone"
DEFAULT_TIME = time(22, 30)
# A reminder button is current only for the night it was sent on.
BUTTON_LIFETIME = timedelta(hours=8)


# Commands -----------------------------------------------------------------------------------


async def remind(update: Update, context: BotContext) -> None:
    """`/remind` shows the reminder; `/remind 22:30 weekdays` sets it; `/remind off` stops it."""
    visitor = visitor_of(update)
    if visitor is None:
        return
    args = " ".join(context.args or []).strip()
    now = context.services.clock()
    # The reply goes out after the transaction: SQLite's one connection is not held while
    # Telegram answers.
    async with context.services.database.transaction() as db:
        user = await UserRepository(db).record_visit(visitor, now)
        answer = await _remind(db, user, args, now)
    if isinstance(answer, _Reply):
        await _reply(update, answer)
    else:
        await send_screen(update, answer)


async def timezone(update: Update, context: BotContext) -> None:
    """`/timezone` shows the zone and asks for a new one; `/timezone Berlin` sets it."""
    visitor = visitor_of(update)
    if visitor is None:
        return
    args = " ".join(context.args or []).strip()
    now = context.services.clock()
    async with context.services.database.transaction() as db:
        user = await UserRepository(db).record_visit(visitor, now)
        if args:
            zone = zone_from_text(args) or zone_from_local_time(args, now)
            if zone is None:
                reply = _Reply(texts.ZONE_NOT_FOUND)
            else:
                reply = await _apply_zone(db, user, zone, now)
        else:
            ask(user, ZONE_QUESTION, now)
            current = (
                texts.zone_now(user.timezone, offset_label(user.timezone, now), _clock(now, user))
                if user.timezone
                else texts.NO_ZONE_YET
            )
            reply = _Reply(texts.ask_timezone(current), ask_location=True)
    await _reply(update, reply)


async def location(update: Update, context: BotContext) -> None:
    """A shared location sets the zone, now or when travelling; reminders follow it."""
    visitor = visitor_of(update)
    message = update.effective_message
    if visitor is None or message is None or message.location is None:
        return
    point = message.location
    # Off the event loop: the first lookup loads the finder's data (about 0.3 s).
    zone = await asyncio.to_thread(zone_from_location, point.latitude, point.longitude)
    now = context.services.clock()
    async with context.services.database.transaction() as db:
        user = await UserRepository(db).record_visit(visitor, now)
        reply = (
            _Reply(texts.ZONE_OUT_OF_REACH)
            if zone is None
            else await _apply_zone(db, user, zone, now)
        )
    await _reply(update, reply)


async def answer_question(update: Update, context: BotContext, names_a_stretch: bool) -> bool:
    """If the bot asked for a time zone, this text may be the answer; True if it was.

    Only text that reads as a place or a time, or that names no stretch, can be an answer,
    so a stretch looked up by name costs no query here; a question left pending by one
    expires on its own.
    """
    visitor = visitor_of(update)
    message = update.effective_message
    if visitor is None or message is None or not message.text:
        return False
    now = context.services.clock()
    text = message.text.strip()
    zone = zone_from_text(text) or zone_from_local_time(text, now)
    if zone is None and names_a_stretch:
        return False
    async with context.services.database.transaction() as db:
        user = await UserRepository(db).get(visitor.user_id)
        question = pending_question(user, now) if user else None
        if user is None or question is None or not question.startswith(ZONE_QUESTION):
            return False
        if zone is None:
            reply = _Reply(texts.ZONE_NOT_FOUND, ask_location=True)
        else:
            reply = await _apply_zone(db, user, zone, now)
    await _reply(update, reply)
    return True


# Buttons ------------------------------------------------------------------------------------


async def show(update: Update, context: BotContext) -> None:
    visitor = visitor_of(update)
    assert visitor is not None
    now = context.services.clock()
    async with context.services.database.transaction() as db:
        current = await ReminderRepository(db).get(visitor.user_id)
    await edit_screen(update, reminder_views.status(current, now))


async def change(
    update: Update,
    context: BotContext,
    minute: int | None = None,
    mask: int | None = None,
    on: bool | None = None,
) -> None:
    """A time, days or on/off button on the reminder's settings."""
    visitor = visitor_of(update)
    assert visitor is not None
    now = context.services.clock()
    async with context.services.database.transaction() as db:
        user = await UserRepository(db).record_visit(visitor, now)
        reminders = ReminderRepository(db)
        current = await reminders.get(user.id)
        if on is False:
            await reminders.turn_off_for_user(user.id, now)
            reply = _Reply(texts.REMINDER_OFF)
        else:
            local_time = (
                time(minute // 60, minute % 60)
                if minute is not None
                else (current.local_time if current else DEFAULT_TIME)
            )
            days = mask_to_days(mask) if mask else (current.days if current else WEEKDAYS)
            reply = await _set_reminder(db, user, local_time, days, now)
    if reply.ask_location:
        await _reply(update, reply)
    else:
        await edit_screen(update, Screen(reply.text))


async def snooze(update: Update, context: BotContext, minutes: int, due: int) -> str | None:
    """Snooze the reminder the button was on; returns a short answer for the tap."""
    visitor = visitor_of(update)
    assert visitor is not None
    now = context.services.clock()
    async with context.services.database.transaction() as db:
        reminders = ReminderRepository(db)
        current = await reminders.get(visitor.user_id)
        if current is None or not current.enabled or _stale(due, now):
            return texts.REMINDER_STALE
        sent = current.last_sent_for
        if current.snoozed or sent is None or _key(sent) != due:
            return texts.ALREADY_SNOOZED
        await reminders.snooze(visitor.user_id, now + timedelta(minutes=minutes), now)
    await annotate(update, texts.snoozed(minutes))
    return None


async def skip_tonight(update: Update, context: BotContext, due: int) -> str | None:
    visitor = visitor_of(update)
    assert visitor is not None
    now = context.services.clock()
    if _stale(due, now):
        return texts.REMINDER_STALE
    async with context.services.database.transaction() as db:
        await _no_more_tonight(db, visitor.user_id, now)
    await annotate(update, texts.SKIPPED_TONIGHT)
    return None


async def rest_tonight(update: Update, context: BotContext, due: int) -> str | None:
    """Spend an earned rest token on tonight, on purpose."""
    visitor = visitor_of(update)
    assert visitor is not None
    now = context.services.clock()
    if _stale(due, now):
        return texts.REMINDER_STALE
    async with context.services.database.transaction() as db:
        user = await UserRepository(db).get(visitor.user_id)
        if user is None:
            return texts.REMINDER_STALE
        streak = await streak_of(db, user, now)
        if streak.tonight_done:
            return texts.ALREADY_DONE
        if streak.rest_tokens == 0:
            return texts.NO_REST_NIGHTS
        await ProgressRepository(db).add_rest(user.id, streak.tonight, now)
        await _no_more_tonight(db, user.id, now)
    await annotate(update, texts.rest_tonight(streak.rest_tokens - 1))
    return None


async def ask_zone(update: Update, context: BotContext) -> None:
    visitor = visitor_of(update)
    assert visitor is not None
    now = context.services.clock()
    async with context.services.database.transaction() as db:
        user = await UserRepository(db).record_visit(visitor, now)
        ask(user, ZONE_QUESTION, now)
    await _reply(update, _Reply(texts.ask_timezone(), ask_location=True))


# The work -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Reply:
    """A text answer; with the location keyboard, or removing it once the zone is known."""

    text: str
    ask_location: bool = False
    zone_settled: bool = False


async def _set_reminder(
    db: AsyncSession, user: User, local_time: time, days: frozenset[int], now: datetime
) -> _Reply:
    """Set the reminder, or first ask for the zone and set it once that is answered."""
    if user.timezone is None:
        ask(
            user,
            f"{ZONE_QUESTION} {local_time.hour * 60 + local_time.minute} "
            f"{sum(1 << d for d in days)}",
            now,
        )
        return _Reply(texts.ask_timezone(texts.REASON_FOR_REMINDER), ask_location=True)
    setting = _setting(local_time, days, user.timezone, now)
    await ReminderRepository(db).put(user.id, user.chat_id, setting, now)
    return _Reply(reminder_views.confirmation(setting, now))


async def _apply_zone(db: AsyncSession, user: User, zone: str, now: datetime) -> _Reply:
    """New zone: the reminder keeps its local time in the new place; a pending one is set."""
    question = pending_question(user, now) or ""
    user.timezone = zone
    clear_question(user)
    lines = [texts.zone_set(zone, offset_label(zone, now), _clock(now, user))]
    if zone.startswith("Etc/"):
        lines.append(texts.FIXED_OFFSET_HINT)
    reminders = ReminderRepository(db)
    current = await reminders.get(user.id)
    pending = question.split()[1:]
    if len(pending) == 2 and all(part.isdigit() for part in pending):
        minute, mask = int(pending[0]), int(pending[1])
        setting = _setting(time(minute // 60, minute % 60), mask_to_days(mask), zone, now)
        await reminders.put(user.id, user.chat_id, setting, now)
        lines.append(reminder_views.confirmation(setting, now))
    elif current is not None and current.enabled:
        setting = _setting(current.local_time, current.days, zone, now)
        await reminders.put(user.id, user.chat_id, setting, now)
        lines.append(reminder_views.confirmation(setting, now))
    return _Reply("\n\n".join(lines), zone_settled=True)


async def _remind(db: AsyncSession, user: User, args: str, now: datetime) -> Screen | _Reply:
    reminders = ReminderRepository(db)
    current = await reminders.get(user.id)
    if not args:
        return reminder_views.status(current, now)
    try:
        request = parse_reminder(args)
    except ReminderParseError:
        return Screen(texts.REMIND_FORMS)
    if request.off:
        if current is not None:
            await reminders.turn_off_for_user(user.id, now)
        return Screen(texts.REMINDER_OFF)
    local_time = request.time or (current.local_time if current else DEFAULT_TIME)
    days = request.days or (current.days if current else WEEKDAYS)
    return await _set_reminder(db, user, local_time, days, now)


def _setting(local_time: time, days: frozenset[int], zone: str, now: datetime) -> ReminderSetting:
    return ReminderSetting(
        local_time=local_time,
        days=days,
        zone=zone,
        enabled=True,
        next_fire_at=next_occurrence(local_time, days, zone_info(zone), now),
    )


async def _no_more_tonight(db: AsyncSession, user_id: int, now: datetime) -> None:
    """Drop a pending snooze; the next reminder is the regular one on a later night."""
    reminders = ReminderRepository(db)
    current = await reminders.get(user_id)
    if current is None or not current.enabled:
        return
    zone = zone_info(current.zone)
    upcoming = next_occurrence(current.local_time, current.days, zone, now)
    user = await UserRepository(db).get(user_id)
    cutoff = user.night_cutoff_hour if user else DEFAULT_CUTOFF_HOUR
    while night_of(upcoming, zone, cutoff) <= night_of(now, zone, cutoff):
        upcoming = next_occurrence(current.local_time, current.days, zone, upcoming)
    await reminders.set_next(user_id, upcoming, now)


def _clock(now: datetime, user: User) -> str:
    assert user.timezone is not None
    return format_time(now.astimezone(zone_info(user.timezone)).time())


def _key(moment: datetime) -> int:
    return reminder_views.due_key(moment)


def _stale(due: int, now: datetime) -> bool:
    return _key(now) - due > BUTTON_LIFETIME.total_seconds() // 60


async def _reply(update: Update, reply: _Reply) -> None:
    chat = update.effective_chat
    if chat is None:
        return
    markup: ReplyKeyboardMarkup | ReplyKeyboardRemove | None = None
    if reply.ask_location:
        markup = reminder_views.location_keyboard()
    elif reply.zone_settled:
        markup = ReplyKeyboardRemove()
    await chat.send_message(reply.text, reply_markup=markup)
