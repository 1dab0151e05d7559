"""A guided practice as a state machine: pure transitions, each bumping a token.

The token is how timers and buttons prove they are current: a timer or a tap that carries
an older token than the stored practice is stale and must change nothing. Each transition
returns the new state and, when the person should hear something, a cue.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from bot.domain.catalogue import Side
from bot.domain.pacing import Pace, Phase, PhaseKind, TempoName

# A practice nobody has touched for this long (waiting or paused) ends by itself.
INACTIVITY_LIMIT = timedelta(minutes=30)


class Status(enum.StrEnum):
    READY = "ready"  # a card is shown; waiting for Start (positioning is not timed)
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    STOPPED = "stopped"
    EXPIRED = "expired"
    UNREACHABLE = "unreachable"  # the person blocked the bot mid-practice
    # Followed by ear: its audio guide is playing, and the card follows the audio
    # (`bot.domain.listening`). Not `active`: no chat timer drives it.
    LISTENING = "listening"

    @property
    def active(self) -> bool:
        return self in (Status.READY, Status.RUNNING, Status.PAUSED)


class CueKind(enum.StrEnum):
    SWITCH_SIDES = "switch_sides"
    REST = "rest"
    NEXT_ROUND = "next_round"
    NEXT_PART = "next_part"
    EXERCISE_DONE = "exercise_done"
    ROUTINE_DONE = "routine_done"


@dataclass(frozen=True)
class Cue:
    """Something to tell the person at a phase boundary, as a new (audible) message."""

    kind: CueKind
    side: Side = Side.BOTH
    seconds: float = 0
    round: int = 1
    rounds: int = 1
    label: str | None = None


@dataclass(frozen=True)
class PracticeState:
    exercise_ids: tuple[str, ...]
    pace: Pace
    tempo: TempoName
    started_at: datetime
    last_activity: datetime
    status: Status = Status.READY
    exercise_index: int = 0
    phase_index: int = 0
    phase_ends_at: datetime | None = None
    remaining_seconds: float | None = None
    token: int = 1
    done: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()
    active_seconds: float = 0.0
    ended_at: datetime | None = None
    # How many times "one more" grew the current exercise's open count (0 for a new one).
    extra: int = 0

    @property
    def exercise_id(self) -> str:
        return self.exercise_ids[self.exercise_index]


def new_practice(
    exercise_ids: Sequence[str], pace: Pace, tempo: TempoName, now: datetime
) -> PracticeState:
    if not exercise_ids:
        raise ValueError("a practice needs at least one exercise")
    return PracticeState(tuple(exercise_ids), pace, tempo, started_at=now, last_activity=now)


def _next(state: PracticeState, now: datetime, **changes: object) -> PracticeState:
    return replace(state, token=state.token + 1, last_activity=now, **changes)  # type: ignore[arg-type]


def start(state: PracticeState, phases: Sequence[Phase], now: datetime) -> PracticeState:
    """READY -> RUNNING: the first phase of the current exercise begins now."""
    _require(state, Status.READY)
    ends = now + timedelta(seconds=phases[0].seconds)
    return _next(state, now, status=Status.RUNNING, phase_index=0, phase_ends_at=ends)


def pause(state: PracticeState, now: datetime) -> PracticeState:
    _require(state, Status.RUNNING)
    assert state.phase_ends_at is not None
    remaining = max((state.phase_ends_at - now).total_seconds(), 0.0)
    return _next(state, now, status=Status.PAUSED, phase_ends_at=None, remaining_seconds=remaining)


def resume(state: PracticeState, now: datetime) -> PracticeState:
    _require(state, Status.PAUSED)
    assert state.remaining_seconds is not None
    ends = now + timedelta(seconds=state.remaining_seconds)
    return _next(state, now, status=Status.RUNNING, phase_ends_at=ends, remaining_seconds=None)


def phase_over(
    state: PracticeState, phases: Sequence[Phase], now: datetime
) -> tuple[PracticeState, Cue | None]:
    """The current phase's time is up: move to the next phase or exercise."""
    _require(state, Status.RUNNING)
    ended = phases[state.phase_index]
    worked = state.active_seconds + ended.seconds
    if state.phase_index + 1 < len(phases):
        upcoming = phases[state.phase_index + 1]
        ends = (state.phase_ends_at or now) + timedelta(seconds=upcoming.seconds)
        advanced = _next(
            state,
            now,
            phase_index=state.phase_index + 1,
            phase_ends_at=ends,
            active_seconds=worked,
        )
        return advanced, _cue_between(ended, upcoming)
    return _finish_exercise(state, now, done=True, active_seconds=worked)


