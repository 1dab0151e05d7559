"""Every keyboard the bot shows; each callback payload goes through the codec in `callbacks`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time, timedelta, timezone

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from bot.app.practices import Control
from bot.domain.catalogue import DEFAULT_ROUTINE, Exercise, Position, Routine
from bot.domain.pacing import Pace, TempoName
from bot.domain.practice import PracticeState, Status
from bot.domain.preferences import Preferences
from bot.domain.reminders import format_time
from bot.domain.timezones import offset_name
from bot.telegram.callbacks import (
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
    encode,
)
from bot.telegram.views import texts
from bot.telegram.views.texts import plain, t

# A keyboard under the typing field (share location), or one taken away.
ReplyMarkup = ReplyKeyboardMarkup | ReplyKeyboardRemove


def button(text: str, action: CallbackAction) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=encode(action))


def main_menu() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [button(t("button.bedtime"), StartRoutine(DEFAULT_ROUTINE))],
            [
                button(t("button.routines"), ListRoutines()),
                button(t("button.in_bed"), BrowseInBed()),
            ],
            [button(t("button.browse"), BrowsePositions())],
            [
                button(t("button.reminder"), ShowReminder()),
                button(t("button.streak"), ShowStreak()),
            ],
            [
                button(t("button.settings"), ShowSettings()),
                button(t("button.safety"), ShowSafety()),
            ],
        ]
    )


def positions(available: Iterable[Position]) -> InlineKeyboardMarkup:
    rows = [
        [button(t(f"position.{position.value}"), BrowsePosition(position))]
        for position in available
    ]
    rows.append([button(t("button.menu"), ShowMenu())])
    return InlineKeyboardMarkup(rows)


def exercise_list(
    exercises: Iterable[Exercise], back: CallbackAction, back_text: str
) -> InlineKeyboardMarkup:
    rows = [[button(exercise.name, ShowExercise(exercise.id))] for exercise in exercises]
    rows.append([button(back_text, back)])
    return InlineKeyboardMarkup(rows)


def exercise_card(exercise: Exercise, cautions_apart: bool = False) -> InlineKeyboardMarkup:
    """Guide me first; a long card's cautions behind their own button, next to it."""
    first = [button(t("button.guide_me"), GuideExercise(exercise.id))]
    if cautions_apart:
        first.append(button(t("button.cautions"), ShowCautions(exercise.id)))
    return InlineKeyboardMarkup(
        [
            first,
            [
                button(t("button.more_like_this"), ShowSimilar(exercise.id)),
                InlineKeyboardButton(t("button.share"), switch_inline_query=exercise.name),
            ],
            [
                button(
                    plain("button.back_to", name=t(f"position.{exercise.position.value}")),
                    BrowsePosition(exercise.position),
                )
            ],
            [button(t("button.menu"), ShowMenu())],
        ]
    )


def exercise_cautions(exercise: Exercise) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                button(t("button.guide_me"), GuideExercise(exercise.id)),
                button(t("button.steps"), ShowExercise(exercise.id)),
            ]
        ]
    )


def back_to_menu() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(t("button.menu"), ShowMenu())]])


def routine_controls(
    practice_id: int, state: PracticeState, more: str | None = None
) -> InlineKeyboardMarkup | None:
    """Start/Pause/Continue, Skip and Stop; and "one more" while an open count runs."""
    if not state.status.active:
        return None
    first = {
        Status.READY: (t("button.start"), Control.START),
        Status.RUNNING: (t("button.pause"), Control.PAUSE),
        Status.PAUSED: (t("button.resume"), Control.RESUME),
    }[state.status]
    row = [
        button(label, ControlPractice(practice_id, state.token, action))
        for label, action in [
            first,
            (t("button.skip"), Control.SKIP),
            (t("button.stop"), Control.STOP),
        ]
    ]
    rows = [row]
    if more is not None:
        rows.append(
            [
                button(
                    t(f"button.one_more_{more}"),
                    ControlPractice(practice_id, state.token, Control.MORE),
                )
            ]
        )
    return InlineKeyboardMarkup(rows)


