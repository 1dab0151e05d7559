"""User repository. It never commits: the caller's `Database.transaction()` does."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.pacing import Pace, TempoName
from bot.domain.preferences import Preferences
from bot.storage.models import User


@dataclass(frozen=True)
class Visitor:
    """Who sent an update, as Telegram told us."""

    user_id: int
    chat_id: int
    first_name: str
    language_code: str | None


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


def preferences_of(user: User) -> Preferences:
    return Preferences(
        pace=Pace(user.pace),
        tempo=TempoName(user.tempo),
        cue_sound=user.cue_sound,
        settle_seconds=user.settle_seconds,
    )


def set_preferences(user: User, preferences: Preferences) -> None:
    user.pace = preferences.pace.value
    user.tempo = preferences.tempo.value
    user.cue_sound = preferences.cue_sound
    user.settle_seconds = preferences.settle_seconds
