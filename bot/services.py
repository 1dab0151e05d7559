"""Build the services the handlers use from settings: catalogue, database and clock."""

from __future__ import annotations

from bot.content.loader import load_catalogue
from bot.domain.clock import Clock, utc_now
from bot.settings import Settings
from bot.storage.db import Database, engine_from_settings
from bot.telegram.context import Services


def build_services(
    settings: Settings, clock: Clock = utc_now, time_scale: float = 1.0
) -> Services:
    return Services(
        catalogue=load_catalogue(),
        database=Database(engine_from_settings(settings)),
        clock=clock,
        time_scale=time_scale,
    )
