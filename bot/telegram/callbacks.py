"""Compact callback data, `prefix:version:args`, encoded and parsed in one place.

Anything that does not parse (an old version, a forged or truncated payload) decodes to
None, and the handler answers it as a stale button instead of guessing.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.catalogue import Position

VERSION = "1"
MAX_BYTES = 64


@dataclass(frozen=True)
class ShowMenu:
    """Back to the main menu."""

    prefix = "menu"


@dataclass(frozen=True)
class ShowSafety:
    prefix = "safe"


@dataclass(frozen=True)
class BrowsePositions:
    """The list of positions in `/stretches`."""

    prefix = "pos"


@dataclass(frozen=True)
class BrowsePosition:
    position: Position
    prefix = "posl"


@dataclass(frozen=True)
class BrowseInBed:
    prefix = "bed"


@dataclass(frozen=True)
class ShowExercise:
    exercise_id: str
    prefix = "ex"


CallbackAction = (
    ShowMenu | ShowSafety | BrowsePositions | BrowsePosition | BrowseInBed | ShowExercise
)


def encode(action: CallbackAction) -> str:
    match action:
        case BrowsePosition(position=position):
            args = [position.value]
        case ShowExercise(exercise_id=exercise_id):
            args = [exercise_id]
        case _:
            args = []
    data = ":".join([action.prefix, VERSION, *args])
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
    return data


def decode(data: str | None) -> CallbackAction | None:
    if not data:
        return None
    prefix, _, rest = data.partition(":")
    version, _, args = rest.partition(":")
    if version != VERSION:
        return None
    match prefix, args:
        case ShowMenu.prefix, "":
            return ShowMenu()
        case ShowSafety.prefix, "":
            return ShowSafety()
        case BrowsePositions.prefix, "":
            return BrowsePositions()
        case BrowseInBed.prefix, "":
            return BrowseInBed()
        case BrowsePosition.prefix, value if value in Position._value2member_map_:
            return BrowsePosition(Position(value))
        case ShowExercise.prefix, value if value and ":" not in value:
            return ShowExercise(value)
    return None
