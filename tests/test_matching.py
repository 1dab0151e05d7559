"""The stretch-name matcher against the way people really type, one row of the table per test.

`tests/data/stretch_queries.csv` holds `query,expected`: an exercise id, `several` (genuinely
ambiguous, e.g. "twist"), `topic` (a body part or situation) or `none` (chatter and names of
stretches the catalogue does not have). Targets: at least 97% of the rows that name a stretch
find it first (today 100%, `KNOWN_MISSES` is empty) and no `none` row ever matches.

How THRESHOLD and MARGIN were chosen (scores are rapidfuzz 0-100, see `rank`): most rows are
settled before any fuzzy score counts, as exact names (after folding) or names with one
misspelt word corrected. Of the rows left to the fuzzy score, the best chatter scored 82.4
("my knee hurts" against "knee hug") and the worst real name 92.1 ("child pose to relax"), so
THRESHOLD = 87 sits in the middle of that gap. Among single answers, the closest runner-up
came 3.5 points behind ("knee to chest for lower back", against "knees-to-chest twist");
the candidates of an ambiguous query spread over 2.5 points at most ("knee"), so MARGIN = 3.
`test_threshold_separates_chatter_from_names` fails if new rows close either gap.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.content.loader import load_catalogue
from bot.domain.catalogue import Catalogue, Exercise, Position
from bot.domain.matching import (
    EXTRA_NAMES,
    MAX_CHOICES,
    NEAREST,
    THRESHOLD,
    LookupResult,
    StretchMatcher,
    fold,
    singular,
)

TABLE = Path(__file__).parent / "data" / "stretch_queries.csv"
ACCURACY_TARGET = 0.97
# Rows naming a stretch that are allowed to miss (reported, not hidden). Empty today.
KNOWN_MISSES: frozenset[str] = frozenset()

TWISTS = {"spinal-twist", "supine-twist", "lower-back-rotation"}
# What each `several` row must offer.
SEVERAL: dict[str, set[str]] = {
    "twist": TWISTS,
    "twists": TWISTS,
    "show me a twist": TWISTS,
    "knee": {"knee-hugs", "knee-to-chest", "knees-together-sway"},
}

Rule = Callable[[Exercise], bool]


def focus(area: str) -> Rule:
    """Exercises whose focus names this area ("back" is in "lower back")."""
    return lambda e: any(area in f.split() or area == f for f in e.focus)


def position(*positions: Position) -> Rule:
    return lambda e: e.position in positions


def in_bed(e: Exercise) -> bool:
    return e.in_bed


def both(first: Rule, second: Rule) -> Rule:
    return lambda e: first(e) and second(e)


LYING = position(Position.ON_BACK, Position.ON_SIDE, Position.ON_STOMACH)
# Exactly which stretches each `topic` row lists, by the catalogue's own fields.
TOPICS: dict[str, Rule] = {
    "in bed": in_bed,
    "what can i do in bed": in_bed,
    "bedtime stretches": in_bed,
    "lying down": LYING,
    "stretches i can do lying down": LYING,
    "hips": focus("hips"),
    "stretches for my hips": focus("hips"),
    "hip stretches": focus("hips"),
    "hips in bed": both(focus("hips"), in_bed),
    "lower back": focus("lower back"),
    "something for lower back": focus("lower back"),
    "lower back stretches": focus("lower back"),
    "something gentle for my lower back": focus("lower back"),
    "hips and lower back": both(focus("hips"), focus("lower back")),
    "back": focus("back"),
    "upper back": focus("upper back"),
    "breathing": focus("breathing"),
    "neck": focus("neck"),
    "my neck": focus("neck"),
    "stiff neck": focus("neck"),
    "spine": focus("spine"),
    "glutes": focus("glutes"),
    "core": focus("core"),
    "legs": focus("legs"),
    "tight hamstrings": focus("hamstrings"),
    "sitting at my desk": position(Position.SITTING),
    "what can i do sitting in a chair": position(Position.SITTING),
    "on my back": position(Position.ON_BACK),
    "on my side": position(Position.ON_SIDE),
    "lying on my stomach": position(Position.ON_STOMACH),
    "face down": position(Position.ON_STOMACH),
    "hands and knees": position(Position.ALL_FOURS),
    "stretches on all fours": position(Position.ALL_FOURS),
    "kneeling": position(Position.KNEELING),
    "standing": position(Position.STANDING),
}


def read_table() -> list[tuple[str, str]]:
    with TABLE.open(encoding="utf-8", newline="") as handle:
        return [(row["query"], row["expected"]) for row in csv.DictReader(handle)]


ROWS = read_table()
NAME_ROWS = [(q, e) for q, e in ROWS if e not in ("none", "several", "topic")]


CATALOGUE = load_catalogue()
MATCHER = StretchMatcher(CATALOGUE)


@pytest.fixture
def catalogue() -> Catalogue:
    return CATALOGUE


@pytest.fixture
def matcher() -> StretchMatcher:
    return MATCHER


def ids(result: LookupResult) -> list[str]:
    return [exercise.id for exercise in result.matches]


def finds(result: LookupResult, expected: str) -> bool:
    return result.kind in ("exact", "one") and ids(result) == [expected]


def test_the_table_is_big_and_varied_enough(catalogue: Catalogue) -> None:
    expected = [e for _, e in ROWS]
    assert len(ROWS) >= 150
    assert expected.count("none") >= 25
    assert {e for _, e in NAME_ROWS} == set(catalogue.exercises), "every stretch is asked for"
    assert len({q for q, _ in ROWS}) == len(ROWS), "no duplicate queries"


@pytest.mark.parametrize(("query", "expected"), NAME_ROWS)
def test_a_name_finds_its_stretch(matcher: StretchMatcher, query: str, expected: str) -> None:
    if query in KNOWN_MISSES:
        pytest.xfail("known miss, listed in KNOWN_MISSES")
    result = matcher.lookup(query)
    assert finds(result, expected), (result.kind, ids(result))


@pytest.mark.parametrize("query", [q for q, e in ROWS if e == "none"])
def test_chatter_is_never_a_stretch(matcher: StretchMatcher, query: str) -> None:
    result = matcher.lookup(query)
    assert result.kind == "none", ids(result)
    assert len(result.matches) == NEAREST, "the nearest three, for a hint"


@pytest.mark.parametrize("query", [q for q, e in ROWS if e == "several"])
def test_an_ambiguous_name_offers_the_candidates(matcher: StretchMatcher, query: str) -> None:
    assert query in SEVERAL, "say in SEVERAL which stretches this row must offer"
    result = matcher.lookup(query)
    assert result.kind == "several"
    assert SEVERAL[query] <= set(ids(result))
    assert len(result.matches) <= MAX_CHOICES


@pytest.mark.parametrize("query", [q for q, e in ROWS if e == "topic"])
def test_a_topic_lists_the_stretches_that_fit(
    matcher: StretchMatcher, catalogue: Catalogue, query: str
) -> None:
    assert query in TOPICS, "say in TOPICS which stretches this row must list"
    result = matcher.lookup(query)
    assert result.kind == "topic"
    wanted = {e.id for e in catalogue.exercises.values() if TOPICS[query](e)}
    assert wanted, "a topic row should select something"
    assert set(ids(result)) == wanted


def test_accuracy_targets(matcher: StretchMatcher) -> None:
    """The aggregate the issue asks for; the misses are listed when it fails."""
    misses = [q for q, e in NAME_ROWS if not finds(matcher.lookup(q), e)]
    accuracy = 1 - len(misses) / len(NAME_ROWS)
    assert accuracy >= ACCURACY_TARGET, misses
    assert set(misses) <= KNOWN_MISSES, misses
    false_matches = [q for q, e in ROWS if e == "none" and matcher.lookup(q).kind != "none"]
    assert false_matches == []


def test_threshold_separates_chatter_from_names(matcher: StretchMatcher) -> None:
    """Keeps the documented choice of THRESHOLD true as the table grows."""
    chatter = max(matcher.rank(q)[0].score for q, e in ROWS if e == "none")
    named = [(matcher.lookup(q), q) for q, _ in NAME_ROWS]
    fuzzy = min(matcher.rank(q)[0].score for result, q in named if result.kind == "one")
    assert chatter < THRESHOLD <= fuzzy
    assert fuzzy - chatter >= 5, "the gap the threshold sits in has become thin"


def test_the_issue_examples(matcher: StretchMatcher) -> None:
    assert finds(matcher.lookup("show me the pigeon stretch please"), "pigeon")
    assert finds(matcher.lookup("chlid pose"), "childs-pose")
    assert "pigeon" in ids(matcher.lookup("hips"))
    assert set(ids(matcher.lookup("twist"))) >= TWISTS


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Śavāsana", "corpse-pose"),
        ("ŚAVĀSANA", "corpse-pose"),
        ("Bhujangāsana", "baby-cobra"),
        ("PIGEON", "pigeon"),
        ("pIgEoN pOsE", "pigeon"),
        ("cat-cow!!!", "cat-cow"),
        ("child\u2019s pose", "childs-pose"),
        ("  legs   up the wall.  ", "legs-up-the-wall"),
        ("cow cat", "cat-cow"),
        ("wall the up legs", "legs-up-the-wall"),
        ("chest to knee", "knee-to-chest"),
    ],
)
def test_diacritics_case_punctuation_and_order(
    matcher: StretchMatcher, query: str, expected: str
) -> None:
    assert finds(matcher.lookup(query), expected)


def test_every_catalogue_name_and_alias_is_an_exact_match(
    matcher: StretchMatcher, catalogue: Catalogue
) -> None:
    for exercise in catalogue.exercises.values():
        for name in (exercise.name, *exercise.aliases):
            result = matcher.lookup(name)
            assert (result.kind, result.matches) == ("exact", [exercise]), name


def test_extra_names_are_known_stretches_not_yet_in_the_content(catalogue: Catalogue) -> None:
    """Once an extra name moves into content/ it should leave EXTRA_NAMES."""
    content_names = {
        " ".join(fold(n)) for e in catalogue.exercises.values() for n in (e.name, *e.aliases)
    }
    for name, exercise_id in EXTRA_NAMES.items():
        assert exercise_id in catalogue.exercises
        assert " ".join(fold(name)) not in content_names, name


def test_nothing_close_gives_the_nearest_three(matcher: StretchMatcher) -> None:
    for query in ["zzqqxx", "", "   ", "?!"]:
        result = matcher.lookup(query)
        assert result.kind == "none"
        assert len(result.matches) == NEAREST == len(set(ids(result)))


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("knees", "knee"),
        ("hugs", "hug"),
        ("stretches", "stretch"),
        ("hips", "hip"),
        ("bodies", "body"),
        ("psoas", "psoas"),
        ("press", "press"),
        ("feet", "foot"),
        ("abs", "abs"),
    ],
)
def test_plural_folding(word: str, expected: str) -> None:
    assert singular(word) == expected


def test_fold() -> None:
    assert fold("Child’s Pose") == fold("childs-pose") == ["child", "pose"]
    assert fold("Śavāsana!") == ["savasana"]
    assert fold("Cat/Cow") == ["cat", "cow"]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_any_text_gets_a_well_formed_answer(text: str) -> None:
    result = MATCHER.lookup(text)
    count = len(result.matches)
    if result.kind in ("exact", "one"):
        assert count == 1
    elif result.kind == "several":
        assert 2 <= count <= MAX_CHOICES
    elif result.kind == "none":
        assert count == NEAREST
    else:
        assert count >= 1
    assert len(set(ids(result))) == count


@settings(max_examples=100, deadline=None)
@given(st.sampled_from([q for q, _ in NAME_ROWS]), st.sampled_from(["", "!", "?", " please"]))
def test_case_and_trailing_noise_do_not_change_the_answer(query: str, noise: str) -> None:
    plain = MATCHER.lookup(query)
    noisy = MATCHER.lookup(query.upper() + noise)
    assert ids(noisy) == ids(plain)
