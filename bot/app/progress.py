"""Nights, streaks and pain check-ins: what a practice earns and what /streak shows.

Nothing is counted here: streaks are derived from the stored history every time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.app.messages import NightRecord
from bot.domain.clock import Clock
from bot.domain.nights import (
    Completion,
    NightMark,
    PainCheck,
    StreakSummary,
    new_milestone,
    night_of,
    summarise,
    zone_info,
)
from bot.domain.practice import PracticeState, Status, counts_for_night
from bot.storage.db import Database
from bot.storage.models import User
from bot.storage.progress import AFTER, BEFORE
from bot.storage.unit import Unit
from bot.storage.users import Visitor

# Nights are placed in UTC until the person tells us their zone.
FALLBACK_ZONE = "UTC"
# The progress picture shows five weeks of nights and a month of pain check-ins.
PAIN_NIGHTS = 30


def zone_of(user: User) -> str:
    return user.timezone or FALLBACK_ZONE


def moment_name(after: bool) -> str:
    return AFTER if after else BEFORE


async def streak_of(unit: Unit, user: User, now: datetime) -> StreakSummary:
    zone = zone_of(user)
    return summarise(
        await unit.progress.completions(user.id, zone),
        await unit.progress.rests(user.id),
        now,
        zone,
        user.night_cutoff_hour,
    )


def resting_tonight(summary: StreakSummary) -> bool:
    return summary.marks.get(summary.tonight) is NightMark.REST


def night_of_practice(user: User, started_at: datetime) -> date:
    """The night a practice belongs to: its pain check-ins are filed under it."""
    return night_of(started_at, zone_info(zone_of(user)), user.night_cutoff_hour)


async def ask_pain_tonight(
    unit: Unit, user: User, state: PracticeState, after: bool, now: datetime
) -> bool:
    """Whether to ask for a pain rating now; each moment is asked at most once a night."""
    night = night_of_practice(user, state.started_at)
    return await unit.progress.mark_pain_asked(user.id, night, moment_name(after), now)


def earns_night(state: PracticeState) -> bool:
    return counts_for_night(state.status, len(state.done), state.active_seconds)


def asks_pain_after(state: PracticeState) -> bool:
    return state.status is Status.FINISHED and len(state.exercise_ids) > 1 and bool(state.done)


async def night_record(unit: Unit, user: User, ended_at: datetime) -> NightRecord:
    """The streak after this practice, and a milestone crossed just now."""
    zone = zone_of(user)
    completions = await unit.progress.completions(user.id, zone)
    rests = await unit.progress.rests(user.id)
    after = summarise(completions, rests, ended_at, zone, user.night_cutoff_hour)
    earlier: list[Completion] = [c for c in completions if c.moment < ended_at]
    before = summarise(earlier, rests, ended_at, zone, user.night_cutoff_hour)
    return NightRecord(
        streak=after.current,
        strength=after.strength,
        milestone=new_milestone(before, after) if after.tonight_done else None,
    )


async def practice_end(
    unit: Unit, user: User, state: PracticeState
) -> tuple[NightRecord | None, bool]:
    """What an ended practice's summary adds: its night, and whether to ask about pain."""
    if state.ended_at is None:
        return None, False
    night = await night_record(unit, user, state.ended_at) if earns_night(state) else None
    ask = asks_pain_after(state) and await ask_pain_tonight(
        unit, user, state, True, state.ended_at
    )
    return night, ask


@dataclass(frozen=True)
class ProgressView:
    summary: StreakSummary
    pain: list[PainCheck]


@dataclass(frozen=True)
class PainAnswer:
    """A pain button's outcome: the night's check-in after the tap, or None if stale."""

    check: PainCheck | None
    after: bool


class Progress:
    def __init__(self, database: Database, clock: Clock) -> None:
        self._database = database
        self._clock = clock

    async def streak(self, visitor: Visitor) -> StreakSummary:
        now = self._clock()
        async with self._database.unit() as unit:
            user = await unit.users.record_visit(visitor, now)
            return await streak_of(unit, user, now)

    async def progress(self, visitor: Visitor) -> ProgressView:
        now = self._clock()
        async with self._database.unit() as unit:
            user = await unit.users.record_visit(visitor, now)
            summary = await streak_of(unit, user, now)
            since = summary.tonight - timedelta(days=PAIN_NIGHTS - 1)
            pain = await unit.progress.pain_checks(user.id, since=since)
        return ProgressView(summary, pain)

    async def rate_pain(
        self, user_id: int, practice_id: int, after: bool, score: int | None
    ) -> PainAnswer:
        """A 0-10 (or Skip) tap; the first answer of the night counts."""
        now = self._clock()
        async with self._database.unit() as unit:
            user = await unit.users.get(user_id)
            stored = await unit.practices.get(practice_id)
            if user is None or stored is None or stored.user_id != user.id:
                return PainAnswer(None, after)
            night = night_of_practice(user, stored.state.started_at)
            if score is not None:
                await unit.progress.record_pain(user.id, night, moment_name(after), score, now)
            return PainAnswer(await unit.progress.pain_of_night(user.id, night), after)
