"""What handlers need besides the update: the use cases and the outbox, typed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from telegram.ext import Application, CallbackContext, ExtBot

from bot.app.people import People
from bot.app.practices import Practices
from bot.app.progress import Progress
from bot.app.reminder_dispatch import ReminderDispatch
from bot.app.reminders import Reminders
from bot.domain.catalogue import Catalogue
from bot.domain.clock import Clock
from bot.domain.matching import StretchMatcher
from bot.domain.timezones import Places
from bot.pictures.library import Pictures
from bot.storage.db import Database
from bot.telegram.metrics import Metrics
from bot.telegram.processing import ChatOrderedUpdateProcessor
from bot.telegram.taps import Taps
from bot.telegram.transport.outbox import Outbox

SERVICES_KEY = "services"
APP_KEY = "app"


@dataclass(frozen=True)
class Services:
    """What the bot is built from: content, database and clock."""

    catalogue: Catalogue
    matcher: StretchMatcher
    places: Places
    database: Database
    clock: Clock
    # The stretch pictures, drawn once and cached on disk.
    pictures: Pictures
    # Timers run this many times faster (the demo's --speed); 1 in production.
    time_scale: float = 1.0
    # Reminder sending budget (messages per second) and how often due ones are looked for.
    reminder_rate: float = 25.0
    reminder_tick_seconds: float = 15.0
    # What /metrics shows, gathered as the bot runs.
    metrics: Metrics = field(default_factory=Metrics)


@dataclass(frozen=True)
class UseCases:
    """The application layer, wired to this bot's outbox and timers."""

    practices: Practices
    reminders: Reminders
    reminder_dispatch: ReminderDispatch
    progress: Progress
    people: People
    outbox: Outbox


class BotContext(CallbackContext[ExtBot[Any], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    @property
    def services(self) -> Services:
        services: Services = self.bot_data[SERVICES_KEY]
        return services

    @property
    def app(self) -> UseCases:
        app: UseCases = self.bot_data[APP_KEY]
        return app

    @property
    def outbox(self) -> Outbox:
        return self.app.outbox

    @property
    def taps(self) -> Taps:
        """Where button taps are answered, once each (see taps.py)."""
        processor = self.application.update_processor
        assert isinstance(processor, ChatOrderedUpdateProcessor)
        return processor.taps


BotApplication = Application[
    ExtBot[Any], BotContext, dict[Any, Any], dict[Any, Any], dict[Any, Any], Any
]

# What job callbacks and handlers hand around; PTB's generics do not narrow it further.
AnyApplication = Application[Any, Any, Any, Any, Any, Any]


def use_cases(application: AnyApplication) -> UseCases:
    app: UseCases = application.bot_data[APP_KEY]
    return app
