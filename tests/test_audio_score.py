"""The audio score follows the pacing plan: every phase, breath and cue at the plan's times."""

from __future__ import annotations

import itertools

import pytest

from bot.content.loader import load_catalogue
from bot.domain.audio_score import (
    ENDING_SECONDS,
    LEAD_IN_SECONDS,
    POSITION_SECONDS,
    TURN_SECONDS,
    WORDS_AFTER_CHIME,
    AudioScore,
    ChimeKind,
    Place,
    position_seconds,
    score_exercise,
    score_routine,
)
from bot.domain.catalogue import Position
from bot.domain.pacing import (
    LENGTHENING_FACTOR,
    Pace,
    PhaseKind,
    TempoName,
    plan_exercise,
)

CATALOGUE = load_catalogue()
EXERCISES = sorted(CATALOGUE.exercises)
SETTINGS = list(itertools.product(Pace, TempoName))
TOL = 1e-9


def every_score() -> list[tuple[str, Pace, TempoName, AudioScore]]:
    return [
        (exercise_id, pace, tempo, score_exercise(CATALOGUE.exercises[exercise_id], pace, tempo))
        for exercise_id in EXERCISES
        for pace, tempo in SETTINGS
    ]


SCORES = every_score()


def test_a_stretch_lasts_its_plan_plus_the_time_to_get_into_position() -> None:
    for exercise_id, pace, tempo, score in SCORES:
        exercise = CATALOGUE.exercises[exercise_id]
        plan = plan_exercise(exercise, pace, tempo.tempo)
        [stretch] = score.stretches
        assert [placed.phase for placed in stretch.phases] == plan
        moving = position_seconds(pace, Position.ON_BACK, exercise.position)
        assert stretch.at == LEAD_IN_SECONDS
        assert stretch.work_at == LEAD_IN_SECONDS + moving
        expected = LEAD_IN_SECONDS + moving + sum(p.seconds for p in plan) + ENDING_SECONDS
        assert score.duration == pytest.approx(expected, abs=TOL)
        for before, after in itertools.pairwise(stretch.phases):
            assert after.at == pytest.approx(before.end, abs=TOL)


def test_the_tone_paces_every_breath_counted_hold_and_breath_synced_rep() -> None:
    for _, _, tempo, score in SCORES:
        share = tempo.tempo.inhale / tempo.tempo.breath
        for placed in score.stretches[0].phases:
            phase = placed.phase
            inside = [b for b in score.breaths if placed.at - TOL <= b.at < placed.end - TOL]
            paced = phase.kind is PhaseKind.BREATHS or (
                phase.kind is PhaseKind.REPS and phase.breath is not None
            )
            if not paced:
                assert inside == [], phase
                continue
            assert len(inside) == phase.count
            assert inside[0].at == pytest.approx(placed.at, abs=TOL)
            assert inside[-1].end == pytest.approx(placed.end, abs=1e-6)
            for before, after in itertools.pairwise(inside):
                assert after.at == pytest.approx(before.end, abs=1e-6)
            for breath in inside:
                assert breath.inhale / (breath.inhale + breath.exhale) == pytest.approx(share)


@pytest.mark.parametrize("tempo", list(TempoName))
def test_shavasana_breaths_lengthen_evenly(tempo: TempoName) -> None:
    score = score_exercise(CATALOGUE.exercises["corpse-pose"], Pace.STANDARD, tempo)
    lengths = [b.end - b.at for b in score.breaths]
    assert len(lengths) == 20
    assert lengths[0] == pytest.approx(tempo.tempo.breath)
    assert lengths[-1] == pytest.approx(tempo.tempo.breath * LENGTHENING_FACTOR)
    steps = [b - a for a, b in itertools.pairwise(lengths)]
    assert all(step == pytest.approx(steps[0]) for step in steps) and steps[0] > 0


def test_a_chime_marks_every_change_and_every_held_rep() -> None:
    for _, _, _, score in SCORES:
        [stretch] = score.stretches
        expected = [(stretch.at, ChimeKind.NEXT)]
        for placed in stretch.phases:
            phase = placed.phase
            expected.append((placed.at, ChimeKind.BEGIN if phase.is_work else ChimeKind.CHANGE))
            if phase.kind is PhaseKind.REPS and phase.breath is None:
                per_rep = phase.seconds / phase.count
                for rep in range(phase.count):
                    if rep:
                        expected.append((placed.at + rep * per_rep, ChimeKind.BEGIN))
                    expected.append(
                        (placed.at + rep * per_rep + phase.rep_hold, ChimeKind.RELEASE)
                    )
        expected.append((stretch.end, ChimeKind.END))
        chimes = sorted((c.at, c.kind) for c in score.chimes)
        assert [k for _, k in chimes] == [k for _, k in sorted(expected)]
        assert [t for t, _ in chimes] == pytest.approx([t for t, _ in sorted(expected)])


def test_bells_are_far_enough_apart_to_be_told_apart() -> None:
    for exercise_id, pace, tempo, score in SCORES:
        times = sorted(c.at for c in score.chimes)
        gaps = [b - a for a, b in itertools.pairwise(times)]
        assert min(gaps) >= 2.0, (exercise_id, pace, tempo)


