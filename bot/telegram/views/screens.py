"""Screens: what a message shows (text + buttons), whether sent anew or edited in place."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardMarkup

from bot.domain.catalogue import GENTLEST_ROUTINE, Catalogue, Exercise, Position, Routine
from bot.domain.matching import LookupResult
from bot.domain.pacing import estimate_seconds
from bot.domain.phrases import speaks_of_pain
from bot.domain.preferences import Preferences
from bot.telegram.callbacks import (
    BrowsePositions,
    ShowExercise,
    ShowMenu,
)
from bot.telegram.views import cards, keyboards, texts
from bot.telegram.views.texts import plain, t

MAX_TOPIC_RESULTS = 8


@dataclass(frozen=True)
class PictureRef:
    """Which stretch picture a screen shows above its words (as the caption)."""

    exercise_id: str
    position: str | None = None  # None: the position the stretch begins in


@dataclass(frozen=True)
class Screen:
    text: str
    markup: InlineKeyboardMarkup | None = None
    picture: PictureRef | None = None


def menu(first_name: str | None = None) -> Screen:
    text = t("menu.welcome", name=first_name) if first_name else t("menu.welcome_back")
    return Screen(text, keyboards.main_menu())


def safety() -> Screen:
    return Screen(t("safety.full"), keyboards.back_to_menu())


def positions(catalogue: Catalogue) -> Screen:
    available = [p for p in Position if catalogue.by_position(p)]
    return Screen(t("browse.choose_position"), keyboards.positions(available))


def position(catalogue: Catalogue, where: Position) -> Screen:
    exercises = catalogue.by_position(where)
    return Screen(
        t(
            "browse.position_title",
            position=t(f"position.{where.value}"),
            stretches=t("units.stretches", count=len(exercises)),
        ),
        keyboards.exercise_list(exercises, BrowsePositions(), t("button.all_positions")),
    )


def in_bed(catalogue: Catalogue) -> Screen:
    exercises = sorted((e for e in catalogue.exercises.values() if e.in_bed), key=lambda e: e.name)
    return Screen(
        t("browse.in_bed_title"), keyboards.exercise_list(exercises, ShowMenu(), t("button.menu"))
    )


def exercise(item: Exercise) -> Screen:
    """The stretch card: its picture, with the card as the caption."""
    apart = cards.cautions_apart(item)
    markup = keyboards.exercise_card(item, cautions_apart=apart)
    return Screen(cards.exercise_card(item, cautions=not apart), markup, PictureRef(item.id))


def cautions(item: Exercise) -> Screen:
    return Screen(
        cards.cautions_caption(item), keyboards.exercise_cautions(item), PictureRef(item.id)
    )


def routines(catalogue: Catalogue, preferences: Preferences) -> Screen:
    lines = [t("practice.routines_title"), ""]
    choices: list[tuple[str, str]] = []
    for routine in catalogue.routines_in_order():
        seconds = estimate_seconds(
            catalogue.routine_exercises(routine), preferences.pace, preferences.tempo.tempo
        )
        minutes = texts.minutes_text(seconds)
        about = routine.description
        lines.append(
            t("practice.routine_line", name=routine.name, minutes=minutes, description=about)
        )
        choices.append(
            (routine.id, plain("practice.routine_choice", name=routine.name, minutes=minutes))
        )
    return Screen("\n".join(lines), keyboards.routine_list(choices))


def settings(preferences: Preferences) -> Screen:
    tempo = preferences.tempo.tempo
    text = texts.settings_text(
        preferences.pace.value,
        preferences.tempo.value,
        tempo.inhale,
        tempo.exhale,
        preferences.cue_sound,
        preferences.settle_seconds,
        texts.audio_text(preferences.voice, preferences.tone, preferences.tone_volume),
    )
    return Screen(text, keyboards.settings(preferences))


def similar(catalogue: Catalogue, item: Exercise) -> Screen:
    return Screen(
        t("browse.similar_title", name=item.name),
        keyboards.exercise_list(
            catalogue.similar(item), ShowExercise(item.id), plain("button.back_to", name=item.name)
        ),
    )


def replace_practice(title: str, routine: Routine) -> Screen:
    """A typed /bedtime in the middle of a routine: replace it only if the person says so."""
    text = t("practice.replace_question", current=title, routine=routine.name)
    return Screen(text, keyboards.replace_practice(routine))


def unknown_command(command: str) -> Screen:
    """One short line and the menu's buttons, never the whole help."""
    return Screen(t("menu.unknown_command", command=command), keyboards.main_menu())


def not_understood(catalogue: Catalogue, text: str) -> Screen:
    """Chatter, or somebody hurting: a kind line and buttons, never a guessed stretch."""
    if speaks_of_pain(text):
        return Screen(
            t("menu.back_hurts"), keyboards.condition(catalogue.routines.get(GENTLEST_ROUTINE))
        )
    return Screen(t("menu.chatter"), keyboards.main_menu())


def lookup(query: str, result: LookupResult) -> Screen:
    """What `/stretch <words>` shows: a card, a choice, a topic list, the closest to a pose we
    lack, safety words for a condition, or the nearest ones."""
    shown = query[:60]
    back = (BrowsePositions(), t("button.all_stretches"))
    if result.kind in ("exact", "one"):
        return exercise(result.matches[0])
    if result.kind == "several":
        return Screen(
            t("browse.did_you_mean", query=shown), keyboards.exercise_list(result.matches, *back)
        )
    if result.kind == "topic":
        # The matcher puts the best fits first; a sleepy thumb needs a short list.
        best = result.matches[:MAX_TOPIC_RESULTS]
        return Screen(
            t("browse.topic_title", stretches=t("units.stretches", count=len(best)), query=shown),
            keyboards.exercise_list(best, *back),
        )
    if result.kind == "absent":
        assert result.pose is not None
        return Screen(
            t("browse.absent_pose", pose=result.pose),
            keyboards.exercise_list(result.matches, *back),
        )
    if result.kind == "condition":
        assert result.condition is not None
        return condition(result.condition, result.routine)
    nearest = [e.name for e in result.matches]
    return Screen(texts.no_match(shown, nearest), keyboards.exercise_list(result.matches, *back))


def condition(name: str, routine: Routine | None) -> Screen:
    """A back condition or health matter: safety words, and the gentlest routine if it is safe
    to offer one."""
    about = routine.description if routine else None
    text = texts.condition_text(name, routine.name if routine else None, about)
    return Screen(text, keyboards.condition(routine))
