"""Build the services the handlers use from config: catalogue, database and clock."""

from __future__ import annotations

from bot.config import Config
from bot.content.loader import load_catalogue, load_places
from bot.domain.clock import Clock, ScaledClock, utc_now
from bot.domain.matching import StretchMatcher
from bot.pictures.library import Pictures
from bot.storage.db import Database, engine_from_settings
from bot.telegram.context import Services


def build_services(
    config: Config, clock: Clock | None = None, time_scale: float = 1.0
) -> Services:
    """`time_scale` > 1 runs timers faster (the demo's --speed); the clock then runs faster
    too, so stored deadlines and scheduled jobs agree."""
    if clock is None:
        clock = utc_now if time_scale == 1 else ScaledClock(scale=time_scale)
    catalogue = load_catalogue()
    return Services(
        catalogue=catalogue,
        matcher=StretchMatcher(catalogue),
        places=load_places(),
        database=Database(engine_from_settings(config)),
        clock=clock,
        pictures=Pictures(catalogue, config.pictures_dir),
        time_scale=time_scale,
        reminder_rate=config.reminder_messages_per_second,
        reminder_tick_seconds=config.reminder_tick_seconds,
    )
