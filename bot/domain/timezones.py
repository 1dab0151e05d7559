"""Find someone's IANA time zone from what they tell us: a place, an offset, their clock, a pin.

Everything returned is an IANA name `zoneinfo` knows, because storage keeps names, never
offsets. Fixed whole-hour offsets become "Etc/GMT∓h" (Etc's sign is reversed: UTC+7 is
"Etc/GMT-7"); fractional offsets become a real zone that uses them, since Etc has none.
Place names come from the zones' own city parts plus a table of more places, passed in.
"""

from __future__ import annotations

import math
import re
import threading
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, available_timezones

from bot.domain.reminders import parse_time
from bot.domain.words import plain

if TYPE_CHECKING:
    from timezonefinder import TimezoneFinder


# Top-level folders of current zone names; others ("US/Pacific", "Japan") are old aliases,
# matched only when typed in full.
REGIONS = frozenset(
    {
        "Africa",
        "America",
        "Antarctica",
        "Arctic",
        "Asia",
        "Atlantic",
        "Australia",
        "Europe",
        "Indian",
        "Pacific",
    }
)
# Files on the zoneinfo path that are not zones people live in ("right/" counts leap seconds).
_NOT_ZONES = frozenset({"localtime", "posixrules", "Factory"})
_NOT_ZONE_PREFIXES = ("posix/", "right/")

MIN_OFFSET = timedelta(hours=-12)
MAX_OFFSET = timedelta(hours=14)
# Fractional offsets in minutes -> real zones that use them, the one that keeps it as its
# standard time first. With a `now`, the first zone on that offset at that moment wins.
FRACTIONAL_ZONES: dict[int, tuple[str, ...]] = {
    -570: ("Pacific/Marquesas",),
    -210: ("America/St_Johns",),
    -150: ("America/St_Johns",),
    210: ("Asia/Tehran",),
    270: ("Asia/Kabul",),
    330: ("Asia/Kolkata",),
    345: ("Asia/Kathmandu",),
    390: ("Asia/Yangon",),
    525: ("Australia/Eucla",),
    570: ("Australia/Darwin", "Australia/Adelaide"),
    630: ("Australia/Lord_Howe", "Australia/Adelaide"),
    765: ("Pacific/Chatham",),
    825: ("Pacific/Chatham",),
}
# When someone's clock fits two offsets a day apart (-11:00 or +13:00), prefer the one in
# this window: it holds every inhabited offset except the nearly empty -12..-11 and +14.
_LIKELY_OFFSETS = (timedelta(hours=-10, minutes=-45), timedelta(hours=13, minutes=45))

_OFFSET = re.compile(r"(?:utc|gmt|z)?\s*([+-])\s*(\d{1,2})(?:\s*[:.h]?\s*(\d{2}))?")
_UTC_WORDS = frozenset({"utc", "gmt", "z", "zulu", "utc+0", "utc-0", "gmt+0", "gmt-0"})


@dataclass(frozen=True)
class ZoneChoice:
    """A zone someone chose; `name` is always a valid IANA name."""

    name: str

    def __post_init__(self) -> None:
        if not is_valid_zone(self.name):
            raise ValueError(f"not an IANA time zone: {self.name!r}")

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.name)


@cache
def zone_names() -> frozenset[str]:
    """Every zone name zoneinfo can load here, minus files that are not places."""
    return frozenset(
        name
        for name in available_timezones()
        if name not in _NOT_ZONES and not name.startswith(_NOT_ZONE_PREFIXES)
    )


def is_valid_zone(name: str) -> bool:
    return name in zone_names()


def fold_place(text: str) -> str:
    """One spelling for a place in any script: "São Paulo" = "sao_paulo", "St. John's" =
    "st johns", "Hà Nội" = "ha noi", "Москва" = "москва"; Thai and Chinese kept whole."""
    return " ".join("st" if word == "saint" else word for word in plain(text))


def read_city_lines(text: str) -> dict[str, str]:
    """The built city table (`content/cities.tsv`): one zone a line, then its folded place
    names joined by "|"; a name is kept for the first zone that has it."""
    table: dict[str, str] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        zone, _, names = line.partition("\t")
        for name in names.split("|"):
            table.setdefault(name, zone)
    return table


def city_table(raw: object, source: str = "the city table") -> dict[str, str]:
    """The place -> zone table, keys folded; raises ValueError naming what is wrong."""
    if not isinstance(raw, Mapping):
        raise ValueError(f"{source}: expected a mapping of place -> zone")
    table: dict[str, str] = {}
    for place, zone in raw.items():
        if not isinstance(place, str) or not isinstance(zone, str):
            raise ValueError(f"{source}: {place!r}: place and zone must be text")
        table[fold_place(place)] = zone
    return table


@cache
def _full_name_index() -> dict[str, str]:
    return {name.casefold(): name for name in zone_names()}


