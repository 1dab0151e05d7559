"""The callback-data codec: compact, versioned, and strict about what it accepts."""

from __future__ import annotations

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
    SetPace,
    SetSettle,
    SetTempo,
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
    SetSettle(10),
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
