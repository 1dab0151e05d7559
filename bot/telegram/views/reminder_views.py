"""How reminders and the time-zone question look: texts put together with their buttons."""

from __future__ import annotations

from datetime import datetime, timedelta

from telegram import ReplyKeyboardMarkup, ReplyKeyboardRemove

from bot.app.messages import ReminderMessage
from bot.app.reminders import (
    ReminderFormsHelp,
    ReminderOff,
    ReminderSet,
    ReminderStatus,
    ReminderWhichTime,
    ZoneAsked,
    ZoneNoneThere,
    ZoneNotFound,
    ZoneOutcome,
    ZoneOutOfReach,
    ZoneReason,
    ZoneSet,
    due_key,
)
from bot.domain.nights import zone_info
from bot.domain.reminders import WEEKDAYS, WEEKEND, WORKDAYS, day_spans, format_time
from bot.domain.timezones import (
    NoZoneThere,
    is_fixed_offset,
    offset_label,
    offset_name,
    zone_label,
)
from bot.storage.reminders import ReminderSetting
from bot.telegram.views import keyboards, texts
from bot.telegram.views.screens import Screen
from bot.telegram.views.texts import t, words

NAMED_DAYS = {WEEKDAYS: "days.every_night", WORKDAYS: "days.weeknights", WEEKEND: "days.weekends"}


def reminder(message: ReminderMessage) -> Screen:
    """The nightly message; a snoozed one comes back once, so it offers no second snooze."""
    text = texts.reminder_message(message.first_name, message.snoozed, message.day_part)
    keyboard = keyboards.reminder(due_key(message.due), message.snoozed, message.rest_available)
    return Screen(text, keyboard)


def when(moment: datetime, zone: str, now: datetime) -> str:
    """'tonight at 22:30' or 'Tue at 22:30', in the person's own time."""
    local = moment.astimezone(zone_info(zone))
    today = now.astimezone(zone_info(zone)).date()
    at = format_time(local.time())
    if local.date() == today:
        return t("reminder.tonight_at", time=at)
    if local.date() == today + timedelta(days=1):
        return t("reminder.tomorrow_at", time=at)
    return t("reminder.weekday_at", weekday=words("days.short")[local.weekday()], time=at)


def days_text(days: frozenset[int]) -> str:
    """Short words for a set of nights: "every night", "weeknights", "Mon, Wed, Fri"."""
    named = NAMED_DAYS.get(days)
    if named is not None:
        return t(named)
    if not days:
        return t("days.never")
    short, long = words("days.short"), words("days.long")
    if len(days) == 1:
        return t("days.one_day", day=long[next(iter(days))])
    parts: list[str] = []
    for first, last in day_spans(days):
        length = (last - first) % 7 + 1
        if length >= 3:
            parts.append(t("days.run", first=short[first], last=short[last]))
        else:
            parts.extend(short[(first + step) % 7] for step in range(length))
    return t("days.separator").join(parts)


def status(setting: ReminderSetting | None, now: datetime) -> Screen:
    if setting is None:
        return Screen(t("reminder.none"), keyboards.reminder_times())
    next_fire = when(setting.next_fire_at, setting.zone, now) if setting.next_fire_at else None
    time_text, days = format_time(setting.local_time), days_text(setting.days)
    if not setting.enabled:
        text = t("reminder.status_off", time=time_text, days=days)
    else:
        upcoming = t("reminder.status_next", when=next_fire) if next_fire else ""
        text = t(
            "reminder.status_on",
            time=time_text,
            days=days,
            zone=zone_label(setting.zone),
            upcoming=upcoming,
        )
    return Screen(text, keyboards.reminder_settings(setting.enabled))


def confirmation(setting: ReminderSetting, now: datetime) -> str:
    assert setting.next_fire_at is not None
    return t(
        "reminder.set",
        time=format_time(setting.local_time),
        days=days_text(setting.days),
        when=when(setting.next_fire_at, setting.zone, now),
    )


