"""How reminders and the time-zone question look: texts put together with their buttons."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from telegram import InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup

from bot.domain.catalogue import DEFAULT_ROUTINE
from bot.domain.nights import zone_info
from bot.domain.reminders import describe_days, format_time
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

SNOOZE_MINUTES = (10, 20, 30)
TIME_PRESETS = [time(21, 0), time(21, 30), time(22, 0), time(22, 30), time(23, 0), time(23, 30)]
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def due_key(due: datetime) -> int:
    """A reminder's due moment in whole minutes since the epoch: short enough for a button."""
    return int(due.timestamp()) // 60


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
