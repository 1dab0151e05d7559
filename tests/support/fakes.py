"""In-memory stand-ins for the application's ports, so use cases run without HTTP."""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.app.messages import Message
from bot.app.ports import Edited, Lane, NotSent, Recipient, Unreachable


class ManualClock:
    """Bot time that moves only when told to."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class Shown:
    to: Recipient
    message: Message
    lane: Lane
    message_id: int | None = None


class Killed(BaseException):
    """The process died (kill -9): nothing after the point that raises it runs."""


@dataclass
class FakeOutbox:
    """Records what the use cases show; `blocked` chats raise Unreachable like a 403."""

    sent: list[Shown] = field(default_factory=list)
    edits: list[Shown] = field(default_factory=list)
    blocked: set[int] = field(default_factory=set)
    # Telegram answered late or with an error: the message may or may not have arrived.
    failing: bool = False
    # Telegram out of reach (connection refused): the message certainly did not leave.
    refusing: bool = False
    # The process dies once the message has arrived, before it hears back.
    killed_after_sending: bool = False
    # When set, sends wait for it: a slow wave still on its way.
    hold: asyncio.Event | None = None
    attempts: int = 0
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(100))

    async def send(self, to: Recipient, message: Message, lane: Lane) -> int | None:
        self.attempts += 1
        if self.hold is not None:
            await self.hold.wait()
        if to.chat_id in self.blocked:
            raise Unreachable("Forbidden: bot was blocked by the user")
        if self.refusing:
            if lane is Lane.REMINDER:
                raise NotSent("connection refused")
            return None
        if self.failing:
            return None
        message_id = next(self._ids)
        self.sent.append(Shown(to, message, lane, message_id))
        if self.killed_after_sending:
            raise Killed
        return message_id

    async def edit(self, to: Recipient, message_id: int, message: Message, lane: Lane) -> Edited:
        if to.chat_id in self.blocked:
            raise Unreachable("Forbidden: bot was blocked by the user")
        self.edits.append(Shown(to, message, lane, message_id))
        return Edited.DONE

    def sent_kinds(self) -> list[str]:
        return [type(shown.message).__name__ for shown in self.sent]


@dataclass
class FakeTimers:
    """The one timer per practice, as (token, delay in seconds)."""

    armed: dict[int, tuple[int, float]] = field(default_factory=dict)

    def arm(self, practice_id: int, token: int, delay_seconds: float) -> None:
        self.armed[practice_id] = (token, delay_seconds)

    def cancel(self, practice_id: int) -> None:
        self.armed.pop(practice_id, None)