def test_words_are_said_between_sounds_never_over_the_tone() -> None:
    for exercise_id, pace, tempo, score in SCORES:
        assert score.words, exercise_id
        chimes = sorted(c.at for c in score.chimes)
        for words in score.words:
            assert words.until - words.at >= 2.5, (exercise_id, pace, tempo, words)
            assert any(abs(words.at - WORDS_AFTER_CHIME - c) < TOL for c in chimes) or (
                "Round" in words.text
            )
            assert not [c for c in chimes if words.at < c < words.until]
            assert not [b for b in score.breaths if b.at < words.until and words.at < b.end]


def test_spoken_cues_say_the_side_the_part_and_the_next_stretch() -> None:
    bedtime = CATALOGUE.routines["bedtime"]
    score = score_routine(
        bedtime.name, CATALOGUE.routine_exercises(bedtime), Pace.STANDARD, TempoName.STANDARD
    )
    said = [words.text for words in score.words]
    assert said[0] == "Bedtime. First: Knee hugs. Right knee."
    assert "Release. Next: Left knee." in said
    assert "Release. Next: Thread the needle. Right side first." in said
    assert "Release. Now the left side." in said
    assert "Release. Rest." in said  # reclined butterfly's rounds
    assert "Release. Next: Corpse pose." in said
    assert said[-1] == "Sleep well."
    assert score.duration - score.words[-1].at == pytest.approx(ENDING_SECONDS - 0.5)


def test_a_long_rest_ends_with_the_next_round_called() -> None:
    score = score_exercise(CATALOGUE.exercises["bridge"], Pace.STANDARD, TempoName.STANDARD)
    rests = [p for p in score.stretches[0].phases if p.phase.kind is PhaseKind.REST]
    assert [p.phase.seconds for p in rests] == [60, 60]
    calls = [w for w in score.words if w.text.startswith("Round")]
    assert [w.text for w in calls] == ["Round 2 of 3. Get ready.", "Round 3 of 3. Get ready."]
    for rest, call in zip(rests, calls, strict=True):
        assert call.at == pytest.approx(rest.end - 4)


def test_time_to_get_into_position_grows_with_a_gentler_pace_and_a_turn() -> None:
    lying = Position.ON_BACK
    assert position_seconds(Pace.STANDARD, lying, lying) == POSITION_SECONDS
    assert position_seconds(Pace.STANDARD, lying, Position.ALL_FOURS) == (
        POSITION_SECONDS + TURN_SECONDS
    )
    paces = [position_seconds(pace, lying, lying) for pace in (Pace.QUICK, Pace.STANDARD)]
    assert paces[0] < paces[1] < position_seconds(Pace.GENTLE, lying, lying)
    assert position_seconds(Pace.QUICK, lying, lying) >= 10


def test_a_routine_plays_its_stretches_back_to_back() -> None:
    routine = CATALOGUE.routines["bedtime"]
    exercises = CATALOGUE.routine_exercises(routine)
    score = score_routine(routine.name, exercises, Pace.GENTLE, TempoName.SLOW)
    assert [s.exercise_id for s in score.stretches] == routine.exercises
    assert score.boundaries[0] == LEAD_IN_SECONDS
    for before, after in itertools.pairwise(score.stretches):
        assert after.at == pytest.approx(before.end)
    assert score.duration == pytest.approx(score.stretches[-1].end + ENDING_SECONDS)
    ends = [c for c in score.chimes if c.kind is ChimeKind.END]
    assert [c.at for c in ends] == [score.stretches[-1].end]


def test_place_says_which_stretch_and_phase_is_playing() -> None:
    routine = CATALOGUE.routines["bedtime"]
    score = score_routine(
        routine.name, CATALOGUE.routine_exercises(routine), Pace.STANDARD, TempoName.STANDARD
    )
    assert score.place(0.5) is None
    first, second = score.stretches[:2]
    assert score.place(first.at + 1) == Place(0, None, 1.0)
    assert score.place(first.work_at + 2.5) == Place(0, 0, 2.5)
    assert score.place(second.phases[0].at) == Place(1, 0, 0.0)
    assert score.place(score.stretches[-1].end + 1) is None


def test_without_a_phrasebook_the_cues_are_chimes_alone() -> None:
    exercise = CATALOGUE.exercises["thread-the-needle"]
    spoken = score_exercise(exercise, Pace.STANDARD, TempoName.STANDARD, "en-GB")
    silent = score_exercise(exercise, Pace.STANDARD, TempoName.STANDARD, "xx")
    assert spoken.language == "en" and spoken.words
    assert silent.language is None and silent.words == ()
    assert silent.chimes == spoken.chimes and silent.duration == spoken.duration


def test_the_fingerprint_changes_with_anything_that_changes_the_sound() -> None:
    exercise = CATALOGUE.exercises["squat"]
    base = score_exercise(exercise, Pace.STANDARD, TempoName.STANDARD)
    same = score_exercise(exercise, Pace.STANDARD, TempoName.STANDARD)
    assert base.fingerprint() == same.fingerprint()
    others = [
        score_exercise(exercise, Pace.GENTLE, TempoName.STANDARD),
        score_exercise(exercise, Pace.STANDARD, TempoName.FAST),
        score_exercise(exercise, Pace.STANDARD, TempoName.STANDARD, None),
        score_exercise(
            exercise.model_copy(update={"name": "Deep squat"}), Pace.STANDARD, TempoName.STANDARD
        ),
    ]
    assert len({base.fingerprint(), *(o.fingerprint() for o in others)}) == 5
