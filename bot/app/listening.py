"""Listening: a routine (or one stretch) as one voice message, followed by ear.

"🎧 Listen" takes the practice over from the chat (no more cues, no timers of its own), has
its audio guide made for the person's pace, tempo and audio choices off the event loop, and
sends it: by Telegram file_id when this bot already uploaded that guide, so a thousand people
with the same settings cost one render and one upload. From the moment it is sent, the
practice follows the audio's clock (`bot.domain.listening`): its card changes only at stretch
boundaries, and what has been heard counts for the night as a guided routine would.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, replace
from typing import Protocol

from bot.app import progress
from bot.app.file_ids import FileIds
from bot.app.locks import KeyedLocks
from bot.app.messages import Heard, ListeningCard, NightRecord
from bot.app.ports import Lane, Outbox, Recipient, Timers, Unreachable
from bot.app.practices import Practices
from bot.audio.encode import Cancelled
from bot.audio.guides import AudioGuides, GuideRequest, Subject
from bot.audio.render import AudioOptions
from bot.domain import listening as follow
from bot.domain import practice as flow
from bot.domain.catalogue import DEFAULT_ROUTINE, Catalogue
from bot.domain.clock import Clock
from bot.domain.listening import Timeline
from bot.domain.pacing import Pace, TempoName
from bot.domain.practice import PracticeState, Status, counts_for_night
from bot.domain.preferences import Preferences
from bot.storage.db import Database
from bot.storage.listenings import GuideSettings
from bot.storage.practices import Practice

log = logging.getLogger(__name__)

# The bot speaks English; a guide in another language needs its phrasebook and voice first.
LANGUAGE = "en"
# Real seconds between "recording a voice message…" signs while a guide is made: Telegram
# shows one for five seconds.
PREPARING_EVERY = 4.0
# Guides made at start-up besides the default one: those of the most common settings.
WARM_UP_COMMON = 2
# Real seconds after start-up before those are made.
WARM_UP_AFTER = 60.0


@dataclass(frozen=True)
class Voice:
    """A voice message to send: `audio` is a file_id Telegram knows, or Ogg Opus bytes."""

    chat_id: int
    title: str
    seconds: float
    audio: str | bytes
    filename: str

    @property
    def duration(self) -> int:
        """Whole seconds, as Telegram takes them."""
        return max(int(self.seconds + 0.5), 1)


@dataclass(frozen=True)
class SentVoice:
    message_id: int
    file_id: str


class WrongFile(Exception):
    """Telegram does not know the file_id any more: upload the bytes again."""


class VoiceNotSent(Exception):
    """Telegram did not take the voice message (refused, or out of reach for now)."""


class Sounds(Protocol):
    """The voice message and the sign that one is being made; the Telegram layer's."""

    async def preparing(self, chat_id: int) -> None: ...

    async def send_voice(self, voice: Voice) -> SentVoice:
        """Raises Unreachable, WrongFile (a stale file_id) or VoiceNotSent."""
        ...


@dataclass(frozen=True)
class Pending:
    """A guide asked for: the practice that follows it, and what to make or send."""

    practice: Practice
    request: GuideRequest
    key: str
    # Sent at once (its file_id or file is at hand), or made first.
    ready: bool


