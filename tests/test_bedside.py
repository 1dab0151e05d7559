"""A routine followed lying down: it flows by itself, asks once, and buzzes once a stretch."""

from __future__ import annotations

import asyncio
import re

import pytest

from standin import StandIn
from tests.conftest import RunningBot
from tests.support.routines import card_state, follow

SCALE = 400.0


@pytest.fixture
def time_scale() -> float:
    return SCALE


async def test_a_hands_free_bedtime_needs_no_tap_after_bedtime(
    standin: StandIn, bot: RunningBot
) -> None:
    sleepy = standin.new_user(first_name="Noor")

    await sleepy.send("/bedtime")
    messages = await follow(sleepy, "Bedtime done", timeout=60)

    assert "Stretches done: 7" in messages[-1].words
    assert standin.calls("answerCallbackQuery") == [], "not one tap"
    sent = [str(r.params["text"]) for r in standin.calls("sendMessage")]
    captions = [str(r.params["caption"]) for r in standin.calls("sendPhoto")]
    cards = [text for text in captions if re.search(r"</b> · \d of 7\n", text)]
    cues = [t for t in sent if t.startswith(("Release.", "Round "))]
    assert len(cards) == 7, captions
    assert len(cues) <= 7, "at most one cue message per stretch"


# 10 s to get into position are 1 s here: time to answer the question before it ends.
@pytest.mark.parametrize("time_scale", [10.0])
async def test_the_first_routine_asks_once_how_it_should_flow(
    standin: StandIn, bot: RunningBot, time_scale: float
) -> None:
    sleepy = standin.new_user(first_name="Noor")
    [card] = await sleepy.send("/stretch supine twist")
    intro, routine_card = await sleepy.tap(card, "▶️ Guide me")
    assert intro.button_texts == ["🌙 Flow by itself", "👆 Wait for my tap"]

    await sleepy.tap(intro, "👆 Wait for my tap")

    answer = sleepy.last_callback_answer
    assert answer is not None and answer.text is not None and answer.text.startswith("Saved.")
    answered = card_state(sleepy, intro)
    assert answered.button_texts == [], "the question is gone once answered"
    assert "Rather tap Start" not in answered.words and "Saved." in answered.words
    waiting = card_state(sleepy, routine_card)
    assert "then tap Start" in waiting.words
    await asyncio.sleep(15 / time_scale)
    assert card_state(sleepy, routine_card).button_texts[0] == "▶️ Start", "it waits for the tap"

    replies = await sleepy.tap(card, "▶️ Guide me")
    assert any("Supine twist" in m.words for m in replies), "a new practice began"
    asked = [r for r in standin.calls("sendMessage") if "Rather tap Start" in r.params["text"]]
    assert len(asked) == 1, "asked once, never again"
