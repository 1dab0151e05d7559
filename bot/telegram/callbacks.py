"""Compact callback data, `prefix:version:args`, encoded and parsed in one place.

Each button action is a small frozen dataclass with a unique `prefix`; its fields are
ints, enums, booleans or slugs. Anything that does not parse (an old version, a forged or
truncated payload) decodes to None, and the handler answers it as a stale button.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, fields
from datetime import timedelta
from typing import Annotated, Any, ClassVar, get_args, get_origin, get_type_hints

from bot.app.practices import Control
from bot.domain.catalogue import Position
from bot.domain.pacing import Pace, TempoName

VERSION = "1"
MAX_BYTES = 64
_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
# Whole numbers as `encode` writes them: ASCII digits, no sign, no leading zero. (`str.isdigit`
# also takes "²" and other digits `int` refuses.)
_NUMBER = re.compile(r"0|[1-9][0-9]*")

# The largest value an int field may carry: the range of the column it is looked up in, so a
# forged number is refused here rather than by the database driver.
Small = Annotated[int, 2**31 - 1]  # Integer columns, counts and choices
Id = Annotated[int, 2**63 - 1]  # BigInteger ids


@dataclass(frozen=True)
class ShowMenu:
    prefix: ClassVar[str] = "menu"


@dataclass(frozen=True)
class ShowSafety:
    prefix: ClassVar[str] = "safe"


@dataclass(frozen=True)
class ShowStreak:
    prefix: ClassVar[str] = "stk"


@dataclass(frozen=True)
class KeepPractice:
    """ "Keep going" on the question a typed /bedtime asks during a routine."""

    prefix: ClassVar[str] = "kp"


@dataclass(frozen=True)
class BrowsePositions:
    prefix: ClassVar[str] = "pos"


@dataclass(frozen=True)
class BrowsePosition:
    position: Position
    prefix: ClassVar[str] = "posl"


@dataclass(frozen=True)
class BrowseInBed:
    prefix: ClassVar[str] = "bed"


@dataclass(frozen=True)
class ShowExercise:
    exercise_id: str
    prefix: ClassVar[str] = "ex"


@dataclass(frozen=True)
class ShowCautions:
    """A long stretch card's cautions, on their own page under the same picture."""

    exercise_id: str
    prefix: ClassVar[str] = "cau"


@dataclass(frozen=True)
class ShowSimilar:
    exercise_id: str
    prefix: ClassVar[str] = "sim"


@dataclass(frozen=True)
class ListRoutines:
    prefix: ClassVar[str] = "rl"


@dataclass(frozen=True)
class StartRoutine:
    routine_id: str
    prefix: ClassVar[str] = "go"


@dataclass(frozen=True)
class GuideExercise:
    exercise_id: str
    prefix: ClassVar[str] = "gx"


@dataclass(frozen=True)
class ControlPractice:
    """A button on a practice's card; the token says which step the card was showing."""

    practice_id: Id
    token: Small
    action: Control
    prefix: ClassVar[str] = "rt"


@dataclass(frozen=True)
class ShowSettings:
    prefix: ClassVar[str] = "st"


@dataclass(frozen=True)
class SetPace:
    pace: Pace
    prefix: ClassVar[str] = "sp"


@dataclass(frozen=True)
class SetTempo:
    tempo: TempoName
    prefix: ClassVar[str] = "sb"


@dataclass(frozen=True)
class SetCueSound:
    on: bool
    prefix: ClassVar[str] = "ss"


@dataclass(frozen=True)
class ChooseFlow:
    """The answer to the once-only question on a first routine's intro."""

    hands_free: bool
    prefix: ClassVar[str] = "cf"


@dataclass(frozen=True)
class SetFlow:
    """Routines flow by themselves (True) or wait for a tap on Start (False)."""

    hands_free: bool
    prefix: ClassVar[str] = "fl"


@dataclass(frozen=True)
class ShowReminder:
    prefix: ClassVar[str] = "rm"


@dataclass(frozen=True)
class ChooseReminderTime:
    prefix: ClassVar[str] = "rmc"


@dataclass(frozen=True)
class ChooseReminderDays:
    prefix: ClassVar[str] = "rmy"


@dataclass(frozen=True)
class SetReminderTime:
    """Minutes after local midnight."""

    minute: Small
    prefix: ClassVar[str] = "rmt"


@dataclass(frozen=True)
class SetReminderDays:
    """Weekdays as a bit mask, bit 0 = Monday."""

    mask: Small
    prefix: ClassVar[str] = "rmd"