def zone_label(zone: str) -> str:
    """A zone as people write it: "Berlin", "New York", "UTC+7", never "Etc/GMT-7", whose
    POSIX sign reads backwards."""
    if zone in ("UTC", "Etc/UTC", "Etc/GMT"):
        return "UTC"
    fixed = re.fullmatch(r"Etc/GMT([+-])(\d+)", zone)
    if fixed is not None:
        hours = int(fixed.group(2))
        return offset_name(timedelta(hours=hours if fixed.group(1) == "-" else -hours))
    return zone.rsplit("/", 1)[-1].replace("_", " ")


def offset_name(offset: timedelta) -> str:
    """An offset as people write it: "UTC+7", "UTC-3:30", "UTC"."""
    minutes = round(offset.total_seconds() / 60)
    if minutes == 0:
        return "UTC"
    hours, part = divmod(abs(minutes), 60)
    return f"UTC{'-' if minutes < 0 else '+'}{hours}" + (f":{part:02d}" if part else "")


def is_fixed_offset(zone: str) -> bool:
    """A zone that is only an offset, with no daylight saving: its label says it all."""
    return zone == "UTC" or zone.startswith("Etc/")


def format_offset(offset: timedelta) -> str:
    """An offset as people read it: "UTC+05:30", "UTC-03:30", "UTC+00:00"."""
    minutes = round(offset.total_seconds() / 60)
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def offset_label(zone_name: str, now: datetime) -> str:
    """The zone's offset at `now` ("UTC+01:00"); raises ValueError for an unknown zone."""
    if not is_valid_zone(zone_name):
        raise ValueError(f"not an IANA time zone: {zone_name!r}")
    offset = now.astimezone(ZoneInfo(zone_name)).utcoffset()
    assert offset is not None
    return format_offset(offset)


def zone_for_offset(offset: timedelta, now: datetime | None = None) -> str | None:
    """An IANA name for a UTC offset, or None if no zone uses it (or uses it at `now`)."""
    minutes, remainder = divmod(offset.total_seconds(), 60)
    if remainder or not MIN_OFFSET <= offset <= MAX_OFFSET:
        return None
    hours, part = divmod(int(minutes), 60)
    if part == 0:
        # Etc names are POSIX-style: the sign is the opposite of the offset's.
        return "UTC" if hours == 0 else f"Etc/GMT{-hours:+d}"
    for name in FRACTIONAL_ZONES.get(int(minutes), ()):
        if now is None or now.astimezone(ZoneInfo(name)).utcoffset() == offset:
            return name
    return None


def _parse_offset(text: str) -> timedelta | None:
    folded = unicodedata.normalize("NFKC", text).casefold().replace("\u2212", "-")
    folded = folded.replace("\u2013", "-").strip()
    if folded in _UTC_WORDS:
        return timedelta()
    match = _OFFSET.fullmatch(folded)
    if match is None:
        return None
    hours, minutes = int(match[2]), int(match[3] or 0)
    if minutes > 59:
        return None
    offset = timedelta(hours=hours, minutes=minutes)
    return -offset if match[1] == "-" else offset


# Words around a place name that are not part of it, in each language the bot speaks.
_PLACE_WORDS = re.compile(
    r"^(?:(?:in|near|o|tai|en|cerca de|в|во|город|г|城市|在|ที|เมือง|จังหวัด|thanh pho|tp|tinh) )+"
    r"|(?: (?:time|city|ciudad|город))+$|(?<=\w)(?:市|省|县)$"
)


class Places:
    """Place names to zones: a table of the world's cities built from open data, the zones'
    own city parts over it, then a table of more places over both; passed in, so the domain
    reads no files. Keys of both tables are folded (`fold_place`)."""

    def __init__(self, table: Mapping[str, str], cities: Mapping[str, str] | None = None) -> None:
        index: dict[str, str] = {}
        # On a clash the deeper name is current ("America/Argentina/Cordoba") and the
        # shallower one its old alias ("America/Cordoba"), so deeper names are written last.
        for name in sorted(zone_names(), key=lambda name: (name.count("/"), name)):
            if name.split("/")[0] in REGIONS:
                index[fold_place(name.rsplit("/", 1)[-1])] = name
        index.update(table)
        self._index = index
        # Looked up after the index, never copied: the same table serves every Places.
        self._cities: Mapping[str, str] = cities or {}

    def __len__(self) -> int:
        return len(self._index) + sum(name not in self._index for name in self._cities)

    def _place(self, folded: str) -> str | None:
        return self._index.get(folded) or self._cities.get(folded)

    def zone_from_text(self, text: str, *, now: datetime | None = None) -> str | None:
        """A zone from a place, a zone name or an offset ("Hanoi", "Europe/Berlin",
        "UTC+5:30"). With `now`, a fractional offset only matches a zone on it then."""
        offset = _parse_offset(text)
        if offset is not None:
            return zone_for_offset(offset, now)
        found = self._zone_for_place(text)
        if found is not None:
            return found
        # "Berlin, Germany": the first part that names a place.
        for part in text.split(","):
            found = self._zone_for_place(part) if part.strip() else None
            if found is not None:
                return found
        return None

    def _zone_for_place(self, text: str) -> str | None:
        full = _full_name_index().get(text.strip().casefold().replace(" ", "_"))
        if full is not None and "/" in full:
            return full
        folded = fold_place(text)
        found = self._place(folded)
        if found is not None:
            return found
        if full is not None:
            # Old one-word aliases ("Japan", "EST") only after the table has had its say.
            return full
        # "in Berlin", "Berlin time", "Berlin city", "TP Hồ Chí Minh", "北京市", "г. Москва".
        trimmed = _PLACE_WORDS.sub("", folded).strip()
        return self._place(trimmed) if trimmed else None


