"""Nightly reminders and the person's time zone: setting, changing, snoozing, skipping.

Each call returns what happened as data; the Telegram views put it into words. The due
reminders themselves go out through `ReminderDispatch`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from enum import Enum

from bot.app.progress import resting_tonight, streak_of
from bot.domain.clock import Clock
from bot.domain.nights import DEFAULT_CUTOFF_HOUR, night_of, zone_info
from bot.domain.reminders import (
    WEEKDAYS,
    ReminderParseError,
    hour_choices,
    next_occurrence,
    parse_reminder,
)
from bot.domain.timezones import (
    NoZoneThere,
    Places,
    no_zone_there,
    zone_for_offset,
    zone_from_local_time,
)
from bot.storage.db import Database
from bot.storage.models import User
from bot.storage.reminders import ReminderSetting
from bot.storage.unit import Unit
from bot.storage.users import PendingReminder, Visitor, ask_zone, clear_question, zone_question

DEFAULT_TIME = time(22, 30)
# A reminder button is current only for the night it was sent on.
BUTTON_LIFETIME = timedelta(hours=8)


def due_key(due: datetime) -> int:
    """A reminder's due moment in whole minutes since the epoch: short enough for a button."""
    return int(due.timestamp()) // 60


# What can come of it ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ReminderStatus:
    """The reminder as it stands (None: never set)."""

    setting: ReminderSetting | None
    now: datetime


@dataclass(frozen=True)
class ReminderSet:
    setting: ReminderSetting
    now: datetime


class ReminderOff:
    """The reminder was turned off."""


class ReminderFormsHelp:
    """The words after /remind did not read as a time or days."""


@dataclass(frozen=True)
class ReminderWhichTime:
    """A bare hour: which of the two times did the person mean?"""

    evening: time
    morning: time


class ZoneReason(Enum):
    REMINDER = "reminder"  # asked so a reminder can be set
    CHANGE = "change"  # the person asked to see or change it
    PLAIN = "plain"  # asked from a button


@dataclass(frozen=True)
class ZoneAsked:
    reason: ZoneReason
    # The zone we know now and the person's local time, when there is one.
    current: str | None = None
    now: datetime | None = None


@dataclass(frozen=True)
class ZoneNotFound:
    # Offer the location button again (the person is answering our question).
    ask_again: bool = False


class ZoneOutOfReach:
    """A shared location with no time zone (out at sea)."""


@dataclass(frozen=True)
class ZoneNoneThere:
    """A clock time or offset that no zone is on now; the nearest are offered instead."""

    found: NoZoneThere
    now: datetime


@dataclass(frozen=True)
class ZoneSet:
    zone: str
    now: datetime
    # The reminder set or moved to the new zone, if any.
    reminder: ReminderSetting | None


ReminderOutcome = (
    ReminderStatus | ReminderSet | ReminderOff | ReminderFormsHelp | ReminderWhichTime | ZoneAsked
)
ZoneOutcome = ZoneSet | ZoneNotFound | ZoneNoneThere | ZoneOutOfReach | ZoneAsked


class TapOutcome(Enum):
    """What a tap on a reminder's button did."""

    DONE = "done"
    STALE = "stale"  # a button from an earlier night, or the reminder is off
    ALREADY_SNOOZED = "already_snoozed"
    ALREADY_DONE = "already_done"  # tonight's routine is done: no rest needed
    NO_REST_NIGHTS = "no_rest_nights"


@dataclass(frozen=True)
class RestOutcome:
    outcome: TapOutcome
    tokens_left: int = 0


# The use cases ---------------------------------------------------------------------------------


