"""What the person has done: /streak, /progress, pain check-ins, /export and /forget."""

from __future__ import annotations

import asyncio

from telegram import Update

from bot.app.progress import resting_tonight
from bot.telegram.context import BotContext
from bot.telegram.handlers.common import annotate, edit_screen, send_screen, visitor_of
from bot.telegram.views import keyboards, texts
from bot.telegram.views.progress_chart import ProgressPicture, render_progress
from bot.telegram.views.screens import Screen
from bot.telegram.views.texts import t


async def streak(update: Update, context: BotContext) -> None:
    visitor = visitor_of(update)
    if visitor is None:
        return
    summary = await context.app.progress.streak(visitor)
    rest_day = texts.weekday_date(summary.rest_used_last) if summary.rest_used_last else None
    text = texts.streak_text(
        summary.current,
        summary.best,
        summary.strength,
        summary.rest_tokens,
        summary.tonight_done,
        resting_tonight(summary),
        rest_day,
    )
    await send_screen(update, context, Screen(text))


async def progress(update: Update, context: BotContext) -> None:
    """A picture of the last five weeks and the pain trend, with the streak as caption."""
    visitor = visitor_of(update)
    if visitor is None:
        return
    found = await context.app.progress.progress(visitor)
    summary = found.summary
    picture = ProgressPicture(
        marks=summary.marks,
        tonight=summary.tonight,
        pain=found.pain,
        current=summary.current,
        best=summary.best,
        strength=summary.strength,
        rest_tokens=summary.rest_tokens,
    )
    # Drawing takes tens of milliseconds: off the event loop, so timers keep their beat.
    png = await asyncio.to_thread(render_progress, picture)
    caption = texts.progress_caption(summary.current, summary.best, summary.strength)
    await context.outbox.photo(visitor.chat_id, png, "progress.png", caption)


async def rate_pain(
    update: Update, context: BotContext, practice_id: int, after: bool, score: int | None
) -> str | None:
    """A tap on a 0-10 (or Skip) button; returns a pop-up text when it no longer applies."""
    visitor = visitor_of(update)
    assert visitor is not None
    answer = await context.app.progress.rate_pain(visitor.user_id, practice_id, after, score)
    check = answer.check
    if check is None:
        return t("practice.ended")
    answered = check.after if after else check.before
    if answered is None:
        note = t("pain.skipped")
    elif after and check.before is not None:
        note = texts.pain_change(check.before, answered)
    else:
        note = texts.pain_noted(answered, after)
    await annotate(update, context, note, t("pain.after") if after else t("pain.before"))
    return None


async def export(update: Update, context: BotContext) -> None:
    """Everything stored about the person who asked, and nobody else, as a JSON file."""
    visitor = visitor_of(update)
    if visitor is None:
        return
    body = await context.app.people.export(visitor)
    await context.outbox.document(
        visitor.chat_id, body, "stretchbot-my-data.json", t("account.export_caption")
    )


async def forget(update: Update, context: BotContext) -> None:
    screen = Screen(t("account.forget_confirm"), keyboards.confirm_forget())
    await send_screen(update, context, screen)


async def confirm_forget(update: Update, context: BotContext, confirmed: bool) -> None:
    visitor = visitor_of(update)
    assert visitor is not None
    if confirmed:
        await context.app.people.forget(visitor.user_id)
    await edit_screen(
        update,
        context,
        Screen(t("account.forgotten") if confirmed else t("account.forget_cancelled")),
    )
