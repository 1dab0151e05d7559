"""Sounds from numbers: the breathing tone, the chimes, and placing them on the timeline."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np
import numpy.typing as npt

from bot.domain.audio_score import Breath, ChimeKind

Samples = npt.NDArray[np.float32]

# Opus codes at 48 kHz inside; 24 kHz input keeps everything up to 12 kHz, more than a phone
# speaker plays, at half the work.
RATE = 24_000

# The tone glides up a fifth on the in-breath and back down on the out-breath. Its pitch moves
# in straight lines, so its highest and lowest points fall exactly on the breath's turns.
TONE_LOW_HZ = 196.0  # G3
TONE_HIGH_HZ = 293.66  # D4
# Soft, a little warmer than a sine: the second and third harmonics at these shares.
TONE_SECOND, TONE_THIRD = 0.25, 0.08
TONE_FLOOR = 0.4  # loudness at the turn from out to in, as a share of the peak
TONE_FADE_IN = 0.08
TONE_FADE_OUT = 0.15

# A soft bell: a few partials slightly out of tune with each other, the higher ones dying
# sooner. Every partial lies between 390 Hz and 2.3 kHz, above the tone's fundamental.
BELL_RATIOS = ((1.0, 1.0, 0.9), (2.0, 0.45, 0.55), (2.76, 0.25, 0.35), (2.0 * 1.48, 0.12, 0.25))
BELL_ATTACK = 0.006
BELL_SECONDS = 2.0
CHIME_PITCH: dict[ChimeKind, float] = {
    ChimeKind.BEGIN: 659.25,  # E5: go
    ChimeKind.RELEASE: 523.25,  # C5: let go
    ChimeKind.CHANGE: 587.33,  # D5: switch, rest, next part
    ChimeKind.NEXT: 440.0,  # A4: the next stretch
    ChimeKind.END: 392.0,  # G4: the end, longest and lowest
}
CHIME_DECAY: dict[ChimeKind, float] = {ChimeKind.END: 1.6}


def seconds_to_samples(seconds: float) -> int:
    return round(seconds * RATE)


def silence(seconds: float) -> Samples:
    return np.zeros(seconds_to_samples(seconds), dtype=np.float32)


def mix(into: Samples, at: float, sound: Samples) -> None:
    """Add `sound` to `into` starting at `at` seconds, cut at the end of `into`."""
    start = seconds_to_samples(at)
    if start >= len(into) or start < 0:
        return
    end = min(start + len(sound), len(into))
    into[start:end] += sound[: end - start]


@cache
def chime(kind: ChimeKind) -> Samples:
    """One bell strike, peak 1.0, silent at its end."""
    t = np.arange(seconds_to_samples(BELL_SECONDS)) / RATE
    decay = CHIME_DECAY.get(kind, 1.0)
    sound = np.zeros_like(t)
    for ratio, amplitude, seconds in BELL_RATIOS:
        hz = CHIME_PITCH[kind] * ratio
        sound += amplitude * np.exp(-t / (seconds * decay)) * np.sin(2 * np.pi * hz * t)
    attack = seconds_to_samples(BELL_ATTACK)
    sound[:attack] *= _rise(attack)
    tail = seconds_to_samples(0.2)
    sound[-tail:] *= _rise(tail)[::-1]
    return (sound / float(np.max(np.abs(sound)))).astype(np.float32)


def tone_runs(breaths: Sequence[Breath]) -> list[list[Breath]]:
    """Breaths split where the timeline has a gap: each run is one unbroken tone."""
    runs: list[list[Breath]] = []
    for breath in breaths:
        if runs and abs(runs[-1][-1].end - breath.at) < 1e-6:
            runs[-1].append(breath)
        else:
            runs.append([breath])
    return runs


def tone(run: Sequence[Breath]) -> Samples:
    """The tone through consecutive breaths, starting at `run[0].at`, peak 1.0."""
    start = run[0].at
    knots = [0.0]
    for breath in run:
        knots += [breath.turn - start, breath.end - start]
    shape = np.array([0.0] + [1.0, 0.0] * len(run))  # 0 at a breath's start and end, 1 at its turn
    t = np.arange(seconds_to_samples(run[-1].end - start)) / RATE
    rise = np.interp(t, knots, shape)
    hz = TONE_LOW_HZ * np.exp(rise * np.log(TONE_HIGH_HZ / TONE_LOW_HZ))
    phase = np.cumsum(hz * (2 * np.pi / RATE))
    sine = np.sin(phase)
    # sin 2x = 2 sin x cos x and sin 3x = 3 sin x - 4 sin³ x: the harmonics from one sine.
    wave = sine * (1 + 3 * TONE_THIRD + 2 * TONE_SECOND * np.cos(phase) - 4 * TONE_THIRD * sine**2)
    smooth = rise * rise * (3 - 2 * rise)
    loudness = TONE_FLOOR + (1 - TONE_FLOOR) * smooth
    sound = np.asarray(wave * loudness, dtype=np.float64)
    fade_in, fade_out = seconds_to_samples(TONE_FADE_IN), seconds_to_samples(TONE_FADE_OUT)
    sound[:fade_in] *= _rise(fade_in)
    sound[-fade_out:] *= _rise(fade_out)[::-1]
    return (sound / float(np.max(np.abs(sound)))).astype(np.float32)


def fade_ends(samples: Samples, fade_in: float = 0.05, fade_out: float = 1.0) -> None:
    """Ramp the very start and the end, so playback neither clicks in nor stops abruptly."""
    first = min(seconds_to_samples(fade_in), len(samples))
    last = min(seconds_to_samples(fade_out), len(samples))
    if first:
        samples[:first] *= _rise(first)
    if last:
        samples[-last:] *= _rise(last)[::-1]


def _rise(length: int) -> npt.NDArray[np.float64]:
    """A raised-cosine ramp from 0 to 1 over `length` samples."""
    return 0.5 - 0.5 * np.cos(np.linspace(0, np.pi, length))
