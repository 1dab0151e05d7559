"""A score made into sound: tone, chimes and words mixed, normalised, encoded."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from bot.audio.encode import decode, encode_opus
from bot.audio.loudness import normalise
from bot.audio.synth import Samples, chime, fade_ends, mix, silence, tone, tone_runs
from bot.audio.voice import SpeechEngine, fit
from bot.domain.audio_score import AudioScore

# Levels before loudness normalisation, relative to each other: the voice's peak, a chime's
# peak, and the tone's peak when `tone_volume` is 1 (as loud as the voice).
VOICE_PEAK = 0.5
CHIME_PEAK = 0.3
TONE_PEAK = 0.35
# Opus rebuilds peaks a little higher than it was given; a decoded file that comes this close
# to full scale is encoded again a little quieter.
DECODED_PEAK_LIMIT = 0.97


@dataclass(frozen=True)
class AudioOptions:
    """The person's audio choices. `tone_volume` is the breathing tone's level relative to the
    voice, 0-1 (1: as loud); the chimes always sound."""

    voice: bool = True
    tone: bool = True
    tone_volume: float = 0.5

    def __post_init__(self) -> None:
        if not 0.0 <= self.tone_volume <= 1.0:
            raise ValueError("tone_volume is a share of the voice's level, 0 to 1")

    @property
    def label(self) -> str:
        """A short stable name for cache keys and file names: "voice.tone50"."""
        voice = "voice" if self.voice else "novoice"
        tone = f"tone{round(self.tone_volume * 100)}" if self.tone else "notone"
        return f"{voice}.{tone}"


@dataclass(frozen=True)
class AudioFile:
    """An encoded guide. `duration_seconds` is the score's length, exactly."""

    ogg: bytes
    duration_seconds: float
    key: str

    @property
    def telegram_duration(self) -> int:
        """Whole seconds, for sendVoice's `duration`."""
        return max(int(self.duration_seconds + 0.5), 1)


def render_samples(
    score: AudioScore, options: AudioOptions, engine: SpeechEngine | None
) -> Samples:
    """The mixed, normalised samples of a score. Words are spoken only when the options ask
    for a voice and the engine speaks the score's language; otherwise chimes carry the cues."""
    out = silence(score.duration)
    if options.tone and options.tone_volume > 0:
        for run in tone_runs(score.breaths):
            mix(out, run[0].at, tone(run) * (TONE_PEAK * options.tone_volume))
    for strike in score.chimes:
        mix(out, strike.at, chime(strike.kind) * CHIME_PEAK)
    language = score.language
    if options.voice and engine is not None and language and engine.speaks(language):
        for cue in score.words:
            clip = fit(engine, cue.text, language, cue.until - cue.at)
            mix(out, cue.at, clip * VOICE_PEAK)
    fade_ends(out)
    return normalise(out)


def render_score(
    score: AudioScore,
    options: AudioOptions,
    engine: SpeechEngine | None,
    key: str = "",
    cancelled: Callable[[], bool] = lambda: False,
) -> AudioFile:
    samples = render_samples(score, options, engine)
    return AudioFile(encode_below_full_scale(samples, cancelled), score.duration, key)


def encode_below_full_scale(
    samples: Samples, cancelled: Callable[[], bool] = lambda: False
) -> bytes:
    """Ogg Opus whose decoded samples stay below full scale: checked by decoding it."""
    data = encode_opus(samples, cancelled=cancelled)
    decoded, _ = decode(data)
    peak = float(np.max(np.abs(decoded))) if len(decoded) else 0.0
    if peak > DECODED_PEAK_LIMIT:
        quieter = samples * np.float32(DECODED_PEAK_LIMIT * 0.95 / peak)
        data = encode_opus(quieter, cancelled=cancelled)
    return data
