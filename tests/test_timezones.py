"""Finding someone's IANA zone from a place, a zone name, an offset, their clock or a pin."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.content.loader import DEFAULT_CONTENT_DIR, load_places
from bot.domain.timezones import (
    FRACTIONAL_ZONES,
    MAX_OFFSET,
    MIN_OFFSET,
    REGIONS,
    ZoneChoice,
    city_table,
    fold_place,
    is_valid_zone,
    nearest_offsets,
    no_zone_there,
    offset_label,
    offset_name,
    zone_for_offset,
    zone_from_local_time,
    zone_from_location,
    zone_label,
    zone_names,
)

CITIES_PATH = DEFAULT_CONTENT_DIR / "cities.yaml"
zone_from_text = load_places().zone_from_text

WINTER = datetime(2025, 1, 15, 21, 33, 40, tzinfo=UTC)
SUMMER = datetime(2025, 7, 15, 21, 33, 40, tzinfo=UTC)


def offset_at(zone: str, now: datetime) -> timedelta:
    offset = now.astimezone(ZoneInfo(zone)).utcoffset()
    assert offset is not None
    return offset


# --- The city table -------------------------------------------------------------------------


def test_every_zone_in_the_city_table_exists() -> None:
    table = city_table(yaml.safe_load(CITIES_PATH.read_text(encoding="utf-8")))
    assert len(table) > 200
    unknown = {place: zone for place, zone in table.items() if not is_valid_zone(zone)}
    assert unknown == {}


def test_no_two_places_in_the_table_fold_together() -> None:
    raw = yaml.safe_load(CITIES_PATH.read_text(encoding="utf-8"))
    folded = [fold_place(place) for place in raw]
    assert all(folded)
    assert len(folded) == len(set(folded))


# --- Text: places, zone names, offsets ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Berlin", "Europe/Berlin"),
        ("berlin", "Europe/Berlin"),
        ("hanoi", "Asia/Ho_Chi_Minh"),
        ("Ha Noi", "Asia/Ho_Chi_Minh"),
        ("New York", "America/New_York"),
        ("new_york", "America/New_York"),
        ("NYC", "America/New_York"),
        ("Ho Chi Minh", "Asia/Ho_Chi_Minh"),
        ("Ho Chi Minh City", "Asia/Ho_Chi_Minh"),
        ("Saigon", "Asia/Ho_Chi_Minh"),
        ("Kolkata", "Asia/Kolkata"),
        ("Calcutta", "Asia/Kolkata"),
        ("Delhi", "Asia/Kolkata"),
        ("Mumbai", "Asia/Kolkata"),
        ("Bangalore", "Asia/Kolkata"),
        ("Sao Paulo", "America/Sao_Paulo"),
        ("São Paulo", "America/Sao_Paulo"),
        ("SÃO PAULO", "America/Sao_Paulo"),
        ("St. Petersburg", "Europe/Moscow"),
        ("Saint Petersburg", "Europe/Moscow"),
        ("St Johns", "America/St_Johns"),
        ("St. John's", "America/St_Johns"),
        ("Zürich", "Europe/Zurich"),
        ("Kraków", "Europe/Warsaw"),
        ("San Francisco", "America/Los_Angeles"),
        ("Los Angeles", "America/Los_Angeles"),
        ("Seattle", "America/Los_Angeles"),
        ("Washington", "America/New_York"),
        ("Boston", "America/New_York"),
        ("Miami", "America/New_York"),
        ("Toronto", "America/Toronto"),
        ("Munich", "Europe/Berlin"),
        ("Hamburg", "Europe/Berlin"),
        ("Barcelona", "Europe/Madrid"),
        ("Milan", "Europe/Rome"),
        ("Beijing", "Asia/Shanghai"),
        ("Shenzhen", "Asia/Shanghai"),
        ("Osaka", "Asia/Tokyo"),
        ("Kyoto", "Asia/Tokyo"),
        ("Melbourne", "Australia/Melbourne"),
        ("Auckland", "Pacific/Auckland"),
        ("Cape Town", "Africa/Johannesburg"),
        ("Rio", "America/Sao_Paulo"),
        ("Buenos Aires", "America/Argentina/Buenos_Aires"),
        ("Cordoba", "America/Argentina/Cordoba"),
        ("Indianapolis", "America/Indiana/Indianapolis"),
        ("Istanbul", "Europe/Istanbul"),
        ("Kiev", "Europe/Kyiv"),
        ("Lord Howe", "Australia/Lord_Howe"),
        ("Germany", "Europe/Berlin"),
        ("Vietnam", "Asia/Ho_Chi_Minh"),
        ("India", "Asia/Kolkata"),
        ("Japan", "Asia/Tokyo"),
        ("UK", "Europe/London"),
        ("United Kingdom", "Europe/London"),
        ("England", "Europe/London"),
        ("London", "Europe/London"),
        ("Berlin, Germany", "Europe/Berlin"),
        ("in Berlin", "Europe/Berlin"),
        ("Berlin time", "Europe/Berlin"),
        ("Europe/Berlin", "Europe/Berlin"),
        ("europe/berlin", "Europe/Berlin"),
        ("America/New York", "America/New_York"),
        ("america/argentina/buenos_aires", "America/Argentina/Buenos_Aires"),
        ("US/Pacific", "US/Pacific"),
        ("Etc/GMT-7", "Etc/GMT-7"),
        ("EST", "America/New_York"),
        ("PST", "America/Los_Angeles"),
        ("CET", "Europe/Paris"),
    ],
)
def test_zone_from_place_or_name(text: str, expected: str) -> None:
    assert zone_from_text(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("UTC", "UTC"),
        ("utc", "UTC"),
        ("GMT", "UTC"),
        ("Z", "UTC"),
        ("UTC+0", "UTC"),
        ("UTC-0", "UTC"),
        ("+00:00", "UTC"),
        ("UTC+7", "Etc/GMT-7"),
        ("UTC +7", "Etc/GMT-7"),
        ("utc+07", "Etc/GMT-7"),
        ("GMT-5", "Etc/GMT+5"),
        ("GMT−5", "Etc/GMT+5"),  # a real minus sign
        ("+03:00", "Etc/GMT-3"),
        ("+0300", "Etc/GMT-3"),
        ("-3", "Etc/GMT+3"),
        ("UTC+14", "Etc/GMT-14"),
        ("UTC-12", "Etc/GMT+12"),
        ("utc+5:30", "Asia/Kolkata"),
        ("UTC+05:30", "Asia/Kolkata"),
        ("+0530", "Asia/Kolkata"),
        ("UTC+05:45", "Asia/Kathmandu"),
        ("UTC+3:30", "Asia/Tehran"),
        ("UTC+4:30", "Asia/Kabul"),
        ("UTC+6:30", "Asia/Yangon"),
        ("UTC+8:45", "Australia/Eucla"),
        ("UTC+9:30", "Australia/Darwin"),
        ("UTC+10:30", "Australia/Lord_Howe"),
        ("UTC+12:45", "Pacific/Chatham"),
        ("UTC+13:45", "Pacific/Chatham"),
        ("UTC-3:30", "America/St_Johns"),
        ("UTC-2:30", "America/St_Johns"),
        ("UTC-9:30", "Pacific/Marquesas"),
    ],
)
def test_zone_from_offset(text: str, expected: str) -> None:
    assert zone_from_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        # Atlantis is a real town near Cape Town, in the GeoNames table; Narnia is not.
        "Narnia",
        "my house",
        "UTC+15",
        "UTC-13",
        "UTC+1:15",
        "UTC-4:30",
        "UTC+5:60",
        "UTC+",
        "Europe/Atlantis",
        "localtime",
        "posix/Europe/Berlin",
        "right/Europe/Berlin",
        ", ,",
    ],
)
def test_unknown_text_is_none(text: str) -> None:
    assert zone_from_text(text) is None


@pytest.mark.parametrize(
    ("text", "now", "expected"),
    [
        # Adelaide is on +10:30 in the southern summer, Lord Howe in the winter.
        ("UTC+10:30", WINTER, "Australia/Adelaide"),
        ("UTC+10:30", SUMMER, "Australia/Lord_Howe"),
        ("UTC+9:30", WINTER, "Australia/Darwin"),
        # Chatham is +13:45 in January and +12:45 in July; nobody is on the other then.
        ("UTC+13:45", WINTER, "Pacific/Chatham"),
        ("UTC+12:45", WINTER, None),
        ("UTC+12:45", SUMMER, "Pacific/Chatham"),
        ("UTC-2:30", WINTER, None),
        ("UTC-2:30", SUMMER, "America/St_Johns"),
        ("UTC+7", WINTER, "Etc/GMT-7"),
    ],
)
def test_fractional_offset_with_a_now(text: str, now: datetime, expected: str | None) -> None:
    assert zone_from_text(text, now=now) == expected


def test_every_region_zone_is_found_by_its_full_name() -> None:
    names = [name for name in zone_names() if name.split("/")[0] in REGIONS]
    assert len(names) > 300
    assert [name for name in names if zone_from_text(name) != name] == []


def test_every_zone_city_part_finds_a_zone() -> None:
    for name in zone_names():
        if name.split("/")[0] in REGIONS:
            found = zone_from_text(name.rsplit("/", 1)[-1].replace("_", " "))
            assert found is not None and is_valid_zone(found), name


@pytest.mark.parametrize("hours", range(-12, 15))
def test_whole_hour_offsets_round_trip(hours: int) -> None:
    zone = zone_for_offset(timedelta(hours=hours))
    assert zone is not None and is_valid_zone(zone)
    assert offset_at(zone, WINTER) == timedelta(hours=hours)


@pytest.mark.parametrize("minutes", sorted(FRACTIONAL_ZONES))
def test_each_fractional_offset_has_a_zone_on_it_some_time_of_year(minutes: int) -> None:
    offset = timedelta(minutes=minutes)
    assert any(
        zone_for_offset(offset, now) is not None
        for now in (WINTER, SUMMER, WINTER.replace(month=4), WINTER.replace(month=10))
    )
    for name in FRACTIONAL_ZONES[minutes]:
        assert is_valid_zone(name)


# --- "What time is it for you now?" ---------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "now", "expected"),
    [
        ("22:34", WINTER, "Etc/GMT-1"),  # Berlin in winter
        ("10:34pm", WINTER, "Etc/GMT-1"),
        ("22:40", WINTER, "Etc/GMT-1"),  # a slow clock still rounds to the hour
        ("23:34", SUMMER, "Etc/GMT-2"),  # Berlin in summer
        ("21:33", WINTER, "UTC"),
        ("16:33", WINTER, "Etc/GMT+5"),  # New York in winter
        ("03:03", WINTER, "Asia/Kolkata"),  # the next day there
        ("03:18", WINTER, "Asia/Kathmandu"),
        ("06:18", WINTER, "Australia/Eucla"),
        ("08:03", WINTER, "Australia/Adelaide"),  # +10:30 in the southern summer
        ("07:03", SUMMER, "Australia/Darwin"),  # +9:30
        ("08:03", SUMMER, "Australia/Lord_Howe"),  # +10:30 in the southern winter
        ("11:18", WINTER, "Pacific/Chatham"),  # +13:45
        ("18:03", WINTER, "America/St_Johns"),  # -3:30
        ("12:03", WINTER, "Pacific/Marquesas"),  # -9:30
        # -11:00 or +13:00 fit: +13 (Tonga, Samoa, New Zealand in summer) is the likelier.
        ("10:33", WINTER, "Etc/GMT-13"),
        ("08:33", WINTER, "Etc/GMT-11"),  # -13 is no offset, so +11
        ("11:33", WINTER, "Etc/GMT+10"),  # -10 (Hawaii) before +14 (Kiritimati)
    ],
)
def test_zone_from_local_time(answer: str, now: datetime, expected: str) -> None:
    assert zone_from_local_time(answer, now) == expected


@pytest.mark.parametrize(
    ("answer", "now"),
    [
        ("now", WINTER),
        ("", WINTER),
        ("25:00", WINTER),
        ("10", WINTER),
        ("22:48", WINTER),  # +1:15 is no zone's offset
        ("10:20", WINTER),  # +12:45 or -11:15: Chatham is on +13:45 in January
    ],
)
def test_zone_from_local_time_refuses(answer: str, now: datetime) -> None:
    assert zone_from_local_time(answer, now) is None


@settings(max_examples=150, deadline=None)
@given(
    zone_name=st.sampled_from(sorted(zone_names())),
    now=st.datetimes(
        min_value=datetime(1990, 1, 1), max_value=datetime(2040, 12, 31), timezones=st.just(UTC)
    ),
    late=st.integers(0, 119),
)
def test_a_clock_answer_gives_that_clocks_offset(zone_name: str, now: datetime, late: int) -> None:
    """Read the clock in any zone, answer up to two minutes later: the offset comes back."""
    true_offset = offset_at(zone_name, now)
    answer = now.astimezone(ZoneInfo(zone_name)).strftime("%H:%M")
    found = zone_from_local_time(answer, now + timedelta(seconds=late))
    if found is None:
        # Only offsets no zone of ours is on at that moment (Caracas's old -4:30, say).
        assert zone_for_offset(true_offset, now) is None
    else:
        # Right to the minute, or a day away where the clock cannot tell (+14 or -10).
        assert (offset_at(found, now) - true_offset) % timedelta(days=1) == timedelta()


# --- A clock or offset no zone is on: the nearest instead ------------------------------------


def hours(value: float) -> timedelta:
    return timedelta(hours=value)


@pytest.mark.parametrize(
    ("answer", "now", "offset", "nearest"),
    [
        # WINTER is 21:33:40 UTC.
        ("14:47", WINTER, -timedelta(hours=6, minutes=47), (hours(-7), hours(-6))),
        ("22:48", WINTER, timedelta(hours=1, minutes=14), (hours(1), hours(2))),
        ("23:04", WINTER, hours(1.5), (hours(1), hours(2))),  # as near: the earlier first
        ("21:50", WINTER, timedelta(minutes=16), (hours(0), hours(1))),
        # +12:45 is Chatham's only in its winter; in January it is on +13:45.
        ("10:20", WINTER, timedelta(hours=12, minutes=46), (hours(13), hours(12))),
        ("UTC+2:15", WINTER, timedelta(hours=2, minutes=15), (hours(2), hours(3))),
        ("UTC+15", WINTER, hours(15), (hours(14), timedelta(hours=13, minutes=45))),
        ("UTC-13", WINTER, hours(-13), (hours(-12), hours(-11))),
        # St John's is on -2:30 in summer only; in winter the nearest are whole hours.
        ("UTC-2:30", WINTER, hours(-2.5), (hours(-3), hours(-2))),
        ("UTC+5:15", WINTER, timedelta(hours=5, minutes=15), (hours(5), hours(5.5))),
    ],
)
def test_no_zone_there_says_what_it_was_and_the_nearest(
    answer: str, now: datetime, offset: timedelta, nearest: tuple[timedelta, ...]
) -> None:
    found = no_zone_there(answer, now)
    assert found is not None
    assert found.offset == offset
    assert found.nearest == nearest
    assert (found.clock is not None) == (":" in answer and not answer.startswith("UTC"))


@pytest.mark.parametrize(
    ("answer", "now"),
    [
        ("22:34", WINTER),  # Berlin: a zone fits
        ("03:03", WINTER),  # Kolkata
        ("UTC+7", WINTER),
        ("UTC-2:30", SUMMER),  # St John's in summer
        ("Berlin", WINTER),
        ("Atlantis", WINTER),  # not a clock or an offset: nothing to measure
        ("25:00", WINTER),
        ("10", WINTER),
    ],
)
def test_no_zone_there_is_none_when_a_zone_fits_or_it_is_no_clock(
    answer: str, now: datetime
) -> None:
    assert no_zone_there(answer, now) is None


@settings(max_examples=200, deadline=None)
@given(
    minutes=st.integers(-16 * 60, 16 * 60),
    now=st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2040, 12, 31), timezones=st.just(UTC)
    ),
)
def test_the_nearest_offsets_are_real_nearest_and_never_the_rejected_one(
    minutes: int, now: datetime
) -> None:
    offset = timedelta(minutes=minutes)
    nearest = nearest_offsets(offset, now)
    assert len(nearest) == 2 and offset not in nearest
    assert all(zone_for_offset(found, now) is not None for found in nearest)
    distances = [abs(found - offset) for found in nearest]
    assert distances == sorted(distances)
    if zone_for_offset(offset, now) is None and MIN_OFFSET <= offset <= MAX_OFFSET:
        assert distances[0] <= timedelta(minutes=30), "whole hours are never further"


@settings(max_examples=200, deadline=None)
@given(
    minute=st.integers(0, 24 * 60 - 1),
    now=st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2040, 12, 31), timezones=st.just(UTC)
    ),
)
def test_every_clock_answer_gets_a_zone_or_the_nearest(minute: int, now: datetime) -> None:
    answer = f"{minute // 60:02d}:{minute % 60:02d}"
    zone, missing = zone_from_local_time(answer, now), no_zone_there(answer, now)
    assert (zone is None) != (missing is None)
    if missing is not None:
        assert missing.clock is not None and missing.nearest


@pytest.mark.parametrize(
    ("offset", "name"),
    [
        (hours(7), "UTC+7"),
        (hours(-3), "UTC-3"),
        (hours(0), "UTC"),
        (hours(5.5), "UTC+5:30"),
        (hours(-3.5), "UTC-3:30"),
        (timedelta(hours=12, minutes=45), "UTC+12:45"),
        (timedelta(minutes=-30), "UTC-0:30"),
    ],
)
def test_offsets_are_named_as_people_write_them(offset: timedelta, name: str) -> None:
    assert offset_name(offset) == name


# --- A shared location ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latitude", "longitude", "expected"),
    [
        (52.52, 13.405, "Europe/Berlin"),
        (40.7128, -74.006, "America/New_York"),
        (-31.5553, 159.0821, "Australia/Lord_Howe"),
        (27.7172, 85.324, "Asia/Kathmandu"),
        (-43.95, -176.55, "Pacific/Chatham"),
        # The open Atlantic: the nautical zone for 30°W, a real IANA name.
        (0.0, -30.0, "Etc/GMT+2"),
    ],
)
def test_zone_from_location(latitude: float, longitude: float, expected: str) -> None:
    assert zone_from_location(latitude, longitude) == expected


def test_hanoi_location_is_on_indochina_time() -> None:
    # The boundary data files Vietnam under Asia/Bangkok: same clock, not the same name.
    zone = zone_from_location(21.0285, 105.8542)
    assert zone is not None and is_valid_zone(zone)
    assert offset_at(zone, WINTER) == offset_at(zone, SUMMER) == timedelta(hours=7)


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [(91.0, 0.0), (-91.0, 0.0), (0.0, 181.0), (math.nan, 0.0), (0.0, math.inf)],
)
def test_zone_from_impossible_location_is_none(latitude: float, longitude: float) -> None:
    assert zone_from_location(latitude, longitude) is None


# --- Labels and validity --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "now", "expected"),
    [
        ("Europe/Berlin", WINTER, "UTC+01:00"),
        ("Europe/Berlin", SUMMER, "UTC+02:00"),
        ("America/New_York", WINTER, "UTC-05:00"),
        ("America/St_Johns", WINTER, "UTC-03:30"),
        ("Asia/Kathmandu", WINTER, "UTC+05:45"),
        ("Pacific/Chatham", WINTER, "UTC+13:45"),
        ("Etc/GMT-7", WINTER, "UTC+07:00"),
        ("UTC", WINTER, "UTC+00:00"),
    ],
)
def test_offset_label(zone: str, now: datetime, expected: str) -> None:
    assert offset_label(zone, now) == expected


def test_offset_label_of_an_unknown_zone_raises() -> None:
    with pytest.raises(ValueError, match="Mars"):
        offset_label("Mars/Olympus_Mons", WINTER)


@pytest.mark.parametrize(
    ("name", "valid"),
    [
        ("Europe/Berlin", True),
        ("Etc/GMT-7", True),
        ("UTC", True),
        ("Asia/Kathmandu", True),
        ("europe/berlin", False),
        ("Berlin", False),
        ("Etc/GMT-15", False),
        ("localtime", False),
        ("posixrules", False),
        ("", False),
    ],
)
def test_is_valid_zone(name: str, valid: bool) -> None:
    assert is_valid_zone(name) is valid


def test_zone_choice_holds_only_valid_names() -> None:
    assert ZoneChoice("Asia/Kolkata").zone == ZoneInfo("Asia/Kolkata")
    with pytest.raises(ValueError, match="Hanoi"):
        ZoneChoice("Hanoi")


@pytest.mark.parametrize(
    ("zone", "label"),
    [
        ("Europe/Berlin", "Berlin"),
        ("America/New_York", "New York"),
        ("America/Argentina/Buenos_Aires", "Buenos Aires"),
        ("Etc/GMT-7", "UTC+7"),  # POSIX signs read backwards; people never see them
        ("Etc/GMT+3", "UTC-3"),
        ("Etc/GMT-14", "UTC+14"),
        ("Etc/GMT+12", "UTC-12"),
        ("UTC", "UTC"),
    ],
)
def test_zones_are_shown_as_people_write_them(zone: str, label: str) -> None:
    assert zone_label(zone) == label
