"""Card edits of one message run one at a time, and only the newest waiting one runs."""

from __future__ import annotations

import asyncio

from bot.app.latest_first import LatestFirst


async def test_a_newer_edit_replaces_one_still_waiting_and_both_are_told_done() -> None:
    edits = LatestFirst()
    shown: list[str] = []
    release = asyncio.Event()

    async def show(text: str, hold: bool = False) -> None:
        if hold:
            await release.wait()
        shown.append(text)

    first = edits.submit("card", lambda: show("hold 1", hold=True))
    second = edits.submit("card", lambda: show("switch"))
    third = edits.submit("card", lambda: show("hold 2"))
    other = edits.submit("another card", lambda: show("other"))
    await other
    release.set()
    await asyncio.gather(first, second, third)

    assert shown == ["other", "hold 1", "hold 2"], "the middle edit was outdated before it ran"
