"""Turn an exercise's timing model into the timed phases a guided practice plays.

Pure: given a timing model, a pace and a breathing tempo, say what happens and for how
long. The player only renders these phases and schedules their ends.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace

from bot.domain.catalogue import (
    Breaths,
    BreathSync,
    Duration,
    Exercise,
    Hold,
    Part,
    Range,
    Side,
)

# Time to change sides, or to reset between rounds when the source names no rest.
SWITCH_SECONDS = 6
# Time to come out of a held rep and set up the next one.
REP_RESET_SECONDS = 3
# Shavasana-style breathing ends this much slower than it starts.
LENGTHENING_FACTOR = 1.5
# A rough allowance for getting into position, for time estimates only.
SETTLE_ESTIMATE_SECONDS = 15


class Pace(enum.StrEnum):
    """How much of the source's range to use: its top, its default or its bottom."""

    GENTLE = "gentle"
    STANDARD = "standard"
    QUICK = "quick"

    def pick(self, value: Range) -> int:
        if self is Pace.GENTLE:
            return value.high
        if self is Pace.QUICK:
            return value.low
        return value.default


@dataclass(frozen=True)
class Tempo:
    """Seconds for one breath in and one breath out."""

    inhale: float
    exhale: float

    @property
    def breath(self) -> float:
        return self.inhale + self.exhale


class TempoName(enum.StrEnum):
    SLOW = "slow"
    STANDARD = "standard"
    FAST = "fast"

    @property
    def tempo(self) -> Tempo:
        return TEMPOS[self]


TEMPOS: dict[TempoName, Tempo] = {
    TempoName.SLOW: Tempo(inhale=5, exhale=7),
    TempoName.STANDARD: Tempo(inhale=4, exhale=6),
    TempoName.FAST: Tempo(inhale=3, exhale=4),
}


class PhaseKind(enum.StrEnum):
    HOLD = "hold"
    BREATHS = "breaths"
    REPS = "reps"
    MOVE = "move"
    SWITCH = "switch"
    REST = "rest"


@dataclass(frozen=True)
class Phase:
    """One timed stretch of a practice; a cue marks its end.

    `count` is breaths or reps (0 for plain time); `round`/`rounds` number the sets.
    """

    kind: PhaseKind
    seconds: float
    side: Side = Side.BOTH
    part_label: str | None = None
    count: int = 0
    rep_hold: int = 0
    breath: BreathSync | None = None
    lengthening: bool = False
    round: int = 1
    rounds: int = 1

    @property
    def is_work(self) -> bool:
        return self.kind not in (PhaseKind.SWITCH, PhaseKind.REST)


def plan_exercise(exercise: Exercise, pace: Pace, tempo: Tempo) -> list[Phase]:
    phases: list[Phase] = []
    for part in exercise.timing.parts:
        phases.extend(_plan_part(part, pace, tempo))
    return phases


def _plan_part(part: Part, pace: Pace, tempo: Tempo) -> list[Phase]:
    rounds = pace.pick(part.sets)
    sides = part.sides.order
    phases: list[Phase] = []
    for round_number in range(1, rounds + 1):
        if round_number > 1:
            rest = part.rest_seconds or SWITCH_SECONDS
            phases.append(Phase(PhaseKind.REST, rest, round=round_number, rounds=rounds))
        for index, side in enumerate(sides):
            if index > 0:
                phases.append(
                    Phase(
                        PhaseKind.SWITCH,
                        SWITCH_SECONDS,
                        side=side,
                        round=round_number,
                        rounds=rounds,
                    )
                )
            phases.append(_work_phase(part, pace, tempo, side, round_number, rounds))
    return phases


def _work_phase(
    part: Part, pace: Pace, tempo: Tempo, side: Side, round_number: int, rounds: int
) -> Phase:
    work = part.work
    base = Phase(
        PhaseKind.HOLD, 0, side=side, part_label=part.label, round=round_number, rounds=rounds
    )
    if isinstance(work, Hold):
        return replace(base, seconds=pace.pick(work.seconds))
    if isinstance(work, Duration):
        return replace(base, kind=PhaseKind.MOVE, seconds=pace.pick(work.seconds))
    count = pace.pick(work.count)
    if isinstance(work, Breaths):
        seconds = breaths_seconds(count, tempo, work.lengthening)
        return replace(
            base,
            kind=PhaseKind.BREATHS,
            seconds=seconds,
            count=count,
            lengthening=work.lengthening,
        )
    if work.breath is not None:
        seconds = count * tempo.breath
        return replace(base, kind=PhaseKind.REPS, seconds=seconds, count=count, breath=work.breath)
    assert work.hold_seconds is not None
    hold = pace.pick(work.hold_seconds)
    seconds = count * (hold + REP_RESET_SECONDS)
    return replace(base, kind=PhaseKind.REPS, seconds=seconds, count=count, rep_hold=hold)


def breath_length(index: int, count: int, tempo: Tempo, lengthening: bool) -> float:
    """Seconds for breath `index` (0-based); lengthening breaths slow down evenly."""
    if not lengthening or count < 2:
        return tempo.breath
    return tempo.breath * (1 + (LENGTHENING_FACTOR - 1) * index / (count - 1))


def breaths_seconds(count: int, tempo: Tempo, lengthening: bool) -> float:
    return sum(breath_length(i, count, tempo, lengthening) for i in range(count))


def breath_at(elapsed: float, phase: Phase, tempo: Tempo) -> tuple[int, bool]:
    """Which breath (1-based) is under way after `elapsed` seconds, and whether it is the
    in-breath. Used to show the count on the card."""
    position = 0.0
    total = max(phase.count, 1)
    for index in range(total):
        length = breath_length(index, total, tempo, phase.lengthening)
        if elapsed < position + length:
            inhale_share = tempo.inhale / tempo.breath
            return index + 1, elapsed - position < length * inhale_share
        position += length
    return total, False


def estimate_seconds(exercises: list[Exercise], pace: Pace, tempo: Tempo) -> float:
    """Total time for a routine, with an allowance for getting into each position."""
    return sum(
        SETTLE_ESTIMATE_SECONDS + sum(phase.seconds for phase in plan_exercise(e, pace, tempo))
        for e in exercises
    )
