"""Which night a moment belongs to, and the streak, rest tokens and habit strength built on it.

Pure: no Telegram, no database; the caller passes the history and the clock reading. Every
figure is recomputed from the history each time, like Loop Habit Tracker's StreakList and
ScoreList, so there are no stored counters to drift.

Nights
    A night is named by the local date of its evening and runs from ``cutoff_hour`` local to
    ``cutoff_hour`` the next day: with the default 4, 00:30 belongs to the previous date's
    night, 10:00 and 22:00 to today's. Each completion is placed with the zone the user was in
    at that moment; several completions in one night count once.

Streak and rest tokens
    The streak is the number of DONE nights since the last night that broke it. Each time it
    reaches a multiple of 7 (7, 14, 21…) the user earns a rest token, holding at most 2. A
    past night without a routine spends a token and becomes REST (the streak survives but does
    not grow); with no token it is MISSED, and the streak and tokens go back to zero. A
    RestRequest only changes tonight: with a token held, tonight becomes REST at once (so
    nobody nags), and a routine done anyway makes it DONE and spends nothing. For past nights
    a request is the same as the automatic spend. Tonight is PENDING until done, never missed.

Travel
    Changing zone can make the local calendar jump over a night (flying east across many zones)
    or visit one twice (flying west); neither may break or double a streak. Several routines in
    one night are one DONE night, so going west cannot double anything. For going east: between
    two consecutive routines p and c (in time), the nights the calendar skipped are counted in
    the zone of p and again in the zone of c, and only the smaller count can be MISSED; the rest
    are TRAVEL (they neither count nor break, and spend no token). If the user had stayed in
    either zone the routines would have fallen on consecutive nights, so no night was really
    skipped. The earliest nights of a gap are the TRAVEL ones. In a single zone (DST included)
    the two counts are equal, so nothing is ever excused. Between the last routine and now the
    same rule compares the last routine's zone with the current one, so a night's mark can
    still change as both clocks move on; once the next routine is done the answer is
    fixed, because it is the same comparison made at that moment.

    After flying west, the latest routine can belong to a later night than the current zone's
    night (done just after the cutoff far east). The calendar never runs backwards, so tonight
    is then that later night, already done.

Habit strength
    Exponential smoothing as in Loop Habit Tracker: each night ``s = s·(1−α) + α·x`` with x = 1
    for DONE and 0 for MISSED; REST and TRAVEL leave s as it is, a PENDING tonight is ignored.
    α = 1 − 0.5^(1/12), a half-life of 12 nights (Loop uses 13 for daily habits): two weeks of
    nights from nothing give 55%, and one miss after a long run costs 5.6 points.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from enum import StrEnum
from zoneinfo import ZoneInfo

DEFAULT_CUTOFF_HOUR = 4
MAX_REST_TOKENS = 2
NIGHTS_PER_TOKEN = 7
HALF_LIFE_NIGHTS = 12
ALPHA = 1 - 0.5 ** (1 / HALF_LIFE_NIGHTS)
MILESTONES = (3, 7, 14, 30, 60, 100)
PAIN_SCALE = range(11)

_ONE_DAY = timedelta(days=1)


@functools.lru_cache(maxsize=256)
def zone_info(name: str) -> ZoneInfo:
    """ZoneInfo by IANA name; cached because building one per completion would dominate."""
    return ZoneInfo(name)


def night_of(moment: datetime, zone: tzinfo, cutoff_hour: int = DEFAULT_CUTOFF_HOUR) -> date:
    """The night `moment` belongs to in `zone`: its local date, shifted back by the cutoff."""
    if moment.tzinfo is None:
        raise ValueError("moment must be timezone-aware")
    return (moment.astimezone(zone) - _cutoff_shift(cutoff_hour)).date()


@functools.lru_cache(maxsize=24)
def _cutoff_shift(cutoff_hour: int) -> timedelta:
    """How far to move local time back so the night's date is the date; subtracted on the wall
    clock, so DST days still cut at cutoff_hour local."""
    if not 0 <= cutoff_hour <= 23:
        raise ValueError("cutoff_hour must be 0..23")
    return timedelta(hours=cutoff_hour)


@dataclass(frozen=True)
class Completion:
    """A routine finished at `moment` (aware, UTC) while the user was in zone `zone`."""

    moment: datetime
    zone: str


@dataclass(frozen=True)
class RestRequest:
    """The user chose to spend a rest token on `night`."""

    night: date


class NightMark(StrEnum):
    """What a night was; nights before the first ever routine are simply absent."""

    DONE = "done"
    REST = "rest"
    MISSED = "missed"
    PENDING = "pending"
    # Skipped by the calendar while changing zone: neither counts nor breaks (module docstring).
    TRAVEL = "travel"


@dataclass(frozen=True)
class StreakSummary:
    """Everything /streak and /progress show, derived from the history at one moment."""

    current: int
    best: int
    rest_tokens: int
    strength: float
    marks: Mapping[date, NightMark]
    tonight: date
    tonight_done: bool
    # The latest REST night within the current streak; None once a miss has reset it.
    rest_used_last: date | None


@dataclass(frozen=True)
class PainCheck:
    """Back pain 0..10 before and after a night's routine; either may be skipped."""

    night: date
    before: int | None
    after: int | None

    def __post_init__(self) -> None:
        for value in (self.before, self.after):
            if value is not None and value not in PAIN_SCALE:
                raise ValueError("pain must be 0..10")


