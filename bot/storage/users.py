"""User repository. It never commits: the caller's `Database.transaction()` does."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.pacing import Pace, TempoName
from bot.domain.preferences import Preferences
from bot.storage.models import User
from bot.storage.reminders import days_to_mask, mask_to_days


@dataclass(frozen=True)
class Visitor:
    """Who sent an update, as Telegram told us."""

    user_id: int
    chat_id: int
    first_name: str
    language_code: str | None


# A question the person has not answered in this long is dropped: later text is just text.
QUESTION_EXPIRES = timedelta(minutes=15)


class UserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, user_id: int) -> User | None:
        return await self._session.get(User, user_id)

    async def record_visit(self, visitor: Visitor, now: datetime) -> User:
        """Create the user on first contact, refresh name and chat on later ones.

        An upsert, so two updates from a new user processed at once cannot collide.
        """
        insert = (
            postgresql.insert
            if self._session.get_bind().dialect.name == "postgresql"
            else (sqlite.insert)
        )
        fresh = {
            "chat_id": visitor.chat_id,
            "first_name": visitor.first_name[:64],
            "language_code": visitor.language_code,
            "last_seen_at": now,
            # Writing to us again means they unblocked the bot.
            "reachable": True,
        }
        statement = (
            insert(User)
            .values(id=visitor.user_id, created_at=now, **fresh)
            .on_conflict_do_update(index_elements=[User.id], set_=fresh)
        )
        await self._session.execute(statement)
        user = await self._session.get(User, visitor.user_id, populate_existing=True)
        assert user is not None
        return user

    async def mark_safety_note_shown(self, user: User, now: datetime) -> None:
        user.safety_note_shown_at = now

    async def mark_unreachable(self, user_id: int) -> None:
        await self._session.execute(update(User).where(User.id == user_id).values(reachable=False))

    async def mark_reachable(self, user_id: int) -> None:
        await self._session.execute(update(User).where(User.id == user_id).values(reachable=True))

    async def unreachable_ids(self) -> list[int]:
        """Everyone who blocked the bot and has not written since."""
        return list(await self._session.scalars(select(User.id).where(User.reachable.is_(False))))


ZONE_QUESTION = "zone"


@dataclass(frozen=True)
class PendingReminder:
    """A reminder the person asked for before we knew their zone."""

    local_time: time
    days: frozenset[int]


@dataclass(frozen=True)
class ZoneQuestion:
    """We asked where the person is; set `reminder` once they answer."""

    reminder: PendingReminder | None


def ask_zone(user: User, now: datetime, reminder: PendingReminder | None = None) -> None:
    """Remember that the next typed message may name the person's time zone."""
    user.awaiting = ZONE_QUESTION
    user.awaiting_since = now
    user.pending_reminder_minute = (
        reminder.local_time.hour * 60 + reminder.local_time.minute if reminder else None
    )
    user.pending_reminder_days = days_to_mask(reminder.days) if reminder else None


def zone_question(user: User, now: datetime) -> ZoneQuestion | None:
    """The zone question still waiting for an answer; an old one is forgotten."""
    if user.awaiting != ZONE_QUESTION or user.awaiting_since is None:
        return None
    if now - user.awaiting_since > QUESTION_EXPIRES:
        return None
    minute, mask = user.pending_reminder_minute, user.pending_reminder_days
    if minute is None or not mask:
        return ZoneQuestion(reminder=None)
    return ZoneQuestion(PendingReminder(time(minute // 60, minute % 60), mask_to_days(mask)))


def clear_question(user: User) -> None:
    user.awaiting = None
    user.awaiting_since = None
    user.pending_reminder_minute = None
    user.pending_reminder_days = None


def preferences_of(user: User) -> Preferences:
    return Preferences(
        pace=Pace(user.pace),
        tempo=TempoName(user.tempo),
        cue_sound=user.cue_sound,
        hands_free=user.hands_free,
        voice=user.audio_voice,
        tone=user.audio_tone,
        tone_volume=user.audio_tone_volume,
    )


def set_preferences(user: User, preferences: Preferences) -> None:
    user.pace = preferences.pace.value
    user.tempo = preferences.tempo.value
    user.cue_sound = preferences.cue_sound
    user.hands_free = preferences.hands_free
    user.audio_voice = preferences.voice
    user.audio_tone = preferences.tone
    user.audio_tone_volume = preferences.tone_volume