class Listening:
    def __init__(
        self,
        catalogue: Catalogue,
        database: Database,
        clock: Clock,
        outbox: Outbox,
        sounds: Sounds,
        guides: AudioGuides,
        file_ids: FileIds,
        timers: Timers,
        practices: Practices,
        time_scale: float = 1.0,
    ) -> None:
        self._catalogue = catalogue
        self._database = database
        self._clock = clock
        self._outbox = outbox
        self._sounds = sounds
        self._guides = guides
        self._file_ids = file_ids
        self._timers = timers
        self._practices = practices
        self._time_scale = time_scale
        self._locks = KeyedLocks()  # by practice
        self._uploads = KeyedLocks()  # by guide key: one upload each
        self._timelines: dict[tuple[tuple[str, ...], Pace, TempoName], Timeline] = {}
        self._warming: asyncio.Task[None] | None = None
        self._endings: set[asyncio.Future[None]] = set()

    # Asking -------------------------------------------------------------------------------

    async def to_practice(
        self, user_id: int, chat_id: int, practice_id: int, preferences: Preferences
    ) -> Pending | None:
        """🎧 Listen on a practice's intro: the practice under way follows the audio; one
        already over is listened to anew. None if it is not theirs or already playing."""
        now = self._clock()
        taken = await self._practices.hand_over(
            user_id, practice_id, lambda state: follow.preparing(state, now)
        )
        if taken is None:
            async with self._database.unit() as unit:
                stored = await unit.practices.get(practice_id)
            if stored is None or stored.user_id != user_id:
                return None
            if stored.state.status is Status.LISTENING:
                return None
            ids = list(stored.state.exercise_ids)
            taken = await self._new(
                user_id, chat_id, ids, stored.routine_id, stored.title, preferences
            )
        return await self._pending(taken, preferences)

    async def to_stretch(
        self, user_id: int, chat_id: int, exercise_id: str, preferences: Preferences
    ) -> Pending:
        """🎧 Listen on a stretch's card: that stretch alone, without a card of its own."""
        name = self._catalogue.exercises[exercise_id].name
        practice = await self._new(user_id, chat_id, [exercise_id], None, name, preferences)
        return await self._pending(practice, preferences)

    async def _new(
        self,
        user_id: int,
        chat_id: int,
        exercise_ids: list[str],
        routine_id: str | None,
        title: str,
        chosen: Preferences,
    ) -> Practice:
        now = self._clock()
        began = flow.new_practice(exercise_ids, chosen.pace, chosen.tempo, now)
        async with self._database.unit() as unit:
            user = await unit.users.get(user_id)
            return await unit.practices.add(
                user_id,
                chat_id,
                routine_id,
                title,
                follow.preparing(began, now),
                cue_sound=chosen.cue_sound,
                settle_seconds=0,
                zone=user.timezone if user else None,
            )

    async def _pending(self, practice: Practice, preferences: Preferences) -> Pending:
        state = practice.state
        if practice.routine_id is not None:
            subject = Subject("routine", practice.routine_id)
        else:
            subject = Subject("stretch", state.exercise_ids[0])
        options = AudioOptions(preferences.voice, preferences.tone, preferences.tone_volume / 100)
        request = GuideRequest(subject, state.pace, state.tempo, LANGUAGE, options)
        # The first key loads the voice engine: not on the event loop.
        key = await asyncio.to_thread(self._guides.key, request)
        ready = await self._file_ids.get(key) is not None or self._guides.path(key).exists()
        return Pending(practice, request, key, ready)

    # Sending ------------------------------------------------------------------------------

    async def deliver(self, pending: Pending) -> None:
        """Make the guide (if need be), send it, then follow it; a guide stopped while it was
        being made is not sent."""
        practice = pending.practice
        try:
            if not pending.ready:
                await self._show(practice, Heard.PREPARING)
                await self._made(pending)
            if not await self._still_wanted(practice):
                return
            await self._send_voice(pending)
        except Unreachable:
            await self._unreachable(practice)
            return
        except Exception:
            log.exception("practice %s: the audio guide %s was not sent", practice.id, pending.key)
            await self._stop(practice, show=False)
            await self._show(practice, Heard.FAILED)
            return
        await self._start_clock(practice)

    async def _still_wanted(self, asked: Practice) -> bool:
        latest = await self._load(asked.id)
        return latest is not None and latest.state.token == asked.state.token

    async def _send_voice(self, pending: Pending) -> SentVoice:
        """By file_id when this bot uploaded the guide before; else uploaded, once per key
        however many ask at the same moment."""
        key = pending.key
        known = await self._file_ids.get(key)
        if known is None:
            async with self._uploads.hold(key):
                known = await self._file_ids.get(key)
                if known is None:
                    return await self._upload(pending)
        try:
            return await self._sounds.send_voice(self._voice(pending, known))
        except WrongFile:
            await self._file_ids.forget(key)
            return await self._upload(pending)

    async def _upload(self, pending: Pending) -> SentVoice:
        audio = await self._guides.guide(pending.request)
        sent = await self._sounds.send_voice(self._voice(pending, audio.ogg))
        await self._file_ids.remember(pending.key, sent.file_id)
        return sent

    async def _made(self, pending: Pending) -> None:
        """Make the guide; meanwhile the chat shows "recording a voice message"."""
        making = asyncio.ensure_future(self._guides.guide(pending.request))
        while not making.done():
            await self._sounds.preparing(pending.practice.chat_id)
            await asyncio.wait({making}, timeout=PREPARING_EVERY)
        await making

    def _voice(self, pending: Pending, audio: str | bytes) -> Voice:
        practice = pending.practice
        seconds = self._timeline(practice.state).duration
        filename = f"{pending.request.subject.slug}.ogg"
        return Voice(practice.chat_id, practice.title, seconds, audio, filename)

    async def _start_clock(self, asked: Practice) -> None:
        """The guide is out: the practice follows its clock from now, unless it was stopped
        (or asked again) while the guide was made."""
        async with self._locks.hold(asked.id):
            practice = await self._load(asked.id)
            if practice is None or practice.state.token != asked.state.token:
                return
            timeline = self._timeline(practice.state)
            playing = follow.playing(practice.state, timeline, self._clock())
            if await self._save(practice, playing):
                await self._moved(replace(practice, state=playing), timeline, changed=True)

    # Following ----------------------------------------------------------------------------

    async def tick(self, practice_id: int, token: int) -> None:
        """A stretch boundary of the audio: record what was heard, and move the card on."""
        async with self._locks.hold(practice_id):
            practice = await self._load(practice_id)
            if practice is None or practice.state.token != token:
                return
            if practice.state.status is not Status.LISTENING:
                return
            if await self._superseded(practice):
                await self._stop_locked(practice, show=False)
                await self._show(practice, Heard.STOPPED)
                return
            state = practice.state
            timeline = self._timeline(state)
            heard = follow.at(state, timeline, self._clock())
            if await self._save(practice, heard):
                changed = heard.exercise_index != state.exercise_index or (
                    heard.status is not Status.LISTENING
                )
                await self._moved(replace(practice, state=heard), timeline, changed)

    async def stop_current(self, user_id: int) -> bool:
        """A typed /stop: the guide the person is listening to, if any, stops."""
        async with self._database.unit() as unit:
            playing = await unit.listenings.playing(user_id)
        return bool(playing) and await self.stop(user_id, playing[-1])

    async def stop(self, user_id: int, practice_id: int) -> bool:
        """Stop on the card: what was heard stays counted. False if it was not playing."""
        async with self._database.unit() as unit:
            stored = await unit.practices.get(practice_id)
        if stored is None or stored.user_id != user_id:
            return False
        return await self._stop(stored, show=True)

    async def rearm_all(self) -> int:
        """At start-up: follow every guide still playing; one that was being made when the
        bot stopped never went out, and stops."""
        async with self._database.unit() as unit:
            ids = await unit.listenings.playing()
        for practice_id in ids:
            practice = await self._load(practice_id)
            if practice is None:
                continue
            if practice.state.phase_ends_at is None:
                await self._stop(practice, show=False)
                await self._show(practice, Heard.FAILED)
            else:
                self._arm(practice)
        return len(ids)

    async def playing(self) -> int:
        """Guides being made or played and followed by a card (the demo waits for them)."""
        async with self._database.unit() as unit:
            return len(await unit.listenings.playing())

    async def _superseded(self, practice: Practice) -> bool:
        """The person started something newer in the chat: the audio no longer leads."""
        async with self._database.unit() as unit:
            active = await unit.practices.active_for_user(practice.user_id)
            playing = await unit.listenings.playing(practice.user_id)
        newer = [other.id for other in active] + playing
        return max(newer, default=0) > practice.id

    async def _stop(self, practice: Practice, show: bool) -> bool:
        async with self._locks.hold(practice.id):
            latest = await self._load(practice.id)
            if latest is None or latest.state.status is not Status.LISTENING:
                return False
            return await self._stop_locked(latest, show)

    async def _stop_locked(self, practice: Practice, show: bool) -> bool:
        timeline = self._timeline(practice.state)
        ended = follow.stop(practice.state, timeline, self._clock())
        if not await self._save(practice, ended):
            return False
        self._timers.cancel(practice.id)
        if show:
            await self._moved(replace(practice, state=ended), timeline, changed=True)
        return True

    async def _moved(self, practice: Practice, timeline: Timeline, changed: bool) -> None:
        """Arm the next boundary, and show the card when what it shows has changed."""
        self._arm(practice)
        if not changed:
            return
        state = practice.state
        if state.status is Status.LISTENING:
            await self._show(practice, Heard.PLAYING, timeline.starts[state.exercise_index])
            return
        heard = Heard.FINISHED if state.status is Status.FINISHED else Heard.STOPPED
        await self._show(practice, heard, night=await self._night(practice))

    def _arm(self, practice: Practice) -> None:
        state = practice.state
        if state.status is not Status.LISTENING or state.phase_ends_at is None:
            self._timers.cancel(practice.id)
            return
        seconds = (state.phase_ends_at - self._clock()).total_seconds()
        self._timers.arm(practice.id, state.token, max(seconds, 0.0) / self._time_scale)

    async def _night(self, practice: Practice) -> NightRecord | None:
        state = practice.state
        earned = counts_for_night(state.status, len(state.done), state.active_seconds)
        if not earned or state.ended_at is None:
            return None
        async with self._database.unit() as unit:
            user = await unit.users.get(practice.user_id)
            if user is None:
                return None
            return await progress.night_record(unit, user, state.ended_at)

    # Showing ------------------------------------------------------------------------------

    async def _show(
        self,
        practice: Practice,
        heard: Heard,
        starts_at: float = 0.0,
        night: NightRecord | None = None,
    ) -> None:
        """Edit the practice's card; a routine asked for anew, without a card yet, gets one.
        A single stretch heard from its card has none: the voice message is enough."""
        names = tuple(self._catalogue.exercises[i].name for i in practice.state.exercise_ids)
        state = practice.state
        card = ListeningCard(
            practice.id,
            practice.title,
            heard,
            names,
            state.exercise_ids,
            state.exercise_index,
            starts_at,
            night,
        )
        to = Recipient(practice.chat_id)
        message_id = await self._card_of(practice)
        try:
            if message_id is not None:
                await self._outbox.edit(to, message_id, card, Lane.CARD)
            elif heard is Heard.FAILED or (len(names) > 1 and heard is not Heard.STOPPED):
                sent = await self._outbox.send(to, card, Lane.CARD)
                async with self._database.unit() as unit:
                    await unit.practices.set_card(practice.id, sent)
        except Unreachable:
            # The person blocked the bot. This may run under the practice's lock: it ends
            # once the lock is free.
            self._timers.cancel(practice.id)
            ending = asyncio.ensure_future(self._unreachable(practice))
            self._endings.add(ending)
            ending.add_done_callback(self._endings.discard)

    async def _unreachable(self, practice: Practice) -> None:
        """Stopped, and the person marked out of reach, which holds their reminders until
        they write again (as a guided routine does)."""
        await self._stop(practice, show=False)
        async with self._database.unit() as unit:
            await unit.users.mark_unreachable(practice.user_id)

    async def _card_of(self, practice: Practice) -> int | None:
        """The card's message id as stored now: one sent meanwhile counts."""
        async with self._database.unit() as unit:
            stored = await unit.practices.get(practice.id)
        return stored.card_message_id if stored else practice.card_message_id

    # Start-up -----------------------------------------------------------------------------

    def warm_up(self) -> None:
        """Make the guides most people will ask for first, in the background (on the
        guides' own worker thread), so the first 🎧 Listen of the night is sent at once."""
        self._warming = asyncio.create_task(self._warm_up(), name="audio-warm-up")

    async def _warm_up(self) -> None:
        # Once the bot is up and its own start-up work done: a start followed at once by a
        # stop (a deploy that failed its checks) makes nothing.
        await asyncio.sleep(WARM_UP_AFTER)
        async with self._database.unit() as unit:
            common = await unit.listenings.common_settings(WARM_UP_COMMON)
        default = Preferences()
        settings = [
            GuideSettings(default.pace, default.tempo, True, True, default.tone_volume),
            *common,
        ]
        for chosen in dict.fromkeys(settings):
            options = AudioOptions(chosen.voice, chosen.tone, chosen.tone_volume / 100)
            subject = Subject("routine", DEFAULT_ROUTINE)
            request = GuideRequest(subject, chosen.pace, chosen.tempo, LANGUAGE, options)
            try:
                await self._guides.guide(request)
            except Cancelled:
                return  # the bot is stopping
            except Exception:
                log.exception("could not make the audio guide %s ahead of time", request)
        log.info("audio guides ready: %d made ahead of time", self._guides.renders)

    async def close(self) -> None:
        """Stop making guides ahead of time and let the worker thread finish."""
        if self._warming is not None:
            self._warming.cancel()
            await asyncio.gather(self._warming, return_exceptions=True)
        await asyncio.to_thread(self._guides.close)

    # Plumbing -----------------------------------------------------------------------------

    def _timeline(self, state: PracticeState) -> Timeline:
        key = (state.exercise_ids, state.pace, state.tempo)
        if key not in self._timelines:
            exercises = [self._catalogue.exercises[i] for i in state.exercise_ids]
            self._timelines[key] = Timeline.plan(exercises, state.pace, state.tempo)
        return self._timelines[key]

    async def _load(self, practice_id: int) -> Practice | None:
        async with self._database.unit() as unit:
            return await unit.practices.get(practice_id)

    async def _save(self, practice: Practice, new: PracticeState) -> bool:
        async with self._database.unit() as unit:
            return await unit.practices.save(practice.id, practice.state.token, new)
