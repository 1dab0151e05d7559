"""Following a guide by ear, pure: where the listener is, what is recorded, when the night
counts. The timeline is the audio score's, so card and sound agree on every boundary."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.content.loader import load_catalogue
from bot.domain import listening as follow
from bot.domain.audio_score import score_routine
from bot.domain.listening import Timeline
from bot.domain.pacing import Pace, TempoName
from bot.domain.practice import (
    InvalidTransition,
    PracticeState,
    Status,
    counts_for_night,
    new_practice,
)

CATALOGUE = load_catalogue()
BEDTIME = CATALOGUE.routine_exercises(CATALOGUE.routines["bedtime"])
IDS = [exercise.id for exercise in BEDTIME]
TIMELINE = Timeline.plan(BEDTIME, Pace.STANDARD, TempoName.STANDARD)
TAP = datetime(2026, 11, 23, 22, 0, tzinfo=UTC)
SENT = TAP + timedelta(seconds=15)


def listening() -> PracticeState:
    ready = new_practice(IDS, Pace.STANDARD, TempoName.STANDARD, TAP)
    return follow.playing(follow.preparing(ready, TAP), TIMELINE, SENT)


def after(seconds: float) -> datetime:
    return SENT + timedelta(seconds=seconds)


def test_the_timeline_is_the_scores_with_or_without_words() -> None:
    spoken = score_routine("Bedtime", BEDTIME, Pace.STANDARD, TempoName.STANDARD, "en")
    assert Timeline.of(spoken) == TIMELINE
    assert len(TIMELINE.starts) == len(BEDTIME)
    assert TIMELINE.ends[-1] < TIMELINE.duration


def test_the_card_moves_only_at_stretch_boundaries() -> None:
    first = listening()
    assert first.status is Status.LISTENING and first.exercise_index == 0
    assert first.phase_ends_at == after(TIMELINE.ends[0])
    state, seen = first, [first.exercise_index]
    for _ in range(len(TIMELINE.starts) + 1):
        assert state.phase_ends_at is not None
        state = follow.at(state, TIMELINE, state.phase_ends_at)
        seen.append(state.exercise_index)
    assert sorted(set(seen)) == list(range(len(IDS)))
    assert state.status is Status.FINISHED and state.done == tuple(IDS)
    assert state.ended_at == after(TIMELINE.duration)


def test_the_night_counts_from_the_end_of_the_first_stretch() -> None:
    state = listening()
    before = follow.at(state, TIMELINE, after(TIMELINE.ends[0] - 1))
    at_end = follow.at(state, TIMELINE, after(TIMELINE.ends[0]))
    assert not counts_for_night(before.status, len(before.done), before.active_seconds)
    assert before.ended_at is None
    assert counts_for_night(at_end.status, len(at_end.done), at_end.active_seconds)
    assert at_end.ended_at == after(TIMELINE.ends[0])


def test_stop_keeps_what_was_heard_and_a_stop_before_any_sound_counts_nothing() -> None:
    early = follow.stop(listening(), TIMELINE, after(30))
    assert early.status is Status.STOPPED and early.done == ()
    assert not counts_for_night(early.status, len(early.done), early.active_seconds)
    late = follow.stop(listening(), TIMELINE, after(TIMELINE.starts[3] + 5))
    assert late.done == tuple(IDS[:3]) and late.ended_at == after(TIMELINE.starts[3] + 5)
    made = follow.preparing(new_practice(IDS, Pace.STANDARD, TempoName.STANDARD, TAP), TAP)
    unsent = follow.stop(made, TIMELINE, after(1))
    assert unsent.status is Status.STOPPED and unsent.active_seconds == 0


def test_only_a_practice_under_way_or_playing_can_be_listened_to() -> None:
    finished = follow.at(listening(), TIMELINE, after(TIMELINE.duration + 60))
    assert finished.status is Status.FINISHED
    with pytest.raises(InvalidTransition):
        follow.preparing(finished, TAP)
    with pytest.raises(InvalidTransition):
        follow.at(finished, TIMELINE, after(1))


@given(st.floats(min_value=0, max_value=TIMELINE.duration * 1.5))
def test_what_is_recorded_never_runs_ahead_of_the_audio(seconds: float) -> None:
    state = follow.at(listening(), TIMELINE, after(seconds))
    # What a datetime can hold: whole microseconds.
    heard = min((after(seconds) - SENT).total_seconds(), TIMELINE.duration)
    assert state.active_seconds == heard
    assert all(TIMELINE.ends[IDS.index(done)] <= heard for done in state.done)
    assert TIMELINE.starts[state.exercise_index] <= max(heard, TIMELINE.starts[0])
    if state.phase_ends_at is not None:
        assert state.phase_ends_at > after(heard)
