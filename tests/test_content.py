"""The shipped catalogue in `content/`: it loads, hangs together and keeps the sources' timings.

The timing table is the contract with the source articles: if a file drifts from what its
article says (a hold, a breath count, reps, sides, sets, rest), a row here fails.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.content.loader import DEFAULT_CONTENT_DIR, ContentError, load_catalogue
from bot.domain.catalogue import (
    GENTLEST_ROUTINE,
    Breaths,
    Catalogue,
    Duration,
    Exercise,
    Hold,
    Part,
    Position,
    Range,
    Reps,
    Sides,
)

EXERCISE_FILES = sorted((DEFAULT_CONTENT_DIR / "exercises").glob("*.yaml"))
ROUTINE_FILES = sorted((DEFAULT_CONTENT_DIR / "routines").glob("*.yaml"))

SOURCES = {
    "4 Back Pain Relief Exercises That Help You Sleep Well Until Morning",
    "Stretching While Lying Down Can Relieve Back Pain",
    "Sore Back Muscle Relief: Strengthen Back Muscles and Reduce Pain",
    "Exercises To Relieve Lower Back Pain",
    "Bedtime Stretches To Relieve Lower Back Pain",
}
LYING = {Position.ON_BACK, Position.ON_SIDE, Position.ON_STOMACH}


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def test_every_content_file_loads(catalogue: Catalogue) -> None:
    assert len(EXERCISE_FILES) >= 20
    assert {path.stem for path in EXERCISE_FILES} == set(catalogue.exercises)
    assert {path.stem for path in ROUTINE_FILES} == set(catalogue.routines)


def test_every_routine_references_existing_exercises(catalogue: Catalogue) -> None:
    for routine in catalogue.routines.values():
        missing = [i for i in routine.exercises if i not in catalogue.exercises]
        assert not missing, f"{routine.id}: {missing}"


def test_every_exercise_is_in_its_source_routine(catalogue: Catalogue) -> None:
    by_source = {r.source: r for r in catalogue.routines.values() if r.source is not None}
    assert set(by_source) == SOURCES
    for exercise in catalogue.exercises.values():
        assert exercise.source in SOURCES, exercise.id
        assert exercise.id in by_source[exercise.source].exercises, exercise.id
    for routine in by_source.values():
        sources = {catalogue.exercises[i].source for i in routine.exercises}
        assert sources == {routine.source}, routine.id


def test_bedtime_routine_is_lying_in_bed_only(catalogue: Catalogue) -> None:
    bedtime = catalogue.routines["bedtime"]
    for exercise in catalogue.routine_exercises(bedtime):
        assert exercise.in_bed, exercise.id
        assert exercise.position in LYING, exercise.id
    assert bedtime.exercises[-1] == "corpse-pose"


def test_bedtime_routine_lasts_about_ten_minutes(catalogue: Catalogue) -> None:
    seconds = sum(
        _estimate_seconds(e) for e in catalogue.routine_exercises(catalogue.routines["bedtime"])
    )
    assert 8 * 60 <= seconds <= 11 * 60


def test_cards_are_short_enough_to_follow_half_asleep(catalogue: Catalogue) -> None:
    for exercise in catalogue.exercises.values():
        assert 3 <= len(exercise.steps) <= 7, exercise.id
        for text in (*exercise.steps, *exercise.cautions, exercise.summary):
            assert len(text) <= 160, f"{exercise.id}: {text}"


def test_in_bed_matches_position(catalogue: Catalogue) -> None:
    for exercise in catalogue.exercises.values():
        if exercise.position in {Position.SITTING, Position.STANDING}:
            assert not exercise.in_bed, exercise.id


# What each source article says, written as `describe()` renders a timing part.
SOURCE_TIMINGS: dict[str, list[str]] = {
    # 4 back pain relief exercises that help you sleep well until morning
    "wind-relieving-pose": ["8-10 reps on exhale", "about 60s in all"],
    "legs-up-the-wall": ["hold 60-120s"],
    "deep-spine-relaxation": [
        "On your back over rolled towels: 60s",
        "On your stomach, forehead on a pillow: 60s",
    ],
    "corpse-pose": ["20 lengthening breaths"],
    # Stretching while lying down: 20 left - 20 right, at least three times.
    "single-leg-knee-hug": ["20 reps on exhale, left_then_right, 3+ sets"],
    # Back pain clinic
    "rib-pelvis-breathing": ["3-4 breaths, 5-10 sets"],
    "baby-cobra": ["several reps on inhale"],
    "bird-dog": ["3-5 breaths, right_then_left"],
    "cat-cow": ["several reps on both"],  # dip on the in-breath, round on the out-breath
    "psoas-lunge": ["3-5 breaths, left_then_right"],
    "squat": ["3-5 breaths"],
    "supine-twist": ["hold 30s, right_then_left"],
    # Exercises to relieve lower back pain
    "bridge": ["15 reps on exhale, 3 sets, rest 60s"],
    "knee-to-chest": ["2-3 reps holding 5s, right_then_left"],
    "lower-back-rotation": ["hold 5-10s, left_then_right"],
    # Lying on the left side first (the top, right leg lifts), all three rounds, then over.
    "side-lying-leg-lift": ["10 reps holding 2s, left_then_right, 3 sets per side"],
    "cat-stretch": ["3-5 reps on exhale", "2 times a day"],
    # Bedtime stretches to relieve lower back pain
    "knee-hugs": ["Right knee: hold 10s", "Left knee: hold 10s", "Both knees: hold 10s"],
    "thread-the-needle": ["hold 10s, right_then_left"],
    "gentle-bridge": ["as many as comfortable reps holding 5s"],
    "knees-together-sway": ["2-3 breaths, left_then_right"],
    "reclined-butterfly": ["3-5 breaths, as many as comfortable sets"],
    "childs-pose": ["10 breaths, as many as comfortable sets"],
    "pigeon": ["hold 20+s, right_then_left"],
    "spinal-twist": ["20+ breaths, right_then_left"],
}


def test_timing_table_covers_every_exercise(catalogue: Catalogue) -> None:
    assert set(SOURCE_TIMINGS) == set(catalogue.exercises)


@pytest.mark.parametrize(("exercise_id", "expected"), sorted(SOURCE_TIMINGS.items()))
def test_timings_match_the_sources(
    catalogue: Catalogue, exercise_id: str, expected: list[str]
) -> None:
    exercise = catalogue.exercises[exercise_id]
    timing = exercise.timing
    described = [describe(part) for part in timing.parts]
    if timing.about_seconds is not None:
        described.append(f"about {_range(timing.about_seconds)}s in all")
    if timing.times_a_day is not None:
        described.append(f"{timing.times_a_day} times a day")
    assert described == expected


def test_at_least_keeps_a_sensible_ceiling(catalogue: Catalogue) -> None:
    hug_sets = catalogue.exercises["single-leg-knee-hug"].timing.parts[0].sets
    assert (hug_sets.low, hug_sets.default, hug_sets.at_least) == (3, 3, True)
    pigeon_hold = catalogue.exercises["pigeon"].timing.parts[0].work
    assert isinstance(pigeon_hold, Hold)
    assert pigeon_hold.seconds.low == 20 <= pigeon_hold.seconds.default <= 60


@pytest.mark.parametrize(
    ("name", "exercise_id"),
    [
        ("Pawanmuktasana", "wind-relieving-pose"),
        ("Shavasana", "corpse-pose"),
        ("savasana", "corpse-pose"),
        ("cat/cow", "cat-cow"),
        ("bird hound", "bird-dog"),  # the source's own word for it, and a name people use
        ("Cat stretches", "cat-stretch"),
        ("Psoas major lunge", "psoas-lunge"),
        ("The squat", "squat"),
        ("Knee-to-chest Stretches", "knee-to-chest"),
        ("Lower Back Rotational Stretches", "lower-back-rotation"),
        ("Lying Lateral Leg Lifts", "side-lying-leg-lift"),
        ("Child’s pose", "childs-pose"),
        ("balasana", "childs-pose"),
        ("lying leg hug", "single-leg-knee-hug"),
    ],
)
def test_source_names_resolve(catalogue: Catalogue, name: str, exercise_id: str) -> None:
    found = catalogue.find_exact(name)
    assert found is not None, name
    assert found.id == exercise_id


# Headings and phrases from the (machine-translated) sources that are not names anyone types.
NOT_NAMES = [
    "Impact on the deep muscles of the spine",
    "Hang your feet on the wall",
    "Bottoms of the feet together",
    "Breathing posture",
    "Reverse",
    "arch bridge pier",
    "posture of dead body",
    "dead body posture",
    "leg hugging exercise",
]


def test_source_headings_are_not_aliases(catalogue: Catalogue) -> None:
    for heading in NOT_NAMES:
        assert catalogue.find_exact(heading) is None, heading


@pytest.mark.parametrize(
    ("name", "exercise_id"),
    [
        ("Anjaneyasana", "psoas-lunge"),
        ("Jathara Parivartanasana", "spinal-twist"),
        ("balancing table", "bird-dog"),
        ("Dandayamana Bharmanasana", "bird-dog"),
        ("lower trunk rotation", "lower-back-rotation"),
        ("trunk rotation", "lower-back-rotation"),
        ("knee rolls", "lower-back-rotation"),
        ("knee drops", "lower-back-rotation"),
        ("hip abduction", "side-lying-leg-lift"),
        ("side-lying hip abduction", "side-lying-leg-lift"),
        ("hip lift", "bridge"),
        ("hip raise", "bridge"),
        ("pelvic lift", "bridge"),
        ("knees to chest", "wind-relieving-pose"),
        ("double knee to chest", "wind-relieving-pose"),
        ("knee to chest", "knee-to-chest"),
    ],
)
def test_names_people_use(catalogue: Catalogue, name: str, exercise_id: str) -> None:
    found = catalogue.find_exact(name)
    assert found is not None and found.id == exercise_id, name


# Cautions the sources leave out but a careful physiotherapist gives, one wording each.
PREGNANT_ON_BACK = (
    "If you're pregnant: later on, don't lie flat on your back for long; prop yourself up on "
    "pillows or lie on your side instead."
)
PREGNANT_TWIST = "If you're pregnant, skip deep twists; a small, easy turn is plenty."
BONES_BEND = (
    "If you have osteoporosis, don't pull hard or curl your back tightly; a small, easy bend "
    "is plenty."
)
BONES_TWIST = "If you have osteoporosis, skip deep twists; a small, easy turn is plenty."
SURGERY = "If you've had spine or hip surgery recently, ask your surgeon before trying this one."
TWISTS = {"spinal-twist", "supine-twist", "lower-back-rotation"}
# Several minutes lying on the back without a break.
LONG_ON_BACK = {
    "corpse-pose",
    "legs-up-the-wall",
    "reclined-butterfly",
    "single-leg-knee-hug",
    "spinal-twist",
}
# Rounding the back, or pulling the knees in, with some force.
BENDS = {
    "cat-cow",
    "cat-stretch",
    "childs-pose",
    "knee-hugs",
    "knee-to-chest",
    "single-leg-knee-hug",
    "pigeon",
}
# Everything that moves the spine or the hips more than a breath does.
STILL = {"corpse-pose", "rib-pelvis-breathing"}


def test_cautions_for_pregnancy_osteoporosis_and_surgery(catalogue: Catalogue) -> None:
    for exercise in catalogue.exercises.values():
        cautions = set(exercise.cautions)
        expected = {
            PREGNANT_ON_BACK: exercise.id in LONG_ON_BACK,
            PREGNANT_TWIST: exercise.id in TWISTS,
            BONES_BEND: exercise.id in BENDS,
            BONES_TWIST: exercise.id in TWISTS,
            SURGERY: exercise.id not in STILL,
        }
        for caution, wanted in expected.items():
            assert (caution in cautions) is wanted, (exercise.id, caution)
        others = [c for c in exercise.cautions if c not in expected]
        for caution in others:  # the same few words, never a variant of them
            assert not any(w in caution for w in ("pregnan", "osteopor", "surgery")), caution


def test_routines_say_what_they_are_for(catalogue: Catalogue) -> None:
    for routine in catalogue.routines.values():
        assert routine.description.startswith("For "), routine.id
        assert "article" not in routine.description, routine.id
    assert catalogue.routines[GENTLEST_ROUTINE].exercises
    for exercise in catalogue.routine_exercises(catalogue.routines[GENTLEST_ROUTINE]):
        assert exercise.id not in TWISTS and exercise.in_bed, exercise.id


def _set_hold(data: dict[str, Any]) -> None:
    data["timing"]["parts"][0]["work"]["hold_seconds"] = -5


def _misspell_summary(data: dict[str, Any]) -> None:
    data["sumary"] = data.pop("summary")


def _bad_position(data: dict[str, Any]) -> None:
    data["position"] = "upside_down"


def _steal_alias(data: dict[str, Any]) -> None:
    data["aliases"].append("Bird dog pose")


def _unknown_exercise(data: dict[str, Any]) -> None:
    data["exercises"].append("no-such-stretch")


@pytest.mark.parametrize(
    ("relative", "corrupt", "field"),
    [
        ("exercises/knee-to-chest.yaml", _set_hold, "timing.parts.0.work.reps.hold_seconds"),
        ("exercises/bridge.yaml", _misspell_summary, "sumary"),
        ("exercises/pigeon.yaml", _bad_position, "position"),
        ("exercises/cat-cow.yaml", _steal_alias, "aliases"),
        ("routines/bedtime.yaml", _unknown_exercise, "exercises.7"),
    ],
)
def test_broken_file_is_reported_with_file_and_field(
    tmp_path: Path,
    relative: str,
    corrupt: Callable[[dict[str, Any]], None],
    field: str,
) -> None:
    content = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, content)
    path = content / relative
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    corrupt(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")

    with pytest.raises(ContentError) as caught:
        load_catalogue(content)

    assert any(problem.startswith(f"{path}: {field}") for problem in caught.value.problems), (
        caught.value.problems
    )


def test_broken_yaml_names_the_file(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, content)
    path = content / "exercises" / "squat.yaml"
    path.write_text("id: squat\nname: [unclosed\n", encoding="utf-8")

    with pytest.raises(ContentError, match=r"squat\.yaml: not valid YAML"):
        load_catalogue(content)


def describe(part: Part) -> str:
    """Render a timing part compactly, e.g. "20 reps on exhale, left_then_right, 3+ sets"."""
    work = part.work
    if isinstance(work, Hold):
        text = f"hold {_range(work.seconds)}s"
    elif isinstance(work, Breaths):
        text = f"{_range(work.count)} {'lengthening ' if work.lengthening else ''}breaths"
    elif isinstance(work, Reps):
        if work.hold_seconds is not None:
            text = f"{_range(work.count)} reps holding {_range(work.hold_seconds)}s"
        else:
            assert work.breath is not None
            text = f"{_range(work.count)} reps on {work.breath.value}"
    else:
        text = f"{_range(work.seconds)}s"
    if part.sides is not Sides.NONE:
        text += f", {part.sides.value}"
    if part.sets.most > 1:
        text += f", {_range(part.sets)} sets"
    if part.sets_per_side:
        text += " per side"
    if part.rest_seconds:
        text += f", rest {part.rest_seconds}s"
    return f"{part.label}: {text}" if part.label else text


def _range(value: Range) -> str:
    if value.open is not None:
        return value.open.value
    if value.at_least:
        return f"{value.low}+"
    return str(value.low) if value.is_exact else f"{value.low}-{value.high}"


def _estimate_seconds(exercise: Exercise, breath_seconds: int = 10) -> float:
    """Rough length at the standard pace: ~10 s a breath, ~4 s to move in and out of a hold."""
    total = 0.0
    for part in exercise.timing.parts:
        work = part.work
        if isinstance(work, Hold | Duration):
            once = float(work.seconds.default)
        elif isinstance(work, Breaths):
            once = work.count.default * breath_seconds * (1.2 if work.lengthening else 1.0)
        elif work.hold_seconds is not None:
            once = work.count.default * (work.hold_seconds.default + 4.0)
        else:
            once = float(work.count.default * breath_seconds)
        sets = part.sets.default
        total += once * len(part.sides.order) * sets + part.rest_seconds * (sets - 1)
    return total
