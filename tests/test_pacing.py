"""The pacing plan for every kind of timing in the catalogue."""

from __future__ import annotations

import pytest

from bot.content.loader import load_catalogue
from bot.domain.catalogue import BreathSync, Side
from bot.domain.pacing import (
    REP_RESET_SECONDS,
    SWITCH_SECONDS,
    TEMPOS,
    Pace,
    PhaseKind,
    Tempo,
    TempoName,
    breath_at,
    estimate_seconds,
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
    [phase] = work("childs-pose")
    assert phase.kind is PhaseKind.BREATHS
    assert phase.count == 10
    assert phase.seconds == 10 * STANDARD.breath

    [slow] = work("childs-pose", tempo=TEMPOS[TempoName.SLOW])
    assert slow.seconds == 10 * 12


def test_lengthening_breaths_slow_down_and_take_longer() -> None:
    [phase] = work("corpse-pose")
    assert phase.count == 20 and phase.lengthening
    assert 20 * STANDARD.breath < phase.seconds <= 20 * STANDARD.breath * 1.5

    first_breath, inhaling = breath_at(0.1, phase, STANDARD)
    assert (first_breath, inhaling) == (1, True)
    assert breath_at(phase.seconds - 0.01, phase, STANDARD) == (20, False)


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
