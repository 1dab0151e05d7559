"""The `stretchbot` command: run, demo, migrate, content check, content gallery.

Operator mistakes (a missing or rejected token, a bad setting, a broken content file, a
database that cannot be opened) end with one clear line on stderr and exit code 2, never a
traceback and never the token.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from telegram import Bot
from telegram.error import InvalidToken, NetworkError

from bot.config import Config, ConfigError, configure_logging, load_config
from bot.content.loader import ContentError, load_catalogue
from bot.domain.catalogue import Catalogue
from bot.telegram.transport.trouble_log import PassingTroubleFilter

if TYPE_CHECKING:
    from bot.telegram.context import BotApplication

EXIT_UNREACHABLE = 1
EXIT_CONFIG = 2


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        config = load_config()
        secret = config.webhook_secret.get_secret_value() if config.webhook_secret else None
        configure_logging(
            config.log_level,
            [config.token, secret],
            [PassingTroubleFilter()],
            json_lines=config.log_format == "json",
        )
        if args.command == "content":
            catalogue = load_catalogue()
            if args.action == "gallery":
                return _gallery(catalogue, config, args.out)
            print(
                f"content ok: {len(catalogue.exercises)} exercises, "
                f"{len(catalogue.routines)} routines"
            )
            return 0
        if args.command == "migrate":
            from bot.storage.migrate import upgrade_to_head
            from bot.storage.preflight import check_database

            check_database(config.database_url)
            upgrade_to_head(config)
            print("database is at the latest migration")
            return 0
        if args.command == "demo":
            from bot.demo import demo_database_url, run_demo
            from bot.storage.preflight import check_database

            check_database(demo_database_url(config))
            return run_demo(config, speed=args.speed, out_dir=args.out)
        if config.token is None:
            # Never fall back to the demo here: an operator who typed `run` wants Telegram.
            print(
                "TELEGRAM_BOT_TOKEN is not set: put the token from @BotFather in .env or the "
                "environment (`stretchbot demo`, or `make run` without a token, starts the "
                "terminal demo).",
                file=sys.stderr,
            )
            return EXIT_CONFIG
        return _run(config)
    except ConfigError as error:
        print(error, file=sys.stderr)
    except ContentError as error:
        print(f"The content in content/ is invalid:\n{error}", file=sys.stderr)
    except InvalidToken:
        print("Telegram rejected TELEGRAM_BOT_TOKEN: check it with @BotFather.", file=sys.stderr)
    except NetworkError as error:
        print(
            f"Could not reach the Telegram Bot API at {config.telegram_api_base_url}: "
            f"{error.message}",
            file=sys.stderr,
        )
        return EXIT_UNREACHABLE
    except KeyboardInterrupt:
        return 0
    return EXIT_CONFIG


def _gallery(catalogue: Catalogue, config: Config, out: Path) -> int:
    """Draw every position (cached in the pictures folder, old drawings removed) and write one
    sheet per routine."""
    from bot.pictures.gallery import write_gallery
    from bot.pictures.library import Pictures

    pictures = Pictures(catalogue, config.pictures_dir)
    pictures.prune()
    for path in write_gallery(pictures, out):
        print(path)
    return 0


def _run(config: Config) -> int:
    from bot.services import build_services
    from bot.storage.migrate import upgrade_to_head
    from bot.storage.preflight import check_database
    from bot.telegram.app import build_application

    # The database first: it is local and quick to check, and a mistake there is the
    # operator's to fix (exit 2), unlike a network that is down.
    check_database(config.database_url)
    asyncio.run(_check_token(config))
    services = build_services(config)
    upgrade_to_head(config)
    application = build_application(config, services)
    asyncio.run(_serve(application, config))
    return 0


async def _serve(application: BotApplication, config: Config) -> None:
    """By webhook when WEBHOOK_URL is set, else long polling; until SIGTERM or Ctrl-C, then
    stop taking updates, finish what is under way and exit."""
    from bot.telegram.lifecycle import health_server, polling, webhook

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signal_number, stop.set)
    if config.webhook_url:
        async with webhook(application, config):
            await stop.wait()
        return
    async with polling(application), health_server(application, config.metrics_listen):
        await stop.wait()


async def _check_token(config: Config) -> None:
    """Ask Telegram who we are before starting, so a bad token or address is one clear line
    (PTB's own start-up would log a traceback first)."""
    assert config.token is not None
    async with Bot(config.token, base_url=config.telegram_api_base_url) as bot:
        await bot.get_me()


def _speed(value: str) -> float:
    try:
        speed = float(value)
    except ValueError:
        speed = 0
    if not 0 < speed <= 10_000:
        raise argparse.ArgumentTypeError("give a number of times faster, e.g. --speed 20")
    return speed


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="stretchbot", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("run", help="start the bot on Telegram (needs TELEGRAM_BOT_TOKEN)")
    demo = commands.add_parser(
        "demo", help="chat with the bot in this terminal, through the local Telegram stand-in"
    )
    demo.add_argument(
        "--speed",
        type=_speed,
        default=1.0,
        help="run the bot's clock N times faster: holds, waits and reminders",
    )
    demo.add_argument(
        "--out",
        type=Path,
        default=Path("data/demo-out"),
        help="where the photos, sound and files the bot sends are saved (default: data/demo-out)",
    )
    commands.add_parser("migrate", help="upgrade the database to the latest migration")
    content = commands.add_parser("content", help="work with the catalogue in content/")
    content.add_argument(
        "action",
        choices=["check", "gallery"],
        help="check: validate every content file; gallery: draw every stretch's pictures, "
        "one contact sheet per routine",
    )
    content.add_argument(
        "--out",
        type=Path,
        default=Path("data/gallery"),
        help="where gallery writes its sheets (default: data/gallery)",
    )
    parser.set_defaults(command="run")
    return parser


if __name__ == "__main__":
    sys.exit(main())
