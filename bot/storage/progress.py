"""What streaks are computed from: completed practices, chosen rest nights, pain check-ins.

Nothing here counts: the domain derives streaks from these facts every time, so there is
no counter that can drift from the history.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.nights import Completion, PainCheck, RestRequest
from bot.domain.practice import NIGHT_ENDINGS, Status, counts_for_night
from bot.storage.models import PainCheck as PainCheckRow
from bot.storage.models import PracticeRow, RestNight, User

BEFORE = "before"
AFTER = "after"


class ProgressRepository:
    def __init__(self, practice: AsyncSession) -> None:
        self._session = practice

    async def completions(self, user_id: int, fallback_zone: str) -> list[Completion]:
        """Practices that earned their night, each with the zone the person was in."""
        found = await self.recent_completions({user_id: fallback_zone}, since=None)
        return found[user_id]

    async def recent_completions(
        self, zones: dict[int, str], since: datetime | None
    ) -> dict[int, list[Completion]]:
        """Completions of several people at once; `zones` maps each to a fallback zone
        for practices stored before zones were recorded."""
        query = select(
            PracticeRow.user_id,
            PracticeRow.ended_at,
            PracticeRow.zone,
            PracticeRow.status,
            PracticeRow.done,
            PracticeRow.active_seconds,
        ).where(
            PracticeRow.user_id.in_(list(zones)),
            PracticeRow.status.in_([status.value for status in NIGHT_ENDINGS]),
        )
        if since is not None:
            query = query.where(PracticeRow.ended_at >= since)
        rows = await self._session.execute(query.order_by(PracticeRow.ended_at))
        found: dict[int, list[Completion]] = {user_id: [] for user_id in zones}
        for user_id, ended_at, zone, status, done, active in rows:
            if ended_at is not None and counts_for_night(Status(status), len(done), active):
                found[user_id].append(Completion(moment=ended_at, zone=zone or zones[user_id]))
        return found

    async def mid_routine(self, user_ids: list[int]) -> set[int]:
        """Who of these has a guided routine running or paused, or is listening to one,
        right now."""
        active = [s.value for s in Status if s.active or s is Status.LISTENING]
        rows = await self._session.scalars(
            select(PracticeRow.user_id).where(
                PracticeRow.user_id.in_(user_ids), PracticeRow.status.in_(active)
            )
        )
        return set(rows)

    async def rests_of(self, user_ids: list[int]) -> dict[int, list[RestRequest]]:
        """The rest nights each of these people chose, earliest first."""
        rows = await self._session.execute(
            select(RestNight.user_id, RestNight.night)
            .where(RestNight.user_id.in_(user_ids))
            .order_by(RestNight.night)
        )
        found: dict[int, list[RestRequest]] = {user_id: [] for user_id in user_ids}
        for user_id, night in rows:
            found[user_id].append(RestRequest(night=night))
        return found

    async def rests(self, user_id: int) -> list[RestRequest]:
        return (await self.rests_of([user_id]))[user_id]

    async def add_rest(self, user_id: int, night: date, now: datetime) -> None:
        await self._upsert_nothing(
            RestNight, {"user_id": user_id, "night": night, "recorded_at": now}
        )

    async def pain_checks(self, user_id: int, since: date | None = None) -> list[PainCheck]:
        query = select(PainCheckRow.night, PainCheckRow.moment, PainCheckRow.score).where(
            PainCheckRow.user_id == user_id
        )
        if since is not None:
            query = query.where(PainCheckRow.night >= since)
        scores: dict[date, dict[str, int | None]] = {}
        for night, moment, score in await self._session.execute(query):
            scores.setdefault(night, {})[moment] = score
        return [
            PainCheck(night=night, before=found.get(BEFORE), after=found.get(AFTER))
            for night, found in sorted(scores.items())
        ]

    async def mark_pain_asked(self, user_id: int, night: date, moment: str, now: datetime) -> bool:
        """Note that the question is being asked; False if it already was this night."""
        return await self._upsert_nothing(
            PainCheckRow,
            {
                "user_id": user_id,
                "night": night,
                "moment": moment,
                "score": None,
                "recorded_at": now,
            },
            conflict=["user_id", "night", "moment"],
        )

    async def record_pain(
        self, user_id: int, night: date, moment: str, score: int, now: datetime
    ) -> bool:
        """Keep the first answer of the night for each moment; False if one was there."""
        result = await self._session.execute(
            update(PainCheckRow)
            .where(
                PainCheckRow.user_id == user_id,
                PainCheckRow.night == night,
                PainCheckRow.moment == moment,
                PainCheckRow.score.is_(None),
            )
            .values(score=score, recorded_at=now)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def pain_of_night(self, user_id: int, night: date) -> PainCheck:
        checks = await self.pain_checks(user_id, since=night)
        for check in checks:
            if check.night == night:
                return check
        return PainCheck(night=night, before=None, after=None)

    async def forget(self, user_id: int) -> None:
        """Everything about the person goes: their rows cascade from the user row."""
        await self._session.execute(delete(User).where(User.id == user_id))

    async def _upsert_nothing(
        self,
        table: type[RestNight] | type[PainCheckRow],
        values: dict[str, object],
        conflict: list[str] | None = None,
    ) -> bool:
        insert = (
            postgresql.insert
            if self._session.get_bind().dialect.name == "postgresql"
            else sqlite.insert
        )
        statement = insert(table).values(**values).on_conflict_do_nothing(index_elements=conflict)
        result = await self._session.execute(statement)
        return bool(result.rowcount)  # type: ignore[attr-defined]
