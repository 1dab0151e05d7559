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
from bot.telegram.views.texts import plain, t


def button(text: str, action: CallbackAction) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=encode(action))


def main_menu() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [button(t("button.bedtime"), StartRoutine(DEFAULT_ROUTINE))],
            [button(t("button.in_bed"), BrowseInBed())],
            [button(t("button.browse"), BrowsePositions())],
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


def exercise_card(exercise: Exercise) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [button(t("button.guide_me"), GuideExercise(exercise.id))],
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


def back_to_menu() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(t("button.menu"), ShowMenu())]])


def routine_intro() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(t("button.other_routines"), ListRoutines())]])


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

    return InlineKeyboardMarkup(
        [
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
            [
                option(t(f"settings.settle_{s}"), chosen.settle_seconds == s, SetSettle(s))
                for s in SETTLE_CHOICES
            ],
            [button(t("button.menu"), ShowMenu())],
        ]
    )
