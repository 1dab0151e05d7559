"""Webhook mode: Telegram posts each update with the secret; a post without it is refused and
logged without its body; the same port answers /healthz, /readyz and /metrics."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import sqlite3
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.config import Config
from bot.services import build_services
from bot.storage.migrate import head_revision
from bot.telegram.app import build_application
from bot.telegram.context import BotApplication
from bot.telegram.lifecycle import health_server, polling, webhook
from bot.telegram.web import WebServer
from standin import StandIn
from tests.conftest import make_config, sqlite_url

PUBLIC_URL = "https://stretch.example.org/telegram/updates"
SECRET = "night-owl_42"


def _config(standin: StandIn, tmp_path: Path, migrated_database: Path, **extra: object) -> Config:
    database = tmp_path / "bot.sqlite3"
    shutil.copy(migrated_database, database)
    return make_config(
        telegram_bot_token=standin.token,
        telegram_api_base_url=standin.base_url,
        database_url=sqlite_url(database),
        **extra,
    )


@pytest.fixture
async def served(
    standin: StandIn, tmp_path: Path, migrated_database: Path, pictures_dir: Path
) -> AsyncIterator[WebServer]:
    config = _config(
        standin,
        tmp_path,
        migrated_database,
        webhook_url=PUBLIC_URL,
        webhook_secret=SECRET,
        webhook_listen="127.0.0.1:0",
        pictures_dir=pictures_dir,
    )
    application = build_application(
        config, build_services(config), on_update_done=standin.mark_processed
    )
    async with webhook(application, config) as server:
        standin.deliver_webhook_to(f"http://127.0.0.1:{server.port}/telegram/updates")
        yield server


async def test_updates_arrive_by_webhook_with_the_secret(
    standin: StandIn, served: WebServer
) -> None:
    ana = standin.new_user(first_name="Ana")

    replies = await ana.send("/start")

    assert any(reply.words.startswith("Hi Ana!") for reply in replies)
    [registered] = standin.calls("setWebhook")
    assert registered.params["url"] == PUBLIC_URL
    assert registered.params["secret_token"] == SECRET
    deliveries = standin.state.webhook.deliveries
    assert deliveries and all(d.status == 200 and d.secret == SECRET for d in deliveries)
    assert standin.calls("getUpdates") == [], "no polling beside the webhook"


async def test_a_post_without_the_secret_is_refused_and_its_body_not_logged(
    served: WebServer, caplog: pytest.LogCaptureFixture
) -> None:
    forged = {"update_id": 1, "message": {"text": "PRIVATE-WORDS"}}
    url = f"http://127.0.0.1:{served.port}/telegram/updates"
    async with aiohttp.ClientSession() as session:
        for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "guess"}):
            async with session.post(url, json=forged, headers=headers) as answer:
                assert answer.status == 403

    refused = [r for r in caplog.records if "without the right secret" in r.getMessage()]
    assert len(refused) == 2
    assert "PRIVATE-WORDS" not in caplog.text


async def test_health_readiness_and_metrics_share_the_port(
    standin: StandIn, served: WebServer
) -> None:
    await standin.new_user(first_name="Ana").send("/stretch cat cow")
    base = f"http://127.0.0.1:{served.port}"
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{base}/healthz") as live:
            assert live.status == 200
        async with session.get(f"{base}/readyz") as ready:
            assert (ready.status, await ready.text()) == (200, "ready")
        async with session.get(f"{base}/metrics") as metrics:
            page = await metrics.text()

    assert "stretchbot_updates_total 1.0" in page
    assert 'stretchbot_bot_api_calls_total{method="sendPhoto",outcome="200"} 1.0' in page
    assert 'stretchbot_bot_api_calls_total{method="setWebhook",outcome="200"} 1.0' in page
    assert "stretchbot_routines_active 0.0" in page
    assert "stretchbot_cue_lateness_seconds_bucket" in page


async def _readyz(application: BotApplication) -> tuple[int, str]:
    async with polling(application), health_server(application, "127.0.0.1:0") as server:
        assert server is not None
        url = f"http://127.0.0.1:{server.port}/readyz"
        async with aiohttp.ClientSession() as session, session.get(url) as ready:
            return ready.status, await ready.text()


async def test_polling_serves_readiness_on_metrics_listen(
    standin: StandIn, tmp_path: Path, migrated_database: Path, pictures_dir: Path
) -> None:
    config = _config(standin, tmp_path, migrated_database, pictures_dir=pictures_dir)

    assert await _readyz(build_application(config, build_services(config))) == (200, "ready")


async def test_readiness_says_what_is_wrong(
    standin: StandIn, tmp_path: Path, migrated_database: Path, pictures_dir: Path
) -> None:
    config = _config(standin, tmp_path, migrated_database, pictures_dir=pictures_dir)
    # An older code's database: the bot is live, but not ready until migrated.
    with sqlite3.connect(tmp_path / "bot.sqlite3") as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0007'")

    status, text = await _readyz(build_application(config, build_services(config)))

    assert status == 503
    assert f"database at migration 0007, not {head_revision()}" in text


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_stretchbot_run_serves_the_webhook_and_stops_on_sigterm(
    tmp_path: Path, migrated_database: Path
) -> None:
    """The operator's command: `stretchbot run` with WEBHOOK_URL, then SIGTERM."""
    port = _free_port()
    shutil.copy(migrated_database, tmp_path / "bot.sqlite3")
    # Another process cannot say when it is done with an update: a quiet moment tells.
    async with StandIn(track_processing=False) as standin:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_"))}
        env |= {
            "TELEGRAM_BOT_TOKEN": standin.token,
            "TELEGRAM_API_BASE_URL": standin.base_url,
            "DATABASE_URL": sqlite_url(tmp_path / "bot.sqlite3"),
            "WEBHOOK_URL": PUBLIC_URL,
            "WEBHOOK_SECRET": SECRET,
            "WEBHOOK_LISTEN": f"127.0.0.1:{port}",
        }
        standin.deliver_webhook_to(f"http://127.0.0.1:{port}/telegram/updates")
        bot = await asyncio.create_subprocess_exec(
            *(sys.executable, "-m", "bot.cli", "run"),
            cwd=tmp_path,
            env=env,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            ana = standin.new_user(first_name="Ana")
            await ana.send("/start")
            async with asyncio.timeout(30):  # the process may still be starting
                while not any(m.words.startswith("Hi Ana!") for m in ana.messages):
                    await ana.chat.wait_changed(30)
        finally:
            if bot.returncode is None:
                bot.send_signal(signal.SIGTERM)
            _, errors = await asyncio.wait_for(bot.communicate(), timeout=10)
        assert standin.rejections == []
    assert bot.returncode == 0, errors.decode()
    assert standin.token not in errors.decode()
