"""Every stretch card shows its pose: /stretch, browsing, inline results and each card of a
guided routine, which changes its picture in place. Each picture goes up once per bot."""

from __future__ import annotations

import asyncio
import re

import pytest

from bot.pictures.library import Picture
from standin import BotMessage, StandIn, UserClient
from tests.conftest import RunningBot
from tests.support.routines import card_state, follow

SCALE = 400.0
# `<exercise>.<position>.<hash>.png`: the name a picture is uploaded under.
PICTURE_NAME = re.compile(
    r"^(?P<exercise>[a-z0-9-]+)\.(?P<position>[a-z0-9-]+)\.[0-9a-f]{16}\.png$"
)


@pytest.fixture
def time_scale() -> float:
    return SCALE


def position_of(message: BotMessage) -> str:
    """Which position a picture message shows, from the name its bytes went up under."""
    assert message.photo is not None, f"no picture on {message.words[:60]!r}"
    found = PICTURE_NAME.match(message.photo.file_name or "")
    assert found, message.photo.file_name
    return found["position"]


async def showing(user: UserClient, message: BotMessage, words: str) -> BotMessage:
    """The message once an edit shows `words` (a card is edited just after its cue)."""
    for _ in range(100):
        now = card_state(user, message)
        if words in now.words:
            return now
        await asyncio.sleep(0.02)
    raise AssertionError(f"{words!r} never shown: {card_state(user, message).words!r}")


async def test_a_stretch_card_is_its_picture_with_the_card_as_caption(
    standin: StandIn, user: UserClient
) -> None:
    [card] = await user.send("/stretch cat cow")

    assert card.kind == "photo"
    assert card.words.startswith("Cat-cow\n")
    assert "1. " in card.words and "stop if you feel sharp pain" in card.words
    assert "▶️ Guide me" in card.button_texts
    assert card.photo is not None and card.photo.width > card.photo.height
    first_uploads = len(standin.uploads)
    assert first_uploads == 1

    # The same picture again goes by file_id: no second upload, the same picture.
    [again] = await user.send("/stretch cat cow")
    assert len(standin.uploads) == first_uploads
    assert again.photo is not None
    assert again.photo.file_unique_id == card.photo.file_unique_id


async def test_a_file_id_telegram_no_longer_takes_is_uploaded_again(
    standin: StandIn, user: UserClient
) -> None:
    [first] = await user.send("/stretch cat cow")
    standin.state.files.clear()  # Telegram lost the file: its id is refused from now on

    [again] = await user.send("/stretch cat cow")

    assert again.kind == "photo" and again.words == first.words
    assert len(standin.uploads) == 2, "uploaded once more, then remembered anew"
    [third] = await user.send("/stretch cat cow")
    assert third.kind == "photo" and len(standin.uploads) == 2
    refused = [r.description for r in standin.rejections]
    assert refused == ["Bad Request: wrong file identifier/HTTP URL specified"]
    standin.rejections.clear()  # the one refusal this test caused on purpose


async def test_browsing_puts_the_picture_on_the_list_and_back(user: UserClient) -> None:
    [positions] = await user.send("/stretches")
    await user.tap(positions, "On your back")
    listing = card_state(user, positions)
    await user.tap(listing, "Supine twist")

    card = card_state(user, positions)
    assert card.kind == "photo", "the list became the stretch's card, in place"
    assert card.words.startswith("Supine twist")

    # Back to the list: words again, sent anew, and the picture deleted.
    await user.tap(card, "◀️ On your back")
    assert card_state(user, positions).deleted
    listing = user.messages[-1]
    assert listing.kind == "text" and "Supine twist" in listing.button_texts


async def test_a_long_card_keeps_its_cautions_one_tap_away(user: UserClient) -> None:
    [card] = await user.send("/stretch pigeon")
    assert card.kind == "photo"
    assert "cautions (button below)" in card.words

    await user.tap(card, "⚠️ Cautions")
    cautions = card_state(user, card)
    assert cautions.words.count("⚠️") >= 3
    assert cautions.photo is not None and card.photo is not None
    assert cautions.photo.file_unique_id == card.photo.file_unique_id

    await user.tap(cautions, "◀️ Steps")
    assert "1. " in card_state(user, card).words


async def test_a_guided_routine_changes_its_picture_in_place_and_uploads_each_once(
    standin: StandIn, bot: RunningBot
) -> None:
    sleepy, later = standin.new_user(first_name="Noor"), standin.new_user(first_name="Sam")

    await sleepy.send("/bedtime")
    messages = await follow(sleepy, "Bedtime done", timeout=60)

    assert messages[-1].kind == "text", "the summary"
    cards = [m for m in sleepy.messages if m.kind == "photo"]
    assert len(cards) == 7, "one picture card per stretch, no new message per picture"
    captions = [str(call.params["caption"]) for call in standin.calls("sendPhoto")]
    assert all(re.search(r"</b> · \d of 7\n", caption) for caption in captions), captions
    assert standin.calls("editMessageMedia"), "sides and parts change the picture in place"
    # Each distinct picture went up once; every other card or change used its file_id.
    digests = [upload.sha256 for upload in standin.uploads]
    assert len(digests) == len(set(digests))
    await later.send("/bedtime")
    await follow(later, "Bedtime done", timeout=60)
    assert len(standin.uploads) == len(digests), "the second person costs no upload"


async def test_the_picture_shows_the_side_the_cue_names(user: UserClient) -> None:
    [card] = await user.send("/stretch supine twist")
    await user.tap(card, "▶️ Guide me")
    routine_card = user.messages[-1]
    assert routine_card.kind == "photo"
    first = position_of(card_state(user, routine_card))

    await user.tap(card_state(user, routine_card), "▶️ Start")
    await follow(user, "Now the left side")
    shown = position_of(await showing(user, routine_card, "Left side"))

    assert first == "right", "the twist starts on the right, as its timing says"
    assert shown == "left"


async def test_an_inline_result_shows_the_picture_once_the_bot_has_sent_it(
    standin: StandIn, user: UserClient
) -> None:
    await user.send("/stretch child's pose")

    results = await user.inline_query("child's pose")

    first = results[0]
    assert first["type"] == "photo" and first["id"] == "childs-pose"
    assert "photo_file_id" in first


async def test_a_picture_that_cannot_be_drawn_leaves_the_words(
    user: UserClient, bot: RunningBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    pictures = bot.services.pictures

    def broken(exercise_id: str, position: str) -> Picture:
        raise OSError("the disk is full")

    monkeypatch.setattr(pictures, "_memory", {})
    monkeypatch.setattr(pictures, "picture_for", broken)

    [card] = await user.send("/stretch cat cow")

    assert card.kind == "text" and card.words.startswith("Cat-cow\n")
    assert "▶️ Guide me" in card.button_texts
