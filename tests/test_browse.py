"""Browsing the catalogue by position and asking for a stretch by its name."""

from __future__ import annotations

import copy

from standin import StandIn, UserClient

POSITIONS = [
    "On your back",
    "On your side",
    "On your stomach",
    "On all fours",
    "Kneeling",
    "Sitting",
    "Standing",
]


async def test_from_start_through_positions_to_a_card(user: UserClient) -> None:
    [*_, menu] = await user.send("/start")

    await user.tap(menu, "🧘 Browse stretches")
    positions = user.messages[-1]
    assert positions.message_id == menu.message_id, "browsing edits the menu in place"
    assert [b for b in positions.button_texts if b in POSITIONS] == [
        p for p in POSITIONS if p in positions.button_texts
    ]
    assert "On your back" in positions.button_texts

    await user.tap(positions, "On your back")
    listing = user.messages[-1]
    assert "On your back" in listing.words
    assert "Child's pose" not in listing.button_texts  # kneeling, not on the back
    assert "Spinal twist" in listing.button_texts

    await user.tap(listing, "Spinal twist")
    card = user.messages[-1]
    assert card.words.startswith("Spinal twist")
    assert "20 breaths on each side" in card.words
    assert "sharp pain" in card.words
    assert card.button_texts == [
        "▶️ Guide me",
        "⚠️ Cautions",  # a long card keeps its cautions on a page of their own
        "🔎 More like this",
        "📤 Share",
        "◀️ On your back",
        "🏠 Menu",
    ]

    await user.tap(card, "◀️ On your back")
    assert "Spinal twist" in user.messages[-1].button_texts


async def test_stretches_command_lists_every_position_in_order(user: UserClient) -> None:
    [reply] = await user.send("/stretches")

    shown = [b for b in reply.button_texts if b in POSITIONS]
    assert shown == POSITIONS


async def test_stretch_by_exact_name_or_alias(user: UserClient) -> None:
    for query, title in [
        ("cat cow", "Cat-cow"),
        ("Child's pose", "Child's pose"),
        ("shavasana", "Corpse pose"),
        ("bird hound", "Bird dog"),
    ]:
        [card] = await user.send(f"/stretch {query}")
        assert card.words.startswith(title), (query, card.words[:40])


async def test_stretch_without_a_name_or_with_an_unknown_one(user: UserClient) -> None:
    [hint] = await user.send("/stretch")
    assert "/stretch cat cow" in hint.words

    [unknown] = await user.send("/stretch <b>moonwalk</b> & more")
    assert "I couldn't find a stretch called" in unknown.words
    assert "<b>moonwalk</b> & more" in unknown.words, "the name is shown as typed, escaped"


async def test_plain_text_with_a_stretch_name_shows_its_card(user: UserClient) -> None:
    [card] = await user.send("pigeon")
    assert card.words.startswith("Pigeon")


async def test_chatter_gets_a_friendly_pointer(user: UserClient) -> None:
    for chatter in ["hello", "what time is it", "thanks"]:
        [reply] = await user.send(chatter)
        assert "/stretches" in reply.words


async def test_in_bed_list_holds_only_bed_stretches(user: UserClient) -> None:
    [*_, menu] = await user.send("/start")

    await user.tap(menu, "🛏 Stretches for bed")

    listing = user.messages[-1]
    assert "Spinal twist" in listing.button_texts
    assert "Squat" not in listing.button_texts


async def test_double_tap_changes_nothing_and_raises_nothing(
    standin: StandIn, user: UserClient
) -> None:
    [reply] = await user.send("/stretches")
    before = copy.deepcopy(reply)  # the message as the person's phone still shows it

    await user.tap(before, "Standing")
    shown = user.messages[-1].words
    await user.tap(before, "Standing")  # the same button again: the edit is a no-op

    assert user.messages[-1].words == shown
    assert len(user.messages) == 1
    assert user.last_callback_answer is not None


async def test_a_stale_or_forged_button_answers_kindly(standin: StandIn, user: UserClient) -> None:
    [reply] = await user.send("/stretches")

    crafted = ["rt:1:²:1:s", "pn:1:²:0:1", "sw:1:²", "rt:1:9999999999999999999:1:s"]
    for data in ["ex:1:no-such-stretch", "pos:0:", "garbage", "posl:1:upside_down", *crafted]:
        await user.tap_data(reply, data)
        assert user.last_callback_answer is not None
        assert "expired" in (user.last_callback_answer.text or "")
        assert user.messages[-1].button_texts[0] == "🌙 Bedtime routine"


async def test_non_text_and_unknown_commands(user: UserClient) -> None:
    [sticker_reply] = await user.send_sticker()
    assert "I can only read text" in sticker_reply.words

    [unknown] = await user.send("/dance")
    assert unknown.words == "I don't know /dance. Here's what I can do:", "one line, not the help"
    assert "🌙 Bedtime routine" in unknown.button_texts


async def test_a_bare_number_never_opens_a_stretch(user: UserClient) -> None:
    for text in ("1", "3", "10"):
        [reply] = await user.send(text)
        assert "didn't catch that" in reply.words and "Guide me" not in reply.button_texts


async def test_my_back_hurts_gets_a_kind_line_and_a_gentle_routine(user: UserClient) -> None:
    [reply] = await user.send("my back hurts")
    assert reply.words.startswith("I'm sorry your back hurts.")
    assert "/safety" in reply.words
    assert reply.button_texts == ["🌙 Start Sleep well", "⚠️ Safety", "🏠 Menu"]


async def test_in_groups_only_commands_are_answered(standin: StandIn, user: UserClient) -> None:
    group = standin.new_group("Back care club")

    assert await user.send_in_group(group, "hello everyone") == []
    replies = await user.send_in_group(group, "/help")
    assert len(replies) == 1
    assert "/stretches" in replies[0].words
