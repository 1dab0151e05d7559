"""Stopping the bot while timers fall due: nothing is cut off half-way, nothing logged as an error.

PTB's JobQueue waits for the jobs running when it stops, but APScheduler cancels a job that
starts during that wait; a practice's tick was cut off mid-send and logged with a traceback.
"""

from __future__ import annotations

import asyncio
import logging

import pytest

from tests.conftest import RunningBot


async def test_a_timer_falling_due_while_the_bot_stops_waits_for_the_next_start(
    bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    queue = bot.application.job_queue
    assert queue is not None
    finished: list[str] = []

    async def running(_: object) -> None:
        await asyncio.sleep(0.3)
        finished.append("running")

    async def falls_due(_: object) -> None:
        await asyncio.sleep(0.3)
        finished.append("falls due")

    queue.run_once(running, 0)
    await asyncio.sleep(0.05)
    queue.run_once(falls_due, 0.1)  # due while the bot waits for `running` to end
    await bot.stop()

    # `falls due` either never started (its practice's row re-arms it) or ran to its end.
    assert finished in (["running"], ["running", "falls due"])
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
