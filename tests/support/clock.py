"""Test clocks: bot time that starts at a chosen moment and may run faster than real time."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain.clock import ScaledClock

TEST_START = datetime(2026, 11, 23, 21, 30, tzinfo=UTC)


def make_clock(scale: float = 1.0) -> ScaledClock:
    return ScaledClock(TEST_START, scale)
