"""Load and check `content/translations/<language>.yaml`: the catalogue in other languages.

A file holds every exercise's and routine's words and the safety words in one language.
The check fails, naming file and field, on a missing or extra exercise or routine, a step
or caution count that differs from English, a number of the English step (a hold, a count
of breaths) that the translation lost, text left in English or as a placeholder, and HTML
the safety words break. The timing is never translated: it stays the English exercise's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from pydantic import Field

from bot.content.yaml_files import read_model
from bot.domain.catalogue import (
    LANGUAGES,
    SOURCE_LANGUAGE,
    Exercise,
    ExerciseText,
    Routine,
    RoutineText,
    SafetyText,
    Strict,
)

# Words a translator leaves for later.
# Upper case only: "todo" is Spanish for "all".
_PLACEHOLDER = re.compile(r"\b(?:TODO|TBD|FIXME|XXX)\b|\?\?\?|\[\[|\]\]|(?i:lorem ipsum)")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
_KNOWN_ENTITIES = frozenset({"&lt;", "&gt;", "&amp;", "&quot;"})
_TAG = re.compile(r"<(/?)([a-z]+)[^>]*>")
# Tags Telegram's HTML parse mode accepts.
_TELEGRAM_TAGS = frozenset({"b", "i", "u", "s", "a", "code", "pre", "tg-spoiler", "blockquote"})


class TranslationFile(Strict):
    language: str
    safety: SafetyText
    routines: dict[str, RoutineText]
    exercises: dict[str, ExerciseText] = Field(min_length=1)


def read_translations(folder: Path, problems: list[str]) -> list[tuple[Path, TranslationFile]]:
    """Every translation file that parses, in LANGUAGES order; problems appended."""
    loaded: list[tuple[Path, TranslationFile]] = []
    for path in sorted(folder.glob("*.yaml"), key=_language_order):
        translation = read_model(path, TranslationFile, problems)
        if translation is None:
            continue
        if translation.language != path.stem or translation.language not in LANGUAGES:
            problems.append(f"{path}: language: must be the file's name, one of {LANGUAGES}")
            continue
        if translation.language == SOURCE_LANGUAGE:
            problems.append(f"{path}: language: English is the catalogue itself")
            continue
        loaded.append((path, translation))
    return loaded


def _language_order(path: Path) -> int:
    return LANGUAGES.index(path.stem) if path.stem in LANGUAGES else len(LANGUAGES)


def check_translation(
    path: Path,
    translation: TranslationFile,
    exercises: Mapping[str, Exercise],
    routines: Mapping[str, Routine],
) -> list[str]:
    """Everything wrong with one language's file, each naming the file and the field."""
    problems = _same_ids(path, "exercises", translation.exercises, exercises)
    problems += _same_ids(path, "routines", translation.routines, routines)
    for exercise_id, text in translation.exercises.items():
        english = exercises.get(exercise_id)
        if english is not None:
            problems += _check_exercise(path, f"exercises.{exercise_id}", text, english)
    for routine_id, words in translation.routines.items():
        english_routine = routines.get(routine_id)
        if english_routine is not None:
            where = f"{path}: routines.{routine_id}"
            problems += _untranslated(
                where, "description", [words.description], [english_routine.description]
            )
    for field in ("short", "full", "card_footer"):
        problems += _check_html(f"{path}: safety.{field}", getattr(translation.safety, field))
    return problems


def _same_ids(
    path: Path, field: str, found: Mapping[str, object], known: Mapping[str, object]
) -> list[str]:
    missing = [f"{path}: {field}.{name}: missing" for name in sorted(set(known) - set(found))]
    extra = [
        f"{path}: {field}.{name}: no such id in English"
        for name in sorted(set(found) - set(known))
    ]
    return missing + extra


def _check_exercise(path: Path, where: str, text: ExerciseText, english: Exercise) -> list[str]:
    problems: list[str] = []
    for field in ("steps", "cautions"):
        ours, theirs = getattr(text, field), getattr(english, field)
        if len(ours) != len(theirs):
            problems.append(
                f"{path}: {where}.{field}: {len(ours)} where English has {len(theirs)}"
            )
    for index, (ours, theirs) in enumerate(zip(text.steps, english.steps, strict=False)):
        lost = sorted(set(re.findall(r"\d+", theirs)) - set(re.findall(r"\d+", ours)))
        if lost:
            problems.append(f"{path}: {where}.steps.{index}: lost the number(s) {', '.join(lost)}")
    problems += _untranslated(f"{path}: {where}", "summary", [text.summary], [english.summary])
    problems += _untranslated(f"{path}: {where}", "steps", text.steps, english.steps)
    problems += _untranslated(f"{path}: {where}", "cautions", text.cautions, english.cautions)
    for field, values in (("name", [text.name]), ("aliases", text.aliases)):
        problems += _untranslated(f"{path}: {where}", field, values, [])
    return problems


def _untranslated(where: str, field: str, ours: Sequence[str], theirs: Sequence[str]) -> list[str]:
    """Text that is a placeholder, holds markup, or is the English word for word."""
    problems: list[str] = []
    for index, value in enumerate(ours):
        place = f"{where}.{field}" + (
            f".{index}" if len(ours) > 1 or field in ("steps", "cautions", "aliases") else ""
        )
        if _PLACEHOLDER.search(value):
            problems.append(f"{place}: a placeholder, not a translation: {value!r}")
        elif "<" in value or "&" in value:
            problems.append(f"{place}: no markup here; the views escape this text")
        elif value in theirs:
            problems.append(f"{place}: still the English text")
    return problems


def _check_html(where: str, text: str) -> list[str]:
    """Entities Telegram knows, tags it accepts, each closed in order."""
    problems = [
        f"{where}: broken HTML entity {entity!r}"
        for entity in re.findall(r"&[^\s;]*;?", text)
        if not _ENTITY.fullmatch(entity) or (entity[1] != "#" and entity not in _KNOWN_ENTITIES)
    ]
    open_tags: list[str] = []
    for closing, tag in _TAG.findall(text):
        if tag not in _TELEGRAM_TAGS:
            problems.append(f"{where}: <{tag}> is not a tag Telegram accepts")
        elif not closing:
            open_tags.append(tag)
        elif not open_tags or open_tags.pop() != tag:
            problems.append(f"{where}: </{tag}> closes nothing open")
    problems += [f"{where}: <{tag}> is never closed" for tag in open_tags]
    if _PLACEHOLDER.search(text):
        problems.append(f"{where}: a placeholder, not a translation")
    return problems


def translated(
    exercises: Sequence[Exercise],
    routines: Sequence[Routine],
    files: Sequence[TranslationFile],
) -> tuple[list[Exercise], list[Routine]]:
    """The exercises and routines with every language's words attached."""
    return (
        [
            e.model_copy(
                update={
                    "translations": {
                        f.language: f.exercises[e.id] for f in files if e.id in f.exercises
                    }
                }
            )
            for e in exercises
        ],
        [
            r.model_copy(
                update={
                    "translations": {
                        f.language: f.routines[r.id] for f in files if r.id in f.routines
                    }
                }
            )
            for r in routines
        ],
    )
