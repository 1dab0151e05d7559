"""The pacing plan for every kind of timing in the catalogue."""

from __future__ import annotations

from dataclasses import astuple, replace

import pytest

from bot.content.loader import load_catalogue
from bot.domain.catalogue import OPEN_COUNTS, Breaths, BreathSync, OpenWords, Side
from bot.domain.pacing import (
    CHANGEOVER_SECONDS,
    REP_RESET_SECONDS,
    SWITCH_SECONDS,
    TEMPOS,
    Pace,
    PhaseKind,
    Tempo,
    TempoName,
    estimate_seconds,
    extendable,
    plan_exercise,
)

CATALOGUE = load_catalogue()
STANDARD = TEMPOS[TempoName.STANDARD]


def work(exercise_id: str, pace: Pace = Pace.STANDARD, tempo: Tempo = STANDARD):
    return [p for p in plan_exercise(CATALOGUE.exercises[exercise_id], pace, tempo) if p.is_work]


def test_hold_in_seconds_per_side_right_first() -> None:
    phases = plan_exercise(CATALOGUE.exercises["supine-twist"], Pace.STANDARD, STANDARD)

    assert [(p.kind, p.seconds, p.side) for p in phases] == [
        (PhaseKind.HOLD, 30, Side.RIGHT),
        (PhaseKind.SWITCH, SWITCH_SECONDS, Side.LEFT),
        (PhaseKind.HOLD, 30, Side.LEFT),
    ]


def test_breaths_are_timed_by_the_tempo() -> None:
    [phase, *_] = work("childs-pose")
    assert phase.kind is PhaseKind.BREATHS
    assert phase.count == 10
    assert phase.seconds == 10 * STANDARD.breath

    [slow, *_] = work("childs-pose", tempo=TEMPOS[TempoName.SLOW])
    assert slow.seconds == 10 * 12


def test_lengthening_breaths_slow_down_and_take_longer() -> None:
    [phase] = work("corpse-pose")
    assert phase.count == 20 and phase.lengthening
    assert 20 * STANDARD.breath < phase.seconds <= 20 * STANDARD.breath * 1.5


def test_breath_synced_reps_sides_and_rounds() -> None:
    phases = plan_exercise(CATALOGUE.exercises["single-leg-knee-hug"], Pace.STANDARD, STANDARD)
    worked = [p for p in phases if p.is_work]

    assert [(p.side, p.round) for p in worked] == [
        (Side.LEFT, 1),
        (Side.RIGHT, 1),
        (Side.LEFT, 2),
        (Side.RIGHT, 2),
        (Side.LEFT, 3),
        (Side.RIGHT, 3),
    ]
    assert all(p.count == 20 and p.breath is BreathSync.EXHALE for p in worked)
    assert all(p.seconds == 20 * STANDARD.breath for p in worked)


def test_reps_with_holds_and_rest_between_rounds() -> None:
    phases = plan_exercise(CATALOGUE.exercises["bridge"], Pace.STANDARD, STANDARD)

    rests = [p for p in phases if p.kind is PhaseKind.REST]
    assert [p.seconds for p in rests] == [60, 60]
    assert [p.count for p in phases if p.is_work] == [15, 15, 15]

    [knee, *_] = work("knee-to-chest")
    assert knee.rep_hold == 5
    assert knee.seconds == knee.count * (5 + REP_RESET_SECONDS)


def test_duration_and_labelled_parts() -> None:
    phases = work("deep-spine-relaxation")
    assert [(p.kind, p.seconds) for p in phases] == [(PhaseKind.MOVE, 60), (PhaseKind.MOVE, 60)]
    assert all(p.part_label for p in phases)

    knee_hugs = work("knee-hugs")
    assert [p.part_label for p in knee_hugs] == ["Right knee", "Left knee", "Both knees"]
    assert [p.seconds for p in knee_hugs] == [10, 10, 10]