def routine_list(choices: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    """`choices` are (routine id, button label) pairs."""
    rows = [[button(label, StartRoutine(routine_id))] for routine_id, label in choices]
    rows.append([button(t("button.menu"), ShowMenu())])
    return InlineKeyboardMarkup(rows)


def settings(chosen: Preferences) -> InlineKeyboardMarkup:
    def option(label: str, is_chosen: bool, action: CallbackAction) -> InlineKeyboardButton:
        return button(texts.choice(label, is_chosen), action)

    # In the order of the settings text's headings: routine, breathing, cues.
    return InlineKeyboardMarkup(
        [
            [
                option(label, bool(chosen.settle_seconds) is on, SetFlow(on))
                for on, label in _flow_labels()
            ],
            [option(t(f"settings.pace_{p.value}"), chosen.pace is p, SetPace(p)) for p in Pace],
            [
                option(
                    t(f"settings.breathing_{tempo.value}"), chosen.tempo is tempo, SetTempo(tempo)
                )
                for tempo in TempoName
            ],
            [
                option(
                    t("settings.sound_button_on" if on else "settings.sound_button_off"),
                    chosen.cue_sound is on,
                    SetCueSound(on),
                )
                for on in (True, False)
            ],
            [button(t("button.menu"), ShowMenu())],
        ]
    )


def _flow_labels() -> list[tuple[bool, str]]:
    return [
        (True, t("settings.flow_button_hands_free")),
        (False, t("settings.flow_button_tap")),
    ]


# Reminders and time zones ------------------------------------------------------------------

SNOOZE_MINUTES = (10, 20, 30)
TIME_PRESETS = [time(21, 0), time(21, 30), time(22, 0), time(22, 30), time(23, 0), time(23, 30)]
# The day presets, as their bit masks (bit 0 = Monday).
DAY_PRESETS = {127: "every_night", 31: "weeknights", 96: "weekends"}


def reminder(due_key: int, snoozed: bool, rest_available: bool) -> InlineKeyboardMarkup:
    """Start, snooze (not twice) and skip tonight, under the nightly message; rest tonight
    only with a rest night saved, so the button never promises what it cannot do."""
    rows = [[button(t("button.start_bedtime"), StartRoutine(DEFAULT_ROUTINE))]]
    if not snoozed:
        first, *later = SNOOZE_MINUTES
        rows.append([plain_button("button.snooze", SnoozeReminder(first, due_key), minutes=first)])
        rows.append(
            [
                plain_button("button.snooze_later", SnoozeReminder(m, due_key), minutes=m)
                for m in later
            ]
        )
    last = [button(t("button.skip_tonight"), SkipTonight(due_key))]
    if rest_available:
        last.append(button(t("button.rest_tonight"), RestTonight(due_key)))
    rows.append(last)
    return InlineKeyboardMarkup(rows)


def reminder_settings(enabled: bool) -> InlineKeyboardMarkup:
    switch = (
        button(t("button.turn_off"), SwitchReminder(False))
        if enabled
        else button(t("button.turn_on"), SwitchReminder(True))
    )
    change = [
        button(t("button.change_time"), ChooseReminderTime()),
        button(t("button.change_days"), ChooseReminderDays()),
    ]
    return InlineKeyboardMarkup([change, [switch]])


def reminder_times(back: bool = False) -> InlineKeyboardMarkup:
    presets = [
        button(format_time(at), SetReminderTime(at.hour * 60 + at.minute)) for at in TIME_PRESETS
    ]
    rows = [presets[:3], presets[3:]]
    if back:
        rows.append([button(t("button.back"), ShowReminder())])
    return InlineKeyboardMarkup(rows)


def which_time(*choices: time) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[button(format_time(at), SetReminderTime(at.hour * 60 + at.minute)) for at in choices]]
    )