def skip(
    state: PracticeState, phases: Sequence[Phase], now: datetime
) -> tuple[PracticeState, Cue | None]:
    """Leave the current exercise unfinished and go on to the next one."""
    if not state.status.active:
        raise InvalidTransition(state.status, "skip")
    worked = state.active_seconds + _elapsed_in_phase(state, phases, now)
    return _finish_exercise(state, now, done=False, active_seconds=worked)


def stop(state: PracticeState, phases: Sequence[Phase], now: datetime) -> PracticeState:
    if not state.status.active:
        raise InvalidTransition(state.status, "stop")
    worked = state.active_seconds + _elapsed_in_phase(state, phases, now)
    return _end(state, now, Status.STOPPED, active_seconds=worked)


def expire(state: PracticeState, now: datetime) -> PracticeState:
    """End a waiting or paused practice nobody came back to."""
    if state.status not in (Status.READY, Status.PAUSED):
        raise InvalidTransition(state.status, "expire")
    if now - state.last_activity < INACTIVITY_LIMIT:
        raise InvalidTransition(state.status, "expire before the inactivity limit")
    # It ended when the person last did anything (they fell asleep then), so its night is
    # the night they stretched, even if the limit runs out after the 04:00 cut-off.
    return replace(_end(state, now, Status.EXPIRED), ended_at=state.last_activity)


def unreachable(state: PracticeState, now: datetime) -> PracticeState:
    return _end(state, now, Status.UNREACHABLE)


def again(state: PracticeState, now: datetime) -> PracticeState:
    """Back to the start of the current stretch, waiting to begin, as if its card had just
    come: the person asked to do it again."""
    if not state.status.active:
        raise InvalidTransition(state.status, "start again")
    return _next(
        state,
        now,
        status=Status.READY,
        phase_index=0,
        phase_ends_at=None,
        remaining_seconds=None,
        extra=0,
    )


def restart_phase(state: PracticeState, phases: Sequence[Phase], now: datetime) -> PracticeState:
    """After a long outage: pause at the start of the phase that was under way."""
    _require(state, Status.RUNNING)
    seconds = phases[state.phase_index].seconds
    return _next(state, now, status=Status.PAUSED, phase_ends_at=None, remaining_seconds=seconds)


def shown_again(state: PracticeState, phases: Sequence[Phase], now: datetime) -> PracticeState:
    """Telegram could not show the card for a while, and now a fresh one goes out: a hold
    under way waits at its start, and buttons on any earlier copy of the card expire."""
    if state.status is Status.RUNNING:
        return restart_phase(state, phases, now)
    if not state.status.active:
        raise InvalidTransition(state.status, "show again")
    return _next(state, now)


def lengthen(
    state: PracticeState, before: Sequence[Phase], after: Sequence[Phase], now: datetime
) -> PracticeState:
    """The person asked for one more of an open count, so the exercise's plan grew from
    `before` to `after` (`plan_exercise` with `extra` one higher): the phase under way ends
    that much later. Phases already done are the same in both plans."""
    if not state.status.active:
        raise InvalidTransition(state.status, "lengthen")
    index = state.phase_index
    grown = after[index].seconds - before[index].seconds
    extra = state.extra + 1
    if state.status is Status.RUNNING and state.phase_ends_at is not None:
        ends = state.phase_ends_at + timedelta(seconds=grown)
        return _next(state, now, phase_ends_at=ends, extra=extra)
    if state.status is Status.PAUSED and state.remaining_seconds is not None:
        return _next(state, now, remaining_seconds=state.remaining_seconds + grown, extra=extra)
    return _next(state, now, extra=extra)


