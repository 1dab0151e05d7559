"""Small helpers shared by handlers: who is talking, and showing a screen through the outbox."""

from __future__ import annotations

from telegram import Message, Update

from bot.app.ports import Edited
from bot.storage.users import Visitor
from bot.telegram.context import BotContext
from bot.telegram.views.keyboards import ReplyMarkup
from bot.telegram.views.screens import Screen


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


async def send_screen(
    update: Update, context: BotContext, screen: Screen, keyboard: ReplyMarkup | None = None
) -> None:
    """Answer with a new message."""
    if update.effective_chat is not None:
        await context.outbox.reply(update.effective_chat.id, screen, keyboard)


async def edit_screen(update: Update, context: BotContext, screen: Screen) -> None:
    """Show a screen in place of the message whose button was tapped.

    An identical screen is already shown (a double tap): nothing to do. A message that
    can no longer be edited (deleted, too old) is replaced by a new one.
    """
    query = update.callback_query
    message = query.message if query else None
    if not isinstance(message, Message):  # none, or too old to reach
        await send_screen(update, context, screen)
        return
    edited = await context.outbox.replace(
        message.chat.id, message.message_id, screen, was_picture=bool(message.photo)
    )
    if edited is Edited.GONE:
        await send_screen(update, context, screen)


async def annotate(
    update: Update, context: BotContext, note: str, replacing: str | None = None
) -> None:
    """Keep the tapped message's words, drop its buttons, and add (or swap in) a note."""
    query = update.callback_query
    if query is None or not isinstance(query.message, Message) or query.message.photo:
        return  # nothing to note on; a picture (a card) keeps its own words
    original = query.message.text_html or ""
    if replacing and replacing in original:
        text = original.replace(replacing, note)
    else:
        text = f"{original}\n\n<i>{note}</i>" if original else note
    await edit_screen(update, context, Screen(text))
