"""Send due reminders: one repeating tick claims rows from the database, paced by one budget.

There is no job per person: start-up cost and memory do not grow with the number of
reminders. Each row goes claim (committed, with a lease) → send → sent marker + next due
moment (one statement), so a crash before sending is picked up again once the lease runs
out, and a reminder sent and marked is never sent again.
"""

from __future__ import annotations

import asyncio
import logging
import time as monotonic
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Message
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import ContextTypes

from bot.domain.nights import night_of
from bot.domain.reminders import is_too_late, next_occurrence
from bot.storage.progress import ProgressRepository
from bot.storage.reminders import DueReminder, ReminderRepository
from bot.storage.users import UserRepository
from bot.telegram.context import SERVICES_KEY, AnyApplication, Services
from bot.telegram.transport.rate_limit import MeteredRateLimiter, reminder_share
from bot.telegram.transport.retries import with_retries
from bot.telegram.views import reminder_views
from bot.telegram.views.screens import Screen

log = logging.getLogger(__name__)

DISPATCHER_KEY = "reminder_dispatcher"
BATCH = 200
MAX_IN_FLIGHT = 64
# A send that failed for a passing reason (Telegram 5xx, a timeout) is tried again then.
RETRY_AFTER_FAILURE = timedelta(seconds=30)
# The least share of the reminder budget kept when other traffic fills the overall cap.
MIN_SHARE = 0.2
# Completions this recent are enough to tell whether tonight is already done.
RECENT = timedelta(hours=36)


class Budget:
    """Spaces sends evenly across everything that asks for a slot, at the rate `rate()`
    gives when each slot is handed out."""

    def __init__(self, rate: Callable[[], float]) -> None:
        self._rate = rate
        self._next = 0.0

    async def slot(self) -> None:
        now = monotonic.monotonic()
        start = max(now, self._next)
        self._next = start + 1 / self._rate()
        if start > now:
            await asyncio.sleep(start - now)


@dataclass(frozen=True)
class Tonight:
    """What decides whether tonight's reminder is still wanted."""

    done: bool
    resting: bool
    in_routine: bool


class ReminderDispatcher:
    def __init__(self, application: AnyApplication) -> None:
        self._application = application
        self._services: Services = application.bot_data[SERVICES_KEY]
        # A lease names its owner, so only this process can finish what it claimed.
        self.owner = f"{uuid.uuid4().hex[:12]}"
        limiter = application.bot.rate_limiter
        self._limiter = limiter if isinstance(limiter, MeteredRateLimiter) else None
        self._budget = Budget(self.rate)
        self._in_flight = asyncio.Semaphore(MAX_IN_FLIGHT)
        self._run: asyncio.Task[int] | None = None
        self.sent = 0

    def rate(self) -> float:
        """Reminders per second right now: what the overall cap leaves after replies, cues
        and cards, within the reminder budget."""
        budget = self._services.reminder_rate
        if self._limiter is None:
            return budget
        others = self._limiter.meter.others_per_second()
        floor = budget * MIN_SHARE
        return reminder_share(budget, self._limiter.overall_max_rate, others, floor)

    def start(self) -> None:
        """Tick on the quarter minute, so a 22:30 reminder goes out at 22:30:00."""
        interval = self._services.reminder_tick_seconds / self._services.time_scale
        job_queue = self._application.job_queue
        assert job_queue is not None
        first = interval - (monotonic.time() % interval)
        job_queue.run_repeating(self._tick, interval=interval, first=first, name="reminders")

    async def _tick(self, _context: ContextTypes.DEFAULT_TYPE) -> None:
        if self._run is None or self._run.done():
            self._run = asyncio.create_task(self.run_once(), name="reminders")

    async def run_once(self) -> int:
        """Claim and handle due reminders until none are due; returns how many were sent."""
        sent_before = self.sent
        while True:
            now = self._services.clock()
            async with self._services.database.transaction() as db:
                due = await ReminderRepository(db).claim_due(self.owner, now, BATCH)
                tonight = await _tonight(db, due, now) if due else {}
            if not due:
                return self.sent - sent_before
            tasks = []
            for reminder in due:
                if self._wanted(reminder, tonight[reminder.user_id], now):
                    await self._budget.slot()
                    await self._in_flight.acquire()
                    tasks.append(asyncio.create_task(self._send(reminder)))
                else:
                    await self._finish(reminder, sent=False)
            await asyncio.gather(*tasks)

    def _wanted(self, reminder: DueReminder, tonight: Tonight, now: datetime) -> bool:
        if is_too_late(reminder.due, now):
            log.info("reminder for %s skipped: the bot was down at its time", reminder.user_id)
            return False
        return not (tonight.done or tonight.resting or tonight.in_routine)

    async def _send(self, reminder: DueReminder) -> None:
        try:
            screen = reminder_views.reminder(reminder.first_name, reminder.due, reminder.snoozed)
            await with_retries(lambda: self._send_reminder(reminder, screen))
        except (Forbidden, BadRequest) as error:
            # Blocked, or the chat is gone: stop reminding this person, and only them.
            log.info("reminders off for %s: %s", reminder.user_id, error.message)
            await self._unreachable(reminder)
        except TelegramError as error:
            log.warning("reminder for %s not sent, will retry: %s", reminder.user_id, error)
            async with self._services.database.transaction() as db:
                retry_at = self._services.clock() + RETRY_AFTER_FAILURE
                await ReminderRepository(db).retry_later(self.owner, reminder.user_id, retry_at)
        else:
            self.sent += 1
            await self._finish(reminder, sent=True)
        finally:
            self._in_flight.release()

    async def _send_reminder(self, reminder: DueReminder, screen: Screen) -> Message:
        if self._limiter is not None:
            self._limiter.meter.record_bulk()
        message: Message = await self._application.bot.send_message(
            reminder.chat_id,
            screen.text,
            reply_markup=screen.markup,
            disable_notification=not reminder.cue_sound,
        )
        return message

    async def _finish(self, reminder: DueReminder, sent: bool) -> None:
        now = self._services.clock()
        setting = reminder.setting
        after = max(now, reminder.due)
        upcoming = next_occurrence(setting.local_time, setting.days, ZoneInfo(setting.zone), after)
        async with self._services.database.transaction() as db:
            await ReminderRepository(db).finish(self.owner, reminder, upcoming, sent, now)

    async def _unreachable(self, reminder: DueReminder) -> None:
        now = self._services.clock()
        async with self._services.database.transaction() as db:
            await ReminderRepository(db).turn_off_for_user(reminder.user_id, now)
            await UserRepository(db).mark_unreachable(reminder.user_id)


async def _tonight(db: AsyncSession, due: list[DueReminder], now: datetime) -> dict[int, Tonight]:
    """Three queries for the whole batch: finished tonight, resting tonight, mid-routine."""
    zones = {reminder.user_id: reminder.setting.zone for reminder in due}
    cutoffs = {reminder.user_id: reminder.cutoff_hour for reminder in due}
    nights = {
        user_id: night_of(now, ZoneInfo(zone), cutoffs[user_id]) for user_id, zone in zones.items()
    }
    progress = ProgressRepository(db)
    recent = await progress.recent_completions(zones, since=now - RECENT)
    resting = await progress.resting(nights)
    mid_routine = await progress.mid_routine(list(zones))
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
