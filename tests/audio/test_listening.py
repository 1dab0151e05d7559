"""Listening with code: decode each rendered file, find its bells, the breathing tone's turns
and the spoken cues, and hold them to the pacing plan within 50 ms.

Every timing kind in the catalogue is heard: holds in seconds, breaths, lengthening breaths,
reps with the breath (both ways, on the in-breath, on the out-breath, paced to a total time),
held reps, sides, sets with a short and a long rest, sets per side, multi-part stretches and
plain durations, across every pace and tempo. Long counts are shortened (same kind, fewer
reps) so the whole suite renders about twenty minutes of sound; Bedtime is rendered whole,
with its voice.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pytest

from bot.audio.encode import decode
from bot.audio.loudness import TARGET_LUFS, loudness
from bot.audio.render import AudioOptions, render_score
from bot.audio.synth import RATE
from bot.audio.voice import EspeakVoice
from bot.content.loader import load_catalogue
from bot.domain.audio_score import (
    ENDING_SECONDS,
    LEAD_IN_SECONDS,
    AudioScore,
    position_seconds,
    score_exercise,
    score_routine,
)
from bot.domain.catalogue import Exercise, Position, Range
from bot.domain.pacing import Pace, PhaseKind, TempoName, breath_length, plan_exercise
from tests.support.listening import Listener, Signal, onsets, speech_starts, tone_turns

CATALOGUE = load_catalogue()
WITHIN = 0.05


def trimmed(exercise_id: str, part: dict[str, Any] | None = None, **work: Any) -> Exercise:
    """A catalogue exercise with fewer reps or sets: the same timing kind, less to render."""
    exercise = CATALOGUE.exercises[exercise_id]
    first, *rest = exercise.timing.parts
    changed = first.model_copy(update={"work": first.work.model_copy(update=work), **(part or {})})
    timing = exercise.timing.model_copy(update={"parts": [changed, *rest]})
    return exercise.model_copy(update={"timing": timing})


def exactly(count: int) -> Range:
    return Range.model_validate(count)


@dataclass(frozen=True)
class Case:
    kind: str
    exercise: Exercise
    pace: Pace
    tempo: TempoName


CASES = [
    Case("seconds, in parts", CATALOGUE.exercises["knee-hugs"], Pace.QUICK, TempoName.FAST),
    Case("breaths", CATALOGUE.exercises["squat"], Pace.GENTLE, TempoName.SLOW),
    Case("breaths, sides", CATALOGUE.exercises["knees-together-sway"], Pace.QUICK, TempoName.FAST),
    Case("reps, one breath each", CATALOGUE.exercises["cat-cow"], Pace.STANDARD, TempoName.FAST),
    Case("reps on the in-breath", CATALOGUE.exercises["baby-cobra"], Pace.QUICK, TempoName.SLOW),
    Case(
        "reps on the out-breath, sets",
        trimmed("single-leg-knee-hug", {"sets": exactly(2)}, count=exactly(2)),
        Pace.QUICK,
        TempoName.FAST,
    ),
    Case(
        "reps paced to a total time",
        CATALOGUE.exercises["wind-relieving-pose"],
        Pace.GENTLE,
        TempoName.SLOW,
    ),
    Case("held reps, sides", CATALOGUE.exercises["knee-to-chest"], Pace.QUICK, TempoName.STANDARD),
    Case(
        "sets with a long rest",
        trimmed("bridge", {"sets": exactly(2), "rest_seconds": 20}, count=exactly(3)),
        Pace.GENTLE,
        TempoName.FAST,
    ),
    Case(
        "sets per side",
        trimmed("side-lying-leg-lift", {"sets": exactly(2)}, count=exactly(2)),
        Pace.STANDARD,
        TempoName.SLOW,
    ),
    Case(
        "durations in parts",
        trimmed("deep-spine-relaxation", seconds=exactly(15)),
        Pace.QUICK,
        TempoName.STANDARD,
    ),
    Case(
        "lengthening breaths",
        trimmed("corpse-pose", count=exactly(6)),
        Pace.STANDARD,
        TempoName.FAST,
    ),
]


@dataclass(frozen=True)
class Heard:
    score: AudioScore
    samples: Signal
    rate: int
    size: int
    listener: Listener


@cache
def heard(kind: str | None, voice: bool) -> Heard:
    """Render a case (Bedtime for None), encode, decode: what a phone would play."""
    case = next((case for case in CASES if case.kind == kind), None)
    if case is None:
        routine = CATALOGUE.routines["bedtime"]
        exercises = CATALOGUE.routine_exercises(routine)
        score = score_routine(routine.name, exercises, Pace.STANDARD, TempoName.STANDARD)
    else:
        score = score_exercise(case.exercise, case.pace, case.tempo)
    audio = render_score(score, AudioOptions(voice=voice), EspeakVoice())
    samples, rate = decode(audio.ogg)
    return Heard(score, samples, rate, len(audio.ogg), Listener(samples, rate))


@dataclass
class Expected:
    """The sounds the pacing plan calls for, worked out from the plan alone."""

    bells: list[float]
    peaks: list[float]  # in-breath turns to out-breath
    troughs: list[float]  # one breath ends, the next begins
    tone: list[tuple[float, float]]  # each breath-paced phase, start to end
    duration: float


def expected(exercises: list[Exercise], pace: Pace, tempo: TempoName) -> Expected:
    want = Expected([], [], [], [], LEAD_IN_SECONDS)
    before = Position.ON_BACK
    for exercise in exercises:
        want.bells.append(want.duration)
        want.duration += position_seconds(pace, before, exercise.position)
        before = exercise.position
        for phase in plan_exercise(exercise, pace, tempo.tempo):
            start = want.duration
            want.bells.append(start)
            want.duration += phase.seconds
            if phase.kind is PhaseKind.REPS and phase.breath is None:
                per_rep = phase.seconds / phase.count
                want.bells += [start + rep * per_rep for rep in range(1, phase.count)]
                want.bells += [
                    start + rep * per_rep + phase.rep_hold for rep in range(phase.count)
                ]
            if phase.kind is PhaseKind.BREATHS or (phase.breath is not None and phase.count):
                _breaths(want, phase.count, phase.lengthening, start, phase.seconds, tempo)
    want.bells.append(want.duration)
    want.duration += ENDING_SECONDS
    want.bells.sort()
    return want


def _breaths(
    want: Expected, count: int, lengthening: bool, start: float, seconds: float, tempo: TempoName
) -> None:
    lengths = [breath_length(i, count, tempo.tempo, lengthening) for i in range(count)]
    scale = seconds / sum(lengths)
    share = tempo.tempo.inhale / tempo.tempo.breath
    at = start
    for index, length in enumerate(lengths):
        want.peaks.append(at + length * scale * share)
        at += length * scale
        if index < count - 1:
            want.troughs.append(at)
    want.tone.append((start, start + seconds))


def assert_close(found: list[float], wanted: list[float], what: str) -> None:
    assert len(found) == len(wanted), f"{what}: heard {len(found)}, the plan has {len(wanted)}"
    misses = [(round(f, 3), round(w, 3)) for f, w in zip(found, wanted, strict=True)]
    assert all(abs(f - w) <= WITHIN for f, w in misses), f"{what} off by more than 50 ms: {misses}"


def assert_level(audio: Heard) -> None:
    assert abs(loudness(audio.samples, audio.rate) - TARGET_LUFS) <= 1.0
    assert float(np.max(np.abs(audio.samples))) < 1.0


@pytest.mark.parametrize("case", CASES, ids=[case.kind for case in CASES])
def test_bells_and_breaths_are_heard_where_the_plan_puts_them(case: Case) -> None:
    audio = heard(case.kind, voice=False)
    want = expected([case.exercise], case.pace, case.tempo)

    assert audio.rate == RATE
    assert len(audio.samples) == round(want.duration * RATE)
    assert audio.score.duration == pytest.approx(want.duration)
    assert_close(onsets(audio.listener), want.bells, "bells")
    turns = tone_turns(audio.listener)
    assert_close(turns.peaks, want.peaks, "in-breath turns")
    assert_close(turns.troughs, want.troughs, "breath-to-breath turns")
    assert len(turns.runs) == len(want.tone)
    for (start, end), (planned_start, planned_end) in zip(turns.runs, want.tone, strict=True):
        assert abs(start - planned_start) < 0.15 and abs(end - planned_end) < 0.2
    assert_level(audio)


def test_every_pace_and_tempo_is_heard() -> None:
    assert {case.pace for case in CASES} == set(Pace)
    assert {case.tempo for case in CASES} == set(TempoName)


def test_bedtime_with_its_voice_follows_the_plan_to_the_end() -> None:
    audio = heard(None, voice=True)
    routine = CATALOGUE.routines["bedtime"]
    want = expected(CATALOGUE.routine_exercises(routine), Pace.STANDARD, TempoName.STANDARD)
    words = audio.score.words
    spoken = [(w.at - 0.05, w.until + 0.3) for w in words]

    assert len(audio.samples) == round(want.duration * RATE)
    bells = onsets(audio.listener)
    assert_close([b for b in bells if not _inside(b, spoken)], want.bells, "bells")
    turns = tone_turns(audio.listener)
    assert_close([t for t in turns.peaks if _inside(t, want.tone)], want.peaks, "in-breath turns")
    assert_close(
        [t for t in turns.troughs if _inside(t, want.tone)], want.troughs, "breath-to-breath"
    )
    starts = speech_starts(audio.listener, [w.at - 0.3 for w in words])
    assert all(s is not None for s in starts)
    assert_close([s for s in starts if s is not None], [w.at for w in words], "spoken cues")
    assert_level(audio)


def test_the_ending_is_silent_after_sleep_well() -> None:
    audio = heard(None, voice=True)
    sleep_well = audio.score.words[-1]
    assert sleep_well.text == "Sleep well."
    tail = audio.samples[round((sleep_well.at + 2.5) * audio.rate) :]
    assert len(tail) >= 4 * audio.rate
    assert float(np.max(np.abs(tail))) < 0.01


def test_a_minute_of_guide_fits_a_phone() -> None:
    audio = heard(None, voice=True)
    kib_per_minute = audio.size / 1024 / (audio.score.duration / 60)
    assert kib_per_minute < 240  # 32 kbit/s at most; silence costs next to nothing


def _inside(time: float, windows: list[tuple[float, float]]) -> bool:
    return any(start <= time <= end for start, end in windows)
