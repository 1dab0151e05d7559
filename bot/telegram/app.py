"""The one factory that builds the PTB Application; production, demo, tests and benches use it."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from telegram import BotCommand, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import ApplicationBuilder, ContextTypes, Defaults

from bot.app.file_ids import FileIds
from bot.app.listening import Listening
from bot.app.people import People
from bot.app.practices import Practices
from bot.app.progress import Progress
from bot.app.reminder_dispatch import ReminderDispatch
from bot.app.reminders import Reminders
from bot.audio.guides import AudioGuides
from bot.config import Config
from bot.pictures.library import Pictures
from bot.telegram.context import (
    APP_KEY,
    SERVICES_KEY,
    BotApplication,
    BotContext,
    Services,
    UseCases,
    use_cases,
)
from bot.telegram.handlers import MENU, register
from bot.telegram.listening import ListeningTimers, TelegramSounds
from bot.telegram.metrics import MeteredRequest
from bot.telegram.processing import ChatOrderedUpdateProcessor, UpdateDone
from bot.telegram.timers import JobQueueTimers, StoppingJobQueue
from bot.telegram.transport.outbox import Outbox
from bot.telegram.transport.photos import Photos
from bot.telegram.transport.rate_limit import LaneRateLimiter
from bot.telegram.transport.retries import READ_TIMEOUT_SECONDS
from bot.telegram.views.texts import t

log = logging.getLogger(__name__)

MAX_CONCURRENT_UPDATES = 256
CONNECTION_POOL_SIZE = 32
# Where the start-up task that draws every picture is kept, to be stopped at shutdown.
DRAWING_KEY = "drawing"


def build_application(
    config: Config, services: Services, on_update_done: UpdateDone | None = None
) -> BotApplication:
    if config.token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is needed to build the application")
    base_url = config.telegram_api_base_url
    application: BotApplication = (
        ApplicationBuilder()
        .token(config.token)
        .base_url(base_url)
        # httpcore scans every pooled connection per request, so a small pool (PTB's 256
        # costs more than it gives at our rates). Wait long for an answer: a call given up
        # on may still be carried out, and a message sent again would show twice.
        .request(MeteredRequest(services.metrics, CONNECTION_POOL_SIZE, READ_TIMEOUT_SECONDS))
        .base_file_url(base_url.removesuffix("/bot") + "/file/bot")
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .rate_limiter(
            LaneRateLimiter(
                overall_max_rate=config.telegram_max_messages_per_second,
                max_retries=3,
                time_scale=services.time_scale,
            )
        )
        .context_types(ContextTypes(context=BotContext))
        .job_queue(StoppingJobQueue())
        .concurrent_updates(
            ChatOrderedUpdateProcessor(MAX_CONCURRENT_UPDATES, on_update_done, services.metrics)
        )
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
    application.bot_data[SERVICES_KEY] = services
    application.bot_data[APP_KEY] = _use_cases(application, services)
    register(application)
    return application


def _use_cases(application: BotApplication, services: Services) -> UseCases:
    """Wire the application layer to this bot's outbox and the JobQueue's timers."""
    assert application.job_queue is not None
    # A file_id belongs to the bot that uploaded it; the token starts with the bot's id.
    file_ids = FileIds(services.database, int(application.bot.token.partition(":")[0]))
    photos = Photos(services.pictures, file_ids)
    outbox = Outbox(application.bot, services.catalogue, services.reminder_rate, photos)
    timers = JobQueueTimers(application.job_queue, services.metrics.cue_lateness.observe)
    practices = Practices(
        services.catalogue, services.database, services.clock, outbox, timers, services.time_scale
    )
    timers.on_timer = practices.tick
    dispatch = ReminderDispatch(services.database, services.clock, outbox, services.time_scale)
    services.metrics.watch(practices.running_here, lambda: dispatch.sent)
    return UseCases(
        practices=practices,
        reminders=Reminders(services.database, services.clock, services.places),
        reminder_dispatch=dispatch,
        progress=Progress(services.database, services.clock),
        people=People(services.database, services.clock, practices),
        outbox=outbox,
        listening=_listening(application, services, outbox, practices, file_ids),
    )


def _listening(
    application: BotApplication,
    services: Services,
    outbox: Outbox,
    practices: Practices,
    file_ids: FileIds,
) -> Listening:
    """Audio guides: made under AUDIO_DIR, sent by file_id after the first upload."""
    assert application.job_queue is not None
    timers = ListeningTimers(application.job_queue)
    listening = Listening(
        services.catalogue,
        services.database,
        services.clock,
        outbox,
        TelegramSounds(outbox),
        AudioGuides(services.catalogue, services.audio_dir),
        file_ids,
        timers,
        practices,
        services.time_scale,
    )
    timers.listening = listening
    return listening


async def _post_init(application: BotApplication) -> None:
    """Tell Telegram our command menu and descriptions; a failure here is not fatal."""
    bot = application.bot
    try:
        await bot.set_my_commands([BotCommand(name, t(f"commands.{name}")) for name in MENU])
        await bot.set_my_description(t("bot.description"))
        await bot.set_my_short_description(t("bot.short_description"))
    except TelegramError as error:
        log.warning("could not register the command menu: %s", error)
    services: Services = application.bot_data[SERVICES_KEY]
    application.bot_data[DRAWING_KEY] = asyncio.create_task(_draw_pictures(services.pictures))
    app = use_cases(application)
    app.outbox.remember_unreachable(await app.people.unreachable())
    resumed = await app.practices.rearm_all()
    if resumed:
        log.info("resumed %d guided practices", resumed)
    await app.listening.rearm_all()
    if services.audio_warm_up:
        app.listening.warm_up()
    _tick_reminders(application, app.reminder_dispatch)


async def _draw_pictures(pictures: Pictures) -> None:
    """Have every stretch picture ready before the first card needs it, off the event loop;
    drawings of poses that changed since are deleted from the disk cache."""
    pruned = await asyncio.to_thread(pictures.prune)
    count = await asyncio.to_thread(pictures.warm)
    log.info("%d stretch pictures ready (%d old ones removed)", count, pruned)


def _tick_reminders(application: BotApplication, dispatch: ReminderDispatch) -> None:
    """Tick on the quarter minute, so a 22:30 reminder goes out at 22:30:00."""
    services: Services = application.bot_data[SERVICES_KEY]
    interval = services.reminder_tick_seconds / services.time_scale
    assert application.job_queue is not None
    first = interval - (time.time() % interval)

    async def tick(_context: object) -> None:
        dispatch.tick()

    application.job_queue.run_repeating(tick, interval=interval, first=first, name="reminders")


async def _post_shutdown(application: BotApplication) -> None:
    services: Services = application.bot_data[SERVICES_KEY]
    await use_cases(application).listening.close()
    drawing: asyncio.Task[None] | None = application.bot_data.pop(DRAWING_KEY, None)
    services.pictures.stop_warming()  # the thread ends after the picture it is drawing
    if drawing is not None:
        drawing.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await drawing
    await services.database.close()
