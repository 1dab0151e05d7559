"""The one factory that builds the PTB Application; production, demo, tests and benches use it."""

from __future__ import annotations

import logging

from telegram import BotCommand, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import ApplicationBuilder, ContextTypes, Defaults

from bot.settings import Settings
from bot.telegram import player
from bot.telegram.context import SERVICES_KEY, BotApplication, BotContext, Services
from bot.telegram.handlers import register
from bot.telegram.processing import ChatOrderedUpdateProcessor, UpdateDone
from bot.telegram.reminder_dispatcher import DISPATCHER_KEY, ReminderDispatcher
from bot.telegram.transport.rate_limit import MeteredRateLimiter
from bot.telegram.views import texts

log = logging.getLogger(__name__)

MAX_CONCURRENT_UPDATES = 256


def build_application(
    settings: Settings, services: Services, on_update_done: UpdateDone | None = None
) -> BotApplication:
    if settings.token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is needed to build the application")
    base_url = settings.telegram_api_base_url
    application: BotApplication = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(base_url)
        # httpcore scans every pooled connection per request; PTB's default of 256 costs
        # more than it gives at our rates.
        .connection_pool_size(32)
        .base_file_url(base_url.removesuffix("/bot") + "/file/bot")
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .rate_limiter(
            MeteredRateLimiter(
                overall_max_rate=settings.telegram_max_messages_per_second, max_retries=3
            )
        )
        .context_types(ContextTypes(context=BotContext))
        .concurrent_updates(ChatOrderedUpdateProcessor(MAX_CONCURRENT_UPDATES, on_update_done))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
    application.bot_data[SERVICES_KEY] = services
    register(application)
    return application


async def _post_init(application: BotApplication) -> None:
    """Tell Telegram our command menu and descriptions; a failure here is not fatal."""
    bot = application.bot
    try:
        await bot.set_my_commands([BotCommand(name, about) for name, about in texts.COMMANDS])
        await bot.set_my_description(texts.DESCRIPTION)
        await bot.set_my_short_description(texts.SHORT_DESCRIPTION)
    except TelegramError as error:
        log.warning("could not register the command menu: %s", error)
    resumed = await player.rearm_all(application)
    if resumed:
        log.info("resumed %d guided sessions", resumed)
    dispatcher = ReminderDispatcher(application)
    application.bot_data[DISPATCHER_KEY] = dispatcher
    dispatcher.start()


async def _post_shutdown(application: BotApplication) -> None:
    services: Services = application.bot_data[SERVICES_KEY]
    await services.database.close()
