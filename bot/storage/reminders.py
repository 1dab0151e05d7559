"""Reminder rows: set, change, snooze, and the claim → attempt → send → finish cycle.

A dispatcher claims due rows with a short lease (committed before anything is sent) and
renews it while it works; a dispatcher that dies frees its rows within `LEASE`. Just before
each send it commits "attempted for this due moment" (`last_sent_for`), so a later claim of
that row finishes it without sending: a reminder is never sent twice. Afterwards it writes
the next due moment and releases the lease. On PostgreSQL the claim skips rows another
process has locked, so two processes never claim the same row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import Reminder, User

# Short, and renewed every few seconds by the live owner: a dead process's rows are free
# 12 s after its last renewal, so with a 15 s tick they go out within 30 s of its death.
LEASE = timedelta(seconds=12)


@dataclass(frozen=True)
class ReminderSetting:
    """What the person chose, as the domain sees it."""

    local_time: time
    days: frozenset[int]
    zone: str
    enabled: bool
    next_fire_at: datetime | None
    # The next moment is a snooze; the due moment whose send was last begun.
    snoozed: bool = False
    last_sent_for: datetime | None = None


@dataclass(frozen=True)
class DueReminder:
    """A claimed row with what the dispatcher needs to decide and send."""

    user_id: int
    chat_id: int
    first_name: str
    due: datetime
    snoozed: bool
    setting: ReminderSetting
    cue_sound: bool
    cutoff_hour: int
    # False after a 403 anywhere, until the person writes again.
    reachable: bool

    @property
    def attempted(self) -> bool:
        """A send for this due moment was begun already, maybe by a process that died."""
        return self.setting.last_sent_for == self.due


def days_to_mask(days: frozenset[int]) -> int:
    return sum(1 << day for day in days)


def mask_to_days(mask: int) -> frozenset[int]:
    return frozenset(day for day in range(7) if mask & (1 << day))


def _setting(row: Reminder) -> ReminderSetting:
    return ReminderSetting(
        local_time=time(row.local_minute // 60, row.local_minute % 60),
        days=mask_to_days(row.days_mask),
        zone=row.zone,
        enabled=row.enabled,
        next_fire_at=row.next_fire_at,
        snoozed=row.snoozed,
        last_sent_for=row.last_sent_for,
    )


class ReminderRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, user_id: int) -> ReminderSetting | None:
        row = await self._session.get(Reminder, user_id)
        return None if row is None else _setting(row)

    async def put(
        self,
        user_id: int,
        chat_id: int,
        setting: ReminderSetting,
        now: datetime,
    ) -> None:
        """Create or replace the reminder; any claim or pending snooze is dropped."""
        row = await self._session.get(Reminder, user_id)
        if row is None:
            row = Reminder(user_id=user_id)
            self._session.add(row)
        row.chat_id = chat_id
        row.local_minute = setting.local_time.hour * 60 + setting.local_time.minute
        row.days_mask = days_to_mask(setting.days)
        row.zone = setting.zone
        row.enabled = setting.enabled
        row.next_fire_at = setting.next_fire_at if setting.enabled else None
        row.snoozed = False
        row.lease_owner = None
        row.lease_until = None
        row.updated_at = now
        await self._session.flush()

    async def snooze(self, user_id: int, until: datetime, now: datetime) -> bool:
        """Bring the reminder back once at `until`; the regular time follows after it."""
        return await self._move(user_id, until, snoozed=True, now=now)

    async def set_next(self, user_id: int, next_fire_at: datetime, now: datetime) -> None:
        """Move to a given next moment (skip tonight, or a snooze cancelled)."""
        await self._move(user_id, next_fire_at, snoozed=False, now=now)

    async def _move(self, user_id: int, when: datetime, *, snoozed: bool, now: datetime) -> bool:
        """Set the next moment of an enabled reminder, dropping any claim on the old one."""
        result = await self._session.execute(
            update(Reminder)
            .where(Reminder.user_id == user_id, Reminder.enabled.is_(True))
            .values(
                next_fire_at=when,
                snoozed=snoozed,
                lease_owner=None,
                lease_until=None,
                updated_at=now,
            )
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def turn_off_for_user(self, user_id: int, now: datetime) -> None:
        await self._session.execute(
            update(Reminder)
            .where(Reminder.user_id == user_id)
            .values(
                enabled=False,
                next_fire_at=None,
                snoozed=False,
                lease_owner=None,
                lease_until=None,
                updated_at=now,
            )
        )

    async def claim_due(self, owner: str, now: datetime, limit: int) -> list[DueReminder]:
        """Lease up to `limit` due rows to `owner` and return them, earliest first."""
        due = (
            select(Reminder.user_id)
            .where(
                Reminder.enabled.is_(True),
                Reminder.next_fire_at <= now,
                or_(Reminder.lease_until.is_(None), Reminder.lease_until < now),
            )
            .order_by(Reminder.next_fire_at)
            .limit(limit)
        )
        if self._session.get_bind().dialect.name == "postgresql":
            due = due.with_for_update(skip_locked=True)
        ids = list((await self._session.execute(due)).scalars())
        if not ids:
            return []
        # The lease condition is checked again so a second SQLite process cannot take
        # a row the first claimed between the two statements.
        claimed = await self._session.execute(
            update(Reminder)
            .where(
                Reminder.user_id.in_(ids),
                or_(Reminder.lease_until.is_(None), Reminder.lease_until < now),
            )
            .values(lease_owner=owner, lease_until=now + LEASE)
            .returning(Reminder.user_id)
        )
        claimed_ids = list(claimed.scalars())
        rows = await self._session.execute(
            select(Reminder, User)
            .join(User, User.id == Reminder.user_id)
            .where(Reminder.user_id.in_(claimed_ids))
            .order_by(Reminder.next_fire_at)
            .execution_options(populate_existing=True)
        )
        result = []
        for reminder, user in rows:
            assert reminder.next_fire_at is not None
            result.append(
                DueReminder(
                    user_id=reminder.user_id,
                    chat_id=reminder.chat_id,
                    first_name=user.first_name,
                    due=reminder.next_fire_at,
                    snoozed=reminder.snoozed,
                    setting=_setting(reminder),
                    cue_sound=user.cue_sound,
                    cutoff_hour=user.night_cutoff_hour,
                    reachable=user.reachable,
                )
            )
        return result

    async def renew(self, owner: str, user_ids: list[int], now: datetime) -> None:
        """Extend the leases `owner` still holds on these rows: it is alive and working."""
        await self._session.execute(
            update(Reminder)
            .where(Reminder.user_id.in_(user_ids), Reminder.lease_owner == owner)
            .values(lease_until=now + LEASE)
        )

    async def record_attempt(self, owner: str, reminder: DueReminder, now: datetime) -> bool:
        """Mark the due moment attempted, just before its send; False means do not send.

        False when the claim is no longer this one: the person changed the reminder, or
        the lease ran out and another process took the row.
        """
        result = await self._session.execute(
            update(Reminder)
            .where(*_still_claimed(owner, reminder), Reminder.enabled.is_(True))
            .values(last_sent_for=reminder.due, lease_until=now + LEASE)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def finish(
        self,
        owner: str,
        reminder: DueReminder,
        next_fire_at: datetime,
        *,
        undo_attempt: bool = False,
    ) -> bool:
        """Write the next due moment and release the lease.

        `undo_attempt` puts the attempt marker back (Telegram said the send was refused).
        Does nothing if the person changed the reminder while it was claimed: their
        change already set the next moment and dropped the lease.
        """
        values: dict[str, object] = {
            "next_fire_at": next_fire_at,
            "snoozed": False,
            "lease_owner": None,
            "lease_until": None,
        }
        if undo_attempt:
            values["last_sent_for"] = reminder.setting.last_sent_for
        result = await self._session.execute(
            update(Reminder).where(*_still_claimed(owner, reminder)).values(**values)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def retry_later(self, owner: str, reminder: DueReminder, at: datetime) -> None:
        """Take the attempt back and let the row be claimed again at `at`.

        Only for a send that certainly did not reach Telegram.
        """
        await self._session.execute(
            update(Reminder)
            .where(*_still_claimed(owner, reminder))
            .values(lease_until=at, last_sent_for=reminder.setting.last_sent_for)
        )


def _still_claimed(owner: str, reminder: DueReminder) -> tuple[ColumnElement[bool], ...]:
    """The row is still the one `owner` claimed: same lease owner, same due moment."""
    return (
        Reminder.user_id == reminder.user_id,
        Reminder.lease_owner == owner,
        Reminder.next_fire_at == reminder.due,
    )
