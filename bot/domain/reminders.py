"""Nightly reminders: what "/remind ..." asked for, and when the next one fires.

People type times and days every which way ("10pm weekdays", "weekdays 22:30", "mon-fri at
22.30"), so parsing tries each way of splitting the words into a time and a set of days.
Scheduling works on the local wall clock of an IANA zone and returns UTC, so storage and the
job queue never see a local time. Pure: no Telegram, no database; the clock is passed in.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum

from bot.domain.spoken_days import canonical_days
from bot.domain.spoken_times import parse_spoken_time, spoken_hour
from bot.domain.words import bare

WEEKDAYS: frozenset[int] = frozenset(range(7))
WORKDAYS: frozenset[int] = frozenset(range(5))
WEEKEND: frozenset[int] = frozenset({5, 6})

# A bot that was down sends a missed reminder only if it is still this close to its time;
# a stretch reminder two hours late would arrive when the person is already asleep.
MISSED_GRACE = timedelta(minutes=60)


# Every spelling of a day people use, Monday first.
_DAY_SPELLINGS = (
    ("mo", "mon", "monday"),
    ("tu", "tue", "tues", "tuesday"),
    ("we", "wed", "weds", "wednesday"),
    ("th", "thu", "thur", "thurs", "thursday"),
    ("fr", "fri", "friday"),
    ("sa", "sat", "saturday"),
    ("su", "sun", "sunday"),
)
# Folded spelling -> weekday, with plurals ("mondays").
_DAY_WORDS: dict[str, int] = {
    word: index
    for index, spellings in enumerate(_DAY_SPELLINGS)
    for word in (*spellings, spellings[-1] + "s")
}

_DAY_GROUPS: dict[str, frozenset[int]] = {
    "every day": WEEKDAYS,
    "everyday": WEEKDAYS,
    "each day": WEEKDAYS,
    "all days": WEEKDAYS,
    "daily": WEEKDAYS,
    "every night": WEEKDAYS,
    "each night": WEEKDAYS,
    "nightly": WEEKDAYS,
    "all week": WEEKDAYS,
    "weekdays": WORKDAYS,
    "weekday": WORKDAYS,
    "weeknights": WORKDAYS,
    "weeknight": WORKDAYS,
    "workdays": WORKDAYS,
    "work days": WORKDAYS,
    "weekends": WEEKEND,
    "weekend": WEEKEND,
}

_OFF_WORDS = frozenset({"off", "stop", "disable", "disabled", "cancel", "none", "never", "no"})
# "Off" in the other languages, folded as `_fold` folds: a whole message of these words.
# fmt: off
_OFF_PHRASES = frozenset(" ".join(bare(phrase).split()) for phrase in (
    "tắt", "tắt đi", "tắt nhắc nhở", "thôi", "hủy", "dừng", "không", "apagar", "apágalo",
    "desactivar", "cancelar", "parar", "ninguno", "nunca", "выкл", "выключить", "отключить",
    "стоп", "отмена", "отменить", "нет", "не надо", "关", "关闭", "關閉", "取消", "停", "不要",
    "ปิด", "ยกเลิก", "หยุด", "ไม่เอา",
))
# fmt: on
# Joining words that carry no meaning: "weekdays at 22:30", "10pm on weekdays".
_FILLER_WORDS = frozenset({"at", "on", "@"})
_RANGE_WORDS = frozenset({"to", "through", "thru", "till", "until"})


class ReminderParseError(ValueError):
    """The text is not a reminder; the handler shows the accepted forms, not this message."""


@dataclass(frozen=True)
class ReminderRequest:
    """What "/remind <args>" asked for; None means "keep what is set"."""

    time: time | None
    days: frozenset[int] | None
    off: bool = False


def _fold(text: str) -> str:
    """Lower case, compatibility forms (full-width digits, "："), days in English words
    ("thứ 2" is "mon"), accents off and single spaces."""
    folded = canonical_days(unicodedata.normalize("NFKC", text))
    folded = folded.replace("\u2013", "-").replace("\u2014", "-").replace("\u2212", "-")
    return " ".join(folded.split())


_H24 = re.compile(r"(\d{1,2})\s*[:.h]\s*(\d{2})|(\d{1,2})h|(\d)(\d{2})|(\d{2})(\d{2})")
_H12 = re.compile(r"(\d{1,2})(?:\s*[:.]\s*(\d{2})|(\d{2}))?\s*([ap])\.?\s*m\.?")


def parse_time(text: str) -> time | None:
    """A wall-clock time in 24- or 12-hour form; None if the text is not one.

    Minutes always have two digits; a bare hour ("10") is refused because 10 and 22 are both
    plausible bedtimes. 12am is midnight and 12pm is noon; "0pm" and "13pm" are refused.
    """
    folded = _fold(text).strip(" ,")
    if folded == "noon":
        return time(12, 0)
    if folded == "midnight":
        return time(0, 0)
    if match := _H12.fullmatch(folded):
        hour = int(match[1])
        minute = int(match[2] or match[3] or 0)
        if not 1 <= hour <= 12 or minute > 59:
            return None
        hour = hour % 12 + (12 if match[4] == "p" else 0)
        return time(hour, minute)
    if match := _H24.fullmatch(folded):
        groups = [group for group in match.groups() if group is not None]
        hour = int(groups[0])
        minute = int(groups[1]) if len(groups) > 1 else 0
        if hour > 23 or minute > 59:
            return None
        return time(hour, minute)
    return parse_spoken_time(folded)


def _parse_day_item(item: str) -> frozenset[int] | None:
    if item in _DAY_GROUPS:
        return _DAY_GROUPS[item]
    if item in _DAY_WORDS:
        return frozenset({_DAY_WORDS[item]})
    for separator in ("-", *(f" {word} " for word in sorted(_RANGE_WORDS))):
        first, found, last = item.partition(separator)
        if not found:
            continue
        start, end = _DAY_WORDS.get(first.strip()), _DAY_WORDS.get(last.strip())
        if start is None or end is None:
            return None
        # A range runs forwards through the week and wraps: "fri-mon" is Fri, Sat, Sun, Mon.
        return frozenset((start + step) % 7 for step in range((end - start) % 7 + 1))
    return None


def parse_days(text: str) -> frozenset[int] | None:
    """The nights a reminder is for ("weekdays", "mon-fri", "mon, wed and fri"), or None."""
    folded = _fold(text).strip(" ,")
    folded = re.sub(r"^(?:on|every) (?!day\b|night\b)", "", folded)
    if folded in _DAY_GROUPS:
        return _DAY_GROUPS[folded]
    folded = re.sub(r"\s*-\s*", "-", folded)
    parts = [part for part in re.split(r"\s*(?:,|&|\+|/|\band\b|\s)\s*", folded) if part]
    # Rejoin word ranges ("mon to fri") that the split on spaces took apart.
    items: list[str] = []
    index = 0
    while index < len(parts):
        if index + 2 < len(parts) and parts[index + 1] in _RANGE_WORDS:
            items.append(f"{parts[index]} {parts[index + 1]} {parts[index + 2]}")
            index += 3
        elif index + 1 < len(parts) and f"{parts[index]} {parts[index + 1]}" in _DAY_GROUPS:
            items.append(f"{parts[index]} {parts[index + 1]}")
            index += 2
        else:
            items.append(parts[index])
            index += 1
    if not items:
        return None
    days: set[int] = set()
    for item in items:
        found = _parse_day_item(item)
        if found is None:
            return None
        days |= found
    return frozenset(days)


def hour_choices(text: str) -> tuple[time, time] | None:
    """A bare hour ("9") is two times: the evening one first (a bedtime app), then the
    morning one; None for anything else."""
    folded = _fold(text).strip(" ,.")
    said = int(folded) if folded.isdigit() else spoken_hour(folded)
    if said is None or not 1 <= said <= 12:
        return None
    hour = said % 12
    return time((hour + 12) % 24 if hour else 0, 0), time(hour if hour else 12, 0)


def parse_reminder(text: str) -> ReminderRequest:
    """The arguments of /remind: a time, days, both in either order, or "off".

    Raises ReminderParseError when the words are neither.
    """
    words = [word for word in _fold(text).replace(",", ", ").split() if word not in _FILLER_WORDS]
    if not words:
        raise ReminderParseError("nothing to parse")
    said = " ".join(words).strip(".!")
    if (len(words) == 1 and said in _OFF_WORDS) or said in _OFF_PHRASES:
        return ReminderRequest(time=None, days=None, off=True)
    for split in range(len(words) + 1):
        head, tail = " ".join(words[:split]), " ".join(words[split:])
        for time_part, days_part in ((head, tail), (tail, head)):
            parsed_time = parse_time(time_part) if time_part else None
            parsed_days = parse_days(days_part) if days_part else None
            time_fits = (parsed_time is not None) == bool(time_part)
            days_fit = (parsed_days is not None) == bool(days_part)
            if not (time_fits and days_fit):
                continue
            return ReminderRequest(time=parsed_time, days=parsed_days)
    raise ReminderParseError(f"not a time or days: {text!r}")


def format_time(moment: time) -> str:
    return moment.strftime("%H:%M")


def _runs(days: frozenset[int]) -> list[tuple[int, int]]:
    """Consecutive days as (first, last), Monday first, without wrapping."""
    runs: list[tuple[int, int]] = []
    for day in sorted(days):
        if runs and runs[-1][1] == day - 1:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def day_spans(days: frozenset[int]) -> list[tuple[int, int]]:
    """The nights as runs of consecutive days (first, last), Monday first; a run across
    Sunday night into Monday ("fri-mon") is one run, shown in week order."""
    runs = _runs(days)
    if len(runs) == 2 and runs[0][0] == 0 and runs[1][1] == 6:
        runs = [(runs[1][0], runs[0][1])]
    return runs


def _exists(wall: datetime, zone: tzinfo) -> datetime | None:
    """The UTC moment a naive local wall time names (the first one if twice), None in a gap."""
    moment = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    if moment.astimezone(zone).replace(tzinfo=None) != wall:
        return None
    return moment


def fire_on(local_date: date, local_time: time, zone: tzinfo) -> datetime | None:
    """The UTC moment a reminder fires on one local date, or None if it does not that night.

    A time that occurs twice (clocks go back) fires at the first. A time in a gap (clocks go
    forward) fires at the first minute after the gap, unless that minute is on the next local
    date (a skipped day such as Samoa's 30 December 2011): that night has no reminder.
    """
    wall = datetime.combine(local_date, local_time.replace(tzinfo=None))
    moment = _exists(wall, zone)
    if moment is not None:
        return moment
    first_minute = wall.replace(second=0, microsecond=0)
    for minutes in range(1, 24 * 60 + 1):
        candidate = first_minute + timedelta(minutes=minutes)
        if candidate.date() != local_date:
            return None
        moment = _exists(candidate, zone)
        if moment is not None:
            return moment
    return None


def next_occurrence(
    local_time: time, days: frozenset[int], zone: tzinfo, after: datetime
) -> datetime:
    """The first fire strictly after `after` (aware), in UTC.

    The weekday is that of the local date it fires on; see `fire_on` for clock changes.
    """
    if after.tzinfo is None or after.utcoffset() is None:
        raise ValueError("after must be an aware datetime")
    if not days or not days <= WEEKDAYS:
        raise ValueError(f"days must be a non-empty subset of 0..6, not {sorted(days)}")
    start = after.astimezone(zone).date() - timedelta(days=1)
    # Seven days always include an allowed one; the margin covers a day a zone skipped.
    for offset in range(16):
        local_date = start + timedelta(days=offset)
        if local_date.weekday() not in days:
            continue
        moment = fire_on(local_date, local_time, zone)
        if moment is not None and moment > after:
            return moment
    raise AssertionError("no reminder in 16 days")  # pragma: no cover


class DayPart(StrEnum):
    """The part of someone's day a local time falls in: what a greeting may truly say."""

    NIGHT = "night"  # 00:00-04:59: too late for "good evening", too early for "morning"
    MORNING = "morning"  # 05:00-11:59
    AFTERNOON = "afternoon"  # 12:00-16:59
    EVENING = "evening"  # 17:00-23:59


# The first hour of each part after the night, latest first.
_DAY_PART_STARTS = ((17, DayPart.EVENING), (12, DayPart.AFTERNOON), (5, DayPart.MORNING))


def day_part(local: time) -> DayPart:
    """The part of the day a local wall-clock time is in."""
    for hour, part in _DAY_PART_STARTS:
        if local.hour >= hour:
            return part
    return DayPart.NIGHT


def is_too_late(due: datetime, now: datetime, grace: timedelta = MISSED_GRACE) -> bool:
    """Whether a reminder the bot missed (it was down) is too stale to send now."""
    return now - due > grace