@dataclass(frozen=True)
class SwitchReminder:
    on: bool
    prefix: ClassVar[str] = "rmo"


@dataclass(frozen=True)
class SnoozeReminder:
    """`due` (minutes since the epoch) names the reminder the button was on."""

    minutes: Small
    due: Small
    prefix: ClassVar[str] = "rz"


@dataclass(frozen=True)
class SkipTonight:
    due: Small
    prefix: ClassVar[str] = "rk"


@dataclass(frozen=True)
class RestTonight:
    due: Small
    prefix: ClassVar[str] = "rn"


@dataclass(frozen=True)
class AskTimezone:
    prefix: ClassVar[str] = "tz"


@dataclass(frozen=True)
class SetZoneOffset:
    """One of the offsets offered when no zone fits a clock: `minutes` east of UTC, or west."""

    east: bool
    minutes: Small
    prefix: ClassVar[str] = "tzo"

    @classmethod
    def of(cls, offset: timedelta) -> SetZoneOffset:
        minutes = round(offset.total_seconds() / 60)
        return cls(east=minutes >= 0, minutes=abs(minutes))

    @property
    def offset(self) -> timedelta:
        return timedelta(minutes=self.minutes if self.east else -self.minutes)


@dataclass(frozen=True)
class RatePain:
    """A 0-10 back-pain answer, before or after the practice it was asked for."""

    practice_id: Id
    after: bool
    score: Small
    prefix: ClassVar[str] = "pn"


@dataclass(frozen=True)
class SkipPain:
    practice_id: Id
    after: bool
    prefix: ClassVar[str] = "pns"


@dataclass(frozen=True)
class ConfirmForget:
    confirmed: bool
    prefix: ClassVar[str] = "fg"


CallbackAction = (
    ShowMenu
    | ShowSafety
    | ShowStreak
    | KeepPractice
    | BrowsePositions
    | BrowsePosition
    | BrowseInBed
    | ShowExercise
    | ShowCautions
    | ShowSimilar
    | ListRoutines
    | StartRoutine
    | GuideExercise
    | ControlPractice
    | ShowSettings
    | SetPace
    | SetTempo
    | SetCueSound
    | SetFlow
    | ChooseFlow
    | ShowReminder
    | ChooseReminderTime
    | ChooseReminderDays
    | SetReminderTime
    | SetReminderDays
    | SwitchReminder
    | SnoozeReminder
    | SkipTonight
    | RestTonight
    | AskTimezone
    | SetZoneOffset
    | RatePain
    | SkipPain
    | ConfirmForget
)

# Derived from the union, so a new action is registered by adding it there.
_ACTIONS: dict[str, type[Any]] = {cls.prefix: cls for cls in get_args(CallbackAction)}
for _cls in _ACTIONS.values():
    if int in get_type_hints(_cls, include_extras=True).values():
        raise TypeError(f"{_cls.__name__}: an int field needs its range (Small or Id)")


def encode(action: CallbackAction) -> str:
    values = [_dump(getattr(action, field.name)) for field in fields(action)]
    data = ":".join([action.prefix, VERSION, *values])
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
    return data


def decode(data: str | None) -> CallbackAction | None:
    if not data or len(data.encode()) > MAX_BYTES:
        return None
    prefix, _, rest = data.partition(":")
    version, _, joined = rest.partition(":")
    args = joined.split(":") if joined else []
    cls = _ACTIONS.get(prefix)
    if cls is None or version != VERSION:
        return None
    hints = get_type_hints(cls, include_extras=True)
    names = [field.name for field in fields(cls)]
    if len(args) != len(names):
        return None
    values = {}
    for name, raw in zip(names, args, strict=True):
        value = _load(hints[name], raw)
        if value is None:
            return None
        values[name] = value
    action: CallbackAction = cls(**values)
    return action


def _dump(value: object) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, enum.Enum):
        return str(value.value)
    return str(value)


def _load(kind: Any, raw: str) -> object | None:
    if kind is bool:
        return {"1": True, "0": False}.get(raw)
    if get_origin(kind) is Annotated:
        _, largest = get_args(kind)
        if not _NUMBER.fullmatch(raw) or len(raw) > len(str(largest)):
            return None
        number = int(raw)
        return number if number <= largest else None
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return kind._value2member_map_.get(raw)
    return raw if _SLUG.fullmatch(raw) else None
