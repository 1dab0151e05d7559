"""When a nightly reminder fires: local wall time in an IANA zone, through every clock change."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.domain.reminders import (
    MISSED_GRACE,
    WEEKDAYS,
    DayPart,
    day_part,
    fire_on,
    is_too_late,
    next_occurrence,
)
from bot.domain.timezones import zone_names

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "at", "days", "after", "expected"),
    [
        # Berlin, an ordinary night: 22:30 CET is 21:30 UTC.
        ("Europe/Berlin", time(22, 30), WEEKDAYS, utc(2025, 1, 15, 12), utc(2025, 1, 15, 21, 30)),
        # Strictly after: asking at the fire moment gives the next night.
        (
            "Europe/Berlin",
            time(22, 30),
            WEEKDAYS,
            utc(2025, 1, 15, 21, 30),
            utc(2025, 1, 16, 21, 30),
        ),
        # Spring forward (30 March 2025, 02:00 -> 03:00): 02:30 does not exist, fires at 03:00.
        ("Europe/Berlin", time(2, 30), WEEKDAYS, utc(2025, 3, 29, 23), utc(2025, 3, 30, 1, 0)),
        # ...and the next night is back at 02:30, now CEST.
        ("Europe/Berlin", time(2, 30), WEEKDAYS, utc(2025, 3, 30, 1, 0), utc(2025, 3, 31, 0, 30)),
        # Fall back (26 October 2025, 03:00 -> 02:00): 02:30 happens twice, fires at the first.
        ("Europe/Berlin", time(2, 30), WEEKDAYS, utc(2025, 10, 25, 22), utc(2025, 10, 26, 0, 30)),
        # ...and not again at the second 02:30 (01:30 UTC): next is the 27th, CET.
        (
            "Europe/Berlin",
            time(2, 30),
            WEEKDAYS,
            utc(2025, 10, 26, 0, 30),
            utc(2025, 10, 27, 1, 30),
        ),
        # The evening of a clock change keeps its wall time.
        ("Europe/Berlin", time(22, 30), WEEKDAYS, utc(2025, 3, 30, 12), utc(2025, 3, 30, 20, 30)),
        # New York: EST then EDT, and its own spring gap (9 March 2025, 02:00 -> 03:00).
        ("America/New_York", time(22, 30), WEEKDAYS, utc(2025, 3, 8, 12), utc(2025, 3, 9, 3, 30)),
        ("America/New_York", time(22, 30), WEEKDAYS, utc(2025, 3, 9, 12), utc(2025, 3, 10, 2, 30)),
        ("America/New_York", time(2, 15), WEEKDAYS, utc(2025, 3, 9, 5), utc(2025, 3, 9, 7, 0)),
        # Lord Howe moves only 30 minutes: 5 October 2025, 02:00 -> 02:30 (+10:30 -> +11).
        (
            "Australia/Lord_Howe",
            time(2, 15),
            WEEKDAYS,
            utc(2025, 10, 4, 12),
            utc(2025, 10, 4, 15, 30),
        ),
        (
            "Australia/Lord_Howe",
            time(22, 0),
            WEEKDAYS,
            utc(2025, 10, 5, 0),
            utc(2025, 10, 5, 11, 0),
        ),
        # ...and back on 5 April 2026, 02:00 -> 01:30: 01:45 twice, fires at the first (+11).
        (
            "Australia/Lord_Howe",
            time(1, 45),
            WEEKDAYS,
            utc(2026, 4, 4, 12),
            utc(2026, 4, 4, 14, 45),
        ),
        (
            "Australia/Lord_Howe",
            time(1, 45),
            WEEKDAYS,
            utc(2026, 4, 4, 14, 45),
            utc(2026, 4, 5, 15, 15),
        ),
        # Odd offsets: Kolkata +5:30, Kathmandu +5:45, Eucla +8:45, Chatham +13:45 in January.
        ("Asia/Kolkata", time(22, 0), WEEKDAYS, utc(2025, 6, 2), utc(2025, 6, 2, 16, 30)),
        ("Asia/Kathmandu", time(22, 30), WEEKDAYS, utc(2025, 6, 2), utc(2025, 6, 2, 16, 45)),
        ("Australia/Eucla", time(22, 0), WEEKDAYS, utc(2025, 6, 2), utc(2025, 6, 2, 13, 15)),
        ("Pacific/Chatham", time(22, 0), WEEKDAYS, utc(2025, 1, 14, 12), utc(2025, 1, 15, 8, 15)),
        # Chatham springs forward at 02:45 -> 03:45 (28 September 2025).
        ("Pacific/Chatham", time(3, 0), WEEKDAYS, utc(2025, 9, 27, 12), utc(2025, 9, 27, 14, 0)),
        # A local date ahead of the UTC date: Monday 06:00 in Auckland is Sunday in UTC.
        ("Pacific/Auckland", time(6, 0), frozenset({MON}), utc(2025, 6, 1), utc(2025, 6, 1, 18)),
        # Weeknights only: asked on Friday night after the reminder, next is Monday.
        (
            "Europe/Berlin",
            time(22, 30),
            frozenset({MON, TUE, WED, THU, FRI}),
            utc(2025, 1, 17, 22),
            utc(2025, 1, 20, 21, 30),
        ),
        # Samoa skipped Friday 30 December 2011 entirely: a Friday-only reminder waits a week.
        ("Pacific/Apia", time(22, 0), frozenset({FRI}), utc(2011, 12, 28), utc(2012, 1, 6, 8, 0)),
    ],
)
def test_next_occurrence_examples(
    zone: str, at: time, days: frozenset[int], after: datetime, expected: datetime
) -> None:
    result = next_occurrence(at, days, ZoneInfo(zone), after)
    assert result == expected
    assert result.tzinfo is UTC


def test_lord_howe_examples_are_the_local_times_they_claim() -> None:
    zone = ZoneInfo("Australia/Lord_Howe")
    assert utc(2025, 10, 4, 15, 30).astimezone(zone).replace(tzinfo=None) == datetime(
        2025, 10, 5, 2, 30
    )
    second = utc(2026, 4, 4, 15, 15).astimezone(zone)
    assert second.replace(tzinfo=None) == datetime(2026, 4, 5, 1, 45)
    assert second.fold == 1  # the one the reminder skips


def test_after_in_another_zone_is_the_same_moment() -> None:
    after = utc(2025, 1, 15, 12).astimezone(ZoneInfo("Asia/Tokyo"))
    assert next_occurrence(time(22, 30), WEEKDAYS, ZoneInfo("Europe/Berlin"), after) == utc(
        2025, 1, 15, 21, 30
    )


def test_naive_after_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        next_occurrence(time(22), WEEKDAYS, ZoneInfo("UTC"), datetime(2025, 1, 1))


@pytest.mark.parametrize("days", [frozenset(), frozenset({7}), frozenset({-1, 2})])
def test_bad_days_are_refused(days: frozenset[int]) -> None:
    with pytest.raises(ValueError, match="days"):
        next_occurrence(time(22), days, ZoneInfo("UTC"), utc(2025, 1, 1))


def test_fire_on_a_skipped_date_is_none() -> None:
    assert fire_on(date(2011, 12, 30), time(22), ZoneInfo("Pacific/Apia")) is None


@pytest.mark.parametrize(
    ("late", "too_late"),
    [
        (timedelta(0), False),
        (timedelta(minutes=59), False),
        (MISSED_GRACE, False),
        (MISSED_GRACE + timedelta(seconds=1), True),
        (timedelta(hours=5), True),
        (-timedelta(minutes=5), False),
    ],
)
def test_missed_reminder_grace(late: timedelta, too_late: bool) -> None:
    due = utc(2025, 1, 15, 21, 30)
    assert is_too_late(due, due + late) is too_late


def test_grace_can_be_changed() -> None:
    due = utc(2025, 1, 15, 21, 30)
    assert is_too_late(due, due + timedelta(minutes=20), grace=timedelta(minutes=15))


# --- The part of the day a reminder greets by ------------------------------------------------


@pytest.mark.parametrize(
    ("local", "part"),
    [
        (time(0, 0), DayPart.NIGHT),
        (time(0, 30), DayPart.NIGHT),
        (time(4, 59), DayPart.NIGHT),
        (time(5, 0), DayPart.MORNING),
        (time(11, 59), DayPart.MORNING),
        (time(12, 0), DayPart.AFTERNOON),
        (time(16, 59), DayPart.AFTERNOON),
        (time(17, 0), DayPart.EVENING),
        (time(22, 30), DayPart.EVENING),
        (time(23, 59, 59), DayPart.EVENING),
    ],
)
def test_day_part_examples(local: time, part: DayPart) -> None:
    assert day_part(local) is part


@given(minute=st.integers(0, 24 * 60 - 1))
def test_only_17_to_midnight_is_evening_and_the_parts_run_in_order(minute: int) -> None:
    local = time(minute // 60, minute % 60)
    assert (day_part(local) is DayPart.EVENING) == (17 <= local.hour <= 23)
    order = list(DayPart)
    later = time(min(minute + 1, 24 * 60 - 1) // 60, min(minute + 1, 24 * 60 - 1) % 60)
    assert order.index(day_part(local)) <= order.index(day_part(later)), "never goes back"


# --- Property tests against an independent, per-date reference -----------------------------

ZONES = sorted(zone_names())
PROPERTY_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

moments = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2040, 12, 31), timezones=st.just(UTC)
)
wall_times = st.builds(time, st.integers(0, 23), st.integers(0, 59))
day_sets = st.frozensets(st.integers(0, 6), min_size=1)


def _offsets_near(zone: tzinfo, start: datetime, end: datetime) -> set[timedelta]:
    """Every UTC offset the zone uses from `start` to `end`, sampled hourly."""
    offsets = set()
    moment = start
    while moment <= end:
        offset = moment.astimezone(zone).utcoffset()
        assert offset is not None
        offsets.add(offset)
        moment += timedelta(hours=1)
    return offsets


def _instants(wall: datetime, zone: tzinfo, offsets: set[timedelta]) -> list[datetime]:
    """All UTC moments whose local wall time in `zone` is `wall`, earliest first."""
    found = set()
    for offset in offsets:
        moment = (wall - offset).replace(tzinfo=UTC)
        if moment.astimezone(zone).replace(tzinfo=None) == wall:
            found.add(moment)
    return sorted(found)


def _offsets_around(wall: datetime, zone: tzinfo) -> set[timedelta]:
    """The offsets in force at any moment whose local time could be `wall` (-12h..+14h)."""
    start = wall.replace(tzinfo=UTC) - timedelta(hours=15)
    return _offsets_near(zone, start, start + timedelta(hours=29))


def _reference_fire(day: date, at: time, zone: tzinfo) -> datetime | None:
    wall = datetime.combine(day, at)
    offsets = _offsets_around(wall, zone)
    instants = _instants(wall, zone, offsets)
    if instants:
        return instants[0]
    minute = wall
    while True:
        minute += timedelta(minutes=1)
        if minute.date() != day:
            return None
        instants = _instants(minute, zone, offsets)
        if instants:
            return instants[0]


def _reference_sequence(
    at: time, days: frozenset[int], zone: tzinfo, start: datetime, count: int
) -> list[datetime]:
    """The first `count` fires after `start`, computed date by date."""
    fires: list[datetime] = []
    day = start.astimezone(zone).date() - timedelta(days=1)
    while len(fires) < count:
        if day.weekday() in days:
            fire = _reference_fire(day, at, zone)
            if fire is not None and fire > start:
                fires.append(fire)
        day += timedelta(days=1)
    return fires


def _iterate(
    at: time, days: frozenset[int], zone: tzinfo, start: datetime, count: int
) -> list[datetime]:
    fires = []
    moment = start
    for _ in range(count):
        moment = next_occurrence(at, days, zone, moment)
        fires.append(moment)
    return fires


def _skipped_dates(zone: tzinfo, start: datetime, end: datetime) -> bool:
    """Whether the zone jumped over a whole local date between `start` and `end`."""
    moment = start
    previous = start.astimezone(zone).date()
    while moment <= end:
        moment += timedelta(hours=1)
        current = moment.astimezone(zone).date()
        if (current - previous).days > 1:
            return True
        previous = current
    return False


@PROPERTY_SETTINGS
@given(zone_name=st.sampled_from(ZONES), after=moments, at=wall_times, days=day_sets)
def test_next_occurrence_properties(
    zone_name: str, after: datetime, at: time, days: frozenset[int]
) -> None:
    zone = ZoneInfo(zone_name)
    result = next_occurrence(at, days, zone, after)
    assert result.tzinfo is UTC
    assert result > after
    assert result - after <= timedelta(days=8) or _skipped_dates(zone, after, result)
    fired = result.astimezone(zone)
    assert fired.weekday() in days
    wall = datetime.combine(fired.date(), at)
    offsets = _offsets_around(wall, zone)
    instants = _instants(wall, zone, offsets)
    if instants:
        # The wall time exists that night: it fires then, at the first if it happens twice.
        assert fired.time() == at
        assert result == instants[0]
    else:
        # A gap: the first minute after it, and nothing between the asked time and then.
        assert fired.time() > at
        just_before = fired.replace(tzinfo=None) - timedelta(minutes=1)
        assert not _instants(just_before, zone, offsets)


@PROPERTY_SETTINGS
@given(zone_name=st.sampled_from(ZONES), start=moments, at=wall_times, days=day_sets)
def test_iterating_matches_a_per_date_reference(
    zone_name: str, start: datetime, at: time, days: frozenset[int]
) -> None:
    zone = ZoneInfo(zone_name)
    fires = _iterate(at, days, zone, start, 6)
    assert fires == _reference_sequence(at, days, zone, start, 6)
    local_dates = [fire.astimezone(zone).date() for fire in fires]
    assert local_dates == sorted(set(local_dates)), "two fires on one local date"


def _transitions(zone: tzinfo, year: int) -> list[datetime]:
    """The UTC moments the zone changed its offset during `year`, to the second."""
    found = []
    moment = datetime(year, 1, 1, tzinfo=UTC)
    end = datetime(year + 1, 1, 1, tzinfo=UTC)
    offset = moment.astimezone(zone).utcoffset()
    while moment < end:
        step = moment + timedelta(days=1)
        if step.astimezone(zone).utcoffset() != offset:
            low, high = moment, step
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                if middle.astimezone(zone).utcoffset() == offset:
                    low = middle
                else:
                    high = middle
            found.append(high)
            offset = step.astimezone(zone).utcoffset()
        moment = step
    return found


# Zones with clock changes of every size and direction, and at odd minutes.
CHANGING_ZONES = [
    "Europe/Berlin",
    "America/New_York",
    "America/St_Johns",
    "America/Santiago",
    "America/Havana",
    "Asia/Tehran",
    "Asia/Jerusalem",
    "Asia/Gaza",
    "Africa/Casablanca",
    "Australia/Lord_Howe",
    "Australia/Adelaide",
    "Pacific/Chatham",
    "Pacific/Auckland",
    "Pacific/Apia",
    "Antarctica/Troll",
    "Europe/Moscow",
]


@PROPERTY_SETTINGS
@given(
    zone_name=st.sampled_from(CHANGING_ZONES),
    year=st.integers(1990, 2040),
    which=st.integers(0, 10),
    minutes=st.integers(-150, 150),
    days=day_sets,
)
def test_around_clock_changes(
    zone_name: str, year: int, which: int, minutes: int, days: frozenset[int]
) -> None:
    """Asked times right around a change of offset, where gaps and repeats are."""
    zone = ZoneInfo(zone_name)
    transitions = _transitions(zone, year)
    if not transitions:
        return
    change = transitions[which % len(transitions)]
    before = (change - timedelta(seconds=1)).astimezone(zone).replace(tzinfo=None)
    at = (before + timedelta(minutes=minutes)).time().replace(second=0, microsecond=0)
    start = change - timedelta(days=1)
    fires = _iterate(at, days, zone, start, 4)
    assert fires == _reference_sequence(at, days, zone, start, 4)
    for fire in fires:
        assert fire.astimezone(zone).weekday() in days
