"""Shared set-up for the benchmarks: the real bot (or a bare echo bot) polling a local stand-in.

Everything runs in one process and one event loop: the stand-in listens on 127.0.0.1 only,
the bot polls it over loopback HTTP exactly as it would poll Telegram.
"""

from __future__ import annotations

import logging
import math
import os
import platform
import shutil
import sys
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy import make_url
from telegram import Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseUpdateProcessor,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.config import Config, load_config
from bot.services import build_services
from bot.storage.migrate import upgrade_to_head, upgrade_to_head_async
from bot.telegram.app import MAX_CONCURRENT_UPDATES, build_application
from bot.telegram.context import BotApplication, Services
from bot.telegram.lifecycle import polling
from standin import StandIn

LOOPBACK = "127.0.0.1"
# PTB's long-poll timeout, the same as bot.telegram.lifecycle uses.
POLL_TIMEOUT = 10

EchoApplication = Application[Any, Any, Any, Any, Any, Any]


class ProblemLog(logging.Handler):
    """Counts warnings and errors (one line each, no tracebacks) to print after the figures."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.counts: Counter[str] = Counter()

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage().splitlines()[0][:100] if record.getMessage() else ""
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            first = str(error).splitlines()[0][:100] if str(error) else ""
            text += f" [{type(error).__name__}: {first}]"
        self.counts[f"{record.levelname} {record.name}: {text}"] += 1

    def summary(self, limit: int = 8) -> list[str]:
        if not self.counts:
            return ["log: no warnings or errors"]
        total = sum(self.counts.values())
        lines = [f"log: {total} warnings/errors, most frequent:"]
        lines += [f"  {count:5d} × {text}" for text, count in self.counts.most_common(limit)]
        return lines


def quiet_logging() -> ProblemLog:
    """Only problems, counted rather than printed: a benchmark's output is its figures."""
    problems = ProblemLog()
    logging.basicConfig(level=logging.WARNING, handlers=[problems], force=True)
    for name in ("httpx", "httpcore", "apscheduler", "aiohttp.access"):
        logging.getLogger(name).setLevel(logging.WARNING)
    return problems


def new_standin(**options: Any) -> StandIn:
    """A stand-in for benchmarking: tracks processing, skips self-checking its own answers.

    Requests are still validated strictly; only the stand-in's check of its *own* responses
    against the spec is off, since it costs CPU in this same process for both bots alike.
    """
    options.setdefault("track_processing", True)
    options.setdefault("check_responses", False)
    options.setdefault("processing_timeout", 60.0)
    return StandIn(**options)


def check_loopback(standin: StandIn) -> None:
    if standin.host != LOOPBACK or not standin.base_url.startswith(f"http://{LOOPBACK}:"):
        raise SystemExit(f"refusing to run: the stand-in is not on {LOOPBACK}")


# Database ---------------------------------------------------------------------------------


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


# The machine's PostgreSQL, where `--database postgresql` creates its throwaway database.
LOCAL_POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"


def postgres_server(choice: str) -> str | None:
    """The server URL a bench's `--database` names (`postgresql` or a URL); None for SQLite."""
    if choice == "sqlite":
        return None
    if choice == "postgresql":
        return LOCAL_POSTGRES
    if choice.startswith("postgresql"):
        return choice
    raise SystemExit(f"--database must be sqlite, postgresql or a postgresql:// URL: {choice}")


@asynccontextmanager
async def postgres_database(server: str, name: str) -> AsyncIterator[str]:
    """A fresh database on ``server``, migrated; its URL. Dropped afterwards, even if busy."""
    url = make_url(server).set(drivername="postgresql+asyncpg")
    fresh = f"{name}_{uuid.uuid4().hex[:10]}"
    admin = url.set(drivername="postgresql", database="postgres")
    await _admin(admin.render_as_string(hide_password=False), f'CREATE DATABASE "{fresh}"')
    try:
        target = url.set(database=fresh).render_as_string(hide_password=False)
        await upgrade_to_head_async(load_config(_env_file=None, database_url=target))
        yield target
    finally:
        await _admin(
            admin.render_as_string(hide_password=False),
            f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)',
        )


async def _admin(url: str, statement: str) -> None:
    connection = await asyncpg.connect(url)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


