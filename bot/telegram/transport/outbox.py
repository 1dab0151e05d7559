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
import logging
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, TypeVar

from telegram import InputFile
from telegram import Message as TelegramMessage
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import ExtBot

from bot.app import messages
from bot.app.ports import Edited, Lane, NotSent, Recipient, Unreachable
from bot.domain.catalogue import Catalogue
from bot.telegram.transport.rate_limit import LaneRateLimiter, in_lane, reminder_share
from bot.telegram.transport.retries import surely_not_done, with_retries
from bot.telegram.views import practice, reminder_views
from bot.telegram.views.keyboards import ReplyMarkup
from bot.telegram.views.screens import Screen

log = logging.getLogger(__name__)

T = TypeVar("T")
# Reminders on their way at once; the budget spaces their starts.
REMINDERS_IN_FLIGHT = 64
# The least share of the reminder budget kept when other traffic fills the overall cap.
MIN_REMINDER_SHARE = 0.2


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
    def __init__(self, bot: ExtBot[Any], catalogue: Catalogue, reminder_rate: float) -> None:
        self._bot = bot
        self._catalogue = catalogue
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
                lambda: self._bot.send_message(
                    to.chat_id,
                    screen.text,
                    reply_markup=screen.markup,
                    disable_notification=not to.sound,
                ),
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
        try:
            await self._call(
                lane,
                lambda: self._bot.edit_message_text(
                    screen.text,
                    chat_id=to.chat_id,
                    message_id=message_id,
                    reply_markup=screen.markup,
                ),
            )
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
        return await self._bot.send_message(
            chat_id, screen.text, reply_markup=keyboard or screen.markup
        )

    async def replace(self, chat_id: int, message_id: int, screen: Screen) -> Edited:
        """Show `screen` in place of a message the person tapped; GONE if it cannot be."""
        try:
            await self._bot.edit_message_text(
                screen.text, chat_id=chat_id, message_id=message_id, reply_markup=screen.markup
            )
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

    # Lanes ------------------------------------------------------------------------------------

    async def _call(
        self, lane: Lane, request: Callable[[], Awaitable[Any]], repeatable: bool = True
    ) -> Any:
        """One call in its lane: the rate limiter's gate lets it on the wire in lane order."""
        with in_lane(lane):
            if lane is Lane.REMINDER:
                return await self.reminders.call(request)
            # A countdown refresh is not worth a retry: the next one comes in a few seconds.
            if lane in (Lane.REPLY, Lane.COUNTDOWN):
                return await request()
            return await with_retries(request, repeatable=repeatable)
