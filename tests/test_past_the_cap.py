"""Past the send cap everyone still finishes: countdown refreshes give way first, then cues
come later for everyone alike, and every routine reaches its summary and its night.

Small numbers in scaled time: the bot's clock runs SCALE times faster, and so do Telegram's
limits and the bot's cap, so a cap of 3 messages per bot-second over 60 routines started
within a minute of bot time asks what 30/s over 600 routines would: more than the cap gives.
"""

from __future__ import annotations

import asyncio

import pytest

from standin import BotMessage, RecordedRequest, StandIn, UserClient
from tests.conftest import RunningBot
from tests.support.routines import follow

SCALE = 10.0
CAP = 3.0  # messages a bot-second
ROUTINES = 60
STARTS_OVER = 60.0  # bot seconds
SWITCH_CUE = "Release. Now the left side."
SUMMARY = "done. 🌙"
COUNTDOWN = "It starts by itself in"


@pytest.fixture
def time_scale() -> float:
    return SCALE


@pytest.fixture
def config_overrides() -> dict[str, object]:
    return {"telegram_max_messages_per_second": CAP * SCALE}


async def hands_free_routine(person: UserClient, card: BotMessage, after: float) -> None:
    """Tap Guide me, then not one tap more: the routine flows by itself to its summary."""
    await asyncio.sleep(after)
    await person.tap(card, "▶️ Guide me")
    await follow(person, SUMMARY, timeout=120)


def sent(requests: list[RecordedRequest], method: str, text: str) -> list[RecordedRequest]:
    return [r for r in requests if r.method == method and text in str(r.params.get("text"))]


async def test_past_the_cap_countdowns_give_way_then_cues_and_every_routine_ends(
    standin: StandIn, bot: RunningBot
) -> None:
    # Telegram's own limits, in bot time: 1 message a second per chat, the cap overall.
    standin.set_flood_control(
        per_chat_per_second=SCALE,
        per_chat_burst=3,
        global_per_second=CAP * SCALE,
        global_burst=int(CAP * SCALE),
    )
    people = [standin.new_user(first_name=f"Night{i}") for i in range(ROUTINES)]
    cards = [
        card for [card] in await asyncio.gather(*(p.send("/stretch supine twist") for p in people))
    ]
    gap = STARTS_OVER / SCALE / ROUTINES

    starts = enumerate(zip(people, cards, strict=True))
    await asyncio.gather(*(hands_free_routine(p, c, i * gap) for i, (p, c) in starts))

    requests = list(standin.requests)
    assert [r for r in requests if r.status == 429] == [], "the cap kept under Telegram's"
    cues = sent(requests, "sendMessage", SWITCH_CUE)
    summaries = sent(requests, "sendMessage", SUMMARY)
    assert len(cues) == len(summaries) == ROUTINES, "no cue or summary given up"
    countdowns = sent(requests, "editMessageText", COUNTDOWN)
    assert len(countdowns) < ROUTINES, "countdown refreshes gave way first"
    # Cues late for everyone alike: they go out in the order they fell due, which is the
    # order the routines began, so nobody's cue waits behind later ones (two begun a
    # bot-second apart may swap on a busy machine, no more).
    began = {person.chat_id: index for index, person in enumerate(people)}
    order = [began[r.chat_id] for r in cues if isinstance(r.chat_id, int)]
    assert max(abs(turn - index) for turn, index in enumerate(order)) <= 2, order
    assert all("1 night in a row" in str(r.params["text"]) for r in summaries), "nights count"
