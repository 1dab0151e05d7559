"""The pieces of the audio engine: Ogg Opus, loudness without clipping, and the voice."""

from __future__ import annotations

import struct

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.audio.encode import BITRATE_KBPS, compression_level, decode, encode_opus
from bot.audio.loudness import CEILING, TARGET_LUFS, limit, loudness, normalise
from bot.audio.render import AudioOptions, render_score
from bot.audio.synth import RATE, chime, silence, tone
from bot.audio.voice import EspeakVoice, fit
from bot.content.loader import load_catalogue
from bot.domain.audio_score import Breath, ChimeKind, score_exercise, score_routine
from bot.domain.pacing import Pace, TempoName

CATALOGUE = load_catalogue()
VOICE = EspeakVoice()


def a_minute_of_tone() -> np.ndarray:
    breaths = [Breath(i * 10.0, 4.0, 6.0) for i in range(6)]
    return tone(breaths) * np.float32(0.3)


def test_the_file_is_opus_in_ogg_and_decodes_to_the_same_length() -> None:
    samples = a_minute_of_tone()
    data = encode_opus(samples)

    assert data[:4] == b"OggS"
    # The first page carries one packet: the Opus identification header.
    segments = data[26]
    head = data[27 + segments : 27 + segments + 19]
    magic, version, channels, pre_skip, input_rate = struct.unpack("<8sBBHI", head[:16])
    assert pre_skip > 0  # the decoder drops the encoder's look-ahead, so timing holds
    assert (magic, version, channels, input_rate) == (b"OpusHead", 1, 1, RATE)
    assert b"OpusTags" in data[:512]
    decoded, rate = decode(data)
    assert rate == RATE and len(decoded) == len(samples)


def test_opus_runs_at_a_low_bit_rate_for_a_phone() -> None:
    samples = a_minute_of_tone()
    kbps = len(encode_opus(samples)) * 8 / 1000 / (len(samples) / RATE)
    assert BITRATE_KBPS * 0.75 <= kbps <= 32
    assert compression_level(256) == 0 and compression_level(6) == 1
    assert compression_level(1000) == 0 and compression_level(0) == 1


def test_normalising_reaches_the_target_without_clipping() -> None:
    quiet = np.concatenate([a_minute_of_tone() * np.float32(0.05), silence(10)])
    quiet[RATE * 5] = 0.9  # a click far above the rest
    loud = normalise(quiet)

    assert loudness(loud) == pytest.approx(TARGET_LUFS, abs=0.25)
    assert float(np.max(np.abs(loud))) <= CEILING + 1e-6
    assert not np.any(loud[-RATE * 10 :])  # silence stays silence
    assert not np.any(normalise(silence(3)))


@settings(max_examples=30, deadline=None)
@given(
    gain=st.floats(min_value=0.5, max_value=8.0),
    spikes=st.lists(st.integers(min_value=0, max_value=RATE - 1), max_size=20),
)
def test_the_limiter_holds_every_peak_under_the_ceiling(gain: float, spikes: list[int]) -> None:
    t = np.arange(RATE) / RATE
    signal = gain * 0.3 * np.sin(2 * np.pi * 220 * t)
    for index in spikes:
        signal[index] = gain * 1.1
    limited = limit(signal)

    assert float(np.max(np.abs(limited))) <= CEILING + 1e-9
    # Away from anything loud, nothing is touched.
    quiet = np.abs(signal) < CEILING
    far = np.convolve(~quiet, np.ones(2 * round(0.02 * RATE) + 1), mode="same") == 0
    assert np.allclose(limited[far], signal[far])
    assert np.all(np.abs(limited) <= np.abs(signal) + 1e-12)


@pytest.mark.parametrize(
    "options",
    [
        AudioOptions(voice=False, tone=False),
        AudioOptions(tone_volume=0.1),
        AudioOptions(tone_volume=1.0),
    ],
    ids=lambda options: options.label,
)
def test_every_mix_of_choices_meets_the_loudness_target(options: AudioOptions) -> None:
    # Speech over a whisper of tone is the hardest: nearly all peaks, limited hardest.
    score = score_exercise(CATALOGUE.exercises["squat"], Pace.QUICK, TempoName.FAST)
    samples, rate = decode(render_score(score, options, VOICE).ogg)
    assert abs(loudness(samples, rate) - TARGET_LUFS) <= 1.0
    assert float(np.max(np.abs(samples))) < 1.0


def test_bells_ring_and_fade_to_nothing() -> None:
    for kind in ChimeKind:
        strike = chime(kind)
        assert float(np.max(np.abs(strike))) == pytest.approx(1.0)
        assert abs(float(strike[0])) < 0.01 and abs(float(strike[-1])) < 1e-3
        attack = int(np.argmax(np.abs(strike) > 0.5))
        assert attack < 0.02 * RATE  # heard at once


def test_the_voice_speaks_offline_from_the_packaged_data() -> None:
    clip = VOICE.speak("Release. Now the left side.", "en")

    assert 0.8 * RATE < len(clip) < 3.5 * RATE
    assert abs(float(clip[0])) > 0.005  # leading silence cut: the words start at once
    assert float(np.max(np.abs(clip))) == pytest.approx(1.0)
    assert VOICE.speaks("en") and not VOICE.speaks("xx")
    assert VOICE.identity.startswith("espeak-ng ")
    faster = VOICE.speak("Release. Now the left side.", "en", speed=1.3)
    assert len(faster) < len(clip)


def every_cue() -> dict[str, float]:
    """Each distinct cue of every stretch and routine at every pace, with its shortest time."""
    scores = [
        score_exercise(exercise, pace, TempoName.FAST)
        for exercise in CATALOGUE.exercises.values()
        for pace in Pace
    ]
    for routine in CATALOGUE.routines.values():
        exercises = CATALOGUE.routine_exercises(routine)
        scores += [score_routine(routine.name, exercises, pace, TempoName.FAST) for pace in Pace]
    room: dict[str, float] = {}
    for score in scores:
        for words in score.words:
            room[words.text] = min(room.get(words.text, np.inf), words.until - words.at)
    return room


def test_every_cue_in_the_catalogue_fits_its_time_at_every_pace() -> None:
    room = every_cue()
    assert len(room) > 50
    too_long = {
        text: (round(len(VOICE.speak(text, "en")) / RATE, 2), seconds)
        for text, seconds in room.items()
        if len(VOICE.speak(text, "en")) > seconds * RATE
    }
    assert too_long == {}


def test_a_cue_with_too_little_time_is_spoken_faster_then_cut() -> None:
    text = "Release. Next: Rib-and-pelvis breathing."
    natural = len(VOICE.speak(text, "en")) / RATE
    assert len(fit(VOICE, text, "en", natural * 0.85)) <= natural * 0.85 * RATE
    cut = fit(VOICE, text, "en", 0.5)
    assert len(cut) == round(0.5 * RATE) and abs(float(cut[-1])) < 1e-3
