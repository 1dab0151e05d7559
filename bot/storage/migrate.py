"""Run Alembic migrations from code, so `stretchbot run` upgrades the database at start."""

from __future__ import annotations

import asyncio
from importlib.resources import files
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig

from bot.config import Config

# migrations/ in a checkout; installed, this package (alembic.ini is for developers only).
MIGRATIONS_PACKAGE = "bot.migrations"


def alembic_config(database_url: str) -> AlembicConfig:
    """Alembic's settings, built here so an installed bot needs no alembic.ini."""
    folder = files(MIGRATIONS_PACKAGE)
    if not isinstance(folder, Path):
        raise RuntimeError(f"the migrations must be installed as plain files, not in {folder}")
    alembic = AlembicConfig()
    # Its values are %-interpolated, so a % in the path must be doubled.
    alembic.set_main_option("script_location", str(folder).replace("%", "%%"))
    alembic.attributes["database_url"] = database_url
    return alembic


def upgrade_to_head(config: Config) -> None:
    """Blocking: call before the event loop starts (Alembic runs its own loop)."""
    path = config.sqlite_path()
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(config.database_url), "head")


async def upgrade_to_head_async(config: Config) -> None:
    """For callers already inside an event loop (tests, the demo)."""
    await asyncio.to_thread(upgrade_to_head, config)


def head_revision() -> str:
    """The newest migration this code ships."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert head is not None
    return head
