"""Send due reminders: each tick claims rows from the database and sends them, paced.

There is no job per person: start-up cost and memory do not grow with the number of
reminders. Each row goes through four steps, each committed on its own:

1. claim: a short lease (`LEASE`, 12 s) that a heartbeat renews while this process
   works through the wave, so a process killed mid-wave frees its rows within 12 s and the
   next tick of any process (every 15 s) sends them: within 30 s of its death;
2. attempt: "attempted for this due moment", just before the send. A later claim of a row
   whose attempt is recorded finishes it without sending, so a reminder is never sent
   twice. The price, chosen on purpose: a crash between this commit and the request
   reaching Telegram loses that night's reminder for the few rows in that window (at most
   `SENDING_AT_ONCE`, each for its pace wait and one request); a duplicate is the worse harm;
3. send through the outbox;
4. finish: the next due moment, lease released.

A send that certainly did not reach Telegram (`NotSent`) takes its attempt back and is
tried again after `RETRY_AFTER_FAILURE`; one that may have arrived (None: a timeout after
the request left) is not. A person marked unreachable (a 403 anywhere, until they write
again) is sent nothing: the row moves to its next occurrence like a skipped night and the
setting is kept, so reminders resume by themselves.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from zoneinfo import ZoneInfo

from bot.app.messages import ReminderMessage
from bot.app.ports import Lane, NotSent, Outbox, Recipient, Unreachable
from bot.domain.clock import Clock
from bot.domain.nights import Completion, RestRequest, night_of, summarise, zone_info
from bot.domain.reminders import day_part, is_too_late, next_occurrence
from bot.storage.db import Database
from bot.storage.reminders import DueReminder
from bot.storage.unit import Unit

log = logging.getLogger(__name__)

BATCH = 200
# Reminders attempted and not yet answered: enough to keep the reminder budget busy over a
# slow network, few enough that a crash loses little (see step 2 above).
SENDING_AT_ONCE = 8
# A third of the lease, so one slow renewal does not lose it.
RENEW_EVERY = timedelta(seconds=4)
# A send that certainly did not reach Telegram (it was out of reach) is tried again then.
RETRY_AFTER_FAILURE = timedelta(seconds=30)
# Completions this recent are enough to tell whether tonight is already done.
RECENT = timedelta(hours=36)


@dataclass(frozen=True)
class Tonight:
    """What decides whether tonight's reminder is still wanted."""

    done: bool
    resting: bool
    in_routine: bool
    # A rest night is saved, so the reminder may offer to spend it on tonight.
    rest_available: bool


class Delivery(Enum):
    SENT = "sent"
    MAYBE = "maybe"  # the outbox cannot tell: treated as arrived, never sent again
    NOT_SENT = "not sent"  # certainly did not reach Telegram: may be tried again
    UNREACHABLE = "unreachable"  # blocked, or the chat is gone


