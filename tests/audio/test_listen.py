"""🎧 Listen, end to end: the real bot over HTTP against the stand-in, a real SQLite file.

The guide arrives as one voice message the plan's length, made once and then sent by file_id;
while it plays the routine's card follows it at stretch boundaries and no cue is sent; the
night counts as for a guided routine. Audio guides are cached on disk for the whole run
(`audio_cache`), so Bedtime is rendered once however many tests listen to it.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import replace

import pytest

from bot.audio.encode import decode
from bot.content.loader import load_catalogue
from bot.domain.listening import Timeline
from bot.domain.pacing import Pace, TempoName
from bot.storage.users import preferences_of, set_preferences
from standin import BotMessage, StandIn, UserClient
from tests.conftest import RunningBot, prefer_tapping

CATALOGUE = load_catalogue()
BEDTIME = CATALOGUE.routines["bedtime"]
PLAN = Timeline.plan(CATALOGUE.routine_exercises(BEDTIME), Pace.STANDARD, TempoName.STANDARD)
# A cold render of Bedtime takes about 15 s on one core; a busy machine, longer.
RENDER_TIMEOUT = 180.0
PLAYING = re.compile(r"🎧 Bedtime · (\d) of 7\nNow: ")


@pytest.fixture
def time_scale() -> float:
    """Bedtime's 11:50 of audio plays in about 18 s."""
    return 40.0


async def voice_message(user: UserClient, timeout: float = RENDER_TIMEOUT) -> BotMessage:
    """The voice message the bot sends this person, once it has come."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        voices = [message for message in user.messages if message.voice is not None]
        if voices:
            return voices[0]
        remaining = deadline - loop.time()
        assert remaining > 0, f"no voice message for {user.person.name} within {timeout} s"
        await user.chat.wait_changed(remaining)


async def card_until(
    user: UserClient,
    card: BotMessage,
    marker: str,
    timeout: float = 60.0,
) -> list[str]:
    """Every text the card shows until one contains `marker`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    shown: list[str] = []
    while True:
        text = user.chat.bot_messages[card.message_id].words
        if not shown or shown[-1] != text:
            shown.append(text)
        if marker in text:
            return shown
        remaining = deadline - loop.time()
        assert remaining > 0, f"the card never showed {marker!r}; it showed {shown}"
        await user.chat.wait_changed(remaining)


