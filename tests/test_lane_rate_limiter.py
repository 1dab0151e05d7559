"""The rate limiter hands out Telegram's budget by lane: nothing waits first come first served.

Driven through PTB's own entry point (`process_request`, what `ExtBot` calls for every
request), with requests that only note when they reach the wire.
"""

from __future__ import annotations

import asyncio
import itertools
from typing import Any

import pytest

from bot.app.latest_first import Call, LatestFirst
from bot.app.ports import Lane
from bot.telegram.transport.rate_limit import HEADROOM, LaneRateLimiter, Skipped, in_lane

RATE = 20.0  # calls a second, under the headroom


class Wire:
    """Requests as they leave, in order."""

    def __init__(self) -> None:
        self.order: list[str] = []

    async def send(self, name: str) -> dict[str, Any]:
        self.order.append(name)
        return {"ok": True}


CHATS = itertools.count(1)


async def request(
    limiter: LaneRateLimiter,
    wire: Wire,
    name: str,
    lane: Lane | None,
    endpoint: str,
    chat: int | None = None,
) -> object:
    """One request, to a chat of its own unless told (each chat has its own pace too)."""
    data = {"chat_id": chat or next(CHATS), "message_id": 2}

    async def call() -> object:
        return await limiter.process_request(wire.send, (name,), {}, endpoint, data, None)

    if lane is None:  # made outside the outbox: a handler's reply
        return await call()
    with in_lane(lane):
        return await call()


def limiter_at(rate: float) -> LaneRateLimiter:
    return LaneRateLimiter(overall_max_rate=rate / HEADROOM, max_retries=0)


async def test_a_cue_overtakes_card_edits_already_waiting_for_the_budget() -> None:
    limiter, wire = limiter_at(RATE), Wire()
    edits = [
        asyncio.create_task(request(limiter, wire, f"edit {i}", Lane.CARD, "editMessageText"))
        for i in range(12)
    ]
    await asyncio.sleep(0)  # the bucket's bottom fifth is spent; the rest wait
    cue = asyncio.create_task(request(limiter, wire, "cue", Lane.CUE, "sendMessage"))
    reply = asyncio.create_task(request(limiter, wire, "reply", None, "sendMessage"))
    await asyncio.wait_for(asyncio.gather(*edits, cue, reply), 5)

    waited = wire.order.index("edit 11")
    assert wire.order.index("cue") < wire.order.index("reply") < waited
    assert wire.order.index("cue") <= 4, "the cue took a start kept for cues"


async def test_a_countdown_refresh_with_no_room_is_skipped_not_queued() -> None:
    limiter, wire = limiter_at(RATE), Wire()
    for i in range(4):
        await request(limiter, wire, f"edit {i}", Lane.CARD, "editMessageText")

    with pytest.raises(Skipped):
        await request(limiter, wire, "countdown", Lane.COUNTDOWN, "editMessageText")

    assert "countdown" not in wire.order


async def test_a_tap_is_answered_at_once_however_full_the_budget() -> None:
    limiter, wire = limiter_at(1.0), Wire()
    waiting = [
        asyncio.create_task(request(limiter, wire, f"cue {i}", Lane.CUE, "sendMessage"))
        for i in range(5)
    ]
    await asyncio.sleep(0)

    await asyncio.wait_for(request(limiter, wire, "answer", None, "answerCallbackQuery"), 0.5)

    assert "answer" in wire.order and len(wire.order) < 6
    for task in waiting:
        task.cancel()
    await asyncio.gather(*waiting, return_exceptions=True)


async def test_a_card_edit_waiting_for_the_budget_is_merged_into_the_newer_one() -> None:
    limiter, wire, edits = limiter_at(RATE), Wire(), LatestFirst()
    for i in range(4):  # card edits have spent their share of the bucket
        await request(limiter, wire, f"earlier {i}", Lane.CARD, "editMessageText")

    def edit(name: str) -> Call:
        return lambda: request(limiter, wire, name, Lane.CARD, "editMessageText", chat=7)

    older = edits.submit("card", edit("countdown"))
    await asyncio.sleep(0.01)  # in the limiter, waiting
    newer = edits.submit("card", edit("switch"))
    await asyncio.wait_for(asyncio.gather(older, newer), 5)

    assert wire.order[4:] == ["switch"], "the older edit never reached the wire"
    assert edits.merged == 1


async def test_while_calls_are_held_back_one_chat_gets_a_burst_then_its_pace() -> None:
    limiter, wire = limiter_at(RATE), Wire()
    for i in range(3):  # Telegram lets a chat have a short burst
        await request(limiter, wire, f"cue {i}", Lane.CUE, "sendMessage", chat=5)
    await request(limiter, wire, "card", Lane.CARD, "editMessageText")
    assert limiter.gate.saturated(), "the budget's reserve for cues is being used"

    with pytest.raises(Skipped):
        await request(limiter, wire, "countdown", Lane.COUNTDOWN, "editMessageText", chat=5)
    fourth = asyncio.create_task(request(limiter, wire, "cue 3", Lane.CUE, "sendMessage", chat=5))
    other = await request(limiter, wire, "elsewhere", Lane.CUE, "sendMessage")

    assert "countdown" not in wire.order, "no room in that chat: skipped"
    assert other == {"ok": True} and "cue 3" not in wire.order, "only that chat waits"
    await asyncio.wait_for(fourth, 3)
    assert wire.order[-1] == "cue 3"
