"""Loudness normalisation to a target (ITU-R BS.1770 via pyloudnorm) without clipping.

Speech and bell strikes peak far above their loudness, so raising a quiet mix to the target
can push them past full scale. A look-ahead limiter lowers just those peaks, smoothly; it
touches a few milliseconds at a time, so the integrated loudness moves little; where it moves
more (speech and bells alone, all peaks), one more measurement corrects the gain.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyloudnorm
from scipy.ndimage import minimum_filter1d, uniform_filter1d

from bot.audio.synth import RATE, Samples

TARGET_LUFS = -16.0
# Opus at a low bit rate rebuilds speech peaks up to about 1.5 dB higher than it was given:
# leave room under full scale.
CEILING = 10 ** (-3 / 20)
LIMITER_WINDOW_SECONDS = 0.01
# Close enough not to measure again.
TOLERANCE_LU = 0.2
# Speech over a very quiet tone is nearly all peaks: limiting it lowers the loudness, so the
# gain is raised again, a few times at most.
MOST_PASSES = 4


def loudness(samples: Samples, rate: int = RATE) -> float:
    """Integrated loudness in LUFS (gated, so silence does not count)."""
    meter = pyloudnorm.Meter(rate)
    return float(meter.integrated_loudness(samples.astype(np.float64)))


def normalise(samples: Samples, target: float = TARGET_LUFS) -> Samples:
    """`samples` at `target` LUFS with every peak under `CEILING`; silence stays silence."""
    measured = loudness(samples)
    if not np.isfinite(measured):
        return samples  # silence, or too short to measure
    out = samples.astype(np.float64)
    for _ in range(MOST_PASSES):
        raised = out * 10 ** ((target - measured) / 20)
        out = limit(raised)
        # The limiter only takes energy away; when it took little, the loudness moved less
        # than the tolerance and need not be measured again.
        kept = float(np.sum(out**2) / np.sum(raised**2))
        if -10 * np.log10(kept) <= TOLERANCE_LU:
            break
        measured = loudness(out.astype(np.float32))
        if abs(measured - target) <= TOLERANCE_LU:
            break
    return out.astype(np.float32)


def limit(samples: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Lower the gain around each peak above `CEILING`, ramping over a few milliseconds;
    elsewhere the samples are untouched (and not even looked at twice)."""
    loud = np.nonzero(np.abs(samples) > CEILING)[0]
    if not len(loud):
        return samples
    window = max(round(LIMITER_WINDOW_SECONDS * RATE), 1)
    out = samples.copy()
    # Peaks closer than a few windows share one stretch of gain reduction.
    breaks = np.nonzero(np.diff(loud) > 4 * window)[0]
    for first, last in zip(
        np.concatenate([[0], breaks + 1]), np.concatenate([breaks, [len(loud) - 1]]), strict=True
    ):
        start = max(int(loud[first]) - 3 * window, 0)
        end = min(int(loud[last]) + 3 * window + 1, len(samples))
        out[start:end] = _limit_stretch(samples[start:end], window)
    return out


def _limit_stretch(samples: npt.NDArray[np.float64], window: int) -> npt.NDArray[np.float64]:
    """The gain each sample needs is spread as a running minimum over twice the window, then
    smoothed by a moving average over the window: the average of values no larger than the
    need at its centre never exceeds it, so no peak gets through, and the gain never jumps.
    The stretch starts and ends three windows from any peak, where the gain is back to 1."""
    need = np.minimum(1.0, CEILING / np.maximum(np.abs(samples), 1e-12))
    spread = minimum_filter1d(need, size=2 * window + 1, mode="nearest")
    gain = uniform_filter1d(spread, size=window, mode="nearest")
    return np.asarray(samples * np.minimum(gain, need))