class InvalidTransition(Exception):
    def __init__(self, status: Status, action: str) -> None:
        super().__init__(f"cannot {action} a {status.value} practice")


def _require(state: PracticeState, status: Status) -> None:
    if state.status is not status:
        raise InvalidTransition(state.status, f"do this to (needs {status.value})")


def _elapsed_in_phase(state: PracticeState, phases: Sequence[Phase], now: datetime) -> float:
    phase = phases[state.phase_index]
    if state.status is Status.RUNNING and state.phase_ends_at is not None:
        remaining = (state.phase_ends_at - now).total_seconds()
    elif state.status is Status.PAUSED and state.remaining_seconds is not None:
        remaining = state.remaining_seconds
    else:
        return 0.0
    return min(max(phase.seconds - remaining, 0.0), phase.seconds)


def _finish_exercise(
    state: PracticeState, now: datetime, done: bool, active_seconds: float
) -> tuple[PracticeState, Cue | None]:
    finished = (*state.done, state.exercise_id) if done else state.done
    skipped = state.skipped if done else (*state.skipped, state.exercise_id)
    if state.exercise_index + 1 < len(state.exercise_ids):
        advanced = _next(
            state,
            now,
            status=Status.READY,
            exercise_index=state.exercise_index + 1,
            extra=0,
            phase_index=0,
            phase_ends_at=None,
            remaining_seconds=None,
            done=finished,
            skipped=skipped,
            active_seconds=active_seconds,
        )
        return advanced, Cue(CueKind.EXERCISE_DONE) if done else None
    ended = _end(
        state,
        now,
        Status.FINISHED,
        done=finished,
        skipped=skipped,
        active_seconds=active_seconds,
    )
    return ended, Cue(CueKind.ROUTINE_DONE)


def _end(state: PracticeState, now: datetime, status: Status, **changes: object) -> PracticeState:
    return _next(
        state,
        now,
        status=status,
        phase_ends_at=None,
        remaining_seconds=None,
        ended_at=now,
        **changes,
    )


def _cue_between(ended: Phase, upcoming: Phase) -> Cue | None:
    if upcoming.kind is PhaseKind.SWITCH:
        return Cue(CueKind.SWITCH_SIDES, side=upcoming.side)
    if upcoming.kind is PhaseKind.REST:
        return Cue(
            CueKind.REST, seconds=upcoming.seconds, round=upcoming.round, rounds=upcoming.rounds
        )
    if ended.kind is PhaseKind.REST:
        return Cue(CueKind.NEXT_ROUND, round=upcoming.round, rounds=upcoming.rounds)
    if ended.kind in (PhaseKind.SWITCH, PhaseKind.CHANGE):
        return None  # the switch or next-part cue already told them; the work simply begins
    return Cue(CueKind.NEXT_PART, label=upcoming.part_label, side=upcoming.side)


# A guided single stretch is shorter than a routine; it counts for a night from this long.
# Guided time that earns the night even when no stretch was finished.
NIGHT_GUIDED_SECONDS = 180
# Endings that can earn the night: drifting off mid-routine (left alone until it ends) is
# what a bedtime routine is for, not a failure; a person who blocked the bot did not end it.
# A guide still playing counts as it goes: its row holds what has been heard so far.
NIGHT_ENDINGS = frozenset({Status.FINISHED, Status.STOPPED, Status.EXPIRED, Status.LISTENING})


def counts_for_night(status: Status, done_count: int, active_seconds: float) -> bool:
    """Whether a practice earns its night: one stretch finished, or about three minutes of
    guided time, however it ended."""
    if status not in NIGHT_ENDINGS:
        return False
    return done_count >= 1 or active_seconds >= NIGHT_GUIDED_SECONDS
