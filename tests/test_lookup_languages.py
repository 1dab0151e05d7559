"""Lookup by name in every language the catalogue is translated into, from tables written
as people type (`tests/data/stretch_queries_<language>.csv`): in their own script, without
tone marks or accents, English names in any chat, and chatter that must find nothing.

Targets as for English: at least 95% of the rows naming a stretch find it first, and no
chatter row is ever answered with a stretch.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bot.content.loader import load_catalogue
from bot.domain.matching import StretchMatcher

DATA = Path(__file__).parent / "data"
NAME_TARGET = 0.95
MIN_ROWS = 50
CATALOGUE = load_catalogue()
LANGUAGES = [language for language in CATALOGUE.languages if language != "en"]


def rows(language: str) -> list[tuple[str, str]]:
    path = DATA / f"stretch_queries_{language}.csv"
    with path.open(encoding="utf-8", newline="") as file:
        return [(row["query"], row["expected"]) for row in csv.DictReader(file)]


@pytest.fixture(scope="module")
def matcher() -> StretchMatcher:
    return StretchMatcher(CATALOGUE)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_a_full_table(language: str) -> None:
    table = rows(language)
    assert len(table) >= MIN_ROWS
    assert sum(expected == "none" for _, expected in table) >= 8


@pytest.mark.parametrize("language", LANGUAGES)
def test_names_are_found_first(matcher: StretchMatcher, language: str) -> None:
    named = [(q, e) for q, e in rows(language) if e in CATALOGUE.exercises]
    missed = []
    for query, expected in named:
        result = matcher.lookup(query)
        if result.kind not in ("exact", "one") or result.matches[0].id != expected:
            missed.append((query, expected, result.kind, [m.id for m in result.matches][:3]))
    assert len(missed) <= (1 - NAME_TARGET) * len(named), missed


@pytest.mark.parametrize("language", LANGUAGES)
def test_chatter_is_never_a_stretch(matcher: StretchMatcher, language: str) -> None:
    answered = [
        (query, matcher.lookup(query).kind)
        for query, expected in rows(language)
        if expected == "none" and matcher.lookup(query).kind != "none"
    ]
    assert answered == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_topics_poses_we_lack_and_conditions(matcher: StretchMatcher, language: str) -> None:
    wrong = [
        (query, expected, matcher.lookup(query).kind)
        for query, expected in rows(language)
        if expected in ("several", "topic", "absent", "condition")
        and matcher.lookup(query).kind != expected
    ]
    assert wrong == []
