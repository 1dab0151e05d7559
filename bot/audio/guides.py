"""Audio guides on request: scored, rendered off the event loop, cached on disk by key.

The key names everything that shapes the sound (routine or stretch, pace, tempo, language,
voice and tone choices) and ends in a hash of the score and the renderer, so a change to
the catalogue or the pacing rules makes a new file instead of serving a stale one. The bot
keeps the `file_id` of each key's first upload (`bot.app.file_ids.FileIds`, by the same key):
a thousand people with the same settings cost one render and one upload.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from bot.audio.encode import Cancelled
from bot.audio.render import AudioFile, AudioOptions, render_score
from bot.audio.voice import EspeakVoice, SpeechEngine
from bot.domain.audio_score import AudioScore, score_routine
from bot.domain.catalogue import Catalogue
from bot.domain.pacing import Pace, TempoName

DEFAULT_AUDIO_DIR = Path("data/audio")
DEFAULT_VOICE = EspeakVoice()
# Part of every key: bump it when the same score should sound different (new bells, levels).
RENDER_VERSION = 1


@dataclass(frozen=True)
class Subject:
    """What a guide covers: a whole routine or one stretch, by catalogue id."""

    kind: Literal["routine", "stretch"]
    id: str

    @property
    def slug(self) -> str:
        return f"{self.kind}-{self.id}"


@dataclass(frozen=True)
class GuideRequest:
    subject: Subject
    pace: Pace = Pace.STANDARD
    tempo: TempoName = TempoName.STANDARD
    language: str = "en"
    options: AudioOptions = field(default_factory=AudioOptions)


class AudioGuides:
    """Scores and renders guides, keeping each file under `directory` as `<key>.ogg`.

    Renders run one at a time on a worker thread of their own, so the event loop stays free
    and a burst of requests cannot take every core; requests for a key already rendering
    wait for that render instead of starting another.
    """

    def __init__(
        self,
        catalogue: Catalogue,
        directory: Path = DEFAULT_AUDIO_DIR,
        engine: SpeechEngine | None = DEFAULT_VOICE,
    ) -> None:
        self.catalogue = catalogue
        self.directory = directory
        self.engine = engine  # None: chimes and tone alone
        self.renders = 0  # files rendered (not read from the cache) by this instance
        self._executor: ThreadPoolExecutor | None = None
        self._pending: dict[str, asyncio.Future[AudioFile]] = {}
        # Set by `close`: a render under way stops at its next chunk (`encode.Cancelled`).
        self._stopping = threading.Event()

    def score(self, request: GuideRequest) -> AudioScore:
        subject = request.subject
        if subject.kind == "routine":
            routine = self.catalogue.routines[subject.id]
            exercises = self.catalogue.routine_exercises(routine)
            title: str | None = routine.name
        else:
            exercises, title = [self.catalogue.exercises[subject.id]], None
        return score_routine(title, exercises, request.pace, request.tempo, request.language)

    def key(self, request: GuideRequest, score: AudioScore | None = None) -> str:
        """`routine-bedtime.standard.slow.en.voice.tone50.<hash>`: readable, and new whenever
        the sound would change."""
        score = score or self.score(request)
        options = request.options
        spoken = options.voice and score.language is not None and self._speaks(score.language)
        voice = self.engine.identity if spoken and self.engine is not None else "no voice"
        content = f"{RENDER_VERSION}|{score.fingerprint()}|{options}|{voice}"
        digest = hashlib.sha256(content.encode()).hexdigest()[:16]
        language = score.language or "none"
        names = (request.subject.slug, score.pace.value, score.tempo.value, language)
        return ".".join((*names, options.label, digest))

    def path(self, key: str) -> Path:
        return self.directory / f"{key}.ogg"

    def render(self, request: GuideRequest) -> AudioFile:
        """The guide from the cache, or rendered and stored. Blocking: call `guide` from
        async code."""
        score = self.score(request)
        key = self.key(request, score)
        path = self.path(key)
        if path.exists():
            return AudioFile(path.read_bytes(), score.duration, key)
        if self._stopping.is_set():
            raise Cancelled
        audio = render_score(score, request.options, self.engine, key, self._stopping.is_set)
        self.renders += 1
        _write_atomically(path, audio.ogg)
        return audio

    async def guide(self, request: GuideRequest) -> AudioFile:
        """The guide without blocking the event loop. A cached file is read on the default
        executor, so it never waits behind someone else's render; a render runs on the
        guides' own worker thread, and concurrent requests for one key share it (a caller
        that gives up does not cancel it for the others)."""
        score = self.score(request)
        key = self.key(request, score)
        path = self.path(key)
        if key not in self._pending and path.exists():
            return AudioFile(await asyncio.to_thread(path.read_bytes), score.duration, key)
        pending = self._pending.get(key)
        if pending is None:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(1, thread_name_prefix="audio-guide")
            loop = asyncio.get_running_loop()
            pending = loop.run_in_executor(self._executor, self.render, request)
            self._pending[key] = pending
            pending.add_done_callback(lambda _: self._pending.pop(key, None))
        return await asyncio.shield(pending)

    def close(self) -> None:
        """Call off a render under way (it stops within a chunk of encoding, writing
        nothing) and any waiting, then stop the worker thread."""
        self._stopping.set()
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def _speaks(self, language: str) -> bool:
        return self.engine is not None and self.engine.speaks(language)


def _write_atomically(path: Path, data: bytes) -> None:
    """Readers see the whole file or none: written beside it, then renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
