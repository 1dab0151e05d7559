"""Opus in an Ogg file, what Telegram plays as a voice message, through libsndfile.

The `soundfile` wheels bundle libsndfile 1.2 built with Ogg, Opus and Vorbis, so nothing is
needed from the system. libsndfile sets Opus's bit rate from a "compression level" between 0
and 1: 0 is 256 kbit/s per channel, 1 is 6 kbit/s, evenly in between.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import numpy as np
import soundfile

from bot.audio.synth import RATE, Samples

BITRATE_KBPS = 24
OPUS_MOST_KBPS, OPUS_LEAST_KBPS = 256, 6
OGG_MAGIC = b"OggS"
OPUS_HEAD = b"OpusHead"


def compression_level(kbps: float) -> float:
    """libsndfile's compression level for an average bit rate (mono)."""
    level = (OPUS_MOST_KBPS - kbps) / (OPUS_MOST_KBPS - OPUS_LEAST_KBPS)
    return min(max(level, 0.0), 1.0)


# Samples handed to the encoder at a time: between them a render can be called off.
CHUNK_SECONDS = 5


class Cancelled(Exception):
    """The render was called off (the bot is stopping); nothing was written."""


def encode_opus(
    samples: Samples,
    rate: int = RATE,
    kbps: float = BITRATE_KBPS,
    cancelled: Callable[[], bool] = lambda: False,
) -> bytes:
    """Mono samples (-1..1) as an Ogg Opus file. Encoding is most of a render's time, so it
    goes in chunks and stops (raising `Cancelled`) once `cancelled()` says so."""
    buffer = io.BytesIO()
    with soundfile.SoundFile(
        buffer,
        "w",
        samplerate=rate,
        channels=1,
        format="OGG",
        subtype="OPUS",
        compression_level=compression_level(kbps),
    ) as file:
        clipped = np.clip(samples, -1.0, 1.0).astype(np.float32)
        step = CHUNK_SECONDS * rate
        for start in range(0, len(clipped), step):
            if cancelled():
                raise Cancelled
            file.write(clipped[start : start + step])
    data = buffer.getvalue()
    if not data.startswith(OGG_MAGIC) or OPUS_HEAD not in data[:128]:
        raise RuntimeError("libsndfile did not write Ogg Opus")
    return data


def decode(data: bytes) -> tuple[Samples, int]:
    """The samples of an audio file libsndfile reads (Ogg Opus among them) and their rate."""
    samples, rate = soundfile.read(io.BytesIO(data), dtype="float32", always_2d=False)
    return np.asarray(samples, dtype=np.float32), int(rate)
