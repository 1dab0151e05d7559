"""Fixtures: the stand-in, the real bot polling it over HTTP, and a migrated SQLite file."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import replace
from pathlib import Path

import pytest

from bot.config import Config, load_config
from bot.content.loader import load_catalogue
from bot.domain.clock import ScaledClock
from bot.pictures.library import Pictures
from bot.services import build_services
from bot.storage.migrate import upgrade_to_head
from bot.storage.users import Visitor, preferences_of, set_preferences
from bot.telegram.app import build_application
from bot.telegram.context import BotApplication, Services
from bot.telegram.lifecycle import polling
from standin import StandIn, UserClient
from tests.support.clock import make_clock
from tests.support.postgres import postgres_database  # noqa: F401  (a fixture)


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


def make_config(**overrides: object) -> Config:
    """Config that ignore the developer's own .env file."""
    return load_config(_env_file=None, **overrides)


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrate once per run; each test gets its own copy of the file."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    upgrade_to_head(make_config(database_url=sqlite_url(path)))
    return path


@pytest.fixture(scope="session")
def pictures_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One disk cache of stretch pictures for the run, drawn before the first test: each
    bot then reads them, and no test races a drawing thread for the processor."""
    folder = tmp_path_factory.mktemp("pictures")
    Pictures(load_catalogue(), folder).warm()
    return folder


@pytest.fixture
async def standin() -> AsyncIterator[StandIn]:
    async with StandIn() as server:
        yield server
        # "Not modified" is Telegram's answer to an edit a double tap repeats: handled as
        # success by the bot, so it is not a sign of an invalid request.
        refused = [r for r in server.rejections if "not modified" not in r.description]
        said = [f"{r.method}: {r.description}" for r in refused]
        assert refused == [], f"the bot sent requests Telegram would refuse: {said}"


class RunningBot:
    """The real Application polling the stand-in; `restart()` stops it and starts anew."""

    def __init__(self, standin: StandIn, config: Config, clock: ScaledClock) -> None:
        self.standin = standin
        self.config = config
        self.clock = clock
        self._running: AsyncExitStack | None = None
        self.application: BotApplication
        self.services: Services

    async def start(self) -> None:
        self.services = build_services(self.config, clock=self.clock, time_scale=self.clock.scale)
        self.application = build_application(
            self.config, self.services, on_update_done=self.standin.mark_processed
        )
        self._running = AsyncExitStack()
        await self._running.enter_async_context(polling(self.application))

    async def stop(self) -> None:
        if self._running is not None:
            await self._running.aclose()
            self._running = None

    async def restart(self, down_for_seconds: float = 0) -> None:
        """Stop the bot (its timers die with it), let bot time pass, start a new one."""
        await self.stop()
        self.clock.advance(seconds=down_for_seconds)
        await self.start()


@pytest.fixture
def time_scale() -> float:
    """How much faster than real time the bot's timers run; override per test module."""
    return 1.0


@pytest.fixture
def config_overrides() -> dict[str, object]:
    """Extra config for the bot under test; override per test module."""
    return {}


@pytest.fixture
async def bot(
    standin: StandIn,
    tmp_path: Path,
    migrated_database: Path,
    time_scale: float,
    config_overrides: dict[str, object],
    pictures_dir: Path,
) -> AsyncIterator[RunningBot]:
    database_path = tmp_path / "bot.sqlite3"
    shutil.copy(migrated_database, database_path)
    config = make_config(
        telegram_bot_token=standin.token,
        telegram_api_base_url=standin.base_url,
        database_url=sqlite_url(database_path),
        **{"pictures_dir": pictures_dir, **config_overrides},
    )
    running = RunningBot(standin, config, make_clock(scale=time_scale))
    await running.start()
    try:
        yield running
    finally:
        await running.stop()


@pytest.fixture
async def user(standin: StandIn, bot: RunningBot) -> UserClient:
    """Ana, who follows routines tap by tap: most tests step through a routine that way.
    Hands-free, the default for a new person, has tests of its own (`standin.new_user`)."""
    person = standin.new_user(first_name="Ana")
    await prefer_tapping(bot, person)
    return person


async def prefer_tapping(bot: RunningBot, person: UserClient) -> None:
    visitor = Visitor(person.id, person.chat_id, person.person.first_name, "en")
    async with bot.services.database.unit() as unit:
        stored = await unit.users.record_visit(visitor, bot.clock())
        set_preferences(stored, replace(preferences_of(stored), hands_free=False))
