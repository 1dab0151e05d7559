"""Card edits of one message run one at a time, and only the newest not yet sent is sent."""

from __future__ import annotations

import asyncio

from bot.app.latest_first import LatestFirst, leaving


async def test_a_newer_edit_replaces_one_still_waiting_and_both_are_told_done() -> None:
    edits = LatestFirst()
    shown: list[str] = []
    release = asyncio.Event()

    async def show(text: str, hold: bool = False) -> None:
        leaving()  # on the wire: Telegram may be carrying it out
        if hold:
            await release.wait()
        shown.append(text)

    first = edits.submit("card", lambda: show("hold 1", hold=True))
    await asyncio.sleep(0)
    second = edits.submit("card", lambda: show("switch"))
    third = edits.submit("card", lambda: show("hold 2"))
    other = edits.submit("another card", lambda: show("other"))
    await other
    release.set()
    await asyncio.gather(first, second, third)

    assert shown == ["other", "hold 1", "hold 2"], "the middle edit was outdated before it ran"
    assert edits.merged == 1


async def test_an_edit_still_waiting_for_the_budget_is_merged_into_the_newer_one() -> None:
    edits = LatestFirst()
    shown: list[str] = []
    budget = asyncio.Event()

    async def show(text: str) -> None:
        await budget.wait()  # in the rate limiter's queue: nothing has left yet
        leaving()
        shown.append(text)

    first = edits.submit("card", lambda: show("countdown 8"))
    await asyncio.sleep(0)
    second = edits.submit("card", lambda: show("switch"))
    await asyncio.sleep(0)
    budget.set()
    await asyncio.wait_for(asyncio.gather(first, second), 1)

    assert shown == ["switch"], "the countdown was withdrawn before it was sent"
    assert edits.merged == 1


async def test_a_failed_edit_does_not_stop_the_next() -> None:
    edits = LatestFirst()
    shown: list[str] = []

    async def fail() -> None:
        leaving()
        await asyncio.sleep(0)
        raise RuntimeError("telegram said no")

    async def show() -> None:
        shown.append("next")

    first = edits.submit("card", fail)
    await asyncio.sleep(0)
    second = edits.submit("card", show)
    await asyncio.wait_for(asyncio.gather(first, second), 1)

    assert shown == ["next"]
