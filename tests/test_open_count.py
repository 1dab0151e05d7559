"""One more of an open count, as the guided player will ask for it: the plan grows and the
session's clock follows, without touching what was already done."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.content.loader import load_catalogue
from bot.domain import practice as flow
from bot.domain.pacing import REP_RESET_SECONDS, TEMPOS, Pace, TempoName, plan_exercise
from bot.domain.practice import Status

CATALOGUE = load_catalogue()
STANDARD = TEMPOS[TempoName.STANDARD]
T0 = datetime(2024, 5, 1, 21, 0, tzinfo=UTC)


def plan(exercise_id: str, extra: int = 0):
    return plan_exercise(CATALOGUE.exercises[exercise_id], Pace.STANDARD, STANDARD, extra)


def test_one_more_rep_moves_the_end_of_the_rep_phase() -> None:
    state = flow.new_practice(["gentle-bridge"], Pace.STANDARD, TempoName.STANDARD, T0)
    before = plan("gentle-bridge")
    state = flow.start(state, before, T0)
    ends = state.phase_ends_at
    assert ends is not None

    state = flow.lengthen(state, before, plan("gentle-bridge", extra=1), T0 + timedelta(seconds=3))

    assert state.phase_ends_at == ends + timedelta(seconds=5 + REP_RESET_SECONDS)


def test_one_more_round_plays_after_the_last_one() -> None:
    state = flow.new_practice(["childs-pose"], Pace.STANDARD, TempoName.STANDARD, T0)
    before = plan("childs-pose")
    state = flow.start(state, before, T0)
    now = T0
    while state.phase_index < len(before) - 1:  # on to the last round as planned
        now = state.phase_ends_at or now
        state, _ = flow.phase_over(state, before, now)

    after = plan("childs-pose", extra=1)
    ends = state.phase_ends_at
    state = flow.lengthen(state, before, after, now)
    assert state.phase_ends_at == ends, "the round under way keeps its time"

    rounds = []
    while state.status is Status.RUNNING:
        rounds.append(after[state.phase_index].round)
        now = state.phase_ends_at or now
        state, _ = flow.phase_over(state, after, now)
    assert rounds == [3, 4, 4], "rest, then the extra round"
    assert state.status is Status.FINISHED


def test_paused_sessions_keep_the_extra_time_and_ended_ones_refuse() -> None:
    state = flow.new_practice(["cat-cow"], Pace.STANDARD, TempoName.STANDARD, T0)
    before = plan("cat-cow")
    state = flow.pause(flow.start(state, before, T0), T0 + timedelta(seconds=10))
    remaining = state.remaining_seconds
    assert remaining is not None

    state = flow.lengthen(state, before, plan("cat-cow", extra=1), T0 + timedelta(seconds=11))
    assert state.remaining_seconds == pytest.approx(remaining + STANDARD.breath)

    stopped = flow.stop(state, before, T0 + timedelta(seconds=12))
    with pytest.raises(flow.InvalidTransition):
        flow.lengthen(stopped, before, plan("cat-cow", extra=1), T0)
