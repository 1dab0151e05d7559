"""Run an Application inside an existing event loop, the way `run_polling` would.

`run_polling` owns the loop, so the demo, tests and benches (which also run the stand-in
in the same loop) start and stop the bot through this instead; the steps are the same.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from telegram import Update

from bot.telegram.context import BotApplication


@asynccontextmanager
async def polling(application: BotApplication) -> AsyncIterator[BotApplication]:
    await application.initialize()
    try:
        if application.post_init is not None:
            await application.post_init(application)
        assert application.updater is not None
        await application.updater.start_polling(
            poll_interval=0, timeout=10, allowed_updates=Update.ALL_TYPES
        )
        await application.start()
        try:
            yield application
        finally:
            if application.updater.running:
                await application.updater.stop()
            if application.running:
                await application.stop()
    finally:
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)
