"""The callback-data codec: compact, versioned, and strict about what it accepts."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.app.practices import Control
from bot.content.loader import load_catalogue
from bot.domain.catalogue import Position
from bot.domain.pacing import Pace, TempoName
from bot.telegram.callbacks import (
    BrowseInBed,
    BrowsePosition,
    BrowsePositions,
    CallbackAction,
    ControlPractice,
    GuideExercise,
    ListRoutines,
    SetCueSound,
    SetFlow,
    SetPace,
    SetTempo,
    SetZoneOffset,
    ShowExercise,
    ShowMenu,
    ShowSafety,
    ShowSettings,
    StartRoutine,
    decode,
    encode,
)

CATALOGUE = load_catalogue()

ACTIONS: list[CallbackAction] = [
    ShowMenu(),
    ShowSafety(),
    BrowsePositions(),
    BrowseInBed(),
    *[BrowsePosition(position) for position in Position],
    *[ShowExercise(exercise_id) for exercise_id in CATALOGUE.exercises],
    *[GuideExercise(exercise_id) for exercise_id in CATALOGUE.exercises],
    *[StartRoutine(routine_id) for routine_id in CATALOGUE.routines],
    ListRoutines(),
    ShowSettings(),
    *[ControlPractice(2**63 - 1, 10**9, action) for action in Control],
    *[SetPace(pace) for pace in Pace],
    *[SetTempo(tempo) for tempo in TempoName],
    SetCueSound(on=True),
    SetCueSound(on=False),
    SetFlow(True),
    SetZoneOffset(east=True, minutes=14 * 60),
    SetZoneOffset(east=False, minutes=9 * 60 + 30),
]


@pytest.mark.parametrize("action", ACTIONS, ids=str)
def test_round_trip_under_64_bytes(action: CallbackAction) -> None:
    data = encode(action)
    assert 1 <= len(data.encode()) <= 64
    assert decode(data) == action


@pytest.mark.parametrize(
    "data",
    [None, "", "menu", "menu:2", "menu:1:extra", "posl:1:ceiling", "ex:1:", "ex:1:a:b", "x:1"],
)
def test_malformed_or_old_data_decodes_to_nothing(data: str | None) -> None:
    assert decode(data) is None


def test_oversized_data_is_refused_when_encoding() -> None:
    with pytest.raises(ValueError, match="64 bytes"):
        encode(ShowExercise("x" * 70))


@pytest.mark.parametrize(
    "data",
    [
        "rt:1:²:1:s",  # digits `str.isdigit` takes and `int` refuses
        "pn:1:²:0:1",
        "sw:1:²",
        "sw:1:١٠",  # Arabic-Indic digits
        "rt:1:9999999999999999999:1:s",  # past a 64-bit id
        "rt:1:1:3000000000:s",  # past the token's 32-bit column
        "rmt:1:99999999999",
        "rt:1:01:1:s",  # not as encode writes it
        "rt:1:+1:1:s",
        "rt:1:-1:1:s",
        "sw:1:10\n",
        "ex:1:pigeon\n",
    ],
)
def test_crafted_numbers_decode_to_nothing(data: str) -> None:
    assert decode(data) is None


def test_ids_use_the_whole_64_bit_range() -> None:
    largest = ControlPractice(2**63 - 1, 2**31 - 1, Control.STOP)
    assert decode(encode(largest)) == largest


@pytest.mark.parametrize("minutes", [-12 * 60, -570, -30, 0, 345, 14 * 60])
def test_a_zone_offset_button_carries_its_offset_either_side_of_utc(minutes: int) -> None:
    offset = timedelta(minutes=minutes)
    action = decode(encode(SetZoneOffset.of(offset)))
    assert isinstance(action, SetZoneOffset) and action.offset == offset