def outcome(
    result: ReminderStatus | ReminderSet | ReminderOff | ReminderFormsHelp | ReminderWhichTime,
    buttons: bool = True,
) -> Screen:
    """What /remind and the reminder's buttons answer; `buttons=False` for the text alone."""
    match result:
        case ReminderStatus(setting=setting, now=now):
            return status(setting, now)
        case ReminderSet(setting=setting, now=now):
            return Screen(confirmation(setting, now))
        case ReminderOff():
            return Screen(t("reminder.turned_off"))
        case ReminderFormsHelp():
            return Screen(t("reminder.forms"))
        case ReminderWhichTime(evening=evening, morning=morning):
            first, second = format_time(evening), format_time(morning)
            text = t("reminder.which_time", first=first, second=second)
            return Screen(text, keyboards.which_time(evening, morning))


def zone_outcome(
    result: ZoneOutcome,
) -> tuple[Screen, ReplyKeyboardMarkup | ReplyKeyboardRemove | None]:
    """The answer to anything about the time zone, with the keyboard that goes with it."""
    match result:
        case ZoneSet():
            return Screen(_zone_set(result)), ReplyKeyboardRemove()
        case ZoneNotFound(ask_again=again):
            return Screen(t("zone.not_found")), keyboards.share_location() if again else None
        case ZoneNoneThere(found=found, now=now):
            keyboard = keyboards.zone_offsets(found.nearest, now)
            return Screen(_no_zone_there(found), keyboard), None
        case ZoneOutOfReach():
            return Screen(t("zone.out_of_reach")), None
        case ZoneAsked():
            return Screen(texts.ask_timezone(_zone_reason(result))), keyboards.share_location()


def _no_zone_there(found: NoZoneThere) -> str:
    """Says what no zone fits, in the words the person used: their clock, or the offset."""
    if found.clock is not None:
        return t("zone.clock_fits_no_zone", clock=format_time(found.clock))
    return t("zone.offset_fits_no_zone", offset=offset_name(found.offset))


def offset_chosen(result: ZoneOutcome) -> str | None:
    """The note left on the message whose offset button set the zone."""
    if isinstance(result, ZoneSet):
        return t("zone.offset_chosen", zone=zone_label(result.zone))
    return None


def _zone_reason(asked: ZoneAsked) -> str | None:
    if asked.reason is ZoneReason.REMINDER:
        return t("zone.reason_for_reminder")
    if asked.reason is ZoneReason.PLAIN:
        return None
    if asked.current is None or asked.now is None:
        return t("zone.none_yet")
    zone, now = asked.current, asked.now
    return t("zone.now", zone=_zone_text(zone, now), clock=_clock(now, zone))


def _zone_set(result: ZoneSet) -> str:
    zone, now = result.zone, result.now
    lines: list[str] = [t("zone.set", zone=_zone_text(zone, now), clock=_clock(now, zone))]
    if zone.startswith("Etc/"):
        lines.append(t("zone.fixed_offset_hint"))
    if result.reminder is not None:
        lines.append(confirmation(result.reminder, now))
    return "\n\n".join(lines)


def _zone_text(zone: str, now: datetime) -> str:
    """ "<b>Berlin</b> (UTC+01:00)", or just "<b>UTC+7</b>" for a fixed offset."""
    if is_fixed_offset(zone):
        return t("zone.name", zone=zone_label(zone))
    return t("zone.name_offset", zone=zone_label(zone), offset=offset_label(zone, now))


def _clock(now: datetime, zone: str) -> str:
    return format_time(now.astimezone(zone_info(zone)).time())


def times() -> Screen:
    return Screen(t("reminder.pick_time"), keyboards.reminder_times(back=True))


def days() -> Screen:
    return Screen(t("reminder.pick_days"), keyboards.reminder_days())
