"""The stretch matcher against the way people really type, one row of the table per test.

`tests/data/stretch_queries.csv` holds `query,expected,style`: `expected` is an exercise id,
`several` (genuinely ambiguous, e.g. "twist"), `topic` (a body part or situation), `absent`
(a well-known pose the catalogue lacks), `condition` (a back condition or health matter) or
`none` (chatter). Rows naming a stretch are `name` rows, or `description` rows when they
describe it instead ("lift my bum off the bed"). Targets: at least 95% of the name rows and
85% of the description rows find their stretch first, and no chatter row is ever a stretch.

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
from bot.domain.catalogue import GENTLEST_ROUTINE, Catalogue, Exercise, Position
from bot.domain.matching import (
    ABSENT_POSES,
    MAX_CHOICES,
    NEAREST,
    THRESHOLD,
    LookupResult,
    StretchMatcher,
    fold,
    singular,
)

TABLE = Path(__file__).parent / "data" / "stretch_queries.csv"
NAME_TARGET = 0.95
DESCRIPTION_TARGET = 0.85
# Rows allowed to miss, reported, not hidden. Names: none today. Descriptions: each of these
# fits two stretches about as well, and the other comes first.
KNOWN_MISSES: frozenset[str] = frozenset()
KNOWN_DESCRIPTION_MISSES: frozenset[str] = frozenset(
    {
        # The cat stretch also sinks the belly and rounds the back, with the breath.
        "belly sinks then round my back up with each breath",
        # The cat stretch is on hands and knees, drawing the belly in as you breathe out.
        "hands on my knees drawing them to my stomach as I breathe out",
        # Deep spine relaxation also lies face up with a pillow, and breathes.
        "lie face up with a pillow under my head and breathe slowly",
    }
)

TWISTS = {"spinal-twist", "supine-twist", "lower-back-rotation"}
# What each `several` row must offer.
SEVERAL: dict[str, set[str]] = {
    "twist": TWISTS,
    "twists": TWISTS,
    "show me a twist": TWISTS,
    "knee": {"knee-hugs", "knee-to-chest", "knees-together-sway"},
    # Knee hugs only once its plural is folded; "Single-leg knee hug" says it word for word.
    "knee hug": {"knee-hugs", "single-leg-knee-hug"},
    # "cat" is said for both; the issue asks to offer cat-cow as well as the cat stretch.
    "cat": {"cat-stretch", "cat-cow"},
    "Chakravakasana": {"cat-cow", "cat-stretch"},
}
# What each `absent` row must say it lacks, and the closest stretches it must offer.
ABSENT: dict[str, tuple[str, set[str]]] = {
    "happy baby": ("Happy baby", {"knee-hugs", "wind-relieving-pose", "reclined-butterfly"}),
    "Ananda Balasana": ("Happy baby", {"knee-hugs", "wind-relieving-pose"}),
    "happy baby pose": ("Happy baby", {"knee-hugs"}),
    "can you show me happy baby": ("Happy baby", {"knee-hugs"}),
    "downward dog": ("Downward dog", {"childs-pose"}),
    "downward facing dog": ("Downward dog", {"childs-pose"}),
    "plank": ("Plank", {"bird-dog"}),
    "sun salutation": ("Sun salutation", {"cat-cow"}),
    "dead bug": ("Dead bug", {"bird-dog"}),
    "sphinx pose": ("Sphinx", {"baby-cobra"}),
}
# Which condition each `condition` row names, and whether the gentlest routine comes with it.
CONDITION: dict[str, tuple[str, bool]] = {
    "sciatica": ("sciatica", True),
    "I have sciatica": ("sciatica", True),
    "slipped disc": ("disc", True),
    "stretches for a slipped disc": ("disc", True),
    "herniated disk in my lower back": ("disc", True),
    "is it ok to stretch with a herniated disc": ("disc", True),
    "osteoporosis": ("osteoporosis", True),
    "is this safe when pregnant": ("pregnancy", False),
    "I had back surgery last month": ("surgery", False),
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
    "hamstrings": focus("hamstrings"),
    "stretches for hamstrings": focus("hamstrings"),
    "upper back stretches": focus("upper back"),
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


def read_table() -> list[tuple[str, str, str]]:
    with TABLE.open(encoding="utf-8", newline="") as handle:
        return [(row["query"], row["expected"], row["style"]) for row in csv.DictReader(handle)]


KINDS = ("none", "several", "topic", "absent", "condition")
TABLE_ROWS = read_table()
ROWS = [(q, e) for q, e, _ in TABLE_ROWS]
NAME_ROWS = [(q, e) for q, e, style in TABLE_ROWS if e not in KINDS and style != "description"]
DESCRIPTION_ROWS = [(q, e) for q, e, style in TABLE_ROWS if style == "description"]


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


def finds_first(result: LookupResult, expected: str) -> bool:
    """A description's stretch comes first: shown alone, or first of a short choice."""
    return result.kind in ("exact", "one", "several") and ids(result)[:1] == [expected]


def test_the_table_is_big_and_varied_enough(catalogue: Catalogue) -> None:
    expected = [e for _, e in ROWS]
    assert len(ROWS) >= 150
    assert expected.count("none") >= 25
    assert len(DESCRIPTION_ROWS) >= 60
    assert {e for _, e in NAME_ROWS} == set(catalogue.exercises), "every stretch is asked for"
    assert {e for _, e in DESCRIPTION_ROWS} == set(catalogue.exercises), "and described"
    assert len({q for q, _ in ROWS}) == len(ROWS), "no duplicate queries"
    assert all(style in ("", "description") for _, _, style in TABLE_ROWS)


