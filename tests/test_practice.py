"""The practice state machine, without Telegram or a database."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.content.loader import load_catalogue
from bot.domain import practice as flow
from bot.domain.pacing import CHANGEOVER_SECONDS, TEMPOS, Pace, TempoName, plan_exercise
from bot.domain.practice import CueKind, Status

CATALOGUE = load_catalogue()
T0 = datetime(2026, 11, 23, 22, 30, tzinfo=UTC)


def phases_of(state: flow.PracticeState):
    exercise = CATALOGUE.exercises[state.exercise_id]
    return plan_exercise(exercise, state.pace, TEMPOS[state.tempo])


def seconds(n: float) -> timedelta:
    return timedelta(seconds=n)


def fresh(*ids: str) -> flow.PracticeState:
    return flow.new_practice(list(ids), Pace.STANDARD, TempoName.STANDARD, T0)


def test_every_transition_bumps_the_token() -> None:
    state = fresh("supine-twist")
    tokens = [state.token]
    state = flow.start(state, phases_of(state), T0)
    tokens.append(state.token)
    state = flow.pause(state, T0 + seconds(10))
    tokens.append(state.token)
    state = flow.resume(state, T0 + seconds(100))
    tokens.append(state.token)
    assert tokens == sorted(set(tokens))


def test_pause_keeps_remaining_and_resume_restores_it() -> None:
    state = flow.start(fresh("supine-twist"), phases_of(fresh("supine-twist")), T0)
    paused = flow.pause(state, T0 + seconds(12))
    assert paused.remaining_seconds == pytest.approx(18)
    resumed = flow.resume(paused, T0 + seconds(500))
    assert resumed.phase_ends_at == T0 + seconds(518)


def test_phases_chain_from_planned_ends_so_lateness_does_not_add_up() -> None:
    state = fresh("supine-twist")
    phases = phases_of(state)
    state = flow.start(state, phases, T0)
    late = T0 + seconds(30.4)  # the timer fired 0.4 s late
    state, cue = flow.phase_over(state, phases, late)
    assert cue is not None and cue.kind is CueKind.SWITCH_SIDES
    assert state.phase_ends_at == T0 + seconds(36)


def test_a_routine_runs_to_the_end_and_counts_what_was_done() -> None:
    state = fresh("knee-hugs", "supine-twist")
    now = T0
    kinds = []
    while state.status.active:
        phases = phases_of(state)
        if state.status is Status.READY:
            state = flow.start(state, phases, now)
        now = state.phase_ends_at or now
        state, cue = flow.phase_over(state, phases, now)
        kinds.append(cue.kind if cue else None)
    assert state.status is Status.FINISHED
    assert state.done == ("knee-hugs", "supine-twist")
    # Knee hugs: right, a moment to change over, left, another, both; the next part is
    # announced as the changeover starts, and the work then simply begins.
    assert kinds == [
        CueKind.NEXT_PART,
        None,
        CueKind.NEXT_PART,
        None,
        CueKind.EXERCISE_DONE,
        CueKind.SWITCH_SIDES,
        None,
        CueKind.ROUTINE_DONE,
    ]
    assert state.active_seconds == 30 + 2 * CHANGEOVER_SECONDS + 30 + 6 + 30


def test_skip_and_stop_record_what_happened() -> None:
    state = fresh("knee-hugs", "supine-twist", "pigeon")
    state, cue = flow.skip(state, phases_of(state), T0)
    assert cue is None and state.skipped == ("knee-hugs",) and state.exercise_index == 1
    state = flow.start(state, phases_of(state), T0)
    stopped = flow.stop(state, phases_of(state), T0 + seconds(10))
    assert stopped.status is Status.STOPPED
    assert stopped.active_seconds == pytest.approx(10)
    with pytest.raises(flow.InvalidTransition):
        flow.stop(stopped, phases_of(stopped), T0)


def test_invalid_transitions_are_refused() -> None:
    state = fresh("pigeon")
    with pytest.raises(flow.InvalidTransition):
        flow.pause(state, T0)
    with pytest.raises(flow.InvalidTransition):
        flow.resume(state, T0)
    running = flow.start(state, phases_of(state), T0)
    with pytest.raises(flow.InvalidTransition):
        flow.start(running, phases_of(running), T0)


def test_expiry_only_after_thirty_quiet_minutes() -> None:
    state = fresh("pigeon")
    with pytest.raises(flow.InvalidTransition):
        flow.expire(state, T0 + timedelta(minutes=29))
    assert flow.expire(state, T0 + timedelta(minutes=30)).status is Status.EXPIRED


@pytest.mark.parametrize(
    ("status", "done", "seconds", "counts"),
    [
        (Status.FINISHED, 1, 40.0, True),  # one stretch finished
        (Status.EXPIRED, 2, 90.0, True),  # fell asleep after two stretches
        (Status.EXPIRED, 0, 200.0, True),  # about three minutes of guided time
        (Status.STOPPED, 0, 30.0, False),  # thirty seconds, then silence
        (Status.EXPIRED, 0, 30.0, False),
        (Status.UNREACHABLE, 3, 600.0, False),  # blocked the bot: not their ending
    ],
)
def test_what_earns_a_night(status: Status, done: int, seconds: float, counts: bool) -> None:
    assert flow.counts_for_night(status, done, seconds) is counts


def test_a_routine_left_alone_ends_when_the_person_last_did_anything() -> None:
    asleep = T0 + timedelta(minutes=5)
    state = replace(
        flow.new_practice(["knee-hugs"], Pace.STANDARD, TempoName.STANDARD, T0),
        last_activity=asleep,
    )
    ended = flow.expire(state, asleep + flow.INACTIVITY_LIMIT)
    assert ended.status is Status.EXPIRED and ended.ended_at == asleep
