"""Timers on PTB's JobQueue: one job per guided practice, and the reminder tick.

The jobs are only a cache of the database: each carries the practice's step token, and a
job whose token is stale does nothing.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from telegram.ext import ContextTypes, JobQueue

OnTimer = Callable[[int, int], Awaitable[None]]


@dataclass(frozen=True)
class TimerData:
    practice_id: int
    token: int
    due: float  # time.monotonic() when it should fire


class StoppingJobQueue(JobQueue[Any]):
    """PTB's JobQueue, but a timer that falls due while the bot stops waits for the next start.

    PTB's `stop` waits for the jobs running when it is called, then APScheduler cancels any
    job started meanwhile: a practice's tick cut off mid-send, logged as an error. Pausing
    the scheduler first starts no new job; the rows re-arm every timer at the next start.
    """

    async def stop(self, wait: bool = True) -> None:
        if self.scheduler.running:
            self.scheduler.pause()
        await super().stop(wait)


def timer_name(practice_id: int) -> str:
    return f"routine:{practice_id}"


class JobQueueTimers:
    """The practices' `Timers` port; `on_timer(practice_id, token)` runs when one fires."""

    def __init__(
        self, job_queue: JobQueue[Any], on_late: Callable[[float], None] | None = None
    ) -> None:
        self._job_queue = job_queue
        self.on_timer: OnTimer | None = None
        self._on_late = on_late  # told how many seconds late each timer fired

    def arm(self, practice_id: int, token: int, delay_seconds: float) -> None:
        name = timer_name(practice_id)
        self._job_queue.run_once(
            self._fire,
            when=delay_seconds,
            data=TimerData(practice_id, token, time.monotonic() + delay_seconds),
            name=name,
            # The name is the scheduler's id, so re-arming replaces the old timer without a
            # scan of all of them. A timer runs however late the loop is (the row says what
            # is due), and may fire while the tick that armed it still sends: a lock orders
            # them.
            job_kwargs={
                "id": name,
                "replace_existing": True,
                "misfire_grace_time": None,
                "max_instances": 4,
            },
        )

    def cancel(self, practice_id: int) -> None:
        with contextlib.suppress(LookupError):  # APScheduler's JobLookupError: no such timer
            self._job_queue.scheduler.remove_job(timer_name(practice_id))

    async def _fire(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        job = context.job
        assert job is not None and isinstance(job.data, TimerData)
        assert self.on_timer is not None
        if self._on_late is not None:
            self._on_late(max(time.monotonic() - job.data.due, 0.0))
        await self.on_timer(job.data.practice_id, job.data.token)
