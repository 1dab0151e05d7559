"""Inline keyboards; every callback payload goes through the codec in `callbacks`."""

from __future__ import annotations

from collections.abc import Iterable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.app.practices import Control
from bot.domain.catalogue import DEFAULT_ROUTINE, Exercise, Position
from bot.domain.pacing import Pace, TempoName
from bot.domain.practice import PracticeState, Status
from bot.domain.preferences import SETTLE_CHOICES, Preferences
from bot.telegram.callbacks import (
    BrowseInBed,
    BrowsePosition,
    BrowsePositions,
    CallbackAction,
    ControlPractice,
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
    encode,
)
from bot.telegram.views import texts


def button(text: str, action: CallbackAction) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=encode(action))


def main_menu() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [button(texts.BUTTON_BEDTIME, StartRoutine(DEFAULT_ROUTINE))],
            [button(texts.BUTTON_IN_BED, BrowseInBed())],
            [button(texts.BUTTON_BROWSE, BrowsePositions())],
            [
                button(texts.BUTTON_SETTINGS, ShowSettings()),
                button(texts.BUTTON_SAFETY, ShowSafety()),
            ],
        ]
    )


def positions(available: Iterable[Position]) -> InlineKeyboardMarkup:
    rows = [
        [button(texts.POSITION_NAMES[position], BrowsePosition(position))]
        for position in available
    ]
    rows.append([button(texts.BUTTON_MENU, ShowMenu())])
    return InlineKeyboardMarkup(rows)


def exercise_list(
    exercises: Iterable[Exercise], back: CallbackAction, back_text: str
) -> InlineKeyboardMarkup:
    rows = [[button(exercise.name, ShowExercise(exercise.id))] for exercise in exercises]
    rows.append([button(back_text, back)])
    return InlineKeyboardMarkup(rows)


def exercise_card(exercise: Exercise) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [button(texts.BUTTON_GUIDE_ME, GuideExercise(exercise.id))],
            [
                button(texts.BUTTON_MORE_LIKE_THIS, ShowSimilar(exercise.id)),
                InlineKeyboardButton(texts.BUTTON_SHARE, switch_inline_query=exercise.name),
            ],
            [
                button(
                    f"◀️ {texts.POSITION_NAMES[exercise.position]}",
                    BrowsePosition(exercise.position),
                )
            ],
            [button(texts.BUTTON_MENU, ShowMenu())],
        ]
    )


def back_to_menu() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(texts.BUTTON_MENU, ShowMenu())]])


def routine_intro() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(texts.BUTTON_OTHER_ROUTINES, ListRoutines())]])


def routine_controls(
    practice_id: int, state: PracticeState, more: str | None = None
) -> InlineKeyboardMarkup | None:
    """Start/Pause/Continue, Skip and Stop; and "one more" while an open count runs."""
    if not state.status.active:
        return None
    first = {
        Status.READY: (texts.BUTTON_START, Control.START),
        Status.RUNNING: (texts.BUTTON_PAUSE, Control.PAUSE),
        Status.PAUSED: (texts.BUTTON_RESUME, Control.RESUME),
    }[state.status]
    row = [
        button(label, ControlPractice(practice_id, state.token, action))
        for label, action in [
            first,
            (texts.BUTTON_SKIP, Control.SKIP),
            (texts.BUTTON_STOP, Control.STOP),
        ]
    ]
    rows = [row]
    if more is not None:
        rows.append(
            [button(texts.ONE_MORE[more], ControlPractice(practice_id, state.token, Control.MORE))]
        )
    return InlineKeyboardMarkup(rows)


def routine_list(choices: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    """`choices` are (routine id, button label) pairs."""
    rows = [[button(label, StartRoutine(routine_id))] for routine_id, label in choices]
    rows.append([button(texts.BUTTON_MENU, ShowMenu())])
    return InlineKeyboardMarkup(rows)


def settings(chosen: Preferences) -> InlineKeyboardMarkup:
    def option(label: str, is_chosen: bool, action: CallbackAction) -> InlineKeyboardButton:
        return button(texts.settings_button(label, is_chosen), action)

    return InlineKeyboardMarkup(
        [
            [option(texts.PACE_NAMES[p.value], chosen.pace is p, SetPace(p)) for p in Pace],
            [
                option(texts.BREATHING_LABELS[t.value], chosen.tempo is t, SetTempo(t))
                for t in TempoName
            ],
            [
                option(texts.SOUND_LABELS[on], chosen.cue_sound is on, SetCueSound(on))
                for on in (True, False)
            ],
            [
                option(texts.SETTLE_LABELS[s], chosen.settle_seconds == s, SetSettle(s))
                for s in SETTLE_CHOICES
            ],
            [button(texts.BUTTON_MENU, ShowMenu())],
        ]
    )
