"""getUpdates semantics: long polling, offsets, limits, allowed_updates, one poller at a time."""

from __future__ import annotations

import asyncio
import json
import time

import aiohttp
import pytest

from standin import StandIn
from tests.standin.conftest import pop_rejections, raw_call


def queue_texts(standin: StandIn, *texts: str) -> list[int]:
    """Put message updates straight on the queue (no one waits for processing)."""
    ana = standin.new_user()
    ids = []
    for text in texts:
        message = standin.state.add_user_message(ana.chat, ana.person, {"text": text})
        ids.append(standin.queue.push("message", message))
    return ids


async def get_updates(standin: StandIn, **params: object) -> list[dict[str, object]]:
    form = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
    status, body = await raw_call(standin, "getUpdates", data=form)
    assert status == 200, body
    result: list[dict[str, object]] = body["result"]
    return result


async def test_offset_limit_and_confirmation(standin: StandIn) -> None:
    first, second, third = queue_texts(standin, "a", "b", "c")
    assert [u["update_id"] for u in await get_updates(standin, limit=2)] == [first, second]
    assert len(await get_updates(standin)) == 3  # nothing confirmed yet
    assert [u["update_id"] for u in await get_updates(standin, offset=second + 1)] == [third]
    assert len(await get_updates(standin)) == 1  # a and b are forgotten
    queue_texts(standin, "d", "e")
    assert len(await get_updates(standin, offset=-1)) == 1  # only the newest is kept


async def test_long_poll_returns_when_an_update_arrives(standin: StandIn) -> None:
    async def later() -> None:
        await asyncio.sleep(0.1)
        queue_texts(standin, "late")

    started = time.monotonic()
    task = asyncio.create_task(later())
    updates = await get_updates(standin, timeout=5)
    await task
    assert len(updates) == 1 and time.monotonic() - started < 2
    started = time.monotonic()
    assert await get_updates(standin, offset=updates[0]["update_id"] + 1, timeout=0) == []  # type: ignore[operator]
    assert time.monotonic() - started < 0.5


async def test_second_poller_terminates_the_first(standin: StandIn) -> None:
    first = asyncio.create_task(raw_call(standin, "getUpdates", data={"timeout": "5"}))
    await asyncio.sleep(0.1)
    second = asyncio.create_task(raw_call(standin, "getUpdates", data={"timeout": "0"}))
    status, body = await first
    assert status == 409
    assert body["description"] == (
        "Conflict: terminated by other getUpdates request; "
        "make sure that only one bot instance is running"
    )
    assert (await second)[0] == 200
    assert standin.rejections == []  # a conflict is a situation, not a malformed request


async def test_allowed_updates_drop_other_kinds(standin: StandIn) -> None:
    queue_texts(standin, "text")
    updates = await get_updates(standin, allowed_updates=["callback_query"])
    assert updates == []
    assert standin.queue.pending == []


async def test_dropped_update_fails_the_user_call(standin: StandIn) -> None:
    ana = standin.new_user()
    sending = asyncio.create_task(ana.send("hi"))
    await asyncio.sleep(0.05)
    await get_updates(standin, allowed_updates=["callback_query"])
    with pytest.raises(AssertionError, match="allowed_updates"):
        await sending


async def test_delete_webhook_can_drop_pending(standin: StandIn) -> None:
    queue_texts(standin, "old")
    _, info = await raw_call(standin, "getWebhookInfo")
    assert info["result"] == {
        "url": "",
        "has_custom_certificate": False,
        "pending_update_count": 1,
    }
    _, body = await raw_call(standin, "deleteWebhook", data={"drop_pending_updates": "true"})
    assert body == {"ok": True, "result": True}
    assert await get_updates(standin) == []


async def test_request_encodings(standin: StandIn) -> None:
    ana = standin.new_user()
    status, body = await raw_call(standin, "getMe", query={})
    assert status == 200 and body["result"]["is_bot"] is True
    assert body["result"]["supports_inline_queries"] is True
    status, body = await raw_call(
        standin,
        "sendMessage",
        json={"chat_id": ana.chat_id, "text": "json", "reply_markup": {"inline_keyboard": []}},
    )
    assert status == 200 and body["result"]["text"] == "json"
    status, body = await raw_call(
        standin, "sendmessage", query={"chat_id": str(ana.chat_id), "text": "query"}
    )
    assert status == 200 and body["result"]["text"] == "query"
    assert [r.method for r in standin.requests] == ["getMe", "sendMessage", "sendMessage"]


async def test_bad_paths_and_bodies(standin: StandIn) -> None:
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://127.0.0.1:{standin.port}/nothing") as response,
    ):
        assert response.status == 404
    status, body = await raw_call(standin, "getMe", token="123:abc")
    assert (status, body["description"]) == (401, "Unauthorized")
    status, body = await raw_call(standin, "getUpdates", data={"limit": "0"})
    assert status == 400
    status, body = await raw_call(standin, "getUpdates", data={"allowed_updates": '["mesage"]'})
    assert "unknown update type 'mesage'" in body["description"]
    assert len(pop_rejections(standin)) == 3