def pain_change(check: PainCheck) -> int | None:
    """How much the routine changed the pain (negative is better), when both were given."""
    if check.before is None or check.after is None:
        return None
    return check.after - check.before


def _skipped_in_both(
    gap: int,
    earlier: tuple[datetime, str],
    later: tuple[datetime, str],
    shift: timedelta,
) -> int:
    """How many of the `gap` skipped nights were skipped in both zones (the travel rule)."""
    counts = []
    for name in {earlier[1], later[1]}:
        zone = zone_info(name)
        start = (earlier[0].astimezone(zone) - shift).date()
        end = (later[0].astimezone(zone) - shift).date()
        counts.append((end - start).days - 1)
    return max(0, min(gap, *counts))


def summarise(
    completions: Iterable[Completion],
    rests: Iterable[RestRequest],
    now: datetime,
    zone: str,
    cutoff_hour: int = DEFAULT_CUTOFF_HOUR,
) -> StreakSummary:
    """The streak, tokens, strength and calendar of nights as they stand at `now` in `zone`."""
    shift = _cutoff_shift(cutoff_hour)
    history = _History()
    for completion in sorted(completions, key=lambda c: c.moment):
        if completion.moment.tzinfo is None:
            raise ValueError("completion moments must be timezone-aware")
        history.add(completion, shift)
    tonight = night_of(now, zone_info(zone), cutoff_hour)
    if history.frontier is not None:
        history.travel_until(tonight, (now, zone), shift)
        tonight = max(tonight, history.frontier)
    rest_tonight = any(rest.night == tonight for rest in rests)
    return _walk(history.done, history.travel, tonight, rest_tonight)


class _History:
    """Nights done, and nights lost to travel across zones, in the order they happened."""

    def __init__(self) -> None:
        self.done: set[date] = set()
        self.travel: set[date] = set()
        self.frontier: date | None = None
        self._previous: Completion | None = None

    def add(self, completion: Completion, shift: timedelta) -> None:
        night = (completion.moment.astimezone(zone_info(completion.zone)) - shift).date()
        if self.frontier is not None:
            self.travel_until(night, (completion.moment, completion.zone), shift)
        self.done.add(night)
        if self.frontier is None or night > self.frontier:
            self.frontier = night
        self._previous = completion

    def travel_until(self, night: date, where: tuple[datetime, str], shift: timedelta) -> None:
        """Nights between the last one done and `night` that a change of zone skipped."""
        assert self.frontier is not None and self._previous is not None
        gap = (night - self.frontier).days - 1
        if gap > 0:
            before = (self._previous.moment, self._previous.zone)
            missed = _skipped_in_both(gap, before, where, shift)
            frontier = self.frontier
            self.travel.update(frontier + _ONE_DAY * i for i in range(1, gap - missed + 1))


def _walk(done: set[date], travel: set[date], tonight: date, rest_tonight: bool) -> StreakSummary:
    """Walk the nights from the first one done to tonight, marking each."""
    marks: dict[date, NightMark] = {}
    streak = best = tokens = 0
    strength = 0.0
    rest_last: date | None = None
    # Locals: this loop runs once per night of history and enum attribute lookups are slow.
    done_mark, rest_mark, travel_mark = NightMark.DONE, NightMark.REST, NightMark.TRAVEL
    missed_mark, pending_mark = NightMark.MISSED, NightMark.PENDING
    keep, one_day = 1 - ALPHA, _ONE_DAY
    night = min(done) if done else tonight
    while night <= tonight:
        if night in done:
            marks[night] = done_mark
            streak += 1
            best = max(best, streak)
            if streak % NIGHTS_PER_TOKEN == 0 and tokens < MAX_REST_TOKENS:
                tokens += 1
            strength = strength * keep + ALPHA
        elif night in travel:
            marks[night] = travel_mark
        elif tokens and (night != tonight or rest_tonight):
            marks[night] = rest_mark
            tokens -= 1
            rest_last = night
        elif night == tonight:
            marks[night] = pending_mark
        else:
            marks[night] = missed_mark
            streak = 0
            rest_last = None
            strength *= keep
        night += one_day
    return StreakSummary(
        current=streak,
        best=best,
        rest_tokens=tokens,
        strength=strength,
        marks=marks,
        tonight=tonight,
        tonight_done=tonight in done,
        rest_used_last=rest_last,
    )


def new_milestone(before: StreakSummary, after: StreakSummary) -> int | None:
    """The milestone the best streak just crossed, if any; best never falls, so once each."""
    crossed = [m for m in MILESTONES if before.best < m <= after.best]
    return crossed[-1] if crossed else None
