"""Turn an exercise's timing model into the timed phases a guided practice plays.

Pure: given a timing model, a pace and a breathing tempo, say what happens and for how
long. The practices only render these phases and schedules their ends.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from typing import Literal

from bot.domain.catalogue import (
    Breaths,
    BreathSync,
    Duration,
    Exercise,
    Hold,
    OpenWords,
    Part,
    Range,
    Side,
)

# Time to change sides, or to reset between rounds when the source names no rest, at the
# standard pace (`Pace.scaled` gives the others).
SWITCH_SECONDS = 6
# Time to move from one part of an exercise into the next (right knee to left knee) when the
# part names none, at the standard pace.
CHANGEOVER_SECONDS = 8
# Time to come out of a held rep and set up the next one.
REP_RESET_SECONDS = 3
# Shavasana-style breathing ends this much slower than it starts.
LENGTHENING_FACTOR = 1.5
# A phase longer than this shows how many minutes are left, refreshed once a minute; a
# shorter one is shown once, when it begins (each refresh is a call to Telegram).
LONG_PHASE_SECONDS = 60
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

    def scaled(self, seconds: int) -> int:
        """Time to move (switch sides, turn over) at this pace, from its standard-pace length."""
        if self is Pace.GENTLE:
            return round(seconds * 1.5)
        if self is Pace.QUICK:
            return max(round(seconds * 2 / 3), 1)
        return seconds


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
    # Moving from one part into the next (straighten one leg, hug the other; turn over).
    CHANGE = "change"


@dataclass(frozen=True)
class Phase:
    """One timed stretch of a practice; a cue marks its end.

    `count` is breaths or reps (0 for plain time); `round`/`rounds` number the sets.
    `open_count` / `open_rounds` carry the source's words when it leaves the count or the
    number of rounds to the person: the plan plays the rule's start, the person may add.
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
    open_count: OpenWords | None = None
    open_rounds: OpenWords | None = None

    @property
    def is_work(self) -> bool:
        return self.kind not in (PhaseKind.SWITCH, PhaseKind.REST, PhaseKind.CHANGE)


@dataclass(frozen=True)
class Extendable:
    """Where an exercise's open count is and how far it may go, for a "one more" button.

    `unit` is what one tap adds: a rep or breath to the phase under way, or a round to the
    part. `start` is what the plan plays with no taps; `most` the ceiling.
    """

    part_index: int
    unit: Literal["rep", "breath", "round"]
    start: int
    most: int

    @property
    def max_extra(self) -> int:
        return self.most - self.start


def extendable(exercise: Exercise) -> Extendable | None:
    """The exercise's count the person decides, or None when the source fixes every count."""
    for index, part in enumerate(exercise.timing.parts):
        open_range = part.open_range
        if open_range is None:
            continue
        if open_range is part.sets:
            unit: Literal["rep", "breath", "round"] = "round"
        else:
            unit = "breath" if isinstance(part.work, Breaths) else "rep"
        return Extendable(index, unit, open_range.default, open_range.most)
    return None


def one_more_unit(exercise: Exercise, phase: Phase, extra: int) -> str | None:
    """What a "one more" tap would add during `phase` ("rep", "breath" or "round"), or None
    when the phase has no open count or the count is at its ceiling."""
    room = extendable(exercise)
    if room is None or extra >= room.max_extra:
        return None
    if phase.open_count is None and phase.open_rounds is None:
        return None
    return room.unit


def plan_exercise(exercise: Exercise, pace: Pace, tempo: Tempo, extra: int = 0) -> list[Phase]:
    """The phases of one exercise. `extra` is how many times the person asked for one more
    of its open count (see `extendable`); it is capped at the count's ceiling and ignored
    when the exercise has none. With `extra` the plan only grows: the phases before the
    open part are unchanged, a rep or breath lengthens the open phase, a round is added
    after the part's last round."""
    timing = exercise.timing
    phases: list[Phase] = []
    for index, part in enumerate(timing.parts):
        if index > 0:
            seconds = pace.scaled(part.changeover_seconds or CHANGEOVER_SECONDS)
            phases.append(Phase(PhaseKind.CHANGE, seconds, part_label=part.label))
        phases.extend(_plan_part(part, pace, tempo, extra))
    if timing.about_seconds is not None:
        phases = _fit(phases, pace.pick(timing.about_seconds))
    return phases


def _fit(phases: list[Phase], seconds: int) -> list[Phase]:
    """Pace the work so the whole takes the source's time: "8-10 breaths, about 1 minute"."""
    worked = sum(phase.seconds for phase in phases if phase.is_work)
    factor = seconds / worked
    return [replace(p, seconds=p.seconds * factor) if p.is_work else p for p in phases]


def _plan_part(part: Part, pace: Pace, tempo: Tempo, extra: int) -> list[Phase]:
    open_range = part.open_range
    more = min(max(extra, 0), open_range.most - open_range.default) if open_range else 0
    open_sets = open_range is not None and open_range is part.sets
    rounds = pace.pick(part.sets) + (more if open_sets else 0)
    between = Phase(
        PhaseKind.REST,
        0,
        rounds=rounds,
        open_rounds=part.sets.open,
    )
    switch = pace.scaled(SWITCH_SECONDS)
    rest = part.rest_seconds or switch
    sides = part.sides.order
    # (round, side) in the order they are done: round by round, or all of one side first.
    if part.sets_per_side:
        order = [(r, side) for side in sides for r in range(1, rounds + 1)]
    else:
        order = [(r, side) for r in range(1, rounds + 1) for side in sides]
    phases: list[Phase] = []
    for index, (round_number, side) in enumerate(order):
        if index > 0:
            before_round, before_side = order[index - 1]
            # Round by round, a new round starts with a rest; side by side, only the turn
            # onto the other side is a switch.
            if part.sets_per_side:
                switching = side is not before_side
            else:
                switching = round_number == before_round
            if switching:
                phases.append(
                    replace(
                        between,
                        kind=PhaseKind.SWITCH,
                        seconds=switch,
                        side=side,
                        round=round_number,
                    )
                )
            else:
                # A rest names the side only when all of that side's sets come together.
                shown = side if part.sets_per_side else Side.BOTH
                phases.append(replace(between, seconds=rest, side=shown, round=round_number))
        work = _work_phase(part, pace, tempo, side, round_number, rounds, 0 if open_sets else more)
        phases.append(replace(work, open_rounds=part.sets.open))
    return phases


def _work_phase(
    part: Part,
    pace: Pace,
    tempo: Tempo,
    side: Side,
    round_number: int,
    rounds: int,
    count_more: int = 0,
) -> Phase:
    work = part.work
    base = Phase(
        PhaseKind.HOLD, 0, side=side, part_label=part.label, round=round_number, rounds=rounds
    )
    if isinstance(work, Hold):
        return replace(base, seconds=pace.pick(work.seconds))
    if isinstance(work, Duration):
        return replace(base, kind=PhaseKind.MOVE, seconds=pace.pick(work.seconds))
    count = pace.pick(work.count) + count_more
    base = replace(base, open_count=work.count.open)
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


def estimate_seconds(exercises: list[Exercise], pace: Pace, tempo: Tempo) -> float:
    """Total time for a routine, with an allowance for getting into each position."""
    return sum(
        SETTLE_ESTIMATE_SECONDS + sum(phase.seconds for phase in plan_exercise(e, pace, tempo))
        for e in exercises
    )
