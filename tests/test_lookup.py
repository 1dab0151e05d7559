"""Asking for a stretch the way people type it, sharing it by link and inline."""

from __future__ import annotations

from standin import StandIn, UserClient


async def test_typos_and_extra_words_still_find_the_stretch(user: UserClient) -> None:
    [card] = await user.send("/stretch chlid pose")
    assert card.words.startswith("Child's pose")

    [card] = await user.send("show me the pigeon stretch please")
    assert card.words.startswith("Pigeon pose")
    assert card.button_texts[:4] == ["▶️ Guide me", "⚠️ Cautions", "🔎 More like this", "📤 Share"]


async def test_an_ambiguous_name_asks_which_one(user: UserClient) -> None:
    [choice] = await user.send("/stretch twist")

    assert "Did you mean" in choice.words
    assert {"Spinal twist", "Supine twist"} <= set(choice.button_texts)

    await user.tap(choice, "Spinal twist")
    assert user.messages[-1].words.startswith("Spinal twist")


async def test_knee_hug_is_several_stretches_and_knee_hugs_is_one(user: UserClient) -> None:
    [choice] = await user.send("knee hug")

    assert choice.words == "Did you mean one of these for knee hug?"
    assert choice.button_texts == ["Knee hugs", "Single-leg knee hug", "🧘 All stretches"]
    await user.tap(choice, "Single-leg knee hug")
    assert user.messages[-1].words.startswith("Single-leg knee hug")

    [card] = await user.send("knee hugs")
    assert card.words.startswith("Knee hugs")
    assert card.button_texts[0] == "▶️ Guide me"


async def test_nothing_close_offers_the_nearest_three(user: UserClient) -> None:
    [reply] = await user.send("/stretch zzqqxx")

    assert "I couldn't find a stretch called" in reply.words
    assert "/stretches" in reply.words
    assert len(reply.button_texts) == 4  # three nearest and "All stretches"
    assert reply.button_texts[-1] == "🧘 All stretches"


MENU_BUTTONS = [
    "🌙 Bedtime routine",
    "📋 Routines",
    "🛏 Stretches for bed",
    "🧘 Browse stretches",
    "⏰ Reminder",
    "🔥 Streak",
    "⚙️ Settings",
    "⚠️ Safety",
]


async def test_chatter_is_never_a_random_stretch(user: UserClient) -> None:
    for chatter in ["hello", "what time is it", "thanks"]:
        [reply] = await user.send(chatter)
        assert "I'm a stretching guide" in reply.words
        assert reply.button_texts == MENU_BUTTONS, "the menu, never a guessed stretch"


async def test_a_body_part_lists_matching_stretches(user: UserClient) -> None:
    [reply] = await user.send("hips")

    assert "for <i>hips</i>" in (reply.html or "")
    assert "Pigeon pose" in reply.button_texts
    assert len(reply.button_texts) <= 9, "a short list for a sleepy thumb"


async def test_more_like_this(user: UserClient) -> None:
    [card] = await user.send("/stretch pigeon")

    await user.tap(card, "🔎 More like this")

    similar = user.messages[-1]
    assert similar.words.startswith("More like Pigeon pose")
    assert "Pigeon pose" not in similar.button_texts[:-1]
    assert similar.button_texts[-1] == "◀️ Pigeon pose"


async def test_a_deep_link_opens_the_stretch(standin: StandIn, user: UserClient) -> None:
    safety, card = await user.send("/start stretch_childs-pose")

    assert "Stop if you feel sharp pain" in safety.words
    assert card.words.startswith("Child's pose")

    [menu] = await user.send("/start stretch_no-such-thing")
    assert menu.words.startswith("Hi Ana!"), "an unknown stretch falls back to the menu"


async def test_inline_mode_offers_cards_to_share(standin: StandIn, user: UserClient) -> None:
    results = await user.inline_query("pigeon")

    assert results[0]["title"] == "Pigeon pose"
    content = results[0]["input_message_content"]["message_text"]
    assert "sharp pain" in content
    [[button]] = results[0]["reply_markup"]["inline_keyboard"]
    assert button["url"] == "https://t.me/stretch_demo_bot?start=stretch_pigeon"

    assert await user.inline_query("") != []  # an empty query suggests the bedtime stretches
    assert await user.inline_query("hello there") == []


async def test_a_description_finds_the_stretch(user: UserClient) -> None:
    [card] = await user.send("lift my bum off the bed")
    assert card.words.startswith("Gentle bridge")
    assert card.button_texts[0] == "▶️ Guide me"

    [card] = await user.send("/stretch the one with the soles of my feet together")
    assert card.words.startswith("Reclined butterfly")


async def test_a_pose_we_lack_says_so_and_offers_the_closest(user: UserClient) -> None:
    [reply] = await user.send("happy baby")

    assert "Happy baby" in reply.words and "isn't one of my stretches" in reply.words
    assert reply.button_texts[:3] == ["Knee hugs", "Wind-relieving pose", "Reclined butterfly"]
    assert reply.button_texts[-1] == "🧘 All stretches"

    await user.tap(reply, "Knee hugs")
    assert user.messages[-1].words.startswith("Knee hugs")


async def test_a_condition_gets_safety_and_the_gentlest_routine(user: UserClient) -> None:
    [reply] = await user.send("sciatica")

    assert "not a treatment for sciatica" in reply.words
    assert "get medical help now" in reply.words
    assert "treats" not in reply.words and "cure" not in reply.words
    assert reply.button_texts == ["🌙 Start Sleep well", "⚠️ Safety", "🏠 Menu"]

    intro, first_card = await user.tap(reply, "🌙 Start Sleep well")
    assert intro.words.startswith("Sleep well")
    assert first_card.words.startswith("Wind-relieving pose")


async def test_after_surgery_only_safety_and_no_routine(user: UserClient) -> None:
    [reply] = await user.send("/stretch I had back surgery last month")

    assert "ask your surgeon" in reply.words
    assert reply.button_texts == ["⚠️ Safety", "🏠 Menu"]


async def test_chatter_about_pain_is_not_a_stretch(user: UserClient) -> None:
    [reply] = await user.send("my back hurts")
    assert reply.words.startswith("I'm sorry your back hurts.")
    assert "Guide me" not in reply.button_texts and "/safety" in reply.words