def migrated_template(folder: Path) -> Path:
    """Blocking: migrate one SQLite file; each bot gets a copy (call before the loop runs)."""
    path = folder / "template.sqlite3"
    upgrade_to_head(load_config(_env_file=None, database_url=sqlite_url(path)))
    return path


def fresh_database(template: Path, folder: Path, name: str) -> Path:
    path = folder / f"{name}.sqlite3"
    shutil.copy(template, path)
    return path


# Clock ------------------------------------------------------------------------------------


class BenchClock:
    """Bot time running ``scale`` times faster than ``time.monotonic``, and back again.

    The bot stores deadlines in bot time; the stand-in stamps messages with the monotonic
    clock. This clock lets a benchmark turn a stored deadline into a monotonic instant.
    """

    def __init__(self, scale: float = 1.0) -> None:
        if scale <= 0:
            raise ValueError("scale must be positive")
        self.scale = scale
        self.start = datetime.now(UTC)
        self.real_start = time.monotonic()

    def __call__(self) -> datetime:
        return self.start + timedelta(seconds=(time.monotonic() - self.real_start) * self.scale)

    def to_monotonic(self, when: datetime) -> float:
        return self.real_start + (when - self.start).total_seconds() / self.scale


# The real bot -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RunningBot:
    application: BotApplication
    services: Services
    config: Config
    clock: BenchClock


def bot_config(
    standin: StandIn, database: Path | str, max_messages_per_second: float | None
) -> Config:
    """Config for a bot polling ``standin`` (a SQLite file, or a database URL); None keeps
    the production outgoing cap."""
    overrides: dict[str, object] = {
        "telegram_bot_token": standin.token,
        "telegram_api_base_url": standin.base_url,
        "database_url": sqlite_url(database) if isinstance(database, Path) else database,
    }
    if max_messages_per_second is not None:
        overrides["telegram_max_messages_per_second"] = max_messages_per_second
    return load_config(_env_file=None, **overrides)


@asynccontextmanager
async def real_bot(
    standin: StandIn,
    database: Path | str,
    *,
    time_scale: float = 1.0,
    max_messages_per_second: float | None = None,
) -> AsyncIterator[RunningBot]:
    """The production Application, built by the production factory, polling ``standin``."""
    check_loopback(standin)
    config = bot_config(standin, database, max_messages_per_second)
    clock = BenchClock(time_scale)
    services = build_services(config, clock=clock, time_scale=time_scale)
    application = build_application(config, services, on_update_done=standin.mark_processed)
    async with polling(application):
        yield RunningBot(application, services, config, clock)


# The bare echo bot ------------------------------------------------------------------------


class MarkingProcessor(BaseUpdateProcessor):
    """Concurrent processing (like the real bot's) that tells the stand-in when each is done."""

    def __init__(self, standin: StandIn, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self._standin = standin

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        try:
            await coroutine
        finally:
            if isinstance(update, Update):
                self._standin.mark_processed(update.update_id)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is not None and message.text is not None:
        await message.reply_text(message.text)


@asynccontextmanager
async def echo_bot(standin: StandIn) -> AsyncIterator[EchoApplication]:
    """A bare PTB bot that repeats every text, polling the same way the real bot does."""
    check_loopback(standin)
    application: EchoApplication = (
        ApplicationBuilder()
        .token(standin.token)
        .base_url(standin.base_url)
        .concurrent_updates(MarkingProcessor(standin, MAX_CONCURRENT_UPDATES))
        .build()
    )
    application.add_handler(MessageHandler(filters.TEXT, _echo))
    await application.initialize()
    try:
        updater = application.updater
        assert updater is not None
        await updater.start_polling(
            poll_interval=0, timeout=POLL_TIMEOUT, allowed_updates=Update.ALL_TYPES
        )
        await application.start()
        try:
            yield application
        finally:
            if updater.running:
                await updater.stop()
            if application.running:
                await application.stop()
    finally:
        await application.shutdown()


# Figures ----------------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    """Linear interpolation between closest ranks; NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def rss_kb() -> int:
    """This process's resident set size in KiB (Linux /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [[str(h) for h in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for index, row in enumerate(cells):
        first = row[0].ljust(widths[0])
        rest = [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join([first, *rest]))
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def machine_line() -> str:
    return (
        f"python {platform.python_version()} · {os.cpu_count()} CPUs · "
        f"{platform.system()} {platform.release()} · argv {' '.join(sys.argv[1:]) or '-'}"
    )
