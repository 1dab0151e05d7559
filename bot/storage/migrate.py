"""Run Alembic migrations from code, so `stretchbot run` upgrades the database at start."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config

from bot.settings import Settings

REPO_ROOT = Path(__file__).resolve().parents[2]


def alembic_config(database_url: str) -> Config:
    config = Config(str(REPO_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(REPO_ROOT / "migrations"))
    config.attributes["database_url"] = database_url
    return config


def upgrade_to_head(settings: Settings) -> None:
    """Blocking: call before the event loop starts (Alembic runs its own loop)."""
    path = settings.sqlite_path()
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(settings.database_url), "head")


async def upgrade_to_head_async(settings: Settings) -> None:
    """For callers already inside an event loop (tests, the demo)."""
    await asyncio.to_thread(upgrade_to_head, settings)
