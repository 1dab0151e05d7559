"""Following an audio guide by ear: where the listener is, and what their practice records.

A practice being listened to is a row like any other, in `Status.LISTENING`: its
`last_activity` is the moment the audio went out, and it moves only at the audio's stretch
boundaries (when a stretch begins, and when one ends), so its card changes a handful of times
and no cue is sent. What has been heard counts as a guided routine's would: a stretch is done
once its time has played, and the night counts from the end of the first one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from bot.domain.audio_score import AudioScore, score_routine
from bot.domain.catalogue import Exercise
from bot.domain.pacing import Pace, TempoName
from bot.domain.practice import InvalidTransition, PracticeState, Status


@dataclass(frozen=True)
class Timeline:
    """When each stretch of a guide begins and ends, in seconds from the start of the audio."""

    starts: tuple[float, ...]
    ends: tuple[float, ...]
    duration: float

    @classmethod
    def of(cls, score: AudioScore) -> Timeline:
        return cls(
            tuple(stretch.at for stretch in score.stretches),
            tuple(stretch.end for stretch in score.stretches),
            score.duration,
        )

    @classmethod
    def plan(cls, exercises: Sequence[Exercise], pace: Pace, tempo: TempoName) -> Timeline:
        """The timeline of the guide for these exercises (words and titles move nothing)."""
        return cls.of(score_routine(None, exercises, pace, tempo, language=None))

    def stretch_at(self, seconds: float) -> int:
        """The stretch being heard: the last one whose "next" chime has sounded."""
        return max(sum(1 for start in self.starts if start <= seconds) - 1, 0)

    def heard(self, seconds: float) -> int:
        """How many stretches have played to their end."""
        return sum(1 for end in self.ends if end <= seconds)

    def next_moment(self, seconds: float) -> float | None:
        """The next moment the practice changes: a stretch begins or ends, or the audio ends."""
        moments = sorted({*self.starts[1:], *self.ends, self.duration})
        return next((moment for moment in moments if moment > seconds), None)


def preparing(state: PracticeState, now: datetime) -> PracticeState:
    """The person asked to listen: the chat stops guiding, and the audio is being made."""
    if not state.status.active and state.status is not Status.LISTENING:
        raise InvalidTransition(state.status, "listen to")
    return replace(
        state,
        status=Status.LISTENING,
        token=state.token + 1,
        last_activity=now,
        exercise_index=0,
        phase_index=0,
        phase_ends_at=None,
        remaining_seconds=None,
        done=(),
        skipped=(),
        active_seconds=0.0,
        ended_at=None,
        extra=0,
    )


def playing(state: PracticeState, timeline: Timeline, now: datetime) -> PracticeState:
    """The audio reached the person at `now`: its clock starts."""
    return at(replace(state, last_activity=now), timeline, now)


def at(state: PracticeState, timeline: Timeline, now: datetime) -> PracticeState:
    """The practice after the audio has played until `now`; finished once it has all played."""
    _require_listening(state)
    elapsed = min(max((now - state.last_activity).total_seconds(), 0.0), timeline.duration)
    upcoming = timeline.next_moment(elapsed)
    heard = timeline.heard(elapsed)
    status = Status.LISTENING if upcoming is not None else Status.FINISHED
    counted = heard > 0 or status is Status.FINISHED
    return replace(
        state,
        status=status,
        token=state.token + 1,
        exercise_index=timeline.stretch_at(elapsed),
        phase_ends_at=_moment(state, upcoming),
        done=state.exercise_ids[:heard],
        active_seconds=elapsed,
        # The moment its night is placed at: the latest one heard.
        ended_at=_moment(state, elapsed) if counted else None,
    )


def stop(state: PracticeState, timeline: Timeline, now: datetime) -> PracticeState:
    """The person tapped Stop: what was heard until now stays counted."""
    if state.phase_ends_at is None:  # the audio never went out
        _require_listening(state)
        return replace(state, status=Status.STOPPED, token=state.token + 1, ended_at=now)
    heard = at(state, timeline, now)
    ended = heard.ended_at or now
    return replace(heard, status=Status.STOPPED, phase_ends_at=None, ended_at=ended)


def _moment(state: PracticeState, seconds: float | None) -> datetime | None:
    return None if seconds is None else state.last_activity + timedelta(seconds=seconds)


def _require_listening(state: PracticeState) -> None:
    if state.status is not Status.LISTENING:
        raise InvalidTransition(state.status, "follow the audio of")
