"""How reminders and the time-zone question look: texts put together with their buttons."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from telegram import InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup, ReplyKeyboardRemove

from bot.app.reminders import (
    ReminderFormsHelp,
    ReminderOff,
    ReminderSet,
    ReminderStatus,
    ZoneAsked,
    ZoneNotFound,
    ZoneOutcome,
    ZoneOutOfReach,
    ZoneReason,
    ZoneSet,
    due_key,
)
from bot.domain.catalogue import DEFAULT_ROUTINE
from bot.domain.nights import zone_info
from bot.domain.reminders import describe_days, format_time
from bot.domain.timezones import offset_label
from bot.storage.reminders import ReminderSetting
from bot.telegram.callbacks import (
    ChooseReminderDays,
    ChooseReminderTime,
    RestTonight,
    SetReminderDays,
    SetReminderTime,
    ShowReminder,
    SkipTonight,
    SnoozeReminder,
    StartRoutine,
    SwitchReminder,
)
from bot.telegram.views import texts
from bot.telegram.views.keyboards import button
from bot.telegram.views.screens import Screen

ReplyMarkup = ReplyKeyboardMarkup | ReplyKeyboardRemove
SNOOZE_MINUTES = (10, 20, 30)
TIME_PRESETS = [time(21, 0), time(21, 30), time(22, 0), time(22, 30), time(23, 0), time(23, 30)]
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def reminder(first_name: str, due: datetime, snoozed: bool) -> Screen:
    """The nightly message; a snoozed one comes back once, so it offers no second snooze."""
    key = due_key(due)
    rows = [[button(texts.BUTTON_START_BEDTIME, StartRoutine(DEFAULT_ROUTINE))]]
    if not snoozed:
        rows.append(
            [button(texts.snooze_button(m), SnoozeReminder(m, key)) for m in SNOOZE_MINUTES]
        )
    rows.append(
        [
            button(texts.BUTTON_SKIP_TONIGHT, SkipTonight(key)),
            button(texts.BUTTON_REST_TONIGHT, RestTonight(key)),
        ]
    )
    return Screen(texts.reminder_message(first_name, snoozed), InlineKeyboardMarkup(rows))


def when(moment: datetime, zone: str, now: datetime) -> str:
    """'tonight at 22:30' or 'Tue at 22:30', in the person's own time."""
    local = moment.astimezone(zone_info(zone))
    today = now.astimezone(zone_info(zone)).date()
    at = format_time(local.time())
    if local.date() == today:
        return texts.when_text(at, True, "")
    if local.date() == today + timedelta(days=1):
        return f"tomorrow at {at}"
    return texts.when_text(at, False, WEEKDAY_NAMES[local.weekday()])


def status(setting: ReminderSetting | None, now: datetime) -> Screen:
    if setting is None:
        return Screen(texts.NO_REMINDER, _time_buttons())
    next_fire = when(setting.next_fire_at, setting.zone, now) if setting.next_fire_at else None
    text = texts.reminder_status(
        format_time(setting.local_time),
        describe_days(setting.days),
        setting.zone,
        setting.enabled,
        next_fire,
    )
    switch = (
        button(texts.BUTTON_TURN_OFF, SwitchReminder(False))
        if setting.enabled
        else button(texts.BUTTON_TURN_ON, SwitchReminder(True))
    )
    return Screen(
        text,
        InlineKeyboardMarkup(
            [
                [
                    button(texts.BUTTON_CHANGE_TIME, ChooseReminderTime()),
                    button(texts.BUTTON_CHANGE_DAYS, ChooseReminderDays()),
                ],
                [switch],
            ]
        ),
    )


def confirmation(setting: ReminderSetting, now: datetime) -> str:
    assert setting.next_fire_at is not None
    return texts.reminder_set(
        format_time(setting.local_time),
        describe_days(setting.days),
        when(setting.next_fire_at, setting.zone, now),
    )


def outcome(
    result: ReminderStatus | ReminderSet | ReminderOff | ReminderFormsHelp, buttons: bool = True
) -> Screen:
    """What /remind and the reminder's buttons answer; `buttons=False` for the text alone."""
    match result:
        case ReminderStatus(setting=setting, now=now):
            return status(setting, now)
        case ReminderSet(setting=setting, now=now):
            return Screen(confirmation(setting, now))
        case ReminderOff():
            return Screen(texts.REMINDER_OFF)
        case ReminderFormsHelp():
            return Screen(texts.REMIND_FORMS)


def zone_outcome(
    result: ZoneOutcome,
) -> tuple[Screen, ReplyKeyboardMarkup | ReplyKeyboardRemove | None]:
    """The answer to anything about the time zone, with the keyboard that goes with it."""
    match result:
        case ZoneSet():
            return Screen(_zone_set(result)), ReplyKeyboardRemove()
        case ZoneNotFound(ask_again=again):
            return Screen(texts.ZONE_NOT_FOUND), location_keyboard() if again else None
        case ZoneOutOfReach():
            return Screen(texts.ZONE_OUT_OF_REACH), None
        case ZoneAsked():
            return Screen(texts.ask_timezone(_zone_reason(result))), location_keyboard()


def _zone_reason(asked: ZoneAsked) -> str | None:
    if asked.reason is ZoneReason.REMINDER:
        return texts.REASON_FOR_REMINDER
    if asked.reason is ZoneReason.PLAIN:
        return None
    if asked.current is None or asked.now is None:
        return texts.NO_ZONE_YET
    return texts.zone_now(
        asked.current, offset_label(asked.current, asked.now), _clock(asked.now, asked.current)
    )


def _zone_set(result: ZoneSet) -> str:
    zone, now = result.zone, result.now
    lines = [texts.zone_set(zone, offset_label(zone, now), _clock(now, zone))]
    if zone.startswith("Etc/"):
        lines.append(texts.FIXED_OFFSET_HINT)
    if result.reminder is not None:
        lines.append(confirmation(result.reminder, now))
    return "\n\n".join(lines)


def _clock(now: datetime, zone: str) -> str:
    return format_time(now.astimezone(zone_info(zone)).time())


def times() -> Screen:
    rows = _time_buttons().inline_keyboard
    return Screen(
        texts.PICK_TIME,
        InlineKeyboardMarkup([*rows, [button(texts.BUTTON_BACK, ShowReminder())]]),
    )


def days() -> Screen:
    rows = [[button(label, SetReminderDays(mask))] for mask, label in texts.DAY_PRESETS.items()]
    rows.append([button(texts.BUTTON_BACK, ShowReminder())])
    return Screen(texts.PICK_DAYS, InlineKeyboardMarkup(rows))


def _time_buttons() -> InlineKeyboardMarkup:
    presets = [
        button(format_time(t), SetReminderTime(t.hour * 60 + t.minute)) for t in TIME_PRESETS
    ]
    return InlineKeyboardMarkup([presets[:3], presets[3:]])


def location_keyboard() -> ReplyKeyboardMarkup:
    """A reply keyboard: Telegram only offers 'share location' on those, not inline."""
    return ReplyKeyboardMarkup(
        [[KeyboardButton(texts.BUTTON_SHARE_LOCATION, request_location=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
        input_field_placeholder="Berlin, UTC+2 or 22:40",
    )