def test_parts_get_time_to_change_over_by_pace_like_switching_sides() -> None:
    def moves(exercise_id: str, pace: Pace) -> list[tuple[PhaseKind, float, str | None]]:
        phases = plan_exercise(CATALOGUE.exercises[exercise_id], pace, STANDARD)
        return [(p.kind, p.seconds, p.part_label) for p in phases if not p.is_work]

    assert moves("knee-hugs", Pace.STANDARD) == [
        (PhaseKind.CHANGE, CHANGEOVER_SECONDS, "Left knee"),
        (PhaseKind.CHANGE, CHANGEOVER_SECONDS, "Both knees"),
    ]
    # Turning onto the stomach and moving the towels takes longer, more so at a gentle pace.
    assert moves("deep-spine-relaxation", Pace.STANDARD) == [
        (PhaseKind.CHANGE, 20, "On your stomach, forehead on a pillow")
    ]
    assert moves("deep-spine-relaxation", Pace.GENTLE)[0][1] == 30
    assert moves("deep-spine-relaxation", Pace.QUICK)[0][1] < 20

    switches = {
        pace: [
            p.seconds for p in plan_exercise(CATALOGUE.exercises["supine-twist"], pace, STANDARD)
        ]
        for pace in Pace
    }
    assert switches[Pace.QUICK][1] < switches[Pace.STANDARD][1] == SWITCH_SECONDS
    assert switches[Pace.STANDARD][1] < switches[Pace.GENTLE][1]


def test_a_whole_exercise_duration_beside_a_rep_count_is_honoured() -> None:
    """Wind-relieving pose: "8-10 breaths, lasting about 1 minute", at every pace and tempo."""
    for pace in Pace:
        for tempo in TempoName:
            [phase] = work("wind-relieving-pose", pace, tempo.tempo)
            assert phase.kind is PhaseKind.REPS and 8 <= phase.count <= 10
            assert phase.seconds == pytest.approx(60)
    assert work("wind-relieving-pose", Pace.GENTLE)[0].count == 10


def test_side_lying_leg_lift_names_the_side_you_lie_on_and_turns_over_once() -> None:
    exercise = CATALOGUE.exercises["side-lying-leg-lift"]
    phases = plan_exercise(exercise, Pace.STANDARD, STANDARD)

    assert "left side" in exercise.steps[0]
    assert [(p.kind, p.side, p.round) for p in phases] == [
        (PhaseKind.REPS, Side.LEFT, 1),
        (PhaseKind.REST, Side.LEFT, 2),
        (PhaseKind.REPS, Side.LEFT, 2),
        (PhaseKind.REST, Side.LEFT, 3),
        (PhaseKind.REPS, Side.LEFT, 3),
        (PhaseKind.SWITCH, Side.RIGHT, 1),
        (PhaseKind.REPS, Side.RIGHT, 1),
        (PhaseKind.REST, Side.RIGHT, 2),
        (PhaseKind.REPS, Side.RIGHT, 2),
        (PhaseKind.REST, Side.RIGHT, 3),
        (PhaseKind.REPS, Side.RIGHT, 3),
    ]
    assert all(p.count == 10 and p.rep_hold == 2 for p in phases if p.is_work)


def test_the_knee_hug_source_alternates_legs_round_by_round() -> None:
    phases = plan_exercise(CATALOGUE.exercises["single-leg-knee-hug"], Pace.STANDARD, STANDARD)
    assert sum(p.kind is PhaseKind.SWITCH for p in phases) == 3
    assert sum(p.kind is PhaseKind.REST for p in phases) == 2


def test_at_least_twenty_breaths_never_plays_fewer() -> None:
    twist = CATALOGUE.exercises["spinal-twist"].timing.parts[0].work
    assert isinstance(twist, Breaths) and twist.count.at_least
    for pace in Pace:
        assert all(p.count >= 20 for p in work("spinal-twist", pace))
    assert [p.count for p in work("spinal-twist", Pace.STANDARD)] == [20, 20]
    assert [p.count for p in work("spinal-twist", Pace.GENTLE)] == [25, 25]


