"""🎧 Listen on a practice's intro or a stretch's card, and Stop on the card that follows the
audio. The tap is answered at once; the guide is made and sent in the background."""

from __future__ import annotations

from telegram import Update

from bot.app.listening import Pending
from bot.telegram.callbacks import ListenPractice, ListenStretch, StopListening
from bot.telegram.context import BotContext
from bot.telegram.handlers.common import visitor_of
from bot.telegram.views.texts import t


async def listen_to_practice(
    update: Update, context: BotContext, tap: ListenPractice
) -> str | None:
    visitor = visitor_of(update)
    assert visitor is not None
    preferences = await context.app.people.preferences(visitor)
    pending = await context.app.listening.to_practice(
        visitor.user_id, visitor.chat_id, tap.practice_id, preferences
    )
    return _deliver(update, context, pending)


async def listen_to_stretch(update: Update, context: BotContext, tap: ListenStretch) -> str | None:
    visitor = visitor_of(update)
    assert visitor is not None
    preferences = await context.app.people.preferences(visitor)
    pending = await context.app.listening.to_stretch(
        visitor.user_id, visitor.chat_id, tap.exercise_id, preferences
    )
    return _deliver(update, context, pending)


async def stop(update: Update, context: BotContext, tap: StopListening) -> str | None:
    visitor = visitor_of(update)
    assert visitor is not None
    stopped = await context.app.listening.stop(visitor.user_id, tap.practice_id)
    return None if stopped else t("listen.nothing_to_stop")


def _deliver(update: Update, context: BotContext, pending: Pending | None) -> str | None:
    """Send in the background (a guide may take seconds to make); the pop-up says so."""
    if pending is None:
        return t("listen.already")
    context.application.create_task(
        context.app.listening.deliver(pending), update=update, name="listen"
    )
    return None if pending.ready else t("listen.preparing_popup")
