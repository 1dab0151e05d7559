"""Voice messages and audio files must be what a phone can play, of the length they claim."""

from __future__ import annotations

import io
import struct
from datetime import timedelta
from typing import Any

import numpy as np
import pytest
import soundfile
from telegram import InputFile
from telegram.error import BadRequest, Forbidden, NetworkError

from standin import StandIn
from standin.audio import AudioError, inspect_audio, ogg_crc
from standin.methods import sound
from tests.standin.conftest import pop_rejections

App = Any
RATE = 24_000


def ogg(seconds: float, subtype: str = "OPUS") -> bytes:
    """A real Ogg file of a quiet tone (Opus, or Vorbis to be refused as a voice)."""
    t = np.arange(round(seconds * RATE)) / RATE
    buffer = io.BytesIO()
    samples = (0.2 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)
    soundfile.write(buffer, samples, RATE, format="OGG", subtype=subtype)
    return buffer.getvalue()


def mp3(frames: int) -> bytes:
    """MPEG-1 Layer III frames at 128 kbit/s and 44.1 kHz (silent: empty side information)."""
    header = struct.pack(">I", 0xFFFB9000)
    return (header + bytes(417 - 4)) * frames


def m4a(seconds: int) -> bytes:
    def box(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I4s", 8 + len(body), kind) + body

    mvhd = box(b"mvhd", struct.pack(">B3xIIII", 0, 0, 0, 1000, seconds * 1000) + bytes(80))
    return box(b"ftyp", b"M4A \0\0\0\0isom") + box(b"moov", mvhd) + box(b"mdat", bytes(64))


async def test_a_voice_message_in_ogg_opus_plays_for_its_length(
    standin: StandIn, bot_app: App
) -> None:
    ana = standin.new_user()
    data = ogg(3.2)
    sent = await bot_app.bot.send_voice(
        ana.chat_id, InputFile(data, filename="bedtime.ogg"), duration=3, caption="<b>Bedtime</b>"
    )
    sent_html = await bot_app.bot.send_voice(
        ana.chat_id, sent.voice.file_id, caption="<i>again</i>", parse_mode="HTML"
    )

    assert sent.voice.duration == timedelta(seconds=3) and sent.voice.mime_type == "audio/ogg"
    assert sent.voice.file_size == len(data) and sent.voice.file_id.startswith("AwAC")
    assert sent.caption == "<b>Bedtime</b>"
    assert sent_html.voice.file_id == sent.voice.file_id  # one upload, sent twice
    assert sent_html.caption == "again" and sent_html.caption_entities[0].type == "italic"
    message = ana.last
    assert message.kind == "voice" and message.voice_bytes == data


async def test_a_voice_message_must_be_real_opus_with_an_honest_duration(
    standin: StandIn, bot_app: App
) -> None:
    ana = standin.new_user()
    good = ogg(2.0)
    corrupt = bytearray(good)
    corrupt[len(corrupt) // 2] ^= 0xFF
    refused = [
        (good, None, "(?i)duration is required"),
        (good, 5, "(?i)does not match the file, which plays for 2.0 s"),
        (b"RIFF....WAVEfmt ", 1, "(?i)neither Ogg Opus, MP3 nor M4A"),
        (ogg(2.0, "VORBIS"), 2, "(?i)not Opus"),
        (good[:-100], 2, "(?i)cut off"),
        (bytes(corrupt), 2, "(?i)bad Ogg checksum"),
        (b"", 1, "(?i)file must be non-empty"),
    ]
    for data, duration, reason in refused:
        with pytest.raises(BadRequest, match=reason):
            await bot_app.bot.send_voice(
                ana.chat_id, InputFile(data, filename="x.ogg"), duration=duration
            )
    assert len(pop_rejections(standin)) == len(refused)
    assert await bot_app.bot.send_voice(ana.chat_id, InputFile(good, filename="x.ogg"), duration=2)


async def test_voice_size_caption_and_file_kind_limits(
    standin: StandIn, bot_app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    ana = standin.new_user()
    data = ogg(1.0)
    with pytest.raises(BadRequest, match=r"(?i)caption is too long"):
        await bot_app.bot.send_voice(ana.chat_id, data, duration=1, caption="z" * 1025)
    sent = await bot_app.bot.send_voice(ana.chat_id, data, duration=1, caption="z" * 1024)
    with pytest.raises(BadRequest, match=r"(?i)can't use file of type voice as audio"):
        await bot_app.bot.send_audio(ana.chat_id, sent.voice.file_id)
    with pytest.raises(BadRequest, match=r"(?i)does not match the file"):
        await bot_app.bot.send_voice(ana.chat_id, sent.voice.file_id, duration=9)
    monkeypatch.setattr(sound, "MAX_SOUND_BYTES", len(data) - 1)
    with pytest.raises(NetworkError, match="Request Entity Too Large"):
        await bot_app.bot.send_voice(ana.chat_id, data, duration=1)
    assert len(pop_rejections(standin)) == 4


async def test_a_blocked_person_gets_no_voice(standin: StandIn, bot_app: App) -> None:
    ana = standin.new_user()
    standin.block(ana)
    with pytest.raises(Forbidden):
        await bot_app.bot.send_voice(ana.chat_id, ogg(1.0), duration=1)


async def test_an_audio_file_is_mp3_or_m4a_with_its_tags(standin: StandIn, bot_app: App) -> None:
    ana = standin.new_user()
    sent = await bot_app.bot.send_audio(
        ana.chat_id,
        InputFile(mp3(100), filename="bedtime.mp3"),
        duration=3,
        performer="Stretch bot",
        title="Bedtime",
    )
    assert (sent.audio.performer, sent.audio.title) == ("Stretch bot", "Bedtime")
    assert sent.audio.mime_type == "audio/mpeg" and sent.audio.file_name == "bedtime.mp3"
    assert ana.last.kind == "audio"
    again = await bot_app.bot.send_audio(ana.chat_id, sent.audio.file_id)
    assert again.audio.file_id == sent.audio.file_id
    music = await bot_app.bot.send_audio(ana.chat_id, m4a(7), duration=7)
    assert music.audio.mime_type == "audio/mp4" and music.audio.duration == timedelta(seconds=7)

    with pytest.raises(BadRequest, match=r"(?i)must be m4a, mp3, not ogg/opus"):
        await bot_app.bot.send_audio(ana.chat_id, ogg(1.0), duration=1)
    assert len(pop_rejections(standin)) == 1
    # MP3 and M4A are voice messages too, as the Bot API says.
    assert (await bot_app.bot.send_voice(ana.chat_id, mp3(50), duration=1)).voice


def test_the_inspector_reads_each_format_length() -> None:
    assert inspect_audio(ogg(2.5)).seconds == pytest.approx(2.5)
    assert inspect_audio(mp3(100)).seconds == pytest.approx(100 * 1152 / 44100)
    assert inspect_audio(b"ID3\x03\x00\x00\x00\x00\x00\x0a" + bytes(10) + mp3(10)).format == "mp3"
    assert inspect_audio(m4a(7)).seconds == 7
    for broken in (mp3(3)[:-7], m4a(7)[:-3], m4a(7).replace(b"M4A ", b"qt  "), b"OggS"):
        with pytest.raises(AudioError):
            inspect_audio(broken)


def test_the_ogg_checksum_is_the_one_players_check() -> None:
    data = ogg(0.5)
    segments = data[26]
    first_page = bytearray(data[: 27 + segments + sum(data[27 : 27 + segments])])
    (stored,) = struct.unpack_from("<I", first_page, 22)
    first_page[22:26] = bytes(4)
    assert ogg_crc(bytes(first_page)) == stored
    assert ogg_crc(b"") == 0
