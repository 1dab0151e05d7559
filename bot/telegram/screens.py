"""Screens: what a message shows (text + buttons), whether sent anew or edited in place."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardMarkup

from bot.domain.catalogue import Catalogue, Exercise, Position
from bot.telegram import cards, keyboards, texts
from bot.telegram.callbacks import BrowsePositions, ShowMenu


@dataclass(frozen=True)
class Screen:
    text: str
    markup: InlineKeyboardMarkup | None = None


def menu(first_name: str | None = None) -> Screen:
    text = texts.welcome(first_name) if first_name else texts.WELCOME_BACK
    return Screen(text, keyboards.main_menu())


def safety() -> Screen:
    return Screen(texts.SAFETY_FULL, keyboards.back_to_menu())


def positions(catalogue: Catalogue) -> Screen:
    available = [p for p in Position if catalogue.by_position(p)]
    return Screen(texts.CHOOSE_POSITION, keyboards.positions(available))


def position(catalogue: Catalogue, where: Position) -> Screen:
    exercises = catalogue.by_position(where)
    return Screen(
        texts.position_title(where, len(exercises)),
        keyboards.exercise_list(exercises, BrowsePositions()),
    )


def in_bed(catalogue: Catalogue) -> Screen:
    exercises = sorted((e for e in catalogue.exercises.values() if e.in_bed), key=lambda e: e.name)
    return Screen(texts.IN_BED_TITLE, keyboards.exercise_list(exercises, ShowMenu()))


def exercise(item: Exercise) -> Screen:
    return Screen(cards.exercise_card(item), keyboards.exercise_card(item))