def reminder_days() -> InlineKeyboardMarkup:
    rows = [
        [button(t(f"reminder.preset_{name}"), SetReminderDays(mask))]
        for mask, name in DAY_PRESETS.items()
    ]
    rows.append([button(t("button.back"), ShowReminder())])
    return InlineKeyboardMarkup(rows)


def zone_offsets(offsets: Iterable[timedelta], now: datetime) -> InlineKeyboardMarkup:
    """One button per offset, with the time it is there now: "UTC-7 · 14:30"."""
    row = []
    for offset in offsets:
        clock = format_time(now.astimezone(timezone(offset)).time())
        label = plain("zone.offset_button", zone=offset_name(offset), clock=clock)
        row.append(button(label, SetZoneOffset.of(offset)))
    return InlineKeyboardMarkup([row])


def share_location() -> ReplyKeyboardMarkup:
    """A reply keyboard: Telegram only offers 'share location' on those, not inline."""
    return ReplyKeyboardMarkup(
        [[KeyboardButton(t("button.share_location"), request_location=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
        input_field_placeholder=t("zone.placeholder"),
    )


# Practices, pain and data ------------------------------------------------------------------


def practice_intro(
    practice_id: int, ask_pain: bool, ask_flow: bool, routine: bool
) -> InlineKeyboardMarkup | None:
    """The "before" rating, the once-only flow question, and the other routines."""
    rows = pain_rows(practice_id, after=False) if ask_pain else []
    if ask_flow:
        rows.append(flow_row())
    if routine:
        rows.append([button(t("button.other_routines"), ListRoutines())])
    return InlineKeyboardMarkup(rows) if rows else None


def flow_row() -> list[InlineKeyboardButton]:
    return [button(label, ChooseFlow(on)) for on, label in _flow_labels()]


# The rating under a routine's last message: one short row, easy to hit with one eye open.
COMPACT_SCALE = (0, 2, 4, 6, 8, 10)


def pain(practice_id: int) -> InlineKeyboardMarkup:
    """After a routine: one row; not answering is an answer too."""
    return InlineKeyboardMarkup(
        [[button(str(score), RatePain(practice_id, True, score)) for score in COMPACT_SCALE]]
    )


def pain_rows(practice_id: int, after: bool) -> list[list[InlineKeyboardButton]]:
    """0-10 in two rows and a Skip, to go under a message that asks for a rating."""
    scores = [button(str(score), RatePain(practice_id, after, score)) for score in range(11)]
    return [scores[:6], scores[6:], [button(t("button.skip_pain"), SkipPain(practice_id, after))]]


def condition(routine: Routine | None) -> InlineKeyboardMarkup:
    """The gentlest routine, if it is safe to offer one, then safety and the menu."""
    rows = []
    if routine is not None:
        start = plain("button.start_routine", name=routine.name)
        rows.append([button(start, StartRoutine(routine.id))])
    rows.append([button(t("button.safety"), ShowSafety())])
    rows.append([button(t("button.menu"), ShowMenu())])
    return InlineKeyboardMarkup(rows)


def replace_practice(routine: Routine) -> InlineKeyboardMarkup:
    start = plain("button.start_anew", name=routine.name)
    return InlineKeyboardMarkup(
        [
            [button(start, StartRoutine(routine.id))],
            [button(t("button.keep_going"), KeepPractice())],
        ]
    )


def open_in_bot(url: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(t("button.open_in_bot"), url=url)]])


def open_private(url: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(t("button.open_private"), url=url)]])


def confirm_forget() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [button(t("button.forget"), ConfirmForget(True))],
            [button(t("button.keep"), ConfirmForget(False))],
        ]
    )


def plain_button(key: str, action: CallbackAction, **values: object) -> InlineKeyboardButton:
    return button(plain(key, **values), action)
