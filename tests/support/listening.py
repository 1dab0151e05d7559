"""Listening with code: find bell strikes, the breathing tone's turns and speech in samples.

Nothing here reads the score: the finders look at the decoded sound alone, and the tests
compare what they found with the pacing plan.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.fft import irfft, next_fast_len, rfft
from scipy.ndimage import maximum_filter1d, uniform_filter1d

Signal = npt.NDArray[np.float32]
Floats = npt.NDArray[np.float64]

# The bells' partials lie between 390 Hz and 2.3 kHz; the tone's fundamental between 196 and
# 294 Hz; a voice has energy below and above the bells.
BELL_BAND = (350.0, 2500.0)
TONE_BAND = (150.0, 340.0)
# A tone at least this loud (as a sine's amplitude, full scale 1) counts as present: a bell's
# leakage into the tone's band stays far below.
TONE_PRESENT = 0.02
# (low Hz, high Hz, rate divisor): a voice's pitch, and the hiss of s, f and t.
SPEECH_BANDS = ((90.0, 340.0, 8), (2800.0, 5800.0, 2))


class Listener:
    """A decoded file's spectrum, taken once; each finder asks it for one band of the sound,
    at a sample rate just high enough for that band (less to look through)."""

    def __init__(self, signal: Signal, rate: int) -> None:
        self.rate = rate
        self.length = len(signal)
        # A length the FFT takes quickly, divisible by every factor `band` uses.
        self.size = next_fast_len(-(-len(signal) // 24), real=True) * 24
        self.spectrum = rfft(signal.astype(np.float64), self.size)
        self.hz = np.fft.rfftfreq(self.size, 1 / rate)

    def band(self, low: float, high: float, factor: int = 1) -> tuple[Floats, int]:
        """The sound between `low` and `high` Hz (zero-phase: nothing is delayed), at the
        file's rate divided by `factor`."""
        size = self.size // factor
        kept = self.spectrum[: size // 2 + 1].copy()
        hz = self.hz[: size // 2 + 1]
        kept[(hz < low) | (hz > high)] = 0
        samples = irfft(kept, size) * (size / self.size)
        rate = self.rate // factor
        return np.asarray(samples[: round(self.length / factor)], dtype=np.float64), rate


def envelope_db(signal: Floats, rate: int, seconds: float = 0.0025) -> Floats:
    """Short-time level in dB: RMS over a centred window."""
    width = max(round(seconds * rate), 1)
    power = uniform_filter1d(signal**2, size=width, mode="nearest")
    return np.asarray(10 * np.log10(np.maximum(power, 0) + 1e-14), dtype=np.float64)


def onsets(listener: Listener, rise_db: float = 12.0, floor_db: float = 45.0) -> list[float]:
    """Times of sudden rises in the bells' band: a level `rise_db` above the loudest moment
    of the 40 ms before (so beating between partials is no onset), within `floor_db` of the
    loudest moment of all. Each onset is where the level first passes 20 dB under the peak
    it rises to; one onset per 300 ms at most."""
    bells, rate = listener.band(*BELL_BAND, factor=4)
    level = envelope_db(bells, rate)
    before = _recent_max(level, round(0.01 * rate), round(0.04 * rate))
    floor = np.max(level) - floor_db
    candidates = np.nonzero((level - before > rise_db) & (level > floor))[0]
    found: list[float] = []
    last = -np.inf
    for index in map(int, candidates):
        if index / rate - last < 0.3:
            continue
        start = max(index - round(0.02 * rate), 0)
        rise = level[start : index + round(0.05 * rate)]
        first = start + int(np.argmax(rise > np.max(rise) - 20))
        found.append(first / rate)
        last = index / rate
    return found


def _recent_max(level: Floats, near: int, far: int) -> Floats:
    """For each sample, the largest value from `far` to `near` samples before it."""
    width = (far - near) | 1  # odd, so the window has a centre
    centred = maximum_filter1d(level, size=width, mode="nearest")
    shift = near + width // 2
    return np.concatenate([np.full(shift, level.min()), centred[: len(level) - shift]])


@dataclass(frozen=True)
class Turns:
    """Where the tone turns: `peaks` from rising to falling (in-breath to out-breath),
    `troughs` from falling to rising (one breath to the next); `runs` are (start, end) of
    each unbroken stretch of tone."""

    peaks: list[float]
    troughs: list[float]
    runs: list[tuple[float, float]]


def pitch_track(signal: Floats, rate: int, window: int, hop: float = 0.01) -> Floats:
    """Per frame: time, the strongest frequency in the tone's band and its level in dB."""
    step = round(hop * rate)
    hann = np.hanning(window)
    hz = np.asarray(np.fft.rfftfreq(window, 1 / rate), dtype=np.float64)
    bins = np.nonzero((hz >= TONE_BAND[0]) & (hz <= TONE_BAND[1]))[0]
    starts = np.arange(0, len(signal) - window, step)
    rows: list[Floats] = []
    for chunk in np.array_split(starts, max(len(starts) // 2000, 1)):
        frames = signal[chunk[:, None] + np.arange(window)] * hann
        magnitude = np.abs(np.fft.rfft(frames, axis=1))[:, bins] + 1e-12
        rows.append(_peak_frequency(chunk, magnitude, bins, hz, window, rate))
    return np.concatenate(rows)


def _peak_frequency(
    starts: npt.NDArray[np.int64],
    magnitude: Floats,
    bins: npt.NDArray[np.int64],
    hz: Floats,
    window: int,
    rate: int,
) -> Floats:
    """Parabolic interpolation of the log spectrum around each frame's strongest bin."""
    log = np.log(magnitude)
    top = np.clip(np.argmax(log, axis=1), 1, len(bins) - 2)
    rows = np.arange(len(top))
    left, mid, right = log[rows, top - 1], log[rows, top], log[rows, top + 1]
    shift = 0.5 * (left - right) / (left - 2 * mid + right - 1e-12)
    frequency = hz[bins[top]] + shift * (rate / window)
    level = 20 * np.log10(magnitude.max(axis=1))
    times = (starts + window / 2) / rate
    return np.column_stack([times, frequency, level])


def tone_turns(listener: Listener, swing_hz: float = 25.0) -> Turns:
    """The tone's turning points, each refined by intersecting straight lines fitted to the
    pitch on either side (the tone glides in straight lines between turns)."""
    window = 256  # 85 ms at 3 kHz
    tone, rate = listener.band(0, 1400, factor=8)
    track = pitch_track(tone, rate, window)
    loud = track[:, 2] > 20 * np.log10(TONE_PRESENT * window / 4)
    inside = (track[:, 1] > TONE_BAND[0] + 10) & (track[:, 1] < TONE_BAND[1] - 10)
    present = loud & inside
    peaks: list[float] = []
    troughs: list[float] = []
    runs: list[tuple[float, float]] = []
    for first, last in _runs(present, gap=5):
        runs.append((float(track[first, 0]), float(track[last, 0])))
        # Only frames where the tone is heard, and none of its fades in and out.
        run = track[first + 10 : last - 9][present[first + 10 : last - 9]]
        for index, is_peak in _zigzag(run[:, 1], swing_hz):
            turn = _refine(run, index)
            (peaks if is_peak else troughs).append(turn)
    return Turns(peaks, troughs, runs)


def _runs(mask: npt.NDArray[np.bool_], gap: int) -> list[tuple[int, int]]:
    """(first, last) index of each stretch of True, bridging gaps of up to `gap` frames."""
    found: list[tuple[int, int]] = []
    for index in np.nonzero(mask)[0]:
        if found and index - found[-1][1] <= gap + 1:
            found[-1] = (found[-1][0], int(index))
        else:
            found.append((int(index), int(index)))
    return [(a, b) for a, b in found if b - a > 50]  # at least half a second of tone


def _zigzag(values: Floats, swing: float) -> list[tuple[int, bool]]:
    """Indices of alternating extremes, each confirmed by a reversal of at least `swing`."""
    found: list[tuple[int, bool]] = []
    high = low = 0
    direction = 0  # 1 rising, -1 falling, 0 not yet known (the run's start is no turn)
    for index, value in enumerate(values):
        if value > values[high]:
            high = index
        if value < values[low]:
            low = index
        if direction == 0:
            if value - values[low] > swing:
                direction, high = 1, index
            elif values[high] - value > swing:
                direction, low = -1, index
        elif direction == 1 and values[high] - value > swing:
            found.append((high, True))
            direction, low = -1, index
        elif direction == -1 and value - values[low] > swing:
            found.append((low, False))
            direction, high = 1, index
    return found


def _refine(run: Floats, index: int, reach: float = 1.2, skip: float = 0.08) -> float:
    """Intersect lines fitted to the pitch `skip`..`reach` seconds before and after a turn."""
    times, pitch = run[:, 0], run[:, 1]
    centre = times[index]
    before = (times > centre - reach) & (times < centre - skip)
    after = (times > centre + skip) & (times < centre + reach)
    if before.sum() < 5 or after.sum() < 5:
        return float(centre)
    slope_a, cut_a = np.polyfit(times[before], pitch[before], 1)
    slope_b, cut_b = np.polyfit(times[after], pitch[after], 1)
    if abs(slope_a - slope_b) < 1e-9:
        return float(centre)
    return float((cut_b - cut_a) / (slope_a - slope_b))


def speech_starts(
    listener: Listener, after: list[float], threshold_db: float = 25.0, reach: float = 2.0
) -> list[float | None]:
    """For each time in `after`, when speech first sounds within `reach` seconds of it: the
    first moment either speech band is within `threshold_db` of its loudest level."""
    levels: list[tuple[Floats, int]] = []
    for low, high, factor in SPEECH_BANDS:
        samples, rate = listener.band(low, high, factor)
        levels.append((envelope_db(samples, rate, 0.01), rate))
    found: list[float | None] = []
    for start in after:
        hits = []
        for level, rate in levels:
            first = round(start * rate)
            loud = level[first : first + round(reach * rate)] > np.max(level) - threshold_db
            if np.any(loud):
                hits.append((first + int(np.argmax(loud))) / rate)
        found.append(min(hits) if hits else None)
    return found


def match(found: list[float], expected: list[float]) -> list[float]:
    """Pair each expected time with the nearest found one; the differences in seconds."""
    return [min((abs(f - e) for f in found), default=np.inf) for e in expected]
