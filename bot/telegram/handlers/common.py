"""Small helpers shared by handlers: who is talking, and showing a screen."""

from __future__ import annotations

import logging

from telegram import Message, Update
from telegram.error import BadRequest

from bot.storage.users import Visitor
from bot.telegram.views.screens import Screen

log = logging.getLogger(__name__)


def visitor_of(update: Update) -> Visitor | None:
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return None
    return Visitor(
        user_id=user.id,
        chat_id=chat.id,
        first_name=user.first_name,
        language_code=user.language_code,
    )


async def send_screen(update: Update, screen: Screen) -> None:
    """Answer a message with a new message."""
    if update.effective_chat is None:
        return
    await update.effective_chat.send_message(screen.text, reply_markup=screen.markup)


async def edit_screen(update: Update, screen: Screen) -> None:
    """Show a screen in place of the message whose button was tapped.

    An identical screen is already shown (a double tap): nothing to do. A message that
    can no longer be edited (deleted, too old) is replaced by a new one.
    """
    query = update.callback_query
    if query is None or query.message is None or not query.message.is_accessible:
        await send_screen(update, screen)
        return
    try:
        await query.edit_message_text(screen.text, reply_markup=screen.markup)
    except BadRequest as error:
        if "not modified" in error.message.lower():
            return
        log.info("could not edit message, sending a new one: %s", error.message)
        await send_screen(update, screen)


async def annotate(update: Update, note: str, replacing: str | None = None) -> None:
    """Keep the tapped message's words, drop its buttons, and add (or swap in) a note."""
    query = update.callback_query
    if query is None or query.message is None or not isinstance(query.message, Message):
        return
    original = query.message.text_html or ""
    if replacing and replacing in original:
        text = original.replace(replacing, note)
    else:
        text = f"{original}\n\n<i>{note}</i>" if original else note
    await edit_screen(update, Screen(text))
