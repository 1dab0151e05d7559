"""Guided practices: stored state, and compare-and-set saves keyed on the step token.

A save names the token it read; if another writer (a timer, a second tap, a second
process) moved the practice on in the meantime, the save changes nothing and says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.pacing import Pace, TempoName
from bot.domain.practice import PracticeState, Status
from bot.storage.models import PracticeRow

ACTIVE_STATUSES = [status.value for status in Status if status.active]

_TABLE = PracticeRow.metadata.tables[PracticeRow.__tablename__]
# On the table, not the mapped class: a list of parameters is then one executemany rather
# than the ORM's bulk update by primary key, which has no room for the token condition.
_SAVE_ALL = update(_TABLE).where(
    _TABLE.c.id == bindparam("cas_id"), _TABLE.c.token == bindparam("cas_token")
)


@dataclass(frozen=True)
class Practice:
    id: int
    user_id: int
    chat_id: int
    routine_id: str | None
    title: str
    card_message_id: int | None
    cue_sound: bool
    settle_seconds: int
    state: PracticeState


@dataclass(frozen=True)
class PracticeSave:
    """One compare-and-set: store `state` if the practice still has `expected_token`."""

    practice_id: int
    expected_token: int
    state: PracticeState


class PracticeRepository:
    def __init__(self, practice: AsyncSession) -> None:
        self._session = practice

    async def add(
        self,
        user_id: int,
        chat_id: int,
        routine_id: str | None,
        title: str,
        state: PracticeState,
        *,
        cue_sound: bool,
        settle_seconds: int,
        zone: str | None = None,
    ) -> Practice:
        row = PracticeRow(
            zone=zone,
            user_id=user_id,
            chat_id=chat_id,
            routine_id=routine_id,
            title=title,
            card_message_id=None,
            cue_sound=cue_sound,
            settle_seconds=settle_seconds,
            **_columns(state),
        )
        self._session.add(row)
        await self._session.flush()
        return _stored(row)

    async def get(self, practice_id: int) -> Practice | None:
        row = await self._session.get(PracticeRow, practice_id, populate_existing=True)
        return _stored(row) if row else None

    async def active_for_user(self, user_id: int) -> list[Practice]:
        rows = await self._session.scalars(
            select(PracticeRow).where(
                PracticeRow.user_id == user_id, PracticeRow.status.in_(ACTIVE_STATUSES)
            )
        )
        return [_stored(row) for row in rows]

    async def all_active(self) -> list[Practice]:
        rows = await self._session.scalars(
            select(PracticeRow).where(PracticeRow.status.in_(ACTIVE_STATUSES))
        )
        return [_stored(row) for row in rows]

    async def save(self, practice_id: int, expected_token: int, state: PracticeState) -> bool:
        """Store `state` only if the practice still has `expected_token`."""
        result = await self._session.execute(
            update(PracticeRow)
            .where(PracticeRow.id == practice_id, PracticeRow.token == expected_token)
            .values(**_columns(state))
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def save_batch(self, saves: Sequence[PracticeSave]) -> list[bool]:
        """Apply the saves in order, each a compare-and-set of its own; True where it won.

        Two round trips for any number of saves. The rows are read and locked first (in id
        order; SQLite has one writer anyway), so which saves win is known before anything is
        written and the winners go as one statement. Its rowcount is not relied on: asyncpg
        reports none for an executemany (-1), which made every batch look lost.
        """
        ids = sorted({s.practice_id for s in saves})
        found = await self._session.execute(
            select(PracticeRow.id, PracticeRow.token)
            .where(PracticeRow.id.in_(ids))
            .order_by(PracticeRow.id)
            .with_for_update()
        )
        tokens: dict[int, int] = {row.id: row.token for row in found}
        won: list[bool] = []
        for save in saves:  # in order: a second save of one practice follows the first
            won.append(tokens.get(save.practice_id) == save.expected_token)
            if won[-1]:
                tokens[save.practice_id] = save.state.token
        params = [
            {"cas_id": s.practice_id, "cas_token": s.expected_token, **_columns(s.state)}
            for s, ok in zip(saves, won, strict=True)
            if ok
        ]
        if params:
            await self._session.execute(_SAVE_ALL, params)
        return won

    async def set_settle(self, practice_id: int, seconds: int) -> None:
        await self._session.execute(
            update(PracticeRow)
            .where(PracticeRow.id == practice_id)
            .values(settle_seconds=seconds)
            .execution_options(synchronize_session=False)
        )

    async def set_card(self, practice_id: int, message_id: int | None) -> None:
        """The message showing the practice; None while Telegram could not show one."""
        await self._session.execute(
            update(PracticeRow)
            .where(PracticeRow.id == practice_id)
            .values(card_message_id=message_id)
            .execution_options(synchronize_session=False)
        )


def _columns(state: PracticeState) -> dict[str, object]:
    return {
        "exercise_ids": list(state.exercise_ids),
        "pace": state.pace.value,
        "tempo": state.tempo.value,
        "status": state.status.value,
        "exercise_index": state.exercise_index,
        "phase_index": state.phase_index,
        "phase_ends_at": state.phase_ends_at,
        "remaining_seconds": state.remaining_seconds,
        "token": state.token,
        "extra": state.extra,
        "done": list(state.done),
        "skipped": list(state.skipped),
        "active_seconds": state.active_seconds,
        "started_at": state.started_at,
        "last_activity": state.last_activity,
        "ended_at": state.ended_at,
    }


def _stored(row: PracticeRow) -> Practice:
    state = PracticeState(
        exercise_ids=tuple(row.exercise_ids),
        pace=Pace(row.pace),
        tempo=TempoName(row.tempo),
        started_at=row.started_at,
        last_activity=row.last_activity,
        status=Status(row.status),
        exercise_index=row.exercise_index,
        phase_index=row.phase_index,
        phase_ends_at=row.phase_ends_at,
        remaining_seconds=row.remaining_seconds,
        token=row.token,
        extra=row.extra,
        done=tuple(row.done),
        skipped=tuple(row.skipped),
        active_seconds=row.active_seconds,
        ended_at=row.ended_at,
    )
    return Practice(
        id=row.id,
        user_id=row.user_id,
        chat_id=row.chat_id,
        routine_id=row.routine_id,
        title=row.title,
        card_message_id=row.card_message_id,
        cue_sound=row.cue_sound,
        settle_seconds=row.settle_seconds,
        state=state,
    )