@pytest.mark.parametrize(("query", "expected"), NAME_ROWS)
def test_a_name_finds_its_stretch(matcher: StretchMatcher, query: str, expected: str) -> None:
    if query in KNOWN_MISSES:
        pytest.xfail("known miss, listed in KNOWN_MISSES")
    result = matcher.lookup(query)
    assert finds(result, expected), (result.kind, ids(result))


@pytest.mark.parametrize(("query", "expected"), DESCRIPTION_ROWS)
def test_a_description_finds_its_stretch(
    matcher: StretchMatcher, query: str, expected: str
) -> None:
    if query in KNOWN_DESCRIPTION_MISSES:
        pytest.xfail("known miss, listed in KNOWN_DESCRIPTION_MISSES")
    result = matcher.lookup(query)
    assert finds_first(result, expected), (result.kind, ids(result))


@pytest.mark.parametrize("query", [q for q, e in ROWS if e == "none"])
def test_chatter_is_never_a_stretch(matcher: StretchMatcher, query: str) -> None:
    result = matcher.lookup(query)
    assert result.kind == "none", ids(result)
    assert len(result.matches) == NEAREST, "the nearest three, for a hint"


@pytest.mark.parametrize("query", [q for q, e in ROWS if e == "absent"])
def test_a_pose_we_lack_says_so_and_offers_the_closest(
    matcher: StretchMatcher, query: str
) -> None:
    assert query in ABSENT, "say in ABSENT what this row must offer"
    pose, offered = ABSENT[query]
    result = matcher.lookup(query)
    assert (result.kind, result.pose) == ("absent", pose)
    assert offered <= set(ids(result))
    assert 1 <= len(result.matches) <= NEAREST


@pytest.mark.parametrize("query", [q for q, e in ROWS if e == "condition"])
def test_a_condition_gets_safety_and_the_gentlest_routine_not_a_stretch(
    matcher: StretchMatcher, query: str
) -> None:
    assert query in CONDITION, "say in CONDITION which condition this row names"
    condition, with_routine = CONDITION[query]
    result = matcher.lookup(query)
    assert (result.kind, result.condition) == ("condition", condition)
    assert result.matches == [], "no stretch is offered as a treatment"
    if with_routine:
        assert result.routine is not None and result.routine.id == GENTLEST_ROUTINE
    else:
        assert result.routine is None, "ask a professional first, no routine"


def test_every_absent_pose_offers_stretches_that_exist(catalogue: Catalogue) -> None:
    for pose in ABSENT_POSES:
        assert set(pose.closest) <= set(catalogue.exercises), pose.name
        for name in pose.names:
            assert catalogue.find_exact(name) is None, f"{name} is in the catalogue now"


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
    """The aggregates the issue asks for; the misses are listed when it fails."""
    misses = [q for q, e in NAME_ROWS if not finds(matcher.lookup(q), e)]
    assert 1 - len(misses) / len(NAME_ROWS) >= NAME_TARGET, misses
    assert set(misses) <= KNOWN_MISSES, misses
    described = [q for q, e in DESCRIPTION_ROWS if not finds_first(matcher.lookup(q), e)]
    assert 1 - len(described) / len(DESCRIPTION_ROWS) >= DESCRIPTION_TARGET, described
    assert set(described) <= KNOWN_DESCRIPTION_MISSES, described
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
    # Described, not named.
    assert finds(matcher.lookup("lift my bum off the bed"), "gentle-bridge")
    assert finds(
        matcher.lookup("the one with the soles of my feet together"), "reclined-butterfly"
    )
    assert finds(matcher.lookup("towel under my back"), "deep-spine-relaxation")
    assert finds(matcher.lookup("leg raises lying on my side"), "side-lying-leg-lift")
    assert finds_first(matcher.lookup("on hands and knees arching my back"), "cat-stretch")
    assert finds(
        matcher.lookup("lying on my back rocking my knees side to side"), "knees-together-sway"
    )
    # Both knees, not the one-knee stretch; the bridge, not the leg lift.
    assert finds(matcher.lookup("knees to chest"), "wind-relieving-pose")
    assert finds(matcher.lookup("knee to chest"), "knee-to-chest")
    assert finds(matcher.lookup("hip lift"), "bridge")
    # Chatter stays chatter.
    for chatter in ["thanks", "my back hurts", "what time is it"]:
        assert matcher.lookup(chatter).kind == "none", chatter
    assert matcher.lookup("hamstrings").kind == "topic"


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
    elif result.kind == "condition":
        assert count == 0 and result.condition is not None
    elif result.kind == "absent":
        assert 1 <= count <= NEAREST and result.pose
    else:
        assert count >= 1
    assert len(set(ids(result))) == count


@settings(max_examples=100, deadline=None)
@given(st.sampled_from([q for q, _ in NAME_ROWS]), st.sampled_from(["", "!", "?", " please"]))
def test_case_and_trailing_noise_do_not_change_the_answer(query: str, noise: str) -> None:
    plain = MATCHER.lookup(query)
    noisy = MATCHER.lookup(query.upper() + noise)
    assert ids(noisy) == ids(plain)
