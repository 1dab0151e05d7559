"""The clock is passed in, so tests and the demo can move time without sleeping.

Durations in the domain are in "bot time". A `ScaledClock` runs bot time N times faster
than the wall clock (the demo's --speed, fast tests); timers divide by the same factor.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


class ScaledClock:
    """Bot time that starts at `start` and runs `scale` times faster than real time."""

    def __init__(self, start: datetime | None = None, scale: float = 1.0) -> None:
        if scale <= 0:
            raise ValueError("scale must be positive")
        self.scale = scale
        self._start = start or utc_now()
        self._real_start = time.monotonic()
        self._jump = timedelta()

    def __call__(self) -> datetime:
        elapsed = (time.monotonic() - self._real_start) * self.scale
        return self._start + timedelta(seconds=elapsed) + self._jump

    def advance(self, **delta: float) -> None:
        """Jump ahead (tests: "it is now 00:30")."""
        self._jump += timedelta(**delta)
