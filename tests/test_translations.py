"""The catalogue in other languages: what English callers see is unchanged, every language
says everything English says with the same timing, and a broken translation file is named
by `stretchbot content check` with its file and field."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.content.loader import DEFAULT_CONTENT_DIR, ContentError, load_catalogue
from bot.domain.catalogue import LANGUAGES, Catalogue

EN_LOCALE = Path(__file__).parents[1] / "bot" / "telegram" / "views" / "locales" / "en.yaml"
CATALOGUE = load_catalogue()
TRANSLATED = [language for language in CATALOGUE.languages if language != "en"]


def test_the_catalogue_knows_which_languages_it_speaks() -> None:
    assert CATALOGUE.languages[0] == "en"
    assert set(CATALOGUE.languages) <= set(LANGUAGES)
    assert TRANSLATED, "at least one translation ships"


def test_english_callers_see_english() -> None:
    child = CATALOGUE.exercises["childs-pose"]
    assert child.name == "Child's pose"
    assert child.in_language("en") is child
    assert CATALOGUE.find_exact("child's pose") is child


@pytest.mark.parametrize("language", TRANSLATED)
def test_each_language_keeps_the_timing_and_the_shape(language: str) -> None:
    for exercise in CATALOGUE.exercises.values():
        local = exercise.in_language(language)
        assert local.timing == exercise.timing
        assert (local.position, local.in_bed, local.focus) == (
            exercise.position,
            exercise.in_bed,
            exercise.focus,
        )
        assert len(local.steps) == len(exercise.steps)
        assert len(local.cautions) == len(exercise.cautions)
        assert local.name != exercise.name
    for routine in CATALOGUE.routines.values():
        local_routine = routine.in_language(language)
        assert local_routine.exercises == routine.exercises
        assert local_routine.description != routine.description


@pytest.mark.parametrize("language", TRANSLATED)
def test_lookup_by_a_translated_name_finds_the_exercise(language: str) -> None:
    for exercise in CATALOGUE.exercises.values():
        assert CATALOGUE.find_exact(exercise.in_language(language).name) is exercise


@pytest.mark.parametrize("language", TRANSLATED)
def test_safety_words_say_all_the_english_ones_do(language: str) -> None:
    english = yaml.safe_load(EN_LOCALE.read_text(encoding="utf-8"))["safety"]
    ours = CATALOGUE.safety[language]
    for field in ("short", "full", "card_footer"):
        theirs, mine = english[field], getattr(ours, field)
        assert re.findall(r"</?\w+>", mine) == re.findall(r"</?\w+>", theirs), field
        assert mine.count("/safety") == theirs.count("/safety"), field
    # Every red flag is there: one bullet for each English one, in the same sections.
    assert [len(part.split("•")) for part in ours.full.split("\n\n")] == [
        len(part.split("•")) for part in english["full"].split("\n\n")
    ]


def _drop_exercise(data: dict[str, Any]) -> None:
    del data["exercises"]["bridge"]


def _extra_exercise(data: dict[str, Any]) -> None:
    data["exercises"]["moonwalk"] = data["exercises"]["bridge"]


def _drop_step(data: dict[str, Any]) -> None:
    data["exercises"]["pigeon"]["steps"].pop()


def _lose_a_number(data: dict[str, Any]) -> None:
    steps = data["exercises"]["bridge"]["steps"]
    steps[4] = re.sub(r"\d+", "", steps[4])


def _placeholder(data: dict[str, Any]) -> None:
    data["exercises"]["squat"]["summary"] = "TODO"


def _left_in_english(data: dict[str, Any]) -> None:
    data["exercises"]["squat"]["cautions"][1] = "Skip it if it strains your knees."


def _broken_entity(data: dict[str, Any]) -> None:
    data["safety"]["short"] += " &nbsp"


def _unclosed_tag(data: dict[str, Any]) -> None:
    data["safety"]["card_footer"] = "<i>" + data["safety"]["card_footer"].replace("</i>", "")


def _drop_routine(data: dict[str, Any]) -> None:
    del data["routines"]["bedtime"]


@pytest.mark.parametrize(
    ("corrupt", "field"),
    [
        (_drop_exercise, "exercises.bridge: missing"),
        (_extra_exercise, "exercises.moonwalk: no such id"),
        (_drop_step, "exercises.pigeon.steps: 4 where English has 5"),
        (_lose_a_number, "exercises.bridge.steps.4: lost the number(s) 15, 3"),
        (_placeholder, "exercises.squat.summary: a placeholder"),
        (_left_in_english, "exercises.squat.cautions.1: still the English text"),
        (_broken_entity, "safety.short: broken HTML entity"),
        (_unclosed_tag, "safety.card_footer: <i> is never closed"),
        (_drop_routine, "routines.bedtime: missing"),
    ],
)
def test_a_broken_translation_is_named_with_file_and_field(
    tmp_path: Path, corrupt: Callable[[dict[str, Any]], None], field: str
) -> None:
    content = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, content)
    path = content / "translations" / f"{TRANSLATED[0]}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    corrupt(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    with pytest.raises(ContentError) as caught:
        load_catalogue(content)

    assert any(problem.startswith(f"{path}: {field}") for problem in caught.value.problems), (
        caught.value.problems
    )


def test_a_file_for_a_language_the_bot_does_not_speak_is_refused(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, content)
    source = content / "translations" / f"{TRANSLATED[0]}.yaml"
    shutil.copy(source, content / "translations" / "fr.yaml")
    with pytest.raises(ContentError, match=r"fr\.yaml: language"):
        load_catalogue(content)


def test_without_translations_the_catalogue_is_english_only(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, content)
    shutil.rmtree(content / "translations")
    catalogue: Catalogue = load_catalogue(content)
    assert catalogue.languages == ("en",)
    assert catalogue.exercises["bridge"].in_language("vi").name == "Bridge"
