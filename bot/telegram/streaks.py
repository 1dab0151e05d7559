"""Streaks and pain check-ins as the bot shows them: loaded from storage, put into words."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardMarkup

from bot.domain.nights import (
    Completion,
    NightMark,
    StreakSummary,
    new_milestone,
    night_of,
    summarise,
    zone_info,
)
from bot.storage.models import User
from bot.storage.progress import AFTER, BEFORE, ProgressRepository
from bot.telegram import texts
from bot.telegram.callbacks import RatePain, SkipPain
from bot.telegram.keyboards import button

# Nights are placed in UTC until the person tells us their zone.
FALLBACK_ZONE = "UTC"


def zone_of(user: User) -> str:
    return user.timezone or FALLBACK_ZONE


async def streak_of(db: AsyncSession, user: User, now: datetime) -> StreakSummary:
    progress = ProgressRepository(db)
    zone = zone_of(user)
    return summarise(
        await progress.completions(user.id, zone),
        await progress.rests(user.id),
        now,
        zone,
        user.night_cutoff_hour,
    )


async def routine_end_lines(db: AsyncSession, user: User, ended_at: datetime) -> list[str]:
    """What the routine's summary adds: the streak, and a milestone crossed just now."""
    progress = ProgressRepository(db)
    zone = zone_of(user)
    completions = await progress.completions(user.id, zone)
    rests = await progress.rests(user.id)
    after = summarise(completions, rests, ended_at, zone, user.night_cutoff_hour)
    earlier: list[Completion] = [c for c in completions if c.moment < ended_at]
    before = summarise(earlier, rests, ended_at, zone, user.night_cutoff_hour)
    lines = [texts.streak_line(after.current, after.strength)]
    milestone = new_milestone(before, after) if after.tonight_done else None
    if milestone is not None:
        lines.append(texts.MILESTONE_WORDS[milestone])
    if user.timezone is None:
        lines.append(texts.NO_ZONE_FOR_NIGHTS)
    return lines


def resting_tonight(summary: StreakSummary) -> bool:
    return summary.marks.get(summary.tonight) is NightMark.REST


def tonight(user: User, now: datetime) -> object:
    return night_of(now, zone_info(zone_of(user)), user.night_cutoff_hour)


def pain_keyboard(session_id: int, after: bool) -> InlineKeyboardMarkup:
    scores = [button(str(score), RatePain(session_id, after, score)) for score in range(11)]
    return InlineKeyboardMarkup(
        [scores[:6], scores[6:], [button(texts.BUTTON_SKIP_PAIN, SkipPain(session_id, after))]]
    )


def moment_name(after: bool) -> str:
    return AFTER if after else BEFORE
