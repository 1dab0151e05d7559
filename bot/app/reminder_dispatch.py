"""Send due reminders: each tick claims rows from the database and sends them, paced.

There is no job per person: start-up cost and memory do not grow with the number of
reminders. Each row goes claim (committed, with a lease) → send → sent marker + next due
moment (one statement), so a crash before sending is picked up again once the lease runs
out, and a reminder sent and marked is never sent again.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.app.messages import ReminderMessage
from bot.app.ports import Lane, Outbox, Recipient, Unreachable
from bot.domain.clock import Clock
from bot.domain.nights import night_of
from bot.domain.reminders import is_too_late, next_occurrence
from bot.storage.db import Database
from bot.storage.reminders import DueReminder
from bot.storage.unit import Unit

log = logging.getLogger(__name__)

BATCH = 200
# A send that failed for a passing reason (Telegram 5xx, a timeout) is tried again then.
RETRY_AFTER_FAILURE = timedelta(seconds=30)
# Completions this recent are enough to tell whether tonight is already done.
RECENT = timedelta(hours=36)


@dataclass(frozen=True)
class Tonight:
    """What decides whether tonight's reminder is still wanted."""

    done: bool
    resting: bool
    in_routine: bool


class ReminderDispatch:
    def __init__(self, database: Database, clock: Clock, outbox: Outbox) -> None:
        self._database = database
        self._clock = clock
        self._outbox = outbox
        # A lease names its owner, so only this process can finish what it claimed.
        self.owner = uuid.uuid4().hex[:12]
        self._run: asyncio.Task[int] | None = None
        self.sent = 0

    def tick(self) -> None:
        """Start a run unless one is still going (a big wave can outlast a tick)."""
        if self._run is None or self._run.done():
            self._run = asyncio.create_task(self.run_once(), name="reminders")

    async def settled(self) -> None:
        """Wait for the run in progress, if any, to finish."""
        if self._run is not None:
            await asyncio.shield(self._run)

    async def run_once(self) -> int:
        """Claim and handle due reminders until none are due; returns how many were sent."""
        sent_before = self.sent
        while True:
            now = self._clock()
            async with self._database.unit() as unit:
                due = await unit.reminders.claim_due(self.owner, now, BATCH)
                tonight = await _tonight(unit, due, now) if due else {}
            if not due:
                return self.sent - sent_before
            tasks = []
            for reminder in due:
                if _wanted(reminder, tonight[reminder.user_id], now):
                    tasks.append(asyncio.create_task(self._send(reminder)))
                else:
                    await self._finish(reminder, sent=False)
            await asyncio.gather(*tasks)

    async def _send(self, reminder: DueReminder) -> None:
        message = ReminderMessage(reminder.first_name, reminder.due, reminder.snoozed)
        to = Recipient(reminder.chat_id, sound=reminder.cue_sound)
        try:
            message_id = await self._outbox.send(to, message, Lane.REMINDER)
        except Unreachable as gone:
            # Blocked, or the chat is gone: stop reminding this person, and only them.
            log.info("reminders off for %s: %s", reminder.user_id, gone)
            await self._unreachable(reminder)
            return
        if message_id is None:
            log.warning("reminder for %s not sent, will retry", reminder.user_id)
            async with self._database.unit() as unit:
                retry_at = self._clock() + RETRY_AFTER_FAILURE
                await unit.reminders.retry_later(self.owner, reminder.user_id, retry_at)
            return
        self.sent += 1
        await self._finish(reminder, sent=True)

    async def _finish(self, reminder: DueReminder, sent: bool) -> None:
        now = self._clock()
        setting = reminder.setting
        after = max(now, reminder.due)
        upcoming = next_occurrence(setting.local_time, setting.days, ZoneInfo(setting.zone), after)
        async with self._database.unit() as unit:
            await unit.reminders.finish(self.owner, reminder, upcoming, sent, now)

    async def _unreachable(self, reminder: DueReminder) -> None:
        now = self._clock()
        async with self._database.unit() as unit:
            await unit.reminders.turn_off_for_user(reminder.user_id, now)
            await unit.users.mark_unreachable(reminder.user_id)


def _wanted(reminder: DueReminder, tonight: Tonight, now: datetime) -> bool:
    if is_too_late(reminder.due, now):
        log.info("reminder for %s skipped: the bot was down at its time", reminder.user_id)
        return False
    return not (tonight.done or tonight.resting or tonight.in_routine)


async def _tonight(unit: Unit, due: list[DueReminder], now: datetime) -> dict[int, Tonight]:
    """Three queries for the whole batch: finished tonight, resting tonight, mid-routine."""
    zones = {reminder.user_id: reminder.setting.zone for reminder in due}
    cutoffs = {reminder.user_id: reminder.cutoff_hour for reminder in due}
    nights = {
        user_id: night_of(now, ZoneInfo(zone), cutoffs[user_id]) for user_id, zone in zones.items()
    }
    recent = await unit.progress.recent_completions(zones, since=now - RECENT)
    resting = await unit.progress.resting(nights)
    mid_routine = await unit.progress.mid_routine(list(zones))
    return {
        user_id: Tonight(
            done=any(
                night_of(c.moment, ZoneInfo(c.zone), cutoffs[user_id]) == nights[user_id]
                for c in recent[user_id]
            ),
            resting=user_id in resting,
            in_routine=user_id in mid_routine,
        )
        for user_id in zones
    }
