"""A real PTB bot talks to the stand-in over HTTP; the user side sees what a person would."""

from __future__ import annotations

import asyncio
import html
from typing import Any

import pytest
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from standin import StandIn
from tests.standin.conftest import AppFactory

Context = ContextTypes.DEFAULT_TYPE
KEYBOARD = InlineKeyboardMarkup(
    [
        [InlineKeyboardButton("Next", callback_data="next")],
        [InlineKeyboardButton("Docs", url="https://example.org/")],
    ]
)


async def echo(update: Update, context: Context) -> None:
    assert update.effective_message is not None
    text = html.escape(update.effective_message.text or "")
    await update.effective_message.reply_text(
        f"<b>You said:</b> {text}", parse_mode=ParseMode.HTML
    )


async def start(update: Update, context: Context) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text(
        "Hi <i>there</i>", parse_mode=ParseMode.HTML, reply_markup=KEYBOARD
    )


async def on_next(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer("Moving on", show_alert=True)
    await query.edit_message_text("Step 2", reply_markup=KEYBOARD)


async def test_echo_round_trip(standin: StandIn, make_app: AppFactory) -> None:
    await make_app(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    ana = standin.new_user("Ana")

    replies = await ana.send("hello & <bye>")

    assert [m.text for m in replies] == ["You said: hello & <bye>"]
    reply = replies[0]
    assert reply.html == "<b>You said:</b> hello &amp; &lt;bye&gt;"  # html.escape is needed
    assert reply.entities == [{"type": "bold", "offset": 0, "length": 9}]
    assert ana.last is reply
    assert standin.calls("sendMessage")[0].chat_id == ana.chat_id


async def test_command_gets_bot_command_entity(standin: StandIn, make_app: AppFactory) -> None:
    seen: list[Any] = []

    async def remember(update: Update, context: Context) -> None:
        seen.append((context.args, update.effective_message and update.effective_message.entities))

    await make_app(CommandHandler("start", remember))
    ana = standin.new_user()
    await ana.send("/start now")
    await ana.send("/start@stretch_demo_bot")
    assert seen[0][0] == ["now"]
    assert seen[0][1][0].type == "bot_command" and seen[0][1][0].length == 6
    assert seen[1][0] == []


async def test_tap_answers_and_edits(standin: StandIn, make_app: AppFactory) -> None:
    await make_app(CommandHandler("start", start), CallbackQueryHandler(on_next))
    ana = standin.new_user()
    (menu,) = await ana.send("/start")
    assert menu.button_texts == ["Next", "Docs"]
    assert menu.buttons[1][0].url == "https://example.org/"

    assert await ana.tap(menu, "Next") == []

    assert ana.last_callback_answer is not None
    assert ana.last_callback_answer.text == "Moving on" and ana.last_callback_answer.show_alert
    assert menu.text == "Step 2" and menu.edit_count == 1  # the same object, now edited
    await ana.tap(menu, 0)
    assert menu.edit_count == 1  # the second identical edit was refused ...
    assert [r.description for r in standin.rejections] == [
        "Bad Request: message is not modified: specified new message content and reply markup "
        "are exactly the same as a current content and reply markup of the message"
    ]
    standin.rejections.clear()


async def test_tap_on_missing_button_lists_buttons(standin: StandIn, make_app: AppFactory) -> None:
    await make_app(CommandHandler("start", start))
    ana = standin.new_user()
    (menu,) = await ana.send("/start")
    with pytest.raises(AssertionError, match=r"\['Next', 'Docs'\]"):
        await ana.tap(menu, "Back")
    with pytest.raises(AssertionError, match="no callback_data"):
        await ana.tap(menu, "Docs")


async def test_edit_not_modified_raises_bad_request(standin: StandIn, bot_app: Any) -> None:
    ana = standin.new_user()
    sent = await bot_app.bot.send_message(ana.chat_id, "same")
    edited = await bot_app.bot.edit_message_text("other", ana.chat_id, sent.message_id)
    assert edited.text == "other" and edited.edit_date is not None
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot_app.bot.edit_message_text("other", ana.chat_id, sent.message_id)
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot_app.bot.edit_message_text("x", ana.chat_id, 999)
    assert await bot_app.bot.delete_message(ana.chat_id, sent.message_id)
    assert ana.messages[0].deleted
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await bot_app.bot.delete_message(ana.chat_id, sent.message_id)
    assert len(standin.rejections) == 3
    standin.rejections.clear()


async def test_non_text_messages_reach_the_bot(standin: StandIn, make_app: AppFactory) -> None:
    kinds: list[str] = []

    async def describe(update: Update, context: Context) -> None:
        message = update.effective_message
        assert message is not None
        kind = next(
            k for k in ("location", "sticker", "photo", "voice", "text") if getattr(message, k)
        )
        kinds.append(kind)
        await message.reply_text(kind)

    await make_app(MessageHandler(filters.ALL, describe))
    ana = standin.new_user()
    assert [m.text for m in await ana.send_location(52.5, 13.4)] == ["location"]
    await ana.send_sticker()
    await ana.send_photo()
    await ana.send_voice()
    assert kinds == ["location", "sticker", "photo", "voice"]


async def test_inline_query_results(standin: StandIn, make_app: AppFactory) -> None:
    async def inline(update: Update, context: Context) -> None:
        assert update.inline_query is not None
        await update.inline_query.answer(
            [
                InlineQueryResultArticle(
                    "1", "Neck stretch", InputTextMessageContent("<b>Neck</b>", parse_mode="HTML")
                )
            ]
        )

    await make_app(InlineQueryHandler(inline))
    ana = standin.new_user()
    results = await ana.inline_query("neck")
    assert [r["title"] for r in results] == ["Neck stretch"]


async def test_group_privacy_mode(standin: StandIn, make_app: AppFactory) -> None:
    await make_app(MessageHandler(filters.TEXT, echo))
    ana = standin.new_user()
    group = standin.new_group("Back pain club")

    assert await ana.send_in_group(group, "just chatting") == []  # privacy mode
    assert await ana.send_in_group(group, "/stretch@other_bot") == []
    replies = await ana.send_in_group(group, "/stretch@stretch_demo_bot")
    assert [m.chat_id for m in replies] == [group.id]
    mentioned = await ana.send_in_group(group, "hey @stretch_demo_bot")
    assert mentioned[0].text == "You said: hey @stretch_demo_bot"
    assert len(group.messages) == 2 and ana.messages == []


async def test_next_message_for_timers(standin: StandIn, bot_app: Any) -> None:
    ana = standin.new_user()

    async def later() -> None:
        await asyncio.sleep(0.05)
        await bot_app.bot.send_message(ana.chat_id, "Time to stretch", disable_notification=True)

    task = asyncio.create_task(later())
    message = await ana.next_message(timeout=2)
    await task
    assert message.text == "Time to stretch" and message.disable_notification
    with pytest.raises(AssertionError, match="no new message"):
        await ana.next_message(timeout=0.05)


async def test_quiet_period_without_processing_hook() -> None:
    async with StandIn(track_processing=False) as standin:
        from telegram.ext import ApplicationBuilder

        app = ApplicationBuilder().token(standin.token).base_url(standin.base_url).build()
        app.add_handler(MessageHandler(filters.TEXT, echo))
        async with app:
            await app.start()
            assert app.updater is not None
            await app.updater.start_polling(poll_interval=0, timeout=5)
            ana = standin.new_user()
            replies = await ana.send("hi")
            assert [m.text for m in replies] == ["You said: hi"]
            await standin.wait_idle()
            await app.updater.stop()
            await app.stop()


async def test_unprocessed_update_names_itself() -> None:
    async with StandIn(processing_timeout=0.2) as standin:
        ana = standin.new_user("Bo")
        with pytest.raises(AssertionError, match=r"message 'hi' from Bo.*never fetched"):
            await ana.send("hi")


async def test_replies_forged_taps_and_user_deletions(
    standin: StandIn, make_app: AppFactory
) -> None:
    data: list[str | None] = []

    async def on_tap(update: Update, context: Context) -> None:
        assert update.callback_query is not None
        data.append(update.callback_query.data)
        await update.callback_query.answer("That button has expired")

    app = await make_app(CommandHandler("start", start), CallbackQueryHandler(on_tap))
    ana = standin.new_user()
    (menu,) = await ana.send("/start")
    await ana.tap_data(menu, "forged:1")
    assert data == ["forged:1"]
    assert ana.last_callback_answer is not None
    assert ana.last_callback_answer.text == "That button has expired"

    reply = await app.bot.send_message(ana.chat_id, "re", reply_to_message_id=menu.message_id)
    assert reply.reply_to_message is not None
    assert reply.reply_to_message.message_id == menu.message_id
    standin.delete_message(ana.chat_id, menu.message_id)
    assert menu.deleted
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await app.bot.edit_message_text("gone", ana.chat_id, menu.message_id)
    with pytest.raises(BadRequest, match=r"(?i)message to be replied not found"):
        await app.bot.send_message(ana.chat_id, "re", reply_to_message_id=menu.message_id)
    assert len(standin.rejections) == 2
    standin.rejections.clear()


async def test_a_tap_on_an_inline_message_has_no_chat(
    standin: StandIn, make_app: AppFactory
) -> None:
    seen: list[tuple[str | None, object]] = []

    async def on_tap(update: Update, context: Context) -> None:
        query = update.callback_query
        assert query is not None
        seen.append((query.inline_message_id, query.message))
        await query.answer("From an inline message", url="https://t.me/stretch_demo_bot?start=x")

    await make_app(CallbackQueryHandler(on_tap))
    ana = standin.new_user()

    await ana.tap_inline("anything")

    [(inline_message_id, message)] = seen
    assert inline_message_id and message is None
    answer = ana.last_callback_answer
    assert answer is not None and answer.text == "From an inline message"
    assert answer.url == "https://t.me/stretch_demo_bot?start=x"
    assert 0 <= answer.delay < 5
