"""What the person has done: /streak, /progress, pain check-ins, /export and /forget."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

from telegram import InlineKeyboardMarkup, InputFile, Update

from bot.storage.export import export_user
from bot.storage.progress import ProgressRepository
from bot.storage.sessions import SessionRepository
from bot.storage.users import UserRepository
from bot.telegram import player
from bot.telegram.callbacks import ConfirmForget
from bot.telegram.context import BotContext
from bot.telegram.handlers.common import annotate, edit_screen, send_screen, visitor_of
from bot.telegram.streaks import moment_name, night_of_session, resting_tonight, streak_of
from bot.telegram.views import texts
from bot.telegram.views.keyboards import button
from bot.telegram.views.progress_chart import ProgressPicture, render_progress
from bot.telegram.views.screens import Screen

# The picture shows five weeks of nights and a month of pain check-ins.
CALENDAR_NIGHTS = 35
PAIN_NIGHTS = 30


async def streak(update: Update, context: BotContext) -> None:
    visitor = visitor_of(update)
    if visitor is None:
        return
    now = context.services.clock()
    async with context.services.database.transaction() as db:
        user = await UserRepository(db).record_visit(visitor, now)
        summary = await streak_of(db, user, now)
    rest_day = summary.rest_used_last.strftime("%a %d %b") if summary.rest_used_last else None
    text = texts.streak_text(
        summary.current,
        summary.best,
        summary.strength,
        summary.rest_tokens,
        summary.tonight_done,
        resting_tonight(summary),
        rest_day,
    )
    await send_screen(update, Screen(text))


async def progress(update: Update, context: BotContext) -> None:
    """A picture of the last five weeks and the pain trend, with the streak as caption."""
    visitor = visitor_of(update)
    chat = update.effective_chat
    if visitor is None or chat is None:
        return
    now = context.services.clock()
    async with context.services.database.transaction() as db:
        user = await UserRepository(db).record_visit(visitor, now)
        summary = await streak_of(db, user, now)
        pain = await ProgressRepository(db).pain_checks(
            user.id, since=summary.tonight - timedelta(days=PAIN_NIGHTS - 1)
        )
    picture = ProgressPicture(
        marks=summary.marks,
        tonight=summary.tonight,
        pain=pain,
        current=summary.current,
        best=summary.best,
        strength=summary.strength,
        rest_tokens=summary.rest_tokens,
    )
    # Drawing takes tens of milliseconds: off the event loop, so timers keep their beat.
    png = await asyncio.to_thread(render_progress, picture)
    await chat.send_photo(
        InputFile(png, filename="progress.png"),
        caption=texts.progress_caption(summary.current, summary.best, summary.strength),
    )


async def rate_pain(
    update: Update, context: BotContext, session_id: int, after: bool, score: int | None
) -> str | None:
    """A tap on a 0-10 (or Skip) button; the first answer of the night counts."""
    visitor = visitor_of(update)
    assert visitor is not None
    now = context.services.clock()
    async with context.services.database.transaction() as db:
        user = await UserRepository(db).get(visitor.user_id)
        stored = await SessionRepository(db).get(session_id)
        if user is None or stored is None or stored.user_id != user.id:
            return texts.ROUTINE_ENDED
        night = night_of_session(user, stored.state.started_at)
        progress_repo = ProgressRepository(db)
        if score is not None:
            await progress_repo.record_pain(user.id, night, moment_name(after), score, now)
        check = await progress_repo.pain_of_night(user.id, night)
    answered = check.after if after else check.before
    if answered is None:
        note = texts.PAIN_SKIPPED
    elif after and check.before is not None:
        note = texts.pain_change(check.before, answered)
    else:
        note = texts.pain_noted(answered, after)
    await annotate(update, note, replacing=texts.PAIN_AFTER if after else texts.PAIN_BEFORE)
    return None


async def export(update: Update, context: BotContext) -> None:
    """Everything stored about the person who asked, and nobody else, as a JSON file."""
    visitor = visitor_of(update)
    chat = update.effective_chat
    if visitor is None or chat is None:
        return
    now = context.services.clock()
    async with context.services.database.transaction() as db:
        await UserRepository(db).record_visit(visitor, now)
        data = await export_user(db, visitor.user_id, now)
    body = json.dumps(data, indent=2, ensure_ascii=False, default=str).encode()
    await chat.send_document(
        InputFile(body, filename="stretchbot-my-data.json"), caption=texts.EXPORT_CAPTION
    )


async def forget(update: Update, context: BotContext) -> None:
    markup = InlineKeyboardMarkup(
        [
            [button(texts.BUTTON_FORGET, ConfirmForget(True))],
            [button(texts.BUTTON_KEEP, ConfirmForget(False))],
        ]
    )
    await send_screen(update, Screen(texts.FORGET_CONFIRM, markup))


async def confirm_forget(update: Update, context: BotContext, confirmed: bool) -> None:
    visitor = visitor_of(update)
    assert visitor is not None
    if not confirmed:
        await edit_screen(update, Screen(texts.FORGET_CANCELLED))
        return
    await player.forget_user(context.application, visitor.user_id)
    async with context.services.database.transaction() as db:
        await ProgressRepository(db).forget(visitor.user_id)
    await edit_screen(update, Screen(texts.FORGOTTEN))
