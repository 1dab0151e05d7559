"""What handlers need besides the update: catalogue, database and clock, typed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from telegram.ext import Application, CallbackContext, ExtBot

from bot.domain.catalogue import Catalogue
from bot.domain.clock import Clock
from bot.domain.matching import StretchMatcher
from bot.storage.db import Database
from bot.storage.session_writer import SessionWriter
from bot.storage.sessions import StoredSession

SERVICES_KEY = "services"


@dataclass(frozen=True)
class Services:
    catalogue: Catalogue
    matcher: StretchMatcher
    database: Database
    clock: Clock
    # Timers run this many times faster (the demo's --speed); 1 in production.
    time_scale: float = 1.0
    # Active guided sessions by id: a cache of their rows, so timer ticks need no query.
    live_sessions: dict[int, StoredSession] = field(default_factory=dict)
    # Reminder sending budget (messages per second) and how often due ones are looked for.
    reminder_rate: float = 25.0
    reminder_tick_seconds: float = 15.0
    # Commits the player's saves in groups: a burst of phase ends shares one transaction.
    session_writer: SessionWriter = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "session_writer", SessionWriter(self.database))


class BotContext(CallbackContext[ExtBot[Any], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    @property
    def services(self) -> Services:
        services: Services = self.bot_data[SERVICES_KEY]
        return services


BotApplication = Application[
    ExtBot[Any], BotContext, dict[Any, Any], dict[Any, Any], dict[Any, Any], Any
]

# What job callbacks and handlers hand around; PTB's generics do not narrow it further.
AnyApplication = Application[Any, Any, Any, Any, Any, Any]
