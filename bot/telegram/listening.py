"""The listening use case's ports on Telegram: the voice message, "recording a voice
message…" while a guide is made, and one JobQueue timer per guide playing."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

from telegram.constants import ChatAction
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes, JobQueue

from bot.app.listening import Listening, SentVoice, Voice, VoiceNotSent, WrongFile
from bot.telegram.transport.outbox import Outbox
from bot.telegram.views.listening import caption


class TelegramSounds:
    """`Sounds` through the outbox."""

    def __init__(self, outbox: Outbox) -> None:
        self._outbox = outbox

    async def preparing(self, chat_id: int) -> None:
        await self._outbox.chat_action(chat_id, ChatAction.RECORD_VOICE)

    async def send_voice(self, voice: Voice) -> SentVoice:
        text = caption(voice.title, voice.seconds)
        try:
            sent = await self._outbox.voice(
                voice.chat_id, voice.audio, voice.filename, text, voice.duration
            )
        except BadRequest as error:
            if isinstance(voice.audio, str) and "file" in error.message.lower():
                raise WrongFile(error.message) from error
            raise VoiceNotSent(error.message) from error
        except TelegramError as error:
            raise VoiceNotSent(error.message) from error
        if sent.voice is None:
            raise VoiceNotSent("Telegram answered without the voice message")
        return SentVoice(sent.message_id, sent.voice.file_id)


@dataclass(frozen=True)
class ListeningTimer:
    practice_id: int
    token: int


def timer_name(practice_id: int) -> str:
    return f"listen:{practice_id}"


class ListeningTimers:
    """One timer per guide playing, at its next stretch boundary; re-arming replaces it."""

    def __init__(self, job_queue: JobQueue[Any]) -> None:
        self._job_queue = job_queue
        self.listening: Listening | None = None

    def arm(self, practice_id: int, token: int, delay_seconds: float) -> None:
        name = timer_name(practice_id)
        self._job_queue.run_once(
            self._fire,
            when=delay_seconds,
            data=ListeningTimer(practice_id, token),
            name=name,
            job_kwargs={"id": name, "replace_existing": True, "misfire_grace_time": None},
        )

    def cancel(self, practice_id: int) -> None:
        with contextlib.suppress(LookupError):  # APScheduler's JobLookupError: no such timer
            self._job_queue.scheduler.remove_job(timer_name(practice_id))

    async def _fire(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        job = context.job
        assert job is not None and isinstance(job.data, ListeningTimer)
        assert self.listening is not None
        await self.listening.tick(job.data.practice_id, job.data.token)
