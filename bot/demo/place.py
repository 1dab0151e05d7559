"""Where the demo's "share my location" button says you are: a terminal has no GPS, so it
sends the main place of this computer's time zone (tzdata lists one per zone), else London."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

FALLBACK_ZONE = "Europe/London"
# "+353916+1394441": latitude ±DDMM[SS], longitude ±DDDMM[SS].
_COORDINATES = re.compile(r"([+-])(\d{2})(\d{2})(\d{2})?([+-])(\d{3})(\d{2})(\d{2})?")


@dataclass(frozen=True)
class Place:
    zone: str
    latitude: float
    longitude: float
    # The computer's own zone, when it has no place to point at (UTC) or is unknown.
    instead_of: str | None = None


def demo_place(environ: Mapping[str, str] | None = None) -> Place:
    """A point in this computer's time zone, or in London when that zone has none."""
    machine = machine_zone(os.environ if environ is None else environ)
    points = zone_points()
    if machine in points:
        latitude, longitude = points[machine]
        return Place(machine, latitude, longitude)
    latitude, longitude = points.get(FALLBACK_ZONE, (51.5083, -0.1253))
    return Place(FALLBACK_ZONE, latitude, longitude, instead_of=machine or "unknown")


def machine_zone(environ: Mapping[str, str]) -> str | None:
    """The IANA name of this computer's zone: TZ, else what /etc/localtime points to."""
    named = environ.get("TZ", "").removeprefix(":")
    if named:
        return named.split("zoneinfo/")[-1]
    localtime = Path("/etc/localtime")
    if localtime.is_symlink():
        target = str(localtime.resolve())
        if "zoneinfo/" in target:
            return target.split("zoneinfo/")[-1]
    try:
        return Path("/etc/timezone").read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def zone_points() -> dict[str, tuple[float, float]]:
    """Each zone's main place, from tzdata's zone.tab (country code, coordinates, zone)."""
    try:
        table = resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text("utf-8")
    except (ModuleNotFoundError, OSError):
        return {}
    points = {}
    for line in table.splitlines():
        fields = line.split("\t")
        if line.startswith("#") or len(fields) < 3:
            continue
        found = _COORDINATES.fullmatch(fields[1])
        if found:
            points[fields[2]] = _degrees(found.groups())
    return points


def _degrees(parts: tuple[str | None, ...]) -> tuple[float, float]:
    def angle(sign: str | None, *numbers: str | None) -> float:
        whole, minutes, seconds = (int(n or 0) for n in numbers)
        value = whole + minutes / 60 + seconds / 3600
        return round(-value if sign == "-" else value, 4)

    return angle(*parts[0:4]), angle(*parts[4:8])
