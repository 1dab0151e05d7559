"""Guides on request: cached on disk by a key that names every choice, rendered once per key
off the event loop (their Telegram file_ids are the bot's, tests/audio/test_listen.py)."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

import pytest

from bot.audio.encode import Cancelled, decode
from bot.audio.guides import AudioGuides, GuideRequest, Subject
from bot.audio.render import AudioOptions
from bot.audio.synth import RATE, Samples
from bot.audio.voice import EspeakVoice
from bot.content.loader import load_catalogue
from bot.domain.catalogue import Catalogue
from bot.domain.pacing import Pace, TempoName

CATALOGUE = load_catalogue()
SHORT = Subject("stretch", "thread-the-needle")
QUICK = GuideRequest(SHORT, Pace.QUICK, TempoName.FAST)


class CountingVoice:
    """The real voice, counting what it is asked to say (or refusing, when told to)."""

    def __init__(self, refuse: bool = False) -> None:
        self.voice = EspeakVoice()
        self.refuse = refuse
        self.said: list[str] = []

    @property
    def identity(self) -> str:
        return self.voice.identity

    def speaks(self, language: str) -> bool:
        return self.voice.speaks(language)

    def speak(self, text: str, language: str, speed: float = 1.0) -> Samples:
        if self.refuse:
            raise AssertionError("the voice was not wanted")
        self.said.append(text)
        return self.voice.speak(text, language, speed)


def test_a_guide_is_rendered_once_then_read_from_disk(tmp_path: Path) -> None:
    guides = AudioGuides(CATALOGUE, tmp_path)
    first = guides.render(QUICK)
    again = AudioGuides(CATALOGUE, tmp_path).render(QUICK)

    assert guides.renders == 1
    assert again.ogg == first.ogg and again.key == first.key
    assert guides.path(first.key).read_bytes() == first.ogg
    assert [p.name for p in tmp_path.iterdir()] == [f"{first.key}.ogg"]
    samples, rate = decode(first.ogg)
    assert len(samples) == round(first.duration_seconds * rate)
    assert rate == RATE
    assert first.duration_seconds == guides.score(QUICK).duration
    assert first.telegram_duration == round(first.duration_seconds)


def test_the_key_names_every_choice_that_changes_the_sound() -> None:
    guides = AudioGuides(CATALOGUE, Path("unused"))
    key = guides.key(QUICK)
    assert key.startswith("stretch-thread-the-needle.quick.fast.en.voice.tone50.")
    variants = [
        replace(QUICK, subject=Subject("routine", "bedtime")),
        replace(QUICK, pace=Pace.GENTLE),
        replace(QUICK, tempo=TempoName.SLOW),
        replace(QUICK, language="xx"),
        replace(QUICK, options=AudioOptions(voice=False)),
        replace(QUICK, options=AudioOptions(tone=False)),
        replace(QUICK, options=AudioOptions(tone_volume=0.8)),
    ]
    keys = {guides.key(variant) for variant in variants}
    assert len(keys | {key}) == len(variants) + 1
    assert guides.key(replace(QUICK, language="en-GB")) == key
    assert ".xx." not in guides.key(replace(QUICK, language="xx"))  # no phrasebook: no words


def test_a_changed_catalogue_entry_makes_a_new_key() -> None:
    exercise = CATALOGUE.exercises["thread-the-needle"]
    renamed = exercise.model_copy(update={"name": "Needle threading"})
    changed = Catalogue(
        [renamed if e.id == exercise.id else e for e in CATALOGUE.exercises.values()],
        list(CATALOGUE.routines.values()),
    )
    before = AudioGuides(CATALOGUE, Path("unused")).key(QUICK)
    after = AudioGuides(changed, Path("unused")).key(QUICK)
    assert before != after
    assert before.rsplit(".", 1)[0] == after.rsplit(".", 1)[0]  # same choices, new content


def test_without_a_voice_the_engine_is_never_asked(tmp_path: Path) -> None:
    quiet = CountingVoice(refuse=True)
    guides = AudioGuides(CATALOGUE, tmp_path, engine=quiet)
    guides.render(replace(QUICK, options=AudioOptions(voice=False, tone=False)))
    guides.render(replace(QUICK, language="xx"))
    assert guides.renders == 2

    voiced = CountingVoice()
    AudioGuides(CATALOGUE, tmp_path, engine=voiced).render(QUICK)
    assert voiced.said[0] == "Thread the needle. Right side first."


async def test_a_crowd_asking_for_one_guide_costs_one_render(tmp_path: Path) -> None:
    guides = AudioGuides(CATALOGUE, tmp_path)
    ticks = 0

    async def heartbeat() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    beating = asyncio.create_task(heartbeat())
    try:
        files = await asyncio.gather(*(guides.guide(QUICK) for _ in range(50)))
    finally:
        beating.cancel()
        guides.close()
    assert guides.renders == 1
    assert len({f.ogg for f in files}) == 1
    assert ticks > 10  # the event loop kept running while the guide was made


async def test_a_listener_who_gives_up_does_not_cancel_the_render(tmp_path: Path) -> None:
    guides = AudioGuides(CATALOGUE, tmp_path)
    impatient = asyncio.create_task(guides.guide(QUICK))
    patient = asyncio.create_task(guides.guide(QUICK))
    await asyncio.sleep(0.05)
    impatient.cancel()
    audio = await patient
    guides.close()
    assert guides.renders == 1 and guides.path(audio.key).exists()
    with pytest.raises(asyncio.CancelledError):
        await impatient


async def test_a_cached_guide_never_waits_behind_another_render(tmp_path: Path) -> None:
    guides = AudioGuides(CATALOGUE, tmp_path)
    ready = guides.render(QUICK)
    other = replace(QUICK, subject=Subject("stretch", "knee-hugs"))
    rendering = asyncio.create_task(guides.guide(other))
    await asyncio.sleep(0.05)
    cached = await guides.guide(QUICK)
    assert cached.ogg == ready.ogg and not rendering.done()
    await rendering
    guides.close()
    assert guides.renders == 2


def test_tone_volume_is_a_share_of_the_voice() -> None:
    assert AudioOptions().label == "voice.tone50"
    assert AudioOptions(voice=False, tone=False).label == "novoice.notone"
    with pytest.raises(ValueError, match="tone_volume"):
        AudioOptions(tone_volume=1.5)


async def test_closing_calls_off_a_render_under_way_and_writes_nothing(tmp_path: Path) -> None:
    guides = AudioGuides(CATALOGUE, tmp_path)
    long = GuideRequest(Subject("routine", "bedtime"), options=AudioOptions(voice=False))
    rendering = asyncio.create_task(guides.guide(long))
    await asyncio.sleep(0.5)
    await asyncio.to_thread(guides.close)

    with pytest.raises(Cancelled):
        await rendering
    assert guides.renders == 0 and not guides.path(guides.key(long)).exists()