class Reminders:
    def __init__(self, database: Database, clock: Clock, places: Places) -> None:
        self._database = database
        self._clock = clock
        self._places = places

    async def remind(self, visitor: Visitor, args: str) -> ReminderOutcome:
        """`/remind` shows it; `/remind 22:30 weekdays` sets it; `/remind off` stops it."""
        now = self._clock()
        async with self._database.unit() as unit:
            user = await unit.users.record_visit(visitor, now)
            current = await unit.reminders.get(user.id)
            if not args:
                shown = await _as_shown(unit, user, current, now) if current else None
                return ReminderStatus(shown, now)
            try:
                request = parse_reminder(args)
            except ReminderParseError:
                choices = hour_choices(args)
                return ReminderWhichTime(*choices) if choices else ReminderFormsHelp()
            if request.off:
                if current is not None:
                    await unit.reminders.turn_off_for_user(user.id, now)
                return ReminderOff()
            local_time = request.time or (current.local_time if current else DEFAULT_TIME)
            days = request.days or (current.days if current else WEEKDAYS)
            return await _set_reminder(unit, user, local_time, days, now)

    async def status(self, user_id: int) -> ReminderStatus:
        now = self._clock()
        async with self._database.unit() as unit:
            user = await unit.users.get(user_id)
            current = await unit.reminders.get(user_id)
            shown = await _as_shown(unit, user, current, now) if user and current else current
            return ReminderStatus(shown, now)

    async def change(
        self,
        visitor: Visitor,
        minute: int | None = None,
        days: frozenset[int] | None = None,
        on: bool | None = None,
    ) -> ReminderSet | ReminderOff | ZoneAsked:
        """A time, days or on/off button on the reminder's settings."""
        now = self._clock()
        async with self._database.unit() as unit:
            user = await unit.users.record_visit(visitor, now)
            current = await unit.reminders.get(user.id)
            if on is False:
                await unit.reminders.turn_off_for_user(user.id, now)
                return ReminderOff()
            if minute is not None:
                local_time = time(minute // 60, minute % 60)
            else:
                local_time = current.local_time if current else DEFAULT_TIME
            days = days or (current.days if current else WEEKDAYS)
            return await _set_reminder(unit, user, local_time, days, now)

    async def timezone(self, visitor: Visitor, args: str) -> ZoneOutcome:
        """`/timezone` shows the zone and asks for a new one; `/timezone Berlin` sets it."""
        now = self._clock()
        async with self._database.unit() as unit:
            user = await unit.users.record_visit(visitor, now)
            if not args:
                ask_zone(user, now)
                return ZoneAsked(ZoneReason.CHANGE, user.timezone, now)
            zone = self._read_zone(args, now)
            if zone is None:
                return ZoneNotFound()
            if isinstance(zone, NoZoneThere):
                return ZoneNoneThere(zone, now)
            return await _apply_zone(unit, user, zone, now)

    async def located(self, visitor: Visitor, zone: str | None) -> ZoneOutcome:
        """A shared location's zone (None: none there); reminders follow it when travelling."""
        now = self._clock()
        async with self._database.unit() as unit:
            user = await unit.users.record_visit(visitor, now)
            if zone is None:
                return ZoneOutOfReach()
            return await _apply_zone(unit, user, zone, now)

    async def offset_chosen(self, visitor: Visitor, offset: timedelta) -> ZoneOutcome:
        """One of the nearest offsets offered for a clock or offset that no zone is on."""
        now = self._clock()
        zone = zone_for_offset(offset, now)
        async with self._database.unit() as unit:
            user = await unit.users.record_visit(visitor, now)
            if zone is None:
                # No zone is on it any more (a clock changed since it was offered).
                return ZoneNotFound()
            return await _apply_zone(unit, user, zone, now)

    async def ask_zone(self, visitor: Visitor) -> ZoneAsked:
        now = self._clock()
        async with self._database.unit() as unit:
            user = await unit.users.record_visit(visitor, now)
            ask_zone(user, now)
        return ZoneAsked(ZoneReason.PLAIN)

    async def answer(self, user_id: int, text: str, names_a_stretch: bool) -> ZoneOutcome | None:
        """If the bot asked for a time zone, this text may be the answer; None if it was not.

        Only text that reads as a place or a time, or that names no stretch, can be an answer,
        so a stretch looked up by name costs no query here; a question left pending by one
        expires on its own.
        """
        now = self._clock()
        zone = self._read_zone(text, now)
        if zone is None and names_a_stretch:
            return None
        async with self._database.unit() as unit:
            user = await unit.users.get(user_id)
            if user is None or zone_question(user, now) is None:
                return None
            if zone is None:
                return ZoneNotFound(ask_again=True)
            if isinstance(zone, NoZoneThere):
                return ZoneNoneThere(zone, now)
            return await _apply_zone(unit, user, zone, now)

    def _read_zone(self, text: str, now: datetime) -> str | NoZoneThere | None:
        """A zone from a place, an offset or a clock time; for an offset or a clock time no
        zone is on now, what it said and the nearest that are; None for anything else."""
        zone = self._places.zone_from_text(text, now=now) or zone_from_local_time(text, now)
        return zone if zone is not None else no_zone_there(text, now)

    async def snooze(self, user_id: int, minutes: int, due: int) -> TapOutcome:
        """Snooze the reminder the button was on, once."""
        now = self._clock()
        async with self._database.unit() as unit:
            current = await unit.reminders.get(user_id)
            if current is None or not current.enabled or _stale(due, now):
                return TapOutcome.STALE
            sent = current.last_sent_for
            if current.snoozed or sent is None or due_key(sent) != due:
                return TapOutcome.ALREADY_SNOOZED
            await unit.reminders.snooze(user_id, now + timedelta(minutes=minutes), now)
        return TapOutcome.DONE

    async def skip_tonight(self, user_id: int, due: int) -> TapOutcome:
        now = self._clock()
        if _stale(due, now):
            return TapOutcome.STALE
        async with self._database.unit() as unit:
            await _no_more_tonight(unit, user_id, now)
        return TapOutcome.DONE

    async def rest_tonight(self, user_id: int, due: int) -> RestOutcome:
        """Spend an earned rest night on tonight, on purpose."""
        now = self._clock()
        if _stale(due, now):
            return RestOutcome(TapOutcome.STALE)
        async with self._database.unit() as unit:
            user = await unit.users.get(user_id)
            if user is None:
                return RestOutcome(TapOutcome.STALE)
            streak = await streak_of(unit, user, now)
            if streak.tonight_done:
                return RestOutcome(TapOutcome.ALREADY_DONE)
            if streak.rest_tokens == 0:
                return RestOutcome(TapOutcome.NO_REST_NIGHTS)
            await unit.progress.add_rest(user.id, streak.tonight, now)
            await _no_more_tonight(unit, user.id, now)
        return RestOutcome(TapOutcome.DONE, streak.rest_tokens - 1)


# The rules ---------------------------------------------------------------------------------------


async def _set_reminder(
    unit: Unit, user: User, local_time: time, days: frozenset[int], now: datetime
) -> ReminderSet | ZoneAsked:
    """Set the reminder, or first ask for the zone and set it once that is answered."""
    if user.timezone is None:
        ask_zone(user, now, PendingReminder(local_time, days))
        return ZoneAsked(ZoneReason.REMINDER)
    setting = _setting(local_time, days, user.timezone, now)
    await unit.reminders.put(user.id, user.chat_id, setting, now)
    return ReminderSet(await _as_shown(unit, user, setting, now), now)


async def _apply_zone(unit: Unit, user: User, zone: str, now: datetime) -> ZoneSet:
    """New zone: the reminder keeps its local time in the new place; a pending one is set."""
    pending = zone_question(user, now)
    user.timezone = zone
    clear_question(user)
    current = await unit.reminders.get(user.id)
    if pending is not None and pending.reminder is not None:
        wanted = pending.reminder
        setting: ReminderSetting | None = _setting(wanted.local_time, wanted.days, zone, now)
    elif current is not None and current.enabled:
        setting = _setting(current.local_time, current.days, zone, now)
    else:
        setting = None
    if setting is not None:
        await unit.reminders.put(user.id, user.chat_id, setting, now)
    return ZoneSet(zone, now, await _as_shown(unit, user, setting, now) if setting else None)


def _setting(local_time: time, days: frozenset[int], zone: str, now: datetime) -> ReminderSetting:
    return ReminderSetting(
        local_time=local_time,
        days=days,
        zone=zone,
        enabled=True,
        next_fire_at=next_occurrence(local_time, days, zone_info(zone), now),
    )


async def _no_more_tonight(unit: Unit, user_id: int, now: datetime) -> None:
    """Drop a pending snooze; the next reminder is the regular one on a later night."""
    current = await unit.reminders.get(user_id)
    if current is None or not current.enabled:
        return
    user = await unit.users.get(user_id)
    cutoff = user.night_cutoff_hour if user else DEFAULT_CUTOFF_HOUR
    await unit.reminders.set_next(user_id, _after_tonight(current, cutoff, now), now)


def _after_tonight(setting: ReminderSetting, cutoff: int, now: datetime) -> datetime:
    """The reminder's next moment on a night after tonight's."""
    zone = zone_info(setting.zone)
    upcoming = next_occurrence(setting.local_time, setting.days, zone, now)
    while night_of(upcoming, zone, cutoff) <= night_of(now, zone, cutoff):
        upcoming = next_occurrence(setting.local_time, setting.days, zone, upcoming)
    return upcoming


async def _as_shown(
    unit: Unit, user: User, setting: ReminderSetting, now: datetime
) -> ReminderSetting:
    """The reminder as the person should read it: with tonight's routine done or tonight a
    rest night, tonight's reminder will not come (the dispatch skips it), so "next" names a
    later night."""
    if setting.next_fire_at is None or not setting.enabled:
        return setting
    zone, cutoff = zone_info(setting.zone), user.night_cutoff_hour
    if night_of(setting.next_fire_at, zone, cutoff) != night_of(now, zone, cutoff):
        return setting
    streak = await streak_of(unit, user, now)
    if not (streak.tonight_done or resting_tonight(streak)):
        return setting
    return replace(setting, next_fire_at=_after_tonight(setting, cutoff, now))


def _stale(due: int, now: datetime) -> bool:
    return due_key(now) - due > BUTTON_LIFETIME.total_seconds() // 60
