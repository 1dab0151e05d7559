"""Reminders make room under the overall cap for everything else the bot is sending."""

from __future__ import annotations

import pytest

from bot.telegram.transport.rate_limit import OutgoingMeter, reminder_share


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_meter_counts_what_is_not_a_reminder_over_the_last_second() -> None:
    clock = FakeMonotonic()
    meter = OutgoingMeter(clock)
    for _ in range(12):  # twelve calls, four of them reminders
        meter.record()
    for _ in range(4):
        meter.record_bulk()
    assert meter.others_per_second() == 8

    clock.now += 0.5
    meter.record()
    assert meter.others_per_second() == 9

    clock.now += 0.6  # the first twelve are over a second old now
    assert meter.others_per_second() == 1


@pytest.mark.parametrize(
    ("others", "share"),
    [
        (0, 25),  # a quiet night: the whole budget
        (5, 25),  # the cap still has room for all of it
        (12, 18),  # replies, cues and cards come first
        (29, 5),  # never below the floor, so reminders still go out
    ],
)
def test_reminders_take_what_the_cap_leaves(others: float, share: float) -> None:
    assert reminder_share(budget=25, cap=30, others=others, floor=5) == share


def test_without_an_overall_cap_reminders_keep_their_budget() -> None:
    assert reminder_share(budget=25, cap=0, others=100, floor=5) == 25


def test_the_meter_keeps_only_the_last_second_even_when_nobody_asks() -> None:
    clock = FakeMonotonic()
    meter = OutgoingMeter(clock)
    for _ in range(10_000):  # a busy night with no reminder due: nothing reads the meter
        meter.record()
        clock.now += 0.01
    assert len(meter._calls) <= 101
