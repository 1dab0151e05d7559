"""In-memory stand-ins for the application's ports, so use cases run without HTTP."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.app.messages import Message
from bot.app.ports import Edited, Lane, Recipient, Unreachable


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


@dataclass
class FakeOutbox:
    """Records what the use cases show; `blocked` chats raise Unreachable like a 403."""

    sent: list[Shown] = field(default_factory=list)
    edits: list[Shown] = field(default_factory=list)
    blocked: set[int] = field(default_factory=set)
    failing: bool = False
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(100))

    async def send(self, to: Recipient, message: Message, lane: Lane) -> int | None:
        if to.chat_id in self.blocked:
            raise Unreachable("Forbidden: bot was blocked by the user")
        if self.failing:
            return None
        message_id = next(self._ids)
        self.sent.append(Shown(to, message, lane, message_id))
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
