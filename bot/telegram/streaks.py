"""Streaks and pain check-ins as the bot shows them: loaded from storage, put into words."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.nights import (
    Completion,
    NightMark,
    StreakSummary,
    new_milestone,
    night_of,
    summarise,
    zone_info,
)
from bot.domain.session import SessionState, Status, counts_for_night
from bot.storage.models import User
from bot.storage.progress import AFTER, BEFORE, ProgressRepository
from bot.telegram.callbacks import RatePain, SkipPain
from bot.telegram.views import texts
from bot.telegram.views.keyboards import button

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


def night_of_session(user: User, started_at: datetime) -> date:
    """The night a routine belongs to: its pain check-ins are filed under it."""
    return night_of(started_at, zone_info(zone_of(user)), user.night_cutoff_hour)


async def ask_pain_tonight(
    db: AsyncSession, user: User, state: SessionState, after: bool, now: datetime
) -> bool:
    """Whether to ask for a pain rating now; each moment is asked at most once a night."""
    night = night_of_session(user, state.started_at)
    return await ProgressRepository(db).mark_pain_asked(user.id, night, moment_name(after), now)


def pain_rows(session_id: int, after: bool) -> list[list[InlineKeyboardButton]]:
    """0-10 in two rows and a Skip, to go under a message that asks for a rating."""
    scores = [button(str(score), RatePain(session_id, after, score)) for score in range(11)]
    return [scores[:6], scores[6:], [button(texts.BUTTON_SKIP_PAIN, SkipPain(session_id, after))]]


def _earns_night(state: SessionState) -> bool:
    return counts_for_night(
        state.status, len(state.exercise_ids), len(state.done), state.active_seconds
    )


def _asks_pain_after(state: SessionState) -> bool:
    return state.status is Status.FINISHED and len(state.exercise_ids) > 1 and bool(state.done)


def adds_to_summary(state: SessionState) -> bool:
    """Whether `routine_end` may add anything, so a short single stretch skips the query."""
    return _earns_night(state) or _asks_pain_after(state)


async def routine_end(
    db: AsyncSession, user: User, session_id: int, state: SessionState
) -> tuple[list[str], InlineKeyboardMarkup | None]:
    """What a finished routine's summary adds: streak lines and the "after" pain question."""
    if state.ended_at is None:
        return [], None
    lines = await routine_end_lines(db, user, state.ended_at) if _earns_night(state) else []
    if _asks_pain_after(state) and await ask_pain_tonight(db, user, state, True, state.ended_at):
        question = [*lines, ""] if lines else []
        question.append(texts.PAIN_AFTER)
        return question, InlineKeyboardMarkup(pain_rows(session_id, True))
    return lines, None


def moment_name(after: bool) -> str:
    return AFTER if after else BEFORE
