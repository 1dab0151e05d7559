"""The routine lanes' call gate: cues go first, countdown refreshes give way, nothing is lost."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

from bot.app.ports import Lane
from bot.telegram.transport.gate import CallGate


def passer(gate: CallGate, order: list[str]) -> Callable[[str, Lane], Coroutine[Any, Any, None]]:
    """A call that passes the gate and notes its name when let in."""

    async def call(name: str, lane: Lane) -> None:
        await gate.enter(lane)
        order.append(name)
        gate.leave(lane)

    return call


async def test_a_full_gate_skips_countdowns_but_keeps_a_place_for_cues() -> None:
    gate = CallGate(limit=2, kept=1)
    assert await gate.enter(Lane.CARD)

    assert not await gate.enter(Lane.COUNTDOWN), "the only shared place is taken"
    assert await asyncio.wait_for(gate.enter(Lane.CUE), 1), "the kept place is for cues"


async def test_a_freed_place_goes_to_the_cue_that_waited_even_after_a_card() -> None:
    gate = CallGate(limit=1, kept=0)
    assert await gate.enter(Lane.CARD)
    order: list[str] = []
    call = passer(gate, order)

    card = asyncio.create_task(call("card", Lane.CARD))
    await asyncio.sleep(0)
    cue = asyncio.create_task(call("cue", Lane.CUE))
    await asyncio.sleep(0)
    gate.leave(Lane.CARD)
    await asyncio.gather(card, cue)

    assert order == ["cue", "card"]


async def test_a_cancelled_waiter_gives_its_place_back() -> None:
    gate = CallGate(limit=1, kept=0)
    assert await gate.enter(Lane.CARD)
    waiting = asyncio.create_task(gate.enter(Lane.CARD))
    await asyncio.sleep(0)
    waiting.cancel()
    await asyncio.sleep(0)
    gate.leave(Lane.CARD)

    assert await asyncio.wait_for(gate.enter(Lane.CARD), 1), "nobody holds the place"


async def test_within_a_rate_the_next_start_goes_to_a_cue_before_an_earlier_card() -> None:
    gate = CallGate(limit=8, kept=3, rate=5)  # a bucket of 5 starts, the top 4 for cues
    assert await gate.enter(Lane.CARD)
    gate.leave(Lane.CARD)
    order: list[str] = []
    call = passer(gate, order)

    card = asyncio.create_task(call("card", Lane.CARD))
    await asyncio.sleep(0)
    assert not await gate.enter(Lane.COUNTDOWN), "no room in the rate: a refresh is skipped"
    cue = asyncio.create_task(call("cue", Lane.CUE))
    await asyncio.wait_for(asyncio.gather(card, cue), 3)

    assert order == ["cue", "card"], "places were free; the rate decided, and cues go first"


async def test_cues_due_together_go_at_once_from_the_kept_half() -> None:
    gate = CallGate(limit=8, kept=3, rate=10)
    for _ in range(2):  # card edits take only the bottom fifth of the bucket
        assert await gate.enter(Lane.CARD)
        gate.leave(Lane.CARD)
    assert not await gate.enter(Lane.COUNTDOWN)

    for _ in range(8):
        assert await asyncio.wait_for(gate.enter(Lane.CUE), 0.05), "a cue waits for nobody"
        gate.leave(Lane.CUE)
