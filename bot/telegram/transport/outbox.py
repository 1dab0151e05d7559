"""The one outbox: every Bot API call that sends, edits or deletes a message goes through it.

Calls go in lanes with a fixed right of way: routine cues, then replies, then card
refreshes, then reminders. Cue and card lanes pass a small gate where cues have places
kept and countdown refreshes are dropped when it is full; replies go straight out;
reminders are paced by their own budget, which gives way to everything else under
Telegram's overall cap. After Telegram says a person blocked the bot (403), nothing more
goes to their chat until they write again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import Counter, OrderedDict
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import replace
from typing import Any, TypeVar

from telegram import InputFile, InputMediaPhoto
from telegram import Message as TelegramMessage
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import ExtBot

from bot.app import messages
from bot.app.ports import Edited, Lane, NotSent, Recipient, Unreachable
from bot.domain.catalogue import Catalogue
from bot.telegram.transport.photos import Photos, PictureUnavailable
from bot.telegram.transport.rate_limit import (
    LaneRateLimiter,
    Skipped,
    in_lane,
    reminder_share,
)
from bot.telegram.transport.retries import surely_not_done, with_retries
from bot.telegram.views import listening, practice, reminder_views
from bot.telegram.views.keyboards import ReplyMarkup
from bot.telegram.views.screens import Screen

log = logging.getLogger(__name__)

T = TypeVar("T")
# Reminders on their way at once; the budget spaces their starts.
REMINDERS_IN_FLIGHT = 64
# The least share of the reminder budget kept when other traffic fills the overall cap.
MIN_REMINDER_SHARE = 0.2
# A practice's messages that are pictures with a caption.
CARDS = (messages.PracticeCard, messages.ClosedCard, messages.ListeningCard)
# How many messages' pictures (and deletions) are remembered; a forgotten picture costs one
# editMessageMedia, a forgotten deletion one refused edit.
MAX_REMEMBERED = 10_000
# Telegram's words when a caption edit meets a message of words.
NOT_A_PICTURE = "no caption in the message"


class ReminderPace:
    """Spaces reminder sends evenly at what the overall cap leaves after everything else."""

    def __init__(self, budget: float, limiter: LaneRateLimiter | None) -> None:
        self._budget = budget
        self._limiter = limiter
        self._next = 0.0
        self._in_flight = asyncio.Semaphore(REMINDERS_IN_FLIGHT)

    def rate(self) -> float:
        """Reminders per second right now, within the reminder budget."""
        if self._limiter is None:
            return self._budget
        others = self._limiter.meter.others_per_second()
        floor = self._budget * MIN_REMINDER_SHARE
        return reminder_share(self._budget, self._limiter.overall_max_rate, others, floor)

    async def call(self, request: Callable[[], Awaitable[T]]) -> T:
        now = time.monotonic()
        start = max(now, self._next)
        self._next = start + 1 / self.rate()
        if start > now:
            await asyncio.sleep(start - now)
        async with self._in_flight:
            return await with_retries(lambda: self._metered(request), repeatable=False)

    async def _metered(self, request: Callable[[], Awaitable[T]]) -> T:
        if self._limiter is not None:
            self._limiter.meter.record_bulk()
        return await request()


class Outbox:
    def __init__(
        self,
        bot: ExtBot[Any],
        catalogue: Catalogue,
        reminder_rate: float,
        photos: Photos | None = None,
    ) -> None:
        self._bot = bot
        self._catalogue = catalogue
        self.photos = photos
        # Which picture each recent card shows: (chat, message) -> picture key.
        self._showing: OrderedDict[tuple[int, int], str] = OrderedDict()
        # Messages this bot deleted lately, so a later edit of one is not even tried.
        self._deleted: OrderedDict[tuple[int, int], bool] = OrderedDict()
        limiter = bot.rate_limiter if isinstance(bot.rate_limiter, LaneRateLimiter) else None
        self.reminders = ReminderPace(reminder_rate, limiter)
        # Chats whose person blocked the bot: a cache of users.reachable, for this process.
        self._blocked: set[int] = set()
        # Calls given up, by the kind of trouble: the count each such log line carries.
        self._troubles: Counter[str] = Counter()

    # What the use cases show ----------------------------------------------------------------

    async def send(self, to: Recipient, message: messages.Message, lane: Lane) -> int | None:
        screen = self.render(message)
        self._check_reachable(to.chat_id)
        try:
            sent = await self._call(
                lane,
                lambda: self._new_message(to.chat_id, screen, silent=not to.sound),
                repeatable=False,
            )
        except Forbidden as error:
            raise self._unreachable(to.chat_id, error) from error
        except BadRequest as error:
            if lane is Lane.REMINDER:  # a reminder refused: the chat is gone
                raise self._unreachable(to.chat_id, error) from error
            log.warning("chat %s: could not send a message: %s", to.chat_id, error)
            return None
        except TelegramError as error:
            if lane is Lane.REMINDER and surely_not_done(error):
                raise NotSent(str(error)) from error
            self._given_up("could not send a message", to.chat_id, error)
            return None
        return sent.message_id if sent is not None else None

    async def edit(
        self, to: Recipient, message_id: int, message: messages.Message, lane: Lane
    ) -> Edited:
        screen = self.render(message)
        self._check_reachable(to.chat_id)
        if (to.chat_id, message_id) in self._deleted:
            return Edited.GONE  # we deleted it: no call can edit it
        # A practice's card is a picture with its words as the caption.
        card = isinstance(message, CARDS)
        try:
            await self._call(lane, lambda: self._edit(to.chat_id, message_id, screen, card))
        except Forbidden as error:
            raise self._unreachable(to.chat_id, error) from error
        except BadRequest as error:
            if "not modified" in error.message.lower():
                return Edited.DONE
            log.info("chat %s: message %s cannot be edited: %s", to.chat_id, message_id, error)
            return Edited.GONE
        except TelegramError as error:
            self._given_up("could not update a message", to.chat_id, error)
            return Edited.FAILED
        if isinstance(message, messages.ClosedCard):
            self._showing.pop((to.chat_id, message_id), None)
        return Edited.DONE

    def render(self, message: messages.Message) -> Screen:
        match message:
            case messages.PracticeIntro():
                return practice.intro(message)
            case messages.PracticeCard():
                return practice.card(self._catalogue, message)
            case messages.PracticeCue():
                return practice.cue(message)
            case messages.PracticeSummary():
                return practice.summary(message)
            case messages.ClosedCard():
                return practice.closed(message)
            case messages.ReminderMessage():
                return reminder_views.reminder(message)
            case messages.ListeningCard():
                return listening.card(message)

    def remember_unreachable(self, chat_ids: Iterable[int]) -> None:
        """At start-up: the people the database knows blocked the bot."""
        self._blocked.update(chat_ids)

    def reachable_again(self, chat_id: int) -> bool:
        """The person wrote to us, so they unblocked the bot; True if they had blocked it."""
        if chat_id not in self._blocked:
            return False
        self._blocked.discard(chat_id)
        return True

    def _given_up(self, what: str, chat_id: int, error: TelegramError) -> None:
        """One line per call given up, with how many the same trouble has cost so far."""
        kind = type(error).__name__
        self._troubles[kind] += 1
        count = self._troubles[kind]
        log.warning("chat %s: %s: %s (%s, %d so far)", chat_id, what, error, kind, count)

    def _check_reachable(self, chat_id: int) -> None:
        if chat_id in self._blocked:
            raise Unreachable("the person blocked the bot")

    def _unreachable(self, chat_id: int, error: TelegramError) -> Unreachable:
        """Remember the 403 (or gone chat) so no other call tries this chat."""
        self._blocked.add(chat_id)
        return Unreachable(error.message)

    # What handlers answer with -------------------------------------------------------------

    async def reply(
        self, chat_id: int, screen: Screen, keyboard: ReplyMarkup | None = None
    ) -> TelegramMessage:
        """A new message answering the person; `keyboard` replaces the inline buttons."""
        return await self._new_message(chat_id, screen, keyboard=keyboard)

    async def replace(
        self, chat_id: int, message_id: int, screen: Screen, was_picture: bool = False
    ) -> Edited:
        """Show `screen` in place of a message the person tapped; GONE if it cannot be.

        Telegram can put a picture on a message of words, but not take one away: then the
        new screen is sent and the tapped picture deleted, so the chat still shows one.
        """
        picture = self.photos is not None and self.photos.shows(screen.picture)
        if was_picture and not picture:
            await self._new_message(chat_id, screen)
            await self._delete(chat_id, message_id)
            return Edited.DONE
        try:
            await self._edit(chat_id, message_id, screen, card=picture)
        except BadRequest as error:
            if "not modified" in error.message.lower():
                return Edited.DONE
            log.info("could not edit message, sending a new one: %s", error.message)
            return Edited.GONE
        return Edited.DONE

    async def photo(self, chat_id: int, png: bytes, filename: str, caption: str) -> None:
        await self._bot.send_photo(chat_id, InputFile(png, filename=filename), caption=caption)

    async def document(self, chat_id: int, body: bytes, filename: str, caption: str) -> None:
        await self._bot.send_document(chat_id, InputFile(body, filename=filename), caption=caption)

    async def voice(
        self, chat_id: int, voice: str | bytes, filename: str, caption: str, duration: int
    ) -> TelegramMessage:
        """An audio guide the person asked for: by file_id once Telegram has it, else the
        Ogg Opus bytes. It rings whatever the cue-sound setting: it was asked for."""
        self._check_reachable(chat_id)
        media = voice if isinstance(voice, str) else InputFile(voice, filename=filename)
        try:
            return await self._bot.send_voice(chat_id, media, caption=caption, duration=duration)
        except Forbidden as error:
            raise self._unreachable(chat_id, error) from error

    async def chat_action(self, chat_id: int, action: str) -> None:
        """ "Sending a voice message…" under the chat's name for a few seconds; best effort."""
        try:
            await self._bot.send_chat_action(chat_id, action)
        except TelegramError as error:
            log.info("chat %s: could not show %s: %s", chat_id, action, error)

    # Words and pictures -----------------------------------------------------------------------

    async def _new_message(
        self,
        chat_id: int,
        screen: Screen,
        silent: bool = False,
        keyboard: ReplyMarkup | None = None,
    ) -> TelegramMessage:
        """A picture with the words as its caption when the screen has one, else words;
        `keyboard` replaces the inline buttons."""
        ref, markup = screen.picture, keyboard or screen.markup
        if self.photos is not None and ref is not None and self.photos.shows(ref):
            try:
                sent = await self.photos.with_photo(
                    ref,
                    lambda photo: self._bot.send_photo(
                        chat_id,
                        photo,
                        caption=screen.text,
                        reply_markup=markup,
                        disable_notification=silent,
                    ),
                )
            except PictureUnavailable:
                pass  # the words alone still guide the person
            else:
                self._shown(chat_id, sent.message_id, self.photos.key(ref))
                return sent
        return await self._bot.send_message(
            chat_id, screen.text, reply_markup=markup, disable_notification=silent
        )

    async def _edit(self, chat_id: int, message_id: int, screen: Screen, card: bool) -> None:
        """Change a message in place: its words, or a picture's caption, and the picture
        itself only when the position shown changes (or is not known: a picture may be put
        on a message of words). A closing card that was sent as words keeps words."""
        if not card or self.photos is None:
            await self._bot.edit_message_text(
                screen.text, chat_id=chat_id, message_id=message_id, reply_markup=screen.markup
            )
            return
        ref = screen.picture
        try:
            if ref is None or not self.photos.shows(ref):
                await self._bot.edit_message_caption(
                    chat_id, message_id, caption=screen.text, reply_markup=screen.markup
                )
            elif self._showing.get((chat_id, message_id)) != self.photos.key(ref):
                await self.photos.with_photo(
                    ref,
                    lambda photo: self._bot.edit_message_media(
                        InputMediaPhoto(photo, caption=screen.text),
                        chat_id=chat_id,
                        message_id=message_id,
                        reply_markup=screen.markup,
                    ),
                )
                self._shown(chat_id, message_id, self.photos.key(ref))
            else:
                await self._bot.edit_message_caption(
                    chat_id, message_id, caption=screen.text, reply_markup=screen.markup
                )
        except PictureUnavailable:
            # The old picture stays; the words change.
            await self._edit(chat_id, message_id, replace(screen, picture=None), card=True)
        except BadRequest as error:
            if NOT_A_PICTURE not in error.message.lower():
                raise
            await self._edit(chat_id, message_id, screen, card=False)

    def _shown(self, chat_id: int, message_id: int, key: str) -> None:
        """Remember which picture a message shows, so an edit changes it only when needed;
        the oldest are forgotten first (then the picture is simply set again)."""
        _remember(self._showing, (chat_id, message_id), key)

    async def _delete(self, chat_id: int, message_id: int) -> None:
        """Best effort: a message too old to delete just stays."""
        try:
            await self._bot.delete_message(chat_id, message_id)
        except TelegramError as error:
            log.info("chat %s: could not delete message %s: %s", chat_id, message_id, error)
            return
        self._showing.pop((chat_id, message_id), None)
        _remember(self._deleted, (chat_id, message_id), True)

    # Lanes ------------------------------------------------------------------------------------

    async def _call(
        self, lane: Lane, request: Callable[[], Awaitable[Any]], repeatable: bool = True
    ) -> Any:
        """One call in its lane: the rate limiter's gate lets it on the wire in lane order.
        None when a countdown refresh found no room and was skipped."""
        with in_lane(lane):
            if lane is Lane.REMINDER:
                return await self.reminders.call(request)
            if lane is Lane.COUNTDOWN:
                # Not worth a retry: the next one comes in a few seconds.
                with contextlib.suppress(Skipped):
                    return await request()
                return None
            return await with_retries(request, repeatable=repeatable)


def _remember(memory: OrderedDict[tuple[int, int], T], key: tuple[int, int], value: T) -> None:
    """Keep `value` as the newest entry; the oldest go once there are too many."""
    memory[key] = value
    memory.move_to_end(key)
    while len(memory) > MAX_REMEMBERED:
        memory.popitem(last=False)
