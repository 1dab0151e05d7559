"""Spoken cues from eSpeak NG, which runs offline: its library and language data come in the
`espeakng-loader` package from the registry, so nothing is downloaded at run time."""

from __future__ import annotations

import ctypes
import logging
import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt
from scipy.signal import resample_poly

from bot.audio.synth import RATE, Samples

log = logging.getLogger(__name__)

Floats = npt.NDArray[np.float64]
Shorts = npt.NDArray[np.int16]

# eSpeak NG's API constants (speak_lib.h).
AUDIO_OUTPUT_SYNCHRONOUS = 2
INITIALIZE_DONT_EXIT = 0x8000  # report a missing data folder instead of ending the process
CHARS_UTF8 = 1
PARAMETER_RATE, PARAMETER_PITCH, PARAMETER_RANGE = 1, 3, 4
EE_OK = 0

# Below this share of a clip's peak a sample counts as silence when trimming a clip's ends.
TRIM_THRESHOLD = 0.02
# A cue that does not fit its time is spoken faster, up to this much; past that it is cut.
MOST_SPEED_UP = 1.35


class SpeechEngine(Protocol):
    """Something that speaks a sentence: the render step needs nothing more."""

    @property
    def identity(self) -> str:
        """Names the engine, its version and voice: part of the cache key."""
        ...

    def speaks(self, language: str) -> bool: ...

    def speak(self, text: str, language: str, speed: float = 1.0) -> Samples:
        """Mono samples at `synth.RATE`, peak-normalised, leading and trailing silence cut."""
        ...


@dataclass(frozen=True)
class EspeakVoice:
    """One eSpeak NG voice per language: a calm female variant, a little slow and low."""

    voices: tuple[tuple[str, str], ...] = (("en", "en+f3"),)
    words_per_minute: int = 150
    pitch: int = 40  # 0-100, eSpeak's default is 50
    pitch_range: int = 35  # less sing-song than the default 50

    @property
    def identity(self) -> str:
        version = _Espeak.shared().version
        return f"espeak-ng {version} {dict(self.voices)} {self.words_per_minute} {self.pitch}"

    def speaks(self, language: str) -> bool:
        return language in dict(self.voices)

    def speak(self, text: str, language: str, speed: float = 1.0) -> Samples:
        voice = dict(self.voices)[language]
        rate = round(self.words_per_minute * speed)
        raw, raw_rate = _Espeak.shared().synth(text, voice, rate, self.pitch, self.pitch_range)
        clip = trim(raw.astype(np.float64) / 32768.0)
        if raw_rate != RATE:
            divisor = np.gcd(RATE, raw_rate)
            clip = np.asarray(resample_poly(clip, RATE // divisor, raw_rate // divisor))
            clip = trim(clip)
        peak = float(np.max(np.abs(clip))) if len(clip) else 0.0
        return (clip / peak if peak else clip).astype(np.float32)


def fit(engine: SpeechEngine, text: str, language: str, seconds: float) -> Samples:
    """The cue spoken within `seconds`: faster if it must be, cut with a fade as a last resort
    (logged: the phrasebook or the plan should leave more time)."""
    clip = engine.speak(text, language)
    limit = round(seconds * RATE)
    if len(clip) <= limit:
        return clip
    speed = min(len(clip) / max(limit, 1) * 1.02, MOST_SPEED_UP)
    clip = engine.speak(text, language, speed)
    if len(clip) <= limit:
        return clip
    log.warning("spoken cue %r needs %.2f s, has %.2f s", text, len(clip) / RATE, seconds)
    cut = clip[:limit].copy()
    fade = min(round(0.05 * RATE), len(cut))
    if fade:
        cut[-fade:] *= np.linspace(1, 0, fade, dtype=np.float32)
    return cut


def trim(samples: Floats) -> Floats:
    """Cut silence before the first and after the last audible sample."""
    if not len(samples):
        return samples
    loud = np.nonzero(np.abs(samples) > TRIM_THRESHOLD * np.max(np.abs(samples)))[0]
    if not len(loud):
        return samples[:0]
    return samples[loud[0] : loud[-1] + 1]


SynthCallback = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)


class _Espeak:
    """The shared library, loaded once per process. eSpeak keeps global state, so one
    lock serialises every call; a cue takes milliseconds."""

    _instance: _Espeak | None = None
    _instance_lock = threading.Lock()

    def __init__(self) -> None:
        import espeakng_loader

        self._lock = threading.Lock()
        self._chunks: list[Shorts] = []
        self._lib = ctypes.CDLL(espeakng_loader.get_library_path())
        self._declare()
        data = Path(espeakng_loader.get_data_path())
        # The path names the folder that holds espeak-ng-data.
        self.rate = self._lib.espeak_Initialize(
            AUDIO_OUTPUT_SYNCHRONOUS, 0, str(data.parent).encode(), INITIALIZE_DONT_EXIT
        )
        if self.rate <= 0:
            raise RuntimeError(f"eSpeak NG could not start with the data in {data}")
        self._callback = SynthCallback(self._collect)
        self._lib.espeak_SetSynthCallback(self._callback)

    @classmethod
    def shared(cls) -> _Espeak:
        with cls._instance_lock:
            if cls._instance is None:
                cls._instance = cls()
            return cls._instance

    def _declare(self) -> None:
        lib = self._lib
        lib.espeak_Initialize.argtypes = [
            ctypes.c_int,
            ctypes.c_int,
            ctypes.c_char_p,
            ctypes.c_int,
        ]
        lib.espeak_Initialize.restype = ctypes.c_int
        lib.espeak_SetSynthCallback.argtypes = [SynthCallback]
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_Synth.argtypes = [
            ctypes.c_char_p,
            ctypes.c_size_t,
            ctypes.c_uint,
            ctypes.c_int,
            ctypes.c_uint,
            ctypes.c_uint,
            ctypes.c_void_p,
            ctypes.c_void_p,
        ]
        lib.espeak_Info.argtypes = [ctypes.c_void_p]
        lib.espeak_Info.restype = ctypes.c_char_p

    @cached_property
    def version(self) -> str:
        with self._lock:
            raw: bytes = self._lib.espeak_Info(None)
        return raw.decode()

    def _collect(self, wav: ctypes._Pointer[ctypes.c_short], count: int, _: int | None) -> int:
        if count > 0:
            self._chunks.append(np.ctypeslib.as_array(wav, shape=(count,)).copy())
        return 0  # 0 = go on

    def synth(
        self, text: str, voice: str, rate: int, pitch: int, pitch_range: int
    ) -> tuple[Shorts, int]:
        data = text.encode() + b"\0"
        with self._lock:
            self._chunks = []
            if self._lib.espeak_SetVoiceByName(voice.encode()) != EE_OK:
                raise ValueError(f"eSpeak NG has no voice {voice!r}")
            self._lib.espeak_SetParameter(PARAMETER_RATE, rate, 0)
            self._lib.espeak_SetParameter(PARAMETER_PITCH, pitch, 0)
            self._lib.espeak_SetParameter(PARAMETER_RANGE, pitch_range, 0)
            status = self._lib.espeak_Synth(data, len(data), 0, 0, 0, CHARS_UTF8, None, None)
            if status != EE_OK:
                raise RuntimeError(f"eSpeak NG could not speak {text!r} (status {status})")
            chunks, self._chunks = self._chunks, []
        empty = np.zeros(0, dtype=np.int16)
        return (np.concatenate(chunks) if chunks else empty), self.rate