async def listening_ended(bot: RunningBot, user: UserClient, timeout: float = 60.0) -> None:
    """Wait until nothing of this person's is being listened to any more."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        async with bot.services.database.unit() as unit:
            if not await unit.listenings.playing(user.id):
                return
        assert loop.time() < deadline, "the guide is still being followed"
        await asyncio.sleep(0.1)


async def streak(user: UserClient) -> str:
    [reply] = await user.send("/streak")
    return reply.text


async def test_listen_on_bedtime_sends_the_plan_as_one_voice_message_and_counts_the_night(
    standin: StandIn, bot: RunningBot, user: UserClient
) -> None:
    intro, card = await user.send("/bedtime")
    assert await user.tap(intro, "🎧 Listen") == []

    voice = await voice_message(user)
    assert voice.voice is not None
    assert voice.voice.duration == round(PLAN.duration)
    samples, rate = decode(voice.voice.data)
    assert len(samples) / rate == pytest.approx(PLAN.duration, abs=0.05)
    assert voice.caption == "🎧 Bedtime, audio guide · 11:50"
    assert not voice.disable_notification  # asked for, so it rings whatever the cue setting

    shown = await card_until(user, card, "listened to the end")
    playing = [text for text in shown if PLAYING.match(text)]
    # One look per stretch: changed only at stretch boundaries, in order.
    assert [int(PLAYING.match(text).group(1)) for text in playing] == list(range(1, 8))  # type: ignore[union-attr]
    assert playing[0] == (
        "🎧 Bedtime · 1 of 7\nNow: Knee hugs (from 0:01 in the audio)\nThen: Wind-relieving pose"
    )
    assert [m.message_id for m in user.messages] == [
        intro.message_id,
        card.message_id,
        voice.message_id,
    ]
    assert "🔥 1 night in a row" in shown[-1]
    assert "🔥 1 night in a row" in await streak(user)


async def test_a_second_person_with_the_same_settings_gets_the_same_file_without_an_upload(
    standin: StandIn, bot: RunningBot, user: UserClient
) -> None:
    intro, _ = await user.send("/bedtime")
    await user.tap(intro, "🎧 Listen")
    first = await voice_message(user)

    ben = standin.new_user(first_name="Ben")
    await prefer_tapping(bot, ben)
    intro, _ = await ben.send("/bedtime")
    await ben.tap(intro, "🎧 Listen")
    assert ben.last_callback_answer is not None and not ben.last_callback_answer.text
    second = await voice_message(ben, timeout=20)

    assert first.voice is not None and second.voice is not None
    assert second.voice.file_id == first.voice.file_id
    assert sum(1 for upload in standin.uploads if upload.kind == "voice") == 1
    assert [call.params["voice"] for call in standin.calls("sendVoice")][1] == first.voice.file_id


@pytest.mark.parametrize("time_scale", [1.0])
async def test_stop_before_the_first_stretch_is_over_earns_no_night(
    bot: RunningBot, user: UserClient
) -> None:
    intro, card = await user.send("/bedtime")
    await user.tap(intro, "🎧 Listen")
    await voice_message(user)
    await card_until(user, card, "Now: Knee hugs")
    await user.tap(user.chat.bot_messages[card.message_id], "⏹ Stop")

    stopped = user.chat.bot_messages[card.message_id]
    assert stopped.words == "🎧 Bedtime, stopped at 1 of 7."
    assert stopped.buttons == []
    assert "No nights yet" in await streak(user)


async def test_listen_on_a_stretch_card_sends_that_stretch_alone(
    standin: StandIn, bot: RunningBot, user: UserClient
) -> None:
    [card] = await user.send("/stretch lower back rotation")
    assert await user.tap(card, "🎧 Listen") == []
    voice = await voice_message(user, timeout=60)
    exercise = CATALOGUE.exercises["lower-back-rotation"]
    plan = Timeline.plan([exercise], Pace.STANDARD, TempoName.STANDARD)

    assert voice.voice is not None and voice.voice.duration == round(plan.duration)
    assert voice.caption is not None and voice.caption.startswith("🎧 Lower back rotation")
    await listening_ended(bot, user)
    assert len(user.messages) == 2  # the stretch's card and the voice message, nothing else
    assert "Tonight: done" in await streak(user)


async def test_settings_offer_voice_and_tone_and_keep_them(
    bot: RunningBot, user: UserClient
) -> None:
    [screen] = await user.send("/settings")
    assert "Spoken cues, chimes and a breathing tone at 50% of the voice" in screen.text
    assert "✓ 🗣 Voice" in screen.button_texts and "✓ 🎵 Medium" in screen.button_texts

    await user.tap(screen, "🤫 No voice")
    await user.tap(user.chat.bot_messages[screen.message_id], "🎵 Loud")
    shown = user.chat.bot_messages[screen.message_id]
    assert "Chimes and a breathing tone, no voice" in shown.text
    assert "✓ 🎵 Loud" in shown.button_texts and "✓ 🤫 No voice" in shown.button_texts

    await user.tap(shown, "No tone")
    assert "Chimes only" in user.chat.bot_messages[screen.message_id].text
    async with bot.services.database.unit() as unit:
        stored = await unit.users.get(user.id)
    assert stored is not None
    assert (stored.audio_voice, stored.audio_tone, stored.audio_tone_volume) == (False, False, 80)


@pytest.mark.parametrize("time_scale", [1.0])
async def test_typed_stop_stops_the_guide_being_listened_to(
    bot: RunningBot, user: UserClient
) -> None:
    intro, card = await user.send("/bedtime")
    await user.tap(intro, "🎧 Listen")
    await voice_message(user)
    await card_until(user, card, "Now: Knee hugs")
    assert await user.send("/stop") == []
    assert user.chat.bot_messages[card.message_id].words == "🎧 Bedtime, stopped at 1 of 7."
    [reply] = await user.send("/stop")
    assert reply.text == "Nothing is running right now. /bedtime starts the routine."


async def test_a_guide_playing_is_followed_again_after_a_restart(
    bot: RunningBot, user: UserClient
) -> None:
    intro, card = await user.send("/bedtime")
    await user.tap(intro, "🎧 Listen")
    await voice_message(user)
    await card_until(user, card, "Now: ")
    await bot.restart(down_for_seconds=100)  # back during the second stretch's time

    shown = await card_until(user, card, "listened to the end")
    assert "🔥 1 night in a row" in shown[-1]
    assert len([m for m in user.messages if m.voice is not None]) == 1


async def test_people_asking_at_the_same_moment_share_one_render_and_one_upload(
    standin: StandIn, bot: RunningBot
) -> None:
    people = [standin.new_user(first_name=name) for name in ("Ana", "Ben", "Caro")]
    cards = [(await person.send("/stretch gentle bridge"))[0] for person in people]
    await asyncio.gather(
        *(p.tap(card, "🎧 Listen") for p, card in zip(people, cards, strict=True))
    )
    voices = [await voice_message(person, timeout=60) for person in people]

    assert len({voice.voice.file_id for voice in voices if voice.voice is not None}) == 1
    assert sum(1 for upload in standin.uploads if upload.kind == "voice") == 1
    assert len(standin.calls("sendVoice")) == 3


async def test_a_person_who_blocks_the_bot_mid_guide_hears_nothing_more(
    standin: StandIn, bot: RunningBot, user: UserClient
) -> None:
    intro, card = await user.send("/bedtime")
    await user.tap(intro, "🎧 Listen")
    await voice_message(user)
    await card_until(user, card, "Now: Knee hugs")
    standin.block(user.id)
    refused = len(standin.calls())
    await listening_ended(bot, user)
    await asyncio.sleep(PLAN.duration / 40)  # the rest of the guide's time: nothing is sent

    edits = [c for c in standin.calls()[refused:] if c.method.startswith("editMessage")]
    assert len(edits) == 1, "one 403, then nothing more"
    async with bot.services.database.unit() as unit:
        stored = await unit.users.get(user.id)
        playing = await unit.listenings.playing(user.id)
    assert stored is not None and not stored.reachable
    assert playing == []


async def test_listen_after_a_stretch_was_stopped_plays_it_anew_at_the_persons_pace(
    bot: RunningBot, user: UserClient
) -> None:
    async with bot.services.database.unit() as unit:
        stored = await unit.users.get(user.id)
        assert stored is not None
        set_preferences(stored, replace(preferences_of(stored), pace=Pace.QUICK))
    [card] = await user.send("/stretch lower back rotation")
    intro, practice_card = await user.tap(card, "▶️ Guide me")
    await user.tap(practice_card, "⏹ Stop")
    await user.tap(intro, "🎧 Listen")

    voice = await voice_message(user, timeout=60)
    quick = Timeline.plan(
        [CATALOGUE.exercises["lower-back-rotation"]], Pace.QUICK, TempoName.STANDARD
    )
    assert voice.voice is not None and voice.voice.duration == round(quick.duration)