class ReminderDispatch:
    def __init__(
        self, database: Database, clock: Clock, outbox: Outbox, time_scale: float = 1.0
    ) -> None:
        self._database = database
        self._clock = clock
        self._outbox = outbox
        self._time_scale = time_scale
        # A lease names its owner, so only this process can finish what it claimed.
        self.owner = uuid.uuid4().hex[:12]
        self._run: asyncio.Task[int] | None = None
        self._in_hand: set[int] = set()
        self._sending = asyncio.Semaphore(SENDING_AT_ONCE)
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
        heartbeat = asyncio.create_task(self._heartbeat(), name="reminder-leases")
        try:
            while await self._claim_and_handle():
                pass
        finally:
            heartbeat.cancel()
            self._in_hand.clear()
        return self.sent - sent_before

    async def _claim_and_handle(self) -> bool:
        """One batch: claim, then send or move on each row; False once none are due."""
        now = self._clock()
        async with self._database.unit() as unit:
            due = await unit.reminders.claim_due(self.owner, now, BATCH)
            tonight = await _tonight(unit, due, now) if due else {}
        if not due:
            return False
        self._in_hand.update(reminder.user_id for reminder in due)
        tasks = []
        for reminder in due:
            night = tonight[reminder.user_id]
            if _wanted(reminder, night, now):
                tasks.append(asyncio.create_task(self._send(reminder, night.rest_available)))
            else:
                await self._finish(reminder)
        await asyncio.gather(*tasks)
        return True

    async def _heartbeat(self) -> None:
        """Renew the leases on the rows in hand, so only a dead process's rows run out."""
        while True:
            await asyncio.sleep(RENEW_EVERY.total_seconds() / self._time_scale)
            if not self._in_hand:
                continue
            try:
                async with self._database.unit() as unit:
                    await unit.reminders.renew(self.owner, list(self._in_hand), self._clock())
            except Exception:
                # One missed renewal is survivable: a row taken over is not sent twice,
                # since the attempt is only recorded while the lease is still ours.
                log.exception("could not renew reminder leases")

    async def _send(self, reminder: DueReminder, rest_available: bool) -> None:
        """Record the attempt, send, and settle the row by what the outbox answered."""
        async with self._sending:
            async with self._database.unit() as unit:
                mine = await unit.reminders.record_attempt(self.owner, reminder, self._clock())
            if not mine:
                self._in_hand.discard(reminder.user_id)
                return
            delivery = await self._deliver(reminder, rest_available)
        if delivery is Delivery.NOT_SENT:
            log.warning("reminder for %s did not reach Telegram, will retry", reminder.user_id)
            self._in_hand.discard(reminder.user_id)
            async with self._database.unit() as unit:
                retry_at = self._clock() + RETRY_AFTER_FAILURE
                await unit.reminders.retry_later(self.owner, reminder, retry_at)
            return
        if delivery is Delivery.MAYBE:
            log.warning("reminder for %s may not have arrived; not sent again", reminder.user_id)
        elif delivery is Delivery.SENT:
            self.sent += 1
        await self._finish(reminder, unreachable=delivery is Delivery.UNREACHABLE)

    async def _deliver(self, reminder: DueReminder, rest_available: bool) -> Delivery:
        local_due = reminder.due.astimezone(zone_info(reminder.setting.zone))
        message = ReminderMessage(
            reminder.first_name,
            reminder.due,
            reminder.snoozed,
            day_part=day_part(local_due.time()),
            rest_available=rest_available,
        )
        to = Recipient(reminder.chat_id, sound=reminder.cue_sound)
        try:
            message_id = await self._outbox.send(to, message, Lane.REMINDER)
        except Unreachable as gone:
            log.info("reminders paused for %s until they write: %s", reminder.user_id, gone)
            return Delivery.UNREACHABLE
        except NotSent:
            return Delivery.NOT_SENT
        return Delivery.MAYBE if message_id is None else Delivery.SENT

    async def _finish(self, reminder: DueReminder, *, unreachable: bool = False) -> None:
        """Move the row to its next occurrence and let go of it.

        `unreachable`: Telegram refused the send (403), so the attempt is taken back and the
        person is marked unreachable everywhere until they write again; the setting stays.
        """
        setting = reminder.setting
        after = max(self._clock(), reminder.due)
        upcoming = next_occurrence(setting.local_time, setting.days, ZoneInfo(setting.zone), after)
        async with self._database.unit() as unit:
            await unit.reminders.finish(self.owner, reminder, upcoming, undo_attempt=unreachable)
            if unreachable:
                await unit.users.mark_unreachable(reminder.user_id)
        self._in_hand.discard(reminder.user_id)


def _wanted(reminder: DueReminder, tonight: Tonight, now: datetime) -> bool:
    if reminder.attempted:
        # Its sender died before finishing: it may have arrived, so it is not sent again.
        log.info("reminder for %s was attempted already: not sent again", reminder.user_id)
        return False
    if not reminder.reachable:
        return False
    if is_too_late(reminder.due, now):
        log.info("reminder for %s skipped: the bot was down at its time", reminder.user_id)
        return False
    return not (tonight.done or tonight.resting or tonight.in_routine)


async def _tonight(unit: Unit, due: list[DueReminder], now: datetime) -> dict[int, Tonight]:
    """Three queries for the whole batch: nights done, rest nights, mid-routine."""
    zones = {reminder.user_id: reminder.setting.zone for reminder in due}
    # Every night done, not only tonight's: the rest nights saved are counted from them all.
    done = await unit.progress.recent_completions(zones, since=None)
    rests = await unit.progress.rests_of(list(zones))
    mid_routine = await unit.progress.mid_routine(list(zones))
    return {
        reminder.user_id: _night(
            reminder,
            done[reminder.user_id],
            rests[reminder.user_id],
            in_routine=reminder.user_id in mid_routine,
            now=now,
        )
        for reminder in due
    }


def _night(
    reminder: DueReminder,
    done: list[Completion],
    rests: list[RestRequest],
    in_routine: bool,
    now: datetime,
) -> Tonight:
    zone, cutoff = reminder.setting.zone, reminder.cutoff_hour
    tonight = night_of(now, zone_info(zone), cutoff)
    recent = (c for c in done if c.moment >= now - RECENT)
    return Tonight(
        done=any(night_of(c.moment, zone_info(c.zone), cutoff) == tonight for c in recent),
        resting=any(rest.night == tonight for rest in rests),
        in_routine=in_routine,
        rest_available=summarise(done, rests, now, zone, cutoff).rest_tokens > 0,
    )
