"""Inline keyboards; every callback payload goes through the codec in `callbacks`."""

from __future__ import annotations

from collections.abc import Iterable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.catalogue import Exercise, Position
from bot.telegram import texts
from bot.telegram.callbacks import (
    BrowseInBed,
    BrowsePosition,
    BrowsePositions,
    CallbackAction,
    ShowExercise,
    ShowMenu,
    ShowSafety,
    encode,
)


def button(text: str, action: CallbackAction) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=encode(action))


def main_menu() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [button(texts.BUTTON_IN_BED, BrowseInBed())],
            [button(texts.BUTTON_BROWSE, BrowsePositions())],
            [button(texts.BUTTON_SAFETY, ShowSafety())],
        ]
    )


def positions(available: Iterable[Position]) -> InlineKeyboardMarkup:
    rows = [
        [button(texts.POSITION_NAMES[position], BrowsePosition(position))]
        for position in available
    ]
    rows.append([button(texts.BUTTON_MENU, ShowMenu())])
    return InlineKeyboardMarkup(rows)


def exercise_list(exercises: Iterable[Exercise], back: CallbackAction) -> InlineKeyboardMarkup:
    rows = [[button(exercise.name, ShowExercise(exercise.id))] for exercise in exercises]
    back_text = (
        texts.BUTTON_ALL_POSITIONS if isinstance(back, BrowsePositions) else (texts.BUTTON_MENU)
    )
    rows.append([button(back_text, back)])
    return InlineKeyboardMarkup(rows)


def exercise_card(exercise: Exercise) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
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