# Open counts -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("exercise_id", "unit", "words"),
    [
        ("baby-cobra", "rep", OpenWords.SEVERAL),
        ("cat-cow", "rep", OpenWords.SEVERAL),
        ("gentle-bridge", "rep", OpenWords.AS_COMFORTABLE),
        ("reclined-butterfly", "round", OpenWords.AS_COMFORTABLE),
        ("childs-pose", "round", OpenWords.AS_COMFORTABLE),
    ],
)
def test_the_same_source_words_give_the_same_open_count(
    exercise_id: str, unit: str, words: OpenWords
) -> None:
    exercise = CATALOGUE.exercises[exercise_id]
    found = extendable(exercise)
    assert found is not None
    assert (found.unit, found.start, found.most) == (unit, *astuple(OPEN_COUNTS[words]))
    for pace in Pace:  # the person decides, so no pace changes the count
        worked = [p for p in plan_exercise(exercise, pace, STANDARD) if p.is_work]
        counted = [p.count for p in worked] if unit == "rep" else [len(worked)]
        assert set(counted) == {found.start}
        assert all((p.open_count if unit == "rep" else p.open_rounds) is words for p in worked)


def test_open_counts_are_only_where_the_source_leaves_the_count() -> None:
    assert {e.id for e in CATALOGUE.exercises.values() if extendable(e)} == {
        "baby-cobra",
        "cat-cow",
        "gentle-bridge",
        "reclined-butterfly",
        "childs-pose",
    }


def test_one_more_rep_lengthens_only_the_open_phase() -> None:
    exercise = CATALOGUE.exercises["gentle-bridge"]
    [before] = plan_exercise(exercise, Pace.STANDARD, STANDARD)
    [after] = plan_exercise(exercise, Pace.STANDARD, STANDARD, extra=1)

    assert after.count == before.count + 1
    assert after.seconds - before.seconds == 5 + REP_RESET_SECONDS


def test_one_more_round_adds_a_rest_and_a_round_at_the_end() -> None:
    exercise = CATALOGUE.exercises["childs-pose"]
    before = plan_exercise(exercise, Pace.STANDARD, STANDARD)
    after = plan_exercise(exercise, Pace.STANDARD, STANDARD, extra=1)

    assert len(after) == len(before) + 2
    assert [p.kind for p in after[len(before) :]] == [PhaseKind.REST, PhaseKind.BREATHS]
    assert {p.rounds for p in after} == {4}
    assert [p.round for p in after if p.is_work] == [1, 2, 3, 4]
    # Only the round totals change before the new rounds: a phase index stays valid.
    assert [replace(p, rounds=0) for p in after[: len(before)]] == [
        replace(p, rounds=0) for p in before
    ]


def test_extra_is_capped_and_ignored_where_nothing_is_open() -> None:
    butterfly = CATALOGUE.exercises["reclined-butterfly"]
    found = extendable(butterfly)
    assert found is not None
    capped = plan_exercise(butterfly, Pace.STANDARD, STANDARD, extra=found.max_extra + 5)
    assert sum(p.is_work for p in capped) == found.most

    twist = CATALOGUE.exercises["supine-twist"]
    assert plan_exercise(twist, Pace.STANDARD, STANDARD, extra=3) == plan_exercise(
        twist, Pace.STANDARD, STANDARD
    )


@pytest.mark.parametrize("exercise_id", ["pigeon", "rib-pelvis-breathing", "gentle-bridge"])
def test_pace_stays_within_the_source_range(exercise_id: str) -> None:
    gentle = sum(p.seconds for p in work(exercise_id, Pace.GENTLE))
    standard = sum(p.seconds for p in work(exercise_id, Pace.STANDARD))
    quick = sum(p.seconds for p in work(exercise_id, Pace.QUICK))
    assert quick <= standard <= gentle

    [pigeon_quick, *_] = work("pigeon", Pace.QUICK)
    assert pigeon_quick.seconds == 20, "the source says at least twenty seconds"


def test_every_exercise_plans_at_every_pace_and_tempo() -> None:
    for exercise in CATALOGUE.exercises.values():
        for pace in Pace:
            for tempo in TempoName:
                phases = plan_exercise(exercise, pace, tempo.tempo)
                assert phases and all(p.seconds > 0 for p in phases), exercise.id
                assert phases[0].is_work and phases[-1].is_work


def test_bedtime_routine_is_about_ten_minutes() -> None:
    routine = CATALOGUE.routines["bedtime"]
    minutes = estimate_seconds(CATALOGUE.routine_exercises(routine), Pace.STANDARD, STANDARD) / 60
    assert 8 <= minutes <= 12
