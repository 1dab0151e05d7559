"""Routines followed by ear: the practices whose audio guide is playing, and the audio
settings most people share (the guides worth rendering before anyone asks)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.pacing import Pace, TempoName
from bot.domain.practice import Status
from bot.storage.models import PracticeRow, User


@dataclass(frozen=True)
class GuideSettings:
    """What shapes a person's audio guide, apart from the routine."""

    pace: Pace
    tempo: TempoName
    voice: bool
    tone: bool
    tone_volume: int


class ListeningRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def playing(self, user_id: int | None = None) -> list[int]:
        """The practices being listened to (of one person, or everyone's), oldest first."""
        query = select(PracticeRow.id).where(PracticeRow.status == Status.LISTENING.value)
        if user_id is not None:
            query = query.where(PracticeRow.user_id == user_id)
        return list(await self._session.scalars(query.order_by(PracticeRow.id)))

    async def common_settings(self, limit: int) -> list[GuideSettings]:
        """The audio settings shared by most people, most shared first."""
        columns = (
            User.pace,
            User.tempo,
            User.audio_voice,
            User.audio_tone,
            User.audio_tone_volume,
        )
        rows = await self._session.execute(
            select(*columns).group_by(*columns).order_by(func.count().desc()).limit(limit)
        )
        return [
            GuideSettings(Pace(pace), TempoName(tempo), voice, tone, volume)
            for pace, tempo, voice, tone, volume in rows
        ]