def zone_from_local_time(text: str, now: datetime) -> str | None:
    """A zone from the answer to "what time is it for you now?" ("22:40"), or None.

    The offset is rounded to 15 minutes (people answer a minute or two late), and the only
    zones returned are those on that offset at `now`: whole hours give "Etc/GMT∓h", which
    does not follow daylight saving, so a place name is the better answer when there is one.
    """
    local_time = parse_time(text)
    if local_time is None:
        return None
    now_utc = now.astimezone(UTC)
    for _, offset in _clock_offsets(local_time, now_utc):
        zone = zone_for_offset(offset, now_utc)
        if zone is not None:
            return zone
    return None


def _clock_offsets(local_time: time, now_utc: datetime) -> list[tuple[timedelta, timedelta]]:
    """The offsets that put a clock at `local_time` now, likeliest first: one per day either
    side that is in range, each to the minute and rounded to 15 minutes."""
    candidates: list[tuple[timedelta, timedelta]] = []
    for days in (-1, 0, 1):
        wall = datetime.combine(now_utc.date() + timedelta(days=days), local_time, tzinfo=UTC)
        quarters = math.floor((wall - now_utc) / timedelta(minutes=15) + 0.5)
        offset = timedelta(minutes=15 * quarters)
        if MIN_OFFSET <= offset <= MAX_OFFSET:
            exact = timedelta(minutes=math.floor((wall - now_utc) / timedelta(minutes=1) + 0.5))
            candidates.append((exact, offset))
    low, high = _LIKELY_OFFSETS
    candidates.sort(key=lambda found: (not low <= found[1] <= high, abs(found[1])))
    return candidates


@dataclass(frozen=True)
class NoZoneThere:
    """Someone's clock or offset is one no zone is on right now, and the nearest that are.

    `clock` is the time they said it is for them, when that is how they answered; `offset`
    is what that makes it, to the minute. `nearest` never holds `offset` itself.
    """

    offset: timedelta
    nearest: tuple[timedelta, ...]
    clock: time | None = None


def no_zone_there(text: str, now: datetime, count: int = 2) -> NoZoneThere | None:
    """What an offset or clock answer that no zone fits at `now` said, with the `count`
    offsets nearest to it that some zone is on then; None for text that is neither, or
    that a zone fits."""
    offset = _parse_offset(text)
    clock = None
    if offset is None:
        clock = parse_time(text)
        if clock is None or zone_from_local_time(text, now) is not None:
            return None
        offset = _clock_offsets(clock, now.astimezone(UTC))[0][0]
    elif zone_for_offset(offset, now) is not None:
        return None
    return NoZoneThere(offset, nearest_offsets(offset, now, count), clock)


def nearest_offsets(offset: timedelta, now: datetime, count: int = 2) -> tuple[timedelta, ...]:
    """The `count` offsets some zone is on at `now` closest to `offset`, nearest first (the
    earlier of two as near), never `offset` itself."""
    whole = (timedelta(hours=hours) for hours in range(-12, 15))
    fractional = (timedelta(minutes=minutes) for minutes in FRACTIONAL_ZONES)
    in_use = {found for found in (*whole, *fractional) if zone_for_offset(found, now)}
    in_use.discard(offset)
    return tuple(sorted(in_use, key=lambda found: (abs(found - offset), found))[:count])


_finder: TimezoneFinder | None = None
_finder_lock = threading.Lock()


def _location_finder() -> TimezoneFinder:
    """One TimezoneFinder, made on first use: creating it reads its data (about 0.3 s)."""
    global _finder
    if _finder is None:
        from timezonefinder import TimezoneFinder

        _finder = TimezoneFinder()
    return _finder


def zone_from_location(latitude: float, longitude: float) -> str | None:
    """The zone at a point, offline; the open sea gives its nautical zone ("Etc/GMT+2").

    None for coordinates off the globe or a zone this zoneinfo does not know.
    """
    if not (math.isfinite(latitude) and math.isfinite(longitude)):
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    # TimezoneFinder is not thread-safe; handlers may call this from worker threads.
    with _finder_lock:
        name = _location_finder().timezone_at(lng=longitude, lat=latitude)
    return name if name is not None and is_valid_zone(name) else None
