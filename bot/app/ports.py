"""The small ports the use cases speak through: an outbox, timers and a clock.

The Telegram layer implements them; tests use in-memory fakes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, IntEnum
from typing import Protocol

from bot.app.messages import Message


class Lane(IntEnum):
    """Why a message goes out; a lower value has the right of way when the outbox is busy."""

    CUE = 0  # a routine's cue or its next card: the person is waiting, eyes closed
    REPLY = 1  # an answer to something the person just did
    CARD = 2  # a change to a routine's card the person made or will look at
    COUNTDOWN = 3  # a refresh of the time left: dropped when the outbox is busy
    REMINDER = 4  # a nightly reminder: paced, and gives way to everything else


@dataclass(frozen=True)
class Recipient:
    chat_id: int
    # Whether the message may ring; quiet messages still arrive.
    sound: bool = False


class Edited(Enum):
    DONE = "done"  # shown (or already showing exactly this)
    GONE = "gone"  # the message cannot be edited any more (deleted, too old)
    FAILED = "failed"  # a passing failure: the next change will try again


class Unreachable(Exception):
    """The person blocked the bot or the chat is gone: stop messaging them."""


class NotSent(Exception):
    """A reminder that certainly never reached Telegram, so it may be tried again.

    Raised only for `Lane.REMINDER`: a reminder is never sent twice, so one that might have
    arrived (a timeout after the request left) is not retried and `send` returns None.
    """


class Outbox(Protocol):
    async def send(self, to: Recipient, message: Message, lane: Lane) -> int | None:
        """Send a new message; its id, or None when it was dropped or may not have arrived.

        Raises Unreachable (blocked, chat gone) and, for a reminder, NotSent.
        """
        ...

    async def edit(self, to: Recipient, message_id: int, message: Message, lane: Lane) -> Edited:
        """Show `message` in place of an earlier one."""
        ...


class Timers(Protocol):
    """One timer per guided practice, replaced when armed again."""

    def arm(self, practice_id: int, token: int, delay_seconds: float) -> None: ...

    def cancel(self, practice_id: int) -> None: ...
